"""Server logging, configured once at start-up (CONVENTIONS 13), redacted like the app's.

The log file and every file it rotates to are owner-only (0600): request lines hold
client addresses and device ids, and a redaction filter is a second line, not the first.
"""

from __future__ import annotations

import logging
import os
import sys
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import cast

from casework.redaction import LOG_FORMAT as FORMAT
from casework.redaction import RedactingFilter, redact

__all__ = ["FORMAT", "PrivateRotatingFileHandler", "RedactingFilter", "configure_logging", "redact"]

LOG_FILE_MODE = 0o600


def _private_opener(path: str, flags: int) -> int:
    """``open``'s opener: a new file is created owner-only, an existing one made so."""
    fd = os.open(path, flags, LOG_FILE_MODE)
    if hasattr(os, "fchmod"):  # POSIX; Windows files keep their folder's access list
        os.fchmod(fd, LOG_FILE_MODE)
    return fd


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating log whose files (the current one, after every rollover) are 0600."""

    def _open(self) -> TextIOWrapper:
        stream = open(  # noqa: SIM115 - the handler keeps it and closes it
            self.baseFilename,
            self.mode,  # "a": text
            encoding=self.encoding,
            errors=self.errors,
            opener=_private_opener,
        )
        return cast(TextIOWrapper, stream)


def configure_logging(log_file: Path | None = None, *, level: int = logging.INFO) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            PrivateRotatingFileHandler(
                log_file, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
            )
        )
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(RedactingFilter())
        root.addHandler(handler)
    root.setLevel(level)
    # uvicorn's own access log would print query strings; ours (api.middleware) doesn't.
    logging.getLogger("uvicorn.access").disabled = True
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
