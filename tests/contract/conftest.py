"""The backends every contract test runs against.

Embedded always; Neo4j when AMUR_NEO4J_URI is set (otherwise those tests
skip and say how to enable them).  The Neo4j store lives in a namespace of
its own for the whole session and is emptied before every test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore
from tests.conftest import open_embedded
from tests.neo4j_server import close_test_store, open_test_store, settings_or_skip

BACKENDS = ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(scope="session")
def neo4j_session_store() -> Iterator[Neo4jStore]:
    store = open_test_store(settings_or_skip())
    yield store
    close_test_store(store)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    if request.param == "neo4j":
        neo: Neo4jStore = request.getfixturevalue("neo4j_session_store")
        neo.clear()
        yield neo
        return
    store = open_embedded(tmp_path / "contract")
    yield store
    store.close()


@pytest.fixture
def stored_label(backend: GraphStore) -> Callable[[str], str]:
    """How raw Cypher must spell an ontology label on this backend (a namespaced Neo4j store prefixes it)."""
    prefix = backend.prefix if isinstance(backend, Neo4jStore) else ""
    return lambda name: f"{prefix}{name}"
