"""Who is most connected and who brokers, on a networkx projection of the graph (every backend).

The projection is an undirected simple graph of the actors (everything but
articles; MENTIONED_IN left out), read through the contract. Degree is exact.
Betweenness is exact up to EXACT_BETWEENNESS_NODES nodes and estimated from a
fixed-seed sample of sources above that (as many as EDGE_VISIT_BUDGET allows); so is the
brokerage between Russian and Chinese organizations (betweenness restricted to
paths from RU to CN organizations). Both are networkx's figures, computed by
graph.brandes in numpy; where it stops scaling is measured in bench/results.md,
about O(samples x edges).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Hashable
from typing import Any, Literal

import networkx as nx
import numpy as np
from pydantic import BaseModel, Field

from graph import brandes
from graph.shapes import Node
from graph.store import GraphStore
from ontology.model import ontology
from ontology.models import Article, MentionedIn

EXCLUDED_LABELS = (Article.class_name,)
EXCLUDED_TYPES = (MentionedIn.relation_name,)
EXACT_BETWEENNESS_NODES = 2_000
# Above that, sources are sampled: as many as fit a budget of edge visits (each source is one BFS over
# the whole projection), between MIN_SAMPLES and MAX_SAMPLES.
EDGE_VISIT_BUDGET = 4_000_000
MIN_SAMPLES = 8
MAX_SAMPLES = 128
SEED = 20260522


class Actor(BaseModel):
    node: Node
    score: float


class Centrality(BaseModel):
    nodes: int = Field(description="Nodes in the projection")
    edges: int = Field(description="Edges in the projection")
    degree: list[Actor] = Field(description="Most connected: distinct neighbours")
    betweenness: list[Actor] = Field(description="Brokers: share of shortest paths through the actor (normalized)")
    ru_cn_brokers: list[Actor] = Field(
        description="Betweenness on paths between Russian (country RU) and Chinese (CN) organizations"
    )
    sampled_sources: int | None = Field(default=None, description="Sources sampled when betweenness is estimated")
    seconds: float = Field(description="How long computing this graph state's figures took (done once per state)")


class Projection:
    def __init__(self, graph: Any, nodes: dict[str, Node]) -> None:
        self.graph = graph
        self.nodes = nodes
        self.scores: dict[str, dict[str, float]] = {}
        self.sampled: int | None = None


def project(store: GraphStore) -> Projection:
    graph = nx.Graph()
    nodes: dict[str, Node] = {}
    onto = ontology()
    for label in onto.classes:
        if label in EXCLUDED_LABELS:
            continue
        for batch in store.iter_nodes(label):
            for node in batch:
                nodes[node.id] = node
                graph.add_node(node.id)
    for rel_type in onto.relations:
        if rel_type in EXCLUDED_TYPES:
            continue
        for links in store.iter_links(rel_type):  # ends only: reading evidence was 90% of the projection
            graph.add_edges_from((a, b) for a, _, b in links if a in nodes and b in nodes and a != b)
    return Projection(graph, nodes)


def _country(node: Node) -> str | None:
    value = node.properties.get("country")
    return str(value).upper() if value else None


def compute(projection: Projection) -> None:
    g = projection.graph
    n = g.number_of_nodes()
    projection.scores["degree"] = {k: float(v) for k, v in g.degree()}
    budget = EDGE_VISIT_BUDGET // max(g.number_of_edges(), 1)
    sample = None if n <= EXACT_BETWEENNESS_NODES else max(MIN_SAMPLES, min(MAX_SAMPLES, budget, n))
    projection.sampled = sample
    nodes = list(g)
    index = {node: i for i, node in enumerate(nodes)}
    indptr, indices = brandes.csr(n, ((index[a], index[b]) for a, b in g.edges()))
    # The sources networkx would draw for k=sample with this seed: the same figures, computed faster.
    sources = range(n) if sample is None else [index[i] for i in random.Random(SEED).sample(nodes, sample)]  # noqa: S311
    sampled = None if sample is None else np.array(sources, dtype=np.int64)
    between = brandes.normalized(brandes.dependencies(indptr, indices, sources), sampled)
    projection.scores["betweenness"] = dict(zip(nodes, between.tolist(), strict=True))
    orgs = [i for i, node in projection.nodes.items() if node.label == "Organization"]
    ru = [i for i in orgs if _country(projection.nodes[i]) == "RU"]
    cn = [i for i in orgs if _country(projection.nodes[i]) == "CN"]
    if sample is not None and len(ru) > sample:
        ru = random.Random(SEED).sample(sorted(ru), sample)  # noqa: S311 - a reproducible sample, not a secret
    brokers: dict[str, float] = {}
    if ru and cn:
        targets = np.zeros(n)
        targets[[index[i] for i in cn]] = 1.0
        bridged = brandes.normalized(brandes.dependencies(indptr, indices, [index[i] for i in ru], targets))
        brokers = dict(zip(nodes, bridged.tolist(), strict=True))
    projection.scores["ru_cn_brokers"] = brokers


class Pending(BaseModel):
    """What /analytics/central says while it computes (202): ask again after `retry_after` seconds."""

    status: Literal["computing"] = "computing"
    seconds: float = Field(description="Time spent computing so far")
    retry_after: int = Field(description="Seconds to wait before asking again")


class _Job:
    """One computation for one graph state, run in a thread of its own."""

    def __init__(self, revision: Hashable) -> None:
        self.revision = revision
        self.started = time.perf_counter()
        self.done = threading.Event()
        self.projection: Projection | None = None
        self.error: BaseException | None = None
        self.seconds = 0.0
        self.failed = False  # the next request tries again

    def run(self, store: GraphStore) -> None:
        try:
            projection = project(store)
            compute(projection)
            self.projection = projection
        except BaseException as exc:  # handed to the request that collects it
            self.error = exc
        finally:
            self.seconds = time.perf_counter() - self.started
            self.done.set()

    def pending(self) -> Pending:
        spent = time.perf_counter() - self.started
        return Pending(seconds=round(spent, 1), retry_after=max(1, min(60, round(spent / 4))))


class CentralityCache:
    """One projection per graph state (the store's revision), computed in the background.

    A request waits up to `wait_s` for it; on a graph too large for that (minutes at 1M nodes,
    bench/results.md) it gets a Pending answer at once instead of holding its connection,
    and the computation goes on.  After a write, the next request starts the next one (once
    any computation still running has ended: never two at once).
    """

    def __init__(self, wait_s: float = 10.0) -> None:
        self.wait_s = wait_s
        self._lock = threading.Lock()
        self._job: _Job | None = None

    def central(self, store: GraphStore, label: str | None = None, limit: int = 10) -> Centrality | Pending:
        revision = store.revision()
        with self._lock:
            job = self._job
            if job is None or job.failed or job.revision != revision:
                if job is not None and not job.done.is_set():
                    return job.pending()  # one at a time: the next starts once this one ends
                job = self._job = _Job(revision)
                threading.Thread(target=job.run, args=(store,), name="amur-analytics", daemon=True).start()
        if not job.done.wait(self.wait_s):
            return job.pending()
        if job.error is not None:
            job.failed = True
            raise job.error
        assert job.projection is not None
        return _top(job.projection, label, limit, job.seconds)


def _top(projection: Projection, label: str | None, limit: int, spent: float) -> Centrality:
    def top(measure: str) -> list[Actor]:
        scores = projection.scores.get(measure, {})
        ids = [i for i, s in scores.items() if s > 0 and (label is None or projection.nodes[i].label == label)]
        ids.sort(key=lambda i: (-scores[i], i))
        return [Actor(node=projection.nodes[i], score=round(scores[i], 6)) for i in ids[:limit]]

    return Centrality(
        nodes=projection.graph.number_of_nodes(),
        edges=projection.graph.number_of_edges(),
        degree=top("degree"),
        betweenness=top("betweenness"),
        ru_cn_brokers=top("ru_cn_brokers"),
        sampled_sources=projection.sampled,
        seconds=round(spent, 3),
    )
