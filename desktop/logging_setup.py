"""Logging, configured once at start-up: a rotating file, and nothing personal in it.

Code never logs field values, and the filter below is the second line of defence: it
blanks anything shaped like an ID number or a phone number and any run of Chinese
characters (names, addresses), since log messages themselves are written in English.
"""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

_REDACT = re.compile(
    r"\d{17}[\dXx]"  # ID numbers
    r"|\d{15}"  # first-generation ID numbers
    r"|(?<!\d)1\d{10}(?!\d)"  # mobile numbers
    r"|0\d{2,3}-?\d{7,8}"  # landlines
    r"|[\u3400-\u9fff\uf900-\ufaff]+"  # Chinese text: names, addresses
)


def redact(text: str) -> str:
    return _REDACT.sub("[redacted]", text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            # Render the traceback now, redacted, so the handler never sees raw text.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def configure_logging(log_dir: Path, *, level: int = logging.INFO) -> None:
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        log_dir / "childdesk.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
