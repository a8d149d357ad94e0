"""No personal data on disk in the clear (DESIGN §3, §7), checked through the real CLI.

A ledger of 1,000 made-up children (200 in the smoke profile of ``make test``; distinctive
three-character names) is imported with ``childdesk``, then the store is edited, shown,
listed, checked, exported and sent a few commands that fail. Afterwards no name, ID number
or phone number of any of them, nor the passphrase, may be found in any file of the data
folder (database, WAL, SHM, journal, backups, logs, anything) or of the temporary directory
the CLI used, as UTF-8 or as UTF-16-LE bytes. The same search run on the source ledger
must find them, so the test can fail.
"""

from __future__ import annotations

import json
import os
import random
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from casework.ids import check_character
from desktop.services.datadir import DataDir, open_store
from desktop.usecases.children import load_children
from tests.fakes import FakeChild, FakePeople, data_files, write_ledger
from tests.reliability.profile import count
from tests.reliability.results import record

PASSPHRASE = "no-plaintext passphrase 7f3a9c"
VILLAGE = "330523101001"
CHILDREN = count(1000, 1000, smoke=200)

_NUMBER_RUN = re.compile(r"[0-9X]{11,}")


@dataclass
class Secrets:
    """The personal values to look for, by length so runs can be cut into candidates."""

    names: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)  # ID numbers and phones

    def add_child(self, child: FakeChild) -> None:
        for name, id_number in child.people:
            self.names.add(name)
            self.numbers.add(id_number)
        self.numbers.update(child.phones)

    def found_in(self, data: bytes) -> set[str]:
        """Every secret that occurs in ``data`` as UTF-8 or UTF-16-LE (either alignment)."""
        found: set[str] = set()
        # A leaked name is a run of the characters names are made of.
        characters = "".join(sorted({c for name in self.names for c in name}))
        name_run = re.compile(f"[{re.escape(characters)}]{{{min(map(len, self.names))},}}")
        name_lengths = sorted({len(n) for n in self.names})
        number_lengths = sorted({len(n) for n in self.numbers})
        texts = (
            data.decode("utf-8", "replace"),
            data.decode("utf-16-le", "replace"),
            data[1:].decode("utf-16-le", "replace"),
        )
        for text in texts:
            for pattern, lengths, wanted in (
                (name_run, name_lengths, self.names),
                (_NUMBER_RUN, number_lengths, self.numbers),
            ):
                for match in pattern.finditer(text):
                    run = match.group()
                    for length in lengths:
                        for start in range(len(run) - length + 1):
                            candidate = run[start : start + length]
                            if candidate in wanted:
                                found.add(candidate)
        return found


def _leaks(paths: Iterable[Path], secrets: Secrets) -> dict[str, list[str]]:
    leaks: dict[str, list[str]] = {}
    passphrase_forms = (PASSPHRASE.encode("utf-8"), PASSPHRASE.encode("utf-16-le"))
    for path in paths:
        data = path.read_bytes()
        found = sorted(secrets.found_in(data))
        if any(form in data for form in passphrase_forms):
            found.append("<the passphrase>")
        if found:
            leaks[str(path)] = found[:20]
    return leaks


class Cli:
    def __init__(self, data_dir: Path, temp_dir: Path) -> None:
        self.data_dir = data_dir
        self.env = {
            **os.environ,
            "CHILDDESK_PASSPHRASE": PASSPHRASE,
            "CHILDDESK_NEW_PASSPHRASE": PASSPHRASE,
            "TMPDIR": str(temp_dir),
            "TEMP": str(temp_dir),
            "TMP": str(temp_dir),
            "SQLITE_TMPDIR": str(temp_dir),
        }

    def run(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "desktop", "--data-dir", str(self.data_dir), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if ok:
            assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-2000:])
        else:
            assert result.returncode != 0, (args, result.stdout[-2000:])
        return result


def _bad_check(id_number: str) -> str:
    wrong = next(c for c in "0123456789X" if c != check_character(id_number[:17]))
    return id_number[:17] + wrong


@pytest.mark.slow
def test_no_personal_data_in_any_file(tmp_path: Path) -> None:
    people = FakePeople(seed=20240611, distinctive=True)
    children = people.children(CHILDREN)
    extra = people.children(20)  # imported from .xlsx as well
    rejected = people.children(3)  # a ledger refused for a bad ID number: nothing written
    new_names = [people.name() for _ in range(2)]
    new_phone = people.phone()
    bad_child = people.child()  # refused by ``add`` for a bad ID number

    secrets = Secrets()
    for child in (*children, *extra, *rejected, bad_child):
        secrets.add_child(child)
    secrets.names.update(new_names)
    secrets.numbers.update({new_phone, _bad_check(bad_child.id_number)})
    for child in rejected:
        secrets.numbers.add(_bad_check(child.id_number))

    source = tmp_path / "source"
    source.mkdir()
    ledger = write_ledger(source / "台账.csv", children)
    extra_ledger = write_ledger(source / "补充.xlsx", extra)
    bad_rows = [
        FakeChild(c.name, c.gender, c.birth_date, _bad_check(c.id_number), c.father, c.mother)
        for c in rejected
    ]
    bad_ledger = write_ledger(source / "错误.csv", bad_rows)
    data_dir, temp_dir = tmp_path / "data", tmp_path / "tmp"
    temp_dir.mkdir()
    cli = Cli(data_dir, temp_dir)

    cli.run("init", "--village", VILLAGE, "--user", "director1")
    # A second connection held open keeps the WAL and SHM files on disk (the last
    # connection to close would checkpoint and delete them), so they get searched too.
    keeper = sqlite3.connect(data_dir / "childdesk.sqlite")
    keeper.execute("select count(*) from meta").fetchall()
    imported = cli.run("import", str(ledger))
    assert str(CHILDREN) in imported.stdout
    cli.run("import", str(extra_ledger))
    failed = [cli.run("import", str(bad_ledger), ok=False)]

    listed = json.loads(cli.run("list", "--json").stdout)
    assert len(listed) == CHILDREN + len(extra)
    by_name = {entry["name"]: entry["id"] for entry in listed}
    picked = random.Random(7).sample(children, 3)
    first = by_name[picked[0].name]
    shown = json.loads(cli.run("show", first, "--json", "--reveal").stdout)
    assert shown["fields"]["id_number"] == picked[0].id_number
    father = next(m for m in shown["family_members"] if m["fields"]["relation"] == "father")

    cli.run("edit", first, "--set", f"name={new_names[0]}")
    cli.run("edit", father["id"], "--set", f"phone={new_phone}")
    cli.run("edit", by_name[picked[1].name], "--set", f"notes=走访时见到{picked[1].mother.name}")
    cli.run("edit", by_name[picked[2].name], "--set", f"name={new_names[1]}")
    cli.run("show", by_name[picked[1].name])
    cli.run("list")
    checked = cli.run("check")
    assert checked.returncode == 0
    # Failing commands, so errors go through the error paths and the log.
    failed.append(
        cli.run("edit", first, "--set", f"id_number={_bad_check(picked[0].id_number)}", ok=False)
    )
    failed.append(cli.run(
        "add",
        "child",
        "--set",
        f"name={bad_child.name}",
        "--set",
        f"gender={bad_child.gender}",
        "--set",
        f"birth_date={bad_child.birth_date.isoformat()}",
        "--set",
        f"id_number={_bad_check(bad_child.id_number)}",
        ok=False,
    ))  # fmt: skip
    failed.append(cli.run("show", "ffffffff-no-such-record", ok=False))
    cli.run("export", str(tmp_path / "out.xlsx"), "--reveal-id-numbers")
    cli.run("check")
    # The window keeps the children list beside the store for its next unlock
    # (list_snapshot): read as the window reads it, so that file is searched too.
    folder = DataDir(data_dir)
    store = open_store(folder, passphrase=PASSPHRASE)
    load_children(store, today=date.today(), kept_list=folder.children_list)
    store.close()

    try:
        files = data_files(data_dir)
        names = {p.name for p in files}
        assert {"childdesk.sqlite", "childdesk.sqlite-wal", "childdesk.sqlite-shm"} <= names
        assert folder.children_list.name in names
        assert any(p.parent.name == "logs" for p in files), files
        for path in [*files, *data_files(temp_dir)]:
            print(f"scanned {path.relative_to(tmp_path)} ({path.stat().st_size} bytes)")
        leaks = _leaks(files, secrets)
        assert not leaks, leaks
    finally:
        keeper.close()
    leaks = _leaks(data_files(data_dir), secrets)
    temp_leaks = _leaks(data_files(temp_dir), secrets)
    # What the failing commands printed (a user pastes it into a chat with support).
    printed = tmp_path / "failed-output.txt"
    printed.write_text("\n".join(r.stdout + r.stderr for r in failed), encoding="utf-8")
    printed_leaks = _leaks([printed], secrets)
    scans = len(data_files(data_dir)) + len(data_files(temp_dir)) + len(failed)
    record("leaks", scans, missed=len(leaks) + len(temp_leaks) + len(printed_leaks))
    assert not leaks, leaks
    assert not temp_leaks, temp_leaks
    assert not printed_leaks, printed_leaks

    # The same search finds them where they are in the clear, so it can fail.
    in_source = secrets.found_in(ledger.read_bytes())
    for child in children:
        assert {child.name, child.id_number, *child.phones} <= in_source
    assert _leaks([ledger], secrets)


def _plant(values: Sequence[tuple[str, str]], seed: int) -> bytes:
    generator = random.Random(seed)
    blob = bytearray(generator.randbytes(5000))
    for value, encoding in values:
        blob += generator.randbytes(generator.randrange(1, 40)) + value.encode(encoding)
    return bytes(blob + generator.randbytes(100))


def test_the_search_finds_values_hidden_in_binary_data() -> None:
    secrets = Secrets(names={"王小明", "欧阳娜娜"}, numbers={"330523201304021234", "13812345678"})
    for seed in range(20):  # odd and even offsets
        blob = _plant(
            [
                ("王小明", "utf-16-le"),
                ("欧阳娜娜", "utf-8"),
                ("330523201304021234", "utf-16-le"),
                ("13812345678", "utf-8"),
            ],
            seed,
        )
        assert secrets.found_in(blob) == secrets.names | secrets.numbers, seed
    assert not secrets.found_in(_plant([("王小", "utf-8"), ("1381234567", "utf-8")], 1))
