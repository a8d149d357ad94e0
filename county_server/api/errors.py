"""Every error answer is an ``ErrorBody`` with a code from ``county_server.errors.ErrorCode``.

Nothing a client sends can produce a bare 500: malformed JSON is 400, a body that doesn't
fit the schema 422, unknown routes 404, and a database that is busy 503. Error bodies
name fields and say what is wrong with them, but never echo the values sent.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException

from casework.protocol import ErrorBody, HistoryChanged, Reason
from county_server.errors import ErrorCode, ServiceError, safe_text

logger = logging.getLogger(__name__)

_HTTP_CODES: dict[int, ErrorCode] = {
    400: ErrorCode.BAD_REQUEST,
    401: ErrorCode.UNAUTHORIZED,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    413: ErrorCode.TOO_LARGE,
    415: ErrorCode.UNSUPPORTED_ENCODING,
    422: ErrorCode.INVALID_REQUEST,
}


def error_response(
    status: int,
    reason: Reason,
    headers: Mapping[str, str] | None = None,
    history: HistoryChanged | None = None,
) -> JSONResponse:
    body = ErrorBody(error=reason, history=history).model_dump(mode="json", exclude_none=True)
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))


def code_response(code: ErrorCode, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return error_response(code.status, code.reason(), headers)


async def _service_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServiceError)
    return error_response(exc.code.status, exc.reason, exc.headers, exc.history)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(error.get("type") == "json_invalid" for error in errors):
        return code_response(ErrorCode.BAD_REQUEST)
    fields: dict[str, str] = {}
    for error in errors:
        where = ".".join(safe_text(str(part), 60) for part in error.get("loc", ())) or "body"
        fields.setdefault(where, safe_text(str(error.get("msg", "invalid"))))
    return error_response(422, ErrorCode.INVALID_REQUEST.reason(fields=fields))


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code)
    if code is None:
        code = ErrorCode.BAD_REQUEST if exc.status_code < 500 else ErrorCode.INTERNAL
    return error_response(exc.status_code, code.reason(), exc.headers)


async def _undecodable(_request: Request, exc: Exception) -> JSONResponse:
    # Text that isn't valid Unicode, or JSON nested too deep to parse.
    return code_response(ErrorCode.BAD_REQUEST)


async def _database_refused(_request: Request, exc: Exception) -> JSONResponse:
    logger.warning("the database refused a value: %s", type(exc).__name__)
    return code_response(ErrorCode.BAD_REQUEST)


async def _database_busy(_request: Request, exc: Exception) -> JSONResponse:
    # Only the class name: driver messages may quote SQL, and hide_parameters keeps values out.
    logger.warning("database unavailable: %s", type(exc).__name__)
    return code_response(ErrorCode.BUSY, {"Retry-After": "5"})


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    # The traceback's frames, without the exception's message (it may quote values).
    where = "".join(traceback.format_tb(exc.__traceback__))
    logger.error("unhandled %s\n%s", type(exc).__name__, where)
    return code_response(ErrorCode.INTERNAL)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(UnicodeError, _undecodable)
    app.add_exception_handler(RecursionError, _undecodable)
    app.add_exception_handler(DataError, _database_refused)
    app.add_exception_handler(OperationalError, _database_busy)
    app.add_exception_handler(PoolTimeoutError, _database_busy)
    app.add_exception_handler(Exception, _unexpected)
