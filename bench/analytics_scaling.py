"""How long /analytics/central's work takes on a graph, and its betweenness against networkx's.

python -m bench.analytics_scaling /tmp/amur-1m

Times the projection (read through the contract), then `graph.analytics.compute` (degree,
betweenness and RU-CN brokerage by graph.brandes in numpy), then networkx's own
`betweenness_centrality` and `betweenness_centrality_subset` for the same sources, in the
same process, and checks that both give the same scores.  Appends the figures and the
command to bench/results.md.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import networkx as nx

from bench.record import record
from graph.analytics import SEED, _country, compute, project
from graph.embedded import EmbeddedStore


def main() -> None:
    data_dir = Path(sys.argv[1])
    store = EmbeddedStore(data_dir, read_only=True)
    try:
        started = time.perf_counter()
        projection = project(store)
        projected = time.perf_counter() - started
    finally:
        store.close()
    g = projection.graph
    print(f"projection: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges in {projected:.1f} s", flush=True)
    started = time.perf_counter()
    compute(projection)
    ours = time.perf_counter() - started
    k = projection.sampled
    print(f"ours (degree, betweenness k={k}, RU-CN brokerage): {ours:.1f} s", flush=True)

    started = time.perf_counter()
    between = nx.betweenness_centrality(g, k=k, normalized=True, seed=SEED)
    orgs = [i for i, node in projection.nodes.items() if node.label == "Organization"]
    ru = [i for i in orgs if _country(projection.nodes[i]) == "RU"]
    cn = [i for i in orgs if _country(projection.nodes[i]) == "CN"]
    if k is not None and len(ru) > k:
        ru = random.Random(SEED).sample(sorted(ru), k)
    brokers = nx.betweenness_centrality_subset(g, sources=ru, targets=cn, normalized=True) if ru and cn else {}
    theirs = time.perf_counter() - started
    print(f"networkx, the same two measures: {theirs:.1f} s", flush=True)
    same = _close(projection.scores["betweenness"], between) and _close(projection.scores["ru_cn_brokers"], brokers)

    table = [
        "| projection | nodes | edges | sources | ours s | networkx s | networkx / ours | same scores |",
        "|---|---|---|---|---|---|---|---|",
        f"| {projected:.1f} s | {g.number_of_nodes()} | {g.number_of_edges()} | {k or 'all'} | {ours:.1f} "
        f"| {theirs:.1f} | {theirs / ours:.0f} | {'yes' if same else 'NO'} |",
    ]
    record(
        f"Analytics: betweenness by graph.brandes against networkx, {data_dir.name}",
        table,
        about=f"Projection: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges.",
        how="in-process, one run; ours includes degree",
    )


def _close(ours: dict[str, float], theirs: dict[str, float]) -> bool:
    return ours.keys() == theirs.keys() and all(abs(ours[i] - v) <= 1e-9 * max(1.0, abs(v)) for i, v in theirs.items())


if __name__ == "__main__":
    main()
