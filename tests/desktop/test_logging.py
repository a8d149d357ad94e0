"""The log filter blanks what must never reach a log file."""

from __future__ import annotations

import hashlib
import logging
import random
import uuid
from pathlib import Path

from desktop.logging_setup import configure_logging, redact


def test_redact_blanks_ids_phones_and_chinese_text() -> None:
    line = "child 王小明 id 33052320130402123X phone 13905720001 tel 0572-5123456 rev 12"
    cleaned = redact(line)
    for secret in ("王小明", "33052320130402123X", "13905720001", "0572-5123456"):
        assert secret not in cleaned
    assert "rev 12" in cleaned


def test_configured_log_file_never_holds_personal_data(tmp_path: Path) -> None:
    configure_logging(tmp_path)
    log = logging.getLogger("test")
    log.warning("saving %s with %s", "李秀英", "330523201304021230")
    try:
        raise ValueError("bad value 13905720001 for 张三")
    except ValueError:
        log.exception("failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = (tmp_path / "childdesk.log").read_text(encoding="utf-8")
    assert "saving" in text and "ValueError" in text
    for secret in ("李秀英", "330523201304021230", "13905720001", "张三"):
        assert secret not in text
    logging.getLogger().handlers.clear()


# -- request ids (issue 16): kept whole, while ID numbers and phones are still blanked -----

ID_NUMBER = "330523201304021230"  # valid check character
PHONE = "13905720001"


def _random_uuids(count: int) -> list[uuid.UUID]:
    rng = random.Random(16)
    return [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(count)]


def test_request_ids_are_never_blanked() -> None:
    # What the server and the app log: uuid4().hex request ids, UUID op and record ids,
    # sha256 enrolment request ids; about one in fifty used to lose digits to the filter.
    ids = [
        *(found.hex for found in _random_uuids(2000)),
        *(str(found) for found in _random_uuids(2000)),
        hashlib.sha256(b"enrolment").hexdigest(),
        "a1390572000112345678901234567890",  # a phone-shaped and a 15-digit run inside
        "3f2b1390-5720-0011-8000-130572000123",  # a landline-shaped run across groups
        "0572512345600000bcdef0123456789a",  # 16 digits, then letters
    ]
    for request_id in ids:
        line = f"POST /api/v1/push 200 3.1ms request_id={request_id}"
        assert redact(line) == line, request_id


def test_id_numbers_and_phones_are_still_blanked_beside_request_ids() -> None:
    request_id = "9f3c2b7e4a1d4c6e8b0f5a2d7c9e1b3f"
    line = f"request_id={request_id} id {ID_NUMBER} phone {PHONE} tel 0572-5123456 rev 12"
    cleaned = redact(line)
    assert f"request_id={request_id}" in cleaned and "rev 12" in cleaned
    for secret in (ID_NUMBER, PHONE, "0572-5123456"):
        assert secret not in cleaned
    # Digits only are never an id, however long: an ID number with more digits around it.
    assert ID_NUMBER not in redact(f"x={ID_NUMBER}{'0' * 14}")
    # A real ID number (check character right) is blanked even glued into a hex id.
    for token in (f"a{ID_NUMBER}", f"{ID_NUMBER}ab", f"deadbeef{ID_NUMBER}cafe"):
        assert ID_NUMBER not in redact(f"request_id={token}"), token
    # And one ending in X, or with a letter that is not hexadecimal, is no id at all.
    assert "33052320130402123X" not in redact("request_id=a33052320130402123X")
    assert PHONE not in redact(f"device g{PHONE}")
