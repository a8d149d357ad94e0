"""Settings that live in the case file (the county server) and the passphrase, Qt-free."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casework.messages import Message
from desktop.models.store import CaseStore
from desktop.services.datadir import (
    DataDir,
    DataDirError,
    change_passphrase,
    passphrase_context,
)
from desktop.sync.client import check_server_url
from desktop.sync.state import SyncState

M_CA_MISSING = Message(
    "找不到证书文件：{path}，请确认县中心给的文件放在了哪里",
    "The CA file was not found: {path}; check where the county's file was saved",
)
M_NOT_ENROLLED = Message(
    "本机还没有加入县级服务器，无需设置服务器地址",
    "This computer has not joined the county server; there is no address to set",
)


@dataclass(frozen=True)
class ServerSettings:
    enrolled: bool
    server_url: str
    ca_file: str


def server_settings(store: CaseStore) -> ServerSettings:
    state = SyncState(store)
    url = state.get("server_url") or ""
    return ServerSettings(bool(url), url, state.get("ca_file") or "")


def save_server_settings(store: CaseStore, *, server_url: str, ca_file: str) -> ServerSettings:
    """Change where this computer syncs (the county moved its server, or a new CA file)."""
    state = SyncState(store)
    if not state.get("server_url"):
        raise DataDirError(M_NOT_ENROLLED)
    url = check_server_url(server_url.strip())  # SyncError("config") in plain words
    ca = ca_file.strip()
    if ca and not Path(ca).is_file():
        raise DataDirError(M_CA_MISSING.format(path=ca))
    state.put({"server_url": url, "ca_file": ca})
    return ServerSettings(True, url, ca)


def change_passphrase_now(folder: DataDir, *, old: str, new: str) -> None:
    """Re-wrap the data key under the new passphrase (slow on purpose: Argon2id twice)."""
    change_passphrase(folder, old=old, new=new)


def passphrase_context_of(store: CaseStore) -> tuple[str, ...]:
    """The village's code and name (once enrolled), which a new passphrase must not hold."""
    directory = SyncState(store).get("directory") or ""
    return passphrase_context({"village_code": store.village_code, "directory": directory})
