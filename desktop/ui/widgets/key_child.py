"""The key-child suggestion above a child's file (annex 3 item 4: "监护情况较差、失学辍学、
无户籍以及患病、残疾等重点儿童"): why the child is suggested, and the director's answer,
confirm or decline with a reason (remembered, so the same grounds do not ask again;
``casework.file_checks``)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QPushButton, QWidget

from desktop.ui.widgets.styles import WARNING, WARNING_BACKGROUND


def ground_words() -> dict[str, str]:
    return {
        "ill": QCoreApplication.translate("KeyChild", "seriously ill"),
        "disabled": QCoreApplication.translate("KeyChild", "disabled"),
        "poorly_guarded": QCoreApplication.translate("KeyChild", "poorly guarded"),
        "out_of_school": QCoreApplication.translate("KeyChild", "dropped out or out of school"),
        "no_hukou": QCoreApplication.translate("KeyChild", "no household registration"),
    }


def ask_decline_reason(parent: QWidget) -> str | None:
    """Why the child is not a key child; None when the director cancels or gives none."""
    text, accepted = QInputDialog.getText(
        parent,
        QCoreApplication.translate("KeyChild", "Not a key child"),
        QCoreApplication.translate(
            "KeyChild", "Why is this child not a key child? (kept in the file)"
        ),
    )
    return text.strip() or None if accepted else None


class KeyChildSuggestion(QWidget):
    confirm_requested = Signal()
    decline_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("key_child_suggestion")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.setStyleSheet(
            f"QLabel {{ color: {WARNING}; background: {WARNING_BACKGROUND}; padding: 4px; }}"
        )
        self.confirm_button = QPushButton(self.tr("Mark as a key child"), self)
        self.confirm_button.setObjectName("confirm_key_child")
        self.decline_button = QPushButton(self.tr("Not a key child…"), self)
        self.decline_button.setObjectName("decline_key_child")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.confirm_button)
        layout.addWidget(self.decline_button)
        self.confirm_button.clicked.connect(self.confirm_requested)
        self.decline_button.clicked.connect(self.decline_requested)
        self.hide()

    def show_grounds(self, grounds: Sequence[str], *, writable: bool) -> None:
        """Shown while there are grounds; the buttons only where the role may answer."""
        if not grounds:
            self.hide()
            return
        words = ground_words()
        self.text.setText(
            self.tr(
                "Suggested as a key child ({grounds}): visited more often and helped "
                "(work plan annex 3 item 4). Confirm, or say why not."
            ).format(grounds=self.tr(", ").join(words.get(g, g) for g in grounds))
        )
        self.confirm_button.setVisible(writable)
        self.decline_button.setVisible(writable)
        self.show()
