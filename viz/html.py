"""A View as one self-contained HTML page: vis-network from pyvis's package, inlined.

pyvis builds the node and edge records and supplies the vis-network build it
ships; its own page template is not used, because it always loads Bootstrap
from a CDN (even with cdn_resources="in_line"), switches to an innerHTML
tooltip as soon as one title holds a link, and its filter menu can blank
the graph.  Ours inlines everything, allows no request to any host (the
Content-Security-Policy says so too, and admits only our own scripts by
hash) and passes data as JSON that the page's script turns into text nodes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pyvis
from jinja2 import Environment, select_autoescape
from pyvis.network import Network

from viz.clusters import cluster_style
from viz.model import View
from viz.styles import class_names, edge_style, node_style, relation_types, text_color
from viz.svg import shape_markup
from viz.text import ui

VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}
FONT = "DejaVu Sans, Noto Sans, Segoe UI, Arial, sans-serif"
BIG = 600  # nodes from which drawing shortcuts pay off


@cache
def _asset(name: str) -> str:
    return resources.files("viz").joinpath("assets", name).read_text(encoding="utf-8")


@cache
def vis_js() -> str:
    # Without its source-map comment: developer tools would otherwise try to fetch the map.
    text = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    return re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)


def script_json(value: Any) -> str:
    """JSON that cannot end its <script> element or open a comment, whatever strings it holds."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _iterations(n: int) -> int:
    # vis's Barnes-Hut step costs about 20 ms per 1,000 nodes here: keep the browser's share near a
    # second.  The Python layout is already the real one; this only smooths it.
    return 150 if n < BIG else max(10, min(150, 40_000 // n))


def vis_options(view: View) -> dict[str, Any]:
    big = len(view.nodes) >= BIG
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": view.relax,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -2500,
                "centralGravity": 0.05,
                "springLength": 95,
                "springConstant": 0.03,
                "damping": 0.5,
                "avoidOverlap": 0.0 if big else 0.2,
            },
            # The layout comes from Python: the browser only smooths it, a bounded number of steps.
            "stabilization": {
                "enabled": True,
                "iterations": _iterations(len(view.nodes)),
                "updateInterval": 50,
                "fit": True,
            },
            "minVelocity": 2,
            "timestep": 0.4,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": True,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
        },
        "nodes": {
            "borderWidth": 2,
            "font": {"face": FONT, "size": 14, "strokeWidth": 4, "strokeColor": "#ffffff", "color": "#1d2433"},
        },
        "edges": {
            "smooth": False,
            "width": 1.4,
            "selectionWidth": 2.5,
            "hoverWidth": 1.5,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "font": {"face": FONT, "size": 11, "align": "horizontal", "strokeWidth": 4, "strokeColor": "#ffffff"},
            "color": {"inherit": False},
        },
    }


def network(view: View) -> Network:
    """The pyvis Network for a view: one record per node and edge, styled from the ontology."""
    net = Network(directed=True, cdn_resources="in_line")
    for n in view.nodes:
        style = node_style(n.class_name, n.kind)
        extra: dict[str, Any] = {}
        font: dict[str, Any] = {}
        if style.shape == "box":
            font = {"color": text_color(style.color), "strokeWidth": 0}
            extra["margin"] = 8
        if n.font_size:
            font["size"] = n.font_size
            font["strokeWidth"] = round(n.font_size / 4) if style.shape != "box" else 0
        if font:
            extra["font"] = font
        net.add_node(
            n.id,
            label=n.label if n.show_label else " ",
            shape=style.shape,
            color={
                "background": style.color,
                "border": "#1d2433" if n.focus else style.border,
                "highlight": {"background": style.color, "border": "#1d2433"},
                "hover": {"background": style.color, "border": "#1d2433"},
            },
            size=n.size,
            x=round(n.x, 1),
            y=round(n.y, 1),
            borderWidth=4 if n.focus else 2,
            cls=n.class_name,
            cluster=n.cluster,
            t0=n.t0,
            t1=n.t1,
            info=f"n{len(net.nodes)}",
            **extra,
        )
    node_ids = set(net.node_ids)
    for i, e in enumerate(view.edges):
        estyle = edge_style(e.type)
        record: dict[str, Any] = {
            "id": f"e{i}",
            "color": {"color": estyle.color, "highlight": "#1d2433", "hover": estyle.color, "opacity": 0.85},
            "dashes": estyle.dashes,
            "type": e.type,
            "t0": e.t0,
            "t1": e.t1,
            "info": f"e{i}",
            "width": 3.5 if e.highlight else 1.4,
        }
        if e.label:
            record["label"] = e.label
        if e.curve:
            record["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": e.curve}
        if e.src in node_ids and e.dst in node_ids:
            # Network.add_edge would scan every node per edge; append its record the way it does.
            net.edges.append({"from": e.src, "to": e.dst, "arrows": "to", **record})
    net.set_options(json.dumps(vis_options(view)))
    return net


def _legend(view: View) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    lang = view.lang
    by_class = Counter(n.class_name for n in view.nodes)
    by_kind = Counter((n.class_name, n.kind) for n in view.nodes if n.kind)
    classes = []
    for name in class_names():
        if not by_class[name]:
            continue
        style = node_style(name)
        kinds = [
            {"label": node_style(name, k).kind_label(lang), "count": by_kind[(name, k)], "style": node_style(name, k)}
            for c, k in sorted(by_kind, key=lambda ck: -by_kind[ck])
            if c == name and k is not None
        ]
        classes.append(
            {"name": name, "label": style.label(lang), "count": by_class[name], "style": style, "kinds": kinds}
        )
    by_type = Counter(e.type for e in view.edges)
    types = [
        {"name": t, "label": edge_style(t).label(lang), "count": by_type[t], "style": edge_style(t)}
        for t in relation_types()
        if by_type[t]
    ]
    return classes, types


def months(view: View) -> list[str]:
    """Every month from the earliest to the latest real date in the view, for the time slider."""
    spans = [(n.t0, n.t1) for n in view.nodes] + [(e.t0, e.t1) for e in view.edges]
    days = [d for pair in spans for d in pair if d and d[:4] not in ("0001", "9999")]
    if not days:
        return []
    (y, m), (y2, m2) = (int(min(days)[:4]), int(min(days)[5:7])), (int(max(days)[:4]), int(max(days)[5:7]))
    out = []
    while (y, m) <= (y2, m2):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _environment() -> Environment:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals["swatch"] = swatch
    return env


def swatch(shape: str, fill: str, border: str, size: int = 18) -> str:
    """A small inline SVG of a node shape for the legend (colours come from the ontology, never from data)."""
    c = size / 2
    return (
        f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}" aria-hidden="true">'
        f"{shape_markup(shape, c, c, size * 0.4, fill, border, 1.5)}</svg>"
    )


def line_swatch(color: str, dashes: bool) -> str:
    dash = ' stroke-dasharray="5 3"' if dashes else ""
    return (
        '<svg width="26" height="10" viewBox="0 0 26 10" aria-hidden="true">'
        f'<line x1="1" y1="5" x2="25" y2="5" stroke="{color}" stroke-width="2.2"{dash}/></svg>'
    )


def render(view: View) -> str:
    """The page as text: header, canvas, legend that doubles as the type filter, time window, details."""
    net = network(view)
    text = ui(view.lang)
    info = {f"n{i}": n.info for i, n in enumerate(view.nodes)}
    info.update({f"e{i}": e.info for i, e in enumerate(view.edges)})
    classes, types = _legend(view)
    clusters: dict[str, dict[str, Any]] = {
        key: {"label": label, **cluster_style(view, key)} for key, label in view.clusters.items()
    }
    for key, (x, y, size) in view.cluster_at.items():
        if key in clusters:
            clusters[key].update(
                {"x": round(x, 1), "y": round(y, 1), "size": round(size, 1), "font": view.cluster_font}
            )
    payload = {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": json.loads(net.options if isinstance(net.options, str) else json.dumps(net.options)),
        "info": info,
        "view": {
            "kind": view.kind,
            "relax": view.relax,
            "relaxSteps": _iterations(len(view.nodes)),
            "focus": [n.id for n in view.nodes if n.focus],
            "clusters": clusters,
        },
        "filters": {"classes": [c["name"] for c in classes], "types": [t["name"] for t in types]},
        "window": {"months": months(view)},
        "text": {k: text[k] for k in ("shown", "sources", "rule", "cluster")},
    }
    scripts = [vis_js(), _asset("page.js")]
    csp = (
        "default-src 'none'; "
        f"script-src {' '.join(_csp_hash(s) for s in scripts)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    template = _environment().from_string(_asset("page.html"))
    return template.render(
        view=view,
        t=text,
        csp=csp,
        css=_asset("page.css"),
        data_json=script_json(payload),
        scripts=scripts,
        classes=classes,
        types=types,
        line_swatch=line_swatch,
        has_months=bool(payload["window"]["months"]),
    )
