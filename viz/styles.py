"""Display styles derived from the ontology: colours, shapes, dashes and labels.

The ontology file is the only table of classes and relations; this module
turns its `amur:color`, `amur:shape` and `amur:dashes` into what vis-network
and the SVG writer need, and gives each kind a shade of its class colour so
kinds are told apart without a second hand-written table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ontology.model import OntologyClass, RelationType, ontology


@dataclass(frozen=True)
class NodeStyle:
    class_name: str
    kind: str | None
    color: str  # fill
    border: str  # the class colour itself, so every kind still reads as its class
    shape: str  # vis-network shape name from the ontology
    labels: dict[str, str]  # class label per language
    kind_labels: dict[str, str]

    def label(self, lang: str) -> str:
        return _pick(self.labels, lang)

    def kind_label(self, lang: str) -> str:
        return _pick(self.kind_labels, lang) if self.kind_labels else ""


@dataclass(frozen=True)
class EdgeStyle:
    type: str
    color: str
    dashes: bool
    labels: dict[str, str]

    def label(self, lang: str) -> str:
        return _pick(self.labels, lang)


def _pick(labels: dict[str, str], lang: str) -> str:
    return labels.get(lang) or labels.get("en") or next(iter(labels.values()), "")


def _rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def mix(color: str, other: str, t: float) -> str:
    """`color` moved a fraction `t` of the way towards `other` (both #rrggbb)."""
    a, b = _rgb(color), _rgb(other)
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b, strict=True))


def _kind_shade(cls: OntologyClass, index: int) -> str:
    # Shades alternate darker/lighter around the class colour: kind 0 is the
    # class colour, then -18%, +22%, -32%, +40%...  Enough steps for 12 kinds.
    if index == 0:
        return cls.color
    step = (index + 1) // 2
    amount = min(0.14 + 0.09 * step, 0.6)
    return mix(cls.color, "#000000" if index % 2 else "#ffffff", amount)


@cache
def node_style(class_name: str, kind: str | None = None) -> NodeStyle:
    cls = ontology().classes[class_name]
    codes = cls.kind_codes
    if kind in codes:
        index = codes.index(kind)
        k = cls.kinds[index]
        return NodeStyle(class_name, kind, _kind_shade(cls, index), cls.color, cls.shape, cls.labels, k.labels)
    return NodeStyle(class_name, None, cls.color, cls.color, cls.shape, cls.labels, {})


@cache
def edge_style(rel_type: str) -> EdgeStyle:
    rel: RelationType = ontology().relations[rel_type]
    return EdgeStyle(rel.name, rel.color, rel.dashes, rel.labels)


def class_names() -> tuple[str, ...]:
    return ontology().labels


def relation_types() -> tuple[str, ...]:
    return ontology().relationship_types


def text_color(background: str) -> str:
    """Black or white, whichever reads better on `background` (labels inside boxes)."""
    r, g, b = _rgb(background)
    return "#111111" if (0.299 * r + 0.587 * g + 0.114 * b) > 150 else "#ffffff"
