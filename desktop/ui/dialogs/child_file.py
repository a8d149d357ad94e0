"""One child's file (一人一档): the frame around its tabs (child_file_tabs/, one module each).

The frame holds the title, the banners (closed, moving, key child, read-only role), the
section list, Save and Close and the buttons beside them, and the question about unsaved
edits. The basic information is checked as it is typed, by the same rules the store
applies; Save stays disabled while anything is wrong. Closing with unsaved changes asks
whether to save, discard or go on editing. When the window locks,
:meth:`ChildFileDialog.take_draft` hands the unsaved edits over to be kept in memory and
shown again after unlock.
"""

from __future__ import annotations

import enum
import logging
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casework.closure import is_closed
from casework.records import RecordValidationError
from desktop.models.store import CaseStore, DuplicateIdNumberError
from desktop.ui.dialogs.child_file_tabs.basic import (
    CHILD_FIELDS,
    NEW_CHILD_DEFAULTS,
    BasicInfoTab,
    child_fields,
)
from desktop.ui.dialogs.child_file_tabs.benefits import BenefitsTab
from desktop.ui.dialogs.child_file_tabs.case_cycle import (
    AssessmentTab,
    GuardianshipTab,
    ReferralsTab,
)
from desktop.ui.dialogs.child_file_tabs.categories import CategoriesTab
from desktop.ui.dialogs.child_file_tabs.entrustments import ENTRUSTMENT_FIELDS, EntrustmentsTab
from desktop.ui.dialogs.child_file_tabs.family import MEMBER_FIELDS, FamilyTab
from desktop.ui.dialogs.child_file_tabs.history import HistoryTab
from desktop.ui.dialogs.child_file_tabs.panel_tab import PanelTab
from desktop.ui.dialogs.child_file_tabs.visits import VISIT_FIELDS, VisitsTab
from desktop.ui.dialogs.closure import ask_closure
from desktop.ui.errors import describe_error
from desktop.ui.loading import Changed, while_unlocked, write_in_background
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Lane, Tasks
from desktop.ui.widgets.busy import BusyIndicator
from desktop.ui.widgets.child_move import ChildMove
from desktop.ui.widgets.child_notes import ChildNotesPanel
from desktop.ui.widgets.key_child import KeyChildSuggestion, ask_decline_reason
from desktop.ui.widgets.print_button import PrintButton
from desktop.ui.widgets.records_panel import PanelDraft, RecordsPanel
from desktop.ui.widgets.section_tabs import SectionTabs
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
from desktop.usecases.children import ChildFile, load_child_file, save_child

# The forms' fields, where the vocabulary test and the file checks look for them.
__all__ = [
    "CHILD_FIELDS",
    "ENTRUSTMENT_FIELDS",
    "MEMBER_FIELDS",
    "VISIT_FIELDS",
    "ChildDraft",
    "ChildFileDialog",
    "Tab",
    "Unsaved",
    "ask_unsaved",
    "child_fields",
]

logger = logging.getLogger(__name__)
T = TypeVar("T")


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
        self._saving = False  # the dialog's own writes; a visit's is the visits tab's
        self._closing_after_save = False
        self._force_close = False
        self._may_write_child = self._may_write_visits = self._may_report = True
        self.resize(760, 640)
        self.busy = BusyIndicator(self)

        # The tabs, in the order of Tab.
        self.tabs = SectionTabs(self)
        self.basic = BasicInfoTab(self)
        self.form = self.basic.form
        self.family = FamilyTab(session, tasks, self)
        self.members = self.family.panel
        self.categories_view = CategoriesTab(self)
        self.visits = VisitsTab(session, tasks, self.busy, today=today, parent=self)
        self.visit_form, self.visit_model = self.visits.form, self.visits.model
        self.visit_table, self.visit_button = self.visits.table, self.visits.button
        self.visit_status = self.visits.status
        self.entrustment_tab = EntrustmentsTab(session, tasks, self)
        self.entrustments = self.entrustment_tab.panel
        self.assessment_tab = AssessmentTab(session, tasks, today=today, parent=self)
        self.assessments = self.assessment_tab.panel
        self.referral_tab = ReferralsTab(session, tasks, today=today, parent=self)
        self.referrals = self.referral_tab.panel
        self.guardianship_tab = GuardianshipTab(session, tasks, self)
        self.guardians = self.guardianship_tab.panel
        self.history_table = HistoryTab(self)
        self.history_model = self.history_table.history_model
        self.notes_panel = ChildNotesPanel(session, tasks, today=today, parent=self)
        self.benefit_tab = BenefitsTab(session, tasks, self)
        self.benefits = self.benefit_tab.panel
        for tab, page, title in (
            (Tab.BASIC, self.basic, self.tr("Basic information")),
            (Tab.FAMILY, self.family, self.tr("Family and guardianship")),
            (Tab.CATEGORIES, self.categories_view, self.tr("Categories")),
            (Tab.VISITS, self.visits, self.tr("Visits")),
            (Tab.ENTRUSTMENTS, self.entrustment_tab, self.tr("Entrustments")),
            (Tab.ASSESSMENTS, self.assessment_tab, self.tr("Assessment")),
            (Tab.REFERRALS, self.referral_tab, self.tr("Referrals")),
            (Tab.GUARDIANSHIP, self.guardianship_tab, self.tr("Guardianship intervention")),
            (Tab.HISTORY, self.history_table, self.tr("History")),
            (Tab.SUPERVISION, self.notes_panel, self.tr("Supervision")),
            (Tab.BENEFITS, self.benefit_tab, self.tr("Benefits")),
        ):
            self.tabs.addTab(page, title)  # at index `tab`: added in order
            if isinstance(page, PanelTab) and page.clause:
                self.tabs.setTabToolTip(tab, page.clause)

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
        body = QHBoxLayout()
        body.addWidget(self.tabs.sections)
        body.addWidget(self.tabs, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.closed_banner)
        layout.addWidget(self.move_box)
        layout.addWidget(self.key_child_box)
        layout.addWidget(self.role_banner)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

        self.form.edited.connect(self._form_edited)
        self.form.validity_changed.connect(lambda _v: self._update_buttons())
        self.visit_form.edited.connect(lambda _name: self._update_buttons())
        self.visit_form.validity_changed.connect(lambda _v: self._update_buttons())
        self.visits.recorded.connect(self._visit_recorded)
        self.visits.finished.connect(self._update_buttons)
        self.visits.finished.connect(self.save_finished)
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
            self.visits.reset(self.child_id)
            self._apply_draft()
            self._show_title()
            self._update_buttons()
        else:
            self.form.setEnabled(False)
            self.reload()

    def panel_tabs(self) -> tuple[PanelTab, ...]:
        return (
            self.family, self.entrustment_tab, self.assessment_tab, self.referral_tab,
            self.guardianship_tab, self.benefit_tab,
        )  # fmt: skip

    def panels(self) -> tuple[RecordsPanel, ...]:
        return tuple(tab.panel for tab in self.panel_tabs())

    def _writing(self) -> bool:
        """A write of the dialog's or of a visit is under way: no other starts meanwhile."""
        return self._saving or self.visits.is_saving()

    def _key_child(self, *, confirm: bool) -> None:
        """Confirm the key-child suggestion, or decline it with a reason (annex 3 item 4)."""
        store, child_id = self._session.store, self.child_id
        if store is None or child_id is None or self._writing():
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

        def work(store: CaseStore) -> Changed[tuple[str, ...]]:
            if confirm:
                confirm_key_child(store, child_id=child_id)
            else:
                decline_key_child(store, child_id=child_id, reason=reason or "", day=day)
            return Changed((), child_id)

        self._write(work, self._closure_done)

    def _closure(self, *, reopen: bool) -> None:
        """Close the file (退出/结案) or reopen it, asked in a small dialog."""
        store, child_id = self._session.store, self.child_id
        if store is None or child_id is None or self._writing() or self.is_dirty():
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

        def work(store: CaseStore) -> Changed[tuple[str, ...]]:
            if reopen:
                reopen_file(store, child_id=child_id, day=answer.day, reason=answer.reason)
                return Changed((), child_id)
            referrals = close_file(
                store,
                child_id=child_id,
                reason=answer.reason,
                day=answer.day,
                note=answer.note,
                today=today,
            )
            return Changed(referrals, child_id)

        self._write(work, self._closure_done)

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
        return self._writing() or self.is_dirty()

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
        self.reload()  # categories follow the parents' situations

    # -- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        store = self._session.store
        if store is None or self.child_id is None:
            return
        child_id = self.child_id
        today = self._today()
        self.busy.start(self.tr("Opening the file…"))
        read = while_unlocked(
            self._session, store, lambda s: load_child_file(s, child_id=child_id, today=today), None
        )
        self._tasks.run(
            Lane.DB,
            read,
            self._loaded,
            self._load_failed,
            owner=self,
        )

    def _loaded(self, file: ChildFile | None) -> None:
        self.busy.stop()
        if file is None:
            return  # the window locked before the file was read
        first = self._file is None
        self._file = file
        if first or not self.form.is_dirty():
            self.form.load(file.child.fields)
        self.form.setEnabled(True)
        self.categories_view.show_file(file)
        self.visits.show_file(file)
        self.history_table.show_file(file)
        for tab in self.panel_tabs():
            tab.show_file(file)
        self._offer_by_role(file.role)
        self.notes_panel.set_child(file.child.id, file.child.village_code, file.role)
        self._show_closure(file.child.fields)
        self.move_box.set_child(file.child, file.role)
        open_file = not is_closed(file.child.fields)
        self.key_child_box.show_grounds(
            key_child_suggested(file) if open_file else [], writable=self._may_write_child
        )
        if first:
            self.visits.reset(self.child_id)
            self._apply_draft()
        self._show_title()
        self._update_buttons()
        self.file_loaded.emit()

    def _offer_by_role(self, role: str | None) -> None:
        """Offer only what the county lets this device's role write (casework.permissions):
        a township supervisor writes assessments (seed §二(六)3), not the village's file."""
        offers = file_offers(role)
        why = self.tr("Your role does not write this; the village's child director does.")
        for tab in self.panel_tabs():
            tab.panel.set_writable(tab.may_write(offers), why)
        self._may_write_child = offers.child_fields is None
        self._may_write_visits = offers.may_write("visit")
        self._may_report = offers.may_write("mandatory_report")
        if not self._may_write_child:
            self.form.setEnabled(False)
            self.form.setToolTip(why)
        self.visits.set_writable(self._may_write_visits)
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
        for panel, kept in zip(self.panels(), self._panel_drafts(draft), strict=True):
            if kept is not None:
                panel.apply_draft(kept)
        self.tabs.setCurrentIndex(draft.tab)
        self.status.setText(self.tr("Your unsaved changes from before the lock are back."))

    @staticmethod
    def _panel_drafts(draft: ChildDraft) -> tuple[PanelDraft | None, ...]:
        """The draft's panels, in the order of panels()."""
        return (
            draft.member, draft.entrustment, draft.assessment, draft.referral, draft.guardian,
            draft.benefits,
        )  # fmt: skip

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

    # -- basic information ---------------------------------------------------------------

    def _form_edited(self, name: str) -> None:
        if name == "id_number":
            self.basic.fill_from_id_number()
        if name == "name":
            self._show_title()
        self.status.clear()
        self._update_buttons()

    def is_saving(self) -> bool:
        return self._writing() or any(panel.is_saving() for panel in self.panels())

    def is_dirty(self) -> bool:
        panels_dirty = any(panel.is_dirty() for panel in self.panels())
        return self.form.is_dirty() or self.visit_form.is_dirty() or panels_dirty

    def _report(self) -> None:
        if self.child_id is not None:
            self.report_requested.emit(self.child_id, self.form.values().get("name") or "")

    def _update_buttons(self) -> None:
        writing = self._writing()
        self.report_button.setEnabled(self.child_id is not None and self._may_report)
        closed = self._file is not None and is_closed(self._file.child.fields)
        self.close_file_button.setVisible(
            self.child_id is not None and not closed and self._may_write_child
        )
        self.close_file_button.setEnabled(self._may_write_child and not writing)
        self.reopen_button.setVisible(closed and self._may_write_child)
        self.reopen_button.setEnabled(self._may_write_child and not writing)
        self.print_button.setEnabled(self.child_id is not None)
        self.save_button.setEnabled(
            self.form.is_valid() and self.form.is_dirty() and not writing and self._may_write_child
        )
        self.visits.allow(self.child_id is not None and not writing and self._may_write_visits)

    def save(self) -> None:
        self.form.touch_all()
        store = self._session.store
        if not self.form.is_valid() or self._writing() or store is None:
            self._update_buttons()
            return
        values = self.form.values()
        child_id = self.child_id

        def work(store: CaseStore) -> Changed[str]:
            saved = save_child(store, child_id=child_id, fields=values)
            return Changed(saved, saved)

        self._saving = True
        self._update_buttons()
        self.busy.start(self.tr("Saving…"))
        self._write(work, self._saved)

    def _write(self, work: Callable[[CaseStore], Changed[T]], done: Callable[[T], None]) -> None:
        """A write of the dialog's on the database lane; once done, the session tells every
        page which child changed (loading.write_in_background)."""
        write_in_background(self._session, self._tasks, work, done, self._save_failed, owner=self)

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

    # -- visits (the tab writes; the dialog keeps one write at a time) -------------------

    def record_visit(self) -> None:
        child_id = self.child_id
        if child_id is None or self._saving:
            self.visit_form.touch_all()
            return
        if self.visits.record(child_id):
            self._update_buttons()

    def _visit_recorded(self, visit_id: str) -> None:
        self._update_buttons()
        self.visit_recorded.emit(visit_id)
        self.reload()

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
        if self._writing():
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
            tab = next(t for t in self.panel_tabs() if t.panel.is_dirty())
            self.tabs.setCurrentIndex(self.tabs.indexOf(tab))
            tab.panel.save()
        else:
            event.ignore()

    def reject(self) -> None:
        self.close()  # Esc goes through the same question
