"""Passphrase entry with a visible strength indicator and a confirm field.

The strength and the refusal come from ``services/passphrase_policy.py``, the rule every
way of setting a passphrase applies (a new case file, a change, enrolment); this widget
only says it in the window's language, with an example made for this widget.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar, QWidget

from desktop.services.passphrase_policy import (
    MAX_STRENGTH,
    MIN_LENGTH,
    Verdict,
    Weakness,
    assess,
    example_passphrase,
)


def passphrase_strength(text: str, context: tuple[str, ...] = ()) -> int:
    """0 (refused, easily guessed) to 4 (strong); 3 and 4 are accepted."""
    return assess(text, context=context).strength


class PassphraseFields(QWidget):
    """Passphrase, its strength, and the same again; ``problem()`` says what is wrong."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, confirm: bool = True) -> None:
        super().__init__(parent)
        self._context: tuple[str, ...] = ()
        # One example per widget: it does not change while the user types.
        self._example = example_passphrase()
        self.passphrase_edit = QLineEdit(self)
        self.passphrase_edit.setObjectName("passphrase")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength_bar = QProgressBar(self)
        self.strength_bar.setObjectName("strength")
        self.strength_bar.setRange(0, MAX_STRENGTH)
        self.strength_bar.setTextVisible(False)
        self.strength_label = QLabel(self)
        self.strength_label.setObjectName("strength_label")
        self.strength_label.setWordWrap(True)
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

    def set_context(self, context: tuple[str, ...]) -> None:
        """What the village gives away (its code and name): refused inside a passphrase."""
        self._context = context
        self._update()

    def passphrase(self) -> str:
        return self.passphrase_edit.text()

    def verdict(self) -> Verdict:
        return assess(self.passphrase(), context=self._context)

    def strength(self) -> int:
        return self.verdict().strength

    def _strength_words(self, strength: int) -> str:
        words = [
            self.tr("Very weak: easily guessed"),
            self.tr("Weak: easily guessed"),
            self.tr("Not strong enough yet"),
            self.tr("Good"),
            self.tr("Strong"),
        ]
        return words[strength]

    def _reason(self, weakness: Weakness) -> str:
        reasons = {
            Weakness.TOO_SHORT: self.tr("too short (at least {count} characters)").format(
                count=MIN_LENGTH
            ),
            Weakness.DIGITS_ONLY: self.tr("digits only"),
            Weakness.VILLAGE: self.tr("it holds the village's name or code"),
            Weakness.COMMON: self.tr("it is a common password"),
            Weakness.PINYIN: self.tr(
                "it is a common pinyin word, name or number code (woaini, zhangsan, 1314)"
            ),
            Weakness.WORDS: self.tr("it is made of common English words or names"),
            Weakness.PERSONAL_NUMBER: self.tr("it holds a phone or ID number"),
            Weakness.DATE: self.tr("it holds a date or a year"),
            Weakness.KEYBOARD: self.tr("it follows the keyboard (qwerty, 1qaz2wsx)"),
            Weakness.REPEAT: self.tr("it repeats (aaaa, abcabc)"),
            Weakness.SEQUENCE: self.tr("it is a sequence (12345, abcde)"),
            Weakness.TOO_SIMPLE: self.tr("it is too simple to resist guessing"),
        }
        return reasons[weakness]

    def refusal(self, verdict: Verdict) -> str:
        """Why the policy refuses the passphrase, and an example of a good one."""
        reasons = self.tr("; ").join(self._reason(w) for w in verdict.weaknesses)
        return self.tr(
            "This passphrase is too easy to guess: {reasons}. Use a few unrelated words "
            "with digits, at least {count} characters, for example {example} (make up "
            "your own; do not copy this one)."
        ).format(reasons=reasons, count=MIN_LENGTH, example=self._example)

    def problem(self) -> str | None:
        verdict = self.verdict()
        if not verdict.acceptable:
            return self.refusal(verdict)
        if self._confirm and self.confirm_edit.text() != self.passphrase():
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
