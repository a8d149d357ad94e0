"""The status bar: one sentence about sync (sync_words.py), coloured when it needs action."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from desktop.ui.sync_words import SyncStatus, sync_sentence
from desktop.ui.widgets.styles import TONE_COLOURS


class SyncStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sentence_label = QLabel(self)
        self.sentence_label.setObjectName("sync_sentence")
        self.addWidget(self.sentence_label, 1)
        self.show_status(SyncStatus("unknown", None, None))

    def show_status(self, status: SyncStatus) -> None:
        text, tone = sync_sentence(status)
        colour = TONE_COLOURS.get(tone)
        self.sentence_label.setStyleSheet(f"color: {colour};" if colour else "")
        self.sentence_label.setText(text)
        self.sentence_label.setToolTip(text)
