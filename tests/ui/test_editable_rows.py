"""The ledger intake's two tables on models (issue 19 item 7): the field a column fills is
chosen in a combo box on every row, each update has a tick box, and what the director
changed is what the dialog decides."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from casework.ids import make_id_number
from casework.ledger_vocabulary import SKIP
from desktop.models.store import CaseStore
from desktop.services.ledger_intake import UPDATE, plan_import, read_ledger
from desktop.ui.dialogs.ledger_intake import (
    FILLS_COLUMN,
    STATUS_COLUMN,
    IntakeDecision,
    IntakeDialog,
)
from desktop.ui.table_models.editable_rows import EditableRow, EditableRowsModel
from tests.county_ledgers import write_rows_csv
from tests.ui.conftest import add_child

CHECK = Qt.ItemDataRole.CheckStateRole
EDIT = Qt.ItemDataRole.EditRole


def test_the_model_keeps_ticks_and_choices() -> None:
    model = EditableRowsModel(
        lambda: ("a", "b"),
        check_column=0,
        choice_column=1,
        choices=[("Name", "name"), ("not imported", "skip")],
    )
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_rows(
        [
            EditableRow(texts=("x", ""), payload="k1", checked=True, choice="name"),
            EditableRow(texts=("y", ""), payload="k2", choice="skip"),  # no tick box
        ]
    )
    first, second = model.index(0, 0), model.index(1, 0)
    assert first.data(CHECK) == Qt.CheckState.Checked and second.data(CHECK) is None
    assert model.flags(first) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.flags(second) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.flags(first) & Qt.ItemFlag.ItemIsEditable  # only the choice is edited
    assert model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert model.index(0, 1).data() == "Name" and model.index(0, 1).data(EDIT) == "name"
    assert model.checked_payloads() == ["k1"]
    assert model.setData(first, Qt.CheckState.Unchecked.value, CHECK)  # as the view sends it
    assert model.checked_payloads() == []
    assert model.setData(first, Qt.CheckState.Checked, CHECK)
    assert not model.setData(second, Qt.CheckState.Checked, CHECK)
    assert model.checked_payloads() == ["k1"]
    model.set_choice(0, "skip")
    assert model.choice(0) == "skip" and model.index(0, 1).data() == "not imported"
    assert not model.setData(model.index(0, 1), "no such field", EDIT)


def _row(name: str, sequence: int, school: str) -> dict[str, str]:
    id_number = make_id_number("330523", date(2015, 3, 8), sequence)
    return {
        "姓名": name,
        "出生日期": "2015-03-08",
        "公民身份号码": id_number,
        "就读学校": school,
        "建档日期": "2020-01-01",
    }


def _update_plan(store: CaseStore, tmp_path: Path) -> IntakeDialog:
    add_child(store, "王小明", sequence=111, school="城关小学")
    add_child(store, "李小红", sequence=222, school="城关小学")
    rows = [_row("王小明", 111, "古城小学"), _row("李小红", 222, "古城小学")]
    plan = plan_import(store, read_ledger(write_rows_csv(tmp_path / "台账.csv", rows)))
    assert plan.count(UPDATE) == 2
    return IntakeDialog(plan)


def test_updates_are_ticked_and_a_click_unticks_one(
    qtbot: QtBot, store: CaseStore, tmp_path: Path
) -> None:
    dialog = _update_plan(store, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.preview_table.model()
    keys = dialog.accepted_updates()
    assert len(keys) == 2
    statuses = [model.index(r, STATUS_COLUMN) for r in range(model.rowCount())]
    assert all(i.data(CHECK) == Qt.CheckState.Checked for i in statuses)
    # A click on the first row's tick box, where the style draws it.
    table = dialog.preview_table
    rect = table.visualRect(statuses[0])
    option = QStyleOptionViewItem()
    option.initFrom(table)
    option.rect = rect
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = table.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=box.center())
    assert statuses[0].data(CHECK) == Qt.CheckState.Unchecked
    assert len(dialog.accepted_updates()) == 1
    decisions: list[IntakeDecision] = []
    dialog.decided.connect(decisions.append)
    dialog.import_button.click()
    [decision] = decisions
    assert decision.action == "import" and decision.accepted == dialog.accepted_updates()
    assert decision.accepted < keys


def test_each_column_has_a_combo_box_and_a_choice_remaps(
    qtbot: QtBot, store: CaseStore, tmp_path: Path
) -> None:
    dialog = _update_plan(store, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.mapping_table
    model = table.model()
    combos = [table.indexWidget(model.index(r, FILLS_COLUMN)) for r in range(model.rowCount())]
    assert model.rowCount() == 5 and all(isinstance(c, QComboBox) for c in combos)
    headers = [model.index(r, 1).data() for r in range(model.rowCount())]
    school = combos[headers.index("就读学校")]
    assert isinstance(school, QComboBox) and school.currentData() != SKIP
    # Picking in the combo box is what the dialog decides with.
    school.setCurrentIndex(school.findData(SKIP))
    [mapping] = dialog.chosen_mapping().values()
    assert mapping["就读学校"] == SKIP
    # set_target (the tests' and the page's way) shows in the combo box too.
    dialog.set_target("姓名", SKIP)
    name = combos[headers.index("姓名")]
    assert isinstance(name, QComboBox) and name.currentData() == SKIP
    decisions: list[IntakeDecision] = []
    dialog.decided.connect(decisions.append)
    dialog.import_button.click()  # columns changed since this preview: preview them first
    [decision] = decisions
    assert decision.action == "remap"
    assert decision.mapping == dialog.chosen_mapping()
