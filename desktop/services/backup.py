"""Backups of the encrypted database, and restoring one only after it has been checked.

A backup is a consistent copy of ``childdesk.sqlite`` made with SQLite's online backup
API, so it is taken safely while the store is in use and holds exactly what the database
holds: sealed personal fields, never plaintext. No passphrase is needed to make one; the
passphrase of the store at the time of the backup is needed to restore it.

A restore first copies the backup into a temporary folder beside the data folder, opens
it there (migrating an older schema), unlocks it and runs the full integrity check
(SQLite's ``integrity_check`` and every record and outbox entry decrypting). Only then is
the live database copied aside to ``backups/`` and replaced, so a wrong passphrase, a
tampered or damaged file changes nothing. The caller must have closed any engine on the
live database first (the window locks the store before restoring).

A backup of *another* store (another village's, or another computer's of the same
village, even under the same passphrase) would silently turn this laptop into that
store's device, so it is refused (:class:`OtherStoreError`) unless the caller passes
``replace_store=True`` (the CLI's ``--replace-store``, the window's explicit warning). A
store is known by its ``store_id`` in the clear ``meta`` table (made at ``init``; older
stores by their creation time), so telling needs no passphrase: :func:`other_store`
answers before anything is asked or locked.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from casework.messages import Message
from desktop.models.db import copy_aside
from desktop.models.store import CorruptRecordError
from desktop.services.datadir import STORE_ID_KEY, DataDir, DataDirError, open_store

logger = logging.getLogger(__name__)

BACKUPS_FOLDER = "backups"
DAILY_FOLDER = "daily"
DAILY_KEPT = 7
DAILY_PREFIX = "childdesk-daily-"
BACKUP_SUFFIX = ".sqlite"

M_NOTHING_TO_BACK_UP = Message(
    "数据文件夹 {path} 中没有档案库，无法备份", "No case store in {path} to back up"
)
M_CANNOT_BACK_UP = Message(
    "无法写入备份 {path}：{reason}", "Cannot write the backup {path}: {reason}"
)
M_NO_BACKUP = Message("找不到备份文件：{path}", "No such backup file: {path}")
M_DAMAGED = Message(
    "备份文件 {path} 已损坏或被改动，不是有效的档案库备份；没有做任何改动",
    "The backup {path} is damaged or was altered and is not a valid case store backup; "
    "nothing was changed",
)
M_PROBLEMS = Message(
    "备份文件 {path} 未通过检查（{count} 处问题，如：{first}），可能已损坏或被改动；没有做任何改动",
    "The backup {path} failed its check ({count} problems, e.g. {first}); it may be damaged "
    "or altered; nothing was changed",
)
M_WRONG_PASSPHRASE = Message(
    "密码与备份不匹配（需要备份时档案库使用的密码）；没有做任何改动",
    "The passphrase does not open this backup (it needs the store's passphrase at the time "
    "of the backup); nothing was changed",
)

M_IN_USE = Message(
    "档案库文件 {path} 正被打开（本软件的窗口或另一个 childdesk 命令），无法替换；"
    "请先锁定或关闭它再恢复。没有做任何改动。",
    "The case file {path} is open (in this program's window or another childdesk command) "
    "and cannot be replaced; lock or close it, then restore. Nothing was changed.",
)
M_OTHER_VILLAGE = Message(
    "这个备份属于另一个村（社区）的档案库（村代码 {backup}），而本机档案库属于 {this}。"
    "恢复它会把这台电脑变成那个村的设备，并替换本村在这台电脑上的全部档案，因此没有恢复，"
    "也没有做任何改动。",
    "This backup is of another village's store (village {backup}); this computer's store "
    "is village {this}. Restoring it would turn this computer into that village's device "
    "and replace all of this village's files on it, so it was not restored and nothing "
    "was changed.",
)
M_OTHER_STORE = Message(
    "这个备份来自另一个档案库（同村另一台电脑的，或重新建立的档案库），不是本机档案库的备份。"
    "恢复它会替换本机的档案库和它在县里的登记，因此没有恢复，也没有做任何改动。",
    "This backup is of another store (another computer's in the village, or a store made "
    "afresh), not of this computer's. Restoring it would replace this computer's store and "
    "its enrolment with the county, so it was not restored and nothing was changed.",
)
_IDENTITY_KEYS = (STORE_ID_KEY, "created_at", "village_code")


class BackupError(Exception):
    """A backup or restore refused; ``message`` says why in both languages."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message


@dataclass(frozen=True)
class StoreIdentity:
    """What the clear ``meta`` table says a store is: readable without its passphrase."""

    store_id: str | None
    created_at: str | None
    village_code: str | None

    def same_store_as(self, other: StoreIdentity) -> bool | None:
        """Whether both are one store; None when neither mark is known on both sides."""
        if self.store_id and other.store_id:
            return self.store_id == other.store_id
        if self.created_at and other.created_at:
            return self.created_at == other.created_at
        return None


@dataclass(frozen=True)
class OtherStore:
    """A backup of another store than this computer's: what restoring it would replace."""

    backup_village: str
    this_village: str
    other_village: bool  # another village's, not only another computer's of this one

    @property
    def message(self) -> Message:
        if self.other_village:
            return M_OTHER_VILLAGE.format(backup=self.backup_village, this=self.this_village)
        return M_OTHER_STORE


class OtherStoreError(BackupError):
    """The backup is of another store and the caller did not ask to replace this one."""

    def __init__(self, other: OtherStore) -> None:
        super().__init__(other.message)
        self.other = other


def store_identity(database: Path, *, read_only: bool = False) -> StoreIdentity | None:
    """The identity in ``database``'s clear ``meta``; None when it cannot be read.

    ``read_only`` opens the file as immutable: nothing is written beside a backup on a
    USB stick (a WAL the copy might have is not read: identity rows never change)."""
    try:
        if read_only:
            target, uri = f"{database.resolve().as_uri()}?immutable=1", True
        else:
            target, uri = str(database), False
        connection = sqlite3.connect(target, uri=uri)
        try:
            marks = ",".join("?" * len(_IDENTITY_KEYS))
            rows = dict(
                connection.execute(
                    f"SELECT key, value FROM meta WHERE key IN ({marks})", _IDENTITY_KEYS
                ).fetchall()
            )
        finally:
            connection.close()
    except (sqlite3.Error, OSError, ValueError):
        return None
    return StoreIdentity(rows.get(STORE_ID_KEY), rows.get("created_at"), rows.get("village_code"))


def _compare(backup: StoreIdentity, folder: DataDir) -> OtherStore | None:
    current = store_identity(folder.database) if folder.exists() else None
    if current is None or current.village_code is None:
        return None  # nothing here to replace, or a store too damaged to say: restore
    this, theirs = current.village_code or "?", backup.village_code or "?"
    if backup.village_code != current.village_code:
        return OtherStore(theirs, this, other_village=True)
    if backup.same_store_as(current) is False:
        return OtherStore(theirs, this, other_village=False)
    return None


def other_store(backup_file: Path, folder: DataDir) -> OtherStore | None:
    """Whether ``backup_file`` is of another store than ``folder``'s, read without a
    passphrase (None when it is this store's, the folder has none, or it cannot tell)."""
    backup = store_identity(backup_file, read_only=True)
    return None if backup is None else _compare(backup, folder)


@dataclass(frozen=True)
class RestoreReport:
    """What a restore checked and where the database it replaced was kept."""

    restored_to: Path
    records_checked: int
    outbox_checked: int
    schema_revision: str | None
    replaced_kept_at: Path | None


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")


def _copy_database(source: Path, target: Path) -> None:
    """A consistent single-file copy (WAL content included) through a partial file."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        src = sqlite3.connect(source)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                # One self-contained file: no -wal beside it to lose on a USB stick.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise BackupError(M_CANNOT_BACK_UP.format(path=target, reason=error)) from None


def make_backup(folder: DataDir, target_dir: Path) -> Path:
    """Copy the encrypted database into ``target_dir`` (a folder, a USB stick)."""
    if not folder.exists():
        raise BackupError(M_NOTHING_TO_BACK_UP.format(path=folder.root))
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(M_CANNOT_BACK_UP.format(path=target_dir, reason=error)) from None
    target = target_dir / f"childdesk-backup-{_stamp()}{BACKUP_SUFFIX}"
    _copy_database(folder.database, target)
    logger.info("backup written (%d bytes)", target.stat().st_size)
    return target


def daily_folder(folder: DataDir) -> Path:
    return folder.root / BACKUPS_FOLDER / DAILY_FOLDER


def daily_backup(folder: DataDir, today: date) -> Path | None:
    """Today's automatic backup, unless one exists already; keeps the last seven."""
    target_dir = daily_folder(folder)
    target = target_dir / f"{DAILY_PREFIX}{today.isoformat()}{BACKUP_SUFFIX}"
    if target.exists():
        return None
    if not folder.exists():
        raise BackupError(M_NOTHING_TO_BACK_UP.format(path=folder.root))
    target_dir.mkdir(parents=True, exist_ok=True)
    _copy_database(folder.database, target)
    # ISO dates in the names sort by day.
    daily = sorted(target_dir.glob(f"{DAILY_PREFIX}*{BACKUP_SUFFIX}"))
    for old in daily[:-DAILY_KEPT]:
        old.unlink()
    logger.info("daily backup written; %d kept", min(len(daily), DAILY_KEPT))
    return target


def _checked_copy(backup_file: Path, staging: DataDir, passphrase: str) -> RestoreReport:
    """Open, unlock and check the copy in ``staging``; refuse it with a BackupError."""
    staging.root.mkdir(mode=0o700)
    try:
        shutil.copyfile(backup_file, staging.database)
    except OSError:
        raise BackupError(M_NO_BACKUP.format(path=backup_file)) from None
    try:
        store = open_store(staging, passphrase=passphrase, sleep=lambda _: None)
    except DataDirError:
        raise BackupError(M_WRONG_PASSPHRASE) from None
    except CorruptRecordError as error:  # an older copy's records are resealed on opening
        raise BackupError(
            M_PROBLEMS.format(path=backup_file, count=1, first=_named(error))
        ) from None
    except Exception:  # not SQLite, malformed pages, no key slot: all mean a bad file
        logger.warning("backup could not be opened", exc_info=True)
        raise BackupError(M_DAMAGED.format(path=backup_file)) from None
    try:
        report = store.check()
    except Exception:
        logger.warning("backup could not be checked", exc_info=True)
        raise BackupError(M_DAMAGED.format(path=backup_file)) from None
    finally:
        store.engine.dispose()
    if not report.ok:
        first = report.problems[0] if report.problems else "schema"
        raise BackupError(
            M_PROBLEMS.format(path=backup_file, count=max(1, len(report.problems)), first=first)
        )
    _fold_wal(staging.database)
    return RestoreReport(
        restored_to=staging.database,
        records_checked=report.records_checked,
        outbox_checked=report.outbox_checked,
        schema_revision=report.schema_revision,
        replaced_kept_at=None,
    )


def _named(error: CorruptRecordError) -> str:
    return f"{error.record_id}: {error.where} failed authentication"  # as check() says it


def _fold_wal(database: Path) -> None:
    connection = sqlite3.connect(database)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
    finally:
        connection.close()


def _sidecars(database: Path) -> list[Path]:
    return [database.with_name(database.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _refuse_another_store(staging: DataDir, folder: DataDir, *, replace_store: bool) -> None:
    backup = store_identity(staging.database)
    other = None if backup is None else _compare(backup, folder)
    if other is None:
        return
    if not replace_store:
        raise OtherStoreError(other)
    logger.warning("replacing this computer's store by another's backup, as asked")


def restore_backup(
    backup_file: Path, folder: DataDir, passphrase: str, *, replace_store: bool = False
) -> RestoreReport:
    """Replace the folder's database with a checked copy of ``backup_file``.

    The live database (if any) is kept in ``backups/`` first; after the restore the
    store opens with the passphrase it had when the backup was made. A backup of another
    store raises :class:`OtherStoreError` unless ``replace_store``.
    """
    if not backup_file.is_file():
        raise BackupError(M_NO_BACKUP.format(path=backup_file))
    parent = folder.root.parent
    parent.mkdir(parents=True, exist_ok=True)
    # Staged beside the data folder: same file system, so the final move is atomic.
    staging_root = Path(tempfile.mkdtemp(prefix=".childdesk-restore-", dir=parent))
    try:
        staging = DataDir(staging_root / "store")
        checked = _checked_copy(backup_file, staging, passphrase)
        _refuse_another_store(staging, folder, replace_store=replace_store)
        kept: Path | None = None
        if folder.exists():
            kept = copy_aside(folder.database, "replaced-by-restore")
            os.chmod(kept, 0o600)
        else:
            folder.root.mkdir(parents=True, exist_ok=True)
            os.chmod(folder.root, 0o700)
        try:
            for sidecar in _sidecars(folder.database):
                # A stale WAL would be replayed onto the restored file.
                sidecar.unlink(missing_ok=True)
            os.replace(checked.restored_to, folder.database)
            # The list kept for the first paint is of the replaced records (it would be
            # matched record by record and not shown wrong, but it is of no more use).
            folder.children_list.unlink(missing_ok=True)
        except PermissionError:
            # Windows refuses to remove or replace a file any process holds open; the
            # window locks (closing its connections) before it restores, as must the
            # user's other childdesk commands. The live file is still whole.
            raise BackupError(M_IN_USE.format(path=folder.database)) from None
        os.chmod(folder.database, 0o600)
    finally:
        shutil.rmtree(staging_root, ignore_errors=True)
    logger.info("restored a backup (%d records checked)", checked.records_checked)
    return RestoreReport(
        restored_to=folder.database,
        records_checked=checked.records_checked,
        outbox_checked=checked.outbox_checked,
        schema_revision=checked.schema_revision,
        replaced_kept_at=kept,
    )


__all__ = [
    "BackupError",
    "OtherStore",
    "OtherStoreError",
    "RestoreReport",
    "StoreIdentity",
    "daily_backup",
    "daily_folder",
    "make_backup",
    "other_store",
    "restore_backup",
    "store_identity",
]
