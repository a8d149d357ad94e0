"""帮扶救助 in printed documents (annex 3 item 4 "告知具体内容及申请程序，并协助申请救助"):
each benefit on file with its course, and those that apply by the child's categories
(``casework.benefits``) with nothing applied for yet."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from casework.benefits import applicable, not_applied
from casework.labels import VALUE_LABELS

NOT_APPLIED = "尚未申请"


def _word(code: object) -> str:
    label = VALUE_LABELS.get(str(code))
    return label.zh if label is not None else ("其他" if code == "other" else str(code or ""))


def _days(entry: Mapping[str, Any]) -> str:
    parts = [
        f"{what}{entry.get(field)}"
        for field, what in (("informed_on", "告知 "), ("applied_on", "申请 "),
                            ("granted_on", "享受 "))
        if entry.get(field)
    ]  # fmt: skip
    return "；".join(parts)


def benefit_rows(child: Mapping[str, Any], categories: Iterable[str]) -> list[list[str]]:
    """[benefit, applies by (clause), status, days, note] for each benefit on file, then
    each applicable one with nothing applied for (not on file, or only told)."""
    held = tuple(categories)
    clauses = {a.benefit: a.clause for a in applicable(child, held)}
    rows = []
    for entry in child.get("benefits") or ():
        if not isinstance(entry, Mapping):
            continue
        code = str(entry.get("benefit"))
        clause = clauses.get(code)
        rows.append(
            [
                _word(code),
                clause or "",
                _word(entry.get("status")),
                _days(entry),
                str(entry.get("note") or ""),
            ]
        )
    listed = {str(e.get("benefit")) for e in child.get("benefits") or () if isinstance(e, Mapping)}
    for missing in not_applied(child, held):
        if missing.benefit not in listed:
            rows.append([_word(missing.benefit), missing.clause, NOT_APPLIED, "", ""])
    return rows
