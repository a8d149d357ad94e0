"""The children (or tasks) behind one number of the supervision page (issue 18 item 3).

One line each: the child's name (or the task), what about it, and its day; a double click
(or Enter) opens the child's file.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from desktop.ui.dialogs.child_list import ChildListDialog
from desktop.ui.i18n import message_text
from desktop.ui.table_models.rows import Row
from desktop.usecases.supervision import Entry


def list_titles() -> list[str]:
    return [
        QCoreApplication.translate("SupervisionListDialog", "Child or task"),
        QCoreApplication.translate("SupervisionListDialog", "What"),
        QCoreApplication.translate("SupervisionListDialog", "Date"),
    ]


def entry_row(entry: Entry) -> Row:
    detail = message_text(entry.detail)
    return Row(
        (entry.name, detail, entry.day.isoformat() if entry.day else ""),
        payload=entry.child_id,
        alert=entry.state == "overdue",
        tooltips=(entry.name, detail, ""),
    )


class SupervisionListDialog(ChildListDialog):
    def __init__(
        self, title: str, note: str, entries: Sequence[Entry], parent: QWidget | None = None
    ) -> None:
        rows = [entry_row(entry) for entry in entries]
        super().__init__(
            title, note, list_titles, rows, parent,
            name="supervision_list", stretch_column=1, width=720,
        )  # fmt: skip
