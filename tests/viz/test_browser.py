"""Each view in a real browser (Debian's chromium, headless, via Playwright) with the network cut off.

Checks what a presenter would see: the page loads from a file:// URL with no
request to any host, no console error, a drawn canvas, the legend; filters
and the time window never blank the graph; hostile names stay text.
These tests never assert speed (bench/viz_settle.py measures that).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.embedded import EmbeddedStore
from viz import views

from .browser import PageLog, browser, offline_page, unavailable
from .conftest import XSS_NAME

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(unavailable() is not None, reason=f"browser tests skipped: {unavailable()}"),
]

VIEWS: dict[str, Callable[[EmbeddedStore], str]] = {
    "ego": lambda s: views.ego_view(s, "person:sergey-abramov", depth=2),
    "path": lambda s: views.path_view(s, "person:sergey-abramov", "person:li-hongzhong"),
    "event": lambda s: views.event_view(s, "event:russian-chinese-sme-forum-2025"),
    "project": lambda s: views.project_view(s, "project:blagoveshchensk-business-cooperation-centre"),
    "overview": lambda s: views.overview(s),
    "overview-clustered": lambda s: views.overview(s, cluster="territory"),
}

DRAWN_PIXELS = """() => {
  const c = document.querySelector('#net canvas');
  const ctx = c.getContext('2d');
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 16) { if (d[i + 3] > 0 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) n++; }
  return n;
}"""


@pytest.fixture(scope="module")
def chromium_context() -> Iterator[Any]:
    with browser() as context:
        yield context


def load(context: Any, path: Path, log: PageLog) -> Any:
    page_cm = offline_page(context, log)
    page = page_cm.__enter__()
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.amur && window.amur.settled === true", timeout=30_000)
    return page, page_cm


def visible_counts(page: Any) -> tuple[int, int]:
    counts: list[int] = page.evaluate(
        "() => [Object.keys(amur.network.body.nodes).filter(id => amur.network.body.nodeIndices.includes(id)).length,"
        " amur.network.body.edgeIndices.length]"
    )
    return counts[0], counts[1]


@pytest.mark.parametrize("kind", list(VIEWS))
def test_view_loads_offline_and_draws(kind: str, seeded: EmbeddedStore, chromium_context: Any, tmp_path: Path) -> None:
    path = tmp_path / f"{kind}.html"
    path.write_text(VIEWS[kind](seeded), encoding="utf-8")
    log = PageLog()
    page, cm = load(chromium_context, path, log)
    try:
        assert page.evaluate(DRAWN_PIXELS) > 500, "the canvas is blank"
        assert page.locator("#legend .legend-row").count() >= 2
        assert page.locator("#legend").is_visible()
        nodes, edges = visible_counts(page)
        assert nodes > 1 and edges > 0
    finally:
        cm.__exit__(None, None, None)
    assert log.blocked == [] and log.failed == []
    assert log.console_errors == [] and log.page_errors == []
    assert not (tmp_path / "lib").exists()


def test_filters_and_time_window_never_blank_the_graph(
    seeded: EmbeddedStore, chromium_context: Any, tmp_path: Path
) -> None:
    path = tmp_path / "ego.html"
    path.write_text(views.ego_view(seeded, "person:sergey-abramov", depth=2), encoding="utf-8")
    log = PageLog()
    page, cm = load(chromium_context, path, log)
    try:
        all_nodes, all_edges = visible_counts(page)
        page.uncheck("input[data-class=Event]")
        nodes, _ = visible_counts(page)
        assert 1 <= nodes < all_nodes
        assert page.evaluate(DRAWN_PIXELS) > 500
        page.uncheck("input[data-type=HOLDS_POSITION]")
        page.uncheck("input[data-type=INVOLVED_IN]")
        page.uncheck("input[data-type=PARTICIPATED_IN]")
        nodes, edges = visible_counts(page)
        assert nodes >= 1, "the focus stays"
        assert page.evaluate(DRAWN_PIXELS) > 100, "still drawn"
        page.click("#reset")
        assert visible_counts(page) == (all_nodes, all_edges)
        # The time window: undated facts off, then a window with dated facts in it.
        page.uncheck("#undated")
        nodes, edges = visible_counts(page)
        assert nodes >= 1
        assert edges < all_edges
        page.check("#undated")
        assert visible_counts(page) == (all_nodes, all_edges)
    finally:
        cm.__exit__(None, None, None)
    assert log.console_errors == [] and log.page_errors == []


def test_hostile_names_stay_text_in_page_and_tooltip(
    hostile: EmbeddedStore, chromium_context: Any, tmp_path: Path
) -> None:
    path = tmp_path / "evil.html"
    path.write_text(views.ego_view(hostile, "person:evil", depth=2), encoding="utf-8")
    log = PageLog()
    page, cm = load(chromium_context, path, log)
    try:
        # Hover every node and edge midpoint so each tooltip is built at least once.
        spots = page.evaluate(
            """() => {
              const net = amur.network, out = [];
              for (const id of net.body.nodeIndices) { out.push(net.canvasToDOM(net.getPosition(id))); }
              for (const id of net.body.edgeIndices) {
                const e = net.body.edges[id];
                out.push(net.canvasToDOM({x: (e.from.x + e.to.x) / 2, y: (e.from.y + e.to.y) / 2}));
              }
              const r = document.getElementById('net').getBoundingClientRect();
              return out.map(p => [p.x + r.left, p.y + r.top]);
            }"""
        )
        seen = []
        for x, y in spots:
            page.mouse.move(x, y)
            page.wait_for_timeout(60)
            if page.locator("#tip").is_visible():
                seen.append(page.locator("#tip").inner_text())
            page.mouse.click(x, y)
        assert any(XSS_NAME in text for text in seen), "the name is shown literally"
        assert page.locator("#tip img, #details img, #tip svg, #details svg, #tip script").count() == 0
        assert page.evaluate("window.__xss === undefined")
    finally:
        cm.__exit__(None, None, None)
    assert log.dialogs == []
    assert log.page_errors == []
    assert log.blocked == []


def test_time_window_slider_narrows_dated_facts(seeded: EmbeddedStore, chromium_context: Any, tmp_path: Path) -> None:
    path = tmp_path / "overview.html"
    path.write_text(views.overview(seeded), encoding="utf-8")
    log = PageLog()
    page, cm = load(chromium_context, path, log)
    try:
        months = page.evaluate("amur.data.window.months")
        assert len(months) > 1, "the sample data spans several months"
        all_nodes, all_edges = visible_counts(page)
        # Only the first month: the 2026 forums and their relations drop out, the rest stays.
        page.evaluate(
            "() => { const to = document.getElementById('to'); to.value = '0'; to.dispatchEvent(new Event('input')); }"
        )
        nodes, edges = visible_counts(page)
        assert 1 < nodes < all_nodes and edges < all_edges
        assert page.locator("#window-value").inner_text() == months[0]
        assert page.evaluate(DRAWN_PIXELS) > 500
        assert page.locator("#shown").inner_text() != ""
    finally:
        cm.__exit__(None, None, None)
    assert log.console_errors == [] and log.page_errors == []
