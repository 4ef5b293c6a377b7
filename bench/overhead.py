"""What the HTTP layer adds to a request: the same work over HTTP and in-process, in one run.

    python -m bench.overhead --data-dir /tmp/amur-100k

Starts `amur serve --read-only` on the graph and opens the same file read-only in this
process (readers share it).  Times, one request at a time, `/health` against `store.ping()`,
an entity card against `graph.cards.build_card` and its depth-2 neighbourhood against
`store.neighbourhood` for the same entity, alternating the two paths; the first `--skip` of
each are dropped.  Prints p50/p95 of both and their difference,
and appends them with the command to bench/results.md.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from bench.api_latency import Series, serving
from bench.record import record
from graph.cards import build_card
from graph.embedded import EmbeddedStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--entity", default="person:s1", help="The entity whose card and neighbourhood are timed")
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--skip", type=int, default=100)
    args = parser.parse_args()
    rows = []
    with serving(args.data_dir) as base:
        store = EmbeddedStore(args.data_dir, read_only=True)
        client = httpx.Client(base_url=base)
        try:
            pairs: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
                ("`/health` / `store.ping()`", lambda: client.get("/health"), store.ping),
                (
                    f"`/entities/{args.entity}` / `build_card`",
                    lambda: client.get(f"/entities/{args.entity}"),
                    lambda: build_card(store, args.entity),
                ),
                (
                    f"`/entities/{args.entity}/neighbors?depth=2` / `store.neighbourhood`",
                    lambda: client.get(f"/entities/{args.entity}/neighbors", params={"depth": 2}),
                    lambda: store.neighbourhood(args.entity, depth=2),
                ),
            ]
            store.warm()  # the shape in memory, as the server has it
            for name, over_http, in_process in pairs:
                times: tuple[list[float], list[float]] = ([], [])
                for _ in range(args.requests):
                    for path, out in ((over_http, times[0]), (in_process, times[1])):
                        started = time.perf_counter()
                        path()
                        out.append((time.perf_counter() - started) * 1000)
                http, local = (Series(name, t[args.skip :]) for t in times)
                rows.append(
                    f"| {name} | {len(http.times_ms)} | {http.quantile(0.5):.2f} | {http.quantile(0.95):.2f} "
                    f"| {local.quantile(0.5):.2f} | {local.quantile(0.95):.2f} "
                    f"| {http.quantile(0.5) - local.quantile(0.5):.2f} |"
                )
        finally:
            client.close()
            store.close()
    table = [
        "| request / in-process call | requests | HTTP p50 ms | HTTP p95 ms | in-process p50 ms | in-process p95 ms "
        "| HTTP adds (p50) ms |",
        "|---|---|---|---|---|---|---|",
        *rows,
    ]
    record(
        f"What HTTP adds to a request, {args.data_dir.name}",
        table,
        about="The same store file, served by `amur serve --read-only` and opened read-only in the bench.",
        how="one client, sequential requests over keep-alive, uvicorn (1 worker) on 127.0.0.1, paths alternating",
    )


if __name__ == "__main__":
    main()
