"""Health, counts and whole-graph export."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from api.deps import StoreDep
from api.errors import BadRequest, problems
from graph.shapes import Counts
from graph.store import GraphStore
from ontology.model import ontology

router = APIRouter(tags=["meta"])


class Health(BaseModel):
    status: Literal["ok"]
    backend: str


class Stats(BaseModel):
    backend: str
    counts: Counts
    total_entities: int
    total_relations: int


@router.get("/health", summary="Is the store reachable", response_model=Health, responses=problems(503))
def health(store: StoreDep) -> Health:
    """Asks the store a trivial question; 503 when it cannot answer.  Counts are under /stats."""
    store.ping()
    return Health(status="ok", backend=store.backend)


@router.get("/stats", summary="Entities by class and relations by type", response_model=Stats)
def stats(store: StoreDep) -> Stats:
    counts = store.counts()
    return Stats(
        backend=store.backend,
        counts=counts,
        total_entities=counts.total_nodes,
        total_relations=counts.total_relationships,
    )


def _ndjson(store: GraphStore) -> Iterator[bytes]:
    onto = ontology()
    for label in onto.classes:
        for nodes in store.iter_nodes(label):
            for node in nodes:
                yield (json.dumps({"node": node.model_dump(mode="json")}, ensure_ascii=False) + "\n").encode()
    for rel_type in onto.relations:
        for edges in store.iter_edges(rel_type):
            for edge in edges:
                yield (json.dumps({"edge": edge.model_dump(mode="json")}, ensure_ascii=False) + "\n").encode()


def _json(store: GraphStore) -> Iterator[bytes]:
    """The whole graph as one Subgraph object, streamed."""
    yield b'{"nodes": ['
    first = True
    onto = ontology()
    for label in onto.classes:
        for nodes in store.iter_nodes(label):
            for node in nodes:
                yield (b"" if first else b",") + node.model_dump_json().encode()
                first = False
    yield b'], "edges": ['
    first = True
    for rel_type in onto.relations:
        for edges in store.iter_edges(rel_type):
            for edge in edges:
                yield (b"" if first else b",") + edge.model_dump_json().encode()
                first = False
    yield b'], "truncated": false}'


# format -> (media type, writer). The interop issue adds its formats (RDF, GraphML, CSV...) here.
EXPORTERS: dict[str, tuple[str, Callable[[GraphStore], Iterator[bytes]]]] = {
    "json": ("application/json", _json),
    "ndjson": ("application/x-ndjson", _ndjson),
}


@router.get(
    "/export",
    summary="The whole graph in one file",
    responses={
        200: {
            "description": "json: one Subgraph object; ndjson: one {node} or {edge} object per line",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Subgraph"}},
                "application/x-ndjson": {"schema": {"type": "string"}},
            },
        },
        **problems(400, 422),
    },
    response_class=StreamingResponse,
)
def export(
    store: StoreDep,
    format: Annotated[str, Query(description="Output format", json_schema_extra={"enum": list(EXPORTERS)})] = "json",
) -> StreamingResponse:
    """Streams every entity and relation, a batch at a time (nothing is held whole in memory)."""
    if format not in EXPORTERS:
        raise BadRequest(f"unknown format {format!r}; known: {', '.join(EXPORTERS)}")
    media_type, writer = EXPORTERS[format]
    filename = f"amur-graph.{format}"
    return StreamingResponse(
        writer(store), media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )
