"""Positions computed in Python, so the page and the SVG for a slide show one picture.

Small views get readable, deterministic layouts (a radial tree around the
focus, a left-to-right strip for paths).  The overview gets a force layout
that scales to thousands of nodes: pivot MDS for the global shape, a chunked
Fruchterman-Reingold pass for local spacing, leaves fanned out around their
hub, components packed in rows.  The browser then only has to draw, or to
relax briefly: this is what lets big views settle in seconds.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Iterable, Sequence

import numpy as np
import numpy.typing as npt

Pos = dict[str, tuple[float, float]]
FloatArray = npt.NDArray[np.float64]
GOLDEN = math.pi * (3 - math.sqrt(5))


# -- radial tree -------------------------------------------------------------
def radial(
    root: str,
    ids: Sequence[str],
    pairs: Iterable[tuple[str, str]],
    rank: Callable[[str, str], tuple[Hashable, ...]],
    spacing: float = 120.0,
    gap: float = 190.0,
) -> Pos:
    """The focus in the middle, each ring one hop further, each subtree in its own wedge.

    `rank(parent, child)` orders siblings, so nodes of one role sit together
    (organizers on one side, participants on another).
    """
    adj = _adjacency(ids, pairs)
    parent: dict[str, str | None] = {root: None}
    depth = {root: 0}
    children: dict[str, list[str]] = defaultdict(list)
    queue = deque([root])
    while queue:
        here = queue.popleft()
        for other in sorted(adj[here], key=lambda o, h=here: rank(h, o)):  # type: ignore[misc]
            if other not in parent:
                parent[other] = here
                depth[other] = depth[here] + 1
                children[here].append(other)
                queue.append(other)
    leaves: dict[str, int] = {}

    def weight(node: str) -> int:
        if node not in leaves:
            leaves[node] = max(1, sum(weight(c) for c in children[node]))
        return leaves[node]

    weight(root)
    angle: dict[str, float] = {root: 0.0}
    stack = [(root, -math.pi / 2, 3 * math.pi / 2)]
    while stack:
        node, lo, hi = stack.pop()
        total = sum(leaves[c] for c in children[node]) or 1
        start = lo
        for child in children[node]:
            width = (hi - lo) * leaves[child] / total
            angle[child] = start + width / 2
            stack.append((child, start, start + width))
            start += width
    radius = _ring_radii(depth, angle, spacing, gap)
    pos: Pos = {}
    for node, d in depth.items():
        r = radius[d]
        pos[node] = (r * math.cos(angle[node]), r * math.sin(angle[node]))
    stray = [i for i in ids if i not in pos]
    if stray:
        r = (max(radius.values()) if radius else 0.0) + gap
        for i, node in enumerate(stray):
            a = 2 * math.pi * i / len(stray)
            pos[node] = (r * math.cos(a), r * math.sin(a))
    return pos


def _ring_radii(depth: dict[str, int], angle: dict[str, float], spacing: float, gap: float) -> dict[int, float]:
    by_ring: dict[int, list[float]] = defaultdict(list)
    for node, d in depth.items():
        by_ring[d].append(angle[node])
    radius = {0: 0.0}
    for d in sorted(k for k in by_ring if k > 0):
        angles = sorted(by_ring[d])
        steps = [b - a for a, b in itertools.pairwise(angles)]
        if len(angles) > 1:
            steps.append(angles[0] + 2 * math.pi - angles[-1])
        tightest = min(steps) if steps else 2 * math.pi
        needed = spacing / max(tightest, 1e-3)
        radius[d] = min(max(radius[d - 1] + gap, needed), radius[d - 1] + gap * 6)
    return radius


# -- paths -------------------------------------------------------------------
def strip(paths: Sequence[Sequence[str]], dx: float = 260.0, dy: float = 150.0) -> Pos:
    """Each path a row from left to right; a node shared by rows sits at their average height."""
    rows: dict[str, list[float]] = defaultdict(list)
    cols: dict[str, list[float]] = defaultdict(list)
    longest = max((len(p) for p in paths), default=1)
    middle = (len(paths) - 1) / 2
    for r, path in enumerate(paths):
        stretch = (longest - 1) / max(len(path) - 1, 1)
        for c, node in enumerate(path):
            rows[node].append((r - middle) * dy)
            cols[node].append(c * stretch * dx)
    return {n: (sum(cols[n]) / len(cols[n]), sum(rows[n]) / len(rows[n])) for n in rows}


# -- force layout for the overview -------------------------------------------
def force(
    ids: Sequence[str],
    pairs: Iterable[tuple[str, str]],
    groups: dict[str, str] | None = None,
    unit: float = 95.0,
    seed: int = 7,
) -> Pos:
    """A force-directed layout in about a second for 2,000 nodes (numpy, no browser).

    With `groups` (node -> cluster key), members of a group are drawn
    together, so clusters read as regions of the picture.
    """
    ids, pairs = list(ids), list(pairs)
    if groups:
        # One invisible hub per group, tied to its members: the force layout then keeps
        # each group together while relations between groups stay short.
        # Three hubs per group pull three times as hard as one: groups become islands.
        hubs = {f"group::{key}::{j}" for key in groups.values() for j in range(3)}
        pairs += [(node, f"group::{groups[node]}::{j}") for node in ids if node in groups for j in range(3)]
        laid = _pack(_force_components([*ids, *sorted(hubs)], pairs, seed), margin=1.5)
        return _scale({n: p for n, p in laid.items() if n not in hubs}, unit)
    return _scale(_pack(_force_components(ids, pairs, seed), margin=1.5), unit)


def _force_components(ids: list[str], pairs: list[tuple[str, str]], seed: int) -> list[Pos]:
    adj = _adjacency(ids, pairs)
    seen: set[str] = set()
    parts: list[Pos] = []
    for start in sorted(ids, key=lambda n: -len(adj[n])):
        if start in seen:
            continue
        comp = _bfs_order(start, adj)
        seen.update(comp)
        parts.append(_component(comp, adj, seed))
    # Tiny components (isolated nodes, pairs) become one tidy grid beside the big ones.
    big = [p for p in parts if len(p) > 3]
    small = [p for p in parts if len(p) <= 3]
    return big + ([_merge_small(small)] if small else [])


def _merge_small(parts: list[Pos]) -> Pos:
    # Many tiny components (isolated nodes, pairs) become one tidy grid.
    side = math.ceil(math.sqrt(len(parts)))
    out: Pos = {}
    for i, part in enumerate(parts):
        ox, oy = (i % side) * 2.0, (i // side) * 2.0
        for node, (x, y) in part.items():
            out[node] = (ox + x, oy + y)
    return out


def _component(comp: list[str], adj: dict[str, set[str]], seed: int) -> Pos:
    if len(comp) == 1:
        return {comp[0]: (0.0, 0.0)}
    if len(comp) == 2:
        return {comp[0]: (0.0, 0.0), comp[1]: (1.0, 0.0)}
    core = [n for n in comp if len(adj[n]) > 1]
    if len(core) < 3:
        core = comp
    index = {n: i for i, n in enumerate(core)}
    edges = np.array([(index[a], index[b]) for a in core for b in sorted(adj[a]) if b in index and index[a] < index[b]])
    xy = _pivot_mds(core, adj, index, seed)
    xy = _fruchterman_reingold(xy, edges, iterations=_iterations(len(core)), seed=seed)
    pos = {n: (float(xy[i, 0]), float(xy[i, 1])) for i, n in enumerate(core)}
    _fan_leaves(comp, adj, pos)
    if len(pos) > len(core):
        everyone = list(pos)
        at = {n: i for i, n in enumerate(everyone)}
        all_edges = np.array([(at[a], at[b]) for a in everyone for b in sorted(adj[a]) if at[a] < at[b]])
        start = np.array([pos[n] for n in everyone], dtype=np.float64)
        refined = _fruchterman_reingold(start, all_edges, iterations=8, seed=seed, heat=0.08)
        pos = {n: (float(refined[i, 0]), float(refined[i, 1])) for i, n in enumerate(everyone)}
    return pos


def _iterations(n: int) -> int:
    return 80 if n <= 500 else 40 if n <= 2000 else 25


def _pivot_mds(nodes: list[str], adj: dict[str, set[str]], index: dict[str, int], seed: int) -> FloatArray:
    """Brandes & Pich's pivot MDS: hop distances to k pivots, two singular vectors, the global shape."""
    n = len(nodes)
    k = min(40, n)
    dist = np.zeros((n, k))
    nearest = np.full(n, np.inf)
    pivot = max(range(n), key=lambda i: len(adj[nodes[i]]))
    for j in range(k):
        hops = _hops(nodes[pivot], adj, index, n)
        dist[:, j] = hops
        nearest = np.minimum(nearest, hops)
        pivot = int(np.argmax(nearest))
    sq = dist**2
    centred = -0.5 * (sq - sq.mean(axis=0) - sq.mean(axis=1)[:, None] + sq.mean())
    u, s, _ = np.linalg.svd(centred, full_matrices=False)
    xy = u[:, :2] * s[:2]
    rng = np.random.default_rng(seed)
    xy += rng.normal(scale=0.05, size=xy.shape)  # leaves of one hub share distances: split them
    return np.asarray(xy, dtype=np.float64)


def _hops(source: str, adj: dict[str, set[str]], index: dict[str, int], n: int) -> FloatArray:
    out = np.full(n, float(n))
    out[index[source]] = 0
    queue = deque([source])
    while queue:
        here = queue.popleft()
        d = out[index[here]] + 1
        for other in adj[here]:
            i = index.get(other)
            if i is not None and out[i] > d:
                out[i] = d
                queue.append(other)
    return out


def _fruchterman_reingold(
    xy: FloatArray, edges: npt.NDArray[np.int_], iterations: int, seed: int, heat: float = 0.0
) -> FloatArray:
    """Forces in unit edge lengths; repulsion over all pairs, computed in row chunks to bound memory."""
    n = len(xy)
    pos = xy.astype(np.float64).copy()
    if n < 2:
        return pos
    extent = float(np.ptp(pos, axis=0).max()) or 1.0
    pos *= math.sqrt(n) / extent  # about one unit between neighbours
    temp = heat * math.sqrt(n) if heat else 0.12 * math.sqrt(n)
    cool = temp / (iterations + 1)
    chunk = max(1, 4_000_000 // n)
    for _ in range(iterations):
        disp = _repulsion(pos.astype(np.float32), chunk)
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            dist = np.sqrt((delta**2).sum(axis=1)) + 1e-9
            pull = delta * dist[:, None]
            np.add.at(disp, edges[:, 0], -pull)
            np.add.at(disp, edges[:, 1], pull)
        disp -= pos * 0.01  # a little gravity keeps loose parts from drifting off
        length = np.sqrt((disp**2).sum(axis=1)) + 1e-9
        pos += disp / length[:, None] * np.minimum(length, temp)[:, None]
        temp = max(temp - cool, 0.01)
    return pos


def _repulsion(pos: npt.NDArray[np.float32], chunk: int) -> FloatArray:
    # x and y as separate n-by-chunk float32 matrices: about 5x faster than one 3-d float64 array.
    x, y = pos[:, 0], pos[:, 1]
    out = np.empty((len(pos), 2), dtype=np.float64)
    for lo in range(0, len(pos), chunk):
        dx = x[lo : lo + chunk, None] - x[None, :]
        dy = y[lo : lo + chunk, None] - y[None, :]
        inv = 1.0 / (dx * dx + dy * dy + np.float32(1e-4))
        out[lo : lo + chunk, 0] = (dx * inv).sum(axis=1)
        out[lo : lo + chunk, 1] = (dy * inv).sum(axis=1)
    return out


def _fan_leaves(comp: list[str], adj: dict[str, set[str]], pos: Pos) -> None:
    """Nodes with one neighbour go round their hub, pointing away from the middle."""
    if not pos:
        return
    cx = sum(x for x, _ in pos.values()) / len(pos)
    cy = sum(y for _, y in pos.values()) / len(pos)
    by_hub: dict[str, list[str]] = defaultdict(list)
    for node in comp:
        if node not in pos:
            hub = next(iter(adj[node]))
            by_hub[hub].append(node)
    for hub, leaves in by_hub.items():
        hx, hy = pos[hub]
        out = math.atan2(hy - cy, hx - cx)
        count = len(leaves)
        if count <= 10:
            spread = min(math.pi * 1.2, 0.45 * count)
            for i, leaf in enumerate(sorted(leaves)):
                a = out + (i - (count - 1) / 2) * (spread / max(count - 1, 1))
                pos[leaf] = (hx + 0.9 * math.cos(a), hy + 0.9 * math.sin(a))
        else:
            for i, leaf in enumerate(sorted(leaves)):
                r = 0.7 + 0.33 * math.sqrt(i)
                a = out + i * GOLDEN
                pos[leaf] = (hx + r * math.cos(a), hy + r * math.sin(a))


def _pack(parts: list[Pos], margin: float) -> Pos:
    """Components side by side in rows, biggest first, inside a roughly square frame."""
    boxes = []
    for part in parts:
        xs = [x for x, _ in part.values()]
        ys = [y for _, y in part.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + margin, max(ys) - min(ys) + margin))
    total = sum(w * h for _, _, w, h in boxes)
    widths = sorted((w for *_, w, _ in boxes), reverse=True)
    # At least the two widest side by side, so a lone big component keeps its small neighbours close.
    row_width = max(math.sqrt(total) * 1.2, sum(widths[:2]) + 1e-6)
    out: Pos = {}
    x = y = row_height = 0.0
    for part, (x0, y0, w, h) in zip(parts, boxes, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in part.items():
            out[node] = (x + px - x0, y + py - y0)
        x += w
        row_height = max(row_height, h)
    return out


def _scale(pos: Pos, unit: float) -> Pos:
    if not pos:
        return pos
    cx = sum(x for x, _ in pos.values()) / len(pos)
    cy = sum(y for _, y in pos.values()) / len(pos)
    return {n: ((x - cx) * unit, (y - cy) * unit) for n, (x, y) in pos.items()}


def spread(discs: dict[str, tuple[float, float, float]], gap: float = 30.0) -> dict[str, tuple[float, float, float]]:
    """Discs (x, y, radius) pushed apart until none overlaps: where collapsed clusters are drawn."""
    keys = sorted(discs)
    xy = np.array([discs[k][:2] for k in keys], dtype=np.float64)
    r = np.array([discs[k][2] for k in keys], dtype=np.float64)
    for _ in range(200):
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=2)) + np.eye(len(keys))
        need = r[:, None] + r[None, :] + gap
        push = np.where((dist < need) & ~np.eye(len(keys), dtype=bool), (need - dist) / 2, 0.0)
        if not push.any():
            break
        xy += (delta / dist[:, :, None] * push[:, :, None]).sum(axis=1)
    return {k: (float(xy[i, 0]), float(xy[i, 1]), float(r[i])) for i, k in enumerate(keys)}


# -- helpers -----------------------------------------------------------------
def _adjacency(ids: Iterable[str], pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    adj: dict[str, set[str]] = {i: set() for i in ids}
    for a, b in pairs:
        if a != b and a in adj and b in adj:
            adj[a].add(b)
            adj[b].add(a)
    return adj


def _bfs_order(start: str, adj: dict[str, set[str]]) -> list[str]:
    order, seen, queue = [start], {start}, deque([start])
    while queue:
        for other in sorted(adj[queue.popleft()]):
            if other not in seen:
                seen.add(other)
                order.append(other)
                queue.append(other)
    return order
