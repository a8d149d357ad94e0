"""备份与恢复: a copy of the encrypted case file to a folder, the daily one, and a restore.

The backup box (settings page) and the controller (the daily backup at unlock, the restore
that replaces the open store) reach the backups here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.services.backup import (
    OtherStore,
    RestoreReport,
    daily_backup,
    make_backup,
    other_store,
    restore_backup,
)
from desktop.services.datadir import DataDir

__all__ = [
    "OtherStore",
    "RestoreReport",
    "back_up_to",
    "back_up_today",
    "backup_of_other_store",
    "restore_from",
]


def back_up_to(folder: DataDir, *, target: Path) -> Path:
    """Copy the encrypted database into ``target`` (a folder, a USB stick); the copy's path."""
    return make_backup(folder, target)


def back_up_today(folder: DataDir, *, today: date) -> Path | None:
    """Today's automatic backup unless one exists (None then); the last seven are kept."""
    return daily_backup(folder, today)


def backup_of_other_store(folder: DataDir, *, backup: Path) -> OtherStore | None:
    """What restoring ``backup`` would replace when it is another store's (None: this one's)."""
    return other_store(backup, folder)


def restore_from(
    folder: DataDir, *, backup: Path, passphrase: str, replace_store: bool
) -> RestoreReport:
    """Replace the case file with a checked copy of ``backup`` (the old one is kept)."""
    return restore_backup(backup, folder, passphrase, replace_store=replace_store)
