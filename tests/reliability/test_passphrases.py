"""Weak passphrases through every way a passphrase is set, and a few strong ones.

Each weak passphrase (common lists, repeats, sequences, keyboard walks, pinyin, dates,
personal numbers, the village's name and code) goes through the real paths: creating a
store (``init_store``: the CLI's ``init`` and the first-run dialog, which know the
village's code, and with its name as enrolment does), changing and recovering the
passphrase of a real store whose county directory names its village, enrolling an empty
folder with a real county server (one code, tried again and again: a refusal after the
server's answer leaves the code usable from this folder), the window's passphrase fields
with the village they are told, and the ``childdesk`` command itself
(``init`` and ``change-passphrase``; every case in the full profile, a sample of 6 in
the quick one and of 2 in the smoke one). A case counts as missed if any path accepts it.
Then strong ones must be accepted by the same paths, so the check can fail the other way
too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.models.keyslots import generate_recovery_keypair
from desktop.services.datadir import (
    DataDir,
    DataDirError,
    change_passphrase,
    init_store,
    open_store,
    recover_store,
)
from desktop.services.enrolment import enroll
from desktop.services.passphrase_policy import village_words
from desktop.sync.client import SyncError
from desktop.sync.state import SyncState
from desktop.ui.widgets.passphrase import PassphraseFields
from tests.reliability.profile import count
from tests.reliability.results import record
from tests.serverproc import ServerProcess, database_url, running_server

VILLAGE, VILLAGE_NAME = "330523101001", "古城村"
PASSPHRASE = "tea-garden-5187-bamboo"

WEAK = {
    "common": [
        "12345678", "123456789a", "password1", "password123", "Password2026!",
        "P@ssw0rd2026", "admin1234567", "iloveyou520", "qwerty123456", "abc123456789",
    ],
    "repeats": [
        "aaaaaaaa", "aaaaaaaaaaaa", "1111111111", "abcabcabcabc", "woaiwoaiwoai",
        "xxxxxxxxxx11", "888888888888",
    ],
    "sequences": ["1234567890", "0987654321", "abcdefghijk", "987654321a", "abcd1234efgh"],
    "keyboard": [
        "qwertyuiop", "1qaz2wsx3edc", "asdfghjkl;", "zxcvbnm123", "1q2w3e4r5t",
        "qazwsxedc123", "poiuytrewq", "!qaz@wsx#edc",
    ],
    "pinyin": [
        "woaini1314", "woaini520520", "zhangsan123", "lisi12345678", "wangwei1988",
        "woaiwojia666", "nihao123456", "zhongguo2026", "xiaoming1990", "wodemima123",
        "wo ai ni zhong guo", "我爱你中国1314", "laogong1314", "baobei520520", "5201314520",
        "mama-wo-ai-ni", "chuntianlaile",
    ],
    "dates": [
        "19900101", "1990-01-01", "2013-04-02", "20130402abc", "31121985xy",
        "zhangwei19880808", "2026-11-28!", "1985.06.15",
    ],
    "personal numbers": ["13812345678", "330523199001011234", "13905721234abc"],
    "village": [
        "330523101001", "guchengcun2026", "古城村123456", "gucheng123456", "anji330523",
        "330523-gucheng",
    ],
}  # fmt: skip
# Weak only to whoever knows the village's name: where a path knows it (enrolment, and a
# store whose county directory names it), never offline ``init``, which has only the code.
NAMED = ["gucheng-yueliang-2026", "古城村-竹林-1314", "guchengcun-lanhua-88"]
NAME_AWARE = ("init with the village's name", "enrolment", "change", "recover", "window")
STRONG = [
    "lanhua-shitou-4827-baiyun",
    "river bridge tea 2027 moon",
    "竹林-溪水-6317-晴天",
    "x7Qp9zLm2v#Rt",
]
WEAK_CASES = [(kind, p) for kind, cases in WEAK.items() for p in cases] + [
    ("village name", p) for p in NAMED
]


def _refuses(action: Callable[[], object]) -> bool:
    """Whether the policy refused (an enrolment it let through fails later, on the network)."""
    try:
        action()
    except DataDirError as error:
        assert "太容易被猜到" in error.message.zh and "例如" in error.message.zh
        return True
    except SyncError:
        return False
    return False


def _cli(folder: Path, *args: str, passphrase: str, new: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "CHILDDESK_PASSPHRASE": passphrase,
        "CHILDDESK_NEW_PASSPHRASE": new,
    }
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(folder), *args],
        capture_output=True, text=True, env=environment, stdin=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip


class Paths:
    """The ways a new passphrase arrives, around one real enrolled-looking store."""

    def __init__(self, root: Path, fields: PassphraseFields, county: ServerProcess) -> None:
        self.root = root
        self.fields = fields
        self.county = county
        self.code = county.add_user("李主任", "director", VILLAGE)
        self.enrolling = DataDir(root / "enrolling")
        self.private_pem, public_pem = generate_recovery_keypair()
        self.folder = DataDir(root / "store")
        store = init_store(
            self.folder, village_code=VILLAGE, passphrase=PASSPHRASE, recovery_public_pem=public_pem
        )
        directory = {"villages": [{"code": VILLAGE, "name": VILLAGE_NAME, "township_code": ""}]}
        SyncState(store).put({"directory": json.dumps(directory, ensure_ascii=False)})
        store.engine.dispose()
        self.cli_store = root / "cli-store"
        made = _cli(self.cli_store, "init", "--village", VILLAGE, passphrase=PASSPHRASE, new="")
        assert made.returncode == 0, made.stderr
        self.made = 0

    def _fresh(self) -> DataDir:
        self.made += 1
        return DataDir(self.root / f"new-{self.made}")

    def accepting(self, weak: str, *, with_cli: bool, named: bool) -> list[str]:
        """The paths that took ``weak`` (none, when the policy holds everywhere)."""
        checks: dict[str, Callable[[], bool]] = {
            "init": lambda: _refuses(
                lambda: init_store(self._fresh(), village_code=VILLAGE, passphrase=weak)
            ),
            "init with the village's name": lambda: _refuses(
                lambda: init_store(
                    self._fresh(), village_code=VILLAGE, village_name=VILLAGE_NAME, passphrase=weak
                )
            ),
            "enrolment": lambda: _refuses(
                lambda: enroll(
                    self.enrolling, server_url=self.county.base_url, code=self.code, passphrase=weak
                )
            ),
            "change": lambda: _refuses(
                lambda: change_passphrase(self.folder, old=PASSPHRASE, new=weak)
            ),
            "recover": lambda: _refuses(
                lambda: recover_store(
                    self.folder, county_private_pem=self.private_pem, new_passphrase=weak
                )
            ),
            "window": lambda: self._window_refuses(weak),
        }
        if named:
            checks = {name: check for name, check in checks.items() if name in NAME_AWARE}
        elif with_cli:
            checks["cli init"] = lambda: self._cli_refuses("init", "--village", VILLAGE, new=weak)
            checks["cli change-passphrase"] = lambda: self._cli_refuses(
                "change-passphrase", new=weak
            )
        return [name for name, refused in checks.items() if not refused()]

    def _window_refuses(self, weak: str) -> bool:
        self.fields.set_context(village_words(VILLAGE, VILLAGE_NAME))
        self.fields.passphrase_edit.setText(weak)
        self.fields.confirm_edit.setText(weak)
        problem = self.fields.problem()
        return problem is not None and self.fields._example in problem

    def _cli_refuses(self, *args: str, new: str) -> bool:
        folder = self._fresh().root if args[0] == "init" else self.cli_store
        result = _cli(folder, *args, passphrase=PASSPHRASE, new=new)
        return result.returncode == 1 and "太容易被猜到" in result.stderr


@pytest.fixture
def county(tmp_path: Path) -> Iterator[ServerProcess]:
    with (
        database_url("sqlite", tmp_path) as url,
        running_server(url, tmp_path / "server") as server,
    ):
        server.add_township(VILLAGE[:9], "递铺街道")
        server.add_village(VILLAGE, VILLAGE_NAME, VILLAGE[:9])
        yield server


@pytest.fixture
def paths(qtbot: QtBot, tmp_path: Path, county: ServerProcess) -> Paths:
    fields = PassphraseFields()
    qtbot.addWidget(fields)
    return Paths(tmp_path, fields, county)


def test_weak_passphrases_are_refused_everywhere_and_strong_ones_taken(paths: Paths) -> None:
    assert len(WEAK_CASES) >= 40
    sampled = count(quick=6, full=len(WEAK_CASES), smoke=2, override="RELIABILITY_PASSPHRASE_CLI")
    step = max(1, len(WEAK_CASES) // max(1, sampled))
    with_cli = {p for _kind, p in WEAK_CASES[::step][:sampled]}
    missed = {
        (kind, weak): taken
        for kind, weak in WEAK_CASES
        if (taken := paths.accepting(weak, with_cli=weak in with_cli, named=weak in NAMED))
    }
    record("passphrases", len(WEAK_CASES), missed=len(missed))
    assert not missed, f"accepted: {missed}"
    # The old passphrase still opens the store: nothing weak was set on the way.
    assert open_store(paths.folder, passphrase=PASSPHRASE).village_code == VILLAGE

    for strong in STRONG:
        folder = paths._fresh()
        store = init_store(
            folder, village_code=VILLAGE, village_name=VILLAGE_NAME, passphrase=strong
        )
        store.engine.dispose()
        assert open_store(folder, passphrase=strong).village_code == VILLAGE
        assert not paths._window_refuses(strong), strong
    store, enrolment = enroll(
        paths.enrolling, server_url=paths.county.base_url, code=paths.code, passphrase=STRONG[2]
    )  # the code the refusals left usable
    assert enrolment.created_store and store.village_code == VILLAGE
    store.engine.dispose()
    change_passphrase(paths.folder, old=PASSPHRASE, new=STRONG[0])
    assert open_store(paths.folder, passphrase=STRONG[0]).village_code == VILLAGE
    changed = _cli(paths.cli_store, "change-passphrase", passphrase=PASSPHRASE, new=STRONG[1])
    assert changed.returncode == 0, changed.stderr
