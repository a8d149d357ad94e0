"""今日工作, Qt-free: what needs doing today and this week, most urgent first.

Contract:

1. The items are the to-do list's (``usecases.todo.load_todo``, itself the reminders
   service plus the open mandatory reports): no second count. Kept on the home page:
   every urgent item, the others due within ``WEEK_DAYS`` (or already due), and papers
   running out (their reminder's 30 days); the rest stay on the to-do page, counted in
   ``later``.
2. Conflicts are one item that opens the Conflicts page (where they are decided), not one
   per record; records the county refused stay per record (they open the child).
3. Tasks from the township: supervision notes with a task not done. Urgent once past
   their day, soon within the week, otherwise for information; they open the child, or
   the supervision page for a note about the whole village.
4. Sync: the last successful sync, what waits to go up, and an item when the laptop has
   been offline ``OFFLINE_LONG_DAYS`` or more (or changes wait and it never synced).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from casework.messages import Message
from desktop.models.store import CaseStore
from desktop.services.reminders import SEVERITY_ORDER
from desktop.services.sync_log import OFFLINE_LONG_DAYS, offline_days
from desktop.usecases.syncing import SyncOverview, sync_overview
from desktop.usecases.tasks import TASK_KIND
from desktop.usecases.todo import TodoItem, load_todo

WEEK_DAYS = 7
# Papers running out are worth a look before their week: renewing takes the family's visit.
RUNNING_OUT = frozenset({"entrustment_expiring", "certificate_expiring"})

M_CONFLICTS = Message(
    "有 {count} 处修改与县里的修改冲突，请到“冲突”页决定保留哪一个",
    "{count} changes conflict with the county's; decide on the Conflicts page which to keep",
)
M_OFFLINE = Message(
    "本机已 {days} 天没有与县里同步，{waiting} 条修改还在本机。请连上网络后点“立即同步”",
    "This computer has not synced with the county for {days} days; {waiting} changes are "
    "only here. Connect to the network and press Sync now",
)
M_NEVER_SYNCED = Message(
    "本机还没有与县里同步过，{waiting} 条修改还在本机。请连上网络后点“立即同步”",
    "This computer has never synced with the county; {waiting} changes are only here. "
    "Connect to the network and press Sync now",
)

# Where an item that is not about one child leads.
PAGE_CONFLICTS = "conflicts"
PAGE_SYNC = "sync"
PAGE_SUPERVISION = "supervision"


@dataclass(frozen=True)
class HomeItem:
    kind: str  # a to-do kind, or conflicts / township_task / offline
    severity: str  # urgent / warning / info
    due: date
    message: Message
    child_id: str | None = None
    report_id: str | None = None  # opens the mandatory report itself
    page: str | None = None  # opens a page instead (PAGE_*)


@dataclass(frozen=True)
class HomeOverview:
    today: date
    items: tuple[HomeItem, ...]
    later: int  # to-do items after this week, on the to-do page
    sync: SyncOverview
    offline_days: int | None  # since the last successful sync; None if never

    def count(self, severity: str) -> int:
        return sum(1 for item in self.items if item.severity == severity)


def _from_todo(item: TodoItem) -> HomeItem:
    report = item.record_id if item.opens_report else None
    # A task about the whole village opens the supervision page, where it is answered.
    page = PAGE_SUPERVISION if item.kind == TASK_KIND and not item.child_id else None
    return HomeItem(
        item.kind, item.severity, item.due, item.message, item.child_id, report, page=page
    )


def _sync_items(overview: SyncOverview, days: int | None, today: date) -> list[HomeItem]:
    found = []
    if overview.conflicts:
        message = M_CONFLICTS.format(count=overview.conflicts)
        found.append(HomeItem("conflicts", "warning", today, message, page=PAGE_CONFLICTS))
    if overview.enrolled and days is not None and days >= OFFLINE_LONG_DAYS:
        message = M_OFFLINE.format(days=days, waiting=overview.waiting)
        found.append(HomeItem("offline", "warning", today, message, page=PAGE_SYNC))
    elif overview.enrolled and days is None and overview.waiting:
        message = M_NEVER_SYNCED.format(waiting=overview.waiting)
        found.append(HomeItem("offline", "warning", today, message, page=PAGE_SYNC))
    return found


def load_home(store: CaseStore, *, today: date, now: datetime | None = None) -> HomeOverview:
    week_end = today + timedelta(days=WEEK_DAYS)
    items: list[HomeItem] = []
    later = 0
    for todo in load_todo(store, today=today):
        if todo.kind == "sync_conflict":
            continue  # one item for them all, below
        # Every open task from the township is in view until done (contract 3).
        if (
            todo.severity == "urgent"
            or todo.due <= week_end
            or todo.kind in RUNNING_OUT
            or todo.kind == TASK_KIND
        ):
            items.append(_from_todo(todo))
        else:
            later += 1
    overview = sync_overview(store, details=False)
    days = offline_days(overview.last_sync_at, now or datetime.now(UTC))
    items.extend(_sync_items(overview, days, today))
    items.sort(key=lambda i: (SEVERITY_ORDER.get(i.severity, 3), i.due, i.kind))
    return HomeOverview(today, tuple(items), later, overview, days)
