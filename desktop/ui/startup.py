"""Start-up: the unlock screen first; the rest of the window is imported meanwhile.

Importing the pages, the store, SQLAlchemy and the county's rules is most of a start
(about 0.5 s on the 2-core test machine, seconds on an old laptop) and the unlock screen
needs none of it. So the screen shows at about the cost of a bare Qt window, a worker
imports the rest while the passphrase is typed and the key derived, the main window is
built (hidden) as soon as they are imported, and shown once the store is open.
A new data folder (first run) builds everything at once: its dialogs need the rest.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.services.folder import DataDir
from desktop.ui.damaged import damaged_install_text
from desktop.ui.dialogs.unlock import UnlockDialog
from desktop.ui.tasks import Lane, Tasks

if TYPE_CHECKING:
    from desktop.models.store import CaseStore
    from desktop.ui.controller import AppController

logger = logging.getLogger(__name__)

# Imports the pages, which import the store, SQLAlchemy and the rules.
WINDOW_MODULE = "desktop.ui.controller"


def _import_window() -> None:
    importlib.import_module(WINDOW_MODULE)


class StagedStart(QObject):
    window_ready = Signal(object)  # the AppController, its window built
    quit_requested = Signal()

    def __init__(
        self,
        folder: DataDir,
        tasks: Tasks,
        build_controller: Callable[[], AppController],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._folder = folder
        self._tasks = tasks
        self._build_controller = build_controller
        self.controller: AppController | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self._store: CaseStore | None = None
        self._imported = False

    def begin(self) -> None:
        if not self._folder.exists():
            self._hand_over(None)
            return
        dialog = UnlockDialog(self._folder, self._tasks, hide_when_unlocked=False)
        dialog.unlocked.connect(self._store_opened)
        dialog.quit_requested.connect(self.quit_requested)
        self.unlock_dialog = dialog
        dialog.show()
        dialog.passphrase.setFocus()
        self._tasks.run(
            Lane.STARTUP, _import_window, self._window_imported, self._import_failed, owner=self
        )

    def _store_opened(self, store: CaseStore) -> None:
        self._store = store
        self._go_on_when_ready()

    def _window_imported(self, _result: object) -> None:
        self._imported = True
        if self._store is None and self.controller is None:
            # Still typing: build the window now (hidden), so that Enter only has to
            # open the store and show it.
            self._build_window()
        self._go_on_when_ready()

    def _import_failed(self, error: BaseException) -> None:
        # Building the window imports it again on this thread, where the failure is
        # met (and told) like any other.
        logger.error("importing the window failed: %s", type(error).__name__)
        self._window_imported(None)

    def _build_window(self) -> bool:
        try:
            self.controller = self._build_controller()
        except Exception:
            logger.exception("building the window failed")
            return False
        return True

    def _go_on_when_ready(self) -> None:
        store = self._store
        if store is None or not self._imported:
            return
        if self.controller is None and not self._build_window():
            # The unlock screen says so and stays, with its Quit button; the store
            # opened for nothing is closed again.
            self._store = None
            store.engine.dispose()
            if self.unlock_dialog is not None:
                self.unlock_dialog.show_problem(damaged_install_text())
            return
        self._hand_over(store)

    def _hand_over(self, store: CaseStore | None) -> None:
        controller = self.controller or self._build_controller()
        self.controller = controller
        if store is None:
            controller.start()  # first run
        else:
            controller.show_window(store)
            if self.unlock_dialog is not None:
                self.unlock_dialog.hide()
                self.unlock_dialog.deleteLater()
                self.unlock_dialog = None
        self._store = None  # the controller's session holds it from here
        self.window_ready.emit(controller)
