"""家庭监护情况: the parents and relatives, their situations, and who is the entrusted guardian."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.dialogs.child_file_tabs.panel_tab import PanelTab
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Tasks
from desktop.ui.widgets.record_form import FieldSpec, Widget
from desktop.ui.widgets.records_panel import RecordsPanel
from desktop.usecases.casecycle import FileOffers
from desktop.usecases.children import ChildFile

RELATIONS = (
    "father", "mother", "grandfather", "grandmother", "maternal_grandfather",
    "maternal_grandmother", "sibling", "uncle_aunt", "other_relative", "other",
)  # fmt: skip
MEMBER_FIELDS = (
    FieldSpec("relation", Widget.CHOICE, RELATIONS),
    FieldSpec("name"),
    FieldSpec("id_number", Widget.ID_NUMBER),
    FieldSpec("phone"),
    FieldSpec("work_place"),
    FieldSpec("is_entrusted_guardian", Widget.BOOL),
)
MEMBER_COLUMNS = ("relation", "name", "situations", "is_entrusted_guardian")


class FamilyTab(PanelTab):
    def __init__(self, session: StoreSession, tasks: Tasks, parent: QWidget) -> None:
        members = RecordsPanel(
            session,
            tasks,
            kind="family_member",
            specs=MEMBER_FIELDS,
            columns=MEMBER_COLUMNS,
            with_situations=True,
            parent=parent,
        )
        super().__init__(members, parent)

    def show_file(self, file: ChildFile) -> None:
        self.panel.set_child(file.child.id)
        self.panel.set_records(file.members)

    def may_write(self, offers: FileOffers) -> bool:
        return offers.may_write("family_member")
