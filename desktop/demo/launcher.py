"""``python -m desktop.demo`` (what ``make run`` does): the whole system on one machine.

Starts a county server on a free loopback port with its SQLite file in the demo folder
(``CHILDDESK_DEMO_DIR``, else the user's cache folder), seeds it with the made-up county and
enrols the demo device the first time, then opens the window on that device. The server
stops when the window closes. The next run reuses a completed demo and wipes a half-made
one; ``--reset`` always starts afresh. ``--screenshots DIR`` saves PNGs instead of opening
the window for use: the director's demo device into DIR, the township supervisor's
(``supervisor/``, enrolled by the seed with the same passphrase) into ``DIR/supervisor``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import platformdirs

from casework.messages import Message
from desktop.demo.marker import DEMO_PASSPHRASE
from desktop.demo.server import LocalServer, any_free_port, port_is_free
from desktop.services.datadir import DataDir, open_store
from desktop.sync.state import SyncState

logger = logging.getLogger(__name__)

ENV_DEMO_DIR = "CHILDDESK_DEMO_DIR"
STAMP_NAME = "demo.json"  # written last: its presence means the demo is complete
# 2: the demo passphrase grew a word (the passphrase policy); 3: a supervisor's device too
SEED_VERSION = 6
CHILDREN = 300

PREPARING = Message(
    "正在准备演示县（县级服务器、300 名虚构儿童、演示电脑），第一次约需一分钟……",
    "Preparing the demo county (server, 300 made-up children, demo device); "
    "the first time takes about a minute…",
)
REUSING = Message("使用已有的演示数据：{path}", "Reusing the demo in {path}")
READY = Message(
    "演示县级服务器：{url}；演示电脑的密码：{passphrase}",
    "Demo county server: {url}; the demo device's passphrase: {passphrase}",
)
STOPPED = Message("演示结束，县级服务器已停止。", "Demo over; the county server stopped.")


def demo_root() -> Path:
    chosen = os.environ.get(ENV_DEMO_DIR)
    return Path(chosen) if chosen else Path(platformdirs.user_cache_dir("childdesk")) / "demo"


def _say(message: Message) -> None:
    print(message.text(), file=sys.stderr, flush=True)


class Demo:
    """The demo folder: ``server/`` (database, key, log), ``device/`` (the director's data
    folder), ``supervisor/`` (the township supervisor's)."""

    def __init__(self, root: Path, *, children: int = CHILDREN) -> None:
        self.root = root
        self.children = children
        self.device = DataDir(root / "device")
        self.supervisor = DataDir(root / "supervisor")
        self.stamp = root / STAMP_NAME

    def is_complete(self) -> bool:
        if not (self.stamp.exists() and self.device.exists() and self.supervisor.exists()):
            return False
        saved = json.loads(self.stamp.read_text(encoding="utf-8"))
        return bool(saved.get("version") == SEED_VERSION)

    def saved_port(self) -> int | None:
        port = json.loads(self.stamp.read_text(encoding="utf-8")).get("port")
        return int(port) if port else None

    def start(self, *, reset: bool = False) -> LocalServer:
        """A running, seeded server; the device enrolled with it. The caller stops it."""
        reuse = not reset and self.is_complete()
        if not reuse:
            shutil.rmtree(self.root, ignore_errors=True)
            _say(PREPARING)
        else:
            _say(REUSING.format(path=self.root))
        saved = self.saved_port() if reuse else None
        port = saved if saved and port_is_free(saved) else any_free_port()
        server = LocalServer(self.root / "server", port)
        server.init()
        server.start()
        try:
            if not reuse:
                self._seed(server)
            elif port != saved:
                self._repoint(server.base_url)
            self.stamp.write_text(json.dumps({"version": SEED_VERSION, "port": port}))
        except BaseException:
            server.stop()
            raise
        return server

    def _seed(self, server: LocalServer) -> None:
        from desktop.demo.seed import seed_demo

        with tempfile.TemporaryDirectory(prefix="childdesk-demo-") as work:
            seed_demo(
                server.db_url,
                server.base_url,
                self.device,
                Path(work),
                children=self.children,
                supervisor=self.supervisor,
            )

    def _repoint(self, url: str) -> None:
        """The saved port was taken: tell the devices where their server is now."""
        for device in (self.device, self.supervisor):
            store = open_store(device, passphrase=DEMO_PASSPHRASE)
            try:
                SyncState(store).put({"server_url": url})
            finally:
                store.engine.dispose()


def _window(device: DataDir, extra: Sequence[str]) -> int:
    command = [sys.executable, "-m", "desktop.app", "--data-dir", str(device.root), *extra]
    return subprocess.call(command)


def _screenshots(demo: Demo, out: Path) -> int:
    """At 100 % into ``out``, then at 150 % (QT_SCALE_FACTOR=1.5) into ``out/150``: the
    director's device, then the supervisor's (``supervisor/`` in each)."""
    env = {**os.environ, "CHILDDESK_PASSPHRASE": DEMO_PASSPHRASE}
    for scale, folder in (("1", out), ("1.5", out / "150")):
        for device, into, extra in (
            (demo.device, folder, []),
            (demo.supervisor, folder / "supervisor", ["--supervisor"]),
        ):
            command = [
                sys.executable, "-m", "desktop.ui.screenshots",
                "--data-dir", str(device.root), "--out", str(into), *extra,
            ]  # fmt: skip
            done = subprocess.call(command, env={**env, "QT_SCALE_FACTOR": scale})
            if done:
                return done
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.demo", description="演示 / demo")
    parser.add_argument("--reset", action="store_true", help="重新生成演示数据 / seed afresh")
    parser.add_argument("--screenshots", type=Path, metavar="DIR", help="保存截图 / save PNGs")
    args, extra = parser.parse_known_args(argv)
    logging.basicConfig(level=logging.WARNING)
    demo = Demo(demo_root())
    server = demo.start(reset=args.reset)
    try:
        _say(READY.format(url=server.base_url, passphrase=DEMO_PASSPHRASE))
        if args.screenshots:
            return _screenshots(demo, args.screenshots)
        return _window(demo.device, extra)
    except KeyboardInterrupt:
        return 130
    finally:
        server.stop()
        _say(STOPPED)
