"""Parts of the case file that come in a later version: said plainly, not pretended."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class LaterPage(QWidget):
    def __init__(self, title: str, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(f"<h2>{title}</h2>", self)
        heading.setTextFormat(Qt.TextFormat.RichText)
        body = QLabel(self)
        body.setObjectName("later_text")
        body.setWordWrap(True)
        body.setText(
            what
            + "\n\n"
            + self.tr(
                "This part of the window arrives in a later version. Until then the support "
                "staff can do it with the childdesk command."
            )
        )
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)
