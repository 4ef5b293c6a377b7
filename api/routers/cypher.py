"""Read-only Cypher for API consumers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from pydantic import BaseModel, Field, StringConstraints

from api.deps import SettingsDep, StoreDep
from api.errors import problems

router = APIRouter(tags=["cypher"])

DIALECTS = {"ladybug": "LadybugDB Cypher (Kuzu dialect)", "neo4j": "Neo4j Cypher 5"}


class CypherRequest(BaseModel):
    query: str = Field(min_length=1, max_length=20_000, description="One read-only statement; values as $parameters")
    params: dict[Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")], Any] = Field(
        default_factory=dict, description="Values for the $parameters, by name"
    )
    limit: int | None = Field(default=None, ge=1, le=100_000, description="Row cap (at most the server's)")


class CypherResponse(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = Field(description="True when the row cap cut the result")
    backend: str = Field(description="Which store answered: ladybug (embedded) or neo4j")
    dialect: str = Field(description="The Cypher dialect the query was run in")


EXAMPLE = {
    "query": "MATCH (p:Person)-[h:HOLDS_POSITION]->(o:Organization) WHERE p.id = $id RETURN p.name, h.title, o.name",
    "params": {"id": "person:sergey-abramov"},
    "limit": 100,
}


@router.post(
    "/cypher",
    summary="Run a read-only Cypher query",
    response_model=CypherResponse,
    responses=problems(400, 403, 413, 422, 504),
)
def cypher(
    store: StoreDep,
    settings: SettingsDep,
    request: Annotated[CypherRequest, Body(openapi_examples={"posts": {"value": EXAMPLE}})],
) -> CypherResponse:
    """Writes (CREATE, MERGE, SET, DELETE, REMOVE, DROP, LOAD CSV, COPY, write procedures, admin commands,
    several statements) are refused with 403 before reaching the engine; the embedded engine also runs the
    query in a read-only transaction. The row cap and the time limit are the server's (AMUR_QUERY_*)."""
    cap = min(request.limit or settings.query_row_limit, settings.query_row_limit)
    result = store.query(request.query, request.params, row_limit=cap, timeout_s=settings.query_timeout_s)
    return CypherResponse(
        columns=result.columns,
        rows=result.rows,
        truncated=result.truncated,
        backend=result.backend,
        dialect=DIALECTS.get(result.backend, result.backend),
    )
