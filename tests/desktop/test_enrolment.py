import os
import stat
from pathlib import Path

from desktop.services.datadir import DataDir
from desktop.services.enrolment import request_id_for, request_secret


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
