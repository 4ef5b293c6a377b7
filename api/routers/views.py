"""The presenter views (viz/) served as offline HTML pages, or SVG for slides, under /views/... ."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from api.deps import StoreDep
from api.errors import problems
from api.routers.entities import EntityId
from graph.store import MAX_DEPTH, MAX_PATH_HOPS
from ontology.model import ontology
from viz import views
from viz.views import Cluster, Format

router = APIRouter(prefix="/views", tags=["views"])

PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
Since = Annotated[str | None, Query(pattern=PARTIAL_DATE, description="Facts from this date (2026, 2026-05, ...)")]
Until = Annotated[str | None, Query(pattern=PARTIAL_DATE, description="Facts up to this date")]
Types = Annotated[list[str] | None, Query(description=f"Relation types to show: {', '.join(ontology().relations)}")]
Lang = Annotated[str, Query(pattern="^(en|ru)$", description="Language of titles and notes")]
Fmt = Annotated[Format, Query(alias="format", description="html (interactive, offline) or svg (static, for slides)")]
RESPONSES = {200: {"content": {"text/html": {}, "image/svg+xml": {}}}, **problems(400, 404, 422)}


def _page(text: str, fmt: Format) -> Response:
    return HTMLResponse(text) if fmt == "html" else Response(text, media_type="image/svg+xml")


@router.get("/ego/{entity_id}", summary="Ego network of an entity", response_class=HTMLResponse, responses=RESPONSES)
def ego(
    store: StoreDep,
    entity_id: EntityId,
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 2,
    types: Types = None,
    since: Since = None,
    until: Until = None,
    lang: Lang = "en",
    fmt: Fmt = "html",
) -> Response:
    return _page(views.ego_view(store, entity_id, depth, types, since, until, lang, fmt), fmt)


@router.get("/path", summary="How two entities are connected", response_class=HTMLResponse, responses=RESPONSES)
def path(
    store: StoreDep,
    src: Annotated[str, Query(alias="from", max_length=300, examples=["person:boris-titov"])],
    dst: Annotated[str, Query(alias="to", max_length=300, examples=["person:sergey-abramov"])],
    max_hops: Annotated[int, Query(ge=1, le=MAX_PATH_HOPS)] = 4,
    lang: Lang = "en",
    fmt: Fmt = "html",
) -> Response:
    return _page(views.path_view(store, src, dst, max_hops, lang, fmt), fmt)


@router.get("/event/{entity_id}", summary="An event with its editions, sessions, organizers, participants, venue",
            response_class=HTMLResponse, responses=RESPONSES)  # fmt: skip
def event(
    store: StoreDep, entity_id: EntityId, since: Since = None, until: Until = None, lang: Lang = "en", fmt: Fmt = "html"
) -> Response:
    return _page(views.event_view(store, entity_id, since, until, lang, fmt), fmt)


@router.get("/project/{entity_id}", summary="A project with the actors around it and its territory",
            response_class=HTMLResponse, responses=RESPONSES)  # fmt: skip
def project(
    store: StoreDep, entity_id: EntityId, since: Since = None, until: Until = None, lang: Lang = "en", fmt: Fmt = "html"
) -> Response:
    return _page(views.project_view(store, entity_id, since, until, lang, fmt), fmt)


@router.get("/overview", summary="The whole graph", response_class=HTMLResponse, responses=RESPONSES)
def overview(
    store: StoreDep,
    types: Types = None,
    since: Since = None,
    until: Until = None,
    cluster: Annotated[Cluster | None, Query(description="Group nodes by class or by territory")] = None,
    lang: Lang = "en",
    fmt: Fmt = "html",
) -> Response:
    return _page(views.overview(store, types, since, until, cluster, lang, fmt), fmt)
