"""Figures count the dates of the work, not the day it was typed in (issue 22).

Every record here is typed in today; the dates it holds are in the past. The figures of
each past month must come out as they stood on that month's last day.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from casework.category_history import CategoryHistory
from casework.eligibility import add_months, classify
from casework.facts import facts_from_records
from casework.opening import opening
from desktop.models.store import CaseStore
from desktop.models.tables import Record
from desktop.services.ledger_intake import apply_import, plan_import, read_ledger
from desktop.services.month_figures import month_end, month_figures
from desktop.services.monthly_report import footnote, monthly_report
from tests.county_ledgers import write_rows_csv

THIS_MONTH = date.today().replace(day=1)
# The six whole months before this one, oldest first.
PAST = [add_months(THIS_MONTH, -back) for back in range(6, 0, -1)]


def _child(name: str, **extra: str) -> dict[str, str]:
    row = {"姓名": name, "性别": "女", "出生日期": "2016-05-01", "父亲情况": "外出务工",
           "母亲情况": "外出务工", "是否重点儿童": "否", "建档日期": "2020-03-01"}  # fmt: skip
    row.update(extra)
    return row


def _import(store: CaseStore, path: Path, **options: Any) -> dict[str, str]:
    plan = plan_import(store, read_ledger(path))
    apply_import(store, plan, **options)
    return {c.fields["name"]: c.id for c in store.records("child")}


def _visit(store: CaseStore, child: str, day: date) -> None:
    store.create("visit", {"child_id": child, "visit_date": day.isoformat(), "visitor": "李主任"})


def _figures(store: CaseStore, month: date) -> tuple[int, int, int, int, int]:
    t = month_figures(store, month).totals
    return t.children, t.in_scope, t.visits_due, t.due_visited, t.visits_done


def test_a_ledger_imported_today_with_six_months_of_visits(
    store: CaseStore, tmp_path: Path
) -> None:
    path = write_rows_csv(
        tmp_path / "台账.csv",
        [_child("安安", 是否重点儿童="是"), _child("贝贝"), _child("丛丛")],
    )
    kids = _import(store, path)
    # 安安 (key child: monthly) visited on the 10th of each month; 贝贝 (quarterly) in the
    # first and the fourth month; 丛丛 never: each typed in today.
    for month in PAST:
        _visit(store, kids["安安"], month.replace(day=10))
    for month in (PAST[0], PAST[3]):
        _visit(store, kids["贝贝"], month.replace(day=15))
    expected = {  # (on file, in a category, due, of those visited, visits)
        PAST[0]: (3, 3, 3, 2, 2),  # nobody visited before: all three due since 2020
        PAST[1]: (3, 3, 2, 1, 1),  # 贝贝 next due three months on
        PAST[2]: (3, 3, 2, 1, 1),
        PAST[3]: (3, 3, 3, 2, 2),
        PAST[4]: (3, 3, 2, 1, 1),
        PAST[5]: (3, 3, 2, 1, 1),
    }
    assert {month: _figures(store, month) for month in PAST} == expected
    for month in PAST:
        report = monthly_report(store, month)
        assert report.totals.new_cases == 0  # on the ledger since 2020, not new today
        assert [r.child_name for r in report.overdue] == ["丛丛"]
    # The month before the files were opened has nothing; the month they were, three new.
    assert _figures(store, date(2020, 2, 1)) == (0, 0, 0, 0, 0)
    assert monthly_report(store, date(2020, 3, 1)).totals.new_cases == 3


def test_a_visit_typed_a_week_late_counts_in_its_own_month(
    store: CaseStore, tmp_path: Path
) -> None:
    kids = _import(store, write_rows_csv(tmp_path / "台账.csv", [_child("安安")]))
    last_day = month_end(PAST[-1])
    _visit(store, kids["安安"], last_day)  # typed in today, in the month after (or later)
    month = monthly_report(store, PAST[-1])
    assert (month.totals.visits_due, month.totals.due_visited, month.totals.visits_done) == (
        1,
        1,
        1,
    )
    assert monthly_report(store, THIS_MONTH).totals.visits_done == 0


def test_a_child_closed_in_october_is_not_in_novembers_figures(store: CaseStore) -> None:
    # Both parents away until 2025-10-15, when the mother came home: no longer left behind.
    child = store.create(
        "child",
        {"name": "丁丁", "gender": "male", "birth_date": "2016-05-01", "opened_on": "2024-01-05"},
    )
    store.create("family_member", {"child_id": child, "relation": "father",
                                    "situations": [{"kind": "migrant_work"}]})  # fmt: skip
    store.create(
        "family_member",
        {"child_id": child, "relation": "mother",
         "situations": [{"kind": "migrant_work", "since": "2020-01-01", "until": "2025-10-15"}]},
    )  # fmt: skip
    _visit(store, child, date(2025, 6, 20))
    october = monthly_report(store, date(2025, 10, 1))
    november = monthly_report(store, date(2025, 11, 1))
    september = monthly_report(store, date(2025, 9, 1))
    assert (september.totals.in_scope, september.totals.visits_due) == (1, 1)  # due 20 Sep
    assert [r.child_name for r in october.closed_cases] == ["丁丁"]
    assert (october.totals.in_scope, october.totals.closed_cases) == (0, 1)
    t = november.totals
    assert (t.in_scope, t.visits_due, t.closed_cases, t.new_cases) == (0, 0, 0, 0)
    assert november.overdue == [] and november.closed_cases == []
    assert t.children == 1  # still on file, in no figure of care


def test_a_past_month_counted_today_is_what_it_was_on_its_last_day(store: CaseStore) -> None:
    child = store.create(
        "child", {"name": "范范", "gender": "female", "birth_date": "2009-11-20",
                  "opened_on": "2023-02-01"},
    )  # fmt: skip
    for relation in ("father", "mother"):
        store.create("family_member", {"child_id": child, "relation": relation,
                                        "situations": [{"kind": "migrant_work"}]})  # fmt: skip
    # Turned 16 on 2025-11-20: in November's figures, out of December's (closed in it).
    november = monthly_report(store, date(2025, 11, 1))
    december = monthly_report(store, date(2025, 12, 1))
    assert november.totals.closed_cases == 1 and november.totals.in_scope == 0
    october = monthly_report(store, date(2025, 10, 1))
    assert october.totals.in_scope == 1
    assert [(r.child_name, r.day) for r in october.changes_next_month] == [
        ("范范", date(2025, 11, 20))
    ]
    assert december.totals.closed_cases == 0
    assert "2025-10-31" in footnote(october)


def test_a_ledger_without_an_opening_column_takes_the_date_asked(
    store: CaseStore, tmp_path: Path
) -> None:
    rows = [{k: v for k, v in _child(name).items() if k != "建档日期"} for name in ("甲", "乙")]
    path = write_rows_csv(tmp_path / "台账.csv", rows)
    plan = plan_import(store, read_ledger(path))
    assert (plan.has_opening_column, plan.without_opening) == (False, 2)
    apply_import(store, plan, opened_on=date(2021, 9, 1))
    assert {c.fields["opened_on"] for c in store.records("child")} == {"2021-09-01"}
    assert monthly_report(store, date(2021, 9, 1)).totals.new_cases == 2
    assert monthly_report(store, THIS_MONTH).totals.new_cases == 0


def test_an_older_record_falls_back_to_its_first_visit_or_its_typing_day(
    store: CaseStore,
) -> None:
    seen = store.create("child", {"name": "甲", "gender": "male", "birth_date": "2016-01-01"})
    unseen = store.create("child", {"name": "乙", "gender": "male", "birth_date": "2016-01-01"})
    with store.engine.begin() as connection:
        connection.execute(
            update(Record)
            .where(Record.id.in_([seen, unseen]))
            .values(created_at=datetime(2024, 6, 1, 9))
        )
    _visit(store, seen, date(2024, 3, 3))
    report = monthly_report(store, date(2024, 3, 1))
    assert [r.child_name for r in report.new_cases] == ["甲"]
    assert report.inferred_openings == 1 and "1 名儿童档案中没有建档日期" in footnote(report)
    assert opening({}, typed_on=date(2024, 6, 1), visit_days=[]).source == "typed"


@pytest.mark.parametrize(
    "day",
    [date(2010, 5, 1), date(2026, 5, 1), date(2026, 5, 2), date(2026, 11, 1), date(2027, 5, 1),
     date(2028, 5, 1), date(2030, 12, 31), date(2034, 5, 1), date(2034, 5, 2)],
)  # fmt: skip
def test_category_history_agrees_with_the_rules_on_every_day(day: date) -> None:
    child = {"name": "x", "gender": "male", "birth_date": "2018-05-01",
             "family_assistance": "dibao", "assistance_valid_until": "2026-04-30"}  # fmt: skip
    members = [
        {"relation": "father", "situations": [{"kind": "imprisoned", "since": "2026-05-01"}]},
        {"relation": "mother",
         "situations": [{"kind": "migrant_work", "since": "2020-01-01", "until": "2027-04-30"}]},
    ]  # fmt: skip
    history = CategoryHistory(child, members)
    history.categories(date(2026, 1, 1))  # a classification it might wrongly reuse
    try:
        expected = tuple(classify(facts_from_records(child, members, as_of=day)).categories)
    except ValueError:
        expected = ()
    assert history.categories(day) == expected


def test_the_demo_county_has_figures_in_past_months(store: CaseStore) -> None:
    from desktop.demo.people import make_county
    from desktop.models.store import NewRecord

    village = make_county(children=120, demo_share=1.0)[0]
    store.create_many([NewRecord(r.kind, r.fields, r.id) for r in village.records])
    reports = [monthly_report(store, month) for month in PAST]
    assert all(r.totals.children > 0 and r.totals.visits_due > 0 for r in reports)
    assert sum(r.totals.due_visited for r in reports) > 0
    assert sum(r.totals.new_cases for r in reports) > 0  # files opened in past months
    assert all(r.inferred_openings == 0 for r in reports)


def test_the_workbook_lists_the_children_behind_each_figure(
    store: CaseStore, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from desktop.services.monthly_report_xlsx import write_monthly_report_xlsx

    kids = _import(store, write_rows_csv(tmp_path / "台账.csv", [_child("安安"), _child("贝贝")]))
    _visit(store, kids["安安"], PAST[-1].replace(day=5))
    path = tmp_path / "月报.xlsx"
    write_monthly_report_xlsx(monthly_report(store, PAST[-1]), path)
    workbook = load_workbook(path)
    summary = [r[0] for r in workbook["概况"].iter_rows(values_only=True) if r[0]]
    assert any(str(text).startswith("统计口径") for text in summary)
    rows = list(workbook["儿童明细"].iter_rows(values_only=True))
    header, body = rows[0], {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert header[:3] == ("儿童", "村（社区）", "建档日期")
    assert body["安安"]["应走访"] == "是" and body["安安"]["已走访"] == "是"
    assert body["贝贝"]["应走访"] == "是" and body["贝贝"]["已走访"] is None
    assert body["安安"]["建档日期"] == "2020-03-01" and body["安安"]["建档日期来源"] == "档案"


def test_the_ledger_column_and_its_village_words() -> None:
    from casework.ledger import HEADERS
    from casework.ledger_vocabulary import resolve

    assert "建档日期" in HEADERS
    assert {resolve(word) for word in ("建档时间", "建档日期", "建档")} == {"建档日期"}


def test_the_cli_asks_for_no_date_but_says_which_it_used(tmp_path: Path) -> None:
    from tests.desktop.test_cli import run

    data = tmp_path / "data"
    assert run(data, "init", "--village", "330523101001").returncode == 0
    rows = [{k: v for k, v in _child(name).items() if k != "建档日期"} for name in ("甲", "乙")]
    first = write_rows_csv(tmp_path / "甲.csv", rows[:1])
    second = write_rows_csv(tmp_path / "乙.csv", rows[1:])
    today = run(data, "import", str(first))
    assert today.returncode == 0, today.stderr
    assert f"建档日期记为 {date.today().isoformat()}（今天" in today.stdout
    given = run(data, "import", str(second), "--opened-on", "2022-04-01")
    assert given.returncode == 0, given.stderr
    assert "建档日期记为 2022-04-01（--opened-on 指定）" in given.stdout
    bad = run(data, "import", str(second), "--opened-on", "2022/04/01")
    assert bad.returncode == 1 and "--opened-on" in bad.stderr


def test_a_referral_counts_in_the_state_it_had_at_each_months_end(store: CaseStore) -> None:
    child = store.create("child", {"name": "戊戊", "gender": "male", "birth_date": "2016-01-01"})
    store.create(
        "referral",
        {"child_id": child, "department": "education", "need": "课后辅导",
         "referred_on": "2025-09-20", "accepted_on": "2025-10-08", "closed_on": "2025-11-03",
         "status": "done", "outcome": "已安排"},
    )  # fmt: skip
    states = {
        month: dict(monthly_report(store, month).referral_states)
        for month in (date(2025, 9, 1), date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1))
    }
    assert states[date(2025, 9, 1)]["open"] == 1
    assert states[date(2025, 10, 1)]["in_progress"] == 1
    assert states[date(2025, 11, 1)]["done"] == 1
    assert sum(states[date(2025, 12, 1)].values()) == 0  # settled before December began
