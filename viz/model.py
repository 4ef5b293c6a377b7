"""The neutral shape every view is built into before it becomes HTML or SVG.

Views decide what to show and where; the renderers only draw.  Keeping the
positions here is what makes the SVG for a slide the same picture as the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# A tooltip: a heading, a muted line under it, label/value rows and sources.
# Plain text only; renderers escape it (HTML builds DOM text nodes, SVG escapes).
Info = dict[str, Any]


@dataclass
class VNode:
    id: str
    label: str
    class_name: str
    kind: str | None
    info: Info
    size: float = 16.0
    x: float = 0.0
    y: float = 0.0
    t0: str | None = None  # first day the node is current (None: undated)
    t1: str | None = None  # last day
    focus: bool = False
    cluster: str | None = None
    degree: int = 0
    show_label: bool = True
    font_size: float | None = None  # None: the default 14 px; overviews enlarge hub names to read zoomed out


@dataclass
class VEdge:
    id: str
    src: str
    dst: str
    type: str
    label: str
    info: Info
    t0: str | None = None
    t1: str | None = None
    highlight: bool = False
    curve: float = 0.0  # bend of parallel edges: 0 straight, +-0.2 curved


@dataclass
class Step:
    """One hop of a path, told in words for the side panel."""

    src: str
    relation: str
    dst: str
    detail: str
    sources: list[dict[str, str]]


@dataclass
class View:
    kind: str  # ego | path | event | project | overview
    title: str
    subtitle: str
    lang: str
    nodes: list[VNode]
    edges: list[VEdge]
    relax: bool = False  # let the browser's physics refine the layout, then stop
    notes: list[str] = field(default_factory=list)
    paths: list[list[Step]] = field(default_factory=list)
    clusters: dict[str, str] = field(default_factory=dict)  # cluster key -> label
    cluster_at: dict[str, tuple[float, float, float]] = field(default_factory=dict)  # key -> x, y, size
    cluster_font: float = 18.0
    window: tuple[str | None, str | None] = (None, None)

    def node_map(self) -> dict[str, VNode]:
        return {n.id: n for n in self.nodes}
