"""One child's file (一人一档): basic information, categories, visits, history.

The basic information is checked as it is typed, by the same rules the store applies;
Save stays disabled while anything is wrong. Closing with unsaved changes asks whether to
save, discard or go on editing. When the window locks, :meth:`ChildFileDialog.take_draft`
hands the unsaved edits over to be kept in memory and shown again after unlock.
"""

from __future__ import annotations

import enum
import html
import logging
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from casework.benefits import applicable as applicable_benefits
from casework.benefits import not_applied
from casework.closure import is_closed
from casework.ids import parse_id_number
from casework.messages import CaseworkError
from casework.records import RecordValidationError
from desktop.models.store import DuplicateIdNumberError
from desktop.ui.dialogs.closure import ask_closure
from desktop.ui.errors import describe_error
from desktop.ui.i18n import is_english, message_text
from desktop.ui.session import StoreSession
from desktop.ui.table_models.child_file import HistoryTableModel, VisitTableModel
from desktop.ui.tasks import Lane, Tasks
from desktop.ui.widgets.benefits import benefits_panel
from desktop.ui.widgets.benefits import clause_text as benefit_clause
from desktop.ui.widgets.busy import BusyIndicator
from desktop.ui.widgets.case_cycle import (
    ClauseTab,
    assessment_panel,
    clause_texts,
    guardianship_panel,
    referral_panel,
)
from desktop.ui.widgets.child_move import ChildMove
from desktop.ui.widgets.child_notes import ChildNotesPanel
from desktop.ui.widgets.key_child import KeyChildSuggestion, ask_decline_reason
from desktop.ui.widgets.print_button import PrintButton
from desktop.ui.widgets.record_form import FieldSpec, RecordForm, Widget
from desktop.ui.widgets.records_panel import PanelDraft, RecordsPanel
from desktop.ui.widgets.styles import ERROR_STYLE
from desktop.ui.words import value_text
from desktop.usecases.casecycle import (
    close_file,
    confirm_key_child,
    decline_key_child,
    file_offers,
    key_child_suggested,
    reopen_file,
)
from desktop.usecases.children import (
    ChildFile,
    load_child_file,
    next_visit_default,
    record_visit,
    save_child,
)

logger = logging.getLogger(__name__)

CHILD_FIELDS = (
    FieldSpec("name"),
    FieldSpec("gender", Widget.CHOICE, ("male", "female")),
    FieldSpec("id_number", Widget.ID_NUMBER),
    FieldSpec("birth_date", Widget.DATE),
    FieldSpec("ethnicity"),
    FieldSpec("hukou_county_code"),
    FieldSpec("hukou_type", Widget.CHOICE, ("rural", "urban"), blank=False),
    FieldSpec("hukou_address"),
    FieldSpec("no_hukou", Widget.BOOL),
    FieldSpec("residence_address"),
    FieldSpec("school"),
    FieldSpec("grade"),
    FieldSpec(
        "schooling_status",
        Widget.CHOICE,
        ("in_school", "dropped_out", "out_of_school", "not_enrolled"),
    ),
    FieldSpec("boarding", Widget.BOOL),
    FieldSpec("health", Widget.LONG_TEXT),
    FieldSpec(
        "disability_category",
        Widget.CHOICE,
        ("physical", "visual", "hearing", "speech", "intellectual", "mental", "multiple"),
    ),
    FieldSpec("disability_grade", Widget.CHOICE, (1, 2, 3, 4)),
    FieldSpec("disability_certificate_no"),
    FieldSpec("serious_illness", Widget.BOOL),
    FieldSpec("serious_illness_note", Widget.LONG_TEXT),
    FieldSpec("family_assistance", Widget.CHOICE, ("none", "dibao", "dibao_edge"), blank=False),
    FieldSpec("assistance_certificate_no"),
    FieldSpec("assistance_valid_until", Widget.DATE),
    FieldSpec("welfare_received", Widget.LONG_TEXT),
    FieldSpec("in_welfare_institution", Widget.BOOL),
    FieldSpec("found_in_county", Widget.BOOL),
    FieldSpec("justice_involvement", Widget.CHOICE, ("offender", "victim")),
    FieldSpec("needs_temporary_custody", Widget.BOOL),
    FieldSpec("risk_level", Widget.CHOICE, ("low", "medium", "high"), blank=False),
    FieldSpec("key_child", Widget.BOOL),
    FieldSpec("opened_on", Widget.DATE),
    FieldSpec("notes", Widget.LONG_TEXT),
)


def child_fields() -> tuple[FieldSpec, ...]:
    """The child's fields, with the clauses of the rules they feed (casework.file_checks)
    as tooltips, in the language of the moment."""
    tips = {
        "key_child": QCoreApplication.translate(
            "ChildFileDialog",
            "Work plan annex 3 item 4: poorly guarded, out-of-school, unregistered, ill or "
            "disabled children are key children, visited more often. The to-do suggests "
            "them; tick this to confirm.",
        ),
        "no_hukou": QCoreApplication.translate(
            "ChildFileDialog",
            "Work plan §二(五)4, §二(六)1: a child without household registration is kept on "
            "file too (the hukou fields above are then not read). It is suggested as a key "
            "child; help settle the registration (annex 3 item 4).",
        ),
        "schooling_status": QCoreApplication.translate(
            "ChildFileDialog",
            "Work plan annex 3 item 4: a child who dropped out or is out of school is a key "
            "child, helped back to school. Not yet at school: below school age.",
        ),
        "assistance_valid_until": QCoreApplication.translate(
            "ChildFileDialog",
            "Work plan §二(一)4, 5: only a certificate within its validity counts; without "
            "this date the to-do asks for it.",
        ),
    }
    return tuple(replace(f, tooltip=tips[f.name]) if f.name in tips else f for f in CHILD_FIELDS)


NEW_CHILD_DEFAULTS: dict[str, Any] = {
    "hukou_county_code": "330523",
    "hukou_type": "rural",
    "family_assistance": "none",
    "risk_level": "low",
}
VISIT_FIELDS = (
    FieldSpec("visit_date", Widget.DATE),
    FieldSpec("visitor"),
    FieldSpec("visit_type", Widget.CHOICE, ("regular", "key_check", "follow_up"), blank=False),
    FieldSpec("living_condition", Widget.LONG_TEXT),
    FieldSpec("guardianship", Widget.LONG_TEXT),
    FieldSpec("schooling", Widget.LONG_TEXT),
    FieldSpec("health", Widget.LONG_TEXT),
    FieldSpec("mental_state", Widget.LONG_TEXT),
    FieldSpec("problems_found", Widget.LONG_TEXT),
    FieldSpec("help_given", Widget.LONG_TEXT),
    FieldSpec("next_visit_due", Widget.DATE),
)
RELATIONS = (
    "father", "mother", "grandfather", "grandmother", "maternal_grandfather",
    "maternal_grandmother", "sibling", "uncle_aunt", "other_relative", "other",
)  # fmt: skip
# A syntactically valid child id, so a visit form validates before the child exists.
PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000"


MEMBER_FIELDS = (
    FieldSpec("relation", Widget.CHOICE, RELATIONS),
    FieldSpec("name"),
    FieldSpec("id_number", Widget.ID_NUMBER),
    FieldSpec("phone"),
    FieldSpec("work_place"),
    FieldSpec("is_entrusted_guardian", Widget.BOOL),
)
MEMBER_COLUMNS = ("relation", "name", "situations", "is_entrusted_guardian")
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


class Tab(enum.IntEnum):
    BASIC = 0
    FAMILY = 1
    CATEGORIES = 2
    VISITS = 3
    ENTRUSTMENTS = 4
    ASSESSMENTS = 5  # 评估 (seed §二(六)3)
    REFERRALS = 6  # 转介
    GUARDIANSHIP = 7  # 监护干预 (seed §二(六)4)
    HISTORY = 8
    SUPERVISION = 9  # 督导: the township's notes and tasks about the child (issue 18)
    BENEFITS = 10  # 帮扶救助 (annex 3 item 4)


class Unsaved(enum.Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved(parent: QWidget) -> Unsaved:
    """The standard question: save, discard or cancel."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("ChildFileDialog", "Unsaved changes"))
    box.setText(
        QCoreApplication.translate(
            "ChildFileDialog", "This file has changes that are not saved yet. Save them?"
        )
    )
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return Unsaved.SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return Unsaved.DISCARD
    return Unsaved.CANCEL


@dataclass(frozen=True)
class ChildDraft:
    """Unsaved edits of a child's file, kept in memory while the window is locked."""

    child_id: str | None
    values: Mapping[str, Any]
    visit_values: Mapping[str, Any] | None = None
    tab: int = 0
    member: PanelDraft | None = None
    entrustment: PanelDraft | None = None
    assessment: PanelDraft | None = None
    referral: PanelDraft | None = None
    guardian: PanelDraft | None = None
    benefits: PanelDraft | None = None


class ChildFileDialog(QDialog):
    saved = Signal(str)  # child id
    closed = Signal()  # once it has closed (it is deleted soon after)
    visit_recorded = Signal(str)  # visit id
    file_loaded = Signal()
    save_finished = Signal()  # a save of either form ended, well or not
    report_requested = Signal(str, str)  # child id, name: the mandatory-report fast path

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        *,
        child_id: str | None,
        draft: ChildDraft | None = None,
        confirm_unsaved: Callable[[QWidget], Unsaved] = ask_unsaved,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("child_file")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._session = session
        self._tasks = tasks
        self._confirm_unsaved = confirm_unsaved
        self._today = today
        self.child_id = child_id
        self._draft = draft
        self._file: ChildFile | None = None
        self._saving = False
        self._closing_after_save = False
        self._force_close = False
        self._interval: int | None = None
        self._may_write_child = self._may_write_visits = self._may_report = True
        self.resize(760, 640)

        self.tabs = QTabWidget(self)
        self.form = RecordForm("child", child_fields(), self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.tabs.addTab(scroll, self.tr("Basic information"))

        self.members = RecordsPanel(
            session,
            tasks,
            kind="family_member",
            specs=MEMBER_FIELDS,
            columns=MEMBER_COLUMNS,
            with_situations=True,
            parent=self,
        )
        self.tabs.addTab(self._scrolled(self.members), self.tr("Family and guardianship"))

        self.categories_view = QTextBrowser(self)
        self.categories_view.setObjectName("categories")
        self.tabs.addTab(self.categories_view, self.tr("Categories"))

        visits_page = QWidget(self)
        self.visit_model = VisitTableModel(self)
        self.visit_table = QTableView(visits_page)
        self.visit_table.setObjectName("visits_table")
        self.visit_table.setModel(self.visit_model)
        self.visit_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.visit_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.visit_table.verticalHeader().hide()
        self.visit_table.horizontalHeader().setStretchLastSection(True)
        self.visit_form = RecordForm("visit", VISIT_FIELDS, visits_page)
        self.visit_form.set_context({"child_id": PLACEHOLDER_ID})
        self.visit_button = QPushButton(self.tr("Record this visit"), visits_page)
        self.visit_button.setObjectName("record_visit")
        self.visit_status = QLabel(visits_page)
        self.visit_status.setObjectName("visit_status")
        visit_scroll = QScrollArea(visits_page)
        visit_scroll.setWidgetResizable(True)
        visit_scroll.setWidget(self.visit_form)
        visits_layout = QVBoxLayout(visits_page)
        visits_layout.addWidget(self.visit_table, 1)
        visits_layout.addWidget(QLabel(self.tr("New visit"), visits_page))
        visits_layout.addWidget(visit_scroll, 2)
        visit_row = QHBoxLayout()
        visit_row.addWidget(self.visit_status, 1)
        visit_row.addWidget(self.visit_button)
        visits_layout.addLayout(visit_row)
        self.tabs.addTab(visits_page, self.tr("Visits"))

        self.entrustments = RecordsPanel(
            session,
            tasks,
            kind="entrustment",
            specs=ENTRUSTMENT_FIELDS,
            columns=ENTRUSTMENT_COLUMNS,
            defaults=lambda: {"status": "draft"},
            parent=self,
        )
        self.tabs.addTab(self._scrolled(self.entrustments), self.tr("Entrustments"))

        clauses = clause_texts()
        self.assessments, self._assessed_child = assessment_panel(
            session, tasks, today=self._today, parent=self
        )
        self.tabs.addTab(ClauseTab(clauses["assessment"], self.assessments), self.tr("Assessment"))
        self.tabs.setTabToolTip(Tab.ASSESSMENTS, clauses["assessment"])
        self.referrals = referral_panel(session, tasks, today=self._today, parent=self)
        self.tabs.addTab(ClauseTab(clauses["referral"], self.referrals), self.tr("Referrals"))
        self.tabs.setTabToolTip(Tab.REFERRALS, clauses["referral"])
        self.guardians = guardianship_panel(session, tasks, parent=self)
        self.tabs.addTab(
            ClauseTab(clauses["guardianship"], self.guardians), self.tr("Guardianship intervention")
        )
        self.tabs.setTabToolTip(Tab.GUARDIANSHIP, clauses["guardianship"])

        self.history_model = HistoryTableModel(self)
        self.history_table = QTableView(self)
        self.history_table.setObjectName("history_table")
        self.history_table.setModel(self.history_model)
        self.history_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_table.verticalHeader().hide()
        self.history_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.history_table.horizontalHeader().setStretchLastSection(True)
        self.tabs.addTab(self.history_table, self.tr("History"))
        self.notes_panel = ChildNotesPanel(session, tasks, today=self._today, parent=self)
        self.notes_panel.changed.connect(self._notes_changed)
        self.tabs.addTab(self.notes_panel, self.tr("Supervision"))
        self.benefits = benefits_panel(session, tasks, parent=self)
        self.tabs.addTab(ClauseTab(benefit_clause(), self.benefits), self.tr("Benefits"))
        self.tabs.setTabToolTip(Tab.BENEFITS, benefit_clause())
        # Annex 3 item 4: the suggestion to list the child as a key child, and the answer.
        self.key_child_box = KeyChildSuggestion(self)
        self.ask_decline_reason = ask_decline_reason  # replaced in tests
        self.key_child_box.confirm_requested.connect(lambda: self._key_child(confirm=True))
        self.key_child_box.decline_requested.connect(lambda: self._key_child(confirm=False))
        # A township supervisor's laptop reads the file; it writes only notes, tasks and
        # assessments (issue 18 item 2, casework.permissions).
        self.role_banner = QLabel(self)
        self.role_banner.setObjectName("role_banner")
        self.role_banner.setWordWrap(True)
        self.role_banner.hide()
        # 迁往其他村 (issue 17 item 5): the request, its banner, and the file's departure.
        # Weak: a bound method held by a child widget would keep this dialog's wrapper alive
        # after Qt deleted it (closed with WA_DeleteOnClose), and then be called on nothing.
        this = weakref.ref(self)
        self.move_box = ChildMove(
            session,
            tasks,
            say=lambda text: None if (d := this()) is None else d.status_text(text),
            busy=lambda: (d := this()) is not None and d._move_blocked(),
            parent=self,
        )
        self.move_box.departed.connect(self._moved_away)

        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.busy = BusyIndicator(self)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.report_button = QPushButton(self.tr("Mandatory report…"), self)
        self.report_button.setObjectName("mandatory_report")
        # 退出/结案 and coming back (casework.closure).
        self.close_file_button = QPushButton(self.tr("Close the file…"), self)
        self.close_file_button.setObjectName("close_file")
        self.reopen_button = QPushButton(self.tr("Reopen…"), self)
        self.reopen_button.setObjectName("reopen_file")
        self.closed_banner = QLabel(self)
        self.closed_banner.setObjectName("closed_banner")
        self.closed_banner.setWordWrap(True)
        self.closed_banner.hide()
        self.ask_closure = ask_closure  # replaced in tests
        self.print_button = PrintButton(session, tasks, self)
        self.print_button.child_id = child_id
        self.print_button.setEnabled(child_id is not None)
        buttons = QHBoxLayout()
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.close_file_button)
        buttons.addWidget(self.reopen_button)
        buttons.addWidget(self.move_box.button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.busy)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.closed_banner)
        layout.addWidget(self.move_box)
        layout.addWidget(self.key_child_box)
        layout.addWidget(self.role_banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

        self.form.edited.connect(self._form_edited)
        self.form.validity_changed.connect(lambda _v: self._update_buttons())
        self.visit_form.edited.connect(self._visit_edited)
        self.visit_form.validity_changed.connect(lambda _v: self._update_buttons())
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close)
        self.visit_button.clicked.connect(self.record_visit)
        self.report_button.clicked.connect(self._report)
        self.close_file_button.clicked.connect(lambda: self._closure(reopen=False))
        self.reopen_button.clicked.connect(lambda: self._closure(reopen=True))
        self.print_button.printed.connect(self.status.setText)
        for panel in self.panels():
            panel.saved.connect(self._panel_saved)
            panel.save_finished.connect(self.save_finished)

        if child_id is None:
            # A file typed in the window opens today unless the director says otherwise.
            self.form.load({**NEW_CHILD_DEFAULTS, "opened_on": self._today().isoformat()})
            self._reset_visit_form()
            self._apply_draft()
            self._show_title()
            self._update_buttons()
        else:
            self.form.setEnabled(False)
            self.reload()

    def _scrolled(self, widget: QWidget) -> QScrollArea:
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setWidget(widget)
        return area

    def panels(self) -> tuple[RecordsPanel, ...]:
        return (
            self.members, self.entrustments, self.assessments, self.referrals, self.guardians,
            self.benefits,
        )  # fmt: skip

    def _tab_of(self, panel: RecordsPanel) -> Tab:
        tabs = dict(zip(self.panels(), (Tab.FAMILY, Tab.ENTRUSTMENTS, Tab.ASSESSMENTS,
                                        Tab.REFERRALS, Tab.GUARDIANSHIP, Tab.BENEFITS),
                        strict=True))  # fmt: skip
        return tabs[panel]

    def _key_child(self, *, confirm: bool) -> None:
        """Confirm the key-child suggestion, or decline it with a reason (annex 3 item 4)."""
        store, child_id = self._session.store, self.child_id
        if store is None or child_id is None or self._saving:
            return
        if self.form.is_dirty():
            self.status.setText(self.tr("Save or discard the changes first."))
            return
        reason = None if confirm else self.ask_decline_reason(self)
        if not confirm and reason is None:
            return
        day = self._today()
        self._saving = True
        self._update_buttons()
        self.busy.start(self.tr("Saving…"))

        def work() -> tuple[str, ...]:
            if confirm:
                confirm_key_child(store, child_id=child_id)
            else:
                decline_key_child(store, child_id=child_id, reason=reason or "", day=day)
            return ()

        self._tasks.run(Lane.DB, work, self._closure_done, self._save_failed, owner=self)

    def _closure(self, *, reopen: bool) -> None:
        """Close the file (退出/结案) or reopen it, asked in a small dialog."""
        store, child_id = self._session.store, self.child_id
        if store is None or child_id is None or self._saving or self.is_dirty():
            if self.is_dirty():
                self.status.setText(self.tr("Save or discard the changes first."))
            return
        answer = self.ask_closure(self, reopen=reopen, today=self._today())
        if answer is None:
            return
        today = self._today()
        self._saving = True
        self._update_buttons()
        self.busy.start(self.tr("Saving…"))

        def work() -> tuple[str, ...]:
            if reopen:
                reopen_file(store, child_id=child_id, day=answer.day, reason=answer.reason)
                return ()
            return close_file(
                store,
                child_id=child_id,
                reason=answer.reason,
                day=answer.day,
                note=answer.note,
                today=today,
            )

        self._tasks.run(Lane.DB, work, self._closure_done, self._save_failed, owner=self)

    def _closure_done(self, referrals: tuple[str, ...]) -> None:
        try:
            self._saving = False
            self.busy.stop()
            text = self.tr("Saved.")
            if referrals:
                text += " " + self.tr(
                    "Referred to 人社 and 民政 for the 18th birthday (work plan §二(五)5, 10)."
                )
            self.status.setText(text)
            if self.child_id:
                self._session.changed.emit(self.child_id)
            self.reload()
        finally:
            self.save_finished.emit()

    def _show_closure(self, fields: Mapping[str, Any]) -> None:
        if not is_closed(fields):
            self.closed_banner.hide()
            return
        self.closed_banner.setText(
            self.tr("This file was closed on {day} ({reason}); it is in the archive.").format(
                day=fields.get("file_closed_on"), reason=value_text(fields.get("closure_reason"))
            )
        )
        self.closed_banner.setStyleSheet(ERROR_STYLE)
        self.closed_banner.show()

    def status_text(self, text: str) -> None:
        self.status.setText(text)

    def _move_blocked(self) -> bool:
        return self._saving or self.is_dirty()

    def _moved_away(self) -> None:
        """The sync took the file to another village: nothing of it stays open here."""
        self._force_close = True
        self.close()

    def is_loaded(self) -> bool:
        return self._file is not None

    def start_referral(self, *, report_id: str | None, need: str) -> None:
        """A new referral on the 转介 tab, from a mandatory report (its 转介 button)."""
        self.tabs.setCurrentIndex(Tab.REFERRALS)
        values: dict[str, Any] = {"need": need}
        if report_id:
            values["report_id"] = report_id
        self.referrals.start_new_with(values)

    def _panel_saved(self, _record_id: str) -> None:
        if self.child_id:
            self._session.changed.emit(self.child_id)
        self.reload()  # categories follow the parents' situations

    # -- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        store = self._session.store
        if store is None or self.child_id is None:
            return
        child_id = self.child_id
        today = self._today()
        self.busy.start(self.tr("Opening the file…"))
        self._tasks.run(
            Lane.DB,
            lambda: load_child_file(store, child_id=child_id, today=today),
            self._loaded,
            self._load_failed,
            owner=self,
        )

    def _loaded(self, file: ChildFile) -> None:
        self.busy.stop()
        first = self._file is None
        self._file = file
        self._interval = file.visit_interval_months
        if first or not self.form.is_dirty():
            self.form.load(file.child.fields)
        self.form.setEnabled(True)
        self._show_categories(file)
        self.visit_model.set_visits(file.visits)
        self.visit_table.resizeColumnsToContents()
        self.history_model.set_entries(file.history)
        self.members.set_child(file.child.id)
        self.members.set_records(file.members)
        self.entrustments.set_child(file.child.id)
        self.entrustments.set_records(file.entrustments)
        self.assessments.set_child(file.child.id)
        self._assessed_child["risk_level"] = file.child.fields.get("risk_level") or "low"
        if self.assessments.record_id is None and not self.assessments.is_dirty():
            self.assessments.start_new()  # a new assessment starts from the child's risk
        self.assessments.set_records(file.assessments)
        self.referrals.set_child(file.child.id)
        self.referrals.set_records(file.referrals)
        self.guardians.set_child(file.child.id)
        self.guardians.set_records(file.members)
        self.benefits.set_child(file.child.id)
        self.benefits.set_records([file.child])
        if self.benefits.record_id is None and not self.benefits.is_dirty():
            self.benefits.pick(0)  # the child's own record: its benefits
        categories = file.eligibility.categories if file.eligibility else ()
        self.benefits.situations.set_applicable(
            applicable_benefits(file.child.fields, categories),
            not_applied(file.child.fields, categories),
        )
        self._offer_by_role(file.role)
        self.notes_panel.set_child(file.child.id, file.child.village_code, file.role)
        self._show_closure(file.child.fields)
        self.move_box.set_child(file.child, file.role)
        open_file = not is_closed(file.child.fields)
        self.key_child_box.show_grounds(
            key_child_suggested(file) if open_file else [], writable=self._may_write_child
        )
        if first:
            self._reset_visit_form()
            self._apply_draft()
        self._show_title()
        self._update_buttons()
        self.file_loaded.emit()

    def _offer_by_role(self, role: str | None) -> None:
        """Offer only what the county lets this device's role write (casework.permissions):
        a township supervisor writes assessments (seed §二(六)3), not the village's file."""
        offers = file_offers(role)
        why = self.tr("Your role does not write this; the village's child director does.")
        self.members.set_writable(offers.may_write("family_member"), why)
        self.entrustments.set_writable(offers.may_write("entrustment"), why)
        self.assessments.set_writable(offers.may_write("assessment"), why)
        self.referrals.set_writable(offers.may_write("referral"), why)
        self.guardians.set_writable(offers.may_write("family_member"), why)
        self.benefits.set_writable(offers.child_fields is None, why)
        self._may_write_child = offers.child_fields is None
        self._may_write_visits = offers.may_write("visit")
        self._may_report = offers.may_write("mandatory_report")
        if not self._may_write_child:
            self.form.setEnabled(False)
            self.form.setToolTip(why)
        self.visit_form.setEnabled(self._may_write_visits)
        # Nothing offered that the county would refuse: no save, visit or report buttons.
        self.save_button.setVisible(self._may_write_child)
        self.visit_button.setVisible(self._may_write_visits)
        self.report_button.setVisible(self._may_report)
        if not self._may_write_child:
            self.role_banner.setText(
                self.tr(
                    "Read-only on this laptop: the village's child director keeps this file. "
                    "You may write assessments (with the risk level they set) and supervision "
                    "notes and tasks."
                )
            )
            self.role_banner.show()

    def _notes_changed(self, _note_id: str) -> None:
        if self.child_id:
            self._session.changed.emit(self.child_id)

    def _load_failed(self, error: BaseException) -> None:
        self.busy.stop()
        self.status.setText(describe_error(error))

    def _apply_draft(self) -> None:
        draft, self._draft = self._draft, None
        if draft is None:
            return
        self.form.load(draft.values, baseline=self.form.values(), mask_id=False)
        self.form.touch_all()
        if draft.visit_values is not None:
            self.visit_form.load(
                draft.visit_values, baseline=self.visit_form.values(), mask_id=False
            )
        if draft.member is not None:
            self.members.apply_draft(draft.member)
        if draft.entrustment is not None:
            self.entrustments.apply_draft(draft.entrustment)
        if draft.assessment is not None:
            self.assessments.apply_draft(draft.assessment)
        if draft.referral is not None:
            self.referrals.apply_draft(draft.referral)
        if draft.guardian is not None:
            self.guardians.apply_draft(draft.guardian)
        if draft.benefits is not None:
            self.benefits.apply_draft(draft.benefits)
        self.tabs.setCurrentIndex(draft.tab)
        self.status.setText(self.tr("Your unsaved changes from before the lock are back."))

    def _show_title(self) -> None:
        name = self.form.values().get("name")
        if self.child_id is None:
            self.setWindowTitle(self.tr("New child"))
        else:
            self.setWindowTitle(self.tr("Child file: {name}").format(name=name or ""))
        has_file = self.child_id is not None
        for tab in Tab:
            if tab is not Tab.BASIC:
                self.tabs.setTabEnabled(tab, has_file)
        if not has_file:
            self.tabs.setTabToolTip(Tab.VISITS, self.tr("Save the basic information first."))

    def _show_categories(self, file: ChildFile) -> None:
        english = is_english()
        words = {
            "difficulty": self.tr("A child in difficulty."),
            "no_category": self.tr("In scope, in no category"),
            "out": self.tr("Not in scope"),
            "why": self.tr("Why"),
            "coming": self.tr("Coming changes"),
            "none_coming": self.tr("No changes coming."),
        }
        esc = {key: html.escape(text) for key, text in words.items()}
        parts: list[str] = []
        if file.eligibility_problem is not None:
            parts.append(f"<p>{html.escape(message_text(file.eligibility_problem))}</p>")
        result = file.eligibility
        if result is not None:
            if result.categories:
                names = "、".join(value_text(c) for c in result.categories)
                parts.append(f"<h3>{html.escape(names)}</h3>")
                if result.in_difficulty:
                    parts.append(f"<p>{esc['difficulty']}</p>")
            elif result.in_scope:
                parts.append(f"<h3>{esc['no_category']}</h3>")
            else:
                parts.append(f"<h3>{esc['out']}</h3>")
            if result.reasons:
                parts.append(f"<h4>{esc['why']}</h4><ul>")
                for reason in result.reasons:
                    text = reason.en if english else reason.zh
                    clause = ""
                    if reason.clause:
                        where = self.tr("(work plan, clause {clause})").format(clause=reason.clause)
                        clause = f" <i>{html.escape(where)}</i>"
                    parts.append(f"<li>{html.escape(text)}{clause}</li>")
                parts.append("</ul>")
            if result.upcoming_changes:
                parts.append(f"<h4>{esc['coming']}</h4><ul>")
                for change in result.upcoming_changes:
                    text = change.en if english else change.zh
                    day = change.date.isoformat()
                    line = text if day in text else f"{day}: {text}"
                    parts.append(f"<li>{html.escape(line)}</li>")
                parts.append("</ul>")
            else:
                parts.append(f"<p>{esc['none_coming']}</p>")
        self.categories_view.setHtml("".join(parts))

    # -- basic information ---------------------------------------------------------------

    def _form_edited(self, name: str) -> None:
        if name == "id_number":
            self._fill_from_id_number()
        if name == "name":
            self._show_title()
        self.status.clear()
        self._update_buttons()

    def _fill_from_id_number(self) -> None:
        """A valid ID number fixes birth date and gender: fill them in when left blank."""
        value = self.form.values().get("id_number")
        if not value:
            return
        try:
            parsed = parse_id_number(value)
        except CaseworkError:
            return
        current = self.form.values()
        if not current.get("birth_date"):
            self.form.set_value("birth_date", parsed.birth_date.isoformat())
        if not current.get("gender"):
            self.form.set_value("gender", parsed.gender)

    def is_saving(self) -> bool:
        return self._saving or any(panel.is_saving() for panel in self.panels())

    def is_dirty(self) -> bool:
        panels_dirty = any(panel.is_dirty() for panel in self.panels())
        return self.form.is_dirty() or self.visit_form.is_dirty() or panels_dirty

    def _report(self) -> None:
        if self.child_id is not None:
            self.report_requested.emit(self.child_id, self.form.values().get("name") or "")

    def _update_buttons(self) -> None:
        self.report_button.setEnabled(self.child_id is not None and self._may_report)
        closed = self._file is not None and is_closed(self._file.child.fields)
        self.close_file_button.setVisible(
            self.child_id is not None and not closed and self._may_write_child
        )
        self.close_file_button.setEnabled(self._may_write_child and not self._saving)
        self.reopen_button.setVisible(closed and self._may_write_child)
        self.reopen_button.setEnabled(self._may_write_child and not self._saving)
        self.print_button.setEnabled(self.child_id is not None)
        self.save_button.setEnabled(
            self.form.is_valid()
            and self.form.is_dirty()
            and not self._saving
            and self._may_write_child
        )
        self.visit_button.setEnabled(
            self.child_id is not None
            and self.visit_form.is_valid()
            and not self._saving
            and self._may_write_visits
        )

    def save(self) -> None:
        self.form.touch_all()
        store = self._session.store
        if not self.form.is_valid() or self._saving or store is None:
            self._update_buttons()
            return
        values = self.form.values()
        child_id = self.child_id
        self._saving = True
        self._update_buttons()
        self.busy.start(self.tr("Saving…"))
        self._tasks.run(
            Lane.DB,
            lambda: save_child(store, child_id=child_id, fields=values),
            self._saved,
            self._save_failed,
            owner=self,
        )

    def _saved(self, child_id: str) -> None:
        try:
            self._saving = False
            self.busy.stop()
            self.child_id = self.print_button.child_id = child_id
            self.form.mark_clean()
            self.status.setText(self.tr("Saved."))
            self._show_title()
            self._update_buttons()
            self.saved.emit(child_id)
            self._session.changed.emit(child_id)
            if self._closing_after_save:
                self._force_close = True
                self.close()
            else:
                self.reload()
        finally:
            self.save_finished.emit()

    def _save_failed(self, error: BaseException) -> None:
        try:
            self._saving = False
            self._closing_after_save = False
            self.busy.stop()
            if isinstance(error, RecordValidationError):
                problems = {e.field: e.message for e in error.errors}
                self.form.show_problems(problems)
                self.status.setText(self.tr("Not saved: please correct the fields marked in red."))
            elif isinstance(error, DuplicateIdNumberError):
                text = describe_error(error)
                self.form.show_field_error("id_number", text)
                self.status.setText(self.tr("Not saved.") + " " + text)
            else:
                self.status.setText(self.tr("Not saved.") + " " + describe_error(error))
            self._update_buttons()
        finally:
            self.save_finished.emit()

    # -- visits --------------------------------------------------------------------------

    def _visit_defaults(self) -> dict[str, Any]:
        today = self._today()
        due = next_visit_default(today, self._interval)
        return {
            "visit_date": today.isoformat(),
            "visitor": self._session.user,
            "visit_type": "regular",
            "next_visit_due": due.isoformat() if due else None,
        }

    def _reset_visit_form(self) -> None:
        self.visit_form.load(self._visit_defaults())
        if self.child_id:
            self.visit_form.set_context({"child_id": self.child_id})

    def _visit_edited(self, name: str) -> None:
        if name == "visit_date" and not self.visit_form.is_touched("next_visit_due"):
            # Follow the visit date with the policy's next due date, until typed over.
            try:
                visit_day = date.fromisoformat(self.visit_form.values().get("visit_date") or "")
            except ValueError:
                visit_day = None
            if visit_day is not None:
                due = next_visit_default(visit_day, self._interval)
                self.visit_form.set_quietly("next_visit_due", due.isoformat() if due else None)
        self.visit_status.clear()
        self._update_buttons()

    def record_visit(self) -> None:
        self.visit_form.touch_all()
        store = self._session.store
        child_id = self.child_id
        if store is None or child_id is None or not self.visit_form.is_valid() or self._saving:
            return
        values = self.visit_form.values()
        self._saving = True
        self._update_buttons()
        self.busy.start(self.tr("Saving the visit…"))
        self._tasks.run(
            Lane.DB,
            lambda: record_visit(store, child_id=child_id, fields=values),
            self._visit_saved,
            self._visit_failed,
            owner=self,
        )

    def _visit_saved(self, visit_id: str) -> None:
        try:
            self._saving = False
            self.busy.stop()
            self._reset_visit_form()
            self.visit_status.setText(self.tr("Visit recorded."))
            self._update_buttons()
            self.visit_recorded.emit(visit_id)
            if self.child_id:
                self._session.changed.emit(self.child_id)
            self.reload()
        finally:
            self.save_finished.emit()

    def _visit_failed(self, error: BaseException) -> None:
        try:
            self._saving = False
            self.busy.stop()
            if isinstance(error, RecordValidationError):
                self.visit_form.show_problems({e.field: e.message for e in error.errors})
            self.visit_status.setText(self.tr("Visit not saved.") + " " + describe_error(error))
            self._update_buttons()
        finally:
            self.save_finished.emit()

    # -- closing, drafts -----------------------------------------------------------------

    def take_draft(self) -> ChildDraft | None:
        """The unsaved edits (None if there are none); the dialog then closes unasked."""
        draft = None
        if self.is_dirty():
            draft = ChildDraft(
                child_id=self.child_id,
                values=self.form.values(),
                visit_values=self.visit_form.values() if self.visit_form.is_dirty() else None,
                tab=self.tabs.currentIndex(),
                member=self.members.take_draft(),
                entrustment=self.entrustments.take_draft(),
                assessment=self.assessments.take_draft(),
                referral=self.referrals.take_draft(),
                guardian=self.guardians.take_draft(),
                benefits=self.benefits.take_draft(),
            )
        self._force_close = True
        self.close()
        return draft

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._force_close or not self.is_dirty():
            event.accept()
            self.closed.emit()
            return
        if self._saving:
            event.ignore()
            return
        choice = self._confirm_unsaved(self)
        if choice is Unsaved.DISCARD:
            event.accept()
            self.closed.emit()
        elif choice is Unsaved.SAVE and self.form.is_dirty():
            event.ignore()
            if self.form.is_valid():
                self._closing_after_save = True
                self.save()
            else:
                self.form.touch_all()
                self.tabs.setCurrentIndex(Tab.BASIC)
                self.status.setText(self.tr("Not saved: please correct the fields marked in red."))
        elif choice is Unsaved.SAVE and self.visit_form.is_dirty():
            event.ignore()
            self.tabs.setCurrentIndex(Tab.VISITS)
            self.record_visit()
        elif choice is Unsaved.SAVE:
            event.ignore()
            panel = next(p for p in self.panels() if p.is_dirty())
            self.tabs.setCurrentIndex(self._tab_of(panel))
            panel.save()
        else:
            event.ignore()

    def reject(self) -> None:
        self.close()  # Esc goes through the same question
