"""Failed enrolments and authentications are limited per client address (issue 16).

Against a real ``county-server serve`` process with its default settings (10 failures in
5 minutes): the 11th attempt from an address that failed 10 times is answered 429 with
``Retry-After`` and a bilingual error, before its code or credential is even looked at;
another address, and successes, are not affected; each failure is logged without the code
or credential sent. Client addresses come from ``X-Forwarded-For``, which the server
trusts from 127.0.0.1 as from a reverse proxy there. ``FailureLimiter``'s window and
``limit`` 0 are checked on its own, with a clock the test moves.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from county_server.config import Settings, SettingsError
from county_server.errors import ErrorCode
from county_server.services.failures import FailureLimiter
from tests.reliability.admin import Admin
from tests.serverproc import ServerProcess, running_server, sqlite_url

T1, V1 = "330523101", "330523101001"
LIMIT = 10  # the default
ATTACKER, NEIGHBOUR = "203.0.113.7", "198.51.100.20"
BAD_CODE = "ZZZZ-YYYY-XXXX-WWWW"
BAD_SECRET = "not-the-secret-Q7RX"


@dataclass
class County:
    server: ServerProcess
    admin: Admin
    http: httpx.Client

    def enroll(self, code: str, address: str) -> httpx.Response:
        return self.http.post(
            f"{self.server.api_url}/enroll",
            json={"code": code, "device_name": "村委会电脑"},
            headers={"X-Forwarded-For": address},
        )

    def me(self, credential: str, address: str) -> httpx.Response:
        return self.http.get(
            f"{self.server.api_url}/me",
            headers={"Authorization": f"Bearer {credential}", "X-Forwarded-For": address},
        )

    def credential(self, address: str) -> str:
        answer = self.enroll(self.admin.add_user("director", V1), address)
        assert answer.status_code == 200, answer.text
        return str(answer.json()["credential"])


@pytest.fixture
def county(tmp_path: Path) -> Iterator[County]:
    url = sqlite_url(tmp_path / "db")
    with running_server(url, tmp_path / "server") as server:
        admin = Admin(url)
        admin.add_township(T1, "递铺街道")
        admin.add_village(V1, "古城村", T1)
        with httpx.Client(timeout=30) as http:
            yield County(server, admin, http)
        admin.close()


def _assert_limited(answer: httpx.Response) -> None:
    assert answer.status_code == 429, answer.text
    assert 1 <= int(answer.headers["retry-after"]) <= 300
    error = answer.json()["error"]
    assert error["code"] == "too_many_failures"
    message = ErrorCode.TOO_MANY_FAILURES.message
    assert (error["zh"], error["en"]) == (message.zh, message.en)


def test_an_address_that_keeps_failing_to_enrol_is_refused_429(county: County) -> None:
    for _ in range(LIMIT):
        assert county.enroll(BAD_CODE, ATTACKER).status_code == 401
    _assert_limited(county.enroll(BAD_CODE, ATTACKER))
    # Blocked means blocked: a good code from that address waits too, and is not used up...
    good = county.admin.add_user("director", V1)
    _assert_limited(county.enroll(good, ATTACKER))
    # ...so it still enrols from another address, which was never limited.
    assert county.enroll(good, NEIGHBOUR).status_code == 200
    assert county.enroll(BAD_CODE, NEIGHBOUR).status_code == 401


def test_an_address_that_keeps_failing_to_authenticate_is_refused_429(county: County) -> None:
    credential = county.credential(NEIGHBOUR)
    device_id = credential.split(".", 1)[0]
    wrong = f"{device_id}.{BAD_SECRET}"
    for number in range(LIMIT):
        headers = {"X-Forwarded-For": ATTACKER}
        if number % 2:  # no credential at all is a failure too
            answer = county.http.get(f"{county.server.api_url}/me", headers=headers)
        else:
            answer = county.me(wrong, ATTACKER)
        assert answer.status_code == 401
    _assert_limited(county.me(wrong, ATTACKER))
    _assert_limited(county.me(credential, ATTACKER))
    assert county.me(credential, NEIGHBOUR).status_code == 200
    assert county.me(wrong, NEIGHBOUR).status_code == 401


def test_successes_do_not_count(county: County) -> None:
    credential = county.credential(ATTACKER)
    for _ in range(3 * LIMIT):
        assert county.me(credential, ATTACKER).status_code == 200
    for _ in range(3):
        assert county.credential(ATTACKER)
    for _ in range(LIMIT):
        assert county.me(f"{credential}x", ATTACKER).status_code == 401
    _assert_limited(county.me(credential, ATTACKER))


def test_failures_are_logged_without_what_was_sent(county: County) -> None:
    for _ in range(LIMIT):
        county.enroll(BAD_CODE, ATTACKER)
    county.me(f"00000000-0000-4000-8000-000000000000.{BAD_SECRET}", NEIGHBOUR)
    log = county.server.log()
    assert f"enrolment failed from {ATTACKER} (10 in the last 300 s)" in log
    assert f"{ATTACKER} refused for up to 300 s" in log
    assert f"authentication failed from {NEIGHBOUR} (1 in the last 300 s)" in log
    for sent in (BAD_CODE, BAD_SECRET, "村委会电脑"):
        assert sent not in log


# -- the limiter itself ---------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_window_slides_and_a_blocked_address_is_free_again() -> None:
    clock = Clock()
    limiter = FailureLimiter(limit=3, window=60, clock=clock)
    for step in range(3):
        assert limiter.retry_after("a") is None
        assert limiter.failed("a").blocked == (step == 2)
        clock.now += 10
    assert limiter.retry_after("a") == 30  # the first failure leaves the window at 1060
    assert limiter.retry_after("b") is None
    clock.now = 1060.0
    assert limiter.retry_after("a") is None  # one failure fell out: two left
    assert limiter.failed("a").count == 3
    assert limiter.retry_after("a") == 10


def test_a_limit_of_zero_counts_nothing() -> None:
    limiter = FailureLimiter(limit=0, window=60)
    for _ in range(100):
        limiter.failed("a")
    assert limiter.retry_after("a") is None


def test_the_limit_and_window_are_settings(tmp_path: Path) -> None:
    env = {"COUNTY_SERVER_KEY_FILE": str(tmp_path / "k")}
    default = Settings.load(db_url="sqlite:///x.sqlite", environ=env)
    assert (default.auth_failure_limit, default.auth_failure_window_seconds) == (10, 300)
    raised = Settings.load(
        db_url="sqlite:///x.sqlite",
        environ={
            **env,
            "COUNTY_SERVER_AUTH_FAILURE_LIMIT": "1000",
            "COUNTY_SERVER_AUTH_FAILURE_WINDOW": "60",
        },
    )
    assert (raised.auth_failure_limit, raised.auth_failure_window_seconds) == (1000, 60)
    with pytest.raises(SettingsError):
        Settings.load(environ={**env, "COUNTY_SERVER_AUTH_FAILURE_LIMIT": "-1"})
