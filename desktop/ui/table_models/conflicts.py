"""The conflict queue as rows: which child, which record, which field, who, when."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.ui.table_models.rows import Row
from desktop.ui.words import field_text, kind_text, local_time_text
from desktop.usecases.conflicts import ConflictItem


def conflict_titles() -> list[str]:
    return [
        QCoreApplication.translate("ConflictTableModel", "Child"),
        QCoreApplication.translate("ConflictTableModel", "Record"),
        QCoreApplication.translate("ConflictTableModel", "Field"),
        QCoreApplication.translate("ConflictTableModel", "Changed by"),
        QCoreApplication.translate("ConflictTableModel", "When"),
    ]


def conflict_row(item: ConflictItem) -> Row:
    """The item itself is the payload (the page's detail below shows it)."""
    conflict = item.conflict
    return Row(
        (
            item.child_name,
            f"{kind_text(conflict.kind)} {item.record_date}".strip(),
            field_text(conflict.field),
            conflict.theirs_by,
            local_time_text(conflict.theirs_at),
        ),
        payload=item,
    )
