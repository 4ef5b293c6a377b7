"""Entity cards: one entity with its relations grouped by type and the sources behind each.

Built from the contract alone, so the CLI, the API and the views show the
same card on every backend.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from graph.shapes import Node
from graph.store import GraphStore, NotFound
from ontology.records import Evidence


class SourceRef(BaseModel):
    id: str
    title: str
    published: str | None = None
    outlet: str | None = None
    url: str | None = None


class CardRelation(BaseModel):
    type: str
    direction: Literal["out", "in"]
    other: Node
    properties: dict[str, Any] = Field(default_factory=dict)
    sources: list[SourceRef] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = 1.0


class Card(BaseModel):
    entity: Node
    relations: dict[str, list[CardRelation]]
    sources: list[SourceRef]


def source_refs(store: GraphStore, ids: list[str]) -> dict[str, SourceRef]:
    nodes = store.get_many(ids)
    refs = {}
    for source_id in ids:
        node = nodes.get(source_id)
        if node is None:
            refs[source_id] = SourceRef(id=source_id, title=source_id)
            continue
        p = node.properties
        refs[source_id] = SourceRef(
            id=source_id,
            title=p.get("title") or node.name,
            published=p.get("published"),
            outlet=p.get("outlet"),
            url=p.get("url"),
        )
    return refs


def build_card(store: GraphStore, entity_id: str, limit: int = 1000) -> Card:
    sub = store.neighbourhood(entity_id, depth=1, limit=limit)
    entity = next((n for n in sub.nodes if n.id == entity_id), None)
    if entity is None:
        raise NotFound(f"no entity with id {entity_id!r}")
    nodes = {n.id: n for n in sub.nodes}
    article_ids = list(dict.fromkeys([*entity.sources, *(s for e in sub.edges for s in e.sources)]))
    refs = source_refs(store, article_ids)
    grouped: dict[str, list[CardRelation]] = {}
    for edge in sorted(sub.edges, key=lambda e: (e.type, e.src, e.dst)):
        outgoing = edge.src == entity_id
        other = nodes[edge.dst if outgoing else edge.src]
        grouped.setdefault(edge.type, []).append(
            CardRelation(
                type=edge.type,
                direction="out" if outgoing else "in",
                other=other,
                properties=edge.properties,
                sources=[refs[s] for s in edge.sources],
                evidence=edge.evidence,
                confidence=edge.confidence,
            )
        )
    return Card(entity=entity, relations=grouped, sources=[refs[s] for s in entity.sources])


def resolve(store: GraphStore, text: str) -> tuple[Node | None, list[Node]]:
    """The entity a user means by an id or a name, and the other candidates."""
    if ":" in text and (node := store.get(text.strip())) is not None:
        return node, []
    found = [hit.node for hit in store.search(text, limit=10).hits]
    return (found[0], found[1:]) if found else (None, [])
