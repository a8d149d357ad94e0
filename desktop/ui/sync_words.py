"""Sync in one sentence, the same on the status bar and the home page.

The sentence says what a director needs to act on: whether this computer is joined, when
it last synced (today / yesterday / a date), how many changes only exist here, and, once
it has been offline for days, that the county does not see the work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from PySide6.QtCore import QCoreApplication

from desktop.services.sync_log import OFFLINE_LONG_DAYS, offline_days

Connection = Literal["unknown", "online", "offline", "offline_only"]
Tone = Literal["ok", "warning", "urgent", "plain"]


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows."""

    connection: Connection
    last_sync_at: datetime | None
    waiting: int | None
    syncing: bool = False


def when_text(moment: datetime, now: datetime) -> str:
    """A past moment as the director says it: today 08:02, yesterday 17:40, or the date."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    local, local_now = aware.astimezone(), now.astimezone()
    clock = local.strftime("%H:%M")
    days = (local_now.date() - local.date()).days
    if days <= 0:
        return QCoreApplication.translate("SyncWords", "today at {time}").format(time=clock)
    if days == 1:
        return QCoreApplication.translate("SyncWords", "yesterday at {time}").format(time=clock)
    return QCoreApplication.translate("SyncWords", "{date} at {time}").format(
        date=local.date().isoformat(), time=clock
    )


def sync_sentence(status: SyncStatus, now: datetime | None = None) -> tuple[str, Tone]:
    """One sentence and how it should look."""
    moment = now or datetime.now(UTC)
    waiting = status.waiting
    if status.syncing:
        text = QCoreApplication.translate(
            "SyncWords", "Syncing with the county… you can keep working."
        )
        return text, "plain"
    if status.connection == "offline_only":
        text = QCoreApplication.translate(
            "SyncWords",
            "This computer works on its own (not joined to the county); all is saved here.",
        )
        return text, "plain"
    if waiting is None:
        return "", "plain"
    if status.last_sync_at is None:
        text = QCoreApplication.translate(
            "SyncWords", "Never synced with the county yet; {count} changes wait to go up."
        )
        return text.format(count=waiting), "warning"
    when = when_text(status.last_sync_at, moment)
    days = offline_days(status.last_sync_at, moment) or 0
    if days >= OFFLINE_LONG_DAYS and waiting == 0:
        text = QCoreApplication.translate(
            "SyncWords",
            "Offline for {days} days (last sync {when}): what the county changed since "
            "is not here yet.",
        )
        return text.format(days=days, when=when), "urgent"
    if days >= OFFLINE_LONG_DAYS:
        text = QCoreApplication.translate(
            "SyncWords",
            "Offline for {days} days (last sync {when}): the county does not see "
            "{count} changes made here.",
        )
        return text.format(days=days, when=when, count=waiting), "urgent"
    if status.connection == "offline":
        text = QCoreApplication.translate(
            "SyncWords", "No connection to the county now; last sync {when}, {count} changes wait."
        )
        return text.format(when=when, count=waiting), "warning"
    if waiting == 0:
        text = QCoreApplication.translate(
            "SyncWords", "Up to date with the county (last sync {when})."
        )
        return text.format(when=when), "ok"
    text = QCoreApplication.translate(
        "SyncWords", "Last sync {when}; {count} changes wait to go up."
    )
    return text.format(when=when, count=waiting), "plain"
