import os
import stat
from pathlib import Path

import pytest

from desktop.services.datadir import DataDir, DataDirError, open_store
from desktop.services.enrolment import enroll, request_id_for, request_secret
from desktop.services.passphrase_policy import assess
from tests.serverproc import database_url, running_server

NAMED = "gucheng-yueliang-2026"  # the village 古城村, a word and the year
GOOD = "lanhua-shitou-4827-baiyun"


def test_a_folder_keeps_its_request_secret_and_only_its_owner_reads_it(tmp_path: Path) -> None:
    folder = DataDir(tmp_path / "laptop")
    secret = request_secret(folder)
    assert request_secret(folder) == secret  # the same after the program is closed
    assert stat.S_IMODE(os.stat(folder.enrolment_key).st_mode) == 0o600
    assert request_secret(DataDir(tmp_path / "other")) != secret


def test_a_retry_sends_the_same_request_id_and_nothing_else_does(tmp_path: Path) -> None:
    secret = request_secret(DataDir(tmp_path))
    server = "https://county.example:8443"
    first = request_id_for(secret, server, "ABCD-EFGH-JKLM-NPQR")
    assert request_id_for(secret, server, " abcd efgh jklm npqr ") == first  # typed loosely
    assert request_id_for(secret, server, "ABCD-EFGH-JKLM-NPQS") != first
    assert request_id_for(secret, "https://other.example", "ABCD-EFGH-JKLM-NPQR") != first
    assert request_id_for(bytes(32), server, "ABCD-EFGH-JKLM-NPQR") != first
    assert "ABCD" not in first and len(first) == 64


def test_a_folder_that_cannot_keep_it_still_matches_within_this_run(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    folder = DataDir(blocked / "laptop")  # its parent is a file: nothing can be written
    assert request_secret(folder) == request_secret(folder)


def test_the_villages_name_is_refused_once_the_county_gives_it_and_the_code_still_enrols(
    tmp_path: Path,
) -> None:
    """Before the server answers, the laptop does not know its village; after, a
    passphrase holding the village's name is refused, and trying again with a good one
    on this laptop enrols with the same code (the server answers the same request)."""
    with (
        database_url("sqlite", tmp_path) as url,
        running_server(url, tmp_path / "server") as server,
    ):
        server.add_township("330523101", "递铺街道")
        server.add_village("330523101001", "古城村", "330523101")
        code = server.add_user("李主任", "director", "330523101001")
        folder = DataDir(tmp_path / "laptop")
        assert assess(NAMED).acceptable  # nothing refuses it before the county names the village
        with pytest.raises(DataDirError) as caught:
            enroll(folder, server_url=server.base_url, code=code, passphrase=NAMED)
        assert "本村名称或代码" in caught.value.message.zh
        assert not folder.exists()
        store, enrolment = enroll(folder, server_url=server.base_url, code=code, passphrase=GOOD)
        assert enrolment.created_store and store.village_code == "330523101001"
        store.engine.dispose()
        assert open_store(folder, passphrase=GOOD).village_code == "330523101001"
