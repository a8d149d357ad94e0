"""The children page with a damaged record: the others are listed, the director is told."""

from __future__ import annotations

import sqlite3

from pytestqt.qtbot import QtBot

from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.ui.pages.children import ChildrenPage
from desktop.ui.session import StoreSession
from desktop.ui.tasks import SyncTaskRunner
from tests.ui.conftest import add_child


def test_a_damaged_child_is_left_out_and_the_page_says_so(
    qtbot: QtBot, folder: DataDir, store: CaseStore
) -> None:
    good = add_child(store, "王小明", sequence=111)
    bad = add_child(store, "李小红", sequence=222)
    connection = sqlite3.connect(folder.database)
    connection.execute("update records set sealed = CAST(sealed AS TEXT) where id = ?", (bad,))
    connection.commit()
    connection.close()
    session = StoreSession(folder)
    page = ChildrenPage(session, SyncTaskRunner())
    qtbot.addWidget(page)
    page.show()
    session.open(store)  # the synchronous runner loads at once
    assert page.visible_child_ids() == [good]
    assert page.error_label.isHidden()
    assert page.damaged_label.isVisible()
    assert "1 条记录已损坏" in page.damaged_label.text()
    session.lock()
    assert page.damaged_label.isHidden()
