"""TLS refusals seen from the server's side: with a bad certificate the county client sends
no request body at all, and no code path can switch verification off.

``tests/desktop/test_sync_client.py`` checks that the client refuses (untrusted CA, wrong
host name, expired certificate, plain HTTP) and that a GET never reached the handler.
Here a raw TLS listener records every byte it decrypts, and the client sends a POST with a
body (an enrolment code): for each bad certificate the listener's handshake fails and it
decrypts nothing; with the right CA the same listener receives the body, so the check can
fail. A client pointed with ``https://`` at a plain-TCP server sends a ClientHello and
nothing else.
"""

from __future__ import annotations

import re
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import trustme

from desktop.sync.client import CountyClient, SyncError
from tests.reliability.results import record

MARKER = "TLSMARKER-7F3A-9C2E"


@dataclass
class Listener:
    url: str
    received: bytearray = field(default_factory=bytearray)  # decrypted (or raw, without TLS)
    handshakes_failed: int = 0


@contextmanager
def listener(context: ssl.SSLContext | None) -> Iterator[Listener]:
    """One connection at a time on 127.0.0.1; records what arrives, answers nothing useful."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    port = server.getsockname()[1]
    found = Listener(f"{'https' if context else 'http'}://127.0.0.1:{port}")
    stopping = threading.Event()

    def serve() -> None:
        while not stopping.is_set():
            try:
                raw, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            raw.settimeout(2)
            try:
                conn = context.wrap_socket(raw, server_side=True) if context else raw
            except (ssl.SSLError, OSError):
                found.handshakes_failed += 1
                raw.close()
                continue
            try:
                while chunk := conn.recv(65536):
                    found.received.extend(chunk)
                    if b"\r\n\r\n" in found.received and MARKER.encode() in found.received:
                        break
                conn.sendall(b"HTTP/1.1 503 No\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            except (ssl.SSLError, OSError):
                pass
            finally:
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        stopping.set()
        server.close()
        thread.join(timeout=5)


def _server_context(ca: trustme.CA, *names: str, **options: object) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(*(names or ("127.0.0.1",)), **options).configure_cert(context)  # type: ignore[arg-type]
    return context


def _enrol_through(url: str, ca_file: Path | None) -> SyncError | None:
    """A POST whose body carries the marker (an enrolment code)."""
    client = CountyClient(
        url, ca_file=str(ca_file) if ca_file else None, retries=0, timeout=(3.0, 3.0)
    )
    try:
        client.enroll(MARKER, "tls-test")
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


CASES = ("untrusted-ca", "wrong-host", "expired", "not-yet-valid")


@pytest.mark.parametrize("case", CASES)
def test_a_bad_certificate_leaves_the_server_without_a_byte_of_request(
    ca: trustme.CA, ca_file: Path, tmp_path: Path, case: str
) -> None:
    signer, names, options = ca, ("127.0.0.1",), {}
    if case == "untrusted-ca":
        signer = trustme.CA()
    elif case == "wrong-host":
        names = ("county.example.org",)
    elif case == "expired":
        options = {"not_after": datetime.now(UTC) - timedelta(days=1)}
    else:
        options = {"not_before": datetime.now(UTC) + timedelta(days=1)}
    with listener(_server_context(signer, *names, **options)) as server:
        error = _enrol_through(server.url, ca_file)
    assert error is not None and error.kind == "tls", error
    assert server.received == b"", "the server decrypted request bytes"
    assert server.handshakes_failed >= 1
    record("leaks", 1, missed=int(MARKER.encode() in server.received))


def test_the_listener_does_see_the_body_when_the_certificate_is_good(
    ca: trustme.CA, ca_file: Path
) -> None:
    with listener(_server_context(ca)) as server:
        _enrol_through(server.url, ca_file)
    assert b"POST /api/v1/enroll" in server.received
    assert server.handshakes_failed == 0


def test_https_to_a_plain_server_sends_only_a_client_hello(ca_file: Path) -> None:
    with listener(None) as server:
        error = _enrol_through(server.url.replace("http://", "https://"), ca_file)
    assert error is not None
    assert server.received[:1] == b"\x16", "a TLS handshake record, not HTTP"
    assert b"POST" not in server.received and MARKER.encode() not in server.received
    record("leaks", 1)


# Ways to weaken certificate checks in Python, requests, urllib3, httpx and ssl.
FORBIDDEN = [
    r"verify\s*=\s*(False|0|None)\b",
    r"""["']verify["']\s*:\s*(False|0|None)\b""",
    r"CERT_NONE",
    r"CERT_OPTIONAL",
    r"check_hostname\s*=\s*(False|0)",
    r"_create_unverified_context",
    r"_create_default_https_context",
    r"disable_warnings",
    r"InsecureRequestWarning",
    r"PYTHONHTTPSVERIFY",
    r"CURL_CA_BUNDLE",
    r"set_ciphers\(",
    r"assert_hostname\s*=\s*False",
    r"ssl_version\s*=",
    r"TLSVersion\.(TLSv1|TLSv1_1|SSLv3)\b",
]


def test_no_code_path_switches_verification_off() -> None:
    root = Path(__file__).resolve().parents[2]
    sources = [
        *root.glob("casework/**/*.py"),
        *root.glob("desktop/**/*.py"),
        *root.glob("county_server/**/*.py"),
        *root.glob("bench/**/*.py"),
        *root.glob("*.spec"),
    ]
    assert len(sources) > 50
    found = [
        f"{source.relative_to(root)}:{number}: {line.strip()}"
        for source in sources
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
        for pattern in FORBIDDEN
        if re.search(pattern, line)
    ]
    assert not found, "\n".join(found)
    # The client's one verify setting is the county CA file or True, never anything else.
    client = (root / "desktop/sync/client.py").read_text(encoding="utf-8")
    assert "self._verify: str | bool = ca_file if ca_file else True" in client
    # The patterns do catch what they are for.
    assert all(
        re.search(pattern, sample)
        for pattern, sample in zip(
            FORBIDDEN[:5],
            [
                "verify=False",
                "{'verify': False}",
                "ssl.CERT_NONE",
                "CERT_OPTIONAL",
                "x.check_hostname = False",
            ],
            strict=True,
        )
    )
