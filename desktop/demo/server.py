"""A county server process on loopback for the demo: start, wait until it answers, stop."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from county_server.config import ENV_KEY_FILE, Settings
from county_server.services.setup import initialize

API_PROBE = "/api/v1/openapi.json"  # 404 unless served with --api-docs: an answer all the same


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def any_free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LocalServer:
    """``county-server serve`` on 127.0.0.1 with an SQLite file in ``folder``."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.port = port
        self.db_url = f"sqlite:///{folder / 'county.sqlite'}"
        self.key_file = folder / "county-server.key"
        self.log_file = folder / "server.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def init(self) -> None:
        """Create (or upgrade) the schema and the server key, as ``county-server init``."""
        self.folder.mkdir(parents=True, exist_ok=True)
        initialize(Settings(db_url=self.db_url, key_file=self.key_file), create_key=True)

    def start(self, timeout: float = 60.0) -> None:
        command = [
            sys.executable, "-m", "county_server.cli", "--db", self.db_url,
            "serve", "--host", "127.0.0.1", "--port", str(self.port),
        ]  # fmt: skip
        with self.log_file.open("ab") as log:
            self._process = subprocess.Popen(
                command,
                env={**os.environ, ENV_KEY_FILE: str(self.key_file)},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the county server stopped at start; see {self.log_file}")
            try:
                if requests.get(self.base_url + API_PROBE, timeout=1).status_code in (200, 404):
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the county server did not answer in {timeout:.0f} s")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()  # SIGTERM: uvicorn finishes its requests and exits
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
