"""The child file's 迁往其他村 action and its banner (issue 17 item 5).

The action is offered to the roles that may ask for a move (``casework.moves.MOVERS``: the
village's director, the county) on an enrolled laptop; it asks which village
(``dialogs/move_child.py``) and puts the request in the outbox (``desktop/sync/moves.py``).
The banner says a request waits (and may be taken back) or why the county refused it.
After a sync that took the file away, :attr:`ChildMove.departed` tells the dialog to close.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from casework.moves import may_move
from desktop.models.store import CaseStore, RecordView
from desktop.ui.dialogs.move_child import ask_move
from desktop.ui.errors import describe_error
from desktop.ui.i18n import message_text
from desktop.ui.loading import Changed, while_unlocked, write_in_background
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Lane, Tasks
from desktop.ui.widgets.styles import banner_style
from desktop.ui.words import local_time_text
from desktop.usecases.moves import (
    MoveRequest,
    ask_to_move,
    child_on_file,
    move_of,
    take_move_back,
    villages_to_move_to,
)


class ChildMove(QWidget):
    """The banner row; :attr:`button` goes in the file's row of buttons."""

    requested = Signal(str)  # the target village's code, once the request is in the outbox
    departed = Signal()  # the child's file left this laptop (moved away at a sync)

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        *,
        say: Callable[[str], None],
        busy: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("move_banner")
        self._session = session
        self._tasks = tasks
        self._say = say
        self._busy = busy
        self._child: RecordView | None = None
        self._request: MoveRequest | None = None
        self.ask_move = ask_move  # replaced in tests
        self.button = QPushButton(self.tr("Move to another village…"), parent)
        self.button.setObjectName("move_child")
        self.button.setToolTip(
            self.tr(
                "The child now lives in another village of the county: the county server "
                "hands the whole file to that village at the next sync."
            )
        )
        self.button.hide()
        self.text = QLabel(self)
        self.text.setObjectName("move_text")
        self.text.setWordWrap(True)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancel_move")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(self.cancel_button)
        self.hide()
        self.button.clicked.connect(self._ask)
        self.cancel_button.clicked.connect(self._cancel)
        session.synced.connect(self._after_sync)

    # -- showing ---------------------------------------------------------------------------

    def set_child(self, child: RecordView, role: str | None) -> None:
        """The file as loaded: offer the action to a role that may move, show the request."""
        self._child = child
        self.button.setVisible(may_move(role))
        self.refresh()

    def refresh(self) -> None:
        store, child = self._session.store, self._child
        if store is None or child is None:
            return
        child_id = child.id
        self._tasks.run(
            Lane.DB,
            while_unlocked(self._session, store, lambda s: move_of(s, child_id=child_id), None),
            self._show,
            self._failed,
            owner=self,
        )

    def _show(self, request: MoveRequest | None) -> None:
        self._request = request
        if request is None:
            self.hide()
            return
        if request.refused is not None:
            self.text.setText(
                self.tr("The county did not move this file: {why}").format(
                    why=message_text(request.refused)
                )
            )
            self.text.setStyleSheet(banner_style("urgent"))
            self.cancel_button.setText(self.tr("Noted"))
            self.cancel_button.show()
        else:
            when = local_time_text(request.asked_at) if request.asked_at else ""
            self.text.setText(
                self.tr(
                    "Asked on {when} to move this file to {place}. The county does it at the "
                    "next sync; then the file and all its records leave this computer."
                ).format(when=when, place=request.to_name)
            )
            self.text.setStyleSheet(banner_style("warning"))
            self.cancel_button.setText(self.tr("Take the request back"))
            self.cancel_button.setVisible(not request.sending)
        self.show()

    def _failed(self, error: BaseException) -> None:
        self._say(describe_error(error))

    # -- acting ----------------------------------------------------------------------------

    def _ask(self) -> None:
        store, child = self._session.store, self._child
        if store is None or child is None:
            return
        if self._busy():
            self._say(self.tr("Save or discard the changes first."))
            return
        choices = villages_to_move_to(store, besides=child.village_code)
        name = str(child.fields.get("name") or "")
        target = self.ask_move(self, choices, child_name=name)
        if target is None:
            return
        child_id = child.id

        def work(store: CaseStore) -> Changed[str]:
            return Changed(ask_to_move(store, child_id=child_id, village_code=target), child_id)

        def done(_child_id: str) -> None:
            self._say(self.tr("Move asked for: the county does it at the next sync."))
            self.requested.emit(target)
            self.refresh()

        write_in_background(self._session, self._tasks, work, done, self._failed, owner=self)

    def _cancel(self) -> None:
        store, child = self._session.store, self._child
        if store is None or child is None:
            return
        child_id = child.id

        def work(store: CaseStore) -> Changed[str]:
            return Changed(take_move_back(store, child_id=child_id), child_id)

        write_in_background(
            self._session, self._tasks, work, lambda _id: self.refresh(), self._failed, owner=self
        )

    def _after_sync(self) -> None:
        """A sync may have taken the file away (moved), or answered the request."""
        store, child = self._session.store, self._child
        if store is None or child is None:
            return
        child_id = child.id

        def checked(here: bool) -> None:
            if here:
                self.refresh()
            else:
                self.departed.emit()

        self._tasks.run(
            Lane.DB,
            lambda: child_on_file(store, child_id=child_id),
            checked,
            self._failed,
            owner=self,
        )
