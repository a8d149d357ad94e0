"""待办, Qt-free: the reminders service's items, plus every mandatory report not closed.

The service reminds of a filed report only once it has gone a week without follow-up; the
director also wants each report that is not closed in view until it is (a draft not yet
filed included), so those are added here, once per report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from casework.dates import read_day
from casework.messages import Message
from desktop.models.store import CaseStore
from desktop.services import read_cache
from desktop.services.reminders import SEVERITY_ORDER, Reminder, reminders
from desktop.usecases.tasks import TASK_KIND, open_tasks, task_message

M_REPORT_DRAFT = Message(
    "{name}：强制报告还是草稿，报告公安机关后请登记报告时间和派出所",
    "{name}: the mandatory report is still a draft; once reported, write down when and where",
)
M_REPORT_OPEN = Message(
    "{name}：强制报告尚未结案，请跟进处理情况",
    "{name}: the mandatory report is not closed yet; follow it up",
)
TASK_WEEK_DAYS = 7  # a township task due within the week is "soon"
# What opening an item shows: the child's file, or the report itself.
REPORT_KINDS = frozenset({"report_open", "report_draft", "report_without_follow_up"})


@dataclass(frozen=True)
class TodoItem:
    kind: str  # a ReminderKind, or report_open / report_draft
    record_id: str
    child_id: str | None
    due: date
    severity: str  # urgent / warning / info
    message: Message

    @property
    def opens_report(self) -> bool:
        return self.kind in REPORT_KINDS


def _open_reports(store: CaseStore, already: set[str], today: date) -> list[TodoItem]:
    names = {c.id: str(c.fields.get("name") or "") for c in read_cache.records(store, "child")}
    found = []
    for report in read_cache.records(store, "mandatory_report"):
        fields = report.fields
        if report.id in already or fields.get("follow_up_status") == "closed":
            continue
        name = names.get(report.child_id or "", "")
        due = read_day(fields.get("reported_at") or fields.get("found_at")) or today
        if fields.get("filed"):
            message = M_REPORT_OPEN.format(name=name)
            found.append(
                TodoItem("report_open", report.id, report.child_id, due, "warning", message)
            )
        else:
            message = M_REPORT_DRAFT.format(name=name)
            found.append(
                TodoItem("report_draft", report.id, report.child_id, due, "urgent", message)
            )
    return found


def _township_tasks(store: CaseStore, today: date, week_end: date) -> list[TodoItem]:
    """Tasks the township gave this village, not yet done (issue 18 item 1): urgent once
    their day has passed, soon within the week, otherwise for information. Only on the
    village's laptop: on a supervisor's they are the supervisor's own, followed on the
    supervision page."""
    if store.role() not in (None, "director"):
        return []
    found = []
    for note in open_tasks(store):
        due = read_day(note.fields.get("task_due"))
        if due is None:
            severity = "info"
        else:
            severity = "urgent" if due < today else "warning" if due <= week_end else "info"
        found.append(
            TodoItem(TASK_KIND, note.id, note.child_id, due or today, severity, task_message(note))
        )
    return found


def _item(reminder: Reminder) -> TodoItem:
    r = reminder
    return TodoItem(r.kind, r.record_id, r.child_id, r.due, r.severity, r.message)


def load_todo(store: CaseStore, *, today: date) -> tuple[TodoItem, ...]:
    """Everything to do, most urgent first, then the earliest due."""
    items = [_item(r) for r in reminders(store, today)]
    reported = {i.record_id for i in items if i.kind == "report_without_follow_up"}
    items.extend(_open_reports(store, reported, today))
    items.extend(_township_tasks(store, today, today + timedelta(days=TASK_WEEK_DAYS)))
    items.sort(key=lambda i: (SEVERITY_ORDER[i.severity], i.due, i.kind, i.record_id))
    return tuple(items)
