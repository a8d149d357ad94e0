"""Windows-safe by construction (issue 20.6), checked here on Linux.

The villages run Windows, where a file open in any process cannot be replaced, renamed or
removed; ``tests/windows_rules.py`` makes this process refuse the same. Restore, the
migration's copy aside, the window's settings and the log's rotation run under those
rules here and must never need an open file moved. A data folder under a user named
李明, with spaces in its path, is created, unlocked, written, backed up, restored and
synced. README "Windows" says what only a run on Windows can confirm.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.logging_setup import configure_logging
from desktop.models.store import CaseStore
from desktop.services.backup import BackupError, make_backup, restore_backup
from desktop.services.datadir import DataDir, open_store
from desktop.services.enrolment import enroll
from desktop.sync.engine import client_for, run_sync
from desktop.sync.state import SyncState
from desktop.ui.settings import UiSettings, load_settings, save_settings
from tests.desktop.conftest import PASSPHRASE
from tests.desktop.test_cli import run
from tests.serverproc import running_server, sqlite_url
from tests.windows_rules import file_is_open, windows_file_rules

FIXTURE_0003 = Path(__file__).parent.parent / "fixtures" / "store-0003.sqlite"
CHILD = {"name": "欧阳思远", "gender": "male", "birth_date": "2014-06-01"}


def _staging_left(parent: Path) -> list[Path]:
    return sorted(parent.glob(".childdesk-restore-*"))


def test_the_rules_refuse_what_windows_refuses(store: CaseStore, folder: DataDir) -> None:
    """The simulation itself: an open database cannot be replaced; once closed, it can."""
    other = folder.root / "other.sqlite"
    other.write_bytes(b"")
    store.records()  # a pooled connection now holds the file open
    assert file_is_open(folder.database)
    with windows_file_rules() as refused, pytest.raises(PermissionError):
        other.replace(folder.database)
    assert refused and str(folder.database) in refused[0]
    store.close()
    assert not file_is_open(folder.database)
    with windows_file_rules() as refused:
        other.unlink()
    assert refused == []


def test_restore_closes_everything_it_opened(
    store: CaseStore, folder: DataDir, tmp_path: Path
) -> None:
    """Under Windows' rules: the checked copy is closed before it replaces the live file,
    and the live file is closed (the window locks) before it is replaced."""
    child_id = store.create("child", CHILD)
    backup = make_backup(folder, tmp_path / "usb")
    store.create("child", {**CHILD, "name": "欧阳思静", "gender": "female"})
    store.close()  # as the window's lock does before a restore
    with windows_file_rules() as refused:
        report = restore_backup(backup, folder, PASSPHRASE)
    assert refused == []
    assert report.replaced_kept_at is not None and report.replaced_kept_at.exists()
    assert [c.id for c in open_store(folder, passphrase=PASSPHRASE).records("child")] == [child_id]
    assert _staging_left(folder.root.parent) == []


def test_restore_while_the_store_is_open_says_so_and_changes_nothing(
    store: CaseStore, folder: DataDir, tmp_path: Path
) -> None:
    """A restore while another handle holds the live file (a CLI restore beside an open
    window) is refused with words, as on Windows; the live file stays whole."""
    store.create("child", CHILD)
    backup = make_backup(folder, tmp_path / "usb")
    later = store.create("child", {**CHILD, "name": "欧阳思静", "gender": "female"})
    with windows_file_rules(), pytest.raises(BackupError) as refused:
        restore_backup(backup, folder, PASSPHRASE)
    assert "正被打开" in refused.value.message.zh
    assert later in {c.id for c in store.records("child")}
    assert _staging_left(folder.root.parent) == []


def test_a_refused_restore_leaves_no_staging_copy(
    store: CaseStore, folder: DataDir, tmp_path: Path
) -> None:
    """A wrong passphrase: the staged copy's engine is closed, so its folder can go."""
    store.create("child", CHILD)
    backup = make_backup(folder, tmp_path / "usb")
    store.close()
    with windows_file_rules() as refused, pytest.raises(BackupError):
        restore_backup(backup, folder, "not the passphrase at all 2026")
    assert refused == []
    assert _staging_left(folder.root.parent) == []


def test_the_upgrade_copies_aside_without_moving_an_open_file(tmp_path: Path) -> None:
    folder = DataDir(tmp_path / "data")
    folder.root.mkdir()
    shutil.copy(FIXTURE_0003, folder.database)
    with windows_file_rules() as refused:
        store = open_store(folder, passphrase="fixture passphrase")
        assert len(store.records("child")) == 3
        store.close()
    assert refused == []
    (saved,) = (folder.root / "backups").glob("*.sqlite")
    connection = sqlite3.connect(saved)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
    finally:
        connection.close()


def test_settings_are_replaced_with_nothing_open(tmp_path: Path) -> None:
    with windows_file_rules() as refused:
        save_settings(tmp_path, UiSettings(text_size="large"))
        save_settings(tmp_path, UiSettings(text_size="small", language="en"))
    assert refused == []
    assert load_settings(tmp_path) == UiSettings(text_size="small", language="en")


@pytest.fixture
def root_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def test_the_log_rotates_with_no_other_handle_on_it(
    tmp_path: Path, root_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Configured twice (the CLI, then again): the first handler is closed, so the
    rotation's rename of childdesk.log is not refused as it would be on Windows."""
    logs = tmp_path / "李明 的 数据" / "logs"
    with windows_file_rules() as refused:
        configure_logging(logs, max_bytes=2_000)
        first = logging.getLogger().handlers[0]  # still referenced: not freed, only replaced
        configure_logging(logs, max_bytes=2_000)
        assert first not in logging.getLogger().handlers
        for n in range(100):
            logging.getLogger("windows").warning("line %d of the rotation test", n)
    assert refused == []
    assert "Logging error" not in capsys.readouterr().err
    assert (logs / "childdesk.log.1").exists()
    assert (logs / "childdesk.log").stat().st_size <= 2_000


def test_a_folder_under_a_chinese_user_name_with_spaces(tmp_path: Path) -> None:
    """%LOCALAPPDATA% of a user named 李明, spaces included: create (by enrolling), write,
    sync, back up, restore, unlock and sync again, under Windows' rules throughout."""
    home = tmp_path / "李明 的 数据"
    folder = DataDir(home / "childdesk")
    with running_server(sqlite_url(tmp_path / "county"), tmp_path / "server") as county:
        county.add_township("330523101", "递铺街道")
        county.add_village("330523101001", "古城村", "330523101")
        code = county.add_user("李明", "director", "330523101001")
        with windows_file_rules() as refused:
            store, _ = enroll(folder, server_url=county.base_url, code=code, passphrase=PASSPHRASE)
            child_id = store.create("child", CHILD)
            assert _sync(store).pushed == 1
            backup = make_backup(folder, home / "U盘 备份")
            store.update(child_id, {"school": "递铺小学"})
            store.close()
            restore_backup(backup, folder, PASSPHRASE)
            store = open_store(folder, passphrase=PASSPHRASE)
            assert store.get(child_id).fields["school"] is None  # as it was backed up
            assert store.check().ok
            _sync(store)
            assert store.get(child_id).sync_state == "synced"
            store.close()
        assert refused == []
    assert backup.parent.name == "U盘 备份" and backup.exists()
    # The CLI, given the path on its command line, reads the same folder.
    result = run(folder.root, "check", passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stderr


def _sync(store: CaseStore) -> object:
    client = client_for(SyncState(store), retries=0)
    try:
        return run_sync(store, client)
    finally:
        client.close()


def test_fonts_ask_for_windows_chinese_families_by_name_first() -> None:
    """微软雅黑, then 宋体 (what every Chinese Windows has), before the free families."""
    from PySide6.QtWidgets import QApplication

    from desktop.services.documents.pdf import choose_cjk_family
    from desktop.ui.widgets.cjk_font import apply_cjk_font, window_families

    installed = ["DejaVu Sans", "WenQuanYi Micro Hei", "SimSun", "Microsoft YaHei UI"]
    assert window_families(installed, "DejaVu Sans") == [
        "Microsoft YaHei UI",
        "SimSun",
        "WenQuanYi Micro Hei",
        "DejaVu Sans",
    ]
    everything = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "SimSun", "Microsoft YaHei"]
    assert choose_cjk_family(everything, lambda family: True) == "Microsoft YaHei"
    assert choose_cjk_family(everything[:3], lambda family: True) == "SimSun"
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    kept = app.font()
    try:
        families = apply_cjk_font(app)
        # This machine has only the free family (make system-deps); Windows would list
        # its own first, as above.
        assert families[0] == "WenQuanYi Micro Hei"
        assert app.font().families()[: len(families)] == families
        assert app.font().pointSize() == kept.pointSize()
    finally:
        app.setFont(kept)


def test_a_pdf_is_closed_before_it_replaces_the_last_one(tmp_path: Path) -> None:
    from desktop.services.documents.pdf import write_pdf

    target = tmp_path / "李明 的 数据" / "欧阳思远 档案.pdf"
    target.parent.mkdir()
    with windows_file_rules() as refused:
        assert write_pdf("<p>欧阳思远</p>", target, title="档案") == 1
        assert write_pdf("<p>欧阳思远（更新）</p>", target, title="档案") == 1
    assert refused == []
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary left
