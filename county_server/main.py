"""The FastAPI application: ``create_app(settings)``.

The database must be prepared first (``services.setup.initialize``, which ``county-server
init`` and ``serve`` run); the app checks that its key opens this database and refuses to
start otherwise. The API's documentation (``/api/v1/openapi.json``, ``/api/v1/docs``)
is served only with ``settings.api_docs`` (``county-server serve --api-docs``);
``app.openapi()`` builds the document in process either way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware

from casework.protocol import API_PREFIX, PushRequest
from county_server.api import devices, records, sync
from county_server.api.deps import ServerState
from county_server.api.errors import install_error_handlers
from county_server.api.middleware import RequestBodyMiddleware, RequestIdMiddleware
from county_server.clock import Clock, utc_now
from county_server.config import Settings
from county_server.db import Database
from county_server.services.directory import read_recovery_public_key_file
from county_server.services.failures import FailureLimiter
from county_server.services.sealing import Sealer, load_key

TITLE = "childdesk county sync server"
VERSION = "1"


class CountyServerApp(FastAPI):
    def openapi(self) -> dict[str, Any]:
        """FastAPI's document, plus ``PushRequest``: push checks its body op by op."""
        schema = super().openapi()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        if "PushRequest" not in components:
            push = PushRequest.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(push.pop("$defs", {}))
            components["PushRequest"] = push
        return schema


def create_app(settings: Settings, *, clock: Clock = utc_now) -> FastAPI:
    db = Database(settings.db_url)
    sealer = Sealer(load_key(settings.key_file))
    with db.transaction() as session:
        sealer.verify_key(session)
    recovery = (
        read_recovery_public_key_file(settings.recovery_public_key_file)
        if settings.recovery_public_key_file is not None
        else None
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        db.dispose()

    app = CountyServerApp(
        title=TITLE,
        version=VERSION,
        openapi_url=f"{API_PREFIX}/openapi.json" if settings.api_docs else None,
        docs_url=f"{API_PREFIX}/docs" if settings.api_docs else None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.server = ServerState(
        settings=settings,
        db=db,
        sealer=sealer,
        clock=clock,
        recovery_public_key=recovery,
        failures=FailureLimiter(
            limit=settings.auth_failure_limit, window=settings.auth_failure_window_seconds
        ),
    )
    install_error_handlers(app)
    for router in (devices.router, sync.router, records.router):
        app.include_router(router, prefix=API_PREFIX)
    # Outermost last: request id and access log, then response gzip, then body decoding.
    app.add_middleware(RequestBodyMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(
        GZipMiddleware, minimum_size=1000, compresslevel=5
    )  # 9 costs much, saves little
    app.add_middleware(RequestIdMiddleware)
    return app
