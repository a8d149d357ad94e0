"""Dates at the edges already on a laptop (issue 16): every command still answers.

The records are written the way a pull writes the server's versions (no validation on
the laptop, as for old data or another device's), then ``list``, ``todo``, ``export``,
the monthly report and ``show`` run through the real ``childdesk`` command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from casework.protocol import Change, ServerRecord
from desktop.services.datadir import DataDir, init_store, open_store
from desktop.sync.state import SyncState

PASSPHRASE = "qiaoliang-4417-mudan-yuntai"
VILLAGE = "330523101001"
MIGRANT = [{"kind": "migrant_work", "since": "2024-01-01"}]


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "CHILDDESK_PASSPHRASE": PASSPHRASE},
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def answered(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    return result.stdout


class Pulled:
    """Records as a pull writes them: the server's fields, unchecked on the laptop."""

    def __init__(self) -> None:
        self.changes: list[Change] = []

    def add(self, kind: str, fields: dict[str, Any]) -> str:
        record_id = str(uuid.uuid4())
        seq = len(self.changes) + 1
        record = ServerRecord(
            id=record_id,
            kind=kind,  # type: ignore[arg-type]
            village_code=VILLAGE,
            rev=1,
            seq=seq,
            deleted=False,
            fields=fields,
            updated_by="县中心",
            updated_at=datetime.now(UTC),
        )
        self.changes.append(Change(seq=seq, record_id=record_id, in_scope=True, record=record))
        return record_id

    def child(self, name: str, **fields: Any) -> str:
        return self.add("child", {"name": name, "gender": "male", **fields})

    def of(self, child_id: str, kind: str, **fields: Any) -> str:
        return self.add(kind, {"child_id": child_id, **fields})


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = DataDir(tmp_path_factory.mktemp("edges") / "data")
    store = init_store(folder, village_code=VILLAGE, passphrase=PASSPHRASE, user="director1")
    pulled = Pulled()
    # The child: a 低保 certificate "valid until 9999-12-31", and every other date
    # of the file at one end of the calendar or the other.
    forever = pulled.child(
        "王永远", birth_date="2015-03-01", family_assistance="dibao",
        assistance_valid_until="9999-12-31",
    )  # fmt: skip
    pulled.of(forever, "visit", visit_date="9999-12-31", visitor="李主任",
              next_visit_due="9999-12-31")  # fmt: skip
    pulled.of(forever, "family_member", relation="father", name="王父", situations=[
        {"kind": "imprisoned", "since": "9999-12-31"},
        {"kind": "lost_contact", "since": "0001-01-01", "until": "9999-12-31"},
    ])  # fmt: skip
    pulled.of(forever, "entrustment", guardian_name="王爷爷", status="signed",
              signed_date="0001-01-01", valid_until="9999-12-31")  # fmt: skip
    pulled.of(forever, "mandatory_report", trigger="missing", filed=True,
              found_at="0001-01-01T00:00:00+14:00", reported_at="9999-12-31T23:59:59-14:00",
              police_station="递铺派出所", follow_up_status="open")  # fmt: skip
    pulled.of(forever, "referral", department="health", need="体检",
              referred_on="9999-12-31", status="open")  # fmt: skip
    # Born in year 1, certificate ended in year 1: long out of scope.
    ancient = pulled.child(
        "钱元年", birth_date="0001-01-01", family_assistance="dibao_edge",
        assistance_valid_until="0001-01-01",
    )  # fmt: skip
    pulled.of(ancient, "visit", visit_date="0001-01-01", visitor="李主任")
    # Values that name no day at all.
    unreadable = pulled.child(
        "孙不明", birth_date="1900-02-29", family_assistance="dibao", assistance_valid_until="",
    )  # fmt: skip
    pulled.of(unreadable, "visit", visit_date="", visitor="李主任",
              next_visit_due="99999-01-01")  # fmt: skip
    pulled.of(unreadable, "visit", visit_date=None, visitor="李主任")
    pulled.of(unreadable, "entrustment", guardian_name="孙奶奶", status="signed",
              signed_date="2026-02-30", valid_until=20261231)  # fmt: skip
    pulled.of(unreadable, "mandatory_report", trigger="missing", filed=True, found_at="",
              reported_at="+12345-01-01T00:00:00", follow_up_status="open")  # fmt: skip
    pulled.of(unreadable, "referral", department="health", need="体检", referred_on="1900-02-29",
              status="open")  # fmt: skip
    # A child with good data beside them: still classified and reminded of.
    good = pulled.child("李正常", birth_date="2015-05-01", risk_level="high", key_child=True)
    for relation in ("father", "mother"):
        pulled.of(good, "family_member", relation=relation, name=f"李{relation}",
                  situations=MIGRANT)  # fmt: skip
    SyncState(store).apply_page(pulled.changes, len(pulled.changes))
    ids = {"forever": forever, "ancient": ancient, "unreadable": unreadable, "good": good}
    return folder.root, ids


def test_list_survives_and_says_what_it_can(data: tuple[Path, dict[str, str]]) -> None:
    root, ids = data
    listed = {c["id"]: c for c in json.loads(answered(run(root, "list", "--json")))}
    assert set(listed) == set(ids.values())
    assert listed[ids["good"]]["categories"] == ["left_behind"]
    assert "low_income_family" in listed[ids["forever"]]["categories"]
    assert listed[ids["forever"]]["next_visit_due"] == "9999-12-31"  # clamped, not raised
    assert listed[ids["ancient"]]["categories"] == []  # aged out long ago
    assert listed[ids["unreadable"]]["categories"] == []  # no birth date known
    assert listed[ids["unreadable"]]["last_visit"] is None
    assert "王永远" in answered(run(root, "list"))


def test_todo_survives_and_keeps_the_good_childs_reminder(
    data: tuple[Path, dict[str, str]],
) -> None:
    root, ids = data
    items = json.loads(answered(run(root, "todo", "--json")))
    assert any(i["child_id"] == ids["good"] and i["kind"].startswith("visit") for i in items)
    # The certificate that ended in year 1 is reminded of, as any expired one.
    assert any(
        i["child_id"] == ids["ancient"] and i["kind"] == "certificate_expired" for i in items
    )
    answered(run(root, "todo"))


def test_export_survives_and_lists_every_child(
    data: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root, _ = data
    out = tmp_path / "台账.xlsx"
    assert "4" in answered(run(root, "export", str(out)))
    workbook = openpyxl.load_workbook(out, read_only=True)
    names = {
        row[0]
        for sheet in workbook.worksheets[1:]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert {"王永远", "钱元年", "孙不明", "李正常"} <= {str(n) for n in names if n}


def test_monthly_report_survives(data: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    root, _ = data
    month = f"{date.today():%Y-%m}"
    out = tmp_path / "月报.xlsx"
    answered(run(root, "report", "monthly", "--month", month, "--out", str(out)))
    assert out.stat().st_size > 0


@pytest.mark.parametrize("month", ["9999-12", "0000-01", "0001-01"])
def test_a_month_at_the_edges_is_refused_in_words(
    data: tuple[Path, dict[str, str]], tmp_path: Path, month: str
) -> None:
    root, _ = data
    result = run(root, "report", "monthly", "--month", month, "--out", str(tmp_path / "m.xlsx"))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert "1990-01" in result.stderr and "2100-12" in result.stderr


@pytest.mark.parametrize("who", ["forever", "ancient", "unreadable", "good"])
def test_show_survives(data: tuple[Path, dict[str, str]], who: str) -> None:
    root, ids = data
    shown = json.loads(answered(run(root, "show", ids[who][:8], "--json")))
    assert shown["id"] == ids[who]
    if who == "unreadable":  # the file is shown, and what stops the rules is named
        assert "1900-02-29" in shown["eligibility"]["problem"]["zh"]
        assert "无法判断儿童类别" in answered(run(root, "show", ids[who][:8]))
    else:
        assert "categories" in shown["eligibility"]
        answered(run(root, "show", ids[who][:8]))


def test_the_pages_survive(data: tuple[Path, dict[str, str]]) -> None:
    """What the window's pages read (their Qt-free use cases), on the same records."""
    from desktop.usecases import children as usecases
    from desktop.usecases import statistics as usecases_statistics
    from desktop.usecases import supervision as usecases_supervision
    from desktop.usecases import todo as usecases_todo

    root, ids = data
    store = open_store(DataDir(root), passphrase=PASSPHRASE)
    today = date.today()
    try:
        children = usecases.load_children(store, today=today)
        assert {s.id for s in children.summaries} == set(ids.values())
        for child_id in ids.values():
            assert usecases.load_child_file(store, child_id=child_id, today=today)
        todo = usecases_todo.load_todo(store, today=today)
        assert any(item.child_id == ids["good"] for item in todo)
        assert usecases_statistics.load_statistics(store, today=today)
        assert usecases_supervision.supervision_overview(store, today=today)
    finally:
        store.engine.dispose()
