"""A busy indicator: a bar (moving, or filling as work says how far it is) and a sentence
saying what is happening."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget


class BusyIndicator(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("busy")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # indeterminate: it moves while the work runs
        self.bar.setMaximumWidth(160)
        self.label = QLabel(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.label, 1)
        self.hide()

    def start(self, text: str) -> None:
        self.bar.setRange(0, 0)
        self.label.setText(text)
        self.show()

    def advance(self, text: str, done: int, total: int) -> None:
        """Work that can say how far it is: the bar fills, the sentence says so."""
        self.label.setText(text)  # first, so the sentence is new when the bar moves
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.show()

    def stop(self) -> None:
        self.hide()
