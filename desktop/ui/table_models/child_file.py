"""Small tables of one child's file: visits, and history (who changed what, when), as rows
of the one read-only table model (rows.py). The titles keep their translation contexts."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QObject

from desktop.models.store import AuditEntryView, RecordView
from desktop.ui.table_models.rows import Row, RowsTableModel
from desktop.ui.words import action_text, field_text, local_time_text, value_text


def visit_titles() -> list[str]:
    return [
        QCoreApplication.translate("VisitTableModel", "Visit date"),
        QCoreApplication.translate("VisitTableModel", "Type"),
        QCoreApplication.translate("VisitTableModel", "Visitor"),
        QCoreApplication.translate("VisitTableModel", "Problems found"),
        QCoreApplication.translate("VisitTableModel", "Next visit due"),
    ]


def visit_row(visit: RecordView) -> Row:
    """A visit: its record id as the payload; each cell's whole text as its tooltip."""
    fields = visit.fields
    texts = (
        str(fields.get("visit_date") or ""),
        value_text(fields.get("visit_type")),
        str(fields.get("visitor") or ""),
        str(fields.get("problems_found") or ""),
        str(fields.get("next_visit_due") or ""),
    )
    return Row(texts, payload=visit.id, tooltips=texts)


def history_titles() -> list[str]:
    return [
        QCoreApplication.translate("HistoryTableModel", "When"),
        QCoreApplication.translate("HistoryTableModel", "Who"),
        QCoreApplication.translate("HistoryTableModel", "What"),
        QCoreApplication.translate("HistoryTableModel", "Fields"),
    ]


def history_row(entry: AuditEntryView) -> Row:
    texts = (
        local_time_text(entry.at),
        entry.actor,
        action_text(entry.action),
        "、".join(field_text(f) for f in entry.fields),
    )
    return Row(texts, payload=entry, tooltips=texts)


def visits_model(parent: QObject) -> RowsTableModel:
    return RowsTableModel(visit_titles, parent)


def history_model(parent: QObject) -> RowsTableModel:
    return RowsTableModel(history_titles, parent)


def show_visits(model: RowsTableModel, visits: Iterable[RecordView]) -> None:
    model.set_rows(visit_row(v) for v in visits)


def show_history(model: RowsTableModel, entries: Iterable[AuditEntryView]) -> None:
    """Newest first."""
    model.set_rows(history_row(e) for e in sorted(entries, key=lambda e: e.at, reverse=True))
