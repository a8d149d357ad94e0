"""评估, 转介, 监护干预: the case cycle after a report (seed §二(六)3–4), each under its clause."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QWidget

from desktop.ui.dialogs.child_file_tabs.panel_tab import PanelTab
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Tasks
from desktop.ui.widgets.case_cycle import (
    assessment_panel,
    clause_texts,
    guardianship_panel,
    referral_panel,
)
from desktop.usecases.casecycle import FileOffers
from desktop.usecases.children import ChildFile


class AssessmentTab(PanelTab):
    """A new assessment starts from the child's current risk level."""

    def __init__(
        self, session: StoreSession, tasks: Tasks, *, today: Callable[[], date], parent: QWidget
    ) -> None:
        panel, self._assessed_child = assessment_panel(session, tasks, today=today, parent=parent)
        super().__init__(panel, parent, clause=clause_texts()["assessment"])

    def show_file(self, file: ChildFile) -> None:
        self.panel.set_child(file.child.id)
        self._assessed_child["risk_level"] = file.child.fields.get("risk_level") or "low"
        if self.panel.record_id is None and not self.panel.is_dirty():
            self.panel.start_new()  # a new assessment starts from the child's risk
        self.panel.set_records(file.assessments)

    def may_write(self, offers: FileOffers) -> bool:
        return offers.may_write("assessment")


class ReferralsTab(PanelTab):
    def __init__(
        self, session: StoreSession, tasks: Tasks, *, today: Callable[[], date], parent: QWidget
    ) -> None:
        panel = referral_panel(session, tasks, today=today, parent=parent)
        super().__init__(panel, parent, clause=clause_texts()["referral"])

    def show_file(self, file: ChildFile) -> None:
        self.panel.set_child(file.child.id)
        self.panel.set_records(file.referrals)

    def may_write(self, offers: FileOffers) -> bool:
        return offers.may_write("referral")


class GuardianshipTab(PanelTab):
    """The family's guardians with the steps taken when one fails; the people are added
    on the family tab."""

    def __init__(self, session: StoreSession, tasks: Tasks, parent: QWidget) -> None:
        panel = guardianship_panel(session, tasks, parent=parent)
        super().__init__(panel, parent, clause=clause_texts()["guardianship"])

    def show_file(self, file: ChildFile) -> None:
        self.panel.set_child(file.child.id)
        self.panel.set_records(file.members)

    def may_write(self, offers: FileOffers) -> bool:
        return offers.may_write("family_member")
