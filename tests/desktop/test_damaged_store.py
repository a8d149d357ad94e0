"""A damaged store (issue 16, item 7): each damaged record is named, the rest keeps working.

Real SQLite files, real encryption, the real ``childdesk`` command. Six kinds of damage
are planted in one store: a sealed cell retyped to text, a truncated blob, a flipped
byte, two records' sealed cells swapped, a child's risk level edited and a visit's date
edited (both clear fields, outside the sealed message). ``check`` must name every damaged
record and exit 3; ``list``, ``todo`` and ``export`` must work and show all the others,
with a note that records were left out; nothing undamaged may change.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from casework.ids import make_id_number
from casework.protocol import Change, ServerRecord
from desktop.models.damage import Damage
from desktop.models.store import RESEAL_MARKER, CaseStore, CorruptRecordError
from desktop.services import ledger, monthly_report, reminders
from desktop.services.casefile import child_summaries
from desktop.services.datadir import DataDir, init_store, open_store
from desktop.sync.state import SyncState
from desktop.usecases.children import load_children
from tests.reliability.results import record

PASSPHRASE = "village office bamboo 2026"
VILLAGE = "330523101001"
FIXTURE_0004 = Path(__file__).parent.parent / "fixtures" / "store-0004.sqlite"
FIXTURE_PASSPHRASE = "fixture passphrase"
CHILDREN = 8


@dataclass(frozen=True)
class Planted:
    folder: DataDir
    children: list[str]  # child ids, in order made
    visits: list[str]  # one per child, same order
    damage: dict[str, Damage]  # record id -> what check must say
    cells: int  # damaged cells planted
    before: dict[str, dict[str, Any]]  # every record's fields before the damage


def _child(n: int) -> dict[str, Any]:
    birth = date(2013, 1 + n, 9)
    return {
        "name": f"测试{n}号",
        "gender": "male" if n % 2 else "female",
        "birth_date": birth.isoformat(),
        "id_number": make_id_number("330523", birth, 10 + n),
        "risk_level": "low",
    }


def _fill(store: CaseStore) -> tuple[list[str], list[str]]:
    children, visits = [], []
    for n in range(CHILDREN):
        child = store.create("child", _child(n))
        store.create("family_member", {"child_id": child, "relation": "mother", "name": "母亲"})
        visit = {"child_id": child, "visit_date": "2026-10-0" + str(1 + n % 9), "visitor": "李"}
        visits.append(store.create("visit", visit))
        children.append(child)
    return children, visits


def _sql(database: Path, statement: str, *params: object) -> None:
    connection = sqlite3.connect(database)
    try:
        connection.execute(statement, params)
        connection.commit()
    finally:
        connection.close()


def _cell(database: Path, column: str, record_id: str) -> Any:
    connection = sqlite3.connect(database)
    try:
        row = connection.execute(
            f"select {column} from records where id = ?", (record_id,)
        ).fetchone()
    finally:
        connection.close()
    return row[0]


def plant(database: Path, children: list[str], visits: list[str]) -> tuple[dict[str, Damage], int]:
    """The six kinds of damage, each on its own record(s); returns what check must name."""
    retyped, truncated, flipped, swap_a, swap_b, risky = children[:6]
    _sql(database, "update records set sealed = CAST(sealed AS TEXT) where id = ?", retyped)
    _sql(database, "update records set sealed = substr(sealed, 1, 20) where id = ?", truncated)
    blob = bytearray(_cell(database, "sealed", flipped))
    blob[len(blob) // 2] ^= 0x10
    _sql(database, "update records set sealed = ? where id = ?", bytes(blob), flipped)
    a, b = _cell(database, "sealed", swap_a), _cell(database, "sealed", swap_b)
    _sql(database, "update records set sealed = ? where id = ?", b, swap_a)
    _sql(database, "update records set sealed = ? where id = ?", a, swap_b)
    # The clear fields, edited as anyone with an SQLite browser could.
    _sql(
        database,
        "update records set clear = replace(clear, '\"low\"', '\"high\"') where id = ?",
        risky,
    )
    _sql(
        database,
        "update records set clear = replace(clear, '2026-10', '2026-11') where id = ?",
        visits[6],
    )
    damage = {
        retyped: Damage.NOT_BYTES,
        truncated: Damage.TRUNCATED,
        flipped: Damage.FAILED_AUTHENTICATION,
        swap_a: Damage.FAILED_AUTHENTICATION,
        swap_b: Damage.FAILED_AUTHENTICATION,
        risky: Damage.FAILED_AUTHENTICATION,
        visits[6]: Damage.FAILED_AUTHENTICATION,
    }
    return damage, 7  # the swap damaged two cells


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[DataDir, list[str], list[str]]:
    folder = DataDir(tmp_path_factory.mktemp("pristine") / "data")
    store = init_store(folder, village_code=VILLAGE, passphrase=PASSPHRASE, user="director1")
    children, visits = _fill(store)
    store.engine.dispose()
    return folder, children, visits


@pytest.fixture
def planted(pristine: tuple[DataDir, list[str], list[str]], tmp_path: Path) -> Planted:
    source, children, visits = pristine
    folder = DataDir(tmp_path / "data")
    shutil.copytree(source.root, folder.root)
    store = open_store(folder, passphrase=PASSPHRASE)
    before = {r.id: dict(r.fields) for r in store.records()}
    store.engine.dispose()
    damage, cells = plant(folder.database, children, visits)
    return Planted(folder, children, visits, damage, cells, before)


def run(folder: DataDir, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(folder.root), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "CHILDDESK_PASSPHRASE": PASSPHRASE, "CHILDDESK_LANG": "zh"},
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def test_check_names_every_damaged_record_and_exits_3(planted: Planted) -> None:
    result = run(planted.folder, "check")
    output = result.stdout + result.stderr
    as_json = run(planted.folder, "check", "--json")
    report = json.loads(as_json.stdout)
    named = {d["id"]: d["damage"] for d in report["damaged"]}
    missed = sum(
        1
        for record_id, damage in planted.damage.items()
        if record_id not in output or named.get(record_id) != damage.name.lower()
    )
    missed += planted.cells - len(planted.damage) if len(named) < len(planted.damage) else 0
    record("damaged", planted.cells, missed=missed)
    assert "Traceback" not in output + as_json.stderr
    assert result.returncode == 3 == as_json.returncode
    assert missed == 0, (output, named)
    assert set(named) == set(planted.damage)  # and nothing undamaged is accused
    # Each line: kind, id, what is wrong, what to do.
    line = next(x for x in output.splitlines() if planted.children[0] in x)
    assert "儿童" in line and "文本" in line and "备份恢复" in line
    visit_line = next(x for x in output.splitlines() if planted.visits[6] in x)
    assert "走访" in visit_line and "走访日期" in visit_line
    assert f"其余 {3 * CHILDREN - 7} 条记录完好" in output
    assert report["records_checked"] == 3 * CHILDREN


def test_list_todo_and_export_show_every_other_record(planted: Planted, tmp_path: Path) -> None:
    damaged_children = set(planted.children[:6])
    listed = run(planted.folder, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert "Traceback" not in listed.stderr
    assert {c["id"] for c in json.loads(listed.stdout)} == set(planted.children[6:])
    assert "7 条记录已损坏，未包括在内" in listed.stderr  # the visit too
    assert "childdesk check" in listed.stderr

    todo = run(planted.folder, "todo", "--json")
    assert todo.returncode == 0, todo.stderr
    assert "已损坏" in todo.stderr
    assert not damaged_children & {item.get("record_id") for item in json.loads(todo.stdout)}

    out = tmp_path / "台账.xlsx"
    exported = run(planted.folder, "export", str(out))
    assert exported.returncode == 0, exported.stderr
    assert "已损坏" in exported.stderr
    workbook = openpyxl.load_workbook(out, read_only=True)
    cells = {str(v) for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row}
    workbook.close()
    assert {"测试6号", "测试7号"} <= cells
    assert not {f"测试{n}号" for n in range(6)} & cells

    report = run(
        planted.folder,
        "report",
        "monthly",
        "--month",
        "2026-10",
        "--out",
        str(tmp_path / "月报.xlsx"),
    )
    assert report.returncode == 0, report.stderr
    assert "Traceback" not in report.stderr


def test_the_rest_of_the_store_keeps_working_and_loses_nothing(planted: Planted) -> None:
    store = open_store(planted.folder, passphrase=PASSPHRASE)
    try:
        after = {r.id: dict(r.fields) for r in store.records()}
        undamaged = set(planted.before) - set(planted.damage)
        assert set(after) == undamaged
        assert all(after[i] == planted.before[i] for i in undamaged)
        assert {d.record_id for d in store.read_damaged()} == set(planted.damage)
        # Every read service works on what is left.
        summaries = child_summaries(store, today=date(2026, 11, 1))
        assert {s.id for s in summaries} == set(planted.children[6:])
        reminders.reminders(store, date(2026, 11, 1))
        ledger.export_ledger(store, planted.folder.root / "out.xlsx")
        monthly_report.monthly_report(store, date(2026, 10, 1))
        assert load_children(store, today=date(2026, 11, 1)).damaged == 7
        # Reading one damaged record says which and why; a sound one still edits.
        for record_id, damage in planted.damage.items():
            with pytest.raises(CorruptRecordError) as caught:
                store.get(record_id)
            assert (caught.value.record_id, caught.value.damage) == (record_id, damage)
        store.update(planted.children[7], {"school": "递铺小学"})
        assert store.get(planted.children[7]).fields["school"] == "递铺小学"
    finally:
        store.engine.dispose()


def test_a_sync_pushes_the_rest_and_a_pull_repairs_a_damaged_record(planted: Planted) -> None:
    """An op sends its record's row (sealed once, there): the damaged rows' ops stay
    waiting and the rest go; a pulled version of a damaged record is written through the
    same sealing, reads back sound, and what waited in the damaged row is let go."""
    store = open_store(planted.folder, passphrase=PASSPHRASE)
    try:
        state = SyncState(store)
        ops = state.take_batch(500)
        assert len(ops) == 3 * CHILDREN - len(planted.damage)
        assert not {op.record_id for op in ops} & set(planted.damage)
        flipped = planted.children[2]
        assert flipped in planted.damage
        fields = {k: v for k, v in planted.before[flipped].items() if v is not None}
        server = ServerRecord(
            id=flipped,
            kind="child",
            village_code=VILLAGE,
            rev=1,
            seq=1,
            deleted=False,
            fields=fields,
            updated_by="county",
            updated_at=datetime(2026, 11, 1, tzinfo=UTC),
        )
        state.apply_page([Change(seq=1, record_id=flipped, in_scope=True, record=server)], 1)
        assert store.get(flipped).fields["name"] == "测试2号"
        assert store.get(flipped).sync_state == "synced"
        assert flipped not in {d.record_id for d in store.check().damaged}
    finally:
        store.engine.dispose()


@pytest.mark.parametrize(
    ("kind_index", "statement"),
    [
        (0, "update records set clear = replace(clear, 'false', 'true') where id = ?"),
        (1, "update records set clear = replace(clear, '2026-10', '2026-09') where id = ?"),
        (1, "update records set clear = replace(clear, 'regular', 'key_check') where id = ?"),
        (2, "update records set clear = replace(clear, 'mother', 'father') where id = ?"),
        (1, "update records set child_id = 'moved' where id = ?"),
        (1, "update records set kind = 'referral' where id = ?"),
    ],
)
def test_any_edit_of_a_clear_column_is_detected(
    store: CaseStore, folder: DataDir, kind_index: int, statement: str
) -> None:
    child = store.create("child", _child(1))
    visit = store.create("visit", {"child_id": child, "visit_date": "2026-10-02", "visitor": "李"})
    member = store.create("family_member", {"child_id": child, "relation": "mother"})
    target = (child, visit, member)[kind_index]
    _sql(folder.database, statement, target)
    report = store.check()
    assert not report.ok
    assert [d.record_id for d in report.damaged] == [target]
    assert target not in {r.id for r in store.records()}


def test_a_text_cell_that_is_not_utf8_in_another_column_is_named(
    store: CaseStore, folder: DataDir
) -> None:
    good = store.create("child", _child(1))
    bad = store.create("child", _child(2))
    _sql(
        folder.database, "update records set created_by = CAST(X'FFFE41' AS TEXT) where id = ?", bad
    )
    assert [r.id for r in store.records("child")] == [good]
    report = store.check()
    assert [(d.record_id, d.damage) for d in report.damaged] == [(bad, Damage.UNREADABLE)]
    with pytest.raises(CorruptRecordError):
        store.get(bad)


def test_a_store_of_the_old_format_is_resealed_at_unlock(tmp_path: Path) -> None:
    """store-0004.sqlite: sealed before the clear fields were covered. Its file is copied
    aside, every record is resealed in one go, nothing is lost, and from then on an edit
    of a clear field is caught (it was not before)."""
    folder = DataDir(tmp_path / "data")
    folder.root.mkdir()
    shutil.copy(FIXTURE_0004, folder.database)
    old = sqlite3.connect(folder.database)
    before = dict(old.execute("select id, sealed from records").fetchall())
    old.close()

    store = open_store(folder, passphrase=FIXTURE_PASSPHRASE)
    try:
        children = {c.fields["name"]: c for c in store.records("child")}
        assert sorted(children) == ["冯一航", "褚三乐", "陈二妮"]
        assert children["冯一航"].fields["risk_level"] == "high"
        visit_dates = {str(v.fields["visit_date"]) for v in store.records("visit")}
        assert visit_dates == {"2026-09-15", "2026-02-15", "2026-04-15"}
        assert len(store.records("family_member")) == 3
        report = store.check()
        assert report.ok, report.problems
        assert (report.records_checked, report.outbox_checked) == (9, 9)
        after = sqlite3.connect(folder.database)
        resealed = dict(after.execute("select id, sealed from records").fetchall())
        marker = after.execute("select 1 from meta where key = ?", (RESEAL_MARKER,)).fetchall()
        after.close()
        assert set(resealed) == set(before)
        assert all(resealed[i] != before[i] for i in before)  # every record resealed
        assert marker == []
        (aside,) = (folder.root / "backups").glob("*.sqlite")
        assert "from-0004" in aside.name
        # Now the risk level is covered by the record's authentication.
        high = children["冯一航"].id
        store.engine.dispose()
        _sql(
            folder.database,
            "update records set clear = replace(clear, 'high', 'low') where id = ?",
            high,
        )
        store = open_store(folder, passphrase=FIXTURE_PASSPHRASE)
        assert [d.record_id for d in store.check().damaged] == [high]
    finally:
        store.engine.dispose()


def test_a_damaged_old_record_is_left_for_check_and_the_others_resealed(tmp_path: Path) -> None:
    folder = DataDir(tmp_path / "data")
    folder.root.mkdir()
    shutil.copy(FIXTURE_0004, folder.database)
    connection = sqlite3.connect(folder.database)
    (victim,) = connection.execute("select id from records where kind = 'visit' limit 1").fetchone()
    connection.close()
    _sql(folder.database, "update records set sealed = CAST(sealed AS TEXT) where id = ?", victim)
    store = open_store(folder, passphrase=FIXTURE_PASSPHRASE)
    try:
        assert len(store.records()) == 8
        assert [(d.record_id, d.damage) for d in store.check().damaged] == [
            (victim, Damage.NOT_BYTES)
        ]
    finally:
        store.engine.dispose()
