"""Reading and writing the unlocked store on the database lane for a page or a dialog.

Reads show the page's busy indicator; writes return what they changed, and the session
tells every page (as Anki's CollectionOp does), so no widget emits ``changed`` by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

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


@dataclass(frozen=True)
class Changed(Generic[T]):
    """What a write did: its result, and the child whose file it changed ("" for many
    children at once, as an import)."""

    result: T
    child_id: str


def write_in_background(
    session: StoreSession,
    tasks: Tasks,
    work: Callable[[CaseStore], Changed[T]],
    done: Callable[[T], None],
    failed: Callable[[BaseException], None],
    *,
    owner: QObject,
) -> bool:
    """Run the write ``work(store)`` on the database lane; once it is done, ``done`` shows
    it where it was made and the session tells every page what changed (a widget never
    announces its own writes). False (nothing run) while locked."""
    store = session.store
    if store is None:
        return False

    def finished(changed: Changed[T]) -> None:
        done(changed.result)
        session.changed.emit(changed.child_id)

    tasks.run(Lane.DB, lambda: work(store), finished, failed, owner=owner)
    return True
