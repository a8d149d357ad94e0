"""The log filter shared by the desktop app and the county server.

Code logs ids, counts and codes, never field values; this filter is the second line of
defence. It blanks anything shaped like an ID number or a phone number and any run of
Chinese characters (names, addresses), since log messages are written in English.

Ids the code does log — request ids, op and record ids (UUIDs), enrolment request ids —
are hexadecimal, and their runs of digits often look like a phone or an ID number. A
token of 16 to 128 hexadecimal characters with at least one letter a-f, or a UUID, is
therefore kept whole; inside it only an 18-digit run that is a real ID number (valid GB
11643 check character) is blanked. A token of digits only is never such an id.
"""

from __future__ import annotations

import logging
import re

from casework.ids import check_character

_HEX_ID = (
    r"(?<![0-9A-Za-z-])(?=[0-9A-Fa-f-]*[A-Fa-f])"  # a whole token, with a letter a-f
    r"(?:[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}|[0-9A-Fa-f]{16,128})"
    r"(?![0-9A-Za-z-])"
)
_REDACT = re.compile(
    rf"(?P<id>{_HEX_ID})"  # request, op and record ids: kept (see _keep_id)
    r"|\d{17}[\dXx]"  # ID numbers
    r"|\d{15}"  # first-generation ID numbers
    r"|(?<!\d)1\d{10}(?!\d)"  # mobile numbers
    r"|0\d{2,3}-?\d{7,8}"  # landlines
    r"|[\u3400-\u9fff\uf900-\ufaff]+"  # Chinese text: names, addresses
)
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


_DIGIT_RUN = re.compile(r"\d{18,}")
REDACTED = "[redacted]"


def _is_id_number(digits: str) -> bool:
    return check_character(digits[:17]) == digits[17]


def _blank_id_numbers(run: str) -> str:
    """A run of digits inside a hexadecimal id, with any real ID number in it blanked."""
    for start in range(len(run) - 17):
        if _is_id_number(run[start : start + 18]):
            return REDACTED
    return run


def _keep_id(token: str) -> str:
    return _DIGIT_RUN.sub(lambda found: _blank_id_numbers(found.group()), token)


def _replace(found: re.Match[str]) -> str:
    token = found.group("id")
    return REDACTED if token is None else _keep_id(token)


def redact(text: str) -> str:
    return _REDACT.sub(_replace, text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            # Render the traceback now, redacted, so the handler never sees raw text.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True
