"""A write this device's role may not make, refused before it is saved (issue 18 item 2).

The county server refuses an op that ``casework.permissions.TABLE`` does not allow
(``forbidden``, ``forbidden_field``); a laptop that saved such a change would hold a record
the county never takes, and a rejection on the sync page days later. So the laptop's store
asks the same table before it writes, and says in words what was refused and who writes it
instead (DESIGN §7: a supervisor reads the township's files and writes notes and
assessments; seed annex 2: the township supervisor guides and checks the directors' work).
"""

from __future__ import annotations

from collections.abc import Iterable

from casework.labels import label
from casework.messages import CaseworkError, Message
from casework.permissions import Operation, forbidden_fields, may

ROLE_WORDS: dict[str, Message] = {
    "director": Message("村（社区）儿童主任", "village child director"),
    "supervisor": Message("乡镇（街道）儿童督导员", "township child supervisor"),
    "county": Message("县级中心", "county centre"),
}
KIND_WORDS: dict[str, Message] = {
    "child": Message("儿童档案", "child's file"),
    "family_member": Message("家庭成员", "family member"),
    "visit": Message("走访记录", "visit"),
    "entrustment": Message("委托监护确认书", "entrustment"),
    "mandatory_report": Message("强制报告", "mandatory report"),
    "referral": Message("转介", "referral"),
    "assessment": Message("评估", "assessment"),
    "supervision_note": Message("督导意见", "supervision note"),
}
_VERBS: dict[str, Message] = {
    "create": Message("新建", "create"),
    "update": Message("修改", "change"),
    "delete": Message("删除", "delete"),
}
M_KIND = Message(
    "未保存：{role}不能{verb}{kind}（县里也不会接收）。{who}",
    "Not saved: a {role} may not {verb} a {kind} (the county would refuse it too). {who}",
)
M_FIELDS = Message(
    "未保存：{role}不能修改{kind}的{fields}（县里也不会接收）。{who}",
    "Not saved: a {role} may not change the {fields} of a {kind} (the county would refuse "
    "it too). {who}",
)
M_DIRECTOR_WRITES = Message(
    "这些内容由村（社区）儿童主任填写。", "The village's child director writes these."
)
M_SUPERVISOR_WRITES = Message(
    "督导意见由乡镇督导员填写；村里只能标记督办事项已办结并填写办理情况。",
    "Supervision notes are the township supervisor's; the village only marks a task done, "
    "with a short reply.",
)


class RoleRefusedError(CaseworkError):
    """A change this device's role may not make; nothing was written."""

    def __init__(self, message: Message, *, kind: str, fields: tuple[str, ...] = ()) -> None:
        super().__init__(message, code="forbidden")
        self.kind = kind
        self.fields = fields


def _who_writes(kind: str) -> Message:
    return M_SUPERVISOR_WRITES if kind == "supervision_note" else M_DIRECTOR_WRITES


def _words(kind: str) -> Message:
    return KIND_WORDS.get(kind, Message(kind, kind))


def check_write(role: str | None, kind: str, operation: Operation, changed: Iterable[str]) -> None:
    """Raise :class:`RoleRefusedError` unless ``role`` may make this write. ``None`` is a
    laptop never enrolled (the director's own, offline): it writes everything."""
    if role is None:
        return
    who, what = ROLE_WORDS.get(role, Message(role, role)), _words(kind)
    if not may(role, kind, operation):
        verb = _VERBS[operation]
        raise RoleRefusedError(
            Message(
                M_KIND.zh.format(role=who.zh, verb=verb.zh, kind=what.zh, who=_who_writes(kind).zh),
                M_KIND.en.format(role=who.en, verb=verb.en, kind=what.en, who=_who_writes(kind).en),
            ),
            kind=kind,
        )
    if operation == "delete":
        return
    names = forbidden_fields(role, kind, operation, set(changed))
    if names:
        zh = "、".join(label(name).zh for name in names)
        en = ", ".join(label(name).en for name in names)
        raise RoleRefusedError(
            Message(
                M_FIELDS.zh.format(role=who.zh, kind=what.zh, fields=zh, who=_who_writes(kind).zh),
                M_FIELDS.en.format(role=who.en, kind=what.en, fields=en, who=_who_writes(kind).en),
            ),
            kind=kind,
            fields=tuple(names),
        )
