"""The conflicts page decides a conflict held in a real store, one field at a time.

The conflict is made the way a sync makes it: the outbox op is taken as for a push and
the county's answer "conflict" is applied through ``SyncState.apply_results``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casework.protocol import FieldConflictWire, OpResult, ServerRecord
from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.sync.state import SyncState
from desktop.ui.pages.conflicts import ConflictsPage
from desktop.ui.session import StoreSession
from desktop.ui.tasks import TaskRunner
from tests.ui.conftest import add_child, type_text


def make_conflict(store: CaseStore, child_id: str, field: str, mine: str, theirs: str) -> None:
    """This computer changed ``field`` to ``mine``; the county had ``theirs`` from 周主任."""
    state = SyncState(store)
    [op] = state.take_batch(10)  # the child's creation, as it would go up
    state.apply_results(
        [op], [OpResult(op_id=op.op_id, status="applied", record=server(store, op, 1))]
    )
    store.update(child_id, {field: mine})
    [edit] = state.take_batch(10)
    theirs_record = server(store, edit, 2, **{field: theirs})
    result = OpResult(
        op_id=edit.op_id,
        status="conflict",
        record=theirs_record,
        conflicts=[
            FieldConflictWire(
                field=field,
                base=None,
                mine=mine,
                theirs=theirs,
                theirs_by="周主任",
                theirs_at=datetime(2026, 3, 1, 8, 30, tzinfo=UTC),
            )
        ],
    )
    state.apply_results([edit], [result])


def server(store: CaseStore, op: object, rev: int, **changes: object) -> ServerRecord:
    record = store.get(op.record_id)  # type: ignore[attr-defined]
    fields = {k: v for k, v in record.fields.items() if v is not None}
    return ServerRecord(
        id=record.id,
        kind=record.kind,
        village_code=record.village_code,
        rev=rev,
        seq=rev,
        deleted=False,
        fields={**fields, **changes},
        updated_by="周主任",
        updated_at=datetime(2026, 3, 1, 8, 30, tzinfo=UTC),
    )


def open_page(qtbot: QtBot, folder: DataDir, store: CaseStore, tasks: TaskRunner) -> ConflictsPage:
    session = StoreSession(folder)
    page = ConflictsPage(session, tasks)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        session.open(store)
    return page


def test_keep_theirs_then_edit_a_new_value(
    qtbot: QtBot, folder: DataDir, store: CaseStore, tasks: TaskRunner
) -> None:
    child_id = add_child(store, "王小明")
    make_conflict(store, child_id, "school", "递铺小学", "实验小学")
    assert store.get(child_id).sync_state == "conflict"
    page = open_page(qtbot, folder, store, tasks)

    assert page.model.rowCount() == 1
    assert page.model.index(0, 0).data() == "王小明"
    assert page.model.index(0, 2).data() == "就读学校"
    assert page.mine_view[1].toPlainText() == "递铺小学"
    assert page.theirs_view[1].toPlainText() == "实验小学"
    assert page.base_view[1].toPlainText() == "（空）"
    assert "周主任" in page.theirs_who.text()

    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(page.keep_theirs, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 0 and page.empty_label.isVisible()
    assert SyncState(store).conflicts() == []
    record = store.get(child_id)
    assert record.fields["school"] == "实验小学"
    assert record.sync_state == "synced"

    # A second conflict on the same child; this time a new value typed by the director.
    make_conflict_again(store, child_id, "grade", "五年级", "六年级")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.reload()
    assert page.new_value.text() == "五年级"  # starts from mine
    page.new_value.clear()
    type_text(qtbot, page.new_value, "六年级（下）")
    with qtbot.waitSignal(page.resolved, timeout=10_000) as resolved:
        qtbot.mouseClick(page.use_new, Qt.MouseButton.LeftButton)
    assert resolved.args == [child_id, "grade"]
    record = store.get(child_id)
    assert record.fields["grade"] == "六年级（下）"
    assert record.sync_state == "pending"  # goes up as an ordinary edit
    assert page.done_label.text() == "已处理：王小明的年级。"


def test_keep_mine(qtbot: QtBot, folder: DataDir, store: CaseStore, tasks: TaskRunner) -> None:
    child_id = add_child(store, "李小红", sequence=222)
    make_conflict(store, child_id, "school", "递铺小学", "实验小学")
    page = open_page(qtbot, folder, store, tasks)
    with qtbot.waitSignal(page.resolved, timeout=10_000):
        qtbot.mouseClick(page.keep_mine, Qt.MouseButton.LeftButton)
    assert store.get(child_id).fields["school"] == "递铺小学"
    assert SyncState(store).conflicts() == []
    assert SyncState(store).waiting_count() == 1  # mine goes up again


def make_conflict_again(
    store: CaseStore, child_id: str, field: str, mine: str, theirs: str
) -> None:
    state = SyncState(store)
    store.update(child_id, {field: mine})
    [edit] = state.take_batch(10)
    record = store.get(child_id)
    result = OpResult(
        op_id=edit.op_id,
        status="conflict",
        record=server(store, edit, record.rev + 1, **{field: theirs}),
        conflicts=[
            FieldConflictWire(
                field=field,
                base=None,
                mine=mine,
                theirs=theirs,
                theirs_by="周主任",
                theirs_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
            )
        ],
    )
    state.apply_results([edit], [result])
