"""Server logging, configured once at start-up (CONVENTIONS 13).

Code logs ids, counts and codes, never field values; this filter is the second line of
defence and blanks anything shaped like an ID number or a phone number, and any run of
Chinese characters (names, addresses), since log messages are written in English.
"""

from __future__ import annotations

import logging
import re
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

_REDACT = re.compile(
    r"\d{17}[\dXx]"  # ID numbers
    r"|\d{15}"  # first-generation ID numbers
    r"|(?<!\d)1\d{10}(?!\d)"  # mobile numbers
    r"|0\d{2,3}-?\d{7,8}"  # landlines
    r"|[\u3400-\u9fff\uf900-\ufaff]+"  # Chinese text: names, addresses
)
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def redact(text: str) -> str:
    return _REDACT.sub("[redacted]", text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


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
