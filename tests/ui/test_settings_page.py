"""设置: lock time applied at once and kept, language for the next start, the county server,
and changing the passphrase on a worker thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir, open_store
from desktop.services.passphrase_policy import Weakness, assess
from desktop.sync.state import SyncState
from desktop.ui.controller import AppController
from desktop.ui.i18n import language_to_use
from desktop.ui.pages.settings_page import SettingsPage
from desktop.ui.session import StoreSession
from desktop.ui.settings import UiSettings, load_settings
from desktop.ui.tasks import SyncTaskRunner, TaskRunner
from desktop.ui.widgets.passphrase import PassphraseFields
from tests.ui.conftest import PASSPHRASE, type_text

NEW_PASSPHRASE = "river bridge tea 2027"


def make_page(
    qtbot: QtBot, folder: DataDir, store: CaseStore, tasks: object = None
) -> SettingsPage:
    session = StoreSession(folder)
    page = SettingsPage(
        session,
        tasks or SyncTaskRunner(),  # type: ignore[arg-type]
        folder,
        load_settings(folder.root),
        choose_file=lambda _p: "",
    )
    qtbot.addWidget(page)
    session.open(store)
    return page


def test_lock_time_applies_at_once_and_is_kept(
    qtbot: QtBot, folder: DataDir, store: CaseStore
) -> None:
    controller = AppController(folder, load_settings(folder.root), SyncTaskRunner())
    qtbot.addWidget(controller.window)
    page = controller.settings_page
    assert page.idle_minutes.value() == 5
    page.idle_minutes.setValue(12)
    assert controller.idle.timeout_ms == 12 * 60_000
    assert load_settings(folder.root).idle_lock_minutes == 12
    assert page.general_status.text() == "已保存：12 分钟无人使用后自动锁定。"
    controller.idle.stop()
    controller.sync_page.timer.stop()


def test_language_is_kept_for_the_next_start(
    qtbot: QtBot, folder: DataDir, store: CaseStore
) -> None:
    page = make_page(qtbot, folder, store)
    assert page.language.currentData() == "zh_CN"
    page.language.setCurrentIndex(page.language.findData("en"))
    assert load_settings(folder.root).language == "en"
    assert "下次启动" in page.general_status.text()
    assert language_to_use("en", env={}) == "en"
    assert language_to_use("en", env={"CHILDDESK_LANG": "zh_CN"}) == "zh_CN"
    assert language_to_use("", env={}) == "zh_CN"
    # A hand-edited bad value falls back to the default.
    (folder.root / "settings.json").write_text('{"language": "fr"}', encoding="utf-8")
    assert load_settings(folder.root) == UiSettings()


def test_text_size_applies_at_once_and_is_kept(
    qtbot: QtBot, folder: DataDir, store: CaseStore
) -> None:
    from PySide6.QtWidgets import QApplication, QLabel

    from desktop.ui.widgets.styles import TEXT_SIZES, Heading, apply_text_size

    page = make_page(qtbot, folder, store)
    heading = Heading("标题", page)
    styled = QLabel("有颜色的字", page)
    styled.setStyleSheet("color: red;")
    page.show()
    qtbot.waitExposed(page)
    try:
        assert page.text_size.currentData() == "medium"
        assert [page.text_size.itemText(i) for i in range(3)] == ["小", "中", "大"]
        page.text_size.setCurrentIndex(page.text_size.findData("large"))
        assert QApplication.font().pointSize() == TEXT_SIZES["large"] == 14
        assert styled.font().pointSize() == 14  # a styled label follows too
        assert heading.font().pointSize() > 14
        assert load_settings(folder.root).text_size == "large"
        assert "新的大小" in page.general_status.text()
        (folder.root / "settings.json").write_text('{"text_size": "huge"}', encoding="utf-8")
        assert load_settings(folder.root) == UiSettings()
        assert min(TEXT_SIZES.values()) >= 11
    finally:
        apply_text_size(QApplication.instance(), "medium")  # type: ignore[arg-type]


def test_server_settings_only_when_enrolled_and_checked(
    qtbot: QtBot, folder: DataDir, store: CaseStore, tmp_path: Path
) -> None:
    page = make_page(qtbot, folder, store)
    assert not page.server_url.isEnabled()
    assert "离线" in page.server_status.text()

    SyncState(store).put({"server_url": "https://county.example", "ca_file": ""})
    page.reload()
    assert page.server_url.isEnabled()
    assert page.server_url.text() == "https://county.example"
    page.server_url.setText("http://county.example")
    qtbot.mouseClick(page.server_button, Qt.MouseButton.LeftButton)
    assert "https://" in page.server_status.text()
    assert SyncState(store).get("server_url") == "https://county.example"

    page.server_url.setText("https://new.county.example/")
    page.ca_file.setText(str(tmp_path / "missing.pem"))
    qtbot.mouseClick(page.server_button, Qt.MouseButton.LeftButton)
    assert page.server_status.text().startswith("找不到证书文件")
    ca = tmp_path / "county.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    page.ca_file.setText(str(ca))
    qtbot.mouseClick(page.server_button, Qt.MouseButton.LeftButton)
    assert page.server_status.text() == "已保存。下次同步将使用这个服务器。"
    state = SyncState(store)
    assert state.get("server_url") == "https://new.county.example"
    assert state.get("ca_file") == str(ca)


def test_change_passphrase_off_the_ui_thread(
    qtbot: QtBot, folder: DataDir, store: CaseStore, tasks: TaskRunner
) -> None:
    page = make_page(qtbot, folder, store, tasks)
    # Nothing typed, then a short new one: said plainly, nothing runs.
    qtbot.mouseClick(page.passphrase_button, Qt.MouseButton.LeftButton)
    assert page.passphrase_status.text() == "请先输入现在的密码。"
    type_text(qtbot, page.old_passphrase, PASSPHRASE)
    type_text(qtbot, page.new_passphrase.passphrase_edit, "short")
    qtbot.mouseClick(page.passphrase_button, Qt.MouseButton.LeftButton)
    assert page.new_passphrase._example in page.passphrase_status.text()  # refused: why
    page.new_passphrase.clear()
    type_text(qtbot, page.new_passphrase.passphrase_edit, NEW_PASSPHRASE)
    type_text(qtbot, page.new_passphrase.confirm_edit, NEW_PASSPHRASE)

    with qtbot.waitSignal(page.passphrase_changed, timeout=60_000):
        qtbot.mouseClick(page.passphrase_button, Qt.MouseButton.LeftButton)
        # The work is on a worker: the bar moves and the button waits meanwhile.
        assert not page.passphrase_busy.isHidden()
        assert not page.passphrase_button.isEnabled()
    assert page.passphrase_status.text() == "密码已修改，今后请使用新密码。"
    assert page.old_passphrase.text() == ""
    reopened = open_store(folder, passphrase=NEW_PASSPHRASE)
    assert reopened.village_code == store.village_code

    # The old passphrase no longer works: said in plain words.
    type_text(qtbot, page.old_passphrase, PASSPHRASE)
    type_text(qtbot, page.new_passphrase.passphrase_edit, "another long one 2028")
    type_text(qtbot, page.new_passphrase.confirm_edit, "another long one 2028")
    qtbot.mouseClick(page.passphrase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "密码不正确" in page.passphrase_status.text(), timeout=60_000)
    assert page.passphrase_button.isEnabled()


def test_a_new_passphrase_holding_the_village_is_refused(
    qtbot: QtBot, folder: DataDir, store: CaseStore
) -> None:
    """The page knows the village (read from the case file) before the user types."""
    page = make_page(qtbot, folder, store)
    weak = f"{store.village_code}-bamboo"
    type_text(qtbot, page.old_passphrase, PASSPHRASE)
    type_text(qtbot, page.new_passphrase.passphrase_edit, weak)
    type_text(qtbot, page.new_passphrase.confirm_edit, weak)
    qtbot.mouseClick(page.passphrase_button, Qt.MouseButton.LeftButton)
    expected = page.new_passphrase.refusal(page.new_passphrase.verdict())
    assert page.passphrase_status.text() == expected
    assert page.new_passphrase._reason(Weakness.VILLAGE) in expected
    assert page.new_passphrase.strength_bar.value() < 3
    assert open_store(folder, passphrase=PASSPHRASE).village_code == store.village_code


def test_refused_passphrases_are_explained_in_the_window_language(qtbot: QtBot) -> None:
    fields = PassphraseFields()
    qtbot.addWidget(fields)
    for weak, weakness in [
        ("12345678", Weakness.TOO_SHORT),
        ("woaini1314", Weakness.PINYIN),
        ("qwertyuiop12", Weakness.COMMON),
        ("19900101abc", Weakness.DATE),
        ("aaaaaaaaaaaa", Weakness.REPEAT),
    ]:
        fields.passphrase_edit.setText(weak)
        problem = fields.problem()
        assert problem is not None and fields._reason(weakness) in problem, weak
        assert fields._example in problem
        assert assess(fields._example).acceptable  # the example itself passes
    fields.passphrase_edit.setText(NEW_PASSPHRASE)
    fields.confirm_edit.setText(NEW_PASSPHRASE)
    assert fields.problem() is None and fields.strength_bar.value() >= 3
