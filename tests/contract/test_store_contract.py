"""One body for the storage contract; every backend must pass it unchanged."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from graph.dates import Position, Window, sort_key, span
from graph.embedded import EmbeddedStore
from graph.shapes import Edge, Link, Node, Path
from graph.store import GraphStore, IntegrityError, QueryTimeout, ReadOnlyViolation, StoreUnavailable
from ontology.models import (
    Article,
    EditionOf,
    Event,
    HeldIn,
    HoldsPosition,
    MentionedIn,
    Organization,
    ParticipatedIn,
    PartOf,
    Person,
    Proposed,
    Territory,
)
from ontology.records import EntityRecord, Evidence, RelationRecord

A1 = "article:a1"
A2 = "article:a2"


def world() -> tuple[list[EntityRecord], list[RelationRecord]]:
    entities: list[EntityRecord] = [
        Article(id=A1, name="First article", published="2026-03-11", outlet="Outlet"),
        Article(id=A2, name="Second article", published="2025-11-25"),
        Person(
            id="person:ivan-petrov", name="Иван Петров", names={"ru": ["Петров"], "en": ["Ivan Petrov"]}, sources=(A1,)
        ),
        Person(id="person:li-wei", name="Ли Вэй", names={"en": ["Li Wei"], "zh": ["李伟"]}, sources=(A1,)),
        Organization(id="organization:gov", name="Правительство края", kind="government", sources=(A1,)),
        Event(
            id="event:forum-2026", name="Форум 2026", kind="forum", start_date="2026-05-22", ordinal=7, sources=(A1,)
        ),
        Event(id="event:forum-series", name="Форум", kind="forum_series", sources=(A1,)),
        Territory(id="territory:city", name="Город", kind="city", sources=(A1,)),
    ]
    relations: list[RelationRecord] = [
        HoldsPosition(src="person:ivan-petrov", dst="organization:gov", title="министр", sources=(A1,)),
        ParticipatedIn(src="person:ivan-petrov", dst="event:forum-2026", role="speaker", sources=(A1,)),
        ParticipatedIn(src="person:li-wei", dst="event:forum-2026", role="guest", sources=(A1,)),
        HeldIn(src="event:forum-2026", dst="territory:city", sources=(A1,)),
        EditionOf(src="event:forum-2026", dst="event:forum-series", sources=(A1,)),
    ]
    return entities, relations


@pytest.fixture
def filled(backend: GraphStore) -> GraphStore:
    backend.upsert(*world())
    return backend


def test_schema_setup_is_idempotent(backend: GraphStore) -> None:
    backend.setup_schema()
    backend.setup_schema()
    assert backend.counts().total_nodes == 0


def test_upsert_creates_then_merges(backend: GraphStore) -> None:
    first = backend.upsert(*world())
    assert (first.entities_created, first.relations_created) == (8, 5)
    counts = backend.counts()
    second = backend.upsert(*world())
    assert (second.entities_created, second.entities_updated, second.relations_created) == (0, 8, 0)
    assert backend.counts() == counts
    assert counts.nodes["Person"] == 2
    assert counts.relationships["PARTICIPATED_IN"] == 2


def test_revision_moves_with_every_write_even_one_that_changes_no_count(backend: GraphStore) -> None:
    before = backend.revision()
    assert backend.revision() == before  # reads leave it
    backend.upsert(*world())
    first = backend.revision()
    backend.get("person:ivan-petrov")
    assert first == backend.revision() != before
    backend.upsert(*world())  # the same records again: no count moves
    assert backend.revision() != first


def test_get_returns_node_with_names_and_properties(filled: GraphStore) -> None:
    node = filled.get("event:forum-2026")
    assert node is not None
    assert (node.label, node.kind, node.properties["ordinal"], node.properties["start_date"]) == (
        "Event",
        "forum",
        7,
        "2026-05-22",
    )
    li = filled.get("person:li-wei")
    assert li is not None and li.names.zh == ("李伟",)
    assert filled.get("person:nobody") is None
    assert filled.get("not-an-id") is None


def test_names_sources_and_evidence_are_unioned(filled: GraphStore) -> None:
    before = filled.neighbourhood("person:ivan-petrov").edges
    first_seen = {e.key: e.first_seen for e in before}
    filled.upsert(
        [Person(id="person:ivan-petrov", name="Иван Петров", names={"en": ["I. Petrov"]}, sources=(A2,))],
        [
            HoldsPosition(
                src="person:ivan-petrov",
                dst="organization:gov",
                title="Министр",  # same post, other case: the same fact
                evidence=(
                    Evidence(article=A2, start=10, end=25, quote="министр Петров", rule="appositive", confidence=0.9),
                ),
            )
        ],
    )
    node = filled.get("person:ivan-petrov")
    assert node is not None
    assert node.names.en == ("Ivan Petrov", "I. Petrov")
    assert set(node.sources) == {A1, A2}
    post = [e for e in filled.neighbourhood("person:ivan-petrov").edges if e.type == "HOLDS_POSITION"]
    assert len(post) == 1
    assert {(ev.article, ev.rule) for ev in post[0].evidence} == {(A1, "curated"), (A2, "appositive")}
    assert post[0].first_seen == first_seen[post[0].key]
    assert filled.counts().relationships["HOLDS_POSITION"] == 1


def test_upsert_is_atomic(filled: GraphStore) -> None:
    before = filled.counts()
    with pytest.raises(IntegrityError, match="person:ghost"):
        filled.upsert(
            [Person(id="person:new", name="Новый", sources=(A1,))],
            [ParticipatedIn(src="person:ghost", dst="event:forum-2026", sources=(A1,))],
        )
    assert filled.counts() == before
    assert filled.get("person:new") is None


def test_neighbourhood_depth_types_and_limit(filled: GraphStore) -> None:
    one = filled.neighbourhood("person:ivan-petrov", depth=1)
    assert {n.id for n in one.nodes} == {"person:ivan-petrov", "organization:gov", "event:forum-2026"}
    two = filled.neighbourhood("person:ivan-petrov", depth=2)
    assert {"person:li-wei", "territory:city", "event:forum-series"} <= {n.id for n in two.nodes}
    assert all(e.src != e.dst for e in two.edges)
    only = filled.neighbourhood("person:ivan-petrov", depth=2, types=["PARTICIPATED_IN"])
    assert {e.type for e in only.edges} == {"PARTICIPATED_IN"}
    assert "territory:city" not in {n.id for n in only.nodes}
    small = filled.neighbourhood("person:ivan-petrov", depth=2, limit=2)
    assert small.truncated and len(small.nodes) == 2
    assert filled.neighbourhood("person:nobody").nodes == []


@pytest.mark.parametrize(
    ("depth", "types", "limit"), [(1, None, 500), (2, None, 500), (2, ["HELD_IN"], 500), (2, None, 3)]
)
def test_links_are_the_neighbourhood_without_properties(
    filled: GraphStore, depth: int, types: list[str] | None, limit: int
) -> None:
    for start in ("person:ivan-petrov", "event:forum-2026", "territory:city"):
        edges = filled.neighbourhood(start, depth=depth, types=types, limit=limit).edges
        links = filled.links(start, depth=depth, types=types, limit=limit)
        assert sorted(links) == sorted(Link(e.src, e.type, e.dst) for e in edges)
    assert filled.links("event:forum-2026", depth=1)
    assert filled.links("person:nobody") == []


def test_edges_keep_direction_and_properties(filled: GraphStore) -> None:
    edges = filled.neighbourhood("event:forum-2026").edges
    speaker = next(e for e in edges if e.src == "person:ivan-petrov" and e.type == "PARTICIPATED_IN")
    assert speaker.dst == "event:forum-2026"
    assert speaker.properties == {"role": "speaker"}
    assert speaker.sources == [A1]


def test_relations_of_one_type_between_different_labels_stay_apart(filled: GraphStore) -> None:
    """One relation type over several label pairs is several tables in LadybugDB, each counting from 0."""

    def said(quote: str) -> tuple[Evidence, ...]:
        return (Evidence(article=A2, start=0, end=len(quote), quote=quote, rule="test", confidence=0.9),)

    filled.upsert(
        [],
        [
            MentionedIn(src="person:li-wei", dst=A2, evidence=said("Ли Вэй")),
            MentionedIn(src="organization:gov", dst=A2, evidence=said("правительство")),
            MentionedIn(src="event:forum-2026", dst=A2, evidence=said("форум")),
            PartOf(src="event:forum-2026", dst="organization:gov", role="event of", sources=(A1,)),
            PartOf(src="organization:gov", dst="event:forum-series", role="runs", sources=(A1,)),
        ],
    )
    quotes = {"person:li-wei": "Ли Вэй", "organization:gov": "правительство", "event:forum-2026": "форум"}
    mentions = [e for e in filled.neighbourhood(A2).edges if e.type == "MENTIONED_IN"]
    assert sorted((e.src, e.key, e.evidence[0].quote) for e in mentions) == sorted(
        (src, f"MENTIONED_IN|{src}|{A2}", quote) for src, quote in quotes.items()
    )
    part_of = [e for e in filled.neighbourhood("organization:gov").edges if e.type == "PART_OF"]
    assert sorted((e.src, e.dst, e.properties.get("role")) for e in part_of) == [
        ("event:forum-2026", "organization:gov", "event of"),
        ("organization:gov", "event:forum-series", "runs"),
    ]
    (path,) = filled.paths("person:li-wei", "organization:gov", max_hops=2)
    assert [(e.src, e.evidence[0].quote) for e in path.edges] == [
        ("person:li-wei", "Ли Вэй"),
        ("organization:gov", "правительство"),
    ]


def test_shortest_paths(filled: GraphStore) -> None:
    paths = filled.paths("person:ivan-petrov", "person:li-wei", max_hops=4)
    assert len(paths) == 1
    assert [n.id for n in paths[0].nodes] == ["person:ivan-petrov", "event:forum-2026", "person:li-wei"]
    assert [e.type for e in paths[0].edges] == ["PARTICIPATED_IN", "PARTICIPATED_IN"]
    assert filled.paths("person:ivan-petrov", "territory:city", max_hops=1) == []
    assert len(filled.paths("organization:gov", "territory:city", max_hops=6)[0].edges) == 3


def test_all_shortest_paths(filled: GraphStore) -> None:
    filled.upsert([], [HeldIn(src="event:forum-series", dst="territory:city", sources=(A1,))])
    paths = filled.paths("person:ivan-petrov", "territory:city", max_hops=4, all_shortest=True)
    assert [len(p.edges) for p in paths] == [2]
    filled.upsert([], [ParticipatedIn(src="person:ivan-petrov", dst="event:forum-series", sources=(A1,))])
    paths = filled.paths("person:ivan-petrov", "territory:city", max_hops=4, all_shortest=True)
    assert sorted(p.nodes[1].id for p in paths) == ["event:forum-2026", "event:forum-series"]


def test_paths_walk_from_src_whatever_the_edge_directions(filled: GraphStore) -> None:
    (path,) = filled.paths("territory:city", "organization:gov", max_hops=3)
    walk = ["territory:city", "event:forum-2026", "person:ivan-petrov", "organization:gov"]
    assert [n.id for n in path.nodes] == walk
    assert [(e.src, e.dst) for e in path.edges] == [
        ("event:forum-2026", "territory:city"),
        ("person:ivan-petrov", "event:forum-2026"),
        ("person:ivan-petrov", "organization:gov"),
    ]
    assert filled.paths("territory:city", "territory:city") == [Path(nodes=[filled.get("territory:city")], edges=[])]


def test_relation_properties_and_provenance_survive(filled: GraphStore) -> None:
    filled.upsert(
        [],
        [
            HoldsPosition(
                src="person:li-wei",
                dst="organization:gov",
                title="советник",
                start_date="2025-01",
                end_date=2026,
                extractor="rule:post",
                evidence=(Evidence(article=A2, start=3, end=12, quote="советник", rule="post", confidence=0.7),),
            )
        ],
    )
    (edge,) = [e for batch in filled.iter_edges("HOLDS_POSITION") for e in batch if e.src == "person:li-wei"]
    assert edge.properties == {"title": "советник", "start_date": "2025-01", "end_date": "2026"}
    assert [(ev.article, ev.start, ev.end, ev.quote, ev.confidence) for ev in edge.evidence] == [
        (A2, 3, 12, "советник", 0.7)
    ]
    assert (edge.sources, edge.confidence, edge.extractor) == ([A2], 0.7, "post,rule:post")
    assert edge.first_seen is not None


def test_find_by_any_name(filled: GraphStore) -> None:
    assert [n.id for n in filled.find("петров")][:1] == ["person:ivan-petrov"]
    assert [n.id for n in filled.find("Li Wei")] == ["person:li-wei"]
    assert [n.id for n in filled.find("李伟")] == ["person:li-wei"]
    assert filled.find("форум", label="Person") == []


def test_find_matches_inside_words_and_ranks_the_same(filled: GraphStore) -> None:
    assert [n.id for n in filled.find("ПЕТР")] == ["person:ivan-petrov"]  # a word's start, any case
    assert [n.id for n in filled.find("етро")] == ["person:ivan-petrov"]  # inside a word
    assert [n.id for n in filled.find("ван пет")] == ["person:ivan-petrov"]  # across a space
    assert [n.id for n in filled.find("вэй ли")] == []  # the words, but not in this order
    assert [n.id for n in filled.find("伟")] == ["person:li-wei"]
    assert [n.id for n in filled.find("форум")] == ["event:forum-series", "event:forum-2026"]
    assert filled.find("  ") == []


def test_read_only_query_with_parameters_and_row_cap(filled: GraphStore, stored_label: Callable[[str], str]) -> None:
    person = stored_label("Person")
    result = filled.query(f"MATCH (p:{person}) WHERE p.id = $id RETURN p.name", {"id": "person:li-wei"})
    assert result.rows == [["Ли Вэй"]]
    assert result.backend == filled.backend
    capped = filled.query(f"MATCH (n:{person}) RETURN n.id", row_limit=1)
    assert len(capped.rows) == 1 and capped.truncated


def test_query_stops_at_its_time_limit(filled: GraphStore) -> None:
    """Hundreds of millions of rows: minutes of work, stopped near the limit, and the store still answers."""
    endless = (
        "UNWIND range(1, 5000) AS x UNWIND range(1, 5000) AS y UNWIND range(1, 50) AS z "
        "WITH x + y + z AS s WHERE s < 0 RETURN count(s)"
    )
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        filled.query(endless, timeout_s=0.5)
    assert time.monotonic() - started < 5
    assert filled.query("RETURN 1").rows == [[1]]


def test_query_returns_nodes_and_paths_as_plain_json(filled: GraphStore, stored_label: Callable[[str], str]) -> None:
    person, event = stored_label("Person"), stored_label("Event")
    result = filled.query(
        f"MATCH p = (a:{person})-[e]->(b:{event}) WHERE a.id = $id RETURN a, e, p", {"id": "person:li-wei"}
    )
    assert result.columns == ["a", "e", "p"]
    ((node, rel, path),) = result.rows
    assert (node["_label"], node["id"], node["names"]["zh"]) == ("Person", "person:li-wei", ["李伟"])
    assert (rel["_label"], rel["role"], rel["sources"]) == ("PARTICIPATED_IN", "guest", [A1])
    assert [n["id"] for n in path["nodes"]] == ["person:li-wei", "event:forum-2026"]
    assert [r["_label"] for r in path["relationships"]] == ["PARTICIPATED_IN"]
    json.dumps(result.rows)  # plain JSON, whatever the engine


@pytest.mark.parametrize(
    "cypher",
    [
        "CREATE (n:{Person} {{id: 'person:x', name: 'x'}})",
        "MATCH (n:{Person}) SET n.name = 'x'",
        "MATCH (n:{Person}) DETACH DELETE n",
        "MATCH (n:{Person}) RETURN n; MATCH (n:{Person}) DELETE n",
        "merge (n:{Person} {{id: 'person:x'}})",
    ],
)
def test_query_refuses_writes(filled: GraphStore, stored_label: Callable[[str], str], cypher: str) -> None:
    before = filled.counts()
    with pytest.raises(ReadOnlyViolation):
        filled.query(cypher.format(Person=stored_label("Person")))
    assert filled.counts() == before
    assert filled.get("person:ivan-petrov") is not None


def test_reads_from_threads_while_writing(filled: GraphStore) -> None:
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(20):
                assert filled.get("person:li-wei") is not None
                filled.neighbourhood("event:forum-2026")
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for i in range(10):
        filled.upsert([Person(id=f"person:p{i}", name=f"P{i}", sources=(A1,))], [])
    for t in threads:
        t.join()
    assert errors == []
    assert filled.counts().nodes["Person"] == 12


def test_iterates_every_node_and_edge_in_batches(filled: GraphStore) -> None:
    people = [n.id for batch in filled.iter_nodes("Person", batch_size=1) for n in batch]
    assert people == ["person:ivan-petrov", "person:li-wei"]
    edges = [e for batch in filled.iter_edges("PARTICIPATED_IN", batch_size=1) for e in batch]
    assert {(e.src, e.dst, e.properties["role"]) for e in edges} == {
        ("person:ivan-petrov", "event:forum-2026", "speaker"),
        ("person:li-wei", "event:forum-2026", "guest"),
    }
    assert list(filled.iter_nodes("Project")) == []
    for label in ("Person", "Event", "Project", "Organization"):
        ids = [pair for batch in filled.iter_ids(label, batch_size=1) for pair in batch]
        assert ids == [(n.id, None) for batch in filled.iter_nodes(label) for n in batch]
    for label, prop in (("Organization", "country"), ("Event", "start_date"), ("Person", "description")):
        pairs = [pair for batch in filled.iter_ids(label, batch_size=1, with_property=prop) for pair in batch]
        assert pairs == [(n.id, n.properties.get(prop)) for batch in filled.iter_nodes(label) for n in batch]
    assert ("event:forum-2026", "2026-05-22") in next(filled.iter_ids("Event", with_property="start_date"))
    with pytest.raises(ValueError, match="not a property of Organization"):
        next(filled.iter_ids("Organization", with_property="name} DETACH DELETE n //"))
    for rel_type in ("PARTICIPATED_IN", "HELD_IN", "PROPOSED"):
        links = [link for batch in filled.iter_links(rel_type, batch_size=1) for link in batch]
        whole = [Link(e.src, e.type, e.dst) for batch in filled.iter_edges(rel_type) for e in batch]
        assert sorted(links) == sorted(whole)
    assert len([link for batch in filled.iter_links("PARTICIPATED_IN", batch_size=1) for link in batch]) == 2
    filled.upsert(
        [Person(id="person:p-late", name="P Late", sources=(A1,))],
        [ParticipatedIn(src="person:p-late", dst="event:forum-2026", sources=(A1,))],
    )
    links = [link for batch in filled.iter_links("PARTICIPATED_IN") for link in batch]
    assert Link("person:p-late", "PARTICIPATED_IN", "event:forum-2026") in links, "a write since is read too"
    assert len(links) == 3


def _dated_world(store: GraphStore) -> None:
    """Events and relations dated at every precision, with ties, open ends and no dates at all."""
    dates = [("2025", None), ("2026-05", None), ("2026-05-22", "2026-05-24"), ("2026-05-22", None),
             ("2026-06-01", None), (None, "2026-05-10"), (None, None), ("2024-12-31", "2026-01")]  # fmt: skip
    events = [
        Event(id=f"event:e{i}", name=f"Событие {i}", start_date=s, end_date=e, series="s" if i % 2 else None)
        for i, (s, e) in enumerate(dates)
    ]
    people = [Person(id=f"person:p{i}", name=f"Человек {i}") for i in range(3)]
    orgs = [Organization(id=f"organization:o{i}", name=f"Ведомство {i}") for i in range(3)]
    positions = [
        HoldsPosition(
            src=f"person:p{i % 3}",
            dst=f"organization:o{(i + 1) % 3}",
            title=f"t{i}",
            start_date=s,
            end_date=e,
            sources=(A1,),
        )
        for i, (s, e) in enumerate(dates)
    ]
    proposals = [
        Proposed(src=f"organization:o{i % 3}", dst=f"event:e{i}", date=s or e, outcome=str(i), sources=(A1,))
        for i, (s, e) in enumerate(dates)
    ]
    store.upsert([Article(id=A1, name="Статья"), *events, *people, *orgs], [*positions, *proposals])


WINDOWS = [(None, None), ("2026-05", None), (None, "2026-05"), ("2026-05-23", "2026-05-23"), ("2026", "2026")]


@pytest.mark.parametrize(("since", "until"), WINDOWS)
def test_dated_reads_filter_order_and_cut_like_the_python_rules(
    backend: GraphStore, since: str | None, until: str | None
) -> None:
    _dated_world(backend)
    backend.warm()
    _assert_dated_reads(backend, Window(since, until))


def test_dated_reads_follow_writes(backend: GraphStore) -> None:
    """Dates changed, and events and relations added, show in the next page (the embedded store's
    index in memory is built again)."""
    _dated_world(backend)
    backend.warm()
    _assert_dated_reads(backend, Window("2026-05", "2026-05"))
    backend.upsert(  # dates changed only: the shape stays as it was
        [Event(id="event:e0", name="Событие 0", start_date="2026-05-03")],  # was 2025
        [HoldsPosition(src="person:p0", dst="organization:o1", title="t0", start_date="2026-05-02", sources=(A1,))],
    )
    _assert_dated_reads(backend, Window("2026-05", "2026-05"))
    backend.upsert(
        [Event(id="event:e-late", name="Позднее", start_date="2026-05-22", series="s")],
        [HoldsPosition(src="person:p2", dst="organization:o0", title="late", start_date="2026-05", sources=(A1,))],
    )
    for window in (Window("2026-05", "2026-05"), Window()):
        _assert_dated_reads(backend, window)
    assert "event:e-late" in [n.id for n in backend.dated_events(Window("2026-05-22", "2026-05-22"), series="s")]
    with pytest.raises(ValueError, match="date"):
        backend.dated_relations("PART_OF", Window())


def _assert_dated_reads(backend: GraphStore, window: Window) -> None:
    def reference(items: list[Node] | list[Edge], *, dated_only: bool) -> list[str]:
        keyed = [(*span(x.properties), x.id if isinstance(x, Node) else x.key) for x in items]
        kept = [(s, e, k) for s, e, k in keyed if window.holds(s, e) and not (dated_only and s is None and e is None)]
        return [k for s, e, k in sorted(kept, key=lambda x: sort_key(*x))]

    every_event = [n for batch in backend.iter_nodes("Event") for n in batch]
    expected = reference(every_event, dated_only=False)
    assert [n.id for n in backend.dated_events(window, limit=100)] == expected
    assert [n.id for n in backend.dated_events(window, limit=3)] == expected[:3]
    in_series = reference([n for n in every_event if n.properties.get("series") == "s"], dated_only=False)
    assert [n.id for n in backend.dated_events(window, series="s", limit=100)] == in_series
    some = ["event:e1", "event:e2", "event:e6", "event:nowhere"]
    assert [n.id for n in backend.dated_events(window, ids=some)] == [i for i in expected if i in some]
    assert backend.dated_events(window, ids=[]) == []
    assert _walk(partial(backend.dated_events, window, limit=2)) == expected
    assert _walk(partial(backend.dated_events, window, ids=some, limit=2)) == [i for i in expected if i in some]
    event_scopes: list[dict[str, Any]] = [{}, {"limit": 3}, {"series": "s"}, {"ids": some}, {"ids": []}]
    for scoped in event_scopes:
        _assert_positions(
            partial(backend.dated_events, window, **scoped), partial(backend.dated_event_positions, window, **scoped)
        )
    for rel_type in ("HOLDS_POSITION", "PROPOSED"):
        every_edge = [e for batch in backend.iter_edges(rel_type) for e in batch]
        expected = reference(every_edge, dated_only=True)
        assert [e.key for e in backend.dated_relations(rel_type, window)] == expected
        assert [e.key for e in backend.dated_relations(rel_type, window, limit=2)] == expected[:2]
        near = ["organization:o1", "event:e3", "person:p2"]
        touching = [e.key for e in every_edge if e.src in near or e.dst in near]
        found = [e.key for e in backend.dated_relations(rel_type, window, touching=near)]
        assert found == [k for k in expected if k in touching]
        assert backend.dated_relations(rel_type, window, touching=[]) == []
        for scope in (None, near):
            walked = _walk(partial(backend.dated_relations, rel_type, window, touching=scope, limit=2))
            assert walked == [k for k in expected if scope is None or k in touching]
        for scoped in ({}, {"limit": 2}, {"touching": near}, {"touching": []}):
            _assert_positions(
                partial(backend.dated_relations, rel_type, window, **scoped),
                partial(backend.dated_relation_positions, rel_type, window, **scoped),
            )


def _position(fact: Node | Edge) -> Position:
    return sort_key(*span(fact.properties), fact.id if isinstance(fact, Node) else fact.key)


def _assert_positions(read: Callable[..., list[Node] | list[Edge]], positions: Callable[..., list[Position]]) -> None:
    """The positions a source gives are those of the facts it reads, on a first page and after one."""
    found = read()
    assert positions() == [_position(x) for x in found]
    if found:
        after = _position(found[0])
        assert positions(after=after) == [_position(x) for x in read(after=after)]


def _walk(page: Callable[..., list[Node] | list[Edge]]) -> list[str]:
    """Every fact, two at a time (`page` asks for two), each page after the last fact of the one before."""
    walked: list[str] = []
    after: Position | None = None
    for _ in range(100):  # a position that does not move on would loop forever
        found = page(after=after)
        if not found:
            break
        assert len(found) <= 2
        walked += [x.id if isinstance(x, Node) else x.key for x in found]
        after = _position(found[-1])
    else:
        pytest.fail(f"still paging after 100 pages: {walked[-4:]}")
    return walked


def _ids(store: GraphStore, text: str, **kwargs: object) -> list[str]:
    return [h.node.id for h in store.search(text, **kwargs).hits]  # type: ignore[arg-type]


def test_search_exact_transliterated_and_chinese(filled: GraphStore) -> None:
    for text in ("Иван Петров", "Ivan Petrov", "李伟", "Li Wei", "Ли Вэй"):
        page = filled.search(text)
        assert page.hits, text
        top = page.hits[0]
        assert top.node.id in {"person:ivan-petrov", "person:li-wei"}, text
        assert top.score == 1.0 and top.match == "exact", (text, top)
    translit = filled.search("Ivan Petrov").hits[0]
    assert translit.matched_alias == "Ivan Petrov"
    # Cyrillic input for a name stored only in Latin letters, and the reverse.
    assert _ids(filled, "Ivan Petrov")[:1] == _ids(filled, "Иван Петров")[:1] == ["person:ivan-petrov"]


def test_search_inflection_prefix_and_one_typo(filled: GraphStore) -> None:
    inflected = filled.search("Петрова").hits[0]
    assert (inflected.node.id, inflected.match) == ("person:ivan-petrov", "inflection")
    assert _ids(filled, "Ивана Петрова")[:1] == ["person:ivan-petrov"]
    assert _ids(filled, "Правительства края")[:1] == ["organization:gov"]
    prefix = filled.search("Прав").hits[0]
    assert (prefix.node.id, prefix.match, prefix.matched_alias) == ("organization:gov", "prefix", "Правительство края")
    for typo in ("Петорв", "Петрв", "Петровв", "Пеиров"):
        hit = filled.search(typo).hits[0]
        assert (hit.node.id, hit.match) == ("person:ivan-petrov", "typo"), typo
    assert filled.search("Пдтрвв").hits == []  # two typos are too many


def test_search_ranks_filters_and_pages(filled: GraphStore) -> None:
    page = filled.search("Форум")
    assert [h.node.id for h in page.hits][:2] == ["event:forum-series", "event:forum-2026"]
    assert page.hits[0].score > page.hits[1].score
    assert _ids(filled, "Форум", label="Person") == []
    first = filled.search("Форум", limit=1)
    assert len(first.hits) == 1 and first.next_offset == 1
    second = filled.search("Форум", limit=1, offset=1)
    assert [h.node.id for h in second.hits] == ["event:forum-2026"] and second.next_offset is None
    assert filled.search("").hits == [] and filled.search("   ").hits == []
    assert filled.search("Nobody Whatsoever").hits == []


def test_search_follows_upserts(filled: GraphStore) -> None:
    assert filled.search("Сидоров").hits == []
    filled.upsert([Person(id="person:ivan-petrov", name="Иван Петров", names={"ru": ["Сидоров"]}, sources=(A1,))], [])
    filled.upsert([Person(id="person:anna", name="Анна Сидорова", sources=(A1,))], [])
    assert _ids(filled, "Сидоров")[:2] == ["person:ivan-petrov", "person:anna"]


def test_warm_prepares_traversals_and_can_repeat(filled: GraphStore) -> None:
    filled.warm()
    filled.warm()
    assert [n.id for n in filled.paths("person:ivan-petrov", "person:li-wei")[0].nodes][1] == "event:forum-2026"


def test_ping_answers_while_the_store_is_open(backend: GraphStore) -> None:
    backend.ping()
    if isinstance(backend, EmbeddedStore):  # the Neo4j store is shared by the session: closed elsewhere
        backend.close()
        with pytest.raises(StoreUnavailable, match="closed"):
            backend.ping()
