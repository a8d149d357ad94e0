"""The demo folder: made once, reused (even when its port is taken), wiped when half-made."""

from __future__ import annotations

import socket
from pathlib import Path

from desktop.demo.launcher import STAMP_NAME, Demo
from desktop.demo.marker import DEMO_PASSPHRASE
from desktop.demo.seed import sync
from desktop.services.datadir import open_store
from desktop.sync.state import SyncState


def _server_url(demo: Demo) -> str | None:
    store = open_store(demo.device, passphrase=DEMO_PASSPHRASE)
    try:
        return SyncState(store).get("server_url")
    finally:
        store.engine.dispose()


def test_made_once_then_reused_and_repointed(tmp_path: Path) -> None:
    demo = Demo(tmp_path / "demo", children=8)
    server = demo.start()
    first_url = server.base_url
    server.stop()
    assert demo.is_complete()
    database = demo.device.database.stat().st_ino

    # Someone took the saved port: the next run picks another and tells the device.
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past TIME_WAIT
        squatter.bind(("127.0.0.1", server.port))
        squatter.listen()
        server = demo.start()
    try:
        assert server.base_url != first_url
        assert demo.device.database.stat().st_ino == database  # reused, not re-seeded
        assert _server_url(demo) == server.base_url
        store = open_store(demo.device, passphrase=DEMO_PASSPHRASE)
        try:
            assert sync(store).conflicts == 0  # the device reaches its server again
            assert len(store.records("child")) == 4
        finally:
            store.engine.dispose()
    finally:
        server.stop()


def test_half_made_demo_is_wiped(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    (root / "device").mkdir(parents=True)
    (root / "device" / "leftover.txt").write_text("from a run that was killed")
    demo = Demo(root, children=4)
    assert not demo.is_complete()
    server = demo.start()
    server.stop()
    assert not (root / "device" / "leftover.txt").exists()
    assert (root / STAMP_NAME).exists()
