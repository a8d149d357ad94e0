"""A county with two townships, three villages and their people, on a real server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.sync.engine import SyncSummary, client_for, run_sync
from desktop.sync.state import SyncState
from tests.serverproc import BACKENDS, ServerProcess, database_url, running_server
from tests.store_template import enrol

PASSPHRASE = "village office bamboo 2026"
TOWNSHIP_1, TOWNSHIP_2 = "330523101", "330523102"
VILLAGE_A, VILLAGE_B, VILLAGE_C = "330523101001", "330523101002", "330523102001"


@dataclass
class Device:
    """One laptop: its data folder and its unlocked store."""

    folder: DataDir
    store: CaseStore

    def sync(self, **options: Any) -> SyncSummary:
        client = client_for(SyncState(self.store), retries=0)
        try:
            return run_sync(self.store, client, **options)
        finally:
            client.close()

    @property
    def state(self) -> SyncState:
        return SyncState(self.store)


@dataclass
class County:
    server: ServerProcess
    root: Path

    def enrol(self, name: str, role: str, scope: str) -> Device:
        code = self.server.add_user(name, role, scope)
        folder = DataDir(self.root / f"device-{name}")
        # A copy of the session's template store: no key derivation per device.
        store, _ = enrol(folder, server_url=self.server.base_url, code=code, passphrase=PASSPHRASE)
        return Device(folder, store)


@pytest.fixture(params=BACKENDS)
def county(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[County]:
    with (
        database_url(request.param, tmp_path) as url,
        running_server(url, tmp_path / "server") as server,
    ):
        server.add_township(TOWNSHIP_1, "递铺街道")
        server.add_township(TOWNSHIP_2, "孝丰镇")
        server.add_village(VILLAGE_A, "古城村", TOWNSHIP_1)
        server.add_village(VILLAGE_B, "马家村", TOWNSHIP_1)
        server.add_village(VILLAGE_C, "横溪坞村", TOWNSHIP_2)
        yield County(server, tmp_path)
