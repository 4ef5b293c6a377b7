"""Operations on the neutral Subgraph shape that the API and the views share."""

from __future__ import annotations

from graph.shapes import Subgraph
from graph.timeline import overlaps


def within_dates(sub: Subgraph, root: str, since: str | None, until: str | None) -> Subgraph:
    """Drops dated edges outside [since, until] (undated ones stay) and the nodes no longer reached from root."""
    if since is None and until is None:
        return sub
    edges = []
    for edge in sub.edges:
        start = edge.properties.get("start_date") or edge.properties.get("date")
        end = edge.properties.get("end_date")
        if (start is None and end is None) or overlaps(
            str(start) if start else None, str(end) if end else None, since, until
        ):
            edges.append(edge)
    reached = {root}
    grew = True
    while grew:
        grew = False
        for edge in edges:
            if (edge.src in reached) != (edge.dst in reached):
                reached |= {edge.src, edge.dst}
                grew = True
    return Subgraph(
        nodes=[n for n in sub.nodes if n.id in reached],
        edges=[e for e in edges if e.src in reached and e.dst in reached],
        truncated=sub.truncated,
    )
