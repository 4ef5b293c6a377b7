"""Embedded traversals against the engine's own: paths and neighbourhoods, in-process, one run.

python -m bench.traversal --data-dir /tmp/amur-1m --nodes 1000000 [--samples 60]

- the in-memory topology (graph.topology): how long loading it takes and what it costs in memory;
- shortest paths of at most 4 hops between random entities: ours (bidirectional BFS on the
  topology, then nodes and relations read by key) against LadybugDB's own `* SHORTEST 1..4`
  for the same pairs, sent through the store's read-only query (as an API consumer would);
  every pair must give the same number of hops;
- keeping the topology in step with a small write (graph.topology.Topology.extended), against loading it;
- depth-2 neighbourhoods (limit 500, full nodes and relations with evidence) against the
  engine's own variable-length match for the same reach returning ids only: a floor, since
  it reads no property at all;
- where a cut neighbourhood's time goes, its steps run one after the other: finding the reach
  in memory, reading its nodes, reading its relations, each split into the engine's statements
  (with fetching their rows) and the Python that turns rows into nodes and edges.

Medians and p95 of wall time; ratios are engine / ours (above 1: ours is faster).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from bench.api_latency import _ids
from bench.record import record
from graph.embedded import EmbeddedStore
from graph.merge import label_of
from graph.topology import Relations, Topology

# The engine's own answers, for comparison only: the store never sends these.
ENGINE_PATHS = "MATCH p = (a:{a} {{id: $a}})-[* SHORTEST 1..4]-(b:{b} {{id: $b}}) RETURN length(p)"
ENGINE_REACH = "MATCH (a:{a} {{id: $id}})-[*1..2]-(b) RETURN DISTINCT b.id LIMIT 500"


def _timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = call()
    return (time.perf_counter() - started) * 1000, value


def _extend_ms(shape: Topology) -> float:
    """What keeping the shape in step with a small write costs: two new people holding a post."""
    kind = shape.type_index["HOLDS_POSITION"]
    table = int(shape.table[np.flatnonzero(shape.kind == kind)[0]])
    people = shape.counts["Person"]
    nodes = {"Person": [(people, "person:bench-new-1"), (people + 1, "person:bench-new-2")]}
    refs = np.array([2**40, 2**40 + 1], dtype=np.int64)  # beyond any stored offset
    written = [
        Relations(
            "HOLDS_POSITION",
            table,
            "Person",
            np.array([people, people + 1]),
            "Organization",
            np.zeros(2, dtype=np.int64),
            refs,
        )
    ]
    times = [_timed(partial(shape.extended, nodes, written))[0] for _ in range(5)]
    return statistics.median(times)


def _parts(store: EmbeddedStore, entity_ids: list[str]) -> str:
    """Medians of a cut neighbourhood's steps, run one after the other (the store runs the two reads at once)."""
    engine = [0.0]
    run = store._run

    def timed_run(statement: str, params: Any = None) -> Any:
        ms, rows = _timed(partial(run, statement, params))
        engine[0] += ms
        return rows

    store._run = timed_run  # type: ignore[method-assign]
    steps: dict[str, list[float]] = {}
    for entity_id in entity_ids:
        shape, (start,) = store._locate(entity_id)
        if start is None:
            continue
        reach_ms, reach = _timed(partial(shape.reach, start, 2, None, 500))
        if not reach.truncated:
            continue
        engine[0] = 0.0
        nodes_ms, _ = _timed(partial(store.get_many, shape.entities(reach.nodes)))
        nodes_engine, engine[0] = engine[0], 0.0
        edges_ms, _ = _timed(partial(store._relations, shape, reach.entries.tolist()))
        for name, ms in (
            ("reach", reach_ms),
            ("nodes: engine", nodes_engine),
            ("nodes: Python", nodes_ms - nodes_engine),
            ("relations: engine", engine[0]),
            ("relations: Python", edges_ms - engine[0]),
        ):
            steps.setdefault(name, []).append(ms)
    store._run = run  # type: ignore[method-assign]
    cuts = len(steps.get("reach", []))
    return f"{cuts} cut neighbourhoods, medians, ms: " + ", ".join(
        f"{name} {statistics.median(times):.1f}" for name, times in steps.items()
    )


def _row(name: str, ours: list[float], engine: list[float], note: str) -> str:
    def q(xs: list[float], p: float) -> float:
        return sorted(xs)[min(len(xs) - 1, int(p * len(xs)))]

    ratio = statistics.median(engine) / statistics.median(ours)
    return (
        f"| {name} | {len(ours)} | {q(ours, 0.5):.1f} / {q(ours, 0.95):.1f} | "
        f"{q(engine, 0.5):.1f} / {q(engine, 0.95):.1f} | {ratio:.1f} | {note} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--nodes", type=int, required=True, help="The --nodes the graph was generated with")
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    store = EmbeddedStore(args.data_dir, read_only=True)
    rng = random.Random(args.seed)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    load_ms, _ = _timed(store.warm)  # what the first traversal would pay
    rss_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024

    grow_ms = _extend_ms(store._shape())
    pairs = list(zip(_ids(args.nodes, rng, args.samples), _ids(args.nodes, rng, args.samples), strict=True))
    ours_p, engine_p, connected = [], [], 0
    for a, b in pairs:
        store.paths(a, b, max_hops=4)  # warm: both sides read the same pages
        ms, found = _timed(partial(store.paths, a, b, max_hops=4))
        statement = ENGINE_PATHS.format(a=label_of(a), b=label_of(b))
        engine_ms, result = _timed(partial(store.query, statement, {"a": a, "b": b}))
        rows = result.rows
        if [len(p.edges) for p in found] != [r[0] for r in rows]:
            raise SystemExit(f"paths disagree for {a} -> {b}: ours {found}, engine {rows}")
        ours_p.append(ms)
        engine_p.append(engine_ms)
        connected += bool(found)

    ours_n, engine_n, cut = [], [], 0
    neighbourhoods = _ids(args.nodes, rng, args.samples)
    for entity_id in neighbourhoods:
        store.neighbourhood(entity_id, depth=2)
        ms, sub = _timed(partial(store.neighbourhood, entity_id, depth=2))
        statement = ENGINE_REACH.format(a=label_of(entity_id))
        engine_ms, _ = _timed(partial(store.query, statement, {"id": entity_id}))
        ours_n.append(ms)
        engine_n.append(engine_ms)
        cut += sub.truncated
    parts = _parts(store, neighbourhoods)
    counts = store.counts()
    store.close()

    table = [
        "| traversal | samples | ours p50 / p95 ms | engine p50 / p95 ms | engine / ours (medians) | notes |",
        "|---|---|---|---|---|---|",
        _row(
            "shortest path ≤ 4 hops",
            ours_p,
            engine_p,
            f"{connected} of {len(pairs)} pairs connected; hop counts equal for every pair",
        ),
        _row(
            "neighbourhood depth 2, limit 500",
            ours_n,
            engine_n,
            f"{cut} cut at 500; engine: ids only, no property read (a floor)",
        ),
    ]
    header = (
        f"Topology and timeline index: {counts.total_nodes} nodes, {counts.total_relationships} relations, "
        f"loaded in {load_ms / 1000:.1f} s, +{rss_mb:.0f} MB peak RSS; a write of 2 entities and 2 relations "
        f"extends it in {grow_ms:.0f} ms (median of 5; {load_ms / grow_ms:.0f}x less than loading it). "
        f"Where the time goes, steps one after the other: {parts}."
    )
    print(header)
    record(
        f"Embedded traversals against the engine's own, {args.nodes} nodes",
        table,
        about=header,
        how="in-process, each traversal run once untimed first",
    )


if __name__ == "__main__":
    main()
