"""The driver-facing code against a live Neo4j (AMUR_NEO4J_URI); skipped, with how to enable, without one.

Every test works in a label namespace of its own and removes it afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from neo4j import RoutingControl
from pydantic import SecretStr
from typer.testing import CliRunner

from api.cli import app
from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from graph.settings import Settings
from graph.store import IntegrityError, QueryTimeout, ReadOnlyViolation, StoreUnavailable
from ontology.model import ontology
from ontology.models import Article, Event, ParticipatedIn, Person
from tests.conftest import DATA, load_bundled
from tests.neo4j_server import close_test_store, namespace, open_test_store, settings_or_skip

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def settings() -> Settings:
    return settings_or_skip()


@pytest.fixture
def neo(settings: Settings) -> Iterator[Neo4jStore]:
    store = open_test_store(settings, batch_size=2)
    yield store
    close_test_store(store)


def raw(store: Neo4jStore, cypher: str, routing: RoutingControl = RoutingControl.WRITE, **params: Any) -> list[Any]:
    """Cypher straight through the store's driver (tests only), with the store's error mapping."""
    with store._errors():
        return list(store._driver.execute_query(cypher, params, routing_=routing, database_=store.database).records)


def test_schema_comes_from_the_ontology(neo: Neo4jStore) -> None:
    p = neo.prefix
    constraints = {r["name"] for r in raw(neo, "SHOW CONSTRAINTS YIELD name RETURN name")}
    assert {f"{p}{label}_id" for label in ontology().labels} <= constraints
    indexes = {r["name"]: r for r in raw(neo, "SHOW INDEXES YIELD name, type, state, labelsOrTypes RETURN *")}
    for label in ontology().labels:
        assert {f"{p}{label}_kind", f"{p}{label}_name"} <= set(indexes)
    for rel_type in ontology().relationship_types:
        assert indexes[f"{p}{rel_type}_key"]["type"] == "RANGE"
    fulltext = indexes[f"{p}amur_names"]
    assert (fulltext["type"], fulltext["state"]) == ("FULLTEXT", "ONLINE")
    assert sorted(fulltext["labelsOrTypes"]) == sorted(f"{p}{label}" for label in ontology().labels)
    neo.setup_schema()  # again: nothing changes, nothing fails


def test_writes_go_in_batches_and_in_one_transaction(neo: Neo4jStore) -> None:
    people = [Person(id=f"person:p{i}", name=f"P{i}", sources=("article:a1",)) for i in range(7)]
    summary = neo.upsert(
        [Article(id="article:a1", name="A1"), Event(id="event:e", name="E"), *people],
        [ParticipatedIn(src=p.id, dst="event:e", sources=("article:a1",)) for p in people],
    )
    assert (summary.entities_created, summary.relations_created) == (9, 7)
    assert len(neo.get_many([p.id for p in people])) == 7  # read back in batches of 2
    assert [len(b) for b in neo.iter_nodes("Person", batch_size=3)] == [3, 3, 1]
    with pytest.raises(IntegrityError):
        neo.upsert(people[:3], [ParticipatedIn(src="person:p0", dst="event:missing", sources=("article:a1",))])
    assert neo.counts().total_relationships == 7


def test_bad_credentials_and_database_are_clear(settings: Settings, neo: Neo4jStore) -> None:
    wrong = Neo4jStore.from_settings(settings.model_copy(update={"neo4j_password": SecretStr("certainly-not-it")}))
    try:
        with pytest.raises(StoreUnavailable, match="refused the credentials"):
            wrong.verify()
    finally:
        wrong.close()
    missing = Neo4jStore.from_settings(
        settings.model_copy(update={"neo4j_database": "amurnosuchdb", "neo4j_label_prefix": neo.prefix})
    )
    try:
        with pytest.raises(StoreUnavailable, match="no database 'amurnosuchdb'"):
            missing.counts()
    finally:
        missing.close()


def test_constraint_violation_and_read_mode_are_mapped(neo: Neo4jStore) -> None:
    person = f"{neo.prefix}Person"
    raw(neo, f"CREATE (:{person} {{id: 'person:dup', name: 'x'}})")
    with pytest.raises(IntegrityError, match="constraint"):
        raw(neo, f"CREATE (:{person} {{id: 'person:dup', name: 'y'}})")
    with pytest.raises(ReadOnlyViolation):
        raw(neo, f"CREATE (:{person} {{id: 'person:w', name: 'w'}})", RoutingControl.READ)


def test_query_time_limit_is_enforced_by_the_server(neo: Neo4jStore) -> None:
    with pytest.raises(QueryTimeout):
        neo.query("UNWIND range(1, 1000000000) AS x WITH x WHERE x < 0 RETURN count(x)", timeout_s=0.5)


def test_server_values_come_back_as_plain_json(neo: Neo4jStore) -> None:
    result = neo.query(
        "RETURN date('2026-05-22') AS d, datetime('2026-05-22T10:30:00Z') AS t, duration('P1M2D') AS span, "
        "point({x: 1.0, y: 2.0}) AS pt, [1, 'a', null] AS list, {k: 1} AS map"
    )
    assert result.rows == [
        [
            "2026-05-22",
            "2026-05-22T10:30:00Z",
            "P1M2DT0S",
            {"srid": 7203, "coordinates": [1.0, 2.0]},
            [1, "a", None],
            {"k": 1},
        ]
    ]


@pytest.fixture(scope="module")
def bundled_pair(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[EmbeddedStore, Neo4jStore]]:
    embedded = EmbeddedStore(tmp_path_factory.mktemp("parity"))
    embedded.setup_schema()
    load_bundled(embedded)
    neo = open_test_store(settings)
    load_bundled(neo)
    yield embedded, neo
    close_test_store(neo)
    embedded.close()


def test_same_data_gives_the_same_graph_on_both_backends(bundled_pair: tuple[EmbeddedStore, Neo4jStore]) -> None:
    embedded, neo = bundled_pair
    assert neo.counts() == embedded.counts()
    for label in ontology().labels:
        assert list(neo.iter_nodes(label, 50)) == list(embedded.iter_nodes(label, 50))
    for rel_type in ontology().relationship_types:
        ours = [e.model_copy(update={"first_seen": None}) for b in neo.iter_edges(rel_type, 50) for e in b]
        theirs = [e.model_copy(update={"first_seen": None}) for b in embedded.iter_edges(rel_type, 50) for e in b]
        assert ours == theirs
    for text in ("Абрамов", "амурэкспо", "Хэйхэ", "форум", "李"):
        assert {n.id for n in neo.find(text, limit=50)} == {n.id for n in embedded.find(text, limit=50)}, text
    a, b = neo.neighbourhood("person:sergey-abramov", depth=2), embedded.neighbourhood("person:sergey-abramov", depth=2)
    assert ({n.id for n in a.nodes}, {e.key for e in a.edges}) == ({n.id for n in b.nodes}, {e.key for e in b.edges})


def test_cli_switches_every_command_to_neo4j(settings: Settings) -> None:
    prefix = namespace()
    env = {"AMUR_NEO4J_LABEL_PREFIX": prefix}
    runner = CliRunner()
    try:
        for args in (["load", str(DATA)], ["stats"], ["show", "Абрамов"]):
            result = runner.invoke(app, ["--backend", "neo4j", *args], env=env)
            assert result.exit_code == 0, result.output
        assert "Сергей Абрамов" in result.output
        cypher = f"MATCH (p:{prefix}Person) WHERE p.id = $id RETURN p.name"
        result = runner.invoke(
            app, ["--backend", "neo4j", "query", cypher, "-p", "id=person:sergey-abramov", "--json"], env=env
        )
        assert result.exit_code == 0 and "Сергей Абрамов" in result.output
    finally:
        store = Neo4jStore.from_settings(settings.model_copy(update={"neo4j_label_prefix": prefix}))
        close_test_store(store)
