"""A fault-injecting HTTP/1.1 proxy on 127.0.0.1, for tests, between a client and a server.

Each request from the client is read whole (headers and ``Content-Length`` body), sent to
the server on a fresh connection with ``Connection: close``, and the server's whole answer
read back, so a fault can act on exact bytes:

- ``drop_request``: the client's connection is closed; the server never sees the request.
- ``drop_response``: the server handles the request; the client's connection is closed
  before any byte of the answer.
- ``delay``: the request waits ``delay`` seconds before it goes on.
- ``truncate``: the client gets the first half of the answer, then a clean close (FIN).
- ``reset``: the client gets the headers and part of the body, then a TCP reset (RST).
- ``duplicate``: the server gets the request twice; the client gets the second answer.

Faults are armed for a protocol step (``enroll``, ``push``, ``pull``, ``me``) and the n-th
request of that step, or drawn at random with a seeded generator. ``injected`` lists every
fault that fired, as ``(step, kind)``.
"""

from __future__ import annotations

import contextlib
import random
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

FAULTS = ("drop_request", "drop_response", "delay", "truncate", "reset", "duplicate")
STEPS = {"/enroll": "enroll", "/push": "push", "/changes": "pull", "/me": "me"}
_MAX_HEADER = 64 * 1024


def step_of(request_head: bytes) -> str:
    """The protocol step a request belongs to, from its path."""
    try:
        target = request_head.split(b"\r\n", 1)[0].split(b" ")[1].decode("ascii")
    except (IndexError, UnicodeDecodeError):
        return "other"
    path = target.split("?", 1)[0]
    for suffix, step in STEPS.items():
        if path.endswith(suffix):
            return step
    return "other"


@dataclass
class Fault:
    step: str
    kind: str
    occurrence: int = 1  # the n-th request of ``step`` since the fault was armed


def _read_request(sock: socket.socket, buffer: bytearray) -> bytes | None:
    """One whole request from ``sock`` (leftover bytes stay in ``buffer``), None at EOF."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffer.extend(chunk)
        if len(buffer) > _MAX_HEADER and b"\r\n\r\n" not in buffer:
            return None
    head_end = buffer.index(b"\r\n\r\n") + 4
    length = 0
    for line in bytes(buffer[:head_end]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(buffer) < head_end + length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffer.extend(chunk)
    request = bytes(buffer[: head_end + length])
    del buffer[: head_end + length]
    return request


def _closing(request: bytes) -> bytes:
    """The request with ``Connection: close``, so the server ends its answer with EOF."""
    head, _, body = request.partition(b"\r\n\r\n")
    lines = [
        line
        for line in head.split(b"\r\n")
        if line.split(b":", 1)[0].strip().lower() not in (b"connection", b"keep-alive")
    ]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body


def _reset(sock: socket.socket) -> None:
    """Close with RST instead of FIN (SO_LINGER with a zero timeout)."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


@dataclass
class FaultProxy:
    upstream_port: int
    delay: float = 0.5
    random_rate: float = 0.0  # with a seeded rng: chance that any request gets a random fault
    rng: random.Random = field(default_factory=lambda: random.Random(7))
    injected: list[tuple[str, str]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # step of every request seen

    def __post_init__(self) -> None:
        self._armed: list[Fault] = []
        self._seen: dict[str, int] = {}
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._stopping = False
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def arm(self, fault: Fault) -> None:
        with self._lock:
            self._armed.append(fault)
            self._seen[fault.step] = 0

    def disarm(self) -> None:
        """Forget the faults that have not fired."""
        with self._lock:
            self._armed.clear()

    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._armed)

    def _choose(self, step: str) -> str | None:
        with self._lock:
            self.requests.append(step)
            self._seen[step] = self._seen.get(step, 0) + 1
            for fault in self._armed:
                if fault.step == step and fault.occurrence == self._seen[step]:
                    self._armed.remove(fault)
                    self.injected.append((step, fault.kind))
                    return fault.kind
            if self.random_rate and self.rng.random() < self.random_rate:
                kind = self.rng.choice(FAULTS)
                self.injected.append((step, kind))
                return kind
        return None

    # -- the sockets -------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._stopping:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=120) as up:
            up.sendall(_closing(request))
            chunks = []
            while chunk := up.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    def _serve(self, client: socket.socket) -> None:
        buffer = bytearray()
        try:
            while True:
                request = _read_request(client, buffer)
                if request is None:
                    break
                fault = self._choose(step_of(request))
                if fault == "drop_request":
                    break
                if fault == "delay":
                    time.sleep(self.delay)
                response = self._forward(request)
                if fault == "duplicate":
                    response = self._forward(request)
                if fault == "drop_response":
                    break
                if fault == "truncate":
                    client.sendall(response[: max(1, len(response) // 2)])
                    client.shutdown(socket.SHUT_WR)
                    break
                if fault == "reset":
                    head_end = response.find(b"\r\n\r\n") + 4
                    body_part = max(1, (len(response) - head_end) // 2)
                    client.sendall(response[: head_end + body_part])
                    _reset(client)
                    return
                client.sendall(response)
        except OSError:
            pass
        with contextlib.suppress(OSError):
            client.close()

    # -- life --------------------------------------------------------------------------

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping = True
        self._listener.close()


@contextmanager
def fault_proxy(upstream_port: int, **options: object) -> Iterator[FaultProxy]:
    proxy = FaultProxy(upstream_port, **options)  # type: ignore[arg-type]
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()
