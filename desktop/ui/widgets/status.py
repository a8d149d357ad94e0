"""The status bar: online or offline (by the last sync attempt), last sync, changes waiting."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from desktop.ui.pages.sync_page import SyncStatus
from desktop.ui.words import local_time_text


class SyncStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.connection_label = QLabel(self)
        self.connection_label.setObjectName("connection")
        self.last_label = QLabel(self)
        self.last_label.setObjectName("last_sync")
        self.waiting_label = QLabel(self)
        self.waiting_label.setObjectName("waiting")
        for label in (self.connection_label, self.last_label, self.waiting_label):
            self.addPermanentWidget(label)
        self.show_status(SyncStatus("unknown", None, None))

    def show_status(self, status: SyncStatus) -> None:
        connection = {
            "unknown": self.tr("Not synced yet this session"),
            "online": self.tr("Online"),
            "offline": self.tr("Offline"),
            "offline_only": self.tr("Offline (not joined to the county)"),
        }[status.connection]
        self.connection_label.setText(connection)
        if status.last_sync_at is None:
            self.last_label.setText(self.tr("Last sync: never"))
        else:
            self.last_label.setText(
                self.tr("Last sync: {when}").format(when=local_time_text(status.last_sync_at))
            )
        if status.waiting is None:
            self.waiting_label.clear()
        else:
            self.waiting_label.setText(
                self.tr("Waiting to go up: {count}").format(count=status.waiting)
            )
