"""The children list as it last stood, sealed beside the store, for its first paint.

After Enter the list used to wait for every child to be decrypted and spelt in pinyin
(about 0.3 s for 10,000 on the 2-core test machine, more on a village laptop) before a
row could show. So each time the whole list has been read, what its first paint needs
of each child (name, gender, birth date, the masked ID number, risk, whether closed, the
name's pinyin) is kept in one file beside the store, sealed with the store's data key
(AES-GCM, as the records are), and the next unlock opens that one file instead.

A kept row is used only for the very version of the record it was made from: each row
carries its record's *seal mark*, the record's nonce (fresh and random for every seal:
every save, every pulled change) and its clear cell. The marks of the living children
are read from the database at unlock (one query, no decryption); a child whose mark
differs, or who is not in the file, is decrypted as before, and a child in the file but
no longer in the database is not shown. So the file can be stale or missing (a crash, a
restore, a change made from the command line) and the list is still the store's; only
its speed depends on the file. Columns that are not personal
(village, sync state) always come from the database itself.

The file is rewritten only when the list read differs from what it holds, and only when
no write came between the read and the marks (the store's data version), so that no
mark is ever filed with content it was not read with.
"""

from __future__ import annotations

import logging
import os
import tempfile
import zlib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from casework.closure import is_closed
from desktop.models.crypto import TamperedError
from desktop.models.errors import CorruptRecordError, RecordNotFoundError
from desktop.models.raw_rows import collector_paused, fetch
from desktop.models.store import CaseStore
from desktop.models.tables import SyncStatus
from desktop.services import pinyin
from desktop.services.casefile import ChildSummary, unclassified_summary

logger = logging.getLogger(__name__)

LABEL = "children-list"
FORMAT = 1
# Children changed since the file was written are decrypted one by one; past this many
# the whole list is read as it would be without the file.
MOST_CHANGED = 300

# One query, no decryption: each living child's columns and its seal mark's parts (the
# sealed cell's version byte and nonce, and the clear cell). One row of JSON rather than a
# row per child: sqlite3 takes the interpreter lock back for every row it hands over, and
# while the window's thread runs Python (it paints the window just then) each of those
# waits its turn; 10,000 rows took 70-90 ms of the first paint that way, and seconds
# against a thread that never pauses.
_MARKS_SQL = (
    "SELECT json_group_array(json_array(id, village_code, sync_state,"
    " CASE typeof(sealed) WHEN 'blob' THEN hex(substr(sealed, 1, 13)) END,"
    " CAST(clear AS TEXT)))"
    " FROM records WHERE deleted = 0 AND kind = 'child'"
)
_STATES: dict[str, SyncStatus] = {state.value: state for state in SyncStatus}


@dataclass(frozen=True)
class FirstList:
    """The children in care, unclassified, in the file's order (the list's when it was
    written; children changed since at the end), with their names' pinyin."""

    summaries: list[ChildSummary]
    name_keys: dict[str, str]
    changed: int  # children decrypted because the file did not hold their version

    @property
    def in_order(self) -> bool:
        """Whether the summaries are in the list's order already (nothing changed)."""
        return self.changed == 0


def _marks(store: CaseStore) -> list[tuple[str, str, str, str | None]] | None:
    """(id, village, sync state, seal mark) of every living child; None if the cells
    cannot be read so (text that is not UTF-8: the whole read names the damage)."""
    rows, lossless = fetch(store.engine, _MARKS_SQL, ())
    if lossless:
        return None
    try:
        found = orjson.loads(rows[0][0])
    except ValueError:
        return None
    # A record version's mark: its seal's nonce (fresh for every seal) and its clear
    # cell as it is; None for a sealed cell that is not a blob (decrypted each time).
    return [
        (record_id, village, state, None if nonce is None else f"{nonce}:{clear}")
        for record_id, village, state, nonce, clear in found
    ]


# -- reading ---------------------------------------------------------------------------

# A kept row: mark, id, name, gender, birth date, masked ID number, risk level, key
# child, closed, the name in pinyin.
_Row = list[Any]


def first_list(path: Path, store: CaseStore) -> FirstList | None:
    """The list as the file and the database say together, or None when the file cannot
    serve (missing, not this store's, or too much changed since it was written)."""
    try:
        sealed = path.read_bytes()
    except OSError:
        return None
    with collector_paused():
        try:
            payload = orjson.loads(store.codec.open_document(LABEL, sealed))
            if payload.get("format") != FORMAT:
                return None
            return _match(store, payload["children"])
        except (TamperedError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            logger.info("the children list's copy beside the store could not be read")
            return None


def _match(store: CaseStore, kept: list[_Row]) -> FirstList | None:
    """The kept rows, in their order, whose mark is the database's now; then the
    children the file does not hold as they are, decrypted."""
    marks = _marks(store)
    if marks is None:
        return None
    living = {record_id: (village, state, mark) for record_id, village, state, mark in marks}
    summaries: list[ChildSummary] = []
    keys: dict[str, str] = {}
    pending = SyncStatus.PENDING
    for mark, record_id, name, gender, birth, masked, risk, key_child, closed, name_key in kept:
        now = living.get(record_id)
        if now is None or now[2] != mark:
            continue  # gone, or changed since: read below if it is still there
        del living[record_id]
        if closed:
            continue
        keys[name] = name_key
        # The file's values are as this module wrote them (the seal authenticates it).
        summaries.append(
            ChildSummary(
                id=record_id,
                name=name,
                gender=gender,
                birth_date=birth,
                id_number_masked=masked,
                village_code=now[0],
                categories=(),
                in_difficulty=False,
                risk_level=risk,
                key_child=key_child,
                last_visit=None,
                next_visit=None,
                sync_state=_STATES.get(now[1], pending),
                classified=False,
            )
        )
    if len(living) > MOST_CHANGED:
        return None
    for record_id in living:  # changed or new since the file was written
        try:
            record = store.get(record_id)
        except (CorruptRecordError, RecordNotFoundError):
            return None  # the whole read names it as damaged (or it went meanwhile)
        if is_closed(record.fields):
            continue
        summary = unclassified_summary(record)
        keys.setdefault(summary.name, pinyin.sort_key(summary.name))
        summaries.append(summary)
    return FirstList(summaries, keys, len(living))


# -- writing ---------------------------------------------------------------------------


def keep(
    path: Path,
    store: CaseStore,
    shown: Iterable[ChildSummary],
    closed: Collection[str],
    name_keys: Mapping[str, str],
    *,
    read_at: int,
) -> bool:
    """Write the list as just read (``shown``: the children in care in the list's order;
    ``closed``: the ids of the closed files) if it differs from the file's. ``read_at``:
    the store's data version when that read began; nothing is written when the store
    changed since (the marks read now might not be those of what was read). Returns
    whether the file was written."""
    read = _marks(store)
    if read is None or store.data_version() != read_at:
        return False
    marks = {record_id: mark for record_id, _v, _s, mark in read}
    rows: list[_Row] = []
    for child in shown:
        mark = marks.get(child.id)
        if mark is not None:  # without a sealed blob to mark it by: decrypted each time
            rows.append(
                [
                    mark,
                    child.id,
                    child.name,
                    child.gender,
                    child.birth_date,
                    child.id_number_masked,
                    child.risk_level,
                    child.key_child,
                    False,
                    name_keys.get(child.name, child.name),
                ]
            )
    for record_id in closed:
        mark = marks.get(record_id)
        if mark is not None:
            rows.append([mark, record_id, "", "", "", None, "", False, True, ""])
    plaintext = orjson.dumps({"format": FORMAT, "children": rows})
    digest = zlib.crc32(plaintext)
    if _written.get(path) == digest and path.exists():
        return False
    _replace(path, store.codec.seal_document(LABEL, plaintext))
    _written[path] = digest
    return True


# What each file was last written with in this process (its plaintext's checksum), so a
# list read again unchanged is not sealed and written again.
_written: dict[Path, int] = {}


def _replace(path: Path, sealed: bytes) -> None:
    """Write ``sealed`` to ``path`` whole or not at all (a new file, then a rename: no
    handle is open on the old one, which Windows needs to replace it)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(sealed)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
