"""No personal data in the clear on either side of a sync, nor in what failing commands print.

A real ``childdesk`` enrols with a real county server process (SQLite, its log to a file
as well as to stdout), imports a ledger of made-up children with distinctive names, syncs,
edits, and runs commands that fail on personal values (a bad ID number, a bad phone, a
wrong passphrase, a ledger with bad rows) and a push the server refuses. Then no name, ID
number or phone of any of them, nor the passphrase, may be found in:

- the server's database file, its WAL and SHM, its log file and its captured output;
- the laptop's data folder (database, WAL, logs, backups) and the temporary directory;
- the stdout and stderr of every command that failed (what a user would paste into a chat).

The same search run on the source ledger finds them all, so the test can fail.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import httpx

from tests.fakes import FakePeople, data_files, write_ledger
from tests.reliability.admin import Admin
from tests.reliability.results import record
from tests.reliability.test_no_plaintext import Cli, Secrets, _bad_check, _leaks
from tests.serverproc import database_url, running_server, sqlite_path

TOWNSHIP, VILLAGE = "330523101", "330523101001"
CHILDREN = 40


def test_no_personal_data_on_the_server_the_laptop_or_in_error_output(tmp_path: Path) -> None:
    people = FakePeople(seed=7_2026, distinctive=True)
    children = people.children(CHILDREN)
    bad_rows = people.children(2)
    secrets = Secrets()
    for child in (*children, *bad_rows):
        secrets.add_child(child)
    new_phone = people.phone()
    secrets.numbers.add(new_phone)
    bad_id = _bad_check(children[0].id_number)
    secrets.numbers.add(bad_id)

    source = tmp_path / "source"
    source.mkdir()
    ledger = write_ledger(source / "台账.xlsx", children)
    broken = write_ledger(
        source / "错误.csv",
        [c.__class__(c.name, c.gender, c.birth_date, _bad_check(c.id_number), c.father, c.mother)
         for c in bad_rows],
    )  # fmt: skip
    server_dir = tmp_path / "server"
    server_log = server_dir / "logs" / "county-server.log"
    failed_output: list[str] = []
    with (
        database_url("sqlite", tmp_path) as url,
        running_server(url, server_dir, env={"COUNTY_SERVER_LOG_FILE": str(server_log)}) as server,
    ):
        admin = Admin(url)
        admin.add_township(TOWNSHIP, "递铺街道")
        admin.add_village(VILLAGE, "古城村", TOWNSHIP)
        code = admin.add_user("director", VILLAGE)
        other_code = admin.add_user("director", VILLAGE)
        admin.close()
        data_dir, temp_dir = tmp_path / "data", tmp_path / "tmp"
        temp_dir.mkdir()
        cli = Cli(data_dir, temp_dir)
        cli.run("enroll", "--server", server.base_url, "--code", code)
        cli.run("import", str(ledger))
        cli.run("sync")
        listed = {
            entry["name"]: entry["id"] for entry in json.loads(cli.run("list", "--json").stdout)
        }
        first = listed[children[0].name]
        cli.run("edit", first, "--set", f"notes=见到{children[1].mother.name}")
        # Keep a connection open so the server's WAL and SHM stay on disk to be searched.
        server_db = sqlite_path(url)
        assert server_db is not None
        keeper = sqlite3.connect(server_db)
        keeper.execute("select 1").fetchall()
        cli.run("sync")
        # Commands that fail on personal values: their output is what a user would share.
        for args in (
            ("edit", first, "--set", f"id_number={bad_id}"),
            ("edit", first, "--set", f"phone={new_phone}"),
            ("import", str(broken)),
            ("show", "ffffffff-nothing"),
        ):
            result = cli.run(*args, ok=False)
            failed_output += [result.stdout, result.stderr]
        wrong = Cli(data_dir, temp_dir)
        wrong.env["CHILDDESK_PASSPHRASE"] = "not the passphrase at all"
        result = wrong.run("list", ok=False)
        failed_output += [result.stdout, result.stderr]
        # Pushes the server refuses, with personal values in them: no log may echo them.
        enrolled = httpx.post(
            server.api_url + "/enroll", json={"code": other_code, "device_name": "x"}, timeout=30
        ).json()
        headers = {"Authorization": f"Bearer {enrolled['credential']}"}
        personal = {"name": children[2].name, "id_number": bad_id, "phone": new_phone}
        for body in (
            {"ops": [{"fields": personal}]},  # not an op: rejected one by one
            {"ops": [{**personal, "op_id": "x"}]},
            {"ops": personal},  # not a list: 422
            {"ops": [{"op_id": "00000000-0000-4000-8000-000000000001", "record_id": first,
                      "kind": "child", "village_code": VILLAGE, "base_rev": 0, "op": "upsert",
                      "fields": personal}]},  # a valid op with bad values
        ):  # fmt: skip
            refused = httpx.post(server.api_url + "/push", json=body, headers=headers, timeout=30)
            assert refused.status_code in (200, 422), refused.text
            failed_output.append(refused.text)
        try:
            scanned = [*data_files(server_dir), *data_files(server_db.parent)]
            scanned += [*data_files(data_dir), *data_files(temp_dir)]
            names = {path.name for path in scanned}
            assert {"county.sqlite", "county.sqlite-wal", "server.log", "childdesk.sqlite"} <= names
            leaks = _leaks(scanned, secrets)
        finally:
            keeper.close()
    assert server_log.exists() and server_log.stat().st_size > 0
    outputs = source / "failed-output.txt"
    outputs.write_text("\n".join(failed_output), encoding="utf-8")
    output_leaks = _leaks([outputs], secrets)
    found = len(leaks) + len(output_leaks)
    record("leaks", len(scanned) + len(failed_output), missed=found)
    assert not leaks, leaks
    assert not output_leaks, output_leaks
    assert "Traceback" not in "".join(failed_output)
    # The search finds every child where they are in the clear, so it can fail.
    control = write_ledger(source / "对照.csv", children)
    in_source = secrets.found_in(control.read_bytes())
    assert all({c.name, c.id_number, *c.phones} <= in_source for c in children)


def test_every_engine_hides_bound_parameters(tmp_path: Path) -> None:
    """SQLAlchemy puts bound values in errors and echo logs unless hide_parameters is set."""
    from county_server.db import Database
    from desktop.models.db import make_engine

    engines = [
        make_engine(tmp_path / "laptop.sqlite"),
        Database(f"sqlite:///{tmp_path / 'county.sqlite'}").engine,
        Database("postgresql+psycopg://postgres@127.0.0.1:5432/test").engine,  # not connected
    ]
    try:
        assert all(engine.hide_parameters for engine in engines)
    finally:
        for engine in engines:
            engine.dispose()
