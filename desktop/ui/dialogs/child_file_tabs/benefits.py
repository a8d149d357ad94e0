"""帮扶救助: the benefits the child may have and has applied for (annex 3 item 4)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from casework.benefits import applicable as applicable_benefits
from casework.benefits import not_applied
from desktop.ui.dialogs.child_file_tabs.panel_tab import PanelTab
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Tasks
from desktop.ui.widgets.benefits import benefits_panel
from desktop.ui.widgets.benefits import clause_text as benefit_clause
from desktop.usecases.casecycle import FileOffers
from desktop.usecases.children import ChildFile


class BenefitsTab(PanelTab):
    """The child's own record, its benefits only, picked as soon as the file is loaded."""

    def __init__(self, session: StoreSession, tasks: Tasks, parent: QWidget) -> None:
        super().__init__(
            benefits_panel(session, tasks, parent=parent), parent, clause=benefit_clause()
        )

    def show_file(self, file: ChildFile) -> None:
        self.panel.set_child(file.child.id)
        self.panel.set_records([file.child])
        if self.panel.record_id is None and not self.panel.is_dirty():
            self.panel.pick(0)  # the child's own record: its benefits
        categories = file.eligibility.categories if file.eligibility else ()
        self.panel.situations.set_applicable(
            applicable_benefits(file.child.fields, categories),
            not_applied(file.child.fields, categories),
        )

    def may_write(self, offers: FileOffers) -> bool:
        return offers.child_fields is None  # the benefits are the child's own fields
