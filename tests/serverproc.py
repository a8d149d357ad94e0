"""A real county server process for tests, and databases for both back ends.

Used by the server's own tests and by the client's contract tests (CONVENTIONS 8: one
contract suite, several back ends)::

    from tests.serverproc import database_url, running_server

    with database_url("postgresql", tmp_path) as url, running_server(url, tmp_path) as server:
        server.add_township("330523101", "递铺街道")
        server.add_village("330523101001", "古城村", "330523101")
        code = server.add_user("李主任", "director", "330523101001")
        httpx.post(f"{server.base_url}/api/v1/enroll", json={"code": code, "device_name": "pc"})

Or as pytest fixtures: ``db_url`` (parametrized ``sqlite`` / ``postgresql``, function
scope) and ``county_server`` (a running server on ``db_url``), importable into a
``conftest.py``: ``from tests.serverproc import county_server, db_url  # noqa: F401``.

PostgreSQL is expected at ``postgresql://postgres@127.0.0.1:5432/test`` (trust auth);
each use gets a fresh schema ``t_<random>`` (through ``?options=-csearch_path=...``),
dropped afterwards. If PostgreSQL can't be reached the PostgreSQL variants FAIL, unless
``COUNTY_SERVER_SKIP_PG=1``, which skips them.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests import serverfork

PG_HOST = os.environ.get("COUNTY_SERVER_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("COUNTY_SERVER_PG_PORT", "5432"))
PG_DATABASE = "test"
PG_ADMIN_DSN = f"postgresql://postgres@{PG_HOST}:{PG_PORT}/{PG_DATABASE}"
SKIP_PG_ENV = "COUNTY_SERVER_SKIP_PG"
BACKENDS = ("sqlite", "postgresql")
API = "/api/v1"


# -- databases ---------------------------------------------------------------------------


def _pg_unavailable(reason: str) -> None:
    message = f"PostgreSQL at {PG_HOST}:{PG_PORT} is not reachable ({reason})"
    if os.environ.get(SKIP_PG_ENV) == "1":
        pytest.skip(f"{message}; {SKIP_PG_ENV}=1")
    pytest.fail(f"{message}; start it, or set {SKIP_PG_ENV}=1 to skip the PostgreSQL variants")


@contextmanager
def postgresql_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL schema as a SQLAlchemy URL; dropped afterwards."""
    import psycopg

    schema = f"t_{secrets.token_hex(6)}"
    try:
        admin = psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        _pg_unavailable(str(error).strip().splitlines()[0] if str(error) else "no answer")
        raise  # pragma: no cover - pytest.fail/skip raise
    try:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        yield (
            f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{PG_DATABASE}"
            f"?options=-csearch_path%3D{schema}"
        )
    finally:
        try:
            admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        finally:
            admin.close()


def sqlite_url(directory: Path) -> str:
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{directory / 'county.sqlite'}"


@contextmanager
def database_url(backend: str, tmp_dir: Path) -> Iterator[str]:
    """A fresh database of ``backend`` ("sqlite" or "postgresql") as a SQLAlchemy URL."""
    if backend == "sqlite":
        yield sqlite_url(tmp_dir / f"db-{secrets.token_hex(3)}")
    elif backend == "postgresql":
        with postgresql_url() as url:
            yield url
    else:
        raise ValueError(f"unknown backend {backend!r}")


def database_urls(tmp_dir: Path) -> Iterator[str]:
    """Yields a fresh database URL for each back end in turn (SQLite, then PostgreSQL)."""
    for backend in BACKENDS:
        with database_url(backend, tmp_dir) as url:
            yield url


def sqlite_path(db_url: str) -> Path | None:
    """The database file of an SQLite URL, else None."""
    prefix = "sqlite:///"
    return Path(db_url[len(prefix) :]) if db_url.startswith(prefix) else None


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database URL, once for SQLite and once for PostgreSQL."""
    with database_url(request.param, tmp_path) as url:
        yield url


# -- the command line ----------------------------------------------------------------------


DEFAULT_CLI_COMMAND = [sys.executable, "-m", "county_server.cli"]


def cli_command() -> list[str]:
    return list(DEFAULT_CLI_COMMAND)


def run_cli(
    db_url: str,
    *args: str,
    env: dict[str, str] | None = None,
    check: bool = True,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``county-server --db DB_URL ARGS...``; raises with its stderr if it fails."""
    completed = subprocess.run(
        [*cli_command(), "--db", db_url, *args],
        env={**os.environ, **(env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check and completed.returncode != 0:
        raise AssertionError(
            f"county-server {' '.join(args)} exited {completed.returncode}:\n{completed.stderr}"
        )
    return completed


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# -- the server process ------------------------------------------------------------------


@dataclass
class ServerProcess:
    """A county server process on a loopback port, with its admin commands."""

    db_url: str
    workdir: Path
    port: int = field(default_factory=free_port)
    tls: bool = False
    extra_env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | serverfork.ForkedProcess | None = None
    ca_file: Path | None = None  # with tls: the CA that signed the server's certificate
    serve_args: tuple[str, ...] = ()  # more ``serve`` options, e.g. ("--api-docs",)

    @property
    def key_file(self) -> Path:
        return self.workdir / "county-server.key"

    @property
    def log_path(self) -> Path:
        return self.workdir / "server.log"

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return self.base_url + API

    @property
    def env(self) -> dict[str, str]:
        return {"COUNTY_SERVER_KEY_FILE": str(self.key_file), **self.extra_env}

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    # -- admin commands (the CLI's own commands) -----------------------------------------

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """``county-server ARGS`` as a process of its own (the real command line)."""
        return run_cli(self.db_url, *args, env=self.env, check=check, cwd=self.workdir)

    def admin(self, *args: str) -> str:
        """``county-server ARGS`` run in this process: the same argument parser and command
        function as :meth:`cli`, without a second or more of Python start-up and imports
        per command (a county's set-up took 6–8 of them per test). What the command
        prints is returned; an error raises. The command line as a process is
        tested in tests/county_server/test_cli.py and through :meth:`cli`."""
        from county_server import cli as county_cli
        from county_server.config import Settings

        parsed = county_cli._parser().parse_args(list(args))
        settings = Settings.load(db_url=self.db_url, environ={**os.environ, **self.env})
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            county_cli.COMMANDS[parsed.command](settings, parsed)
        return printed.getvalue()

    def init(self) -> None:
        self.admin("init")

    def add_township(self, code: str, name: str) -> None:
        self.admin("add-township", "--code", code, "--name", name)

    def add_village(self, code: str, name: str, township: str) -> None:
        self.admin("add-village", "--code", code, "--name", name, "--township", township)

    def add_user(self, name: str, role: str, scope: str) -> str:
        """Add a user; returns the one-time enrolment code (the command's last line)."""
        out = self.admin("add-user", "--name", name, "--role", role, "--scope", scope)
        return out.strip().splitlines()[-1]

    def issue_code(self, user_id: int) -> str:
        return self.admin("issue-code", "--user", str(user_id)).strip().splitlines()[-1]

    def revoke_device(self, device_id: str) -> None:
        self.admin("revoke-device", device_id)

    def list_devices(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = json.loads(self.admin("list-devices", "--json"))
        return rows

    def set_recovery_key(self, public_pem: Path) -> None:
        self.admin("set-recovery-key", str(public_pem))

    # -- the process -------------------------------------------------------------------

    def _tls_args(self) -> list[str]:
        if not self.tls:
            return []
        import trustme

        ca = trustme.CA()
        issued = ca.issue_cert("127.0.0.1", "localhost")
        cert, key = self.workdir / "server.crt", self.workdir / "server.key.pem"
        cert.write_bytes(b"".join(blob.bytes() for blob in issued.cert_chain_pems))
        issued.private_key_pem.write_to_path(str(key))
        self.ca_file = self.workdir / "ca.pem"
        ca.cert_pem.write_to_path(str(self.ca_file))
        return ["--tls-cert", str(cert), "--tls-key", str(key)]

    def start(self, *, timeout: float = 30.0) -> None:
        """Start ``county-server serve`` and wait until it answers: its OpenAPI document,
        or 404 where the server keeps it to itself (without ``--api-docs``)."""
        assert self.process is None, "already running"
        self.workdir.mkdir(parents=True, exist_ok=True)
        program = cli_command()
        arguments = [
            "--db", self.db_url, "serve",
            "--host", "127.0.0.1", "--port", str(self.port), *self._tls_args(),
            *self.serve_args,
        ]  # fmt: skip
        command = [*program, *arguments]
        env = {**os.environ, **self.env}
        # Forked from a helper that has imported the server (tests/serverfork.py), or else
        # a new interpreter: the same command, process and log either way. A caller that
        # replaced ``cli_command`` (bench/sync.py's profiled server) gets its own program.
        self.process = None
        if program == DEFAULT_CLI_COMMAND:
            self.process = serverfork.spawn(arguments, env=env, cwd=self.workdir, log=self.log_path)
        if self.process is None:
            with self.log_path.open("ab") as log:
                self.process = subprocess.Popen(
                    command, env=env, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT
                )
        deadline = time.monotonic() + timeout
        verify: bool | str = str(self.ca_file) if self.ca_file else True
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.process = None
                raise RuntimeError(f"the server exited at start:\n{self.log()}")
            try:
                answer = httpx.get(f"{self.api_url}/openapi.json", timeout=1.0, verify=verify)
                if answer.status_code in (200, 404):
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not answer within {timeout}s:\n{self.log()}")

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it hasn't stopped within 10 s."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()


@contextmanager
def running_server(
    db_url: str,
    workdir: Path,
    *,
    tls: bool = False,
    env: dict[str, str] | None = None,
    timeout: float = 30.0,
    serve_args: tuple[str, ...] = (),
) -> Iterator[ServerProcess]:
    """``county-server init`` then ``serve`` on a free loopback port; stopped at exit."""
    server = ServerProcess(
        db_url=db_url, workdir=workdir, tls=tls, extra_env=dict(env or {}), serve_args=serve_args
    )
    workdir.mkdir(parents=True, exist_ok=True)
    server.init()
    server.start(timeout=timeout)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def county_server(db_url: str, tmp_path: Path) -> Iterator[ServerProcess]:
    """A running server process on a fresh database (each back end in turn)."""
    with running_server(db_url, tmp_path / "server") as server:
        yield server
