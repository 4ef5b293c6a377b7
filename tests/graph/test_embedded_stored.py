"""The embedded store reads every node and relation whole from one stored column
(embedded_cypher.STORED): it must hold what the other columns say, and a graph written
before the column existed must be brought up to date, never read half."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import embedded_cypher as cy
from graph.embedded import EmbeddedStore
from graph.shapes import Edge, Node, edge_from_row, node_from_row
from graph.store import StoreUnavailable
from ontology.model import ontology
from tests.conftest import load_bundled, open_embedded


def _from_columns(store: EmbeddedStore) -> tuple[list[Node], list[Edge]]:
    """Every node and relation as the other columns say, read whole (`RETURN n`), not through the stored form."""
    nodes = [
        node_from_row(label, row)
        for label in ontology().classes
        for (row,) in store._run(f"MATCH (n:{cy.quote(label)}) RETURN n ORDER BY n.id")
    ]
    edges = [
        edge_from_row(rel_type, src, dst, row)
        for rel_type in ontology().relations
        for src, dst, row in store._run(f"MATCH (a)-[e:{cy.quote(rel_type)}]->(b) RETURN a.id, b.id, e ORDER BY e.key")
    ]
    return nodes, edges


def _read(store: EmbeddedStore) -> tuple[list[Node], list[Edge]]:
    nodes = [n for label in ontology().classes for batch in store.iter_nodes(label) for n in batch]
    edges = [e for rel_type in ontology().relations for batch in store.iter_edges(rel_type) for e in batch]
    return nodes, edges


@pytest.fixture
def bundled(tmp_path: Path) -> EmbeddedStore:
    store = open_embedded(tmp_path / "store")
    load_bundled(store)
    load_bundled(store)  # merged with what is stored: names, sources and evidence unioned
    return store


def test_the_stored_form_is_what_the_columns_hold(bundled: EmbeddedStore) -> None:
    nodes, edges = _from_columns(bundled)
    assert len(nodes) > 50 and len(edges) > 50
    assert _read(bundled) == (nodes, edges)
    assert bundled.get_many([n.id for n in nodes]) == {n.id: n for n in nodes}
    bundled.close()


def test_a_graph_from_before_the_stored_form_is_brought_up_to_date(bundled: EmbeddedStore, tmp_path: Path) -> None:
    before = _read(bundled)
    person = next(n.id for n in before[0] if n.label == "Person")
    around = bundled.neighbourhood(person, depth=2)
    for name in [*ontology().classes, *ontology().relations]:  # as an older Amur left it
        bundled._run(f"ALTER TABLE {cy.quote(name)} DROP {cy.STORED}")
    bundled.close()

    with pytest.raises(StoreUnavailable, match="older Amur"):
        EmbeddedStore(tmp_path / "store", read_only=True)

    older = EmbeddedStore(tmp_path / "store", batch_size=7)  # many batches, each its own transaction
    for name in [*ontology().classes, *ontology().relations]:
        older._run(cy.add_column(name, cy.STORED, "STRING"))
    older.close()
    reader = EmbeddedStore(tmp_path / "store", read_only=True)  # the column, but empty: refused on reading
    with pytest.raises(StoreUnavailable, match="older Amur"):
        reader.get(person)
    reader.close()

    again = EmbeddedStore(tmp_path / "store", batch_size=7)
    again.setup_schema()
    assert _read(again) == before
    assert again.neighbourhood(person, depth=2) == around
    assert again._fill_stored() == 0  # nothing left: the next open only looks
    again.close()
