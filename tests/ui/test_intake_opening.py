"""The intake dialog asks once for the 建档日期 a ledger does not give (issue 22)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from desktop.models.store import CaseStore
from desktop.services.ledger_intake import apply_import, plan_import, read_ledger
from desktop.ui.dialogs.ledger_intake import IntakeDecision, IntakeDialog
from tests.county_ledgers import write_rows_csv


def _ledger(path: Path, *, opened: str | None) -> Path:
    rows = [{"姓名": name, "性别": "女", "出生日期": "2016-05-01", "父亲情况": "外出务工",
             "母亲情况": "外出务工"} for name in ("甲", "乙")]  # fmt: skip
    if opened is not None:
        for row in rows:
            row["建档时间"] = opened
    return write_rows_csv(path, rows)


def test_the_date_is_asked_once_and_goes_with_the_import(
    qtbot: QtBot, store: CaseStore, tmp_path: Path
) -> None:
    plan = plan_import(store, read_ledger(_ledger(tmp_path / "台账.csv", opened=None)))
    dialog = IntakeDialog(plan)
    qtbot.addWidget(dialog)
    dialog.show()
    box = dialog.findChild(type(dialog.opened_on), "intake_opened_on")
    assert box is dialog.opened_on and box.isVisible()
    assert dialog.opened_on.date() == QDate(plan.today.year, plan.today.month, plan.today.day)
    assert "台账没有建档日期列" in dialog.opening_label.text()
    dialog.opened_on.setDate(QDate(2019, 9, 1))
    decisions: list[IntakeDecision] = []
    dialog.decided.connect(decisions.append)
    dialog.import_button.click()
    [decision] = decisions
    assert decision.action == "import" and decision.opened_on == date(2019, 9, 1)
    apply_import(store, plan, opened_on=decision.opened_on)
    assert {c.fields["opened_on"] for c in store.records("child")} == {"2019-09-01"}


def test_a_ledger_with_its_own_dates_is_not_asked(
    qtbot: QtBot, store: CaseStore, tmp_path: Path
) -> None:
    plan = plan_import(store, read_ledger(_ledger(tmp_path / "台账.csv", opened="2018年3月5日")))
    assert plan.has_opening_column and plan.without_opening == 0
    dialog = IntakeDialog(plan)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.opened_on.isVisible() and dialog.chosen_opening() is None
    apply_import(store, plan)
    assert {c.fields["opened_on"] for c in store.records("child")} == {"2018-03-05"}
