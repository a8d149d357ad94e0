"""Every endpoint's database transaction ends when the endpoint returns.

FastAPI runs a plain ``def`` endpoint on a thread of its pool, then checks the answer
against its ``response_model`` on another thread of the same pool; the request's session
is closed only after the answer is sent. A transaction still open at the endpoint's
return (SQLite's write lock, a pooled PostgreSQL connection) was held while that second
thread was awaited: with 200 laptops at once every thread waited for the lock or a
connection and the holders waited for a thread, and the server hung until each request
timed out (``GET /county`` and ``GET /laptops``, found by the many-devices bench).

So no endpoint has to remember it: :class:`SessionEndingRoute` (the ``route_class`` of
every router) wraps each endpoint so that any session it was given has its transaction
rolled back as it returns. What an endpoint means to keep it commits itself (the
services do); rolling back is what closing the session did anyway, only sooner.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from sqlalchemy.orm import Session

_ENDS_SESSIONS = "__ends_sessions__"


def ending_sessions(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint``, ending the transaction of every session among its arguments when it
    returns or raises (an ``async`` endpoint runs on the event loop: left as it is)."""
    if inspect.iscoroutinefunction(endpoint) or ends_sessions(endpoint):
        return endpoint

    @functools.wraps(endpoint)  # FastAPI reads the signature and annotations through it
    def call_then_end(*args: Any, **kwargs: Any) -> Any:
        try:
            return endpoint(*args, **kwargs)
        finally:
            for value in kwargs.values():
                if isinstance(value, Session) and value.in_transaction():
                    value.rollback()

    setattr(call_then_end, _ENDS_SESSIONS, True)
    return call_then_end


class SessionEndingRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, ending_sessions(endpoint), **kwargs)


def ends_sessions(endpoint: Callable[..., Any]) -> bool:
    """Is ``endpoint`` wrapped by :func:`ending_sessions` (for the routes' test)?"""
    return bool(getattr(endpoint, _ENDS_SESSIONS, False))
