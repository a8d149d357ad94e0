"""监护干预 (seed §二(六)4) in the child file: a guardian on the family tab is picked on
the guardianship tab, the day the refusal began and the steps taken are saved, and the
6-month window reaches the to-do; the tab names its clause."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.services.reminders import reminders
from desktop.ui.dialogs.child_file import Tab
from tests.ui.conftest import type_text
from tests.ui.test_child_file import open_file
from tests.ui.test_todo_page import left_behind

TODAY = date.today()


def test_steps_with_a_failing_guardian_and_the_revocation_window(
    qtbot: QtBot, folder: DataDir, store: CaseStore
) -> None:
    child_id = left_behind(store, "王小明", "2015-03-08", 111)
    _session, dialog = open_file(qtbot, folder, store, child_id)
    dialog.tabs.setCurrentIndex(Tab.GUARDIANSHIP)
    assert dialog.tabs.tabText(Tab.GUARDIANSHIP) == "监护干预"
    assert "二（六）4" in dialog.tabs.tabToolTip(Tab.GUARDIANSHIP)
    panel = dialog.guardians
    assert panel.model.rowCount() == 2 and panel.new_button.isHidden()  # people: family tab
    assert not panel.save_button.isEnabled()
    panel.pick(0)
    assert panel.model.index(0, 0).data() == "父亲"
    since = TODAY - timedelta(days=200)
    type_text(qtbot, panel.form.widget("refusing_since"), since.isoformat())
    qtbot.mouseClick(panel.situations.add_button, Qt.MouseButton.LeftButton)
    row = panel.situations.rows()[0]
    row.step.setCurrentIndex(row.step.findData("admonition"))
    type_text(qtbot, row.taken_on, (TODAY - timedelta(days=30)).isoformat())
    type_text(qtbot, row.by_whom, "递铺派出所")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.status.text() == "已保存。", panel.status.text()
    father = store.get(panel.record_id or "")
    assert father.fields["refusing_since"] == since.isoformat()
    assert father.fields["interventions"][0]["step"] == "admonition"
    assert father.fields["name"] == "王某"  # the rest of the member untouched
    assert panel.model.index(0, 3).data() == "训诫"
    [due] = [r for r in reminders(store, TODAY) if r.kind == "guardianship_revocation"]
    assert due.severity == "urgent"  # more than 6 months already
    dialog.close()
