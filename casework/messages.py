"""Bilingual user-facing messages for rules that run outside Qt.

The rules in ``casework`` run on the server and in the CLI, where Qt's translation
system is not loaded, so each message carries its Chinese text and its English
translation side by side. The Qt UI shows ``zh`` or ``en`` by the user's language.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """One user-facing sentence in Simplified Chinese and English."""

    zh: str
    en: str

    def format(self, **values: object) -> Message:
        return Message(self.zh.format(**values), self.en.format(**values))

    def text(self, language: str | None = None) -> str:
        return self.en if (language or current_language()) == "en" else self.zh

    def __str__(self) -> str:
        return self.text()


def current_language() -> str:
    """``en`` when the user asked for English (``CHILDDESK_LANG`` or ``LANG``), else ``zh``."""
    chosen = os.environ.get("CHILDDESK_LANG") or os.environ.get("LANG", "")
    return "en" if chosen.lower().startswith("en") else "zh"


class CaseworkError(ValueError):
    """A rule was broken; ``message`` says which in both languages."""

    def __init__(self, message: Message, *, code: str = "invalid") -> None:
        super().__init__(message.en)
        self.message = message
        self.code = code


class WordError(ValueError):
    """A typed word, date or field name that cannot be read; ``message`` says what may be
    typed (the ledger's cells, the CLI's ``--set``, ``casework.vocabulary``)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message
