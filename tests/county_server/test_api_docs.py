"""``county-server serve`` keeps the API's documentation to itself unless ``--api-docs``
(issue 16): a real server process answers 404 for every documentation path by default,
and serves the document and the docs page with the flag."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.serverproc import running_server, sqlite_url

API = "/api/v1"
DOC_PATHS = (f"{API}/openapi.json", f"{API}/docs", "/docs/oauth2-redirect", "/docs", "/redoc",
             "/openapi.json", f"{API}/redoc")  # fmt: skip


@pytest.mark.parametrize("flag", [False, True], ids=["default", "api-docs"])
def test_documentation_only_with_the_flag(tmp_path: Path, flag: bool) -> None:
    args = ("--api-docs",) if flag else ()
    url = sqlite_url(tmp_path / "db")
    with running_server(url, tmp_path / "server", serve_args=args) as server:
        answers = {path: httpx.get(server.base_url + path, timeout=10) for path in DOC_PATHS}
    served = {path for path, answer in answers.items() if answer.status_code == 200}
    if not flag:
        assert served == set()
        assert all(answer.status_code == 404 for answer in answers.values())
        assert {answer.json()["error"]["code"] for answer in answers.values()} == {"not_found"}
    else:
        assert served == {f"{API}/openapi.json", f"{API}/docs", "/docs/oauth2-redirect"}
        assert f"{API}/enroll" in answers[f"{API}/openapi.json"].json()["paths"]
