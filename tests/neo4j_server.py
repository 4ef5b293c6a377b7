"""Access to a live Neo4j for tests, when AMUR_NEO4J_URI points at one; never touches a user's data.

Every test store lives in its own label namespace (`amur_t<random>_Person`...),
so tests share a Community server (one database) with real data safely, and
delete their nodes, constraints and indexes afterwards.
"""

from __future__ import annotations

import os
import uuid

import pytest

from graph.neo4j_store import Neo4jStore
from graph.settings import Settings

HOW_TO_ENABLE = "no Neo4j: set AMUR_NEO4J_URI (+ AMUR_NEO4J_PASSWORD) to run; README, section Neo4j"


def settings_or_skip() -> Settings:
    if not os.environ.get("AMUR_NEO4J_URI"):
        pytest.skip(HOW_TO_ENABLE)
    return Settings(backend="neo4j")


def namespace() -> str:
    return f"amur_t{uuid.uuid4().hex[:10]}_"


def open_test_store(settings: Settings, batch_size: int | None = None) -> Neo4jStore:
    """A store in a fresh namespace, with its schema; drop it with `close_test_store`."""
    changes: dict[str, object] = {"neo4j_label_prefix": namespace()}
    if batch_size is not None:
        changes["batch_size"] = batch_size
    store = Neo4jStore.from_settings(settings.model_copy(update=changes))
    store.verify()
    store.setup_schema()
    return store


def close_test_store(store: Neo4jStore) -> None:
    try:
        store.clear()
        store.drop_schema()
    finally:
        store.close()
