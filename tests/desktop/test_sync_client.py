"""The county client refuses what it must before any data leaves the laptop."""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import trustme

from desktop.sync.client import CountyClient, SyncError, check_server_url

ME = {
    "device_id": "d1",
    "user_name": "李主任",
    "role": "director",
    "scope": {"level": "village", "code": "330523101001"},
}


class _Handler(BaseHTTPRequestHandler):
    seen: list[str] = []  # noqa: RUF012 - shared on purpose: the test reads what arrived

    def do_GET(self) -> None:
        _Handler.seen.append(self.path)
        body = json.dumps(ME).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _serve(context: ssl.SSLContext | None) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    scheme = "https" if context else "http"
    try:
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def ca() -> trustme.CA:
    return trustme.CA()


def _tls_server(ca: trustme.CA, **cert_options: object) -> Iterator[str]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    names = cert_options.pop("names", ("127.0.0.1",))
    ca.issue_cert(*names, **cert_options).configure_cert(context)  # type: ignore[arg-type]
    yield from _serve(context)


def _ca_file(ca: trustme.CA, tmp_path: Path) -> str:
    path = tmp_path / "county-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def test_verified_tls_with_the_county_ca_file(ca: trustme.CA, tmp_path: Path) -> None:
    for url in _tls_server(ca):
        client = CountyClient(url, credential="d1.secret", ca_file=_ca_file(ca, tmp_path))
        assert client.me().user_name == "李主任"


@pytest.mark.parametrize(
    "case",
    ["untrusted-ca", "wrong-host", "expired", "no-ca-file"],
)
def test_bad_certificates_are_refused_before_any_request(
    ca: trustme.CA, tmp_path: Path, case: str
) -> None:
    options: dict[str, object] = {}
    trusted = _ca_file(ca, tmp_path)
    if case == "untrusted-ca":
        (tmp_path / "other").mkdir()
        trusted = _ca_file(trustme.CA(), tmp_path / "other")
    elif case == "wrong-host":
        options["names"] = ("county.example.org",)
    elif case == "expired":
        options["not_after"] = datetime.now(UTC) - timedelta(days=1)
    _Handler.seen = []
    for url in _tls_server(ca, **options):
        client = CountyClient(
            url, credential="d1.secret", ca_file=None if case == "no-ca-file" else trusted
        )
        with pytest.raises(SyncError) as caught:
            client.me()
        assert caught.value.kind == "tls"
        assert "证书" in caught.value.message.zh
    assert _Handler.seen == []


def test_plain_http_to_an_https_server_fails_without_sending_data(ca: trustme.CA) -> None:
    for url in _tls_server(ca):
        client = CountyClient(url.replace("https://", "http://"), retries=0)
        with pytest.raises(SyncError):
            client.me()


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://county.anji.gov.cn", True),
        ("http://127.0.0.1:8000", True),
        ("http://localhost:8000", True),
        ("http://[::1]:8000", True),
        ("http://county.anji.gov.cn", False),
        ("http://10.0.0.5", False),
        ("ftp://county", False),
        ("county.anji.gov.cn", False),
    ],
)
def test_plain_http_only_to_loopback(url: str, ok: bool) -> None:
    if ok:
        assert check_server_url(url)
    else:
        with pytest.raises(SyncError) as caught:
            check_server_url(url)
        assert caught.value.kind == "config"


def test_dead_network_retries_with_growing_jittered_backoff() -> None:
    waits: list[float] = []
    client = CountyClient("http://127.0.0.1:9", retries=3, sleep=waits.append, timeout=(0.5, 0.5))
    with pytest.raises(SyncError) as caught:
        client.me()
    assert caught.value.kind == "network"
    assert "数据都已保存在本机" in caught.value.message.zh
    assert len(waits) == 3
    assert all(0 <= w <= 0.5 * 2 ** (n + 1) for n, w in enumerate(waits))


def test_no_way_to_switch_verification_off_in_the_code() -> None:
    root = Path(__file__).resolve().parents[2]
    sources = [*root.glob("desktop/**/*.py"), *root.glob("county_server/**/*.py")]
    for source in sources:
        text = source.read_text(encoding="utf-8")
        for forbidden in ("verify=False", "verify = False", "CERT_NONE", "check_hostname = False"):
            assert forbidden not in text, f"{source}: {forbidden}"
