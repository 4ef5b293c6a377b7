"""Which cluster each node of the overview falls in: its class, or the region it belongs to.

Territory clusters roll up to the region or province (a city joins its
krai), and other entities join the region their relations point to:
an organization where it is located, an event where it is held, a person
where their organization is.  The biggest regions get their own cluster;
the rest share one, so a big graph opens as a readable handful of groups.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from graph.shapes import Edge, Node
from viz.collect import display_name
from viz.model import View
from viz.relations import (
    HELD_IN,
    HOLDS_POSITION,
    INVOLVED_IN,
    LOCATED_IN,
    MEMBER_OF,
    ORGANIZED,
    PART_OF,
    PARTICIPATED_IN,
)
from viz.styles import node_style

MAX_CLUSTERS = 16
ROLL_UP_TO = ("region", "province")
PLACE_EDGES = (LOCATED_IN, HELD_IN, PART_OF)
# Relations through which an entity inherits its neighbour's region, in order of trust.
FOLLOW = (
    HOLDS_POSITION,
    LOCATED_IN,
    HELD_IN,
    ORGANIZED,
    INVOLVED_IN,
    MEMBER_OF,
    PART_OF,
    PARTICIPATED_IN,
)


def cluster_keys(
    cluster: str, nodes: dict[str, Node], edges: Sequence[Edge], lang: str
) -> tuple[dict[str, str], dict[str, str]]:
    """(node id -> cluster key, cluster key -> label)."""
    if cluster == "type":
        keys = {i: n.label for i, n in nodes.items()}
        return keys, {c: node_style(c).label(lang) for c in sorted(set(keys.values()))}
    if cluster == "territory":
        return _by_territory(nodes, edges, lang)
    raise ValueError(f"cluster by 'type' or 'territory', not {cluster!r}")


def _region(territory: str, nodes: dict[str, Node], up: dict[str, list[str]]) -> str:
    seen = {territory}
    here = territory
    while True:
        node = nodes[here]
        if node.kind in ROLL_UP_TO:
            return here
        parents = [p for p in up.get(here, []) if p not in seen and nodes[p].kind != "country"]
        if not parents:
            return here
        here = parents[0]
        seen.add(here)


def _by_territory(nodes: dict[str, Node], edges: Sequence[Edge], lang: str) -> tuple[dict[str, str], dict[str, str]]:
    up: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        if e.type in PLACE_EDGES and nodes[e.src].label == "Territory" and nodes[e.dst].label == "Territory":
            up[e.src].append(e.dst)
    assigned = {i: _region(i, nodes, up) for i, n in nodes.items() if n.label == "Territory"}
    rank = {t: i for i, t in enumerate(FOLLOW)}
    links = sorted((e for e in edges if e.type in rank), key=lambda e: rank[e.type])
    for _ in range(3):  # a person -> their ministry -> its government -> its region
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for e in links:
            for a, b in ((e.src, e.dst), (e.dst, e.src)):
                if a not in assigned and b in assigned and nodes[b].label != "Person":
                    votes[a][assigned[b]] += 1
        if not votes:
            break
        for node_id, counter in votes.items():
            assigned[node_id] = counter.most_common(1)[0][0]
    sizes = Counter(assigned.values())
    top = {k for k, _ in sizes.most_common(MAX_CLUSTERS)}
    keys = {i: (assigned[i] if assigned.get(i) in top else "elsewhere") for i in nodes}
    labels = {k: display_name(nodes[k], lang) for k in top}
    if "elsewhere" in keys.values():
        labels["elsewhere"] = "other places / no place" if lang != "ru" else "другие места / без места"
    return keys, labels


def cluster_style(view: View, key: str) -> dict[str, str]:
    """How a collapsed cluster is drawn: its main class's colour and shape (regions as territories)."""
    members = [n for n in view.nodes if n.cluster == key]
    top = Counter(n.class_name for n in members).most_common(1)
    style = node_style(top[0][0] if top else "Territory")
    if key.startswith("territory:") or key == "elsewhere":
        style = node_style("Territory")
    return {"color": style.color, "border": "#1d2433", "shape": "dot" if style.shape == "box" else style.shape}
