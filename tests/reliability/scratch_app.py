"""The county server's FastAPI app built on a throw-away SQLite file, for its route table
and OpenAPI document at collection time (before any server process runs).

Built by the real ``create_app``, so what the battery iterates is what ``serve`` serves;
tests compare this document with the one a running server answers.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import Route

from county_server.config import Settings
from county_server.main import create_app
from county_server.services.setup import initialize


@functools.cache
def scratch_app() -> FastAPI:
    with tempfile.TemporaryDirectory(prefix="scratch-county-") as folder:
        settings = Settings.load(
            db_url=f"sqlite:///{Path(folder) / 'county.sqlite'}",
            environ={"COUNTY_SERVER_KEY_FILE": str(Path(folder) / "county-server.key")},
        )
        initialize(settings, create_key=True)
        app = create_app(settings)
        app.openapi()  # built now, while the database is there
        app.state.server.db.dispose()
    return app


def openapi_document() -> dict[str, Any]:
    document: dict[str, Any] = scratch_app().openapi()
    return document


def route_table() -> list[tuple[str, str]]:
    """Every (method, path) the app answers, API and framework routes alike."""
    table: set[tuple[str, str]] = set()
    for route in scratch_app().routes:
        if isinstance(route, APIRoute | Route):
            for method in route.methods or ():
                if method != "HEAD":
                    table.add((method, route.path))
    return sorted(table)
