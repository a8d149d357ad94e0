"""Kinto beside childdesk's first pull (issue 21), for ``bench/sync.py``.

Kinto (Mozilla's sync server) is installed from PyPI into a venv of its own (kept in
``~/.cache/childdesk/bench-kinto`` and reused), with its PostgreSQL storage in a fresh
database on the bench's PostgreSQL server (Kinto has no SQLite storage). Its client, ``kinto-http``,
pushes the records in batches of 500 and, for the first pull, runs as a whole process
that fetches every record (Kinto's default page size) and keeps them in a local SQLite
file (WAL, ``synchronous=FULL``, one transaction), as a laptop would.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request
import venv
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

VENV = Path.home() / ".cache" / "childdesk" / "bench-kinto"
REQUIREMENTS = ("kinto[postgresql]", "kinto-http")
BATCH = 500
AUTH = ("bench", "bench-secret")

PUSH_SCRIPT = """
import json, sys, time
from kinto_http import Client
url, path = sys.argv[1], sys.argv[2]
records = json.loads(open(path, encoding="utf-8").read())
client = Client(server_url=url, auth=("bench", "bench-secret"))
client.create_bucket(id="childdesk", permissions={"read": ["system.Authenticated"]},
                     if_not_exists=True)
client.create_collection(id="records", bucket="childdesk", if_not_exists=True)
started = time.perf_counter()
with client.batch(bucket="childdesk", collection="records") as batch:
    for record in records:
        batch.create_record(data=record)
print(time.perf_counter() - started)
"""

PULL_SCRIPT = """
import json, sqlite3, sys
from kinto_http import Client
url, path = sys.argv[1], sys.argv[2]
client = Client(server_url=url, auth=("puller", "puller-secret"))
records = client.get_records(bucket="childdesk", collection="records")
db = sqlite3.connect(path)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE IF NOT EXISTS records"
           " (id TEXT PRIMARY KEY, last_modified INTEGER, data TEXT)")
with db:
    db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?)",
                   [(r["id"], r["last_modified"], json.dumps(r, ensure_ascii=False))
                    for r in records])
db.close()
print(len(records))
"""

INI = """
[app:main]
use = egg:kinto
kinto.storage_backend = kinto.core.storage.postgresql
kinto.storage_url = {url}
kinto.permission_backend = kinto.core.permission.postgresql
kinto.permission_url = {url}
kinto.cache_backend = kinto.core.cache.memory
kinto.userid_hmac_secret = childdesk-bench
multiauth.policies = basicauth
kinto.bucket_create_principals = system.Authenticated
kinto.batch_max_requests = {batch}

[server:main]
use = egg:waitress#main
host = 127.0.0.1
port = {port}
"""


def python() -> Path:
    return VENV / "bin" / "python"


def ensure_installed() -> str:
    """The venv's Python, installing Kinto first if needed; returns the versions."""
    if not python().exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    if _run([str(python()), "-c", "import kinto, kinto_http"], check=False).returncode:
        _run([str(python()), "-m", "pip", "install", "-q", *REQUIREMENTS])
    shown = _run([str(python()), "-m", "pip", "list", "--format=json"]).stdout
    versions = {p["name"].lower(): p["version"] for p in json.loads(shown)}
    return f"kinto {versions.get('kinto')}, kinto-http {versions.get('kinto-http', '?')}"


def _run(
    args: Sequence[str], *, check: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, capture_output=True, text=True, check=False, env=env)
    if check and done.returncode:
        raise RuntimeError(f"{' '.join(args[:4])}: {done.stderr.strip()[-2000:]}")
    return done


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def fresh_database() -> Iterator[str]:
    """A PostgreSQL database of its own for Kinto, dropped afterwards.

    Not a schema of the shared test database: Kinto decides whether its tables exist by
    looking through every schema, and other tests' tables would fool it.
    """
    import secrets

    import psycopg

    from tests.serverproc import PG_ADMIN_DSN, PG_HOST, PG_PORT

    name = f"kinto_bench_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def running(storage_url: str, workdir: Path) -> Iterator[str]:
    """A Kinto server on a free loopback port; yields its ``/v1`` URL."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    ini = workdir / "kinto.ini"
    # ConfigParser interpolation: a literal % is written %%.
    ini.write_text(INI.format(url=storage_url.replace("%", "%%"), port=port, batch=BATCH))
    kinto = str(VENV / "bin" / "kinto")
    _run([kinto, "migrate", "--ini", str(ini)])
    log = (workdir / "kinto.log").open("w")
    process = subprocess.Popen([kinto, "start", "--ini", str(ini)], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/__heartbeat__", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log_path = workdir / "kinto.log"
                    raise RuntimeError(f"kinto did not start; see {log_path}") from None
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def push(url: str, records: Sequence[dict[str, Any]], workdir: Path) -> float:
    """Seconds for kinto-http to create every record, batches of 500."""
    path = workdir / "records.json"
    path.write_text(json.dumps(list(records), ensure_ascii=False), encoding="utf-8")
    script = workdir / "push.py"
    script.write_text(PUSH_SCRIPT)
    return float(_run([str(python()), str(script), url, str(path)]).stdout.strip())


def seed(storage_url: str, records: Sequence[dict[str, Any]]) -> None:
    """Give Kinto records straight into its storage, as its API would have stored them.

    Kinto's API takes ~30 records/s on this loaded machine (minutes for 30,000), and its
    push is not what is compared: a sample goes through the API (``push``), the rest here.
    Each row gets its own ``last_modified`` from Kinto's own trigger, as an API write does.
    """
    import psycopg
    from psycopg.types.json import Jsonb

    rows = [
        (record["id"], Jsonb({k: v for k, v in record.items() if k != "id"})) for record in records
    ]
    with psycopg.connect(storage_url) as connection, connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO objects (id, parent_id, resource_name, last_modified, data, deleted)"
            " VALUES (%s, '/buckets/childdesk/collections/records', 'record', NULL, %s, false)",
            rows,
        )


def warm_up(env: dict[str, str]) -> None:
    """Compile what the pulling client imports into ``env``'s bytecode cache (untimed)."""
    _run([str(python()), "-c", "import json, sqlite3, kinto_http"], env=env)


def first_pull(
    url: str, database: Path, workdir: Path, env: dict[str, str] | None = None
) -> tuple[float, int]:
    """A whole client process pulling every record into a new SQLite file: (s, records)."""
    script = workdir / "pull.py"
    script.write_text(PULL_SCRIPT)
    database.unlink(missing_ok=True)
    started = time.perf_counter()
    done = _run([str(python()), str(script), url, str(database)], env=env)
    return time.perf_counter() - started, int(done.stdout.strip())


if __name__ == "__main__":  # pragma: no cover - a manual check of the install
    print(ensure_installed())
