"""Entities: search, cards, neighbourhoods."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from api import paging
from api.deps import StoreDep
from api.errors import BadRequest, problems
from graph.cards import Card, build_card
from graph.search_keys import plan_query
from graph.shapes import SearchHit, Subgraph
from graph.store import MAX_DEPTH, NotFound
from graph.subgraphs import within_dates
from ontology.model import ontology

router = APIRouter(tags=["entities"])

LABELS = list(ontology().classes)
REL_TYPES = list(ontology().relations)
PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
EntityId = Annotated[
    str,
    Path(
        description="An entity id: <class prefix>:<slug>",
        pattern=r"^[a-z]+:[a-z0-9][a-z0-9._-]*$",
        max_length=300,
        openapi_examples={"person": {"value": "person:sergey-abramov"}, "event": {"value": "event:amurexpo-2026"}},
    ),
]


class SearchResponse(BaseModel):
    query: str
    items: list[SearchHit]
    next_cursor: str | None = Field(default=None, description="Pass as ?cursor= for the next page; null at the end")


def check_label(label: str | None) -> None:
    if label is not None and label not in LABELS:
        raise BadRequest(f"unknown type {label!r}; known: {', '.join(LABELS)}")


@router.get(
    "/entities",
    summary="Search entities by name",
    response_model=SearchResponse,
    responses=problems(400, 422),
)
def search_entities(
    store: StoreDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="A name in any script or spelling: inflected ('Абрамова'), partial ('Хабар'), "
            "transliterated ('Heihe' / 'Хэйхэ', 'Li Hongzhong' / 'Ли Хунчжун'), one typo tolerated.",
            openapi_examples={
                "inflected": {"value": "Абрамова"},
                "prefix": {"value": "Хабар"},
                "pinyin": {"value": "Li Hongzhong"},
                "palladius": {"value": "Хэйхэ"},
            },
        ),
    ],
    type: Annotated[
        str | None, Query(description="Only entities of this class", json_schema_extra={"enum": LABELS})
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    cursor: Annotated[
        str | None, Query(pattern=r"^[A-Za-z0-9_-]{1,100}$", description="next_cursor of the previous page")
    ] = None,
) -> SearchResponse:
    """Ranked matches; each says which alias matched and how (exact, translit, inflection, prefix, typo)."""
    check_label(type)
    offset = paging.decode(cursor)
    if not plan_query(q).forms:
        return SearchResponse(query=q, items=[], next_cursor=None)
    page = store.search(q, label=type, limit=limit, offset=offset)
    return SearchResponse(query=q, items=page.hits, next_cursor=paging.encode(page.next_offset))


@router.get(
    "/entities/{entity_id}",
    summary="An entity's card",
    response_model=Card,
    responses=problems(404, 422),
)
def entity_card(store: StoreDep, entity_id: EntityId) -> Card:
    """Names per language, kind, properties, relations grouped by type with role and dates, and the
    sources (article, date, quoted span) behind each relation."""
    return build_card(store, entity_id)


@router.get(
    "/entities/{entity_id}/neighbors",
    summary="An entity's neighbourhood as nodes and edges",
    response_model=Subgraph,
    responses=problems(400, 404, 422),
)
def neighbors(
    store: StoreDep,
    entity_id: EntityId,
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH, description="Hops from the entity")] = 1,
    types: Annotated[
        list[str] | None,
        Query(
            description="Only these relation types (repeat the parameter)",
            json_schema_extra={"items": {"enum": REL_TYPES}},
        ),
    ] = None,
    since: Annotated[
        str | None, Query(pattern=PARTIAL_DATE, description="Dated relations ending before are left out")
    ] = None,
    until: Annotated[
        str | None, Query(pattern=PARTIAL_DATE, description="Dated relations starting after are left out")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="Most nodes returned; `truncated` says when cut")] = 500,
) -> Subgraph:
    """The same shape the views and the exports use. Undated relations are kept by since/until."""
    unknown = sorted(set(types or []) - set(REL_TYPES))
    if unknown:
        raise BadRequest(f"unknown relation type(s) {', '.join(unknown)}; known: {', '.join(REL_TYPES)}")
    sub = store.neighbourhood(entity_id, depth=depth, types=types or None, limit=limit)
    if not sub.nodes:
        raise NotFound(f"no entity with id {entity_id!r}")
    return within_dates(sub, entity_id, since, until)
