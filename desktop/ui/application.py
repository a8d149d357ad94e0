"""The window's application object and its start: the Qt half of ``python -m desktop.app``.

``desktop/app.py`` is the entry point and stays free of Qt widgets; everything that builds a
``QApplication``, the unlock screen and the main window lives here.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.services.folder import DataDir, default_data_dir
from desktop.ui.collector import tune_for_window
from desktop.ui.damaged import describe_error_safely
from desktop.ui.i18n import install_translations, language_to_use
from desktop.ui.settings import UiSettings, load_settings
from desktop.ui.startup import StagedStart
from desktop.ui.tasks import Lane, TaskRunner
from desktop.ui.widgets.cjk_font import apply_cjk_font
from desktop.ui.widgets.styles import apply_text_size

if TYPE_CHECKING:
    from desktop.ui.controller import AppController

# Only what the unlock screen needs is imported here; the main window's modules are
# imported while it waits (desktop/ui/startup.py).

logger = logging.getLogger(__name__)


def configure_logging(log_dir: Path) -> None:
    """The rotating, redacting log file (desktop.logging_setup, imported only now)."""
    from desktop.logging_setup import configure_logging as configure

    configure(log_dir)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="childdesk-window", description="一人一档")
    parser.add_argument("--data-dir", type=Path, default=None, help="数据文件夹 / data folder")
    parser.add_argument("--version", action="store_true", help="显示版本 / print the version")
    parser.add_argument(
        "--self-test", action="store_true", help="自检后退出 / check this installation and exit"
    )
    # bench/package.py: print the monotonic clock once the first window is up, then quit.
    parser.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)
    args, _qt_args = parser.parse_known_args(argv)
    return args


def _show_unexpected(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """Last resort for an exception nobody caught: log it, tell the user in plain words."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    logger.error("uncaught exception", exc_info=(kind, error, trace))
    if QApplication.instance() is not None:
        QMessageBox.warning(
            None,
            QCoreApplication.translate("App", "Something went wrong"),
            describe_error_safely(error),
        )


def build_application(
    argv: Sequence[str], *, log_later: bool = False
) -> tuple[QApplication, TaskRunner, DataDir, UiSettings]:
    """The application, its language and task lanes, the data folder and its settings.

    ``log_later``: the caller sets up the log file itself (:func:`staged_start`, on the
    start-up lane, so that the unlock screen does not wait for it)."""
    args = parse_args(argv[1:])
    folder = DataDir(args.data_dir or default_data_dir())
    if not log_later:
        configure_logging(folder.logs)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    app.setApplicationName("childdesk")
    app.setOrganizationName("childdesk")
    settings = load_settings(folder.root)
    install_translations(app, language_to_use(settings.language))  # CHILDDESK_LANG first
    apply_cjk_font(app)  # Windows' Chinese families by name (desktop/cjk_fonts.py)
    apply_text_size(app, settings.text_size)  # before the unlock screen is built
    app.setApplicationDisplayName(QCoreApplication.translate("App", "Child files"))
    return app, TaskRunner(app), folder, settings


def build_controller(
    app: QApplication, folder: DataDir, settings: UiSettings, tasks: TaskRunner
) -> AppController:
    """The main window and everything it wires together."""
    from desktop.ui.controller import AppController

    controller = AppController(folder, settings, tasks)
    controller.finished.connect(app.quit)
    tune_for_window()
    return controller


def build(argv: Sequence[str]) -> tuple[QApplication, TaskRunner, AppController]:
    """Everything at once but the event loop (tests and tools)."""
    app, tasks, folder, settings = build_application(argv)
    return app, tasks, build_controller(app, folder, settings, tasks)


def staged_start(argv: Sequence[str]) -> tuple[QApplication, TaskRunner, StagedStart]:
    """What :func:`main` runs: the unlock screen first, the main window once it is open.

    The log file is set up on the database lane, ahead of anything the store does there
    (the passphrase's key derivation): its handler and redaction (logging.handlers,
    casework.ids) were a tenth of the unlock screen's wait (bench/ui.py, issue 19 item 6),
    and the start-up lane stays the window's imports'. A warning before it goes to stderr."""
    app, tasks, folder, settings = build_application(argv, log_later=True)
    tasks.run(Lane.DB, lambda: configure_logging(folder.logs))
    start = StagedStart(
        folder, tasks, lambda: build_controller(app, folder, settings, tasks), parent=app
    )
    start.quit_requested.connect(app.quit)
    return app, tasks, start


def _report_first_window(app: QApplication) -> None:
    if sys.stdout is not None:
        print(f"first-window {time.monotonic():.6f}", flush=True)
    app.quit()


def run_window(arguments: Sequence[str], *, startup_probe: bool = False) -> int:
    """The window's whole life: unlock screen, main window, event loop, pending writes."""
    app, tasks, start = staged_start(arguments)
    sys.excepthook = _show_unexpected
    start.begin()
    logger.info("window started")
    if startup_probe:
        QTimer.singleShot(0, lambda: _report_first_window(app))
    code = app.exec()
    tasks.wait_for_done()  # never cut a write short
    return int(code)
