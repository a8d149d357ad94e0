"""Tasks from the township, Qt-free (issue 18 item 1): a supervisor's note may carry a task
for the village (what, by when). It reaches the director's laptop at the next sync, is on
the to-do (and the home page) and on the child's file, and the director marks it done with
a short reply; the supervisor sees, per village, what is done, open and overdue.

Seed annex 2: the township supervisor "指导、督促" the directors' work; a task that comes
back answered is how that guidance is checked. What a director may change of a note is
``casework.permissions.DIRECTOR_NOTE_FIELDS`` (status, reply, done_on), enforced by the
county server and, before anything is saved, by this laptop's store.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal

from casework.dates import read_day
from casework.messages import CaseworkError, Message
from desktop.models.store import CaseStore, RecordView
from desktop.services import read_cache

NOTE = "supervision_note"
TASK_KIND = "township_task"  # the to-do kind of an open task

TaskState = Literal["done", "open", "overdue"]

M_TASK = Message(
    "乡镇督导任务（{author}）：{task}",
    "Task from the township ({author}): {task}",
)
M_TASK_DUE = Message(
    "乡镇督导任务（{author}，{due} 前）：{task}",
    "Task from the township ({author}, by {due}): {task}",
)
M_REPLY_NEEDED = Message(
    "请写一句办理情况再标记办结（例如：已于 12 月 3 日补签委托监护确认书）",
    "Write a short reply before marking the task done (what was done, and when)",
)
M_NOT_A_TASK = Message("这条督导意见没有督办事项", "This supervision note carries no task")


class TaskReplyError(CaseworkError):
    """Marking a task done was refused before anything was written."""


def is_task(note: RecordView) -> bool:
    return not note.deleted and bool(str(note.fields.get("task") or "").strip())


def task_state(note: RecordView, today: date) -> TaskState:
    """Done once marked done; overdue when its day has passed; otherwise open."""
    if note.fields.get("status") == "done":
        return "done"
    due = read_day(note.fields.get("task_due"))
    return "overdue" if due is not None and due < today else "open"


def tasks(store: CaseStore) -> list[RecordView]:
    """Every note that carries a task, the earliest due first (no day: last)."""
    found = [note for note in read_cache.records(store, NOTE) if is_task(note)]
    return sorted(found, key=lambda n: (str(n.fields.get("task_due") or "9999"), n.created_at))


def task_message(note: RecordView) -> Message:
    fields = note.fields
    author = str(fields.get("author") or "")
    task = str(fields.get("task") or "").strip()
    due = read_day(fields.get("task_due"))
    if due is None:
        return M_TASK.format(author=author, task=task)
    return M_TASK_DUE.format(author=author, due=due, task=task)


def open_tasks(store: CaseStore) -> Iterable[RecordView]:
    return (note for note in tasks(store) if note.fields.get("status") != "done")


def notes_of_child(store: CaseStore, child_id: str) -> tuple[RecordView, ...]:
    """The supervisor's notes about one child, newest first (on the child's file)."""
    found = [n for n in read_cache.records(store, NOTE) if n.child_id == child_id]
    return tuple(sorted(found, key=lambda n: n.created_at, reverse=True))


def mark_task_done(store: CaseStore, *, note_id: str, reply: str, today: date) -> RecordView:
    """The director has done what the note asked: done, with a short reply and the day —
    the only change a director may make to a note (``DIRECTOR_NOTE_FIELDS``)."""
    words = reply.strip()
    if not words:
        raise TaskReplyError(M_REPLY_NEEDED)
    note = store.get(note_id)
    if not is_task(note):
        raise TaskReplyError(M_NOT_A_TASK)
    return store.update(note_id, {"status": "done", "reply": words, "done_on": today.isoformat()})
