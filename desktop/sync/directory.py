"""The county's directory as this laptop holds it (townships, villages, users' display
names): written by the sync (``county.py``), read here. The window reads it through
``desktop/services/directory.py``, cached per change of the store."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop.models.store import CaseStore
from desktop.sync.signature import FORMERLY_KEY


@dataclass(frozen=True)
class Directory:
    townships: Mapping[str, str] = field(default_factory=dict)  # code → name
    villages: Mapping[str, str] = field(default_factory=dict)  # code → name
    village_townships: Mapping[str, str] = field(default_factory=dict)  # village → township
    users: Mapping[int, str] = field(default_factory=dict)  # user id → display name
    # Names this laptop signed with before (a computer's login before enrolment, a name
    # the county changed since) → the display name now (``desktop.sync.signature``).
    formerly: Mapping[str, str] = field(default_factory=dict)

    def person(self, name: str) -> str:
        """Who signed as ``name`` (走访人, 修改人), by the name the county gives them now."""
        return self.formerly.get(name, name)

    def village(self, code: str | None) -> str:
        """The village's name, or its code when the directory does not know it."""
        if not code:
            return ""
        return self.villages.get(code, code)

    def township(self, code: str | None) -> str:
        if not code:
            return ""
        return self.townships.get(code, code)

    def township_of(self, village_code: str) -> str:
        return self.village_townships.get(village_code, village_code[:9])

    def villages_of(self, township_code: str) -> list[str]:
        return sorted(c for c, t in self.village_townships.items() if t == township_code)


def parse_directory(raw: str | None, formerly: str | None = None) -> Directory:
    """The directory kept in meta (JSON), or an empty one for anything unreadable."""
    try:
        data: Any = json.loads(raw) if raw else {}
        aliases: Any = json.loads(formerly) if formerly else {}
    except ValueError:
        return Directory()
    if not isinstance(aliases, dict):
        aliases = {}
    if not isinstance(data, dict):
        return Directory()
    townships: dict[str, str] = {}
    villages: dict[str, str] = {}
    village_townships: dict[str, str] = {}
    users: dict[int, str] = {}
    for entry in _entries(data, "townships"):
        townships[str(entry.get("code"))] = str(entry.get("name") or entry.get("code"))
    for entry in _entries(data, "villages"):
        code = str(entry.get("code"))
        villages[code] = str(entry.get("name") or code)
        village_townships[code] = str(entry.get("township_code") or code[:9])
    for entry in _entries(data, "users"):
        if isinstance(entry.get("id"), int) and entry.get("name"):
            users[entry["id"]] = str(entry["name"])
    known = {str(k): str(v) for k, v in aliases.items()}
    return Directory(townships, villages, village_townships, users, known)


def _entries(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    found = data.get(key)
    return [e for e in found if isinstance(e, Mapping)] if isinstance(found, list) else []


def read_directory(store: CaseStore) -> Directory:
    """This laptop's directory, read now (the window's reads are cached: ``directory_of``)."""
    from desktop.sync.state import SyncState  # the state imports the moves, which read this

    state = SyncState(store)
    return parse_directory(state.get("directory"), state.get(FORMERLY_KEY))
