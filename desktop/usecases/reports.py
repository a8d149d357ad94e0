"""Mandatory reports (强制报告), Qt-free: list them, save one, or file one for a child
nobody knows yet (the child and the report written in one transaction)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from casework.report_follow_through import RISK_ON_FILING
from desktop.models.store import CaseStore, NewRecord, RecordView
from desktop.services import read_cache


@dataclass(frozen=True)
class ReportItem:
    report: RecordView
    child_name: str

    @property
    def is_open(self) -> bool:
        """Open until its follow-up is closed (drafts not yet filed count as open too)."""
        return self.report.fields.get("follow_up_status") != "closed"


def list_reports(store: CaseStore) -> tuple[ReportItem, ...]:
    """Every report, newest found first, with the name of its child."""
    names = {c.id: str(c.fields.get("name") or "") for c in read_cache.records(store, "child")}
    items = [
        ReportItem(report, names.get(report.child_id or "", ""))
        for report in read_cache.records(store, "mandatory_report")
    ]
    items.sort(key=lambda i: str(i.report.fields.get("found_at") or ""), reverse=True)
    return tuple(items)


def load_report(store: CaseStore, *, report_id: str) -> ReportItem:
    report = store.get(report_id)
    child = store.get(report.child_id) if report.child_id else None
    return ReportItem(report, str(child.fields.get("name") or "") if child else "")


def save_report(
    store: CaseStore, *, report_id: str | None, child_id: str, fields: Mapping[str, Any]
) -> str:
    """Create (``report_id`` None) or change a report; returns its id. Filing it sets the
    child's risk level to high (casework.report_follow_through, issue 17)."""
    if report_id is None:
        report_id = store.create("mandatory_report", {**fields, "child_id": child_id})
    else:
        store.update(report_id, fields)
    if fields.get("filed") and store.get(child_id).fields.get("risk_level") != RISK_ON_FILING:
        store.update(child_id, {"risk_level": RISK_ON_FILING})
    return report_id


def report_for_new_child(
    store: CaseStore, *, child_fields: Mapping[str, Any], report_fields: Mapping[str, Any]
) -> tuple[str, str]:
    """A child not on file yet and the report about it, both or neither; (child, report)."""
    high = {"risk_level": RISK_ON_FILING} if report_fields.get("filed") else {}
    child = NewRecord("child", {**child_fields, **high})
    report = NewRecord("mandatory_report", {**report_fields, "child_id": child.id})
    store.create_many([child, report])
    return child.id, report.id
