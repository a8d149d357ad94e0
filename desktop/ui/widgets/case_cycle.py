"""The child file's case-cycle tabs: 评估 (assessments and help plans, seed §二(六)3) and
转介 (referrals, "一门受理、协同救助", seed §二(五)). Each is a records panel under a line
that says which clause of the work plan it follows; the rules themselves are
``casework.assessments`` and ``casework.referrals``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from casework.records import ASSESSMENT_PARTNERS, DEPARTMENTS
from casework.referrals import UNANSWERED_DAYS, answer_dates
from casework.vocabulary import REFERRAL_STATUS
from desktop.ui.i18n import message_text
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Tasks
from desktop.ui.widgets.interventions import InterventionsEditor
from desktop.ui.widgets.plan_items import PlanItemsEditor
from desktop.ui.widgets.record_form import FieldSpec, Widget
from desktop.ui.widgets.records_panel import RecordsPanel
from desktop.usecases.casecycle import save_assessment

RISK_LEVELS = ("low", "medium", "high")
REFERRAL_STATUSES = ("open", "in_progress", "done", "declined")


def referral_status_text(code: Any) -> str:
    """A referral's status in the words of its course: sent → accepted → done / declined
    (casework.vocabulary.REFERRAL_STATUS, which the CLI and the printed file read too)."""
    return message_text(REFERRAL_STATUS.name(str(code)))


def assessment_fields() -> tuple[FieldSpec, ...]:
    risk_tip = QCoreApplication.translate(
        "CaseCycle",
        "The latest assessment's risk level becomes the child's (work plan §二(六)3).",
    )
    partners_tip = QCoreApplication.translate(
        "CaseCycle",
        "The township assesses with 民政 and the police, helped by the village committee, "
        "schools, medical institutions, relatives and social workers (work plan §二(六)3).",
    )
    return (
        FieldSpec("assessed_on", Widget.DATE),
        FieldSpec("assessor"),
        FieldSpec("partners", Widget.MULTI_CHOICE, ASSESSMENT_PARTNERS, tooltip=partners_tip),
        FieldSpec("safety", Widget.LONG_TEXT),
        FieldSpec("guardianship", Widget.LONG_TEXT),
        FieldSpec("physical_health", Widget.LONG_TEXT),
        FieldSpec("mental_health", Widget.LONG_TEXT),
        FieldSpec("risk_level", Widget.CHOICE, RISK_LEVELS, blank=False, tooltip=risk_tip),
        FieldSpec("plan", Widget.LONG_TEXT),
    )


def referral_fields() -> tuple[FieldSpec, ...]:
    status_tip = QCoreApplication.translate(
        "CaseCycle",
        "Sent → accepted → done, or declined with the reason. A referral with no answer "
        "{days} days after it was sent goes on the to-do.",
    ).format(days=UNANSWERED_DAYS)
    return (
        FieldSpec("department", Widget.CHOICE, DEPARTMENTS),
        FieldSpec("need", Widget.LONG_TEXT),
        FieldSpec("referred_on", Widget.DATE),
        FieldSpec(
            "status",
            Widget.CHOICE,
            REFERRAL_STATUSES,
            blank=False,
            describe=referral_status_text,
            tooltip=status_tip,
        ),
        FieldSpec("accepted_on", Widget.DATE),
        FieldSpec("closed_on", Widget.DATE),
        FieldSpec("outcome", Widget.LONG_TEXT),
        FieldSpec("decline_reason", Widget.LONG_TEXT),
    )


class ClauseTab(QWidget):
    """A panel under the line naming the clause it follows, scrolled as one."""

    def __init__(self, clause: str, panel: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clause = QLabel(clause, self)
        self.clause.setObjectName("clause")
        self.clause.setWordWrap(True)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.clause)
        layout.addWidget(scroll, 1)


def assessment_panel(
    session: StoreSession,
    tasks: Tasks,
    *,
    today: Callable[[], date],
    parent: QWidget,
) -> tuple[RecordsPanel, dict[str, Any]]:
    """The panel, and the child's current values a new assessment starts from (the
    caller keeps ``risk_level`` there current; a dict, so no reference back to it)."""
    child: dict[str, Any] = {"risk_level": "low"}

    def defaults() -> dict[str, Any]:
        return {
            "assessed_on": today().isoformat(),
            "assessor": session.user,
            "risk_level": child["risk_level"],
        }

    panel = RecordsPanel(
        session,
        tasks,
        kind="assessment",
        specs=assessment_fields(),
        columns=("assessed_on", "assessor", "risk_level", "plan_items"),
        defaults=defaults,
        rows=("plan_items", lambda owner: PlanItemsEditor(owner, today=today)),
        saver=save_assessment,
        parent=parent,
    )
    return panel, child


def referral_panel(
    session: StoreSession, tasks: Tasks, *, today: Callable[[], date], parent: QWidget
) -> RecordsPanel:
    panel = RecordsPanel(
        session,
        tasks,
        kind="referral",
        specs=referral_fields(),
        columns=("referred_on", "department", "need", "status"),
        defaults=lambda: {"referred_on": today().isoformat(), "status": "open"},
        parent=parent,
    )

    def status_changed(name: str) -> None:
        # The answer's day is today unless typed: one choice, not three fields.
        if name != "status":
            return
        values = panel.form.values()
        for field, day in answer_dates(str(values.get("status")), values, today()).items():
            panel.form.set_quietly(field, day)

    panel.form.edited.connect(status_changed)
    return panel


def guardianship_panel(session: StoreSession, tasks: Tasks, *, parent: QWidget) -> RecordsPanel:
    """The family's guardians with the steps taken when one fails (seed §二(六)4); the
    people themselves are added on the family tab."""
    tip = QCoreApplication.translate(
        "CaseCycle",
        "Six months of refusing the guardian's duty allow an application to the court to "
        "revoke the guardianship (work plan §二(六)4); the to-do says so 30 days before.",
    )
    return RecordsPanel(
        session,
        tasks,
        kind="family_member",
        specs=(FieldSpec("refusing_since", Widget.DATE, tooltip=tip),),
        columns=("relation", "name", "refusing_since", "interventions"),
        rows=("interventions", InterventionsEditor),
        can_create=False,
        parent=parent,
    )


def clause_texts() -> dict[str, str]:
    return {
        "assessment": QCoreApplication.translate(
            "CaseCycle",
            "评估帮扶 (work plan §二(六)3): the township, with 民政 and the police, assesses the "
            "child's safety, guardianship and physical and mental health and arranges help. "
            "Open plan items are on the to-do of the director and the township supervisor.",
        ),
        "referral": QCoreApplication.translate(
            "CaseCycle",
            "转介帮扶, “一门受理、协同救助” (work plan §二(五)): ask the department for help and "
            "note its answer. No answer after {days} days puts the referral on the to-do.",
        ).format(days=UNANSWERED_DAYS),
        "guardianship": QCoreApplication.translate(
            "CaseCycle",
            "强化监护干预 (work plan §二(六)4): pick the guardian who fails the child, and record "
            "each step taken (批评教育, 督促履责, 训诫 …) with its day and outcome.",
        ),
    }
