"""委托照护: the entrustments of care the parents signed (annex 3 item 3)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.dialogs.child_file_tabs.panel_tab import PanelTab
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Tasks
from desktop.ui.widgets.record_form import FieldSpec, Widget
from desktop.ui.widgets.records_panel import RecordsPanel
from desktop.usecases.casecycle import FileOffers
from desktop.usecases.children import ChildFile

ENTRUSTMENT_FIELDS = (
    FieldSpec("guardian_name"),
    FieldSpec("guardian_relation"),
    FieldSpec("guardian_phone"),
    FieldSpec("guardian_id_number", Widget.ID_NUMBER),
    FieldSpec("parents", Widget.LONG_TEXT),
    FieldSpec("signed_date", Widget.DATE),
    FieldSpec("valid_until", Widget.DATE),
    FieldSpec("status", Widget.CHOICE, ("draft", "signed", "expired", "revoked"), blank=False),
)
ENTRUSTMENT_COLUMNS = ("guardian_name", "signed_date", "valid_until", "status")


class EntrustmentsTab(PanelTab):
    def __init__(self, session: StoreSession, tasks: Tasks, parent: QWidget) -> None:
        entrustments = RecordsPanel(
            session,
            tasks,
            kind="entrustment",
            specs=ENTRUSTMENT_FIELDS,
            columns=ENTRUSTMENT_COLUMNS,
            defaults=lambda: {"status": "draft"},
            parent=parent,
        )
        super().__init__(entrustments, parent)

    def show_file(self, file: ChildFile) -> None:
        self.panel.set_child(file.child.id)
        self.panel.set_records(file.entrustments)

    def may_write(self, offers: FileOffers) -> bool:
        return offers.may_write("entrustment")
