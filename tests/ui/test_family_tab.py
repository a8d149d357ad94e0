"""Family and guardianship in the child's file: parents' situations with dates, the
entrusted guardian, entrustments; inline problems; categories follow; drafts on lock."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.ui.dialogs.child_file import ChildFileDialog, Tab
from desktop.ui.widgets.records_panel import RecordsPanel
from tests.ui.conftest import add_child, type_text
from tests.ui.test_child_file import open_file


def choose(combo: QComboBox, data: object) -> None:
    combo.setCurrentIndex(combo.findData(data))


def add_parent(qtbot: QtBot, panel: RecordsPanel, relation: str, name: str, since: str) -> None:
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    choose(panel.form.widget("relation"), relation)
    type_text(qtbot, panel.form.widget("name"), name)
    assert panel.situations is not None
    qtbot.mouseClick(panel.situations.add_button, Qt.MouseButton.LeftButton)
    row = panel.situations.rows()[-1]
    choose(row.kind, "migrant_work")
    type_text(qtbot, row.since, since)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.status.text() == "已保存。", panel.status.text()


def test_parents_away_make_the_child_left_behind(
    qtbot: QtBot, folder: DataDir, store: CaseStore
) -> None:
    child_id = add_child(store, "王小明", birth="2015-03-08")
    _session, dialog = open_file(qtbot, folder, store, child_id)
    assert dialog.tabs.tabText(Tab.FAMILY) == "家庭监护情况"
    assert dialog.categories_view.toPlainText().startswith("在保障范围内，但不属于任何类别")
    panel = dialog.members
    dialog.tabs.setCurrentIndex(Tab.FAMILY)

    # A parent serving a sentence needs the date it started: said as it is chosen.
    choose(panel.form.widget("relation"), "father")
    type_text(qtbot, panel.form.widget("name"), "王大")
    assert panel.situations is not None
    qtbot.mouseClick(panel.situations.add_button, Qt.MouseButton.LeftButton)
    row = panel.situations.rows()[0]
    choose(row.kind, "imprisoned")
    assert not panel.form.general_error.isHidden()
    assert "需要填写开始日期" in panel.form.general_error.text()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert "未保存" in panel.status.text()
    assert store.records("family_member") == []
    # A bad phone number is refused at its field.
    type_text(qtbot, panel.form.widget("phone"), "12345")
    assert panel.form.error_label("phone").text().startswith("不是有效的电话号码")
    panel.form.widget("phone").clear()
    # Working away instead, since 2020: saved.
    choose(row.kind, "migrant_work")
    type_text(qtbot, row.since, "2020-01-01")
    assert panel.form.general_error.isHidden()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.status.text() == "已保存。"
    add_parent(qtbot, panel, "mother", "李二", "2021-06-01")

    members = store.records("family_member", child_id=child_id)
    assert sorted(m.fields["relation"] for m in members) == ["father", "mother"]
    father = next(m for m in members if m.fields["relation"] == "father")
    assert father.fields["situations"] == [
        {
            "kind": "migrant_work",
            "since": "2020-01-01",
            "until": None,
            "category": None,
            "grade": None,
        }
    ]
    assert panel.model.rowCount() == 2
    assert panel.model.index(0, 0).data() == "父亲"
    assert panel.model.index(0, 2).data() == "外出务工"
    # The categories tab follows: left behind, with the reason and the coming change.
    text = dialog.categories_view.toPlainText()
    assert text.startswith("农村留守儿童")
    assert "2031-03-08" in text

    # Picking the father again shows his situation; a second row can end it.
    panel.table.clicked.emit(panel.model.index(0, 0))
    assert panel.form.values()["name"] == "王大"
    assert [r.value()["kind"] for r in panel.situations.rows()] == ["migrant_work"]


def test_entrustment_rules_inline_and_saved(
    qtbot: QtBot, folder: DataDir, store: CaseStore
) -> None:
    child_id = add_child(store, "李小红", sequence=222)
    _session, dialog = open_file(qtbot, folder, store, child_id)
    panel = dialog.entrustments
    dialog.tabs.setCurrentIndex(Tab.ENTRUSTMENTS)
    assert dialog.tabs.tabText(Tab.ENTRUSTMENTS) == "委托监护"
    type_text(qtbot, panel.form.widget("guardian_name"), "李奶奶")
    choose(panel.form.widget("status"), "signed")
    assert panel.form.error_label("signed_date").text() == "已签订的确认书需要填写签订日期"
    type_text(qtbot, panel.form.widget("signed_date"), "2026-03-01")
    type_text(qtbot, panel.form.widget("valid_until"), "2026-01-01")
    assert panel.form.error_label("valid_until").text() == "不能早于签订日期"
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert store.records("entrustment") == []
    panel.form.widget("valid_until").clear()
    type_text(qtbot, panel.form.widget("valid_until"), "2027-02-28")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    [saved] = store.records("entrustment", child_id=child_id)
    assert saved.fields["guardian_name"] == "李奶奶"
    assert saved.fields["valid_until"] == "2027-02-28"
    assert panel.model.index(0, 3).data() == "已签订"


def test_unsaved_family_edits_survive_a_lock(
    qtbot: QtBot, folder: DataDir, store: CaseStore
) -> None:
    child_id = add_child(store, "王小明")
    session, dialog = open_file(qtbot, folder, store, child_id)
    panel = dialog.members
    choose(panel.form.widget("relation"), "mother")
    type_text(qtbot, panel.form.widget("name"), "李二")
    assert panel.situations is not None
    qtbot.mouseClick(panel.situations.add_button, Qt.MouseButton.LeftButton)
    choose(panel.situations.rows()[0].kind, "lost_contact")
    type_text(qtbot, panel.situations.rows()[0].since, "2026-01-10")
    dialog.tabs.setCurrentIndex(Tab.FAMILY)
    assert dialog.is_dirty()
    draft = dialog.take_draft()
    assert draft is not None and draft.member is not None
    again = ChildFileDialog(session, dialog._tasks, child_id=child_id, draft=draft)
    qtbot.addWidget(again)
    assert again.members.form.values()["name"] == "李二"
    assert again.members.situations is not None
    assert again.members.situations.values() == [{"kind": "lost_contact", "since": "2026-01-10"}]
    assert again.tabs.currentIndex() == Tab.FAMILY
    qtbot.mouseClick(again.members.save_button, Qt.MouseButton.LeftButton)
    [mother] = store.records("family_member", child_id=child_id)
    assert mother.fields["situations"][0]["kind"] == "lost_contact"
    again.take_draft()
