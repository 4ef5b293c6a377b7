"""Centrality on a projection of the whole graph (graph.analytics)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from api.deps import StoreDep
from api.errors import problems
from api.routers.entities import LABELS, check_label
from graph.analytics import Centrality, CentralityCache, Pending

router = APIRouter(tags=["analytics"])


@router.get(
    "/analytics/central",
    summary="Most connected and brokerage actors",
    response_model=Centrality,
    responses={
        202: {
            "model": Pending,
            "description": "Still computing (large graphs): ask again after the Retry-After header's seconds",
        },
        **problems(400, 422),
    },
)
def central(
    request: Request,
    store: StoreDep,
    type: Annotated[
        str | None, Query(description="Only actors of this class", json_schema_extra={"enum": LABELS})
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> Centrality | Response:
    """Degree, betweenness, and who bridges Russian and Chinese organizations. Computed once per graph
    state, in the background; exact up to 2,000 nodes, sampled above (8-128 sources, by size). A graph
    that takes longer than AMUR_ANALYTICS_WAIT_S answers 202 until it is done. See bench/results.md
    for where it stops scaling."""
    check_label(type)
    cache: CentralityCache = request.app.state.centrality
    answer = cache.central(store, label=type, limit=limit)
    if isinstance(answer, Pending):
        headers = {"Retry-After": str(answer.retry_after)}
        return JSONResponse(answer.model_dump(), status_code=202, headers=headers)
    return answer
