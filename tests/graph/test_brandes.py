"""graph.brandes gives networkx's betweenness figures: exact, from sampled sources, and between subsets."""

from __future__ import annotations

import random
from typing import Any

import networkx as nx
import numpy as np
import pytest

from graph import brandes
from graph.analytics import EXACT_BETWEENNESS_NODES, SEED, Projection, compute

GRAPHS = {
    "empty": nx.empty_graph(0),
    "one node": nx.empty_graph(1),
    "one edge": nx.path_graph(2),
    "path": nx.path_graph(7),
    "star": nx.star_graph(6),
    "two parts": nx.disjoint_union(nx.cycle_graph(5), nx.complete_graph(4)),
    "random": nx.gnm_random_graph(120, 300, seed=1),
    "sparse, many parts": nx.gnm_random_graph(200, 150, seed=2),
    "heavy-tailed": nx.barabasi_albert_graph(400, 2, seed=3),
}


def _ours(g: nx.Graph, sources: list[int], sampled: bool, targets: list[int] | None = None) -> dict[int, float]:
    nodes = list(g)
    indptr, indices = brandes.csr(len(nodes), np.array(list(g.edges()), dtype=np.int64))
    ends = None
    if targets is not None:
        ends = np.zeros(len(nodes))
        ends[targets] = 1.0
    raw = brandes.dependencies(indptr, indices, sources, ends)
    scores = brandes.normalized(raw, np.array(sources, dtype=np.int64) if sampled else None)
    return dict(zip(nodes, scores.tolist(), strict=True))


def _same(ours: dict[Any, float], theirs: dict[Any, float]) -> None:
    assert ours.keys() == theirs.keys()
    for node, value in theirs.items():
        assert ours[node] == pytest.approx(value, rel=1e-9, abs=1e-12, nan_ok=True), node


@pytest.mark.parametrize("name", GRAPHS)
def test_exact_and_sampled_betweenness_are_networkx(name: str) -> None:
    g = GRAPHS[name]
    _same(_ours(g, list(g), sampled=False), nx.betweenness_centrality(g, normalized=True))
    k = min(5, len(g))
    if k:
        chosen = random.Random(SEED).sample(list(g), k)
        _same(_ours(g, chosen, sampled=True), nx.betweenness_centrality(g, k=k, normalized=True, seed=SEED))


@pytest.mark.parametrize("name", GRAPHS)
def test_betweenness_between_subsets_is_networkx(name: str) -> None:
    g = GRAPHS[name]
    nodes = list(g)
    sources, targets = nodes[::3], nodes[1::4]
    expected = nx.betweenness_centrality_subset(g, sources=sources, targets=targets, normalized=True)
    _same(_ours(g, sources, sampled=False, targets=targets), expected)


@pytest.mark.parametrize("size", [300, EXACT_BETWEENNESS_NODES + 500])
def test_compute_gives_networkx_figures_on_a_projection(size: int) -> None:
    """Exact, and above EXACT_BETWEENNESS_NODES from the sources networkx itself would sample."""
    g = nx.barabasi_albert_graph(size, 2, seed=5)
    pairs = np.array([*g.edges(), *((b, a) for a, b in list(g.edges())[::7]), (4, 4)], dtype=np.int64)
    indptr, indices = brandes.csr(len(g), pairs)  # repeated in both directions, and a self-loop: the same graph
    projection = Projection(
        ids=[f"organization:o{i:05d}" for i in g],
        labels=("Organization",),
        label_of=np.zeros(len(g), dtype=np.int8),
        countries={i: ("RU", "CN", "KZ")[i % 3] for i in g},
        indptr=indptr,
        indices=indices,
    )
    compute(projection)
    k = projection.sampled
    assert (k is None) == (size <= EXACT_BETWEENNESS_NODES)
    assert projection.edges == g.number_of_edges()
    assert projection.scores["degree"].tolist() == [float(d) for _, d in g.degree()]
    between = nx.betweenness_centrality(g, k=k, normalized=True, seed=SEED)
    _same(dict(enumerate(projection.scores["betweenness"].tolist())), between)
    ru = [i for i in g if i % 3 == 0]
    cn = [i for i in g if i % 3 == 1]
    if k is not None:
        ru = random.Random(SEED).sample(ru, k)
    brokers = nx.betweenness_centrality_subset(g, sources=ru, targets=cn, normalized=True)
    _same(dict(enumerate(projection.scores["ru_cn_brokers"].tolist())), brokers)
