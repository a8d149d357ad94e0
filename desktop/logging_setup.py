"""Logging, configured once at start-up: a rotating file, and nothing personal in it."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from casework.redaction import LOG_FORMAT, RedactingFilter, redact

__all__ = ["configure_logging", "redact"]


LOG_BYTES = 1_000_000  # one log file's size before it is rotated
LOGS_KEPT = 5


def configure_logging(
    log_dir: Path, *, level: int = logging.INFO, max_bytes: int = LOG_BYTES
) -> None:
    """Log to ``log_dir/childdesk.log``, rotated at ``max_bytes`` (five kept).

    A handler this replaces is closed, not only removed: on Windows a rotation renames
    the log file, which fails while any other handle (an earlier handler's) holds it open.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        log_dir / "childdesk.log", maxBytes=max_bytes, backupCount=LOGS_KEPT, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
        existing.close()
    root.addHandler(handler)
    root.setLevel(level)
