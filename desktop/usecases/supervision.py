"""督导, Qt-free: for a device enrolled with a township scope, every village of the
township with the figures of its work (issue 18 item 3: children per category, overdue
visits, left-behind children without a valid entrustment, open mandatory reports and
referrals, tasks done / open / overdue, data problems, the last sync of each of its
laptops as the county told this laptop), each with the children or tasks behind it; and
the supervision notes, adding a note. A director's device sees its own village's. What
each may do to a note is ``casework.permissions.TABLE``, the table the county server
enforces: a supervisor writes notes, a director may only mark a task done with a short
reply (usecases/tasks)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from casework.dates import read_day
from casework.eligibility import DIFFICULTY_CATEGORIES
from casework.file_checks import certificate_undated
from casework.labels import VALUE_LABELS
from casework.messages import Message
from casework.permissions import may, writable_fields
from casework.protocol import Laptops
from desktop.models.store import CaseStore, RecordView
from desktop.services import read_cache
from desktop.services.casefile import open_child_summaries
from desktop.sync.county import LAPTOPS_KEY
from desktop.sync.state import SyncState
from desktop.usecases.tasks import mark_task_done as mark_task_done
from desktop.usecases.tasks import task_state, tasks

# The figures of a village row, in the page's order; each opens its list (issue 18 item 3).
FIGURES = (
    "children",
    "left_behind",
    "in_difficulty",
    "other_categories",
    "overdue_visits",
    "missing_entrustments",
    "open_reports",
    "open_referrals",
    "tasks",
    "data_problems",
)


@dataclass(frozen=True)
class Entry:
    """One line behind a figure: a child (or a task) and what about it."""

    name: str  # the child's name, or the task's words
    detail: Message
    day: date | None = None
    child_id: str | None = None
    note_id: str | None = None
    state: str = ""  # a task's done / open / overdue; "alert" for a line to look at


# A laptop not heard from for longer than this stands out (a fortnight: the county's
# monthly figures and a supervisor's notes would otherwise wait on it unseen).
STALE_AFTER_DAYS = 14


@dataclass(frozen=True)
class LaptopSync:
    """An enrolled laptop and when the county last heard from it (its last sync)."""

    user_name: str  # the enrolled user's display name
    device_name: str
    last_seen: datetime | None  # None: never since enrolment
    days_since: int | None  # whole days before today; None: never

    @property
    def stale(self) -> bool:
        return self.days_since is None or self.days_since > STALE_AFTER_DAYS


@dataclass(frozen=True)
class VillageOverview:
    code: str
    name: str
    lists: Mapping[str, tuple[Entry, ...]] = field(default_factory=dict)
    # Files whose facts stop the rules (issue 17 item 6: never silently in no category).
    rules_problems: int = 0
    tasks_done: int = 0
    tasks_open: int = 0  # open, not yet overdue
    tasks_overdue: int = 0
    laptops: tuple[LaptopSync, ...] = ()  # the village's enrolled laptops, oldest sync first

    def count(self, figure: str) -> int:
        return len(self.lists.get(figure, ()))

    @property
    def children(self) -> int:
        return self.count("children")

    @property
    def overdue_visits(self) -> int:
        return self.count("overdue_visits")

    @property
    def missing_entrustments(self) -> int:
        """Left-behind children with no signed, unexpired entrustment."""
        return self.count("missing_entrustments")

    @property
    def stale_laptops(self) -> int:
        return sum(laptop.stale for laptop in self.laptops)


NOTE = "supervision_note"


@dataclass(frozen=True)
class NoteOffers:
    """What the window offers this device's role to do to supervision notes."""

    create: bool = False
    mark_done: bool = False  # may change a note's task status
    delete: bool = False


def note_offers(role: str | None) -> NoteOffers:
    if role is None:
        return NoteOffers()
    return NoteOffers(
        create=may(role, NOTE, "create"),
        mark_done="status" in writable_fields(role, NOTE, "update"),
        delete=may(role, NOTE, "delete"),
    )


@dataclass(frozen=True)
class SupervisionOverview:
    is_supervisor: bool
    township_code: str
    township_name: str
    villages: tuple[VillageOverview, ...]
    notes: tuple[RecordView, ...]  # newest first
    offers: NoteOffers = NoteOffers()
    shown: bool = False  # the page is on the rail: a supervisor's or a director's device
    # When the county last told this laptop the laptops' syncs (None: not yet, before the
    # first sync of a supervisor's or the county's laptop).
    laptops_asked_at: datetime | None = None


def is_township_device(store: CaseStore) -> bool:
    return SyncState(store).get("scope_level") == "township"


def device_role(state: SyncState) -> str | None:
    """The role the county enrolled this device with; None before enrolment."""
    role = state.get("role")
    if role:
        return role
    return "supervisor" if state.get("scope_level") == "township" else None


# Who sees the supervision page, and at which level: a township's supervisor its villages,
# a director its own village (the notes to it), the county centre every village (§三).
_OVERSEEING = frozenset({("supervisor", "township"), ("director", "village"), ("county", "county")})
M_WHOLE_COUNTY = Message("全县", "the whole county")


def _directory(state: SyncState) -> tuple[dict[str, str], dict[str, str]]:
    raw = state.get("directory")
    data: dict[str, Any] = json.loads(raw) if raw else {}
    townships = {t["code"]: t["name"] for t in data.get("townships", [])}
    villages = {v["code"]: v["name"] for v in data.get("villages", [])}
    return townships, villages


def _entrusted(store: CaseStore, today: date) -> set[str]:
    covered = set()
    for record in read_cache.records(store, "entrustment"):
        until = record.fields.get("valid_until")
        if record.fields.get("status") != "signed" or not record.child_id:
            continue
        # A value that names no day is as if not filled in: no end known.
        day = read_day(until)
        if day is None or day >= today:
            covered.add(record.child_id)
    return covered


M_OVERDUE = Message("应于 {due} 走访，已逾期 {days} 天", "visit due {due}, {days} days late")
M_NO_ENTRUSTMENT = Message(
    "留守儿童，没有已签订且在有效期内的委托监护确认书（工作方案附件3第3项）",
    "left behind, with no signed entrustment in force (work plan annex 3 item 3)",
)
M_REPORT = Message("强制报告：{state}", "mandatory report: {state}")
M_REFERRAL = Message("转介{department}：{state}", "referral to {department}: {state}")
M_TASK_DONE = Message("已办结（{day}）：{reply}", "done ({day}): {reply}")
M_TASK_OPEN = Message("未办结，{due} 前", "open, due {due}")
M_TASK_OPEN_UNDATED = Message("未办结", "open")
M_TASK_OVERDUE = Message("已逾期（应于 {due} 前办结）", "overdue (due {due})")
M_NO_ID = Message("没有身份证号码", "no ID number")
M_UNDATED = Message(
    "{certificate}救助证没有有效期（工作方案二（一）4、5）",
    "{certificate} certificate without its validity date (work plan §二(一)4, 5)",
)
REPORT_STATES = {
    "draft": Message("草稿，尚未报告公安机关", "draft, not yet reported to the police"),
    "open": Message("已报告，待跟进", "reported, awaiting follow-up"),
    "following": Message("跟进中", "being followed up"),
}
REFERRAL_STATES = {
    "open": Message("待受理", "not yet accepted"),
    "in_progress": Message("办理中", "in progress"),
}


def _words(code: object) -> Message:
    text = str(code or "")
    return VALUE_LABELS.get(text, Message(text, text))


def _fill(message: Message, **values: object) -> Message:
    """``message`` formatted, each Message value in the message's own language."""
    zh = {k: v.zh if isinstance(v, Message) else v for k, v in values.items()}
    en = {k: v.en if isinstance(v, Message) else v for k, v in values.items()}
    return Message(message.zh.format(**zh), message.en.format(**en))


def _joined(codes: Sequence[str]) -> Message:
    words = [_words(code) for code in codes]
    return Message("、".join(w.zh for w in words), ", ".join(w.en for w in words))


def _task_entry(note: RecordView, today: date) -> Entry:
    fields = note.fields
    state = task_state(note, today)
    due = read_day(fields.get("task_due"))
    if state == "done":
        detail = M_TASK_DONE.format(
            day=fields.get("done_on") or "", reply=fields.get("reply") or ""
        )
    elif state == "overdue":
        detail = M_TASK_OVERDUE.format(due=due)
    else:
        detail = M_TASK_OPEN.format(due=due) if due else M_TASK_OPEN_UNDATED
    return Entry(
        str(fields.get("task") or "").strip(),
        detail,
        due,
        child_id=note.child_id,
        note_id=note.id,
        state=state,
    )


def supervision_overview(store: CaseStore, *, today: date) -> SupervisionOverview:
    state = SyncState(store)
    role = device_role(state)
    level = state.get("scope_level")
    if (role, level) not in _OVERSEEING:
        return SupervisionOverview(False, "", "", (), ())
    # A county device (issue 18 item 6) oversees every township: its prefix is empty.
    township = "" if level == "county" else state.get("scope_code") or ""
    townships, names = _directory(state)
    if level == "county":  # the county reads its villages township by township
        names = {
            code: f"{townships.get(code[:9], code[:9])} {name}" for code, name in names.items()
        }
    lists: dict[str, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    for code in names:
        if code.startswith(township):
            lists[code]  # every village of the township (a director's: its own)
    covered = _entrusted(store, today)
    # A closed file (退出/结案) is in the archive, not in the counts (casework.closure).
    summaries = open_child_summaries(store, today=today)
    children = {c.id: c for c in read_cache.records(store, "child")}
    open_ids = {s.id for s in summaries}
    rules_problems: dict[str, int] = defaultdict(int)
    for summary in summaries:
        row = lists[summary.village_code]
        entry = Entry(summary.name, _joined(summary.categories), child_id=summary.id)
        row["children"].append(entry)
        if "left_behind" in summary.categories:
            row["left_behind"].append(entry)
        if summary.in_difficulty:
            row["in_difficulty"].append(entry)
        others = [c for c in summary.categories if c != "left_behind"]
        if any(c not in DIFFICULTY_CATEGORIES for c in others):
            row["other_categories"].append(entry)
        due = summary.next_visit
        if due is not None and due.status == "overdue":
            row["overdue_visits"].append(
                Entry(
                    summary.name,
                    M_OVERDUE.format(due=due.due, days=due.days_overdue),
                    due.due,
                    child_id=summary.id,
                )
            )
        if "left_behind" in summary.categories and summary.id not in covered:
            row["missing_entrustments"].append(
                Entry(summary.name, M_NO_ENTRUSTMENT, child_id=summary.id)
            )
        # Data problems: rules that cannot run, no ID number, a certificate without dates.
        if summary.rules_problem is not None:
            rules_problems[summary.village_code] += 1
            row["data_problems"].append(
                Entry(summary.name, summary.rules_problem, child_id=summary.id)
            )
        child = children.get(summary.id)
        fields = child.fields if child is not None else {}
        if not fields.get("id_number"):
            row["data_problems"].append(Entry(summary.name, M_NO_ID, child_id=summary.id))
        undated = certificate_undated(fields)
        if undated is not None:
            row["data_problems"].append(
                Entry(
                    summary.name,
                    _fill(M_UNDATED, certificate=_words(undated)),
                    child_id=summary.id,
                )
            )
    names_of = {s.id: s.name for s in summaries}
    for report in read_cache.records(store, "mandatory_report"):
        status = report.fields.get("follow_up_status")
        if report.child_id not in open_ids or status == "closed":
            continue
        day = read_day(report.fields.get("reported_at") or report.fields.get("found_at"))
        state_words = REPORT_STATES.get(
            str(status) if report.fields.get("filed") else "draft", _words(status)
        )
        lists[report.village_code]["open_reports"].append(
            Entry(
                names_of.get(report.child_id or "", ""),
                _fill(M_REPORT, state=state_words),
                day,
                child_id=report.child_id,
            )
        )
    for referral in read_cache.records(store, "referral"):
        status = referral.fields.get("status")
        if referral.child_id not in open_ids or status not in ("open", "in_progress"):
            continue
        lists[referral.village_code]["open_referrals"].append(
            Entry(
                names_of.get(referral.child_id or "", ""),
                _fill(
                    M_REFERRAL,
                    department=_words(referral.fields.get("department")),
                    state=REFERRAL_STATES.get(str(status), _words(status)),
                ),
                read_day(referral.fields.get("referred_on")),
                child_id=referral.child_id,
            )
        )
    task_counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for note in tasks(store):
        village = str(note.fields.get("village_code") or note.village_code)
        entry = _task_entry(note, today)
        lists[village]["tasks"].append(entry)
        task_counts[village][entry.state] += 1
    asked_at, laptops = _laptops(state, today)
    villages = tuple(
        VillageOverview(
            code,
            names.get(code, code),
            {figure: tuple(row.get(figure, ())) for figure in FIGURES},
            rules_problems=rules_problems[code],
            tasks_done=task_counts[code]["done"],
            tasks_open=task_counts[code]["open"],
            tasks_overdue=task_counts[code]["overdue"],
            laptops=tuple(laptops.get(code, ())),
        )
        for code, row in sorted(lists.items())
        if code in names or row.get("children")  # a township note is not a village
    )
    notes = sorted(store.records(NOTE), key=lambda n: n.created_at, reverse=True)
    return SupervisionOverview(
        level in ("township", "county"),
        township,
        M_WHOLE_COUNTY.text() if level == "county" else townships.get(township, township),
        villages,
        tuple(notes),
        offers=note_offers(role),
        shown=True,
        laptops_asked_at=asked_at,
    )


def _laptops(state: SyncState, today: date) -> tuple[datetime | None, dict[str, list[LaptopSync]]]:
    """The villages' laptops as the county last told this laptop (``desktop/sync/county``:
    a supervisor's or the county's laptop asks at every sync), each village's oldest first."""
    try:
        kept: Any = json.loads(state.get(LAPTOPS_KEY) or "null")
        if not kept:
            return None, {}
        asked_at = datetime.fromisoformat(kept["asked_at"])
        answer = Laptops.model_validate({"laptops": kept["laptops"]})
    except (ValueError, TypeError, KeyError):  # not what desktop/sync/county keeps: none
        return None, {}
    by_village: dict[str, list[LaptopSync]] = defaultdict(list)
    for laptop in answer.laptops:
        if laptop.village_code is None:
            continue  # a supervisor's or the county's own laptop: not a village's
        seen = laptop.last_seen_at
        days = None if seen is None else (today - seen.astimezone().date()).days
        by_village[laptop.village_code].append(
            LaptopSync(laptop.user_name, laptop.device_name, seen, days)
        )
    return asked_at, by_village


def add_supervision_note(store: CaseStore, *, village_code: str, fields: Mapping[str, Any]) -> str:
    """A note about a village (the county sends it to that village's director). The author
    is shown at once; the county sets it again from the user it enrolled."""
    return store.create(NOTE, {**fields, "village_code": village_code, "author": store.actor})
