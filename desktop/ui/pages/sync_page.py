"""同步: send this computer's changes to the county and fetch the county's, on demand and
every few minutes while enrolled. Runs on the network lane; never blocks a save.

The page says in one sentence how things stand (sync_words.py; plainly when offline for
days), lists the recent syncs with their counts or what went wrong in words
(services/sync_log.py), and each record waiting to go up, which opens its child."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.sync_log import SyncLogEntry, WaitingRecord
from desktop.sync.client import SyncError
from desktop.sync.engine import SyncSummary
from desktop.ui.errors import describe_error
from desktop.ui.i18n import message_text
from desktop.ui.icons import icon
from desktop.ui.pages.base import Page
from desktop.ui.session import StoreSession
from desktop.ui.sync_words import Connection, SyncStatus, sync_sentence, when_text
from desktop.ui.table_models.rows import PAYLOAD_ROLE, Row, RowsTableModel
from desktop.ui.tasks import Lane, ProgressRelay, Tasks
from desktop.ui.widgets.styles import (
    ERROR_STYLE,
    PRIMARY_BUTTON,
    URGENT,
    Heading,
    banner_style,
)
from desktop.ui.words import kind_text, local_time_text
from desktop.usecases.syncing import SyncOverview, sync_now, sync_overview

logger = logging.getLogger(__name__)

__all__ = ["Connection", "SyncPage", "SyncStatus"]


def history_titles() -> list[str]:
    return [
        QCoreApplication.translate("SyncPage", "When"),
        QCoreApplication.translate("SyncPage", "Sent"),
        QCoreApplication.translate("SyncPage", "Received"),
        QCoreApplication.translate("SyncPage", "Merged"),
        QCoreApplication.translate("SyncPage", "Conflicts"),
        QCoreApplication.translate("SyncPage", "Refused"),
        QCoreApplication.translate("SyncPage", "How it went"),
    ]


def departure_words(departed: int, dropped: int) -> str:
    """The children's files a sync took away (moved to another village: issue 17 item 5)."""
    if not departed:
        return ""
    text = QCoreApplication.translate(
        "SyncPage",
        "{count} children's files moved to another village and left this computer; "
        "nothing personal of them stays here.",
    ).format(count=departed)
    if dropped:
        text += " " + QCoreApplication.translate(
            "SyncPage",
            "{count} changes made here to them went with them (the county keeps what it "
            "refused after the move in the file's history).",
        ).format(count=dropped)
    return text


def history_row(entry: SyncLogEntry, now: datetime) -> Row:
    when = when_text(entry.finished_at, now)
    if entry.ok:
        counts = (entry.pushed, entry.pulled, entry.merged, entry.conflicts, entry.rejected)
        words = QCoreApplication.translate("SyncPage", "Finished")
        if entry.resent:
            text = QCoreApplication.translate(
                "SyncPage", "Finished; {count} records sent back to the restored server"
            )
            words = text.format(count=entry.resent)
        if entry.departed:
            words += "; " + departure_words(entry.departed, entry.dropped)
        texts = (when, *(str(n) for n in counts), words)
        return Row(texts, entry, tooltips=("", "", "", "", "", "", words))
    words = (
        message_text(entry.error)
        if entry.error
        else QCoreApplication.translate("SyncPage", "Did not finish")
    )
    if entry.tries > 1:
        text = QCoreApplication.translate("SyncPage", "{words} ({tries} tries since {since})")
        words = text.format(words=words, tries=entry.tries, since=when_text(entry.started_at, now))
    # The time in red: this sync did not finish; the last column says why.
    return Row(
        (when, "", "", "", "", "", words), entry, colour=URGENT, tooltips=("",) * 6 + (words,)
    )


def waiting_titles() -> list[str]:
    return [
        QCoreApplication.translate("SyncPage", "Child"),
        QCoreApplication.translate("SyncPage", "Record"),
        QCoreApplication.translate("SyncPage", "Changes"),
        QCoreApplication.translate("SyncPage", "Waiting since"),
    ]


def waiting_row(record: WaitingRecord) -> Row:
    name = record.child_name or QCoreApplication.translate("SyncPage", "(no child)")
    return Row(
        (name, kind_text(record.kind), str(record.changes), local_time_text(record.since)),
        record,
    )


def _table(model: RowsTableModel, name: str, parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


class SyncPage(Page):
    status_changed = Signal(object)  # SyncStatus
    sync_finished = Signal(bool)  # True on success (tests wait on it)
    open_child = Signal(str)  # a record waiting to go up, by its child

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        *,
        interval_ms: int,
        parent: QWidget | None = None,
        button_retries: int = 1,
    ) -> None:
        # After a sync the page reads the overview itself (_done): it need not follow "synced".
        super().__init__(session, tasks, parent, follows=("unlocked", "changed"))
        self._overview: SyncOverview | None = None
        self._connection: Connection = "unknown"
        self._running = False
        self._button_retries = button_retries

        self.title = Heading(self.tr("Sync with the county"), self)
        self.sentence = QLabel(self)
        self.sentence.setObjectName("sync_sentence")
        self.sentence.setWordWrap(True)
        self.server_label = QLabel(self)
        self.server_label.setObjectName("server")
        self.server_label.setWordWrap(True)
        self.last_label = QLabel(self)
        self.last_label.setObjectName("last_sync")
        self.policy_label = QLabel(self)
        self.policy_label.setObjectName("visit_policy")
        self.policy_label.setWordWrap(True)
        self.waiting_label = QLabel(self)
        self.waiting_label.setObjectName("waiting")
        self.conflicts_label = QLabel(self)
        self.conflicts_label.setObjectName("conflicts")
        self.sync_button = QPushButton(icon("sync", "#ffffff"), self.tr("Sync now"), self)
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

        self.sync_button.setDefault(True)
        self.sync_button.setStyleSheet(PRIMARY_BUTTON)
        self.phase_label.setWordWrap(True)

        self.history_model = RowsTableModel(history_titles, self)
        self.history_table = _table(self.history_model, "sync_history", self)
        self.waiting_model = RowsTableModel(waiting_titles, self)
        self.waiting_table = _table(self.waiting_model, "waiting_records", self)
        self.waiting_table.doubleClicked.connect(self._open_waiting)
        self.waiting_table.activated.connect(self._open_waiting)
        self.waiting_hint = QLabel(self.tr("Double-click a record to open the child's file."), self)
        self.waiting_hint.setWordWrap(True)
        self.nothing_waiting = QLabel(
            self.tr("Nothing waits to go up: the county has everything made here."), self
        )
        self.nothing_waiting.setObjectName("nothing_waiting")
        self.nothing_waiting.setWordWrap(True)

        info = QFormLayout()
        info.addRow(self.tr("County server"), self.server_label)
        info.addRow(self.tr("Last sync"), self.last_label)
        info.addRow(self.tr("Changes waiting to go up"), self.waiting_label)
        info.addRow(self.tr("Conflicts to decide"), self.conflicts_label)
        info.addRow(self.policy_label)  # "走访要求：县里 2026-12-03 版" and what it asks
        row = QHBoxLayout()
        row.addWidget(self.sync_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.phase_label, 2)
        row.addWidget(self.busy)
        history_box = QWidget(self)
        history_column = QVBoxLayout(history_box)
        history_column.setContentsMargins(0, 0, 0, 0)
        history_column.addWidget(Heading(self.tr("Recent syncs"), history_box, steps=1))
        history_column.addWidget(self.history_table, 1)
        waiting_box = QWidget(self)
        waiting_column = QVBoxLayout(waiting_box)
        waiting_column.setContentsMargins(0, 0, 0, 0)
        waiting_column.addWidget(Heading(self.tr("Waiting to go up"), waiting_box, steps=1))
        waiting_column.addWidget(self.waiting_hint)
        waiting_column.addWidget(self.nothing_waiting)
        waiting_column.addWidget(self.waiting_table, 1)
        waiting_column.addStretch(0)  # keeps the sentence on top when the table is hidden
        lists = QSplitter(self)
        lists.setChildrenCollapsible(False)
        lists.addWidget(history_box)
        lists.addWidget(waiting_box)
        lists.setStretchFactor(0, 3)
        lists.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.sentence)
        layout.addLayout(info)
        layout.addLayout(row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.error_label)
        layout.addWidget(lists, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(lambda: self.sync(automatic=True))
        self.sync_button.clicked.connect(lambda: self.sync(automatic=False))
        self._show_overview()

    # -- overview ------------------------------------------------------------------------

    def reload(self, *, first: bool = False) -> None:
        self.read(
            self.tr("Reading what waits to go up…"),
            sync_overview,
            self._got_overview,
            lambda error: logger.error("sync overview failed", exc_info=error),
            first=first,
        )

    def _got_overview(self, overview: SyncOverview) -> None:
        self._overview = overview
        if not overview.enrolled:
            self._connection = "offline_only"
        if overview.enrolled and not self.timer.isActive():
            self.timer.start()
        elif not overview.enrolled:
            self.timer.stop()
        self._show_overview()
        self.loaded.emit()

    def _show_overview(self) -> None:
        overview = self._overview
        if overview is None:
            self.server_label.setText("")
            self.last_label.setText("")
            self.policy_label.setText("")
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
            # Which visit policy holds (the county's, after a sync) and what it asks.
            self.policy_label.setText(
                f"{overview.policy_in_force}\n{overview.policy_summary}".strip()
            )
            self.waiting_label.setText(str(overview.waiting))
            self.conflicts_label.setText(str(overview.conflicts))
            self.sync_button.setEnabled(not self._running)
        self._show_lists(overview)
        self._emit_status()

    def _show_lists(self, overview: SyncOverview | None) -> None:
        now = datetime.now(UTC)
        recent = overview.recent if overview else ()
        self.history_model.set_rows(history_row(entry, now) for entry in recent)
        waiting = overview.waiting_records if overview else ()
        self.waiting_model.set_rows(waiting_row(record) for record in waiting)
        self.waiting_hint.setVisible(bool(waiting))
        self.waiting_table.setVisible(bool(waiting))
        self.nothing_waiting.setVisible(overview is not None and not waiting)

    def _emit_status(self) -> None:
        status = self.status()
        text, tone = sync_sentence(status)
        self.sentence.setText(text)
        self.sentence.setStyleSheet(banner_style(tone) if text else "")
        self.sentence.setVisible(bool(text))
        self.status_changed.emit(status)

    def status(self) -> SyncStatus:
        overview = self._overview
        return SyncStatus(
            connection=self._connection,
            last_sync_at=overview.last_sync_at if overview else None,
            waiting=overview.waiting if overview else None,
            syncing=self._running,
        )

    def _open_waiting(self, index: QModelIndex) -> None:
        record = index.data(PAYLOAD_ROLE)
        if isinstance(record, WaitingRecord) and record.child_id:
            self.open_child.emit(record.child_id)

    def clear(self) -> None:
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
        self._emit_status()
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
        if summary.departed:
            words = departure_words(summary.departed, summary.dropped)
            self.result_label.setText(self.result_label.text() + " " + words)
        if summary.conflicts:
            self.result_label.setText(
                self.result_label.text()
                + " "
                + self.tr("Open the Conflicts page to decide which values to keep.")
            )
        # This page's state first: the status bar says the sync is over at once, not after
        # every page has read the store again (the children's list alone takes a second).
        self.reload(first=True)
        if self._session.is_unlocked:
            self._session.synced.emit()
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
        self.reload(first=True)
        self.sync_finished.emit(False)
