"""The county server's FastAPI app built on a throw-away SQLite file, for its route table
and OpenAPI document at collection time (before any server process runs).

Built by the real ``create_app``, so what the battery iterates is what ``serve`` serves;
tests compare this document with the one a running server answers. It is the widest app
``serve`` makes, with ``--api-docs`` (its documentation routes too): the battery's
servers run with that flag (``SERVE_ARGS``), and without it those routes are simply absent.
"""

from __future__ import annotations

import dataclasses
import functools
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Route

from county_server.config import Settings
from county_server.main import create_app
from county_server.services.setup import initialize

# How the battery's server processes run: documentation served (the route table above has
# it), and no limit on failed authentications (the matrix and the fuzzer fail on purpose).
SERVE_ARGS = ("--api-docs",)
SERVE_ENV = {"COUNTY_SERVER_AUTH_FAILURE_LIMIT": "0"}


@functools.cache
def scratch_app() -> FastAPI:
    with tempfile.TemporaryDirectory(prefix="scratch-county-") as folder:
        settings = Settings.load(
            db_url=f"sqlite:///{Path(folder) / 'county.sqlite'}",
            environ={"COUNTY_SERVER_KEY_FILE": str(Path(folder) / "county-server.key")},
        )
        initialize(settings, create_key=True)
        app = create_app(dataclasses.replace(settings, api_docs=True))
        app.openapi()  # built now, while the database is there
        app.state.server.db.dispose()
    return app


def openapi_document() -> dict[str, Any]:
    document: dict[str, Any] = scratch_app().openapi()
    return document


def _walk(routes: Iterable[BaseRoute], prefix: str = "") -> Iterator[tuple[str, str]]:
    for route in routes:
        # FastAPI keeps an included router whole (``_IncludedRouter``): descend into it.
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _walk(inner.routes, prefix + route.include_context.prefix)  # type: ignore[attr-defined]
        elif isinstance(route, APIRoute | Route):
            for method in route.methods or ():
                if method != "HEAD":
                    yield method, prefix + route.path
        else:  # a mount or websocket nobody expected: make it visible, not skipped
            yield type(route).__name__, prefix + getattr(route, "path", "?")


def route_table() -> list[tuple[str, str]]:
    """Every (method, path) the app answers, API and framework routes alike."""
    return sorted(set(_walk(scratch_app().routes)))
