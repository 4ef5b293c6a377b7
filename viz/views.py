"""The five presenter views, one function each, reading only through the storage contract.

Each `*_view` returns the finished text (HTML by default, or SVG) so the CLI
and the API serve the same thing; each `build_*` returns the View itself
for callers that render both.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from typing import Literal

from graph.shapes import Edge, Node
from graph.store import MAX_DEPTH, GraphStore, NotFound
from ontology.model import ontology
from viz import html, layout, svg, timeline
from viz.clusters import cluster_keys
from viz.collect import apply_window, default_types, display_name, to_view
from viz.model import Step, View
from viz.relations import (
    EDITION_OF,
    HELD_IN,
    HOLDS_POSITION,
    INVOLVED_IN,
    LOCATED_IN,
    MENTIONED_IN,
    ORGANIZED,
    PART_OF,
    PARTICIPATED_IN,
    PROPOSED,
    SUPPORTED,
)
from viz.styles import edge_style
from viz.text import ui

Format = Literal["html", "svg"]
EDGE_LABELS_UP_TO = 70  # more edge labels than this only clutter; tooltips carry them
OVERVIEW_LABELS = 60
RELAX_UP_TO = 3000


class ViewError(ValueError):
    """The request cannot make a view (wrong class of entity, bad dates)."""


def render(view: View, fmt: Format = "html") -> str:
    return svg.render(view) if fmt == "svg" else html.render(view)


def _require(store: GraphStore, entity_id: str, label: str | None = None) -> Node:
    node = store.get(entity_id)
    if node is None:
        raise NotFound(f"no entity with id {entity_id!r}")
    if label and node.label != label:
        raise ViewError(f"{entity_id} is a {node.label}, not a {label}")
    return node


def _window(since: str | None, until: str | None) -> timeline.Interval | None:
    try:
        return timeline.window(since, until)
    except ValueError as exc:
        raise ViewError(str(exc)) from exc


def _relation_types(types: Sequence[str] | None) -> list[str]:
    wanted = list(types) if types else default_types()
    unknown = [t for t in wanted if t not in ontology().relations]
    if unknown:
        known = ", ".join(ontology().relationship_types)
        raise ViewError(f"unknown relation types: {', '.join(unknown)} (known: {known})")
    return wanted


def _window_note(since: str | None, until: str | None) -> str:
    if since is None and until is None:
        return ""
    return f" · {since or '…'} – {until or '…'}"


def _radial_view(
    store: GraphStore,
    kind: str,
    root: Node,
    nodes: dict[str, Node],
    edges: Sequence[Edge],
    lang: str,
    title: str,
    win: timeline.Interval | None,
    group: Callable[[Edge, str], int],
) -> View:
    nodes, kept = apply_window(nodes, edges, win, keep={root.id})
    vnodes, vedges = to_view(store, nodes, kept, lang, focus=[root.id])
    link: dict[tuple[str, str], Edge] = {}
    for e in kept:
        link.setdefault((e.src, e.dst), e)
        link.setdefault((e.dst, e.src), e)
    order = {t: i for i, t in enumerate(ontology().relationship_types)}

    def rank(parent: str, child: str) -> tuple[Hashable, ...]:
        e = link.get((parent, child))
        if e is None:
            return (99, 99, child)
        return (group(e, parent), order.get(e.type, 99), nodes[child].label, display_name(nodes[child], lang), child)

    pos = layout.radial(root.id, [n.id for n in vnodes], [(e.src, e.dst) for e in kept], rank)
    for n in vnodes:
        n.x, n.y = pos[n.id]
        n.size = 28.0 if n.focus else 13.0 + min(9.0, 2.2 * math.sqrt(n.degree))
    if len(vedges) > EDGE_LABELS_UP_TO:
        for ve in vedges:
            ve.label = ""
    return View(
        kind=kind,
        title=title,
        subtitle=ui(lang)["counts"].format(n=len(vnodes), m=len(vedges)) + _window_note(*_raw_window(win)),
        lang=lang,
        nodes=vnodes,
        edges=vedges,
    )


def _raw_window(win: timeline.Interval | None) -> tuple[str | None, str | None]:
    if win is None:
        return None, None
    a, b = win
    return (None if a == timeline.OPEN_START else a), (None if b == timeline.OPEN_END else b)


# -- ego ---------------------------------------------------------------------
def build_ego(
    store: GraphStore,
    entity_id: str,
    depth: int = 2,
    types: Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    lang: str = "en",
    limit: int = 500,
) -> View:
    """An entity and everything within `depth` hops (1-3), optionally only some relation types and dates."""
    if not 1 <= depth <= MAX_DEPTH:
        raise ViewError(f"depth must be 1 to {MAX_DEPTH}")
    root = _require(store, entity_id)
    wanted = _relation_types(types)
    win = _window(since, until)
    sub = store.neighbourhood(entity_id, depth=depth, types=wanted, limit=limit)
    nodes = {n.id: n for n in sub.nodes}
    name = display_name(root, lang)
    title = ui(lang)["t_ego"].format(name=name, d=depth)
    view = _radial_view(store, "ego", root, nodes, sub.edges, lang, title, win, lambda e, parent: 0)
    if types:
        view.subtitle += " · " + ", ".join(edge_style(t).label(lang) for t in wanted)
    if sub.truncated:
        view.notes.append(ui(lang)["truncated"].format(n=limit))
    return view


def ego_view(
    store: GraphStore,
    entity_id: str,
    depth: int = 2,
    types: Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    lang: str = "en",
    fmt: Format = "html",
) -> str:
    return render(build_ego(store, entity_id, depth, types, since, until, lang), fmt)


# -- path --------------------------------------------------------------------
def build_path(
    store: GraphStore,
    src: str,
    dst: str,
    max_hops: int = 4,
    lang: str = "en",
    limit: int = 5,
) -> View:
    """Every shortest path between two entities, each hop labelled with its relation and its evidence."""
    a, b = _require(store, src), _require(store, dst)
    found = store.paths(src, dst, max_hops=max_hops, all_shortest=True, limit=limit)
    nodes: dict[str, Node] = {a.id: a, b.id: b}
    edges: dict[str, Edge] = {}
    for p in found:
        nodes.update({n.id: n for n in p.nodes})
        edges.update({e.key: e for e in p.edges})
    vnodes, vedges = to_view(store, nodes, list(edges.values()), lang, focus=[a.id, b.id])
    rows = [[n.id for n in p.nodes] for p in found] or [[a.id, b.id]]
    pos = layout.strip(rows)
    for n in vnodes:
        n.x, n.y = pos.get(n.id, (0.0, 0.0))
        n.size = 24.0 if n.focus else 18.0
    for e in vedges:
        e.highlight = True
    by_key = {e.id: e for e in vedges}
    steps = []
    for p in found:
        told = []
        for edge in p.edges:
            ve = by_key[edge.key]
            qualifier = edge.properties.get("title") or edge.properties.get("role") or ""
            told.append(
                Step(
                    src=display_name(nodes[edge.src], lang),
                    relation=edge_style(edge.type).label(lang),
                    dst=display_name(nodes[edge.dst], lang),
                    detail=str(qualifier),
                    sources=list(ve.info.get("sources", [])),
                )
            )
        steps.append(told)
    title = f"{display_name(a, lang)} ↔ {display_name(b, lang)}"
    if found:
        hops = found[0].hops
        subtitle = ui(lang)["paths_found"].format(k=len(found), h=hops)
    else:
        subtitle = ui(lang)["no_path"].format(h=max_hops)
    view = View(kind="path", title=title, subtitle=subtitle, lang=lang, nodes=vnodes, edges=vedges, paths=steps)
    if not found:
        view.notes.append(ui(lang)["no_path_note"].format(h=max_hops))
    return view


def path_view(store: GraphStore, src: str, dst: str, max_hops: int = 4, lang: str = "en", fmt: Format = "html") -> str:
    return render(build_path(store, src, dst, max_hops, lang), fmt)


# -- event -------------------------------------------------------------------
EVENT_AROUND = (ORGANIZED, PARTICIPATED_IN, HELD_IN, PART_OF, EDITION_OF)
_EVENT_GROUPS = {PART_OF: 1, EDITION_OF: 1, ORGANIZED: 2, PARTICIPATED_IN: 3, HELD_IN: 4}


def build_event(
    store: GraphStore,
    event_id: str,
    since: str | None = None,
    until: str | None = None,
    lang: str = "en",
) -> View:
    """An event with its editions and sessions, organizers, participants (with their posts) and venue."""
    root = _require(store, event_id, "Event")
    win = _window(since, until)
    sub = store.neighbourhood(event_id, depth=1, types=default_types())
    nodes = {n.id: n for n in sub.nodes}
    edges = {e.key: e for e in sub.edges}
    parts = [e.src for e in sub.edges if e.dst == event_id and e.type in (PART_OF, EDITION_OF)]
    for part in parts:
        more = store.neighbourhood(part, depth=1, types=list(EVENT_AROUND))
        nodes.update({n.id: n for n in more.nodes})
        edges.update({e.key: e for e in more.edges})
    _add_posts(store, nodes, edges)

    def group(e: Edge, parent: str) -> int:
        if e.type in (PART_OF, EDITION_OF):
            return 0 if e.src == parent else 1  # what this is part of first, then its own parts
        return _EVENT_GROUPS.get(e.type, 5)

    title = ui(lang)["t_event"].format(name=display_name(root, lang))
    view = _radial_view(store, "event", root, nodes, list(edges.values()), lang, title, win, group)
    dates = timeline.node_interval(root)
    if dates:
        view.subtitle = f"{timeline.show(dates)} · {view.subtitle}"
    return view


def _add_posts(store: GraphStore, nodes: dict[str, Node], edges: dict[str, Edge]) -> None:
    """The posts of the people in a view, so a name comes with the body it speaks for."""
    for person in [n.id for n in nodes.values() if n.label == "Person"]:
        more = store.neighbourhood(person, depth=1, types=[HOLDS_POSITION])
        nodes.update({n.id: n for n in more.nodes})
        edges.update({e.key: e for e in more.edges})


def event_view(
    store: GraphStore,
    event_id: str,
    since: str | None = None,
    until: str | None = None,
    lang: str = "en",
    fmt: Format = "html",
) -> str:
    return render(build_event(store, event_id, since, until, lang), fmt)


# -- project -----------------------------------------------------------------
_PROJECT_GROUPS = {PART_OF: 0, INVOLVED_IN: 1, PROPOSED: 2, SUPPORTED: 2, LOCATED_IN: 3}


def build_project(
    store: GraphStore,
    project_id: str,
    since: str | None = None,
    until: str | None = None,
    lang: str = "en",
) -> View:
    """A project with the actors around it (and the bodies they speak for) and the territory it sits in."""
    root = _require(store, project_id, "Project")
    win = _window(since, until)
    sub = store.neighbourhood(project_id, depth=1, types=default_types())
    nodes = {n.id: n for n in sub.nodes}
    edges = {e.key: e for e in sub.edges}
    for n in list(nodes.values()):
        if n.label == "Territory":
            up = store.neighbourhood(n.id, depth=1, types=[PART_OF, LOCATED_IN])
            nodes.update({m.id: m for m in up.nodes})
            edges.update({e.key: e for e in up.edges if e.src == n.id})
        elif n.label == "Organization" and n.id != project_id:
            up = store.neighbourhood(n.id, depth=1, types=[LOCATED_IN])
            nodes.update({m.id: m for m in up.nodes})
            edges.update({e.key: e for e in up.edges if e.src == n.id})
    _add_posts(store, nodes, edges)
    nodes = {i: n for i, n in nodes.items() if any(i in (e.src, e.dst) for e in edges.values()) or i == project_id}

    def group(e: Edge, parent: str) -> int:
        return _PROJECT_GROUPS.get(e.type, 4)

    title = ui(lang)["t_project"].format(name=display_name(root, lang))
    return _radial_view(store, "project", root, nodes, list(edges.values()), lang, title, win, group)


def project_view(
    store: GraphStore,
    project_id: str,
    since: str | None = None,
    until: str | None = None,
    lang: str = "en",
    fmt: Format = "html",
) -> str:
    return render(build_project(store, project_id, since, until, lang), fmt)


# -- overview ----------------------------------------------------------------
Cluster = Literal["type", "territory"]


def build_overview(
    store: GraphStore,
    types: Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    cluster: Cluster | None = None,
    lang: str = "en",
    relax: bool = True,
) -> View:
    """The whole graph: sized by degree, laid out in Python, optionally grouped by class or territory."""
    wanted = _relation_types(types)
    win = _window(since, until)
    labels = [c for c in ontology().labels if c != "Article" or MENTIONED_IN in wanted]
    nodes: dict[str, Node] = {}
    for label in labels:
        for batch in store.iter_nodes(label):
            nodes.update({n.id: n for n in batch})
    edges: list[Edge] = []
    for rel_type in wanted:
        for ebatch in store.iter_edges(rel_type):
            edges.extend(e for e in ebatch if e.src in nodes and e.dst in nodes)
    nodes, edges = apply_window(nodes, edges, win, keep=set())
    vnodes, vedges = to_view(store, nodes, edges, lang)
    groups = cluster_keys(cluster, nodes, edges, lang) if cluster else None
    pairs = [(e.src, e.dst) for e in edges]
    unit = 150.0 if len(vnodes) <= 150 else 95.0  # small graphs show every name: give the labels room
    pos = layout.force([n.id for n in vnodes], pairs, groups[0] if groups else None, unit=unit)
    ranked = sorted(vnodes, key=lambda n: -n.degree)
    top = OVERVIEW_LABELS if len(vnodes) <= 1000 else OVERVIEW_LABELS // 2
    labelled = {n.id for n in ranked[:top]} if len(vnodes) > 150 else {n.id for n in vnodes}
    for n in vnodes:
        n.x, n.y = pos[n.id]
        n.size = min(48.0, 7.0 + 4.0 * math.sqrt(n.degree))
        n.show_label = n.id in labelled
        if groups:
            n.cluster = groups[0].get(n.id)
    extent = max((max(x for x, _ in pos.values()) - min(x for x, _ in pos.values())) if pos else 1.0, 1.0)
    zoom = min(1.0, 900.0 / extent)  # about the scale "fit" will show on a laptop screen
    if len(vnodes) > 150:
        for n in vnodes:
            if n.show_label:
                n.font_size = round(min(100.0, max(14.0, 11.0 / zoom)), 1)
    for e in vedges:
        e.label = ""
    by = " · " + ui(lang)["clustered"].format(c=cluster) if cluster else ""
    view = View(
        kind="overview",
        title=ui(lang)["t_overview"],
        subtitle=ui(lang)["counts"].format(n=len(vnodes), m=len(vedges)) + by + _window_note(since, until),
        lang=lang,
        nodes=vnodes,
        edges=vedges,
        # Collapsed clusters stay where they are put; past RELAX_UP_TO nodes a browser step costs more than
        # it brings (the Python layout is already the real one): the page draws it as is.
        relax=relax and 1 < len(vnodes) <= RELAX_UP_TO and not groups,
        clusters=groups[1] if groups else {},
    )
    if groups:
        members: dict[str, list[tuple[float, float]]] = {}
        for n in vnodes:
            members.setdefault(n.cluster or "", []).append((n.x, n.y))
        discs = {
            key: (
                sum(x for x, _ in at) / len(at),
                sum(y for _, y in at) / len(at),
                (12 + 2 * math.sqrt(len(at))) / zoom,
            )
            for key, at in members.items()
        }
        view.cluster_at = layout.spread(discs, gap=90 / zoom)  # room for the cluster's name under it
        view.cluster_font = round(15 / zoom, 1)
    if len(vnodes) > 150:
        view.notes.append(ui(lang)["labels_note"].format(n=top))
    return view


def overview(
    store: GraphStore,
    types: Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    cluster: Cluster | None = None,
    lang: str = "en",
    fmt: Format = "html",
) -> str:
    return render(build_overview(store, types, since, until, cluster, lang), fmt)
