"""An offline-only laptop asks the director's name at its first start (issue 18 item 4):
it signs visits and changes (走访人, 修改人) instead of the computer's login, and the
village's name, given there, stands for its code until the county sends its directory."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services.casefile import visit_policy_in_force
from desktop.services.directory import directory_of
from desktop.ui.controller import AppController
from tests.ui.conftest import PASSPHRASE, VILLAGE, type_text
from tests.ui.test_flow import controller  # noqa: F401


def test_the_first_start_asks_the_directors_name(
    qtbot: QtBot,
    controller: AppController,  # noqa: F811
) -> None:
    controller.start()
    dialog = controller.first_run
    assert dialog is not None
    qtbot.mouseClick(dialog.offline_choice, Qt.MouseButton.LeftButton)
    type_text(qtbot, dialog.village_code, VILLAGE)
    type_text(qtbot, dialog.offline_passphrase.passphrase_edit, PASSPHRASE)
    type_text(qtbot, dialog.offline_passphrase.confirm_edit, PASSPHRASE)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.offline_error.isVisible()  # no name: nothing is created
    assert not controller.folder.exists()

    type_text(qtbot, dialog.village_name, "演示古城村")
    type_text(qtbot, dialog.user_name, "钱主任")
    assert not dialog.offline_error.isVisible()  # kept current as the name is typed
    with qtbot.waitSignal(controller.unlocked, timeout=30_000):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    store = controller.session.store
    assert store is not None
    assert store.actor == "钱主任"
    assert directory_of(store).village(VILLAGE) == "演示古城村"
    # Offline, the seed's visit policy holds, and the window says so.
    assert visit_policy_in_force(store)[0].zh == "走访要求：方案默认"
    page = controller.sync_page
    qtbot.waitUntil(lambda: "走访要求" in page.policy_label.text(), timeout=10_000)
    assert page.policy_label.text().startswith("走访要求：方案默认")
    assert "重点儿童每 1 个月" in page.policy_label.text()
    page.resize(1366, 768)
    page.grab().save(str(controller.folder.root.parent / "sync_page.png"))
