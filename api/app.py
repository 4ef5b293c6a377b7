"""The HTTP API: create_app(settings) builds it; the lifespan opens and closes the store."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi

from api import errors
from api.errors import Problem
from api.routers import analytics, connections, cypher, entities, meta, records, views
from api.settings import ApiSettings
from graph.analytics import CentralityCache
from graph.open import open_store
from graph.shapes import Subgraph
from graph.store import GraphStore, StoreError

log = logging.getLogger("amur.api")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DESCRIPTION = """
A knowledge graph of Russian–Chinese cooperation: who works with whom, where, when, on which
projects — every fact traceable to the article, date and words behind it.

Errors are `application/problem+json`. Write endpoints need an `X-API-Key` from `AMUR_API_KEYS`
and are disabled when none is configured.
"""


class BodyLimit:
    """Refuses request bodies over max_bytes with 413, by Content-Length or while reading."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                response = errors.problem_response(
                    413, "Request body too large", f"the limit is {self.max_bytes} bytes"
                )
                await response(scope, receive, send)
                return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise errors.BodyTooLarge(f"the limit is {self.max_bytes} bytes")
            return message

        await self.app(scope, limited, send)


def _warm(store: GraphStore) -> None:
    try:
        store.warm()
    except StoreError as exc:  # closed before it finished, or unreachable: the first traversal retries
        log.warning("warming the store failed: %s", exc)
    gc.collect()
    gc.freeze()  # what warming loaded stays too


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    settings = settings or ApiSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(settings, read_only=settings.read_only)
        app.state.store = store
        # What start-up loaded lives as long as the server: keep it out of the garbage collector's
        # full passes, which otherwise walk it all every few requests (+20 ms on p95 at 1M nodes).
        gc.collect()
        gc.freeze()
        # Loaded in the background so the server answers at once (11 s for the embedded topology at
        # 1M nodes); a traversal asked for meanwhile waits for it.
        threading.Thread(target=_warm, args=(store,), name="amur-warm", daemon=True).start()
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="Amur",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.centrality = CentralityCache(wait_s=settings.analytics_wait_s)
    errors.install(app)
    for module in (meta, entities, connections, analytics, cypher, records, views):
        app.include_router(module.router)
    if settings.origins():
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.origins(),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "X-API-Key"],
        )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    _document_problems(app)
    return app


def _document_problems(app: FastAPI) -> None:
    """Adds the Problem shape (and the Subgraph the export returns) to the OpenAPI components."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (Problem, Subgraph):
            defs = model.model_json_schema(ref_template="#/components/schemas/{model}")
            for name, sub in defs.pop("$defs", {}).items():
                components.setdefault(name, sub)
            components.setdefault(model.__name__, defs)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
