"""How long /analytics/central's work takes on a graph: projection, degree, one BFS, betweenness.

python -m bench.analytics_scaling /tmp/amur-1m
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import networkx as nx

from graph.analytics import compute, project
from graph.embedded import EmbeddedStore


def main() -> None:
    store = EmbeddedStore(Path(sys.argv[1]), read_only=True)
    started = time.perf_counter()
    projection = project(store)
    g = projection.graph
    print(
        f"projection {g.number_of_nodes()} nodes {g.number_of_edges()} edges in {time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    dict(g.degree())
    print(f"degree {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    nx.single_source_shortest_path_length(g, next(iter(g)))
    print(f"one BFS {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    compute(projection)
    print(f"betweenness (k={projection.sampled}) + RU-CN brokerage {time.perf_counter() - started:.1f} s")
    store.close()


if __name__ == "__main__":
    main()
