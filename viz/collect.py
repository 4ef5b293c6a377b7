"""From the storage contract's shapes to view nodes and edges with their tooltips.

Everything a tooltip says (names in three languages, dates, role, the
article, its date and the quoted words) is gathered here, once, as plain
text; the time window is applied here too, so the HTML, the SVG and the
page's own filter agree on what a date means.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from graph.cards import SourceRef, source_refs
from graph.shapes import Edge, Node
from graph.store import GraphStore
from ontology.model import ontology
from viz import timeline
from viz.model import Info, VEdge, VNode
from viz.relations import MENTIONED_IN
from viz.styles import edge_style, node_style
from viz.text import field

MAX_TEXT = 320
NODE_FACTS = ("start_date", "end_date", "status", "ordinal", "series", "country", "published", "outlet", "wikidata")


def display_name(node: Node, lang: str) -> str:
    """The entity's preferred name in `lang`, else its main (Russian) name."""
    names = getattr(node.names, lang, ()) if lang in ("ru", "en", "zh") else ()
    return names[0] if names else node.name


def short(text: str, limit: int = 34) -> str:
    """A canvas label: wrapped on words into at most three lines, the rest cut with an ellipsis."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > limit // 2 + 4:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    if len(lines) > 3:
        lines = [*lines[:2], lines[2][: limit // 2] + "…"]
    return "\n".join(lines)


def clip(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _source_entry(
    ref: SourceRef | None, article: str, text: str | None = None, rule: str | None = None
) -> dict[str, str]:
    meta = ", ".join(x for x in ((ref.outlet if ref else None), (ref.published if ref else None)) if x)
    entry = {"title": ref.title if ref else article, "meta": meta or "undated"}
    if text:
        entry["text"] = clip(text)
    if rule:
        entry["rule"] = rule
    return entry


def node_info(node: Node, lang: str, refs: dict[str, SourceRef]) -> Info:
    style = node_style(node.label, node.kind)
    sub = style.label(lang) + (f" · {style.kind_label(lang)}" if style.kind_label(lang) else "")
    rows: list[list[str]] = []
    for code in ("ru", "zh", "en"):
        names = getattr(node.names, code)
        if names:
            rows.append([code, ", ".join(names[:4])])
    if not node.names.ru and not node.names.en:
        rows.insert(0, [field("name", lang), node.name])
    for key in NODE_FACTS:
        value = node.properties.get(key)
        if value not in (None, ""):
            rows.append([field(key.replace("_", " "), lang), str(value)])
    if node.properties.get("description"):
        rows.append([field("about", lang), clip(str(node.properties["description"]))])
    rows.append(["id", node.id])
    return {
        "head": display_name(node, lang),
        "sub": sub,
        "rows": rows,
        "sources": [_source_entry(refs.get(s), s) for s in node.sources[:6]],
    }


def edge_info(edge: Edge, nodes: dict[str, Node], lang: str, refs: dict[str, SourceRef]) -> Info:
    style = edge_style(edge.type)
    src, dst = nodes.get(edge.src), nodes.get(edge.dst)
    a = display_name(src, lang) if src else edge.src
    b = display_name(dst, lang) if dst else edge.dst
    rows = [[field(k.replace("_", " "), lang), str(v)] for k, v in edge.properties.items() if v not in (None, "")]
    rows.append([field("confidence", lang), f"{edge.confidence:.2f}"])
    if edge.extractor:
        rows.append([field("extractor", lang), edge.extractor])
    sources = [
        _source_entry(refs.get(ev.article), ev.article, f"«{ev.quote}»" if ev.quote else ev.note, ev.rule)
        for ev in edge.evidence[:6]
    ]
    cited = {ev.article for ev in edge.evidence}
    sources += [_source_entry(refs.get(s), s) for s in edge.sources if s not in cited][:3]
    labels = " / ".join(dict.fromkeys(v for v in (style.labels.get("en"), style.labels.get("ru")) if v))
    return {
        "head": f"{a} → {style.label(lang)} → {b}",
        "sub": f"{edge.type} · {labels}",
        "rows": rows,
        "sources": sources,
    }


def edge_label(edge: Edge, lang: str) -> str:
    """The relation in words, with its qualifier (post title or role) when it has one."""
    qualifier = edge.properties.get("title") or edge.properties.get("role")
    base = edge_style(edge.type).label(lang)
    return f"{base}: {clip(str(qualifier), 40)}" if qualifier else base


def article_ids(nodes: Iterable[Node], edges: Iterable[Edge]) -> list[str]:
    ids: dict[str, None] = {}
    for n in nodes:
        ids.update(dict.fromkeys(n.sources[:6]))
    for e in edges:
        ids.update(dict.fromkeys(e.sources))
        ids.update(dict.fromkeys(ev.article for ev in e.evidence))
    return list(ids)


def apply_window(
    nodes: dict[str, Node], edges: Sequence[Edge], win: timeline.Interval | None, keep: set[str]
) -> tuple[dict[str, Node], list[Edge]]:
    """Drops what lies outside the window, then nodes the cut left with no edge (never those in `keep`)."""
    if win is None:
        return nodes, list(edges)
    alive = {i: n for i, n in nodes.items() if i in keep or timeline.overlaps(timeline.node_interval(n), win)}
    kept = [
        e
        for e in edges
        if e.src in alive and e.dst in alive and timeline.overlaps(timeline.edge_interval(e, nodes), win)
    ]
    had_edges = {x for e in edges for x in (e.src, e.dst)}
    has_edges = {x for e in kept for x in (e.src, e.dst)}
    alive = {i: n for i, n in alive.items() if i in keep or i in has_edges or i not in had_edges}
    return alive, kept


def to_view(
    store: GraphStore,
    nodes: dict[str, Node],
    edges: Sequence[Edge],
    lang: str,
    focus: Iterable[str] = (),
) -> tuple[list[VNode], list[VEdge]]:
    """View nodes and edges (positions still zero) with tooltips, sources and intervals."""
    focus_set = set(focus)
    refs = source_refs(store, article_ids(nodes.values(), edges))
    degree: Counter[str] = Counter()
    for e in edges:
        degree[e.src] += 1
        degree[e.dst] += 1
    vnodes = []
    for node in nodes.values():
        iv = timeline.node_interval(node)
        vnodes.append(
            VNode(
                id=node.id,
                label=short(display_name(node, lang)),
                class_name=node.label,
                kind=node.kind,
                info=node_info(node, lang, refs),
                t0=iv[0] if iv else None,
                t1=iv[1] if iv else None,
                focus=node.id in focus_set,
                degree=degree[node.id],
            )
        )
    vedges = []
    seen_pairs: Counter[tuple[str, str]] = Counter()
    for edge in edges:
        iv = timeline.edge_interval(edge, nodes)
        pair = (min(edge.src, edge.dst), max(edge.src, edge.dst))
        nth = seen_pairs[pair]
        seen_pairs[pair] += 1
        vedges.append(
            VEdge(
                id=edge.key,
                src=edge.src,
                dst=edge.dst,
                type=edge.type,
                label=edge_label(edge, lang),
                info=edge_info(edge, nodes, lang, refs),
                t0=iv[0] if iv else None,
                t1=iv[1] if iv else None,
                curve=0.0 if nth == 0 else 0.18 * ((nth + 1) // 2) * (1 if nth % 2 else -1),
            )
        )
    return vnodes, vedges


def default_types() -> list[str]:
    """Every relation but MENTIONED_IN: articles belong in tooltips, not as nodes crowding the picture."""
    return [t for t in ontology().relationship_types if t != MENTIONED_IN]
