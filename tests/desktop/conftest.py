from __future__ import annotations

from pathlib import Path

import pytest

from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from tests.store_template import fresh_store

PASSPHRASE = "correct horse battery"
VILLAGE = "330523101001"


@pytest.fixture
def folder(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "data")


@pytest.fixture
def store(folder: DataDir) -> CaseStore:
    return fresh_store(folder, village_code=VILLAGE, passphrase=PASSPHRASE, user="director1")
