"""Annex 3 item 4 in the child file: the key-child suggestion (here a disabled orphan who
dropped out) declined with a reason and not shown again; schooling and household
registration on the basic tab; the 帮扶救助 tab lists what applies by category, adds those
rows, and saves their course, and the to-do follows."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.services.reminders import reminders
from desktop.ui.dialogs.child_file import Tab
from desktop.usecases.syncing import sync_now
from tests.serverproc import running_server, sqlite_url
from tests.ui.conftest import type_text
from tests.ui.test_child_file import open_file
from tests.ui.test_supervision_page import join

TOWNSHIP, VILLAGE = "330523101", "330523101001"

TODAY = date.today()


def disabled_orphan(store: CaseStore) -> str:
    child = store.create(
        "child",
        {"name": "钱小孤", "gender": "male", "birth_date": "2014-02-02",
         "disability_category": "physical", "disability_grade": 2,
         "schooling_status": "dropped_out"},
    )  # fmt: skip
    for relation in ("father", "mother"):
        store.create(
            "family_member",
            {"child_id": child, "relation": relation, "situations": [{"kind": "deceased"}]},
        )
    return child


def todo(store: CaseStore, kind: str) -> list[str]:
    return [r.message.zh for r in reminders(store, TODAY) if r.kind == kind]


def test_a_key_child_suggestion_declined_and_benefits_kept_in_the_file(
    qtbot: QtBot, folder: DataDir, store: CaseStore, tmp_path: Path
) -> None:
    child_id = disabled_orphan(store)
    _session, dialog = open_file(qtbot, folder, store, child_id)
    qtbot.waitUntil(dialog.is_loaded)
    dialog.resize(1366, 768)
    # Basic tab: schooling status and 无户籍 are fields of the child.
    assert dialog.form.widget("schooling_status") is not None
    assert dialog.form.widget("no_hukou") is not None
    assert "附件3第4项" in dialog.form.widget("schooling_status").toolTip() or (
        "annex 3 item 4" in dialog.form.widget("schooling_status").toolTip()
    )

    # -- the key-child suggestion (annex 3 item 4) -----------------------------------------
    box = dialog.key_child_box
    assert box.isVisible() and box.decline_button.isVisible()
    assert len(todo(store, "key_child_suggested")) == 1
    dialog.tabs.setCurrentIndex(Tab.BENEFITS)
    dialog.grab().save(str(tmp_path / "benefits-before.png"))
    dialog.ask_decline_reason = lambda _parent: "已由姑姑照料，下学期复学"
    with qtbot.waitSignal(dialog.file_loaded):
        qtbot.mouseClick(box.decline_button, Qt.MouseButton.LeftButton)
    declined = store.get(child_id).fields["key_child_declined"]
    assert declined["grounds"] == ["disabled", "out_of_school"]
    assert declined["reason"] == "已由姑姑照料，下学期复学"
    assert not box.isVisible() and todo(store, "key_child_suggested") == []

    # -- 帮扶救助: what applies by category, and its course ----------------------------------
    panel = dialog.benefits
    editor = panel.situations
    assert panel.record_id == child_id and panel.table.isHidden()
    applies = editor.applicable_label.text()
    for word in ("基本生活费（补贴）", "低保", "医疗救助", "教育资助", "残疾儿童康复救助"):
        assert word in applies, word
    assert "二（五）5" in applies  # each with its clause
    [waiting] = todo(store, "benefit_not_applied")
    assert waiting.startswith("钱小孤：基本生活费（补贴）、低保、医疗救助、教育资助、")
    qtbot.mouseClick(editor.add_applicable_button, Qt.MouseButton.LeftButton)
    rows = editor.rows()
    assert [r.benefit.currentText() for r in rows][:2] == ["基本生活费（补贴）", "低保"]
    assert not editor.add_applicable_button.isEnabled()
    granted, dibao = rows[0], rows[1]
    granted.status.setCurrentIndex(granted.status.findData("granted"))
    type_text(qtbot, granted.days["applied_on"], (TODAY - timedelta(days=60)).isoformat())
    type_text(qtbot, granted.days["granted_on"], (TODAY - timedelta(days=30)).isoformat())
    dibao.status.setCurrentIndex(dibao.status.findData("applied"))
    # An application without its day is refused at the save, in words, and nothing lost.
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert store.get(child_id).fields.get("benefits") in (None, [])
    assert "申请日期" in panel.form.general_error.text()
    type_text(qtbot, dibao.days["applied_on"], TODAY.isoformat())
    for row in rows[2:]:
        row.status.setCurrentIndex(row.status.findData("not_needed"))
        type_text(qtbot, row.note, "已由学校和残联落实")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    saved = store.get(child_id).fields
    assert [b["benefit"] for b in saved["benefits"]][:2] == ["basic_living", "dibao"]
    assert {k: v for k, v in saved["benefits"][1].items() if v is not None} == {
        "benefit": "dibao", "status": "applied", "applied_on": TODAY.isoformat(),
    }  # fmt: skip
    assert saved["name"] == "钱小孤" and saved["disability_grade"] == 2  # the rest untouched
    assert todo(store, "benefit_not_applied") == []
    qtbot.waitUntil(lambda: not dialog.is_saving())
    qtbot.wait(50)  # rows added to a shown editor show on the next pass of the event loop
    dialog.grab().save(str(tmp_path / "benefits-after.png"))


def test_the_new_fields_reach_the_township_through_a_real_county_server(tmp_path: Path) -> None:
    """Sealed inside the record's JSON (no migration): schooling, 无户籍, a declined
    suggestion and benefits go up from the village and down to the township's laptop."""
    with running_server(sqlite_url(tmp_path / "county"), tmp_path / "server") as county:
        county.add_township(TOWNSHIP, "递铺街道")
        county.add_village(VILLAGE, "古城村", TOWNSHIP)
        director = join(county, tmp_path, "李主任", "director", VILLAGE)
        supervisor = join(county, tmp_path, "周督导", "supervisor", TOWNSHIP)
        child_id = disabled_orphan(director)
        fields = {
            "no_hukou": True,
            "key_child_declined": {"grounds": ["disabled"], "declined_on": TODAY.isoformat(),
                                   "reason": "家人照料周到"},
            "benefits": [{"benefit": "rehabilitation", "status": "applied",
                          "applied_on": TODAY.isoformat()}],
        }  # fmt: skip
        director.update(child_id, fields)
        assert sync_now(director, retries=0).rejected == 0
        sync_now(supervisor, retries=0)
        seen = supervisor.get(child_id).fields
        assert seen["schooling_status"] == "dropped_out" and seen["no_hukou"] is True
        assert seen["key_child_declined"]["reason"] == "家人照料周到"
        assert seen["benefits"][0]["benefit"] == "rehabilitation"
        # The township sees the same suggestions and benefits waiting on its to-do.
        kinds = {r.kind for r in reminders(supervisor, TODAY) if r.child_id == child_id}
        # 无户籍 is a new ground (only "disabled" was declined); 两项补贴 are not applied for.
        assert {"key_child_suggested", "benefit_not_applied"} <= kinds
