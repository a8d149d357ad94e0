"""迁往其他村: the question a child's move asks (issue 17 item 5; the rules are
``casework/moves.py``, the request ``desktop/sync/moves.py``): which village of the county,
by name from the synced directory, and a confirmation that says the file leaves this
laptop after the next sync."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.styles import ERROR_STYLE
from desktop.usecases.moves import VillageChoice


class MoveDialog(QDialog):
    """Choose the village; OK ("ask the county") only once one is chosen."""

    def __init__(
        self,
        choices: Sequence[VillageChoice],
        *,
        child_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("move_dialog")
        self.setWindowTitle(self.tr("Move to another village"))
        self.setMinimumWidth(480)
        intro = QLabel(
            self.tr(
                "Move {name}'s file to another village of the county. The county server "
                "hands the file, with all its records (family, visits, entrustments, "
                "mandatory reports, referrals, assessments, supervision notes), to that "
                "village's child director."
            ).format(name=child_name),
            self,
        )
        intro.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setObjectName("village_search")
        self.search.setPlaceholderText(self.tr("Type a village or township name"))
        self.villages = QListWidget(self)
        self.villages.setObjectName("villages")
        for choice in choices:
            item = QListWidgetItem(f"{choice.township} {choice.name}", self.villages)
            item.setData(Qt.ItemDataRole.UserRole, choice.code)
            item.setToolTip(choice.code)
        self.empty = QLabel(
            self.tr(
                "The county's directory on this computer has no other village. Sync first, "
                "or ask the county centre."
            ),
            self,
        )
        self.empty.setWordWrap(True)
        self.empty.setVisible(not choices)
        self.warning = QLabel(
            self.tr(
                "After the next sync this file leaves this computer: the village keeps "
                "nothing personal of it. Until then the request can be taken back."
            ),
            self,
        )
        self.warning.setObjectName("move_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Ask the county to move it"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.villages, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.search.textChanged.connect(self._filter)
        self.villages.currentItemChanged.connect(lambda *_: self._update())
        self.villages.itemDoubleClicked.connect(lambda _item: self.accept())
        self._update()

    def _filter(self, text: str) -> None:
        wanted = text.strip()
        for row in range(self.villages.count()):
            item = self.villages.item(row)
            item.setHidden(bool(wanted) and wanted not in item.text())
        current = self.villages.currentItem()
        if current is not None and current.isHidden():
            self.villages.setCurrentRow(-1)
        self._update()

    def choose(self, code: str) -> None:
        for row in range(self.villages.count()):
            item = self.villages.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == code:
                self.villages.setCurrentItem(item)
                return

    def answer(self) -> str | None:
        item = self.villages.currentItem()
        if item is None or item.isHidden():
            return None
        return str(item.data(Qt.ItemDataRole.UserRole))

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.answer() is not None)


def ask_move(parent: QWidget, choices: Sequence[VillageChoice], *, child_name: str) -> str | None:
    """The chosen village's code, or None when the director did not confirm."""
    dialog = MoveDialog(choices, child_name=child_name, parent=parent)
    return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
