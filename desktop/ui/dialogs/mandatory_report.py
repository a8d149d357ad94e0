"""强制报告: the fast path to record a mandatory report to the police.

Opened from a child's file or the children list (``child_id`` given), or for a child who
is not on file yet (``child_id`` None: a few words about the child are asked, and the
child and the report are saved together). "Save draft" keeps an unfinished report;
"File the report" needs the time reported and the police station, and afterwards only
the follow-up can change (the store refuses anything else as well).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casework.records import FILED_REPORT_EDITABLE, RecordValidationError
from casework.report_follow_through import reported_at_once, reporting_delay
from desktop.models.store import CaseStore
from desktop.ui.dialogs.child_file import Unsaved, ask_unsaved
from desktop.ui.errors import describe_error
from desktop.ui.loading import Changed, write_in_background
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Lane, Tasks
from desktop.ui.widgets.busy import BusyIndicator
from desktop.ui.widgets.record_form import FieldSpec, RecordForm, Widget
from desktop.ui.widgets.styles import ERROR_STYLE
from desktop.usecases.children import field_errors
from desktop.usecases.reports import (
    ReportItem,
    load_report,
    report_for_new_child,
    save_report,
)

logger = logging.getLogger(__name__)

TRIGGERS = (
    "living_alone",
    "missing",
    "guardian_incapable",
    "not_fulfilling_guardianship",
    "suspected_violence",
    "accidental_injury",
    "unlawful_harm",
)
EMERGENCY_MEASURES = (
    "returned_to_family", "relatives_care", "village_committee_care", "rescue_station",
    "welfare_institution", "sent_to_hospital", "temporary_shelter", "other",
)  # fmt: skip
REPORT_FIELDS = (
    FieldSpec("trigger", Widget.CHOICE, TRIGGERS),
    FieldSpec("more_triggers", Widget.MULTI_CHOICE, TRIGGERS),
    FieldSpec("found_at", Widget.DATETIME),
    FieldSpec("reported_at", Widget.DATETIME),
    FieldSpec("police_station"),
    FieldSpec("officer"),
    FieldSpec("receipt_no"),
    FieldSpec("description", Widget.LONG_TEXT),
    FieldSpec("follow_up_status", Widget.CHOICE, ("open", "following", "closed"), blank=False),
    FieldSpec("follow_up_notes", Widget.LONG_TEXT),
    FieldSpec("police_feedback_on", Widget.DATE),
    FieldSpec("emergency_measure", Widget.CHOICE, EMERGENCY_MEASURES),
    FieldSpec("taken_in_by"),
)
UNKNOWN_CHILD_FIELDS = (
    FieldSpec("name"),
    FieldSpec("gender", Widget.CHOICE, ("male", "female")),
    FieldSpec("birth_date", Widget.DATE),
)
PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class ReportDraft:
    """Unsaved edits of a report, kept in memory while the window is locked."""

    report_id: str | None
    child_id: str | None
    values: Mapping[str, Any]
    child_values: Mapping[str, Any] | None


def _announced(ids: tuple[str, str]) -> Changed[tuple[str, str]]:
    """A saved report changes its child's file: (child id, report id)."""
    return Changed(ids, ids[0])


def minute_text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


class ReportDialog(QDialog):
    saved = Signal(str)  # report id
    closed = Signal()
    save_finished = Signal()  # a save ended, well or not (a lock may wait for it)
    referral_requested = Signal(str, str, str)  # child id, report id, what is asked

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        *,
        child_id: str | None,
        report_id: str | None = None,
        child_name: str = "",
        draft: ReportDraft | None = None,
        now: Callable[[], datetime] = datetime.now,
        confirm_unsaved: Callable[[QWidget], Unsaved] = ask_unsaved,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("report_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._session = session
        self._tasks = tasks
        self._confirm_unsaved = confirm_unsaved
        self.child_id = child_id
        self.report_id = report_id
        self.filed = False
        self._saving = False
        self._force_close = False
        self._pending_draft: ReportDraft | None = None
        self.resize(780, 660)  # two triggers to a line, each whole, without sideways scrolling

        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.child_form: RecordForm | None = None
        body = QWidget(self)
        column = QVBoxLayout(body)
        if child_id is None and report_id is None:
            self.child_form = RecordForm("child", UNKNOWN_CHILD_FIELDS, body)
            self.child_form.setObjectName("unknown_child")
            column.addWidget(
                QLabel(self.tr("About the child (fill in what is known; change it later)"), body)
            )
            column.addWidget(self.child_form)
        self.form = RecordForm("mandatory_report", REPORT_FIELDS, body)
        self.form.set_context({"child_id": child_id or PLACEHOLDER_ID})
        column.addWidget(QLabel(self.tr("The report"), body))
        # Seed §二(六)1: report "在第一时间" (at once); the time it took is shown as typed.
        self.delay = QLabel(body)
        self.delay.setObjectName("delay")
        self.delay.setWordWrap(True)
        self.delay.setToolTip(
            self.tr(
                "Work plan §二(六)1: report to the police at once (第一时间). More than 24 hours "
                "after the child was found is not at once."
            )
        )
        column.addWidget(self.delay)
        column.addWidget(self.form)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)

        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.busy = BusyIndicator(self)
        self.draft_button = QPushButton(self.tr("Save draft"), self)
        self.draft_button.setObjectName("save_draft")
        self.file_button = QPushButton(self.tr("File the report"), self)
        self.file_button.setObjectName("file_report")
        self.follow_up_button = QPushButton(self.tr("Save follow-up"), self)
        self.follow_up_button.setObjectName("save_follow_up")
        self.close_button = QPushButton(self.tr("Close"), self)
        # 转介: help from a department for the reported child (一门受理、协同救助, §二(五)).
        self.refer_button = QPushButton(self.tr("Refer…"), self)
        self.refer_button.setObjectName("refer")
        self.refer_button.setToolTip(
            self.tr(
                "Refer the child to a department for help (转介帮扶, “一门受理、协同救助”, "
                "work plan §二(五)): opens the child's file on a new referral."
            )
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy)
        buttons.addWidget(self.status, 1)
        for button in (
            self.refer_button,
            self.draft_button,
            self.file_button,
            self.follow_up_button,
            self.close_button,
        ):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        self.form.edited.connect(lambda _n: self._edited())
        if self.child_form is not None:
            self.child_form.edited.connect(lambda _n: self._edited())
        self.draft_button.clicked.connect(lambda: self.save(file=False))
        self.file_button.clicked.connect(lambda: self.save(file=True))
        self.follow_up_button.clicked.connect(lambda: self.save(file=False))
        self.close_button.clicked.connect(self.close)
        self.refer_button.clicked.connect(self._refer)

        self._show_heading(child_name)
        if report_id is None:
            self.form.load({"found_at": minute_text(now()), "follow_up_status": "open"})
            if self.child_form is not None:
                self.child_form.load({"name": self.tr("Name not known")})
            self._apply_draft(draft)
            self._update()
        else:
            self.form.setEnabled(False)
            self._pending_draft = draft
            self.reload()

    # -- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        store = self._session.store
        report_id = self.report_id
        if store is None or report_id is None:
            return
        self.busy.start(self.tr("Opening the report…"))
        self._tasks.run(
            Lane.DB,
            lambda: load_report(store, report_id=report_id),
            self._loaded,
            self._failed,
            owner=self,
        )

    def _loaded(self, item: ReportItem) -> None:
        self.busy.stop()
        self.child_id = item.report.child_id
        self.filed = bool(item.report.fields.get("filed"))
        self.form.set_context({"child_id": self.child_id, "filed": self.filed})
        self.form.load(item.report.fields)
        self.form.setEnabled(True)
        self._show_heading(item.child_name)
        draft, self._pending_draft = self._pending_draft, None
        self._apply_draft(draft)
        self._update()

    def _failed(self, error: BaseException) -> None:
        self.busy.stop()
        self.status.setText(describe_error(error))

    def _apply_draft(self, draft: ReportDraft | None) -> None:
        if draft is None:
            return
        self.form.load(draft.values, baseline=self.form.values(), mask_id=False)
        if self.child_form is not None and draft.child_values is not None:
            self.child_form.load(draft.child_values, baseline=self.child_form.values())
        self.status.setText(self.tr("Your unsaved changes from before the lock are back."))

    def _show_heading(self, child_name: str) -> None:
        if self.child_id is None:
            title = self.tr("Mandatory report: a child not on file yet")
        else:
            title = self.tr("Mandatory report: {name}").format(name=child_name)
        self.setWindowTitle(title)
        if self.filed:
            note = self.tr(
                "This report has been filed with the police. It can no longer be changed; "
                "only its follow-up can be written."
            )
        else:
            note = self.tr(
                "Report to the police (110 or the local police station) at once, then write "
                "down here when and to whom you reported."
            )
        self.heading.setText(f"{title}\n{note}")

    # -- state ---------------------------------------------------------------------------

    def _edited(self) -> None:
        self.status.clear()
        self._update()

    def _show_delay(self) -> None:
        values = self.form.values()
        delay = reporting_delay(values)
        if delay is None:
            self.delay.clear()
            self.delay.setStyleSheet("")
            self.delay.setVisible(False)  # an empty wrapped label would leave a gap
            return
        hours = int(delay.total_seconds() // 3600)
        minutes = int(delay.total_seconds() % 3600 // 60)
        text = self.tr("Reported {hours} h {minutes} min after the child was found.").format(
            hours=hours, minutes=minutes
        )
        if reported_at_once(values):
            self.delay.setStyleSheet("")
        else:
            text += " " + self.tr(
                "Not at once: the work plan (§二(六)1) asks for a report to the police at once "
                "(第一时间); write down why in the description."
            )
            self.delay.setStyleSheet(ERROR_STYLE)
        self.delay.setText(text)
        self.delay.setVisible(True)

    def _child_ok(self) -> bool:
        return self.child_form is None or self.child_form.is_valid()

    def is_dirty(self) -> bool:
        child_dirty = self.child_form is not None and self.child_form.is_dirty()
        return self.form.is_dirty() or child_dirty

    def is_saving(self) -> bool:
        return self._saving

    def _update(self) -> None:
        for name in REPORT_FIELDS:
            editable = not self.filed or name.name in FILED_REPORT_EDITABLE
            self.form.widget(name.name).setEnabled(editable)
        # Enabled even when something is missing: pressing shows what, in red.
        self.draft_button.setVisible(not self.filed)
        self.file_button.setVisible(not self.filed)
        self.follow_up_button.setVisible(self.filed)
        self.draft_button.setEnabled(not self._saving)
        self.file_button.setEnabled(not self._saving)
        self.follow_up_button.setEnabled(not self._saving and self.form.is_dirty())
        self.refer_button.setVisible(self.report_id is not None and self.child_id is not None)
        self._show_delay()

    def _refer(self) -> None:
        if self.report_id is None or self.child_id is None:
            return
        trigger = self.form.widget("trigger")
        words = trigger.currentText() if isinstance(trigger, QComboBox) else ""
        need = self.tr("After the mandatory report ({trigger}): ").format(trigger=words)
        self.referral_requested.emit(self.child_id, self.report_id, need)

    def save(self, *, file: bool) -> None:
        self.form.touch_all()
        if self.child_form is not None:
            self.child_form.touch_all()
        store = self._session.store
        if store is None or self._saving:
            return
        values = dict(self.form.values())
        if self.filed:
            values = {k: v for k, v in values.items() if k in FILED_REPORT_EDITABLE}
        elif file:
            values["filed"] = True
            problems = field_errors(
                "mandatory_report",
                {
                    **{k: v for k, v in values.items() if v is not None},
                    "child_id": self.child_id or PLACEHOLDER_ID,
                },
            )
            if problems:
                self.form.show_problems(problems)
                self.status.setText(
                    self.tr("Not filed: please fill in the fields marked in red first.")
                )
                return
        if not self.form.is_valid() or not self._child_ok():
            self.status.setText(self.tr("Not saved: please correct the fields marked in red."))
            return
        report_id, child_id = self.report_id, self.child_id
        work: Callable[[CaseStore], tuple[str, str]]
        if report_id is None and child_id is None:
            assert self.child_form is not None
            child_values = {
                k: v
                for k, v in {**self.child_form.values(), "hukou_county_code": "330523"}.items()
                if v is not None
            }
            report_values = dict(values)

            def work(store: CaseStore) -> tuple[str, str]:
                return report_for_new_child(
                    store, child_fields=child_values, report_fields=report_values
                )
        else:
            assert child_id is not None

            def work(store: CaseStore) -> tuple[str, str]:
                saved = save_report(store, report_id=report_id, child_id=child_id, fields=values)
                return child_id, saved

        self._saving = True
        self._update()
        self.busy.start(self.tr("Saving…"))
        write_in_background(
            self._session,
            self._tasks,
            lambda store: _announced(work(store)),
            self._saved,
            self._save_failed,
            owner=self,
        )

    def _saved(self, ids: tuple[str, str]) -> None:
        self._saving = False
        self.busy.stop()
        self.child_id, self.report_id = ids
        self.form.mark_clean()
        if self.child_form is not None:
            self.child_form.mark_clean()
            self.child_form.setEnabled(False)
        self.status.setText(self.tr("Saved."))
        self.saved.emit(self.report_id)
        self.save_finished.emit()
        self.reload()

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.busy.stop()
        if isinstance(error, RecordValidationError):
            self.form.show_problems({e.field: e.message for e in error.errors})
        self.status.setText(self.tr("Not saved.") + " " + describe_error(error))
        self._update()
        self.save_finished.emit()

    # -- closing, drafts -----------------------------------------------------------------

    def take_draft(self) -> ReportDraft | None:
        """Locking: the unsaved edits (None if none); the dialog then closes unasked."""
        draft = None
        if self.is_dirty():
            draft = ReportDraft(
                report_id=self.report_id,
                child_id=self.child_id,
                values=self.form.values(),
                child_values=self.child_form.values() if self.child_form else None,
            )
        self._force_close = True
        self.close()
        return draft

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._force_close or (not self.is_dirty() and not self._saving):
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
            return
        event.ignore()
        if choice is Unsaved.SAVE:
            self.saved.connect(lambda _id: self._close_now())
            self.save(file=False)

    def _close_now(self) -> None:
        self._force_close = True
        self.close()

    def reject(self) -> None:
        self.close()
