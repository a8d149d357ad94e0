"""Marking a township task done asks for a short reply (issue 18 item 1): what was done,
in a line the supervisor reads after the next sync."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

REPLY_MAX = 100  # casework.records ShortText


def ask_reply(parent: QWidget, task: str) -> str | None:
    """The director's reply, or None when cancelled (an empty reply is asked again)."""
    title = QCoreApplication.translate("TaskReply", "Mark the task done")
    prompt = QCoreApplication.translate(
        "TaskReply", "Task: {task}\n\nWhat was done? (one short line for the township)"
    ).format(task=task)
    while True:
        text, accepted = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Normal, "")
        if not accepted:
            return None
        if text.strip():
            return text.strip()[:REPLY_MAX]
