"""Who is most connected and who brokers, on a projection of the graph (every backend).

The projection is an undirected simple graph of the actors (everything but
articles; MENTIONED_IN left out), read through the contract as ids and ends
of relations, and held as CSR arrays. Degree is exact.
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
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, Field

from graph import brandes
from graph.shapes import Node
from graph.store import GraphStore
from ontology.model import ontology
from ontology.models import Article, MentionedIn, Organization

EXCLUDED_LABELS = (Article.class_name,)
EXCLUDED_TYPES = (MentionedIn.relation_name,)
ORGANIZATION = Organization.class_name
COUNTRY = "country"
MEASURES = ("degree", "betweenness", "ru_cn_brokers")
EXACT_BETWEENNESS_NODES = 2_000
# Above that, sources are sampled: as many as fit a budget of edge visits (each source is one BFS over
# the whole projection), between MIN_SAMPLES and MAX_SAMPLES.
EDGE_VISIT_BUDGET = 4_000_000
MIN_SAMPLES = 8
MAX_SAMPLES = 128
SEED = 20260522

Ints = brandes.Ints
Floats = brandes.Floats


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


@dataclass
class Projection:
    """The actors and who touches whom among them: an undirected simple graph as CSR arrays.

    Actors are numbered as a networkx graph built through the contract would hold them (labels in
    ontology order, ids in id order), so networkx with the same seed samples the same sources.  Only
    ids are kept: the few actors an answer names are read whole when it is given.
    """

    ids: list[str]
    labels: tuple[str, ...]
    label_of: npt.NDArray[np.int8]  # index into labels, by actor
    countries: dict[int, str]  # organizations' countries, upper case, by actor
    indptr: Ints
    indices: Ints
    scores: dict[str, Floats] = field(default_factory=dict)
    sampled: int | None = None

    @property
    def edges(self) -> int:
        return len(self.indices) // 2


def project(store: GraphStore) -> Projection:
    onto = ontology()
    labels = tuple(label for label in onto.classes if label not in EXCLUDED_LABELS)
    ids: list[str] = []
    sizes: list[int] = []
    countries: dict[int, str] = {}
    for label in labels:
        before = len(ids)
        wanted = COUNTRY if label == ORGANIZATION else None  # the one property the figures need
        for batch in store.iter_ids(label, with_property=wanted):
            for entity_id, country in batch:
                if country:
                    countries[len(ids)] = str(country).upper()
                ids.append(entity_id)
        sizes.append(len(ids) - before)
    index = {entity_id: i for i, entity_id in enumerate(ids)}
    pairs = [np.empty((0, 2), dtype=np.int64)]
    at = index.get
    for rel_type in onto.relations:
        if rel_type in EXCLUDED_TYPES:
            continue
        for links in store.iter_links(rel_type):  # ends only: reading evidence was 90% of the projection
            sources, targets = [at(a, -1) for a, _, _ in links], [at(b, -1) for _, _, b in links]
            pairs.append(np.array([sources, targets], dtype=np.int64).T)
    ends = np.concatenate(pairs)
    indptr, indices = brandes.csr(len(ids), ends[(ends >= 0).all(axis=1)])  # -1: an end that is no actor
    label_of = np.repeat(np.arange(len(labels), dtype=np.int8), sizes)
    return Projection(ids, labels, label_of, countries, indptr, indices)


def compute(projection: Projection) -> None:
    p = projection
    n = len(p.ids)
    p.scores["degree"] = np.diff(p.indptr).astype(np.float64)
    budget = EDGE_VISIT_BUDGET // max(p.edges, 1)
    sample = None if n <= EXACT_BETWEENNESS_NODES else max(MIN_SAMPLES, min(MAX_SAMPLES, budget, n))
    p.sampled = sample
    # The sources networkx would draw for k=sample with this seed (it samples positions of its node list).
    sources = range(n) if sample is None else random.Random(SEED).sample(range(n), sample)  # noqa: S311
    sampled = None if sample is None else np.array(sources, dtype=np.int64)
    p.scores["betweenness"] = brandes.normalized(brandes.dependencies(p.indptr, p.indices, sources), sampled)
    ru = [i for i, country in p.countries.items() if country == "RU"]
    cn = [i for i, country in p.countries.items() if country == "CN"]
    if sample is not None and len(ru) > sample:
        ru = random.Random(SEED).sample(sorted(ru, key=p.ids.__getitem__), sample)  # noqa: S311 - reproducible
    brokers = np.zeros(n)
    if ru and cn:
        targets = np.zeros(n)
        targets[cn] = 1.0
        brokers = brandes.normalized(brandes.dependencies(p.indptr, p.indices, ru, targets))
    p.scores["ru_cn_brokers"] = brokers


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
        return _top(job.projection, store, label, limit, job.seconds)


def _top(projection: Projection, store: GraphStore, label: str | None, limit: int, spent: float) -> Centrality:
    p = projection

    def top(measure: str) -> list[int]:
        if label is not None and label not in p.labels:
            return []
        scores = p.scores[measure]
        wanted = scores > 0 if label is None else (scores > 0) & (p.label_of == p.labels.index(label))
        chosen = np.flatnonzero(wanted)
        if len(chosen) > limit:  # those tied with the last place stay for the sort by id below
            chosen = chosen[scores[chosen] >= np.partition(scores[chosen], len(chosen) - limit)[len(chosen) - limit]]
        return sorted(chosen.tolist(), key=lambda i: (-scores[i], p.ids[i]))[:limit]

    chosen = {measure: top(measure) for measure in MEASURES}
    nodes = store.get_many(list(dict.fromkeys(p.ids[i] for found in chosen.values() for i in found)))

    def actors(measure: str) -> list[Actor]:
        scores = p.scores[measure]
        return [Actor(node=nodes[p.ids[i]], score=round(float(scores[i]), 6)) for i in chosen[measure]]

    return Centrality(
        nodes=len(p.ids),
        edges=p.edges,
        degree=actors("degree"),
        betweenness=actors("betweenness"),
        ru_cn_brokers=actors("ru_cn_brokers"),
        sampled_sources=p.sampled,
        seconds=round(spent, 3),
    )
