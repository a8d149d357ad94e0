"""``childdesk-window --self-test``: proves an installed (or packaged) app can do its job.

In a temporary folder it creates a fresh encrypted store (migrations, Argon2id key
derivation), writes a child, unlocks the store again from the passphrase and reads the child
back, checks no personal field reached the disk in plaintext, reads a small Excel ledger
(the compiled reader ships), loads the translations, and opens the main window offscreen
through the real unlock screen. Exit status 0 only when
every step worked; otherwise 1 and the failing step in plain words.
"""

from __future__ import annotations

import logging
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from casework.messages import Message
from desktop.services.datadir import DataDir, init_store, open_store

VILLAGE = "339901101001"  # the demo county's first village: no real place
CHILD = {"name": "自检儿童", "gender": "female", "birth_date": "2018-06-01"}

PASSED = Message("自检通过：{step}", "self-test passed: {step}")
FAILED = Message("自检失败：{step}：{error}", "self-test FAILED: {step}: {error}")
ALL_PASSED = Message("自检全部通过（{seconds:.1f} 秒）", "self-test: all passed ({seconds:.1f} s)")
STEP_STORE = Message("新建加密档案库并执行数据库迁移", "new encrypted store, migrations run")
STEP_RECORD = Message(
    "密钥派生、加密和解密一条记录", "key derived, a record encrypted and decrypted"
)
STEP_PLAINTEXT = Message("磁盘上没有明文个人信息", "no personal field in plaintext on disk")
STEP_LEDGER = Message("读取 Excel 台账（.xlsx）", "an Excel ledger (.xlsx) read")
STEP_WINDOW = Message(
    "载入中文界面，解锁并打开主窗口（离屏）",
    "translations loaded, unlocked and opened the main window (offscreen)",
)
NOT_READ_BACK = Message(
    "读回的记录与写入的不同", "the record read back differs from the one written"
)
PLAINTEXT_FOUND = Message("在 {file} 中发现明文", "plaintext found in {file}")


class SelfTestError(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message


def _say(message: Message) -> None:
    # A windowed Windows build has no console: sys.stdout is None there.
    if sys.stdout is not None:
        print(message.text(), flush=True)


def _check_store(folder: DataDir, passphrase: str) -> None:
    from desktop.models.db import SCHEMA_HEAD, current_revision

    store = init_store(folder, village_code=VILLAGE, passphrase=passphrase, user="self-test")
    try:
        if current_revision(store.engine) != SCHEMA_HEAD:
            raise SelfTestError(STEP_STORE)
        store.create("child", CHILD)
    finally:
        store.engine.dispose()


def _check_record(folder: DataDir, passphrase: str) -> None:
    store = open_store(folder, passphrase=passphrase)  # derives the key again
    try:
        children = store.records("child")
        if len(children) != 1 or children[0].fields["name"] != CHILD["name"]:
            raise SelfTestError(NOT_READ_BACK)
    finally:
        store.engine.dispose()


def _check_no_plaintext(folder: DataDir) -> None:
    needle = CHILD["name"].encode("utf-8")
    for path in folder.root.rglob("*"):
        if path.is_file() and needle in path.read_bytes():
            raise SelfTestError(PLAINTEXT_FOUND.format(file=path.name))


def _check_ledger(folder: DataDir) -> None:
    from openpyxl import Workbook

    from desktop.services.sheet_readers import read_raw_sheets

    path = folder.root.parent / "ledger.xlsx"  # beside the store: the plaintext scan skips it
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "姓名", "性别"])
    sheet.append([1, "台账检查", "女"])
    book.save(path)
    rows = read_raw_sheets(path)[0].rows
    if rows.get(2) != [1.0, "台账检查", "女"]:
        raise SelfTestError(NOT_READ_BACK)


def _check_window(folder: DataDir, passphrase: str) -> None:
    from desktop.ui.selftest_window import WindowCheckFailed, check_window

    try:
        check_window(folder, passphrase)
    except WindowCheckFailed as failure:
        raise SelfTestError(failure.message) from None


Step = tuple[Message, Callable[[DataDir], None]]


def _any_step_failed(steps: list[Step], folder: DataDir) -> bool:
    """Runs each step in turn; at the first that fails, says which and why and answers True."""
    for step, check in steps:
        try:
            check(folder)
        except SelfTestError as error:
            _say(FAILED.format(step=step.text(), error=error.message.text()))
            return True
        except Exception as error:  # any failure is the answer, said plainly
            _say(FAILED.format(step=step.text(), error=f"{type(error).__name__}: {error}"))
            return True
        _say(PASSED.format(step=step.text()))
    return False


def run_self_test() -> int:
    started = time.monotonic()
    passphrase = secrets.token_urlsafe(18)
    steps: list[Step] = [
        (STEP_STORE, lambda f: _check_store(f, passphrase)),
        (STEP_RECORD, lambda f: _check_record(f, passphrase)),
        (STEP_PLAINTEXT, _check_no_plaintext),
        (STEP_LEDGER, _check_ledger),
        (STEP_WINDOW, lambda f: _check_window(f, passphrase)),
    ]
    with tempfile.TemporaryDirectory(
        prefix="childdesk-selftest-", ignore_cleanup_errors=True
    ) as tmp:
        try:
            failed = _any_step_failed(steps, DataDir(Path(tmp) / "data"))
        finally:
            logging.shutdown()  # close the log file in the folder, so Windows can delete it
    if failed:
        return 1
    _say(ALL_PASSED.format(seconds=time.monotonic() - started))
    return 0
