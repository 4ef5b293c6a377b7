"""HTTP latency of the API on a graph made by bench/synth.py, with a real client against uvicorn.

Starts `amur serve --read-only` on a free local port in a subprocess, draws
random entities of the synthetic graph (its ids are `<prefix>:s<i>`), and
times, one request at a time over a keep-alive httpx client: a cold pass (the
first touch of each entity, when the engine reads its pages from disk) and the
same requests again, --warm-passes times (warm, as on a server that has been
running; each figure is the median over those passes, since the machines here
are shared and one pass can be slowed by a neighbour):

- search: the entity's name as typed, inflected (+'а'), a 5-letter prefix, one
  swapped letter, and its Latin/pinyin alias; quality = expected id in the top 10.
  The prefix and the typo are cut from the name's longest word, which alone is often
  shared by more than ten entities at 1M: its own hit rate, asked untimed, is the
  ceiling those two are read against
- entity: the card
- neighbours: depth 2 (limit 500)
- paths: two random entities, max_hops=4 (shortest; many pairs have none)
- events: a timeline page (100 entries, events and dated relations) for one
  random month, or for one random territory (events held there or inside it)
- health: /health, as a load balancer would ask it (one trivial engine statement)
- analytics: /analytics/central once, cold (projection + betweenness): the time
  until it answers 200, asking again as its 202 answers' Retry-After says

Prints p50/p95/p99/max per endpoint and appends them, with the command, to
bench/results.md.

    python -m bench.api_latency --data-dir /tmp/amur-100k --nodes 100000 --label "100k, upsert-built"
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.record import record
from bench.synth import SHARES
from ontology.model import ontology

ANALYTICS_PATIENCE_S = 3600


@dataclass
class Series:
    name: str
    times_ms: list[float] = field(default_factory=list)
    ok: int = 0
    note: str = ""

    def quantile(self, q: float) -> float:
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")

    def row(self) -> str:
        return (
            f"| {self.name} | {len(self.times_ms)} | {self.quantile(0.5):.1f} | {self.quantile(0.95):.1f} | "
            f"{self.quantile(0.99):.1f} | {max(self.times_ms, default=float('nan')):.1f} | {self.note} |"
        )


@dataclass
class Passes:
    """The same requests timed in several passes: each quantile is the median of the passes' own."""

    name: str
    passes: list[Series]

    def row(self) -> str:
        def median(values: list[float]) -> float:
            return statistics.median(values) if values else float("nan")

        q = {p: median([s.quantile(p) for s in self.passes]) for p in (0.5, 0.95, 0.99)}
        p95 = sorted(s.quantile(0.95) for s in self.passes)
        top = median([max(s.times_ms, default=float("nan")) for s in self.passes])
        note = "; ".join(
            n
            for n in (self.passes[0].note, f"median of {len(self.passes)} passes (p95 {p95[0]:.1f}-{p95[-1]:.1f})")
            if n
        )
        return (
            f"| {self.name} | {sum(len(s.times_ms) for s in self.passes)} | {q[0.5]:.1f} | {q[0.95]:.1f} | "
            f"{q[0.99]:.1f} | {top:.1f} | {note} |"
        )


@contextmanager
def serving(data_dir: Path) -> Iterator[str]:
    """`amur serve --read-only` on the graph, on a free local port, until the block ends: its base URL."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-c", "from api.cli import app; app()", "--data-dir", str(data_dir), "serve"]
    server = subprocess.Popen([*command, "--port", str(port), "--read-only", "--log-level", "warning"])
    try:
        _wait(base, server.poll)
        yield base
    finally:
        server.terminate()  # kill after 30 s if the graceful stop hangs
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _ids(nodes: int, rng: random.Random, n: int) -> list[str]:
    counts = {label: max(1, int(nodes * share)) for label, share in SHARES.items()}
    counts["Person"] += nodes - sum(counts.values())
    labels = [label for label in counts if label != "Article"]
    weights = [counts[label] for label in labels]
    out = []
    for label in rng.choices(labels, weights=weights, k=n):
        out.append(f"{ontology().classes[label].id_prefix}:s{rng.randrange(counts[label])}")
    return out


WORD = "longest word"  # asked untimed: the ceiling of prefix and typo


def _variants(card: dict[str, Any], rng: random.Random) -> list[tuple[str, str]]:
    entity = card["entity"]
    name: str = entity["name"]
    words = [w.strip("«»") for w in name.split() if len(w.strip("«»")) >= 5]
    longest = max(words, key=len) if words else name
    out = [(WORD, longest), ("as typed", name)]
    if entity["label"] == "Person" and len(name.split()) == 2 and not name.endswith("а"):
        out.append(("inflected", name + "а"))
    out.append(("prefix", longest[:5]))
    if len(longest) >= 6:
        i = rng.randrange(1, len(longest) - 2)
        out.append(("typo", longest[:i] + longest[i + 1] + longest[i] + longest[i + 2 :]))
    latin = entity["names"].get("en") or []
    if latin:
        out.append(("latin/pinyin", latin[0]))
    return out


def _hit(response: httpx.Response, expected: str) -> int:
    return int(any(h["node"]["id"] == expected for h in response.json()["items"]))


def _time(client: httpx.Client, series: Series, url: str, params: dict[str, Any] | None = None) -> httpx.Response:
    started = time.perf_counter()
    response = client.get(url, params=params)
    series.times_ms.append((time.perf_counter() - started) * 1000)
    if response.status_code == 200:
        series.ok += 1
    return response


def _plan(client: httpx.Client, nodes: int, samples: int, rng: random.Random) -> dict[str, list[Any]]:
    """The requests to time. Names come from one untimed card per sampled entity."""
    search: list[tuple[str, str, str]] = []
    word_hits: list[int] = []
    entities = _ids(nodes, rng, samples)
    for entity_id in entities:
        card = client.get(f"/entities/{entity_id}").json()
        for kind, text in _variants(card, rng):
            if kind == WORD:
                word_hits.append(_hit(client.get("/entities", params={"q": text, "limit": 10}), entity_id))
            else:
                search.append((kind, text, entity_id))
    cards = _ids(nodes, rng, samples)
    return {
        "search": search,
        "word_hits": word_hits,
        "entity": cards,
        "neighbours": _ids(nodes, rng, samples),
        "paths": list(zip(_ids(nodes, rng, samples // 2), _ids(nodes, rng, samples // 2), strict=True)),
        "events": [_timeline(nodes, rng, i) for i in range(max(2, samples // 4))],
    }


def _timeline(nodes: int, rng: random.Random, i: int) -> dict[str, str]:
    """A month (even i) or a territory (odd i): the two ways analysts open a timeline."""
    if i % 2 == 0:
        month = f"{rng.randint(2015, 2026)}-{rng.randint(1, 12):02d}"
        return {"from": month, "to": month}
    territories = max(1, int(nodes * SHARES["Territory"]))
    return {"territory": f"{ontology().classes['Territory'].id_prefix}:s{rng.randrange(territories)}"}


def _pass(client: httpx.Client, plan: dict[str, list[Any]], tag: str) -> list[Series]:
    search, entity = Series(f"search ({tag})"), Series(f"entity card ({tag})")
    neighbours, paths = Series(f"neighbours d=2 ({tag})"), Series(f"paths ≤4 hops ({tag})")
    events, health = Series(f"events, one page ({tag})"), Series(f"health ({tag})")
    by_kind: dict[str, list[int]] = {}
    for kind, text, expected in plan["search"]:
        found = _time(client, search, "/entities", {"q": text, "limit": 10})
        by_kind.setdefault(kind, []).append(_hit(found, expected))
    for entity_id in plan["entity"]:
        _time(client, entity, f"/entities/{entity_id}")
    cut = 0
    for entity_id in plan["neighbours"]:
        cut += bool(_time(client, neighbours, f"/entities/{entity_id}/neighbors", {"depth": 2}).json().get("truncated"))
    connected = 0
    for a, b in plan["paths"]:
        connected += bool(_time(client, paths, "/paths", {"from": a, "to": b, "max_hops": 4}).json().get("paths"))
    for _ in plan["entity"]:
        _time(client, health, "/health")
    entries = [len(_time(client, events, "/events", params).json().get("items", [])) for params in plan["events"]]
    search.note = "top-10 hit rate: " + ", ".join(f"{k} {sum(v) / len(v):.0%}" for k, v in by_kind.items())
    word = plan["word_hits"]
    search.note += f" (the longest word as it is, untimed: {sum(word) / max(len(word), 1):.0%})"
    neighbours.note = f"{cut} of {len(plan['neighbours'])} cut at 500 nodes"
    paths.note = f"{connected} of {len(plan['paths'])} pairs connected within 4 hops"
    events.note = f"months and territories alternate; median {statistics.median(entries):.0f} entries a page"
    out = [search, entity, neighbours, paths, events, health]
    for series in out:
        failed = len(series.times_ms) - series.ok
        if failed:
            series.note += f"; {failed} non-200"
    return out


def run(
    base: str, nodes: int, samples: int, seed: int, analytics: bool = True, warm_passes: int = 3
) -> tuple[list[Series | Passes], dict[str, Any]]:
    """A cold pass (first touch of every entity: the engine reads its pages) and the same requests again."""
    rng = random.Random(seed)
    client = httpx.Client(base_url=base, timeout=600)
    stats = client.get("/stats").json()
    client.get("/entities", params={"q": "Сергея"})  # loads the lemmatizer
    first = Series("first entity card after start (once)")
    _time(client, first, f"/entities/{_ids(nodes, random.Random(seed + 1), 1)[0]}")
    first.note = "waits for the in-memory topology the server loads in the background at start (graph.topology)"
    plan = _plan(client, nodes, samples, rng)
    cold = _pass(client, plan, "cold")
    passes = [_pass(client, plan, "warm") for _ in range(warm_passes)]
    warm = [Passes(same[0].name, list(same)) for same in zip(*passes, strict=True)]
    series: list[Series | Passes] = [first, *(s for pair in zip(cold, warm, strict=True) for s in pair)]
    if not analytics:
        return series, stats
    central = Series("analytics/central (once, until computed)")
    started = time.perf_counter()
    answer = client.get("/analytics/central", params={"limit": 5})
    polls = 1
    while answer.status_code == 202 and time.perf_counter() - started < ANALYTICS_PATIENCE_S:
        time.sleep(min(float(answer.headers.get("Retry-After", "1")), 5.0))
        answer = client.get("/analytics/central", params={"limit": 5})
        polls += 1
    central.times_ms.append((time.perf_counter() - started) * 1000)
    if answer.status_code == 200:
        central.ok += 1
        body = answer.json()
        central.note = (
            f"projection {body.get('nodes')} nodes / {body.get('edges')} edges, betweenness sampled from "
            f"{body.get('sampled_sources')} sources; {polls} request(s), 202 while computing"
        )
    else:
        central.note = f"not computed within {ANALYTICS_PATIENCE_S} s (last status {answer.status_code})"
    return [*series, central], stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--nodes", type=int, required=True, help="The --nodes the graph was generated with")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--label", default="")
    parser.add_argument("--build", default="", help="How the graph was built and how long it took (for the record)")
    parser.add_argument("--skip-analytics", action="store_true", help="Do not time /analytics/central")
    parser.add_argument("--warm-passes", type=int, default=3, help="Warm passes over the same requests")
    args = parser.parse_args()
    with serving(args.data_dir) as base:
        series, stats = run(
            base, args.nodes, args.samples, args.seed, analytics=not args.skip_analytics, warm_passes=args.warm_passes
        )
    table = [
        "| endpoint | requests | p50 ms | p95 ms | p99 ms | max ms | notes |",
        "|---|---|---|---|---|---|---|",
        *(s.row() for s in series),
    ]
    record(
        f"API latency, {args.label or args.nodes}",
        table,
        about=f"Graph: {stats['total_entities']} entities, {stats['total_relations']} relations. {args.build}",
        how="one client, sequential requests over keep-alive, uvicorn (1 worker) on 127.0.0.1, store read-only",
    )


def _wait(base: str, poll: Callable[[], int | None]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if poll() is not None:
            raise SystemExit("the server exited")
        try:
            if httpx.get(f"{base}/health", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not come up")


if __name__ == "__main__":
    main()
