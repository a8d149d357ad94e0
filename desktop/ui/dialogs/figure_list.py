"""The children behind one figure (a bar of the statistics page's monthly chart).

Shows who was due a visit, who was visited, or each visit of the month, as the monthly
report counts them; a double click (or Enter) opens the child's file.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from desktop.ui.dialogs.child_list import ChildListDialog
from desktop.ui.table_models.rows import Row
from desktop.usecases.statistics import BarItem


def figure_titles() -> list[str]:
    return [
        QCoreApplication.translate("FigureListDialog", "Child"),
        QCoreApplication.translate("FigureListDialog", "Village"),
        QCoreApplication.translate("FigureListDialog", "Visited in the month"),
    ]


class FigureListDialog(ChildListDialog):
    def __init__(
        self, title: str, note: str, items: Sequence[BarItem], parent: QWidget | None = None
    ) -> None:
        yes = QCoreApplication.translate("FigureListDialog", "Yes")
        no = QCoreApplication.translate("FigureListDialog", "No")
        rows = [
            Row(
                (
                    item.name,
                    item.village_name or item.village_code,
                    item.visit_date.isoformat()
                    if item.visit_date
                    else (yes if item.visited else no),
                ),
                payload=item.child_id,
                alert=not item.visited,
            )
            for item in items
        ]
        super().__init__(
            title, note, figure_titles, rows, parent,
            name="figure_list", stretch_column=0, width=560,
        )  # fmt: skip
