"""Redirects (issue 16): the county client follows none, so no enrolment code, credential
or personal field goes anywhere but the server's own HTTPS address.

A real HTTPS server on 127.0.0.1 (trustme certificate, trusted through the county CA file)
answers every request with a redirect to a plain ``http://`` listener, which records every
byte that reaches it. For each redirect status and each kind of call (enrolment, push,
``/me``, pull) nothing may arrive there, and the client must stop with its ``redirect``
error in Chinese and English. A control call straight to the listener shows it does record
what it is sent, so the check can fail.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import trustme

from casework.protocol import Op
from desktop.sync.client import MESSAGES, CountyClient, SyncError
from tests.reliability.results import record
from tests.reliability.test_tls_refusals import MARKER, listener

STATUSES = (301, 302, 303, 307, 308)
CREDENTIAL = f"00000000-0000-4000-8000-000000000000.{MARKER}"
CHILD_ID = "00000000-0000-4000-8000-0000000000c1"


@dataclass
class Redirector:
    url: str
    requests: list[str] = field(default_factory=list)  # "METHOD /path" as they came


def _handler(status: int, target: str, seen: Redirector) -> type[BaseHTTPRequestHandler]:
    class Redirect(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            seen.requests.append(f"{self.command} {self.path}")
            self.send_response(status)
            self.send_header("Location", target + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, *args: object) -> None:
            pass

    return Redirect


@contextmanager
def redirector(ca: trustme.CA, status: int, target: str) -> Iterator[Redirector]:
    """An HTTPS server on 127.0.0.1 that answers everything with ``status`` to ``target``."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    found = Redirector("")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(status, target, found))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    found.url = f"https://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _op() -> Op:
    return Op.model_validate(
        {
            "op_id": "00000000-0000-4000-8000-0000000000a1",
            "record_id": CHILD_ID,
            "kind": "child",
            "village_code": "330523101001",
            "base_rev": 0,
            "op": "upsert",
            "fields": {"name": MARKER, "gender": "male", "birth_date": "2015-05-05"},
        }
    )


CALLS: dict[str, Callable[[CountyClient], object]] = {
    "enroll": lambda client: client.enroll(MARKER, "redirect-test"),
    "push": lambda client: client.push([_op()]),
    "me": lambda client: client.me(),
    "pull": lambda client: client.pull(0, 100),
}


def _call(url: str, ca_file: Path, call: str) -> SyncError | None:
    client = CountyClient(
        url, credential=CREDENTIAL, ca_file=str(ca_file), retries=0, timeout=(3.0, 3.0)
    )
    try:
        CALLS[call](client)
    except SyncError as error:
        return error
    finally:
        client.close()
    return None


@pytest.fixture
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "county-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


@pytest.mark.parametrize("call", sorted(CALLS))
@pytest.mark.parametrize("status", STATUSES)
def test_a_redirect_to_plain_http_sends_nothing_there(
    ca: trustme.CA, ca_file: Path, status: int, call: str
) -> None:
    with listener(None) as plain, redirector(ca, status, plain.url) as county:
        error = _call(county.url, ca_file, call)
    record("redirects", 1, missed=int(bool(plain.received)))
    assert len(county.requests) == 1, county.requests  # the county server was asked once
    assert plain.received == b"", f"the redirect was followed: {bytes(plain.received[:80])!r}"
    assert error is not None and error.kind == "redirect", error
    origin = plain.url  # scheme, host and port: no path
    assert error.message == MESSAGES["redirect"].format(detail=origin)
    assert "转到另一个地址" in error.message.zh and origin in error.message.zh
    assert "redirected" in error.message.en


def test_a_redirect_within_the_same_https_server_is_not_followed_either(
    ca: trustme.CA, ca_file: Path
) -> None:
    with redirector(ca, 307, "") as county:  # Location: the same path, relative
        error = _call(county.url, ca_file, "enroll")
    assert len(county.requests) == 1, county.requests
    assert error is not None and error.kind == "redirect"
    assert county.url in error.message.en
    record("redirects", 1, missed=int(len(county.requests) > 1))


def test_the_plain_listener_does_record_what_reaches_it(ca_file: Path) -> None:
    """The control: straight to the listener, the enrolment body arrives and is seen."""
    with listener(None) as plain:
        _call(plain.url, ca_file, "enroll")
    assert b"POST /api/v1/enroll" in plain.received
    assert MARKER.encode() in plain.received
