"""POST /cypher refuses every write or escape attempt with 403, and the graph stays as it was."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import ApiSettings

ATTEMPTS = [
    # plain writes
    "CREATE (n:Person {id: 'person:x', name: 'x'})",
    "MERGE (n:Person {id: 'person:x'}) RETURN n",
    "MATCH (n:Person) SET n.name = 'x'",
    "MATCH (n:Person) DELETE n",
    "MATCH (n:Person) DETACH DELETE n",
    "MATCH (n:Person) REMOVE n.kind",
    "DROP TABLE Person",
    "ALTER TABLE Person ADD x STRING",
    "COPY Person FROM 'people.csv'",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "LOAD FROM 'people.csv' RETURN *",
    "CREATE NODE TABLE Evil(id STRING PRIMARY KEY)",
    # case and spacing tricks
    "match (n:Person) detach delete n",
    "MaTcH (n:Person) SeT n.name = 'x'",
    "MATCH (n:Person)\n\tDELETE\n\tn",
    "MATCH (n:Person) WITH n SET n.kind = 'expert' RETURN n",
    # comments around and inside
    "MATCH (n:Person) /* harmless */ DETACH DELETE n",
    "// just a read\nMATCH (n:Person) DELETE n",
    "MATCH (n:Person) RETURN n /* end */; MATCH (m) DELETE m",
    # multi-statement strings
    "MATCH (n:Person) RETURN n; CREATE (m:Person {id: 'person:y', name: 'y'})",
    "RETURN 1;;DROP TABLE Person",
    "MATCH (n) RETURN n;\nMATCH (n) DETACH DELETE n;",
    # unicode look-alikes and invisible characters
    "MATCH (n:Person) DЕLETE n",  # Cyrillic Е
    "МATCH (n:Person) DETACH DELETE n",  # Cyrillic М
    "MATCH (n:Person) DETACH\u200bDELETE n",  # zero-width space
    "MATCH (n:Person) ＤＥＬＥＴＥ n",  # full-width letters (NFKC folds them to DELETE)
    "MATCH (n:Person)\u2028DELETE n",  # line separator
    # procedures, subqueries, transactions, admin
    "CALL db.createLabel('X')",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})",
    "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS",
    "CALL { MATCH (n) RETURN n } IN TRANSACTIONS OF 10 ROWS RETURN 1",
    "USING PERIODIC COMMIT LOAD CSV FROM 'x' AS r CREATE (n)",
    "BEGIN TRANSACTION",
    "COMMIT",
    "CHECKPOINT",
    "INSTALL fts",
    "LOAD EXTENSION fts",
    "ATTACH 'other.lbdb' AS other (dbtype lbug)",
    "EXPORT DATABASE '/tmp/x'",
    "IMPORT DATABASE '/tmp/x'",
    "CREATE USER evil SET PASSWORD 'x'",
    "GRANT ALL ON DATABASE * TO evil",
    "STOP DATABASE neo4j",
    "FOREACH (x IN [1] | CREATE (:Person {id: 'person:z', name: 'z'}))",
    "UNWIND [1] AS x MERGE (:Person {id: 'person:w', name: 'w'})",
    "CALL dbms.security.createUser('evil', 'x', false)",
    "CALL db.index.fulltext.createNodeIndex('x', ['Person'], ['name'])",
]


def _snapshot(client: TestClient) -> Any:
    return client.get("/export", params={"format": "ndjson"}).text


def test_there_are_at_least_30_attempts() -> None:
    assert len(ATTEMPTS) >= 30


@pytest.fixture(scope="module")
def before(client: TestClient) -> Any:
    return _snapshot(client)


@pytest.mark.parametrize("cypher", ATTEMPTS)
def test_write_attempt_is_refused_with_403(client: TestClient, before: Any, cypher: str) -> None:
    response = client.post("/cypher", json={"query": cypher})
    assert response.status_code == 403, (cypher, response.status_code, response.text)
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "Write refused"


def test_graph_unchanged_after_every_attempt(client: TestClient, before: Any) -> None:
    for cypher in ATTEMPTS:
        client.post("/cypher", json={"query": cypher, "params": {"x": 1}})
    assert _snapshot(client) == before


def test_writes_hidden_in_strings_and_names_are_just_reads(client: TestClient) -> None:
    """Keywords inside strings, quoted names and property keys do not write, so they are allowed."""
    for cypher in (
        "MATCH (n:Person) WHERE n.name = 'CREATE (x)' RETURN count(n)",
        "MATCH (n:Person) RETURN n.name AS `DELETE`",
        "MATCH (n:Event) WHERE n.status = 'set' RETURN count(n)",
        "RETURN {start: 1, stop: 2} AS m",
    ):
        response = client.post("/cypher", json={"query": cypher})
        assert response.status_code == 200, (cypher, response.text)


def test_parameters_the_engine_cannot_take_are_a_400(client: TestClient) -> None:
    """Found by schemathesis: the engine's binding raised ValueError on these (a 500 before)."""
    for params in ('{"x": [null, "\\udab1\\udd3bx", 0]}', '{"x": [1, "a", {"b": 2}]}'):
        body = '{"query": "RETURN $x", "params": ' + params + "}"
        response = client.post("/cypher", content=body, headers={"content-type": "application/json"})
        assert response.status_code in (200, 400), response.text
    response = client.post("/cypher", json={"query": "RETURN 1", "params": {"": 1}})
    assert response.status_code == 422


def test_a_query_past_the_time_limit_is_a_504_and_the_api_answers_after(api_data: Path) -> None:
    settings = ApiSettings(data_dir=api_data, query_timeout_s=0.5, _env_file=None)
    endless = (
        "UNWIND range(1, 5000) AS x UNWIND range(1, 5000) AS y UNWIND range(1, 50) AS z "
        "WITH x + y + z AS s WHERE s < 0 RETURN count(s)"
    )
    with TestClient(create_app(settings)) as client:
        started = time.monotonic()
        response = client.post("/cypher", json={"query": endless})
        assert response.status_code == 504, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert time.monotonic() - started < 5
        assert client.post("/cypher", json={"query": "RETURN 1 AS one"}).json()["rows"] == [[1]]
