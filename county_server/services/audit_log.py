"""Reading the audit log for the county (``county-server audit``): who read or changed
which records, and when. Entries hold counts, statuses and record ids, never field values
(``services/audit.py`` writes them so); this reads them back with the user behind each
device, filtered by record, by user, or from a day.

1. ``--record ID``: the entries naming that record (a pull that sent it, a push that
   changed it, a history read), oldest first.
2. ``--user ID``: the entries made by that user's devices, and the administration entries
   about that user (added, renamed, a new enrolment code).
3. ``--since``: from that moment on. The filters combine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from county_server.models import AuditEntry, Device, User
from county_server.services.audit import ADMIN

ACTION_WORDS: dict[str, str] = {
    "pull": "读取（同步下载）",
    "push": "修改（同步上传）",
    "history": "查看历史",
    "read_record": "读取记录",
    "enroll": "设备登记",
    "enroll-again": "设备重新登记",
    "add_user": "新增用户",
    "rename_user": "修改用户名称",
    "issue_code": "生成登记码",
    "revoke_device": "停用设备",
    "set_recovery_key": "设置恢复公钥",
    "new_epoch": "数据库恢复后新历史",
    "set_visit_policy": "设置走访要求",
    "county_report": "生成县月报",
}


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor: str
    user_id: int | None
    device_id: str | None
    action: str
    record_ids: tuple[str, ...]
    detail: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "actor": self.actor,
            "user_id": self.user_id,
            "device_id": self.device_id,
            "action": self.action,
            "records": len(self.record_ids),
            "record_ids": list(self.record_ids),
            "detail": self.detail,
        }

    def line(self, zone: tzinfo) -> str:
        when = self.at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
        who = self.actor if self.user_id is None else f"{self.actor}（用户 {self.user_id}）"
        device = f" 设备 {self.device_id[:8]}" if self.device_id else ""
        what = ACTION_WORDS.get(self.action, self.action)
        records = f"，{len(self.record_ids)} 条记录" if self.record_ids else ""
        detail = "，".join(f"{k}={v}" for k, v in sorted(self.detail.items()))
        return f"{when}  {who}{device}  {what}{records}" + (f"（{detail}）" if detail else "")


def read(
    session: Session,
    *,
    record_id: str | None = None,
    user_id: int | None = None,
    since: datetime | None = None,
    limit: int = 1000,
) -> list[AuditLine]:
    """The entries that match, oldest first (at most ``limit``, the latest ones)."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if record_id is not None:
        # record_ids is a JSON list of quoted ids: the quoted id is in its text.
        query = query.where(AuditEntry.record_ids.contains(json.dumps(record_id)))
    owners = dict(session.execute(select(Device.id, Device.user_id)).tuples().all())
    if user_id is not None:
        devices = [device for device, owner in owners.items() if owner == user_id]
        query = query.where(
            AuditEntry.device_id.in_(devices)
            | (AuditEntry.device_id.is_(None) & AuditEntry.detail.contains(f'"user_id": {user_id}'))
        )
    users = dict(session.execute(select(User.id, User.name)).tuples().all())
    lines = []
    for row in session.scalars(query.limit(max(1, limit))):
        ids = tuple(json.loads(row.record_ids))
        if record_id is not None and record_id not in ids:
            continue  # the text matched inside another id
        detail = json.loads(row.detail)
        by_device = row.device_id is not None and row.actor != ADMIN  # not a revocation
        owner = owners.get(row.device_id) if by_device and row.device_id else None
        if user_id is not None and row.device_id is None and detail.get("user_id") != user_id:
            continue
        actor = users.get(owner, row.actor) if owner is not None else row.actor
        lines.append(AuditLine(row.at, actor, owner, row.device_id, row.action, ids, detail))
    lines.reverse()
    return lines
