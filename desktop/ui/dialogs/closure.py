"""退出/结案 and 重新开案: the two small questions a file's closing and reopening ask
(the rules are ``casework.closure``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.words import value_text

CLOSURE_REASONS = (
    "turned_18", "no_longer_eligible", "parents_returned", "moved_out", "died", "other",
)  # fmt: skip


@dataclass(frozen=True)
class ClosureAnswer:
    reason: str  # a closure reason code; for a reopening, the reason in words
    day: date
    note: str = ""


class ClosureDialog(QDialog):
    """Close the file (``reopen`` False: reason from the list) or reopen it (a reason in
    words); OK only with a day and a reason."""

    def __init__(self, *, reopen: bool, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reopen_dialog" if reopen else "closure_dialog")
        self.setMinimumWidth(440)
        self._reopen = reopen
        self.setWindowTitle(self.tr("Reopen the file") if reopen else self.tr("Close the file"))
        intro = QLabel(self)
        intro.setWordWrap(True)
        if reopen:
            intro.setText(
                self.tr(
                    "The child comes back into care: say why. The closing stays in the "
                    "file's history."
                )
            )
        else:
            intro.setText(
                self.tr(
                    "The file leaves the lists and the to-do and is kept in the archive, "
                    "from which it can be reopened. Closing at 18 for an orphan or a child "
                    "in difficulty also refers the child to 人社 and 民政 (work plan §二(五)5, 10)."
                )
            )
        self.reason = QComboBox(self)
        self.reason.setObjectName("reason")
        for code in CLOSURE_REASONS:
            self.reason.addItem(value_text(code), code)
        self.reason_text = QLineEdit(self)
        self.reason_text.setObjectName("reason_text")
        self.day = QLineEdit(today.isoformat(), self)
        self.day.setObjectName("day")
        self.day.setMaxLength(10)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("note")
        self.note.setFixedHeight(60)
        form = QFormLayout()
        if reopen:
            form.addRow(self.tr("Why it is reopened"), self.reason_text)
            self.reason.hide()
            self.note.hide()
        else:
            form.addRow(self.tr("Reason"), self.reason)
            self.reason_text.hide()
        form.addRow(self.tr("Date"), self.day)
        if not reopen:
            form.addRow(self.tr("Note"), self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for line in (self.day, self.reason_text):
            line.textChanged.connect(lambda _t: self._update())
        self._update()

    def answer(self) -> ClosureAnswer | None:
        try:
            day = date.fromisoformat(self.day.text().strip())
        except ValueError:
            return None
        if self._reopen:
            words = self.reason_text.text().strip()
            return ClosureAnswer(words, day) if words else None
        return ClosureAnswer(str(self.reason.currentData()), day, self.note.toPlainText().strip())

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.answer() is not None)


def ask_closure(parent: QWidget, *, reopen: bool, today: date) -> ClosureAnswer | None:
    dialog = ClosureDialog(reopen=reopen, today=today, parent=parent)
    return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
