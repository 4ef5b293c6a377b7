"""The one place that turns settings into a store."""

from __future__ import annotations

from graph.embedded import EmbeddedStore
from graph.settings import Settings
from graph.store import GraphStore


def open_store(settings: Settings, *, read_only: bool = False) -> GraphStore:
    """Opens the configured backend and makes sure its schema matches the ontology."""
    store: GraphStore
    if settings.backend == "neo4j":
        # Imported here: the driver takes about half a second to import, which embedded users need not pay.
        from graph.neo4j_store import Neo4jStore

        neo = Neo4jStore.from_settings(settings, read_only=read_only)
        try:
            neo.verify()  # a wrong URI or password fails here, with a clear message
        except BaseException:
            neo.close()
            raise
        store = neo
    else:
        store = EmbeddedStore(settings.data_dir, batch_size=settings.batch_size, read_only=read_only)
    if not read_only:
        try:
            store.setup_schema()
        except BaseException:
            store.close()
            raise
    return store
