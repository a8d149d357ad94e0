"""The log filter blanks what must never reach a log file."""

from __future__ import annotations

import logging
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
