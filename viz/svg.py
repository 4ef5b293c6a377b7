"""A View as a static SVG for slides, drawn in pure Python from the same positions as the page.

No browser is involved: shapes mirror vis-network's (dot, box, diamond,
triangle, star, square), colours and dashes come from the ontology, and the
legend is drawn beside the graph.  Every string from the data is escaped.
"""

from __future__ import annotations

import math
from collections import Counter
from xml.sax.saxutils import escape

from viz.clusters import cluster_style
from viz.model import View, VNode
from viz.styles import class_names, edge_style, node_style, relation_types, text_color

FONT = "DejaVu Sans, Noto Sans, Segoe UI, Arial, sans-serif"
LABEL_SIZE = 14
EDGE_LABEL_SIZE = 11
LEGEND_WIDTH = 280


def attr(value: object) -> str:
    return escape(str(value), {'"': "&quot;", "'": "&apos;"})


def text_width(text: str, size: float) -> float:
    """A close guess of rendered width: wide glyphs (CJK) count double."""
    return sum(size * (1.0 if ord(ch) > 0x2E80 else 0.6) for ch in text)


def shape_markup(shape: str, cx: float, cy: float, r: float, fill: str, stroke: str, width: float) -> str:
    """One node outline: the same shape names vis-network uses."""
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="{width:g}"'
    if shape in ("dot", "circle", "ellipse"):
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" {paint}/>'
    if shape == "square":
        return f'<rect x="{cx - r:.1f}" y="{cy - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" {paint}/>'
    if shape == "box":
        return (
            f'<rect x="{cx - r:.1f}" y="{cy - r * 0.7:.1f}" width="{2 * r:.1f}" height="{1.4 * r:.1f}" rx="3" {paint}/>'
        )
    if shape == "diamond":
        pts = [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
    elif shape == "triangle":
        pts = [(cx, cy - r), (cx + r * 0.87, cy + r * 0.5), (cx - r * 0.87, cy + r * 0.5)]
    elif shape == "star":
        pts = [
            (
                cx + (r if i % 2 == 0 else r * 0.45) * math.sin(i * math.pi / 5),
                cy - (r if i % 2 == 0 else r * 0.45) * math.cos(i * math.pi / 5),
            )
            for i in range(10)
        ]
    else:
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" {paint}/>'
    return f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in pts)}" {paint}/>'


def _box_size(node: VNode) -> tuple[float, float]:
    lines = node.label.split("\n") if node.show_label else [""]
    size = node.font_size or LABEL_SIZE
    width = max(text_width(line, size) for line in lines) + 16
    height = len(lines) * size * 1.2 + 16
    return max(width, 30), max(height, 26)


def _reach(node: VNode, ux: float, uy: float) -> float:
    """How far the node's outline is from its centre in direction (ux, uy): edges stop there."""
    if node_style(node.class_name, node.kind).shape == "box":
        w, h = _box_size(node)
        return min(w / 2 / max(abs(ux), 1e-9), h / 2 / max(abs(uy), 1e-9))
    return node.size


def _lines(x: float, y: float, lines: list[str], size: float, color: str, halo: bool) -> str:
    stroke = ' stroke="#ffffff" stroke-width="4" paint-order="stroke" stroke-linejoin="round"' if halo else ""
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else size * 1.2:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{color}" text-anchor="middle"{stroke}>{spans}</text>'
    )


def _node(node: VNode) -> str:
    style = node_style(node.class_name, node.kind)
    border = "#1d2433" if node.focus else style.border
    width = 4 if node.focus else 2
    tooltip = f"<title>{escape(_flat(node.info))}</title>"
    lines = node.label.split("\n") if node.show_label else []
    if style.shape == "box":
        w, h = _box_size(node)
        rect = (
            f'<rect x="{node.x - w / 2:.1f}" y="{node.y - h / 2:.1f}" width="{w:.1f}" height="{h:.1f}" rx="4" '
            f'fill="{style.color}" stroke="{border}" stroke-width="{width}"/>'
        )
        size = node.font_size or LABEL_SIZE
        first = node.y - (len(lines) - 1) * size * 0.6 + size * 0.35
        label = _lines(node.x, first, lines, size, text_color(style.color), False) if lines else ""
        return f"<g>{tooltip}{rect}{label}</g>"
    shape = shape_markup(style.shape, node.x, node.y, node.size, style.color, border, width)
    size = node.font_size or LABEL_SIZE
    label = _lines(node.x, node.y + node.size + size + 2, lines, size, "#1d2433", True) if lines else ""
    return f"<g>{tooltip}{shape}{label}</g>"


def _flat(info: dict[str, object]) -> str:
    parts = [str(info.get("head", "")), str(info.get("sub", ""))]
    rows = info.get("rows") or []
    assert isinstance(rows, list)
    parts += [f"{k}: {v}" for k, v in rows]
    sources = info.get("sources") or []
    assert isinstance(sources, list)
    for s in sources:
        parts.append(f"source: {s.get('title', '')} ({s.get('meta', '')}) {s.get('text', '')}".rstrip())
    return "\n".join(p for p in parts if p)


def _edges(view: View) -> list[str]:
    at = view.node_map()
    out = []
    for e in view.edges:
        a, b = at.get(e.src), at.get(e.dst)
        if a is None or b is None:
            continue
        style = edge_style(e.type)
        dx, dy = b.x - a.x, b.y - a.y
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        ra, rb = _reach(a, ux, uy), _reach(b, ux, uy) + 3
        x1, y1, x2, y2 = a.x + ux * ra, a.y + uy * ra, b.x - ux * rb, b.y - uy * rb
        dash = ' stroke-dasharray="7 4"' if style.dashes else ""
        width = 3.5 if e.highlight else 1.4
        marker = f' marker-end="url(#arrow-{e.type})"'
        tooltip = f"<title>{escape(_flat(e.info))}</title>"
        if e.curve:
            mx, my = (x1 + x2) / 2 - uy * e.curve * length, (y1 + y2) / 2 + ux * e.curve * length
            path = f'<path d="M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {x2:.1f},{y2:.1f}" fill="none"'
            lx, ly = (x1 + 2 * mx + x2) / 4, (y1 + 2 * my + y2) / 4
        else:
            path = f'<path d="M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}" fill="none"'
            lx, ly = (x1 + x2) / 2, (y1 + y2) / 2
        body = f'{path} stroke="{style.color}" stroke-width="{width}" stroke-opacity="0.85"{dash}{marker}/>'
        label = _lines(lx, ly + 4, [e.label], EDGE_LABEL_SIZE, "#3a4250", True) if e.label else ""
        out.append(f"<g>{tooltip}{body}{label}</g>")
    return out


def _markers(view: View) -> str:
    used = sorted({e.type for e in view.edges})
    return "".join(
        f'<marker id="arrow-{t}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{edge_style(t).color}"/></marker>'
        for t in used
    )


def _legend(view: View, x: float, y: float) -> tuple[str, float]:
    lang = view.lang
    parts = []
    by_class = Counter(n.class_name for n in view.nodes)
    by_kind = Counter((n.class_name, n.kind) for n in view.nodes if n.kind)
    by_type = Counter(e.type for e in view.edges)
    row = y
    for name in class_names():
        if not by_class[name]:
            continue
        style = node_style(name)
        parts.append(shape_markup(style.shape, x + 10, row, 8, style.color, style.border, 1.5))
        parts.append(_legend_text(x + 26, row + 5, f"{style.label(lang)} ({by_class[name]})", 13, bold=True))
        row += 21
        for (cls, kind), count in sorted(by_kind.items(), key=lambda kv: -kv[1]):
            if cls != name or kind is None:
                continue
            ks = node_style(name, kind)
            parts.append(shape_markup(ks.shape, x + 30, row, 6, ks.color, ks.border, 1.2))
            parts.append(_legend_text(x + 44, row + 4, f"{ks.kind_label(lang)} ({count})", 11.5))
            row += 17
    row += 8
    for t in relation_types():
        if not by_type[t]:
            continue
        es = edge_style(t)
        dash = ' stroke-dasharray="6 3"' if es.dashes else ""
        parts.append(
            f'<line x1="{x:.1f}" y1="{row:.1f}" x2="{x + 22:.1f}" y2="{row:.1f}" stroke="{es.color}" '
            f'stroke-width="2.2"{dash}/>'
        )
        parts.append(_legend_text(x + 30, row + 4, f"{es.label(lang)} ({by_type[t]})", 12))
        row += 19
    return "".join(parts), row


def _legend_text(x: float, y: float, text: str, size: float, bold: bool = False) -> str:
    weight = ' font-weight="600"' if bold else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="#1d2433"{weight}>{escape(text)}</text>'


def _clustered(view: View) -> tuple[list[str], list[tuple[float, float]]]:
    """A clustered overview as the page first shows it: one disc per cluster, one line per pair of clusters."""
    at = view.cluster_at
    key_of = {n.id: n.cluster for n in view.nodes}
    pairs: Counter[tuple[str, str]] = Counter()
    for e in view.edges:
        a, b = key_of.get(e.src), key_of.get(e.dst)
        if a and b and a != b and a in at and b in at:
            pairs[(min(a, b), max(a, b))] += 1
    unit = view.cluster_font / 15
    out = []
    for (a, b), count in sorted(pairs.items()):
        (x1, y1, _), (x2, y2, _) = at[a], at[b]
        width = unit * min(1 + math.log2(count), 10)
        out.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#9aa3b2" '
            f'stroke-width="{width:.1f}" stroke-opacity="0.6"><title>{count} relations</title></line>'
        )
    members = Counter(key_of.values())
    for key, (x, y, r) in sorted(at.items()):
        style = cluster_style(view, key)
        label = f"{view.clusters.get(key, key)} · {members[key]}"
        disc = shape_markup(style["shape"], x, y, r, style["color"], style["border"], 3 * unit)
        out.append(
            f"<g><title>{escape(label)}</title>{disc}"
            + _lines(x, y + r + view.cluster_font * 1.1, [label], view.cluster_font, "#1d2433", True)
            + "</g>"
        )
    return out, [(x, y) for x, y, _ in at.values()]


def render(view: View) -> str:
    """The SVG document: title, the graph at its layout's positions, the legend on the right."""
    pad = 70.0
    clustered, centres = _clustered(view) if view.cluster_at else ([], [])
    xs = [x for x, _ in centres] or [n.x for n in view.nodes] or [0.0]
    ys = [y for _, y in centres] or [n.y for n in view.nodes] or [0.0]
    if centres:
        pad = max(r for *_, r in view.cluster_at.values()) + view.cluster_font * 3
    gx0, gy0 = min(xs) - pad - 60, min(ys) - pad
    gw, gh = max(xs) - min(xs) + 2 * pad + 120, max(ys) - min(ys) + 2 * pad + 20
    k = max(1.0, gw / 1600)  # big pictures get a legend and title that stay readable on a slide
    header = 64.0 * k
    legend, legend_bottom = _legend(view, 20, 20)
    width = gw + LEGEND_WIDTH * k
    height = max(gh + header, header + legend_bottom * k + 20)
    graph = f'<g transform="translate({-gx0:.1f},{header - gy0:.1f})">'
    if clustered:
        graph += "".join(clustered) + "</g>"
    else:
        graph += "".join(_edges(view)) + "".join(_node(n) for n in view.nodes) + "</g>"
    title = (
        f'<g transform="scale({k:.3f})">'
        f'<text x="20" y="32" font-size="22" font-weight="600" fill="#1d2433">{escape(view.title)}</text>'
        f'<text x="20" y="54" font-size="13" fill="#5b6577">{escape(view.subtitle)}</text></g>'
    )
    legend = f'<g transform="translate({gw:.1f},{header:.1f}) scale({k:.3f})">{legend}</g>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONT}">'
        f"<defs>{_markers(view)}</defs>"
        f'<rect width="100%" height="100%" fill="#ffffff"/>'
        f'<rect x="{gw:.1f}" y="{header:.1f}" width="{LEGEND_WIDTH * k:.1f}" height="{height - header:.1f}" '
        'fill="#f6f7f9"/>'
        f"{title}{graph}{legend}</svg>\n"
    )
