"""Start-up: language, settings, the data folder, first run or unlock."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from casework.messages import Message
from desktop.app import build, parse_args
from desktop.services.datadir import WRONG_PASSPHRASE, DataDirError
from desktop.ui.errors import describe_error
from desktop.ui.i18n import chosen_language, message_text
from desktop.ui.settings import UiSettings, load_settings
from desktop.ui.widgets.passphrase import passphrase_strength


def test_language_choice() -> None:
    assert chosen_language({}) == "zh_CN"
    assert chosen_language({"CHILDDESK_LANG": "en"}) == "en"
    assert chosen_language({"CHILDDESK_LANG": "en_US.UTF-8"}) == "en"
    assert chosen_language({"CHILDDESK_LANG": "zh"}) == "zh_CN"


def test_rule_messages_follow_the_window_language() -> None:
    error = DataDirError(WRONG_PASSPHRASE)
    assert describe_error(error) == WRONG_PASSPHRASE.zh
    previous = QLocale()
    QLocale.setDefault(QLocale("en"))
    try:
        assert message_text(WRONG_PASSPHRASE) == WRONG_PASSPHRASE.en
    finally:
        QLocale.setDefault(previous)
    assert message_text(WRONG_PASSPHRASE) == WRONG_PASSPHRASE.zh


def test_ledger_and_report_errors_say_what_is_wrong() -> None:
    """Not the catch-all "something went wrong": the file's own problem, in Chinese."""
    from casework.ledger import LedgerError
    from desktop.services.monthly_report import ReportError, parse_month

    problem = Message("台账文件无法读取", "the ledger file cannot be read")
    assert describe_error(LedgerError(problem)) == "台账文件无法读取"
    with pytest.raises(ReportError) as refused:
        parse_month("not a month")
    assert describe_error(refused.value) == refused.value.message.zh


def test_unexpected_errors_never_show_a_traceback() -> None:
    try:
        raise RuntimeError("internal detail /home/x/secret.py line 3")
    except RuntimeError as error:
        text = describe_error(error)
    assert "Traceback" not in text and "secret" not in text
    assert "日志" in text


def test_settings_are_typed_with_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == UiSettings()
    assert UiSettings().idle_lock_minutes == 5
    assert UiSettings().idle_lock_ms == 300_000
    (tmp_path / "settings.json").write_text(
        '{"idle_lock_minutes": 2, "sync_interval_minutes": "soon", "colour": 1}'
    )
    settings = load_settings(tmp_path)
    assert settings.idle_lock_minutes == 2
    assert settings.sync_interval_minutes == UiSettings().sync_interval_minutes
    (tmp_path / "settings.json").write_text("not json")
    assert load_settings(tmp_path) == UiSettings()
    assert UiSettings(idle_lock_minutes=0.01).idle_lock_ms == 30_000  # floor


def test_passphrase_strength() -> None:
    """The meter shows the passphrase policy's verdict: 3 and above are accepted."""
    assert passphrase_strength("short") == 0
    assert passphrase_strength("aaaaaaaaaaaa") == 0
    assert passphrase_strength("abcdefgh") == 0
    assert passphrase_strength("woaini1314") < 3
    assert passphrase_strength("village office bamboo 2026") >= 3
    assert passphrase_strength("古城村儿童之家2026年") >= 3
    assert passphrase_strength("古城村儿童之家2026年", ("古城村", "guchengcun")) >= 3
    assert passphrase_strength("guchengcun2026", ("古城村", "guchengcun")) < 3


def test_start_shows_first_run_then_unlock(
    qtbot: QtBot, tmp_path: Path, restore_logging: None
) -> None:
    assert parse_args(["--data-dir", str(tmp_path)]).data_dir == tmp_path
    _app, tasks, controller = build(["childdesk", "--data-dir", str(tmp_path / "data")])
    qtbot.addWidget(controller.window)
    controller.start()
    assert controller.first_run is not None and controller.first_run.isVisible()
    assert controller.first_run.windowTitle() == "在本机建立档案库"
    assert (tmp_path / "data" / "logs" / "childdesk.log").exists()
    with qtbot.waitSignal(controller.finished):
        controller.first_run.reject()  # Esc: quit
    assert tasks.wait_for_done(10_000)


def test_catalog_is_compiled_when_started_without_make(tmp_path: Path) -> None:
    from desktop.ui import i18n

    found = i18n.find_catalog("zh_CN", search=(tmp_path,))
    assert found is not None and found.exists()
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(found))
    assert translator.translate("MainWindow", "Sync") == "同步"
