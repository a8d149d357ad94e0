"""Server logging, configured once at start-up (CONVENTIONS 13), redacted like the app's."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from casework.redaction import LOG_FORMAT as FORMAT
from casework.redaction import RedactingFilter, redact

__all__ = ["FORMAT", "RedactingFilter", "configure_logging", "redact"]


def configure_logging(log_file: Path | None = None, *, level: int = logging.INFO) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            RotatingFileHandler(log_file, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
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
