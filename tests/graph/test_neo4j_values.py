"""Driver values and driver errors as the Neo4j store sees them, built by the driver's own code (no server)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from neo4j import exceptions as ne
from neo4j._codec.hydration.bolt.v1.hydration_handler import _GraphHydrator
from neo4j.graph import Node as NeoNode
from neo4j.graph import Path as NeoPath
from neo4j.graph import Relationship as NeoRelationship
from neo4j.spatial import CartesianPoint, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time
from neo4j.vector import Vector

from graph.neo4j_errors import Where, translate
from graph.neo4j_values import edge_from_neo4j, node_from_neo4j, path_from_neo4j, to_plain
from graph.search import lucene_query
from graph.store import (
    IntegrityError,
    QueryFailed,
    QueryTimeout,
    ReadOnlyViolation,
    StoreError,
    StoreUnavailable,
)

P = "t1_"
EVIDENCE = [{"article": "article:a1", "start": 0, "end": 5, "quote": "Петров", "rule": "curated", "confidence": 0.8}]


class Server:
    """Builds graph values exactly as the driver does when it decodes a Bolt response."""

    def __init__(self) -> None:
        self._h = _GraphHydrator()

    def node(self, n: int, labels: list[str], props: dict[str, Any]) -> NeoNode:
        node: NeoNode = self._h.hydrate_node(n, labels, props, f"4:db:{n}")  # type: ignore[no-untyped-call]
        return node

    def rel(self, n: int, start: int, end: int, rel_type: str, props: dict[str, Any]) -> NeoRelationship:
        rel: NeoRelationship = self._h.hydrate_relationship(  # type: ignore[no-untyped-call]
            n, start, end, rel_type, props, f"5:db:{n}", f"4:db:{start}", f"4:db:{end}"
        )
        return rel

    def path(self, nodes: list[NeoNode], rels: list[NeoRelationship], sequence: list[int]) -> NeoPath:
        path: NeoPath = self._h.hydrate_path(nodes, rels, sequence)  # type: ignore[no-untyped-call]
        return path


def person(server: Server, n: int, entity_id: str, name: str) -> NeoNode:
    names = json.dumps({"ru": [name], "en": [], "zh": []}, ensure_ascii=False)
    props = {"id": entity_id, "name": name, "kind": "official", "names": names, "aliases": [name], "sources": []}
    return server.node(n, [f"{P}Person"], {**props, "country": "RU"})


def test_node_keeps_its_label_names_and_declared_properties() -> None:
    server = Server()
    node = node_from_neo4j(person(server, 1, "person:a", "Петров"), P)
    assert (node.id, node.label, node.kind, node.names.ru, node.aliases) == (
        "person:a",
        "Person",
        "official",
        ("Петров",),
        ["Петров"],
    )
    assert node.properties == {"country": "RU"}
    with pytest.raises(ValueError, match="no label of the ontology"):
        node_from_neo4j(server.node(2, ["Person"], {"id": "person:b", "name": "x"}), P)  # outside the namespace


def test_edge_keeps_properties_evidence_and_provenance() -> None:
    server = Server()
    rel = server.rel(
        7,
        1,
        2,
        f"{P}HOLDS_POSITION",
        {
            "key": "HOLDS_POSITION|person:a|organization:o|министр",
            "title": "министр",
            "start_date": "2024-05",
            "sources": ["article:a1"],
            "evidence": json.dumps(EVIDENCE, ensure_ascii=False),
            "confidence": 0.8,
            "extractor": "curated",
            "first_seen": "2026-01-01T00:00:00+00:00",
        },
    )
    edge = edge_from_neo4j(rel, "person:a", "organization:o", P)
    assert (edge.type, edge.src, edge.dst) == ("HOLDS_POSITION", "person:a", "organization:o")
    assert edge.properties == {"title": "министр", "start_date": "2024-05"}
    assert [(e.article, e.quote, e.confidence) for e in edge.evidence] == [("article:a1", "Петров", 0.8)]
    assert (edge.sources, edge.confidence, edge.first_seen) == (["article:a1"], 0.8, "2026-01-01T00:00:00+00:00")


def test_path_walks_from_its_start_and_keeps_each_edge_direction() -> None:
    server = Server()
    a, b = person(server, 1, "person:a", "A"), person(server, 2, "person:b", "B")
    event = server.node(3, [f"{P}Event"], {"id": "event:e", "name": "E", "names": "{}", "aliases": ["E"]})
    r1 = server.rel(10, 1, 3, f"{P}PARTICIPATED_IN", {"key": "k1", "role": "speaker"})
    r2 = server.rel(11, 2, 3, f"{P}PARTICIPATED_IN", {"key": "k2"})
    # a -[r1]-> e <-[r2]- b, as a Bolt path: node indexes and signed relationship indexes.
    path = path_from_neo4j(server.path([a, event, b], [r1, r2], [1, 1, -2, 2]), P)
    assert [n.id for n in path.nodes] == ["person:a", "event:e", "person:b"]
    assert [(e.src, e.dst, e.key) for e in path.edges] == [("person:a", "event:e", "k1"), ("person:b", "event:e", "k2")]
    assert path.hops == 2


def test_query_values_become_plain_json() -> None:
    server = Server()
    a, b = person(server, 1, "person:a", "A"), person(server, 2, "person:b", "B")
    foreign = server.node(3, ["Movie", "Film"], {"title": "x", "released": Date(1999, 3, 31)})
    rel = server.rel(4, 1, 2, f"{P}MEMBER_OF", {"key": "k", "role": "chair"})
    path = server.path([a, b], [rel], [1, 1])
    row = [
        a,
        foreign,
        rel,
        path,
        Date(2026, 5, 22),
        DateTime(2026, 5, 22, 10, 30, 0),
        Time(9, 15, 0),
        Duration(months=1, days=2, seconds=3),
        WGS84Point((135.07, 48.48)),
        CartesianPoint((1.0, 2.0)),
        Vector.from_native([0.5, 1.5], "f64"),
        b"\x00\xff",
        {"nested": [Date(2025, 1, 1), None, 3]},
    ]
    plain = to_plain(row, P)
    json.dumps(plain)
    node, movie, edge, walk, day, moment, clock, span, geo, flat, vec, blob, nested = plain
    assert (node["_label"], node["names"]["ru"], node["country"]) == ("Person", ["A"], "RU")
    assert (movie["_label"], movie["released"]) == ("Film:Movie", "1999-03-31")
    assert (edge["_label"], edge["role"]) == ("MEMBER_OF", "chair")
    assert [n["id"] for n in walk["nodes"]] == ["person:a", "person:b"]
    assert walk["relationships"][0]["_label"] == "MEMBER_OF"
    assert day == "2026-05-22" and moment.startswith("2026-05-22T10:30:00") and clock.startswith("09:15:00")
    assert span == "P1M2DT3S"
    assert geo == {"srid": 4326, "coordinates": [135.07, 48.48]}
    assert flat == {"srid": 7203, "coordinates": [1.0, 2.0]}
    assert (vec, blob, nested) == ([0.5, 1.5], "AP8=", {"nested": ["2025-01-01", None, 3]})


WHERE = Where(uri="bolt://db.example:7687", user="amur", database="graph")


def server_error(code: str, message: str = "the server's words") -> ne.Neo4jError:
    return ne.Neo4jError._hydrate_neo4j(code=f"Neo.{code}", message=message)


@pytest.mark.parametrize(
    ("error", "expected", "words"),
    [
        (server_error("ClientError.Security.Unauthorized"), StoreUnavailable, "refused the credentials of 'amur'"),
        (server_error("ClientError.Security.Unauthorized"), StoreUnavailable, "AMUR_NEO4J_PASSWORD"),
        (ne.ServiceUnavailable("Couldn't connect"), StoreUnavailable, "cannot reach Neo4j at bolt://db.example:7687"),
        (ne.SessionExpired("gone"), StoreUnavailable, "is the server running"),
        (server_error("ClientError.Database.DatabaseNotFound"), StoreUnavailable, "no database 'graph'"),
        (server_error("ClientError.Schema.ConstraintValidationFailed", "already exists"), IntegrityError, "constraint"),
        (server_error("ClientError.Transaction.TransactionTimedOutClientConfiguration"), QueryTimeout, "time limit"),
        (server_error("ClientError.Statement.AccessMode"), ReadOnlyViolation, "read-only transaction"),
        (server_error("ClientError.Statement.SyntaxError", "Invalid input 'RETRUN'"), QueryFailed, "RETRUN"),
        (server_error("ClientError.Security.Forbidden"), StoreUnavailable, "may not do this"),
        (server_error("TransientError.General.DatabaseUnavailable"), StoreUnavailable, "could not serve"),
        (ne.ConfigurationError("bad TLS"), StoreUnavailable, "bad TLS"),
    ],
)
def test_driver_errors_become_contract_errors_with_clear_messages(
    error: Exception, expected: type[StoreError], words: str
) -> None:
    mapped = translate(error, WHERE)
    assert type(mapped) is expected
    assert words in str(mapped)


def test_bugs_are_not_disguised_as_store_errors() -> None:
    assert translate(KeyError("x"), WHERE) is None
    already = IntegrityError("mine")
    assert translate(already, WHERE) is already


def test_lucene_query_holds_only_word_pieces() -> None:
    assert lucene_query("иван петров") == "*иван* AND *петров*"
    assert lucene_query("李伟") == "*李* AND *伟*"  # the standard analyzer indexes each ideograph alone
    assert lucene_query('a"b OR (c*) AND -d:e~') == "*a* AND *b* AND *or* AND *c* AND *and* AND *d* AND *e*"
    assert lucene_query("«—»") is None
