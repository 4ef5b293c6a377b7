"""How fast an overview settles in a real browser, against pyvis's defaults on the same graph.

For each size a synthetic graph is loaded into a real embedded store; our
overview (Python layout, short bounded relaxation, physics off) and a plain
pyvis page (default options, vis-network inlined so it can load offline)
are opened from file:// in Debian's chromium with every other request
refused.  The page is timed from the moment vis.Network is constructed
until nothing moves any more: for ours, the page's own settled mark (its
bounded relaxation done at `stabilizationIterationsDone` and physics
switched off; past 3,000 nodes no relaxation runs and the mark is the
first drawing of the Python layout); for pyvis defaults, the `stabilized`
event that follows its iterations (its physics keeps running after them).

    python -m bench.viz_settle [--sizes 200,2000,5000] [--runs 3] [--timeout 120]

Prints medians and the ratio, and appends them with the command to
bench/results.md.  Not a test: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from pyvis.network import Network

from bench.synthetic_graph import generate
from graph.embedded import EmbeddedStore
from ontology.model import ontology
from tests.viz.browser import PageLog, browser, chromium_path, offline_page, unavailable
from viz import views

RESULTS = Path(__file__).with_name("results.md")

# Wraps vis.Network as the UMD bundle defines it, so both pages are timed the same way.
TIMER = """
(() => {
  const rec = window.__bench = {events: {}};
  let visObject;
  Object.defineProperty(window, 'vis', {configurable: true, get() { return visObject; }, set(v) {
    visObject = v;
    let wrapped;
    Object.defineProperty(v, 'Network', {configurable: true, enumerable: true, get() { return wrapped; }, set(N) {
      wrapped = function (container, data, options) {
        rec.t0 = performance.now();
        const net = new N(container, data, options);
        rec.constructed = performance.now();
        ['stabilizationIterationsDone', 'stabilized', 'afterDrawing'].forEach(ev => net.on(ev, () => {
          if (!(ev in rec.events)) { rec.events[ev] = performance.now(); }
        }));
        return net;
      };
      wrapped.prototype = N.prototype;
    }});
  }});
})();
"""


def load_store(n: int, where: Path) -> tuple[EmbeddedStore, float]:
    store = EmbeddedStore(where)
    store.setup_schema()
    entities, relations = generate(n)
    started = time.perf_counter()
    store.upsert(entities, relations)
    return store, time.perf_counter() - started


def pyvis_default_page(store: EmbeddedStore) -> str:
    """pyvis as people use it: Network(), add_node/add_edge, defaults; inlined so it can load offline."""
    net = Network(cdn_resources="in_line", directed=True)
    for label in ontology().labels:
        if label == "Article":
            continue
        for batch in store.iter_nodes(label):
            for node in batch:
                net.add_node(node.id, label=node.name)
    known = set(net.node_ids)
    for rel_type in ontology().relationship_types:
        if rel_type == "MENTIONED_IN":
            continue
        for ebatch in store.iter_edges(rel_type):
            for edge in ebatch:
                if edge.src in known and edge.dst in known:
                    net.add_edge(edge.src, edge.dst)
    html: str = net.generate_html()
    return html


def measure(context: Any, page_file: Path, ours: bool, timeout_s: float) -> dict[str, Any]:
    log = PageLog()
    with offline_page(context, log) as page:
        page.add_init_script(TIMER)
        # Only wait for the navigation to start: a page busy laying out blocks its own load event.
        page.goto(page_file.as_uri(), wait_until="commit")
        # Ours says when it is still (its own relaxation done and physics off, or its preset layout drawn).
        done = (
            "window.amur && window.amur.settled === true"
            if ours
            else "window.__bench && 'stabilized' in window.__bench.events"
        )
        try:
            page.wait_for_load_state("load", timeout=int(timeout_s * 1000))
            page.wait_for_function(done, timeout=int(timeout_s * 1000))
            rec = page.evaluate("window.__bench")
            if ours:
                rec["events"]["settled"] = page.evaluate("window.amur.timings.settledAt")
        except PlaywrightTimeout:
            rec = {}  # still busy: asking it anything would wait for it
    events = rec.get("events", {})
    t0 = rec.get("t0", 0.0)
    settle = events.get("settled" if ours else "stabilized")
    return {
        "settle_s": _since(settle, t0),
        "iterations_done_s": None
        if "stabilizationIterationsDone" not in events
        else (events["stabilizationIterationsDone"] - t0) / 1000,
        "from_navigation_s": None if settle is None else settle / 1000,
        "blocked": len(log.blocked),
        "errors": len(log.page_errors),
    }


def _since(when: float | None, t0: float) -> float | None:
    return None if when is None else (when - t0) / 1000


def median(values: list[float | None]) -> float | None:
    real = [v for v in values if v is not None]
    return statistics.median(real) if real and len(real) == len(values) else None


def fmt(value: float | None, timeout: float) -> str:
    return f">{timeout:g}" if value is None else f"{value:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200,2000,5000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for a page to settle")
    parser.add_argument("--no-record", action="store_true", help="do not append to bench/results.md")
    args = parser.parse_args()
    if (why := unavailable()) is not None:
        print(f"cannot run: {why}", file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="amur-bench-") as tmp, browser() as context:
        for n in sizes:
            store, load_s = load_store(n, Path(tmp) / f"store-{n}")
            started = time.perf_counter()
            ours_html = views.overview(store)
            build_s = time.perf_counter() - started
            started = time.perf_counter()
            pyvis_html = pyvis_default_page(store)
            pyvis_build_s = time.perf_counter() - started
            counts = store.counts()
            store.close()
            ours_file, pyvis_file = Path(tmp) / f"ours-{n}.html", Path(tmp) / f"pyvis-{n}.html"
            ours_file.write_text(ours_html, encoding="utf-8")
            pyvis_file.write_text(pyvis_html, encoding="utf-8")
            ours = [measure(context, ours_file, True, args.timeout) for _ in range(args.runs)]
            theirs = []
            for _ in range(args.runs):
                theirs.append(measure(context, pyvis_file, False, args.timeout))
                if theirs[-1]["settle_s"] is None:
                    break  # it will not settle within the timeout on the next run either
            row = {
                "n": n,
                "nodes": counts.total_nodes - counts.nodes["Article"],
                "edges": counts.total_relationships,
                "load_s": load_s,
                "build_s": build_s,
                "pyvis_build_s": pyvis_build_s,
                "ours": median([r["settle_s"] for r in ours]),
                "ours_nav": median([r["from_navigation_s"] for r in ours]),
                "pyvis": median([r["settle_s"] for r in theirs]),
                "pyvis_iter": median([r["iterations_done_s"] for r in theirs]),
                "ours_blocked": max(r["blocked"] for r in ours),
                "pyvis_blocked": max(r["blocked"] for r in theirs),
                "errors": sum(r["errors"] for r in ours),
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    report = _report(rows, args)
    print(report)
    if not args.no_record:
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(report + "\n")
    return 0


def _report(rows: list[dict[str, Any]], args: argparse.Namespace) -> str:
    chrome = subprocess.run([chromium_path() or "chromium", "--version"], capture_output=True, text=True, check=False)
    lines = [
        f"## viz_settle, {time.strftime('%Y-%m-%d %H:%M')} UTC",
        "",
        f"Command: `python -m bench.viz_settle {shlex.join(sys.argv[1:])}`".replace(" `", " `", 1),
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {chrome.stdout.strip()} headless, "
        f"--disable-gpu; medians of {args.runs} runs; timeout {args.timeout:g} s.",
        "",
        "Settle = from `new vis.Network` until nothing moves. Ours: the page's settled mark (bounded relaxation",
        "done at `stabilizationIterationsDone`, physics then off; above 3,000 nodes no relaxation, the first",
        "drawing of the Python layout). pyvis defaults: the `stabilized` event after its 1000 iterations.",
        "",
        "| nodes | edges | ours: settle s | pyvis defaults: settle s | ratio | pyvis: iterations done s "
        "| ours: from navigation s | ours: Python build s | pyvis: Python build s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = (
            f"{r['pyvis'] / r['ours']:.1f}x"
            if r["ours"] and r["pyvis"]
            else (f">{args.timeout / r['ours']:.0f}x" if r["ours"] else "n/a")
        )
        lines.append(
            f"| {r['nodes']} | {r['edges']} | {fmt(r['ours'], args.timeout)} "
            f"| {fmt(r['pyvis'], args.timeout)} | {ratio} "
            f"| {fmt(r['pyvis_iter'], args.timeout)} | {fmt(r['ours_nav'], args.timeout)} | {r['build_s']:.2f} "
            f"| {r['pyvis_build_s']:.2f} |"
        )
    blocked = ", ".join(f"{r['nodes']}: ours {r['ours_blocked']}, pyvis {r['pyvis_blocked']}" for r in rows)
    lines += ["", f"Requests refused (per page load): {blocked}.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
