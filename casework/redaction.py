"""The log filter shared by the desktop app and the county server.

Code logs ids, counts and codes, never field values; this filter is the second line of
defence. It blanks anything shaped like an ID number or a phone number and any run of
Chinese characters (names, addresses), since log messages are written in English.
"""

from __future__ import annotations

import logging
import re

_REDACT = re.compile(
    r"\d{17}[\dXx]"  # ID numbers
    r"|\d{15}"  # first-generation ID numbers
    r"|(?<!\d)1\d{10}(?!\d)"  # mobile numbers
    r"|0\d{2,3}-?\d{7,8}"  # landlines
    r"|[\u3400-\u9fff\uf900-\ufaff]+"  # Chinese text: names, addresses
)
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


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
