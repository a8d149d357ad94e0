"""A child's file: categories with their reasons, the visit policy, history, store errors."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casework.eligibility import add_months
from casework.ids import make_id_number
from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.ui.dialogs.child_file import ChildFileDialog, Tab, Unsaved
from desktop.ui.session import StoreSession
from desktop.ui.tasks import SyncTaskRunner
from tests.ui.conftest import USER, add_child, type_text


def left_behind_child(store: CaseStore) -> str:
    child_id = add_child(store, "王小明", birth="2015-03-08")
    for relation, name in (("father", "王大"), ("mother", "李二")):
        store.create(
            "family_member",
            {
                "child_id": child_id,
                "relation": relation,
                "name": name,
                "situations": [{"kind": "migrant_work", "since": "2020-01-01"}],
            },
        )
    return child_id


def open_file(qtbot: QtBot, folder: DataDir, store: CaseStore, child_id: str | None):
    session = StoreSession(folder)
    session.open(store)
    dialog = ChildFileDialog(
        session, SyncTaskRunner(), child_id=child_id, confirm_unsaved=lambda _p: Unsaved.DISCARD
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return session, dialog


def test_categories_visit_policy_and_history(
    qtbot: QtBot, folder: DataDir, store: CaseStore
) -> None:
    child_id = left_behind_child(store)
    _session, dialog = open_file(qtbot, folder, store, child_id)
    assert dialog.windowTitle() == "儿童档案：王小明"
    # The ID number is shown masked until asked for.
    id_edit = dialog.form.widget("id_number")
    assert "********" in id_edit.line.text() and id_edit.line.isReadOnly()
    qtbot.mouseClick(id_edit.reveal_button, Qt.MouseButton.LeftButton)
    assert id_edit.line.text() == make_id_number("330523", date(2015, 3, 8), 123)
    assert not dialog.is_dirty()  # seeing it is not changing it

    text = dialog.categories_view.toPlainText()
    assert "农村留守儿童" in text
    assert "依据" in text and "即将发生的变化" in text
    assert "2031-03-08" in text  # turns 16: no longer left behind

    # A left-behind child is visited every quarter: the next visit defaults to it.
    visit = dialog.visit_form.values()
    assert visit["visit_date"] == date.today().isoformat()
    assert visit["visitor"] == USER
    assert visit["next_visit_due"] == add_months(date.today(), 3).isoformat()
    # Changing the visit date moves the default along.
    date_edit = dialog.visit_form.widget("visit_date")
    date_edit.clear()
    type_text(qtbot, date_edit, "2026-01-15")
    assert dialog.visit_form.values()["next_visit_due"] == "2026-04-15"
    # A visit in the future is refused inline, before anything is written.
    date_edit.clear()
    type_text(qtbot, date_edit, add_months(date.today(), 1).isoformat())
    assert not dialog.visit_form.error_label("visit_date").isHidden()
    assert dialog.visit_form.error_label("visit_date").text() == "不能晚于今天"
    assert not dialog.visit_button.isEnabled()

    assert dialog.history_model.rowCount() == 1
    assert dialog.history_model.index(0, 1).data() == USER
    assert dialog.history_model.index(0, 2).data() == "新建"
    assert "姓名" in dialog.history_model.index(0, 3).data()
    dialog.tabs.setCurrentIndex(Tab.HISTORY)


def test_a_duplicate_id_number_is_shown_at_its_field(
    qtbot: QtBot, folder: DataDir, store: CaseStore
) -> None:
    add_child(store, "王小明")
    _session, dialog = open_file(qtbot, folder, store, None)
    assert dialog.windowTitle() == "新增儿童"
    assert not dialog.tabs.isTabEnabled(Tab.VISITS)
    type_text(qtbot, dialog.form.widget("name"), "王晓明")
    type_text(
        qtbot, dialog.form.widget("id_number").line, make_id_number("330523", date(2015, 3, 8), 123)
    )
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    error = dialog.form.error_label("id_number")
    assert not error.isHidden()
    assert error.text() == "档案中已有另一名儿童使用这个身份证号码。"
    assert "未保存" in dialog.status.text()
    assert len(store.records("child")) == 1
    assert dialog.child_id is None


def test_inline_validation_as_the_user_types(
    qtbot: QtBot, folder: DataDir, store: CaseStore
) -> None:
    _session, dialog = open_file(qtbot, folder, store, None)
    form = dialog.form
    # Nothing is red before the user has typed, but Save waits for a valid form.
    assert all(form.error_label(name).isHidden() for name in form.specs)
    assert not dialog.save_button.isEnabled()
    type_text(qtbot, form.widget("name"), "李小红")
    type_text(qtbot, form.widget("birth_date"), "2016-13-01")
    assert form.error_label("birth_date").text() == "日期格式应为 YYYY-MM-DD"
    form.widget("birth_date").clear()
    type_text(qtbot, form.widget("birth_date"), "2016-05-01")
    assert form.error_label("birth_date").isHidden()
    assert not dialog.save_button.isEnabled()  # gender still missing
    dialog.save()  # a save attempt shows what is missing
    assert form.error_label("gender").text() == "必须填写"
    gender = form.widget("gender")
    gender.setCurrentIndex(gender.findData("female"))
    # The disability category and grade go together.
    category = form.widget("disability_category")
    category.setCurrentIndex(category.findData("hearing"))
    assert "同时填写" in form.error_label("disability_grade").text()
    assert not dialog.save_button.isEnabled()
    grade = form.widget("disability_grade")
    grade.setCurrentIndex(grade.findData(2))
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [child] = store.records("child")
    assert child.fields["disability_category"] == "hearing"
    assert child.fields["disability_grade"] == 2
    assert dialog.tabs.isTabEnabled(Tab.VISITS)
