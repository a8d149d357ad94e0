"""A screenshot of the real window under Xvfb: taken, and not blank."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from desktop.demo.people import make_county
from desktop.models.store import NewRecord
from desktop.services.datadir import DataDir, init_store

PASSPHRASE = "screenshot passphrase"


def _distinct_colours(image: QImage, step: int = 7) -> int:
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed")
def test_screenshot_under_xvfb_is_not_blank(tmp_path: Path) -> None:
    village = make_county(12)[0]
    folder = DataDir(tmp_path / "data")
    store = init_store(
        folder, village_code=village.village.code, passphrase=PASSPHRASE, user="演示主任"
    )
    store.create_many([NewRecord(r.kind, r.fields, r.id) for r in village.records])
    store.engine.dispose()

    env = {k: v for k, v in os.environ.items() if k not in {"QT_QPA_PLATFORM", "CHILDDESK_LANG"}}
    env["CHILDDESK_PASSPHRASE"] = PASSPHRASE
    out = tmp_path / "shots"
    command = [
        "xvfb-run", "-a", "-s", "-screen 0 1400x900x24",
        sys.executable, "-m", "desktop.ui.screenshots",
        "--data-dir", str(folder.root), "--out", str(out),
    ]  # fmt: skip
    done = subprocess.run(
        command,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    image = QImage(str(out / "children.png"))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1366, 768)
    # A blank or single-colour window has a handful of colours; text and a table have many.
    assert _distinct_colours(image) > 20
    assert QImage(str(out / "child-file.png")).width() > 0
    pages = ["home", "todo", "reports", "conflicts", "statistics", "ledger", "sync", "settings"]
    for page in pages:  # every page on the rail, each drawn with its own content
        assert _distinct_colours(QImage(str(out / f"{page}.png"))) > 20, page
    assert not (out / "supervision.png").exists()  # a director's device has no such page
    assert len({(out / f"{page}.png").read_bytes() for page in pages}) == len(pages)
