"""``--version`` and ``--self-test`` of the window entry point, as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.selftest import CHILD, SelfTestError, _check_no_plaintext
from desktop.services.datadir import DataDir
from desktop.version import app_version


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CHILDDESK_LANG"}
    return subprocess.run(
        [sys.executable, "-m", "desktop.app", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )


def test_version_is_the_project_version() -> None:
    done = _run("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"childdesk {app_version()}"
    assert app_version()[0].isdigit()


def test_self_test_passes_on_a_working_installation() -> None:
    done = _run("--self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("自检通过") == 5  # store, record, plaintext, ledger, window
    assert "自检全部通过" in done.stdout


def test_plaintext_on_disk_fails_the_self_test(tmp_path: Path) -> None:
    folder = DataDir(tmp_path)
    (tmp_path / "leak.log").write_text(f"saved {CHILD['name']}", encoding="utf-8")
    with pytest.raises(SelfTestError):
        _check_no_plaintext(folder)
