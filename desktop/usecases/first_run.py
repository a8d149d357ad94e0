"""A laptop's first start: a new case file kept offline, or joining the county server."""

from __future__ import annotations

from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir, init_store
from desktop.services.directory import record_offline_names
from desktop.services.enrolment import enroll


def start_offline(
    folder: DataDir,
    *,
    village_code: str,
    passphrase: str,
    user: str | None,
    village_name: str | None,
) -> CaseStore:
    """A new encrypted case file for one village, unlocked; its name kept for the window."""
    store = init_store(
        folder,
        village_code=village_code,
        passphrase=passphrase,
        user=user,
        village_name=village_name,
    )
    record_offline_names(store, village_name=village_name)
    return store


def join_county(
    folder: DataDir, *, server_url: str, code: str, passphrase: str, ca_file: str | None
) -> CaseStore:
    """Enrol with the county's one-time code (on the network lane); the unlocked store."""
    store, _enrolment = enroll(
        folder, server_url=server_url, code=code, passphrase=passphrase, ca_file=ca_file
    )
    return store
