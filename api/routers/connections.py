"""How two entities are connected, and the timeline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api import paging
from api.deps import StoreDep
from api.errors import problems
from api.routers.entities import PARTIAL_DATE
from graph.cards import SourceRef, resolve, source_refs
from graph.shapes import Edge, Node
from graph.store import MAX_PATH_HOPS, GraphStore, NotFound
from graph.timeline import TimelineEntry, timeline

router = APIRouter(tags=["connections"])

Entity = Annotated[str, Query(min_length=1, max_length=300)]


class Hop(BaseModel):
    edge: Edge = Field(description="The relation, with its evidence (article, span, quote, rule)")
    sources: list[SourceRef] = Field(description="The articles behind the relation")


class PathOut(BaseModel):
    hops: int
    nodes: list[Node]
    edges: list[Hop]


class PathsResponse(BaseModel):
    source: Node
    target: Node
    paths: list[PathOut] = Field(description="Shortest paths, fewest hops first; empty when none within max_hops")


def _entity(store: GraphStore, text: str) -> Node:
    node, _ = resolve(store, text)
    if node is None:
        raise NotFound(f"nothing matches {text!r}")
    return node


@router.get("/paths", summary="How are X and Y connected", response_model=PathsResponse, responses=problems(404, 422))
def paths(
    store: StoreDep,
    source: Annotated[
        str,
        Query(
            alias="from",
            min_length=1,
            max_length=300,
            description="An id or a name (the best search hit is taken)",
            openapi_examples={"id": {"value": "person:boris-titov"}, "name": {"value": "Титов"}},
        ),
    ],
    target: Annotated[
        str,
        Query(
            alias="to",
            min_length=1,
            max_length=300,
            description="An id or a name",
            openapi_examples={"id": {"value": "person:sergey-abramov"}, "name": {"value": "Абрамов"}},
        ),
    ],
    max_hops: Annotated[int, Query(ge=1, le=MAX_PATH_HOPS)] = 4,
    all: Annotated[bool, Query(description="Every shortest path, not just one")] = False,
    limit: Annotated[int, Query(ge=1, le=50, description="Most paths returned")] = 10,
) -> PathsResponse:
    """Shortest path(s) with the evidence for every hop."""
    src, dst = _entity(store, source), _entity(store, target)
    found = store.paths(src.id, dst.id, max_hops=max_hops, all_shortest=all, limit=limit)
    refs = source_refs(store, list(dict.fromkeys(s for p in found for e in p.edges for s in e.sources)))
    out = [
        PathOut(
            hops=len(p.edges),
            nodes=p.nodes,
            edges=[Hop(edge=e, sources=[refs[s] for s in e.sources]) for e in p.edges],
        )
        for p in found
    ]
    return PathsResponse(source=src, target=dst, paths=out)


class EventsResponse(BaseModel):
    items: list[TimelineEntry]
    next_cursor: str | None = None


@router.get(
    "/events",
    summary="Timeline of events and dated relations",
    response_model=EventsResponse,
    responses=problems(400, 404, 422),
)
def events(
    store: StoreDep,
    since: Annotated[
        str | None, Query(alias="from", pattern=PARTIAL_DATE, description="Partial ISO date", examples=["2026-05"])
    ] = None,
    until: Annotated[
        str | None, Query(alias="to", pattern=PARTIAL_DATE, description="Partial ISO date", examples=["2026"])
    ] = None,
    territory: Annotated[
        str | None,
        Query(
            max_length=300,
            description="A territory id: events held there or anywhere inside it",
            examples=["territory:amur-oblast"],
        ),
    ] = None,
    series: Annotated[
        str | None,
        Query(
            max_length=300, description="A series slug (amurexpo) or the id of the series event", examples=["amurexpo"]
        ),
    ] = None,
    relations: Annotated[bool, Query(description="Include dated relations (posts held, proposals...)")] = True,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[
        str | None,
        Query(
            pattern=rf"^[A-Za-z0-9_-]{{1,{paging.MAX_CURSOR}}}$",
            description="next_cursor of the previous page (the position of its last entry)",
        ),
    ] = None,
) -> EventsResponse:
    """Forums, editions and sessions, and dated relations, in date order (undated events last)."""
    page = timeline(
        store,
        since=since,
        until=until,
        territory=territory,
        series=series,
        relations=relations,
        limit=limit,
        after=paging.decode_position(cursor),
    )
    return EventsResponse(items=page.entries, next_cursor=paging.encode_position(page.next_after))
