"""Names instead of codes: the county's directory as this laptop holds it.

The county sends its townships, villages and users' display names at enrolment and
again whenever they change (``desktop/sync/county.py``); an offline-only laptop holds
what its first start was told (its village's name). Everything a person reads (lists,
statistics, the dossier, the monthly report, the ledger's summary) shows a village as its
name through :func:`directory_of`; a code the directory does not know is shown as it is.
"""

from __future__ import annotations

import json

from desktop.models.store import CaseStore
from desktop.services import read_cache
from desktop.sync.directory import Directory, parse_directory, read_directory

__all__ = ["Directory", "directory_of", "parse_directory", "record_offline_names"]


def directory_of(store: CaseStore) -> Directory:
    """This laptop's directory, read once per change of the store (``read_cache``)."""
    return read_cache.cached(store, ("directory",), lambda: read_directory(store))


def record_offline_names(store: CaseStore, *, village_name: str | None) -> None:
    """An offline-only laptop's first start: its village's name, as the directory holds it
    until the county sends its own (at enrolment)."""
    from desktop.sync.state import SyncState

    name = (village_name or "").strip()
    state = SyncState(store)
    if not name or state.get("server_url"):
        return
    code = store.village_code
    directory = {
        "townships": [],
        "villages": [{"code": code, "name": name, "township_code": code[:9]}],
        "users": [],
    }
    state.put({"directory": json.dumps(directory, ensure_ascii=False)})
