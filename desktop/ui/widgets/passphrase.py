"""Passphrase entry with a visible strength indicator and a confirm field."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar, QWidget

from desktop.services.datadir import MIN_PASSPHRASE_LENGTH

MAX_STRENGTH = 4


def passphrase_strength(text: str) -> int:
    """0 (too short to accept) to 4 (strong), from length and the kinds of characters."""
    if len(text) < MIN_PASSPHRASE_LENGTH:
        return 0
    kinds = sum(
        (
            any(c.islower() for c in text),
            any(c.isupper() for c in text),
            any(c.isdigit() for c in text),
            any(not c.isascii() or not c.isalnum() for c in text),  # punctuation, space, 汉字
        )
    )
    # A Chinese character is worth about two letters: there are thousands of them.
    length = sum(1 if c.isascii() else 2 for c in text)
    score = 1 + (length >= 12) + (length >= 16) + (kinds >= 3)
    if len(set(text)) <= 3:  # "aaaaaaaa", "12121212"
        score = 1
    return min(score, MAX_STRENGTH)


class PassphraseFields(QWidget):
    """Passphrase, its strength, and the same again; ``problem()`` says what is wrong."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, confirm: bool = True) -> None:
        super().__init__(parent)
        self.passphrase_edit = QLineEdit(self)
        self.passphrase_edit.setObjectName("passphrase")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength_bar = QProgressBar(self)
        self.strength_bar.setObjectName("strength")
        self.strength_bar.setRange(0, MAX_STRENGTH)
        self.strength_bar.setTextVisible(False)
        self.strength_label = QLabel(self)
        self.strength_label.setObjectName("strength_label")
        self.confirm_edit = QLineEdit(self)
        self.confirm_edit.setObjectName("confirm")
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(self.tr("Passphrase"), self.passphrase_edit)
        layout.addRow(self.tr("Strength"), self.strength_bar)
        layout.addRow("", self.strength_label)
        if confirm:
            layout.addRow(self.tr("Type it again"), self.confirm_edit)
        else:
            self.confirm_edit.hide()
        self._confirm = confirm
        self.passphrase_edit.textChanged.connect(self._update)
        self.confirm_edit.textChanged.connect(self._update)
        self._update()

    def passphrase(self) -> str:
        return self.passphrase_edit.text()

    def strength(self) -> int:
        return passphrase_strength(self.passphrase())

    def _strength_words(self, strength: int) -> str:
        words = [
            self.tr("Too short: at least {count} characters").format(count=MIN_PASSPHRASE_LENGTH),
            self.tr("Weak: longer is safer, a short sentence works well"),
            self.tr("Fair"),
            self.tr("Good"),
            self.tr("Strong"),
        ]
        return words[strength]

    def problem(self) -> str | None:
        text = self.passphrase()
        if len(text) < MIN_PASSPHRASE_LENGTH:
            return self.tr("The passphrase needs at least {count} characters.").format(
                count=MIN_PASSPHRASE_LENGTH
            )
        if self._confirm and self.confirm_edit.text() != text:
            return self.tr("The two passphrases are not the same.")
        return None

    def _update(self) -> None:
        strength = self.strength()
        self.strength_bar.setValue(strength)
        self.strength_label.setText(self._strength_words(strength) if self.passphrase() else "")
        self.changed.emit()

    def clear(self) -> None:
        self.passphrase_edit.clear()
        self.confirm_edit.clear()
