"""What an error means to the person at the keyboard: plain words, never a stack trace.

Errors the rules and services know carry their own bilingual message; anything else is
logged (with its traceback, through the redacting log filter) and shown as a short
sentence saying the work is safe and where the details are.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from casework.ledger import LedgerError
from casework.messages import CaseworkError
from casework.records import RecordValidationError
from desktop.models.store import (
    CorruptRecordError,
    DuplicateIdNumberError,
    LockedRecordError,
    MissingChildError,
    RecordNotFoundError,
)
from desktop.services.backup import BackupError
from desktop.services.conflicts import NoConflictError
from desktop.services.datadir import DataDirError
from desktop.services.documents.pdf import DocumentError
from desktop.services.monthly_report import ReportError
from desktop.sync.client import SyncError
from desktop.ui.i18n import message_text
from desktop.ui.words import field_text

logger = logging.getLogger(__name__)


def describe_error(error: BaseException) -> str:
    """One or two sentences for the user about ``error``."""
    if isinstance(
        error,
        DataDirError
        | SyncError
        | NoConflictError
        | BackupError
        | DocumentError
        | LedgerError
        | ReportError,
    ):
        return message_text(error.message)
    if isinstance(error, CaseworkError):
        return message_text(error.message)
    if isinstance(error, RecordValidationError):
        return "；".join(
            f"{field_text(e.field)}：{message_text(e.message)}"
            if e.field
            else message_text(e.message)
            for e in error.errors
        )
    if isinstance(error, DuplicateIdNumberError):
        return QCoreApplication.translate(
            "Errors", "Another child in the case file already has this ID number."
        )
    if isinstance(error, LockedRecordError):
        return QCoreApplication.translate(
            "Errors", "This mandatory report has been filed; only its follow-up can change."
        )
    if isinstance(error, RecordNotFoundError):
        return QCoreApplication.translate(
            "Errors", "This record is no longer in the case file (it may have been deleted)."
        )
    if isinstance(error, MissingChildError):
        return QCoreApplication.translate(
            "Errors", "The child this record belongs to is not in the case file."
        )
    if isinstance(error, CorruptRecordError):
        return QCoreApplication.translate(
            "Errors",
            "A record could not be read: it appears damaged. Nothing was changed; "
            "ask the county centre for help.",
        )
    if isinstance(error, OSError):
        logger.error("file system error", exc_info=error)
        return QCoreApplication.translate(
            "Errors", "The computer could not read or write a file: {reason}"
        ).format(reason=error.strerror or type(error).__name__)
    logger.error("unexpected error", exc_info=error)
    return QCoreApplication.translate(
        "Errors",
        "Something went wrong. Your saved work is safe; the details are in the log file.",
    )
