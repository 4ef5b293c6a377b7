"""One table from domain errors to HTTP responses, all as application/problem+json (RFC 9457).

Nothing else turns an exception into a response: a route raises the domain
error and this module answers it. An unexpected error becomes a bare 500 with
no trace (the trace goes to the server log).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.store import (
    IntegrityError,
    NotFound,
    QueryFailed,
    QueryTimeout,
    ReadOnlyViolation,
    StoreError,
    StoreUnavailable,
)
from loaders.structured import LoadError
from viz.views import ViewError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("amur.api")


class ApiError(Exception):
    """Errors the API itself raises (not the store)."""


class Unauthorized(ApiError):
    """No API key was given for an endpoint that needs one."""


class Forbidden(ApiError):
    """The API key is wrong, or writes are disabled."""


class BadRequest(ApiError):
    """A well-formed request that cannot be answered as asked (bad cursor, unknown type...)."""


class BodyTooLarge(ApiError):
    pass


class Problem(BaseModel):
    """An error, as application/problem+json (RFC 9457)."""

    type: str = Field(default="about:blank", examples=["about:blank"])
    title: str = Field(examples=["Not found"])
    status: int = Field(examples=[404])
    detail: str | None = Field(default=None, examples=["no entity with id 'person:nobody'"])
    errors: list[dict[str, Any]] | None = Field(default=None, description="Invalid fields (422 on bad input)")
    problems: list[str] | None = Field(default=None, description="Every problem of a refused document")


# The table: exception class -> (status, title). The first matching class (in MRO order) wins.
ERRORS: dict[type[Exception], tuple[int, str]] = {
    NotFound: (404, "Not found"),
    ReadOnlyViolation: (403, "Write refused"),
    QueryFailed: (400, "Query failed"),
    QueryTimeout: (504, "Query timed out"),
    StoreUnavailable: (503, "Store unavailable"),
    IntegrityError: (409, "Conflicts with the graph"),
    StoreError: (500, "Store error"),
    LoadError: (422, "Invalid document"),
    Unauthorized: (401, "API key required"),
    Forbidden: (403, "Forbidden"),
    BadRequest: (400, "Bad request"),
    ViewError: (400, "Bad request"),
    BodyTooLarge: (413, "Request body too large"),
}

STATUS_TITLES = {
    400: "Bad request",
    401: "API key required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflicts with the graph",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Invalid request",
    500: "Internal error",
    503: "Store unavailable",
    504: "Query timed out",
}


def problem_response(status: int, title: str, detail: str | None = None, **extra: Any) -> JSONResponse:
    body = Problem(title=title, status=status, detail=detail, **extra).model_dump(exclude_none=True)
    headers = {"WWW-Authenticate": 'ApiKey header="X-API-Key"'} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def status_for(exc: Exception) -> tuple[int, str]:
    for cls in type(exc).__mro__:
        if cls in ERRORS:
            return ERRORS[cls]
    return 500, "Internal error"


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    status, title = status_for(exc)
    if status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, exc, exc_info=exc)
    extra: dict[str, Any] = {}
    detail: str | None
    if isinstance(exc, LoadError):
        extra["problems"] = exc.problems
        detail = f"{len(exc.problems)} problem(s); nothing was written"
    else:
        detail = str(exc) if status < 500 or status in (503, 504) else None
    return problem_response(status, title, detail, **extra)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in jsonable_encoder(exc.errors())
    ]
    return problem_response(422, "Invalid request", f"{len(errors)} invalid field(s)", errors=errors)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    title = STATUS_TITLES.get(exc.status_code, "Error")
    detail = exc.detail if isinstance(exc.detail, str) else None
    return problem_response(exc.status_code, title, detail)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    return problem_response(500, "Internal error", "the server failed; the error is in its log")


def install(app: FastAPI) -> None:
    for cls in ERRORS:
        app.add_exception_handler(cls, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entry documenting problem answers of a route in OpenAPI."""
    return {
        status: {
            "description": STATUS_TITLES.get(status, "Error"),
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }
