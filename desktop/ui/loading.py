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
from desktop.ui.collector import keep_out_of_collections
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Lane, Tasks, run_first
from desktop.ui.widgets.busy import BusyIndicator

T = TypeVar("T")
_LOCKED_MEANWHILE = object()  # a read's result when the store locked before it ran


def while_unlocked(
    session: StoreSession, store: CaseStore, work: Callable[[CaseStore], T], otherwise: T
) -> Callable[[], T]:
    """``work(store)`` for a lane, or ``otherwise`` when the store locked before it ran: a
    read still queued at the lock decrypts nothing (nor fills the read cache again).

    The read runs with the collector held, and what it made is kept out of later
    collections (``collector.keep_out_of_collections``): a page's read after a sync makes
    some 100,000 objects, and the middle collections they set off held the interpreter
    lock 20-50 ms at a time, a stall of the window each (bench/ui.py)."""

    def read() -> T:
        if session.store is not store:
            return otherwise
        return keep_out_of_collections(lambda: work(store))

    return read


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
    first: bool = False,
) -> bool:
    """Run ``work(store)`` on the database lane; False (nothing run) while locked. A read
    still queued when the store locks does not run: nothing is decrypted (nor kept in the
    read cache) for a locked window. ``first``: ahead of the reads already queued (what the
    director is waiting to see, as the sync page's state when a sync ends)."""
    store = session.store
    if store is None:
        return False
    busy.start(saying)

    def finished(result: Any) -> None:
        busy.stop()
        if result is not _LOCKED_MEANWHILE:
            done(result)

    def went_wrong(error: BaseException) -> None:
        busy.stop()
        failed(error)

    read: Callable[[], Any] = while_unlocked(session, store, work, _LOCKED_MEANWHILE)
    tasks.run(Lane.DB, run_first(read) if first else read, finished, went_wrong, owner=owner)
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
    """Run the write ``work(store)`` on the database lane; once it is done, the session
    tells every page what changed (a widget never announces its own writes), then ``done``
    shows it where it was made. The pages first: their reads queue on the lane ahead of
    the re-read ``done`` may ask for, as when a widget announced its write before reading.
    False (nothing run) while locked."""
    store = session.store
    if store is None:
        return False

    def finished(changed: Changed[T]) -> None:
        session.changed.emit(changed.child_id)
        done(changed.result)

    tasks.run(Lane.DB, lambda: work(store), finished, failed, owner=owner)
    return True
