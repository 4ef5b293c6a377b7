"""Centrality on a networkx projection of the graph."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.deps import StoreDep
from api.errors import problems
from api.routers.entities import LABELS, check_label
from graph.analytics import Centrality, CentralityCache

router = APIRouter(tags=["analytics"])


@router.get(
    "/analytics/central",
    summary="Most connected and brokerage actors",
    response_model=Centrality,
    responses=problems(400, 422),
)
def central(
    request: Request,
    store: StoreDep,
    type: Annotated[
        str | None, Query(description="Only actors of this class", json_schema_extra={"enum": LABELS})
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> Centrality:
    """Degree, betweenness, and who bridges Russian and Chinese organizations. Computed once per graph
    state and cached; exact up to 2,000 nodes, sampled above (8-128 sources, by size). See
    bench/results.md for where it stops scaling."""
    check_label(type)
    cache: CentralityCache = request.app.state.centrality
    return cache.central(store, label=type, limit=limit)
