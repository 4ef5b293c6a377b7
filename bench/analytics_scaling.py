"""How long /analytics/central's work takes on a graph, and its betweenness against networkx's.

python -m bench.analytics_scaling /tmp/amur-1m

Loads the store's shape in memory as a server does at start (timed apart), times the
projection (read through the contract into CSR arrays), then
`graph.analytics.compute` (degree, betweenness and RU-CN brokerage by graph.brandes in
numpy), then networkx's own `betweenness_centrality` and `betweenness_centrality_subset`
for the same sources on the same graph (built from the projection, untimed), in the same
process, and checks that both give the same scores.  Appends the figures and the
command to bench/results.md.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import networkx as nx

from bench.record import record
from graph.analytics import SEED, compute, project
from graph.embedded import EmbeddedStore


def main() -> None:
    data_dir = Path(sys.argv[1])
    store = EmbeddedStore(data_dir, read_only=True)
    try:
        started = time.perf_counter()
        store.warm()  # as a server does at start: the shape in memory, where relations' ends are read from
        warmed = time.perf_counter() - started
        started = time.perf_counter()
        projection = project(store)
        projected = time.perf_counter() - started
    finally:
        store.close()
    n, edges = len(projection.ids), projection.edges
    print(f"shape loaded in {warmed:.1f} s; projection: {n} nodes, {edges} edges in {projected:.1f} s", flush=True)
    started = time.perf_counter()
    compute(projection)
    ours = time.perf_counter() - started
    k = projection.sampled
    print(f"ours (degree, betweenness k={k}, RU-CN brokerage): {ours:.1f} s", flush=True)
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(
        (a, int(b)) for a in range(n) for b in projection.indices[projection.indptr[a] : projection.indptr[a + 1]]
    )
    started = time.perf_counter()
    between = nx.betweenness_centrality(g, k=k, normalized=True, seed=SEED)
    ru = [i for i, country in projection.countries.items() if country == "RU"]
    cn = [i for i, country in projection.countries.items() if country == "CN"]
    if k is not None and len(ru) > k:
        ru = random.Random(SEED).sample(sorted(ru, key=projection.ids.__getitem__), k)
    brokers = nx.betweenness_centrality_subset(g, sources=ru, targets=cn, normalized=True) if ru and cn else {}
    theirs = time.perf_counter() - started
    print(f"networkx, the same two measures: {theirs:.1f} s", flush=True)
    same = _close(projection.scores["betweenness"].tolist(), between, n) and _close(
        projection.scores["ru_cn_brokers"].tolist(), brokers, n
    )
    table = [
        "| shape load (server start) | projection | nodes | edges | sources | ours s | networkx s | networkx / ours "
        "| same scores |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| {warmed:.1f} s | {projected:.1f} s | {n} | {edges} | {k or 'all'} | {ours:.1f} "
        f"| {theirs:.1f} | {theirs / ours:.0f} | {'yes' if same else 'NO'} |",
    ]
    record(
        f"Analytics: betweenness by graph.brandes against networkx, {data_dir.name}",
        table,
        about=f"Projection: {n} nodes, {edges} edges.",
        how="in-process, one run; ours includes degree",
    )


def _close(ours: list[float], theirs: dict[int, float], n: int) -> bool:
    """networkx leaves out what it never reached (subset betweenness with no RU or CN): zero for us."""
    return all(abs(ours[i] - theirs.get(i, 0.0)) <= 1e-9 * max(1.0, abs(theirs.get(i, 0.0))) for i in range(n))


if __name__ == "__main__":
    main()
