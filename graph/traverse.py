"""Breadth-first neighbourhoods, shared by every backend so limits and truncation behave the same."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from graph.shapes import Edge, Node, Subgraph
from graph.store import MAX_DEPTH

# The relationships touching some nodes (by id), each with the node at its other end.
Incident = Callable[[Sequence[str]], Iterable[tuple[Edge, Node]]]


def expand(start: Node, depth: int, types: Sequence[str] | None, limit: int, incident: Incident) -> Subgraph:
    """Up to `depth` hops (1..MAX_DEPTH) around `start`, at most `limit` nodes, optionally only some types."""
    depth = max(1, min(depth, MAX_DEPTH))
    wanted = set(types) if types else None
    nodes: dict[str, Node] = {start.id: start}
    edges: dict[str, Edge] = {}
    frontier = [start.id]
    truncated = False
    for _ in range(depth):
        next_frontier: list[str] = []
        for edge, other in incident(frontier):
            if wanted is not None and edge.type not in wanted:
                continue
            if other.id not in nodes:
                if len(nodes) >= limit:
                    truncated = True
                    continue
                nodes[other.id] = other
                next_frontier.append(other.id)
            edges[edge.key] = edge
        frontier = next_frontier
        if not frontier:
            break
    return Subgraph(nodes=list(nodes.values()), edges=list(edges.values()), truncated=truncated)
