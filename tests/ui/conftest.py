"""The window's tests: Chinese catalog compiled once, real stores in temporary folders."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from casework.ids import make_id_number
from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.ui.i18n import compile_catalog, install_translations, ts_path
from desktop.ui.tasks import TaskRunner
from tests.store_template import fresh_store

PASSPHRASE = "village office bamboo 2026"
VILLAGE = "330523101001"
USER = "李主任"


@pytest.fixture(scope="session", autouse=True)
def chinese(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every UI test runs in Chinese, from the committed catalog compiled here."""
    qm = tmp_path_factory.mktemp("i18n") / "childdesk_zh_CN.qm"
    assert compile_catalog(ts_path("zh_CN"), qm), "pyside6-lrelease failed"
    install_translations(qapp, "zh_CN", catalog=qm)
    return qm


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type as a user does: ASCII by key presses, Chinese through the input method."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    for handler in handlers:
        if handler not in root.handlers:
            root.addHandler(handler)
    root.setLevel(level)


@pytest.fixture
def folder(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "data")


@pytest.fixture
def store(folder: DataDir) -> CaseStore:
    return fresh_store(folder, village_code=VILLAGE, passphrase=PASSPHRASE, user=USER)


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    assert runner.wait_for_done(30_000)


def add_child(
    store: CaseStore,
    name: str,
    *,
    birth: str = "2015-03-08",
    sequence: int = 123,
    **fields: object,
) -> str:
    """A child in category 1 or none; the ID number matches birth date and gender."""
    from datetime import date

    id_number = make_id_number("330523", date.fromisoformat(birth), sequence)
    gender = "male" if sequence % 2 else "female"
    values: dict[str, object] = {
        "name": name,
        "gender": gender,
        "birth_date": birth,
        "id_number": id_number,
        **fields,
    }
    return store.create("child", values)
