"""The one place that turns settings into a store."""

from __future__ import annotations

from graph.embedded import EmbeddedStore
from graph.settings import Settings
from graph.store import GraphStore, StoreUnavailable


def open_store(settings: Settings, *, read_only: bool = False) -> GraphStore:
    """Opens the configured backend and makes sure its schema matches the ontology."""
    if settings.backend == "neo4j":
        raise StoreUnavailable("the Neo4j backend is not available in this build")
    store = EmbeddedStore(settings.data_dir, batch_size=settings.batch_size, read_only=read_only)
    if not read_only:
        store.setup_schema()
    return store
