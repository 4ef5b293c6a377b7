"""The in-memory shape of the graph: traversals on small hand-made graphs, and agreement with
the engine's own shortest paths and variable-length matches on a synthetic one."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from bench.synth import generate, load_upsert
from graph.embedded import EmbeddedStore
from graph.store import StoreUnavailable
from graph.topology import Relations, Topology
from tests.conftest import open_embedded


def _ints(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def _shape(edges: list[tuple[str, int, int]], people: int = 8) -> Topology:
    """People p0..p{n-1}; relations (type, src, dst) with offsets in the order given, per type."""
    batches: list[Relations] = []
    for rel_type in dict.fromkeys(t for t, _, _ in edges):
        pairs = [(s, d) for t, s, d in edges if t == rel_type]
        src, dst = zip(*pairs, strict=True)
        batches.append(
            Relations(rel_type, len(batches), "Person", _ints(*src), "Person", _ints(*dst), _ints(*range(len(pairs))))
        )
    return Topology({"Person": [f"person:p{i}" for i in range(people)]}, batches)


def _ids(shape: Topology, nodes: np.ndarray) -> list[str]:
    return [shape.entity(n) for n in nodes.tolist()]


CHAIN = [("KNOWS", 0, 1), ("KNOWS", 1, 2), ("KNOWS", 2, 3), ("KNOWS", 3, 4), ("LIKES", 5, 0)]


def test_reach_is_breadth_first_and_keeps_each_relation_once() -> None:
    shape = _shape([*CHAIN, ("KNOWS", 2, 1)])
    reach = shape.reach(1, depth=2, types=None, limit=100)
    assert _ids(shape, reach.nodes) == ["person:p1", "person:p0", "person:p2", "person:p5", "person:p3"]
    assert len(reach.entries) == 5  # p0-p1, p1-p2 twice (two relations), p0-p5, p2-p3; not p3-p4 (depth 2)
    assert not reach.truncated


def test_relations_of_one_type_in_two_tables_are_two_relations() -> None:
    """Both tables count offsets from 0: the same offset in each is a different relation."""
    people = {"Person": ["person:p0", "person:p1"], "Article": ["article:a0"]}
    mentions = [
        Relations("MENTIONED_IN", table, "Person", _ints(i), "Article", _ints(0), _ints(0))
        for table, i in [(7, 0), (9, 1)]
    ]
    shape = Topology(people, mentions)
    reach = shape.reach(shape.index("Article", 0), depth=1, types=None, limit=10)
    reads = shape.read_from(reach.entries.tolist())
    assert sorted((r.table, r.ref, r.src) for r in reads) == [(7, 0, "person:p0"), (9, 0, "person:p1")]


def test_reach_stops_at_the_limit_and_says_so() -> None:
    shape = _shape(CHAIN)
    reach = shape.reach(1, depth=3, types=None, limit=3)
    assert len(reach.nodes) == 3 and reach.truncated
    kept = set(shape.entities(reach.nodes))
    for read in shape.read_from(reach.entries.tolist()):
        assert {read.src, read.dst} <= kept  # no relation leads outside what is returned


def test_reach_follows_only_the_types_asked_for() -> None:
    shape = _shape(CHAIN)
    assert _ids(shape, shape.reach(0, depth=3, types=["LIKES"], limit=100).nodes) == ["person:p0", "person:p5"]
    assert _ids(shape, shape.reach(0, depth=3, types=["UNKNOWN"], limit=100).nodes) == ["person:p0"]


def test_shortest_walks_from_src_whatever_the_directions() -> None:
    shape = _shape(CHAIN)
    (walk,) = shape.shortest(5, 4, max_hops=6, every=False, limit=10)
    assert shape.walk(5, walk) == [5, 0, 1, 2, 3, 4]
    assert shape.shortest(5, 4, max_hops=4, every=False, limit=10) == []
    assert shape.shortest(0, 7, max_hops=6, every=False, limit=10) == []  # p7 has no relation


def test_every_shortest_path_counts_each_parallel_relation() -> None:
    shape = _shape([("KNOWS", 0, 1), ("KNOWS", 1, 3), ("KNOWS", 0, 2), ("KNOWS", 2, 3), ("LIKES", 1, 3)])
    walks = shape.shortest(0, 3, max_hops=4, every=True, limit=10)
    assert sorted(tuple(shape.walk(0, w)) for w in walks) == [(0, 1, 3), (0, 1, 3), (0, 2, 3)]
    assert len(shape.shortest(0, 3, max_hops=4, every=True, limit=2)) == 2
    assert len(shape.shortest(0, 3, max_hops=4, every=False, limit=10)) == 1


def test_relations_of_a_hub_are_read_from_the_other_ends() -> None:
    shape = Topology(
        {"Person": [f"person:p{i}" for i in range(3000)]},
        [Relations("KNOWS", 0, "Person", _ints(*[0] * 2999), "Person", _ints(*range(1, 3000)), _ints(*range(2999)))],
    )
    few = shape.reach(0, depth=1, types=None, limit=4)
    reads = shape.read_from(few.entries.tolist())
    assert [r.near for r in reads] == [1, 2, 3]
    assert [(r.src, r.dst) for r in reads] == [("person:p0", f"person:p{i}") for i in (1, 2, 3)]
    many = shape.reach(0, depth=1, types=None, limit=3000)
    assert {r.near for r in shape.read_from(many.entries.tolist())} == {0}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    store = open_embedded(tmp_path_factory.mktemp("synthetic") / Path("store"))
    load_upsert(store, generate(600, seed=3))
    yield store
    store.close()


def test_paths_agree_with_the_engines_shortest_paths(synthetic: EmbeddedStore) -> None:
    labels = ("Person", "Organization", "Event")
    ids = [n.id for label in labels for batch in synthetic.iter_nodes(label) for n in batch]
    rng = random.Random(11)
    compared = 0
    for _ in range(40):
        a, b = rng.sample(ids, 2)
        ours = synthetic.paths(a, b, max_hops=4)
        engine = synthetic.query(
            f"MATCH p = (a:{a.split(':')[0].title()} {{id: $a}})-[* SHORTEST 1..4]-"
            f"(b:{b.split(':')[0].title()} {{id: $b}}) RETURN length(p)",
            {"a": a, "b": b},
        ).rows
        assert [len(p.edges) for p in ours] == [row[0] for row in engine], (a, b)
        for path in ours:
            assert path.nodes[0].id == a and path.nodes[-1].id == b
            for edge, (x, y) in zip(path.edges, zip(path.nodes, path.nodes[1:], strict=False), strict=True):
                assert {edge.src, edge.dst} == {x.id, y.id}
        compared += bool(ours)
    assert compared >= 10  # enough connected pairs to mean something


def test_neighbourhood_agrees_with_the_engines_variable_length_match(synthetic: EmbeddedStore) -> None:
    for entity_id in ("person:s1", "organization:s2", "event:s3", "territory:s0"):
        label = entity_id.split(":")[0].title()
        engine = synthetic.query(
            f"MATCH (a:{label} {{id: $id}})-[*1..2]-(b) RETURN DISTINCT b.id", {"id": entity_id}, row_limit=100_000
        ).rows
        sub = synthetic.neighbourhood(entity_id, depth=2, limit=100_000)
        assert {n.id for n in sub.nodes} - {entity_id} == {row[0] for row in engine} - {entity_id}
        one_hop = synthetic.query(
            f"MATCH (a:{label} {{id: $id}})-[e]-(b) RETURN DISTINCT e.key", {"id": entity_id}, row_limit=100_000
        ).rows
        keys = {e.key for e in synthetic.neighbourhood(entity_id, depth=1, limit=100_000).edges}
        assert keys == {row[0] for row in one_hop}


def test_a_closed_store_refuses_to_load_its_topology(tmp_path: Path) -> None:
    store = open_embedded(tmp_path / "store")
    store.close()
    with pytest.raises(StoreUnavailable):
        store.warm()


def test_writes_keep_the_topology_in_step_without_loading_it_again(tmp_path: Path) -> None:
    store = open_embedded(tmp_path / "store")
    graph = generate(60, seed=5)
    load_upsert(store, graph)
    first = store._shape()  # which snapshot serves traversals is the point here
    loads = 0
    load = store._load_shape

    def counted() -> Topology:
        nonlocal loads
        loads += 1
        return load()

    store._load_shape = counted  # type: ignore[method-assign]
    load_upsert(store, graph)  # the same records again: properties merged, nothing added
    assert store._shape() is first
    person = next(e for e in graph.entities if e.id.startswith("person:"))
    known = [r for r in graph.relations if r.src == person.id]
    assert known
    newcomer = person.model_copy(update={"id": "person:someone-new"})
    store.upsert([newcomer], [r.model_copy(update={"src": newcomer.id}) for r in known])
    grown = store._shape()
    assert grown is not first and loads == 0
    assert {n.id for n in store.neighbourhood(newcomer.id).nodes} == {newcomer.id} | {r.dst for r in known}
    fresh = load()
    assert grown.ids.tolist() == fresh.ids.tolist() and _incident(grown) == _incident(fresh)
    store.close()


def _incident(shape: Topology) -> list[list[tuple[int, ...]]]:
    """Each node's relations as (kind, out, other id, table, offset), in the shape's order."""
    return [
        [
            (
                int(shape.kind[e]),
                int(shape.out[e]),
                hash(bytes(shape.ids[shape.other[e]])),
                int(shape.table[e]),
                int(shape.ref[e]),
            )
            for e in range(int(shape.indptr[n]), int(shape.indptr[n + 1]))
        ]
        for n in range(shape.size)
    ]


def test_the_engines_scan_order_does_not_change_the_shape() -> None:
    """The engine scans a table in parallel, so rows come in another order on each load; a cut
    neighbourhood and a shortest path must not change with it (they did, across restarts)."""
    rng = np.random.default_rng(11)
    people = [f"person:p{i}" for i in range(30)]
    batches = [
        Relations(
            "KNOWS", table, "Person", rng.integers(0, 30, 200), "Person", rng.integers(0, 30, 200), np.arange(200)
        )
        for table in (4, 2)
    ]

    def scanned(batch: Relations) -> Relations:
        order = rng.permutation(len(batch.ref))
        return Relations("KNOWS", batch.table, "Person", batch.src[order], "Person", batch.dst[order], batch.ref[order])

    first = Topology({"Person": people}, batches)
    again = Topology({"Person": people}, [scanned(b) for b in reversed(batches)])
    assert _incident(again) == _incident(first)
    for n in range(first.size):  # a node's relations of one type and direction: by table, then offset
        lo, hi = int(first.indptr[n]), int(first.indptr[n + 1])
        keys = list(
            zip(first.slot[lo:hi].tolist(), first.table[lo:hi].tolist(), first.ref[lo:hi].tolist(), strict=True)
        )
        assert keys == sorted(keys)
    start = first.index("Person", 0)
    assert first.reach(start, 2, None, 12).nodes.tolist() == again.reach(start, 2, None, 12).nodes.tolist()


def test_a_shape_extended_by_writes_equals_the_shape_loaded_after_them() -> None:
    rng = np.random.default_rng(3)
    people, places = [f"person:p{i}" for i in range(60)], [f"territory:t{i}" for i in range(20)]
    tables = {
        0: ("KNOWS", "Person", "Person"),
        1: ("LIVES_IN", "Person", "Territory"),
        2: ("KNOWS", "Territory", "Person"),
    }
    sizes = {"Person": len(people), "Territory": len(places)}
    drawn = {t: (rng.integers(0, sizes[a], 80), rng.integers(0, sizes[b], 80)) for t, (_, a, b) in tables.items()}

    def shape(n_people: int, n_places: int, n_rel: int) -> tuple[Topology, list[Relations]]:
        ends = {"Person": n_people, "Territory": n_places}
        batches: list[Relations] = []
        for t, (rel_type, a, b) in tables.items():
            src, dst = drawn[t]
            keep = np.arange(n_rel)[(src[:n_rel] < ends[a]) & (dst[:n_rel] < ends[b])]
            batches.append(Relations(rel_type, t, a, src[keep], b, dst[keep], keep.astype(np.int64)))
        return Topology({"Person": people[:n_people], "Territory": places[:n_places]}, batches), batches

    before, old = shape(40, 12, 50)
    after, new = shape(60, 20, 80)
    fresh = [~np.isin(n.ref, r.ref) for r, n in zip(old, new, strict=True)]
    written = [
        Relations(n.rel_type, n.table, n.src_label, n.src[f], n.dst_label, n.dst[f], n.ref[f])
        for n, f in zip(new, fresh, strict=True)
    ]
    nodes = {"Person": [(i, people[i]) for i in range(40, 60)], "Territory": [(i, places[i]) for i in range(12, 20)]}
    grown = before.extended(nodes, written)
    assert grown is not None
    assert grown.base == after.base and grown.counts == after.counts
    assert grown.ids.tolist() == after.ids.tolist()
    assert grown.indptr.tolist() == after.indptr.tolist() and grown.slot.tolist() == after.slot.tolist()
    assert _incident(grown) == _incident(after)
    start = grown.index("Person", 0)
    assert sorted(grown.reach(start, 2, None, 1000).nodes.tolist()) == sorted(
        after.reach(start, 2, None, 1000).nodes.tolist()
    )
    again = grown.extended(nodes, written)  # a write that a concurrent load already saw
    assert again is not None and again.indptr.tolist() == after.indptr.tolist() and _incident(again) == _incident(after)
    assert before.extended({}, [Relations("NEW_TYPE", 9, "Person", _ints(0), "Person", _ints(1), _ints(0))]) is None


def test_writes_during_loads_leave_the_shape_equal_to_a_fresh_load(tmp_path: Path) -> None:
    """A load may or may not see a write that commits while it runs: either way nothing is lost or doubled."""
    store = open_embedded(tmp_path / "store")
    graph = generate(80, seed=7)
    load_upsert(store, graph)
    person = next(e for e in graph.entities if e.id.startswith("person:"))
    known = [r for r in graph.relations if r.src == person.id]
    stop = threading.Event()

    def reload() -> None:
        while not stop.wait(0.001):  # a pause, so that writers get the lock too
            store._shape(stale=store._topology)

    loader = threading.Thread(target=reload)
    loader.start()
    try:
        for i in range(12):
            newcomer = person.model_copy(update={"id": f"person:newcomer-{i}"})
            store.upsert([newcomer], [r.model_copy(update={"src": newcomer.id}) for r in known])
    finally:
        stop.set()
        loader.join()
    shape, fresh = store._shape(), store._load_shape()
    assert shape.ids.tolist() == fresh.ids.tolist() and _incident(shape) == _incident(fresh)
    store.close()
