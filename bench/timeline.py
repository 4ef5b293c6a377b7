"""Timelines against reading every event and dated relation, in-process, one run.

python -m bench.timeline --data-dir /tmp/amur-1m [--samples 3]

First the store is warmed as a server does at start (the embedded store loads its shape, then
its timeline index, graph.dated_index), timed apart.  Then for random months,
`graph.timeline.timeline` (the store filters, orders and cuts each source, positions first:
`dated_event_positions`, `dated_relation_positions`, then reads what the page keeps with
`dated_events`, `dated_relations`) against the way it first worked: every event and every dated relation
through `iter_nodes` / `iter_edges`, filtered and sorted in Python with the same rules
(graph.dates).  Both must give the same first page; the ratio is scan / ours.  Then the
timeline is walked on by position to page 20 (or its last page), whose time over the first
page's says whether a deep page costs what the first does (keyset paging).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from bench.record import record
from graph.dates import Position, Window, dated_relation_types, sort_key, span
from graph.embedded import EmbeddedStore
from graph.store import GraphStore
from graph.timeline import timeline

PAGE = 100
DEEP = 20  # a page this far in (keyset paging: it should cost what the first does)


def scanned(store: GraphStore, window: Window) -> list[str]:
    """The first page by reading everything: ids of events and keys of relations, in timeline order."""
    found: list[tuple[tuple[bool, str, str, str], str]] = []
    for batch in store.iter_nodes("Event"):
        for node in batch:
            start, end = span(node.properties)
            if window.holds(start, end):
                found.append((sort_key(start, end, node.id), node.id))
    for rel_type in dated_relation_types():
        for edges in store.iter_edges(rel_type):
            for edge in edges:
                start, end = span(edge.properties)
                if (start or end) and window.holds(start, end):
                    found.append((sort_key(start, end, edge.key), edge.key))
    return [key for _, key in sorted(found)[:PAGE]]


def ours(store: GraphStore, window: Window) -> tuple[list[str], Position | None]:
    page = timeline(store, since=window.since, until=window.until, limit=PAGE)
    return [e.event.id if e.event else e.relation.key if e.relation else "" for e in page.entries], page.next_after


def deep(store: GraphStore, window: Window, after: Position | None) -> tuple[int, float]:
    """Walks on from the first page to page DEEP (or the last) by position; the last page's number and ms."""
    number, spent = 1, 0.0
    while after is not None and number < DEEP:
        started = time.perf_counter()
        after = timeline(store, since=window.since, until=window.until, limit=PAGE, after=after).next_after
        number, spent = number + 1, (time.perf_counter() - started) * 1000
    return number, spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--samples", type=int, default=3, help="Random months (the scan takes a minute each at 1M)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    store = EmbeddedStore(args.data_dir, read_only=True)
    started = time.perf_counter()
    store.warm()  # as a server does at start, in the background
    warmed = time.perf_counter() - started
    rng = random.Random(args.seed)
    rows, ours_ms, scan_ms, deep_ratio = [], [], [], []
    try:
        for _ in range(args.samples):
            month = f"{rng.randint(2015, 2026)}-{rng.randint(1, 12):02d}"
            window = Window(month, month)
            started = time.perf_counter()
            fast, after = ours(store, window)
            ours_ms.append((time.perf_counter() - started) * 1000)
            number, deep_ms = deep(store, window, after)
            deep_ratio.append(deep_ms / ours_ms[-1])
            started = time.perf_counter()
            slow = scanned(store, window)
            scan_ms.append((time.perf_counter() - started) * 1000)
            same = "yes" if fast == slow else "NO"
            times = f"{ours_ms[-1]:.0f} | {scan_ms[-1]:.0f} | {scan_ms[-1] / ours_ms[-1]:.0f}"
            rows.append(f"| {month} | {times} | {same} | {number}: {deep_ms:.0f} ({deep_ratio[-1]:.2f}) |")
            print(rows[-1], flush=True)
    finally:
        store.close()
    counts = f"{sum(store_counts(args.data_dir).values())} events and relations of the types that can carry dates"
    ratio = statistics.median(scan_ms) / statistics.median(ours_ms)
    table = [
        "| month | ours ms | scan ms | scan / ours | same first page | a deep page: number: ms (/ first page) |",
        "|---|---|---|---|---|---|",
        *rows,
        f"| median | {statistics.median(ours_ms):.0f} | {statistics.median(scan_ms):.0f} | {ratio:.0f} | "
        f"| ({statistics.median(deep_ratio):.2f}) |",
    ]
    record(
        f"Timelines against a full scan, {args.data_dir.name}",
        table,
        about=f"Graph: {counts}. Warmed in {warmed:.2f} s (the shape, then the timeline index over it).",
        how=f"in-process, a page of {PAGE}, each month once (ours first, so the scan finds the engine's pages warm)",
    )


def store_counts(data_dir: Path) -> dict[str, int]:
    store = EmbeddedStore(data_dir, read_only=True)
    try:
        counts = store.counts()
    finally:
        store.close()
    dated = {t: counts.relationships.get(t, 0) for t in dated_relation_types()}
    return {"Event": counts.nodes.get("Event", 0), **dated}


if __name__ == "__main__":
    main()
