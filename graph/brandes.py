"""Brandes' betweenness on an undirected graph held as CSR arrays, a BFS layer at a time in numpy.

networkx walks every edge in Python: one sampled source over the 1M-node projection takes
tens of seconds (bench/results.md).  Here each BFS layer, and each layer of the dependency
accumulation back from the deepest, is a handful of array operations, so a source costs
about as many array passes as the graph has layers.  The scores are networkx's to the
last digit that floats carry (tests/graph/test_brandes.py): the same accumulation, in the
same order of layers, and networkx's own rescaling.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def csr(n: int, pairs: Ints) -> tuple[Ints, Ints]:
    """indptr and indices of the undirected simple graph on nodes 0..n-1 that index pairs (an (m, 2)
    array) join: either direction, repeated pairs and self-loops are the same graph networkx would keep."""
    ends = np.sort(pairs.reshape(-1, 2), axis=1)
    ends = ends[ends[:, 0] != ends[:, 1]]
    base = max(n, 1)
    codes = np.unique(ends[:, 0] * base + ends[:, 1])  # one int a pair: a 1-D unique, not a row sort
    lo, hi = codes // base, codes % base
    src, dst = np.concatenate([lo, hi]), np.concatenate([hi, lo])
    order = np.argsort(src, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    return indptr, dst[order]


def dependencies(indptr: Ints, indices: Ints, sources: Iterable[int], targets: Floats | None = None) -> Floats:
    """Each node's summed dependency over the sources (networkx's `_accumulate_basic`, or with
    `targets`, 1.0 for a target and 0.0 otherwise, its `_accumulate_subset`), not rescaled."""
    n = len(indptr) - 1
    total = np.zeros(n)
    ends = np.ones(n) if targets is None else targets
    for s in sources:
        total += _from(indptr, indices, int(s), ends)
    return total


def _from(indptr: Ints, indices: Ints, s: int, ends: Floats) -> Floats:
    n = len(indptr) - 1
    dist = np.full(n, -1, dtype=np.int64)
    sigma = np.zeros(n)
    dist[s], sigma[s] = 0, 1.0
    frontier = np.array([s], dtype=np.int64)
    layers: list[tuple[Ints, Ints]] = []  # (u, v): edges from one layer to the next
    depth = 0
    while len(frontier):
        starts = indptr[frontier]
        counts = indptr[frontier + 1] - starts
        u = np.repeat(frontier, counts)
        at = np.arange(int(counts.sum()), dtype=np.int64) + np.repeat(starts - (np.cumsum(counts) - counts), counts)
        v = indices[at]
        fresh = np.unique(v[dist[v] == -1])
        dist[fresh] = depth + 1
        down = dist[v] == depth + 1
        u, v = u[down], v[down]
        _add(sigma, v, sigma[u])
        layers.append((u, v))
        frontier, depth = fresh, depth + 1
    delta = np.zeros(n)
    for u, v in reversed(layers):
        _add(delta, u, sigma[u] * (delta[v] + ends[v]) / sigma[v])
    delta[s] = 0.0
    return delta


def _add(into: Floats, at: Ints, values: Floats) -> None:
    """into[at] += values, with repeated indices summed (np.add.at, at a fraction of its cost)."""
    if len(at):
        unique, inverse = np.unique(at, return_inverse=True)
        into[unique] += np.bincount(inverse, weights=values)


def normalized(raw: Floats, sampled: Ints | None = None) -> Floats:
    """networkx's rescaling (normalized, endpoints excluded): by the (s, t) pairs a path through a
    node could join; with sampled sources, a source's own score by the pairs it can still be in."""
    n_pairs = len(raw) - 1
    if n_pairs < 2:
        return raw
    k = len(raw) - 1 if sampled is None else len(sampled)
    scale: Floats = np.full(len(raw), 1 / (k * (n_pairs - 1)))
    if sampled is not None:
        scale[sampled] = 1 / ((k - 1) * (n_pairs - 1)) if k > 1 else np.nan
    scaled: Floats = raw * scale
    return scaled
