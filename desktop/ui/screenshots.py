"""``python -m desktop.ui.screenshots --data-dir D --out DIR``: PNGs of the real window.

Opens the window on a data folder the way a user does (the unlock screen, with the
passphrase from ``CHILDDESK_PASSPHRASE``), waits for the children list to fill, syncs
once when the folder is enrolled (so the sync page lists a sync), and saves ``unlock.png``,
one PNG per page on the rail (``home.png``, ``children.png``, ``todo.png``, ...,
``settings.png``; pages hidden on this device are left out), ``home-large.png`` (the
home page at the largest text size), ``child-file.png`` (the first child's file) and one
``child-file-N.png`` per tab of it, and the dialogs a director meets: ``report.png`` (a new
mandatory report), ``closure.png`` (退出/结案), ``archive.png`` (closed files),
``ledger-intake.png`` (the preview of the village's own ledger, here the window's own export
read back) and ``first-run.png`` (a laptop's first start, on an empty folder).

With ``--supervisor`` (a township supervisor's laptop, enrolled with a township scope):
``supervision.png`` (督导: the township's villages, the first one's notes, each village's
laptops with their last sync), ``supervision-list.png`` (the children behind one number),
``children.png``, and ``child-file.png`` with one ``child-file-N.png`` per tab (the file
read-only, as a supervisor reads it).

The window is 1366×768, the villages' laptops' screen; with ``QT_SCALE_FACTOR=1.5`` the
PNGs are 2049×1152, as at 150 % scaling. Run it on a display, e.g. under ``xvfb-run``;
``make screenshots`` does both on the demo.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from desktop.models.store import CaseStore
from desktop.services.folder import DataDir
from desktop.services.ledger import export_ledger
from desktop.services.ledger_intake import plan_import, read_ledger
from desktop.ui.application import build
from desktop.ui.controller import AppController
from desktop.ui.main_window import Page
from desktop.ui.tasks import Tasks
from desktop.ui.widgets.styles import DEFAULT_TEXT_SIZE, apply_text_size

TIMEOUT_S = 60.0
SIZE = (1366, 768)


def _wait(app: QApplication, done: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        app.processEvents()
        time.sleep(0.02)


def _settle(app: QApplication, seconds: float = 0.5) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def _save(widget: QWidget, path: Path) -> Path:
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return path


def _sync_once(app: QApplication, controller: AppController) -> None:
    """One sync through the sync page, when the folder is enrolled (the demo is)."""
    sync_page = controller.sync_page
    _wait(app, lambda: sync_page.sync_button.isEnabled(), "the sync page")
    overview = sync_page._overview
    if overview is None or not overview.enrolled:
        return
    finished: list[bool] = []
    sync_page.sync_finished.connect(finished.append)
    sync_page.sync()
    _wait(app, lambda: bool(finished), "a sync")


def take_screenshots(
    data_dir: Path, passphrase: str, out: Path, *, supervisor: bool = False
) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    app, tasks, controller = build(["childdesk-window", "--data-dir", str(data_dir)])
    saved: list[Path] = []
    try:
        controller.start()
        dialog = controller.unlock_dialog
        if dialog is None:
            raise RuntimeError(f"{data_dir} holds no case file to unlock")
        _settle(app)
        saved.append(_save(dialog, out / "unlock.png"))
        dialog.passphrase.setText(passphrase)
        dialog.unlock()
        window = controller.window
        _wait(app, window.isVisible, "the main window")
        window.resize(*SIZE)
        page = controller.children_page
        _wait(app, lambda: page.model.rowCount() > 0, "the children list")
        _sync_once(app, controller)
        if supervisor:
            return saved + _supervisor(app, tasks, controller, out)
        for shown in Page:
            if window.rail.item(shown).isHidden():
                continue
            window.show_page(shown)
            _wait(app, lambda: not tasks.is_busy(), f"the {shown.name.lower()} page")
            _settle(app)
            saved.append(_save(window, out / f"{shown.name.lower()}.png"))
        window.show_page(Page.HOME)
        apply_text_size(app, "large")
        _settle(app)
        saved.append(_save(window, out / "home-large.png"))
        apply_text_size(app, DEFAULT_TEXT_SIZE)
        window.show_page(Page.CHILDREN)
        store = controller.session.store
        assert store is not None
        first = sorted(store.records("child"), key=lambda v: str(v.fields.get("name")))[0]
        saved += _child_file(app, controller, first.id, out)
        saved += _dialogs(app, controller, store, first.id, out)
    finally:
        controller.quit()
        tasks.wait_for_done()
    return saved


def _child_file(
    app: QApplication, controller: AppController, child_id: str, out: Path
) -> list[Path]:
    """The child's file, one PNG per tab."""
    file_dialog = controller.files.open(child_id)
    file_dialog.resize(1000, 760)
    _settle(app, 1.5)
    saved = [_save(file_dialog, out / "child-file.png")]
    for tab in range(1, file_dialog.tabs.count()):
        file_dialog.tabs.setCurrentIndex(tab)
        _settle(app, 0.3)
        saved.append(_save(file_dialog, out / f"child-file-{tab}.png"))
    file_dialog.close()
    return saved


def _supervisor(
    app: QApplication, tasks: Tasks, controller: AppController, out: Path
) -> list[Path]:
    """A township supervisor's laptop: the supervision page (its first village chosen, so its
    notes show), the list behind a number, the children, and a child's file read-only."""
    window = controller.window
    # The rail offers 督导 once the supervision page's own read says the laptop may.
    _wait(app, lambda: not tasks.is_busy(), "the pages after the sync")
    if window.rail.item(Page.SUPERVISION).isHidden():
        raise RuntimeError("this laptop has no supervision page: not a supervisor's")
    page = controller.supervision_page
    window.show_page(Page.SUPERVISION)
    _wait(app, lambda: not tasks.is_busy() and page.villages.rowCount() > 0, "the villages")
    overview = page.overview
    assert overview is not None
    # The village the township's task went to (the demo's), else the first.
    noted = {str(n.fields.get("village_code")) for n in overview.notes}
    village = next((v for v in overview.villages if v.code in noted), overview.villages[0])
    page.choose_village(village.code)
    _settle(app)
    saved = [_save(window, out / "supervision.png")]
    listing = page.open_figure(village.code, "overdue_visits")
    if listing is not None:
        _settle(app, 0.8)
        saved.append(_save(listing, out / "supervision-list.png"))
        listing.close()
    window.show_page(Page.CHILDREN)
    _wait(app, lambda: not tasks.is_busy(), "the children page")
    _settle(app)
    saved.append(_save(window, out / "children.png"))
    store = controller.session.store
    assert store is not None
    children = [c for c in store.records("child") if c.village_code == village.code]
    first = sorted(children, key=lambda v: str(v.fields.get("name")))[0]
    return saved + _child_file(app, controller, first.id, out)


def _dialogs(
    app: QApplication, controller: AppController, store: CaseStore, child_id: str, out: Path
) -> list[Path]:
    """The dialogs beside the child file, each as a director first sees it."""
    from desktop.ui.dialogs.archive import ArchiveDialog
    from desktop.ui.dialogs.closure import ClosureDialog
    from desktop.ui.dialogs.first_run import FirstRunDialog
    from desktop.ui.dialogs.ledger_intake import IntakeDialog

    saved: list[Path] = []
    report = controller.reports.new_for_child(child_id)
    _settle(app, 1.0)
    saved.append(_save(report, out / "report.png"))
    report.close()
    shown: list[tuple[QWidget, str]] = [
        (ClosureDialog(reopen=False, today=date.today(), parent=controller.window), "closure"),
        (ArchiveDialog(controller.session, controller.tasks, parent=controller.window), "archive"),
    ]
    with tempfile.TemporaryDirectory(prefix="childdesk-shots-") as tmp:
        ledger = Path(tmp) / "台账.xlsx"
        export_ledger(store, ledger)
        intake = IntakeDialog(plan_import(store, read_ledger(ledger)), parent=controller.window)
        shown.append((intake, "ledger-intake"))
        first_run = FirstRunDialog(DataDir(Path(tmp) / "new"), controller.tasks)
        shown.append((first_run, "first-run"))
        for dialog, name in shown:
            dialog.show()
            _settle(app, 0.8)
            saved.append(_save(dialog, out / f"{name}.png"))
            dialog.close()
    return saved


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.ui.screenshots")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--supervisor", action="store_true", help="a township supervisor's laptop: 督导 first"
    )
    args = parser.parse_args(argv)
    passphrase = os.environ.get("CHILDDESK_PASSPHRASE")
    if not passphrase:
        print("set CHILDDESK_PASSPHRASE to the data folder's passphrase", file=sys.stderr)
        return 2
    for path in take_screenshots(args.data_dir, passphrase, args.out, supervisor=args.supervisor):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
