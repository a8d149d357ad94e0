"""Printing from a child's file: the one-page dossier and the entrustment confirmation."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.ui.controller import AppController
from desktop.ui.dialogs.child_file import ChildFileDialog
from tests.desktop.pdf_render import render_pdf
from tests.fakes import FakePeople
from tests.ui.test_flow import controller, first_run_offline  # noqa: F401

people = FakePeople(seed=2026_11_29)


def _open_file(qtbot: QtBot, app: AppController, child_id: str) -> ChildFileDialog:
    with qtbot.waitSignal(app.files.opened, timeout=10_000) as opened:
        app.files.open(child_id)
    dialog: ChildFileDialog = opened.args[0]
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=10_000)
    return dialog


def test_print_the_dossier_and_the_entrustment_from_the_file(
    qtbot: QtBot,
    controller: AppController,  # noqa: F811
    tmp_path: Path,
) -> None:
    first_run_offline(qtbot, controller)
    fields = people.child().child_fields()
    child_id = controller.session.require().create("child", fields)
    dialog = _open_file(qtbot, controller, child_id)
    button = dialog.print_button
    asked: list[str] = []

    def save_as(_parent: object, suggested: str) -> str:
        asked.append(suggested)
        return str(tmp_path / f"{len(asked)}")  # no suffix: .pdf is added

    button._choose_file = save_as
    for action, title in (
        (button.dossier_action, "一人一档"),
        (button.entrustment_action, "委托监护确认书"),
    ):
        with qtbot.waitSignal(button.printed, timeout=60_000) as printed:
            action.trigger()
        path = tmp_path / f"{len(asked)}.pdf"
        assert str(path) in printed.args[0] and dialog.status.text() == printed.args[0]
        text = "".join(page.text for page in render_pdf(path, tmp_path))
        assert title in text and fields["name"] in text
