"""What the Neo4j store does before, or instead of, talking to a server: all of it runs without one."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from api.cli import app
from graph.neo4j_store import Neo4jStore
from graph.open import open_store
from graph.settings import Settings
from graph.store import ReadOnlyViolation, StoreUnavailable
from ontology.models import Person


@pytest.fixture
def closed_port() -> int:
    """A local port nobody listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.fixture
def offline_store(closed_port: int) -> Iterator[Neo4jStore]:
    store = Neo4jStore(f"bolt://127.0.0.1:{closed_port}", "neo4j", "secret")
    yield store
    store.close()


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_unreachable_server_is_store_unavailable_at_once(closed_port: int, scheme: str) -> None:
    uri = f"{scheme}://127.0.0.1:{closed_port}"
    started = time.perf_counter()
    with pytest.raises(StoreUnavailable, match=f"cannot reach Neo4j at {uri}: is the server running"):
        open_store(Settings(backend="neo4j", neo4j_uri=uri))
    assert time.perf_counter() - started < 5


def test_missing_or_wrong_uri_says_what_to_set() -> None:
    with pytest.raises(StoreUnavailable, match="needs AMUR_NEO4J_URI"):
        open_store(Settings(backend="neo4j", neo4j_uri=None))
    for uri in ("http://localhost:7474", "localhost:7687"):
        with pytest.raises(StoreUnavailable, match="Amur speaks Bolt"):
            open_store(Settings(backend="neo4j", neo4j_uri=uri))
    with pytest.raises(ValidationError):
        Settings(neo4j_label_prefix="x`) MATCH (n) DETACH DELETE n //")


def test_cli_on_an_unreachable_server_exits_with_the_reason(closed_port: int) -> None:
    env = {"AMUR_NEO4J_URI": f"bolt://127.0.0.1:{closed_port}", "AMUR_NEO4J_PASSWORD": "x"}
    result = CliRunner().invoke(app, ["--backend", "neo4j", "stats"], env=env)
    assert result.exit_code == 2
    assert f"cannot reach Neo4j at bolt://127.0.0.1:{closed_port}" in result.output


def test_writes_and_unknown_statements_are_refused_before_the_network(offline_store: Neo4jStore) -> None:
    with pytest.raises(ReadOnlyViolation):
        offline_store.query("MATCH (n) DETACH DELETE n")  # the guard runs before anything is sent
    with pytest.raises(ValueError, match="does not enumerate"):
        offline_store._read("MATCH (n) DETACH DELETE n", {})
    with pytest.raises(StoreUnavailable, match="label prefix"):
        offline_store.clear()  # never on a store that is not namespaced: it would be the user's data


def test_read_only_store_refuses_writes(closed_port: int) -> None:
    store = Neo4jStore(f"bolt://127.0.0.1:{closed_port}", read_only=True, label_prefix="t1_")
    try:
        with pytest.raises(StoreUnavailable, match="read-only"):
            store.upsert([Person(id="person:x", name="X")], [])
        with pytest.raises(StoreUnavailable, match="read-only"):
            store.setup_schema()
        with pytest.raises(StoreUnavailable, match="read-only"):
            store.clear()
    finally:
        store.close()


def test_one_driver_per_process_and_server(closed_port: int) -> None:
    uri = f"bolt://127.0.0.1:{closed_port}"
    first, second = Neo4jStore(uri, "neo4j", "pw"), Neo4jStore(uri, "neo4j", "pw", label_prefix="t2_")
    other_user = Neo4jStore(uri, "reader", "pw")
    try:
        assert first._driver is second._driver
        assert other_user._driver is not first._driver
        first.close()
        first.close()  # closing twice is harmless and does not close the shared driver under `second`
        with pytest.raises(StoreUnavailable, match="cannot reach"):
            second.verify()
        with pytest.raises(StoreUnavailable, match="cannot reach"):
            second.ping()
    finally:
        second.close()
        other_user.close()
