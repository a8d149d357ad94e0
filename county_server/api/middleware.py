"""ASGI middleware: request ids and access logging; request body size and gzip decoding.

The access log line holds the method, the path, the status, the duration and the request
id; never a body, and never the query string (its values could hold personal data).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
import zlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from county_server.api.errors import code_response
from county_server.errors import ErrorCode

logger = logging.getLogger("county_server.access")

REQUEST_ID_HEADER = "x-request-id"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Gives every request an id (the client's ``X-Request-ID`` if sane), echoes it, logs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        offered = Headers(scope=scope).get(REQUEST_ID_HEADER, "")
        request_id = offered if _SAFE_REQUEST_ID.match(offered) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            logger.info(
                "%s %s %d %.1fms request_id=%s",
                scope.get("method", "-"),
                scope.get("path", "-"),
                status,
                (time.perf_counter() - started) * 1000,
                request_id,
            )


class RequestBodyMiddleware:
    """Bounds request bodies and decodes ``Content-Encoding: gzip``.

    A body over ``max_bytes`` (before or after decoding) is refused with 413, a broken gzip
    stream with 400, any other content encoding with 415 — all as ``ErrorBody``.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        encoding = headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("identity", "gzip", ""):
            await code_response(ErrorCode.UNSUPPORTED_ENCODING)(scope, receive, send)
            return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            await code_response(ErrorCode.TOO_LARGE)(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await code_response(ErrorCode.TOO_LARGE)(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if encoding == "gzip":
            decoder = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            try:
                body = decoder.decompress(body, self.max_bytes + 1)
                complete = decoder.eof
            except zlib.error:
                await code_response(ErrorCode.BAD_REQUEST)(scope, receive, send)
                return
            if len(body) > self.max_bytes:
                await code_response(ErrorCode.TOO_LARGE)(scope, receive, send)
                return
            if not complete:
                await code_response(ErrorCode.BAD_REQUEST)(scope, receive, send)
                return
            raw_headers = [
                (name, value)
                for name, value in scope["headers"]
                if name.lower() not in (b"content-encoding", b"content-length")
            ]
            raw_headers.append((b"content-length", str(len(body)).encode()))
            scope = {**scope, "headers": raw_headers}

        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
