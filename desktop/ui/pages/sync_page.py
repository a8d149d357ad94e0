"""同步: send this computer's changes to the county and fetch the county's, on demand and
every few minutes while enrolled. Runs on the network lane; never blocks a save."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.sync.client import SyncError
from desktop.sync.engine import SyncSummary
from desktop.ui.errors import describe_error
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Lane, ProgressRelay, Tasks
from desktop.ui.usecases import SyncOverview, sync_now, sync_overview
from desktop.ui.widgets.styles import ERROR_STYLE
from desktop.ui.words import local_time_text

logger = logging.getLogger(__name__)

Connection = Literal["unknown", "online", "offline", "offline_only"]


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows."""

    connection: Connection
    last_sync_at: datetime | None
    waiting: int | None


class SyncPage(QWidget):
    status_changed = Signal(object)  # SyncStatus
    sync_finished = Signal(bool)  # True on success (tests wait on it)

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        *,
        interval_ms: int,
        parent: QWidget | None = None,
        button_retries: int = 1,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._tasks = tasks
        self._overview: SyncOverview | None = None
        self._connection: Connection = "unknown"
        self._running = False
        self._button_retries = button_retries

        self.server_label = QLabel(self)
        self.server_label.setObjectName("server")
        self.server_label.setWordWrap(True)
        self.last_label = QLabel(self)
        self.last_label.setObjectName("last_sync")
        self.waiting_label = QLabel(self)
        self.waiting_label.setObjectName("waiting")
        self.conflicts_label = QLabel(self)
        self.conflicts_label.setObjectName("conflicts")
        self.sync_button = QPushButton(self.tr("Sync now"), self)
        self.sync_button.setObjectName("sync_now")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.hide()
        self.phase_label = QLabel(self)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("result")
        self.result_label.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()

        info = QFormLayout()
        info.addRow(self.tr("County server"), self.server_label)
        info.addRow(self.tr("Last sync"), self.last_label)
        info.addRow(self.tr("Changes waiting to go up"), self.waiting_label)
        info.addRow(self.tr("Conflicts to decide"), self.conflicts_label)
        row = QHBoxLayout()
        row.addWidget(self.sync_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.phase_label)
        layout = QVBoxLayout(self)
        layout.addLayout(info)
        layout.addLayout(row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(lambda: self.sync(automatic=True))
        self.sync_button.clicked.connect(lambda: self.sync(automatic=False))
        session.unlocked.connect(self.refresh)
        session.changed.connect(lambda _id: self.refresh())
        session.locked.connect(self._locked)
        self._show_overview()

    # -- overview ------------------------------------------------------------------------

    def refresh(self) -> None:
        store = self._session.store
        if store is None:
            return
        self._tasks.run(Lane.DB, lambda: sync_overview(store), self._got_overview, owner=self)

    def _got_overview(self, overview: SyncOverview) -> None:
        if not self._session.is_unlocked:
            return
        self._overview = overview
        if not overview.enrolled:
            self._connection = "offline_only"
        if overview.enrolled and not self.timer.isActive():
            self.timer.start()
        elif not overview.enrolled:
            self.timer.stop()
        self._show_overview()

    def _show_overview(self) -> None:
        overview = self._overview
        if overview is None:
            self.server_label.setText("")
            self.last_label.setText("")
            self.waiting_label.setText("")
            self.conflicts_label.setText("")
            self.sync_button.setEnabled(False)
        else:
            if overview.enrolled:
                self.server_label.setText(
                    self.tr("{server} (signed in as {user})").format(
                        server=overview.server_url or "", user=overview.user_name or ""
                    )
                )
            else:
                self.server_label.setText(
                    self.tr(
                        "Not joined: this computer works offline. To send records to the "
                        "county, ask the county centre for an enrolment code."
                    )
                )
            self.last_label.setText(
                local_time_text(overview.last_sync_at)
                if overview.last_sync_at
                else self.tr("Never")
            )
            self.waiting_label.setText(str(overview.waiting))
            self.conflicts_label.setText(str(overview.conflicts))
            self.sync_button.setEnabled(not self._running)
        self.status_changed.emit(self.status())

    def status(self) -> SyncStatus:
        overview = self._overview
        return SyncStatus(
            connection=self._connection,
            last_sync_at=overview.last_sync_at if overview else None,
            waiting=overview.waiting if overview else None,
        )

    def _locked(self) -> None:
        self.timer.stop()
        self._overview = None
        self.result_label.clear()
        self._show_overview()

    # -- syncing -------------------------------------------------------------------------

    def sync(self, *, automatic: bool = False) -> None:
        store = self._session.store
        if store is None or self._running:
            return
        if automatic and (self._overview is None or not self._overview.enrolled):
            return
        self._running = True
        self.sync_button.setEnabled(False)
        self.error_label.hide()
        self.result_label.setText(self.tr("Syncing…"))
        self.progress.setRange(0, 0)
        self.progress.show()
        relay = ProgressRelay(self)
        relay.progress.connect(self._progress)
        retries = None if automatic else self._button_retries
        self._tasks.run(
            Lane.NETWORK,
            lambda: sync_now(store, progress=relay.report, retries=retries),
            self._done,
            self._failed,
            owner=self,
        )

    def _progress(self, phase: str, done: int, total: int) -> None:
        if phase == "resend":
            self.phase_label.setText(
                self.tr(
                    "The county server was restored from a backup. Sending back: {done} of {total}"
                ).format(done=done, total=total)
            )
            if total:
                self.progress.setRange(0, total)
                self.progress.setValue(done)
        elif phase == "push":
            self.phase_label.setText(
                self.tr("Sending: {done} of {total}").format(done=done, total=total)
            )
            if total:
                self.progress.setRange(0, total)
                self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)
            self.phase_label.setText(self.tr("Receiving: {done}").format(done=done))

    def _finish(self) -> None:
        self._running = False
        self.progress.hide()
        self.phase_label.clear()
        self.sync_button.setEnabled(self._session.is_unlocked)

    def _done(self, summary: SyncSummary) -> None:
        self._finish()
        self._connection = "online"
        self.result_label.setText(
            self.tr(
                "Sync finished: {pushed} sent, {pulled} received, {merged} merged, "
                "{conflicts} conflicts, {rejected} refused."
            ).format(
                pushed=summary.pushed,
                pulled=summary.pulled,
                merged=summary.merged,
                conflicts=summary.conflicts,
                rejected=summary.rejected,
            )
        )
        if summary.resent:
            self.result_label.setText(
                self.result_label.text()
                + " "
                + self.tr(
                    "The county server had been restored from a backup: this computer sent "
                    "back the {count} records it holds, so nothing is lost."
                ).format(count=summary.resent)
            )
        if summary.conflicts:
            self.result_label.setText(
                self.result_label.text()
                + " "
                + self.tr("Open the Conflicts page to decide which values to keep.")
            )
        if self._session.is_unlocked:
            self._session.synced.emit()
        self.refresh()
        self.sync_finished.emit(True)

    def _failed(self, error: BaseException) -> None:
        self._finish()
        if isinstance(error, SyncError) and error.kind == "not_enrolled":
            self._connection = "offline_only"
        else:
            self._connection = "offline"
        self.result_label.setText(self.tr("Sync did not finish."))
        self.error_label.setText(describe_error(error))
        self.error_label.show()
        self.refresh()
        self.sync_finished.emit(False)
