"""Operations on the neutral Subgraph shape that the API and the views share."""

from __future__ import annotations

from graph.dates import Window, span
from graph.shapes import Subgraph


def within_dates(sub: Subgraph, root: str, since: str | None, until: str | None) -> Subgraph:
    """Drops dated edges outside [since, until] (undated ones stay) and the nodes no longer reached from root."""
    if since is None and until is None:
        return sub
    window = Window(since, until)
    spans = [(edge, span(edge.properties)) for edge in sub.edges]
    edges = [edge for edge, dates in spans if dates == (None, None) or window.holds(*dates)]
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
