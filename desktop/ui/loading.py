"""Reading the unlocked store on the database lane for a page, with its busy indicator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject

from desktop.models.store import CaseStore
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Lane, Tasks
from desktop.ui.widgets.busy import BusyIndicator

T = TypeVar("T")


def read_in_background(
    session: StoreSession,
    tasks: Tasks,
    busy: BusyIndicator,
    saying: str,
    work: Callable[[CaseStore], T],
    done: Callable[[T], None],
    failed: Callable[[BaseException], None],
    *,
    owner: QObject,
) -> bool:
    """Run ``work(store)`` on the database lane; False (nothing run) while locked."""
    store = session.store
    if store is None:
        return False
    busy.start(saying)

    def finished(result: Any) -> None:
        busy.stop()
        done(result)

    def went_wrong(error: BaseException) -> None:
        busy.stop()
        failed(error)

    tasks.run(Lane.DB, lambda: work(store), finished, went_wrong, owner=owner)
    return True
