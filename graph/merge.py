"""How an incoming record combines with what the graph already holds.

Shared by every backend so that the same records give the same graph
anywhere: scalars the record sets win, names, sources and evidence are
unioned, `first_seen` never moves.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from graph import search_keys
from graph.shapes import Edge, Node
from ontology.model import ontology
from ontology.records import EntityRecord, Evidence, RelationRecord


def _union(*lists: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(x for values in lists for x in values))


def combine_entities(records: Sequence[EntityRecord]) -> list[EntityRecord]:
    """Folds records that share an id into one (the later one's scalars win)."""
    by_id: dict[str, EntityRecord] = {}
    for record in records:
        previous = by_id.get(record.id)
        if previous is None:
            by_id[record.id] = record
            continue
        if type(previous) is not type(record):
            raise ValueError(f"{record.id} is given as both {previous.class_name} and {record.class_name}")
        updates = {k: v for k, v in record.model_dump(exclude={"names", "sources"}).items() if v is not None}
        updates["names"] = previous.names.merged(record.names)
        updates["sources"] = tuple(_union(previous.sources, record.sources))
        by_id[record.id] = previous.model_copy(update=updates)
    return list(by_id.values())


def node_row(record: EntityRecord, existing: Node | None) -> dict[str, Any]:
    """The row to store for an entity, merged with the stored one if any."""
    names = record.names if existing is None else existing.names.merged(record.names)
    props = record.properties()
    if existing is not None:
        for key, value in props.items():
            if value is None:
                props[key] = existing.properties.get(key)
    kind = record.kind if record.kind is not None else (existing.kind if existing else None)
    merged = record.model_copy(update={"names": names})
    return {
        "id": record.id,
        "name": record.name,
        "kind": kind,
        "names": names.model_dump_json(),
        "aliases": _union(existing.aliases if existing else [], merged.aliases()),
        "sources": _union(existing.sources if existing else [], record.sources),
        **props,
    }


def node_rows(
    entities: Sequence[EntityRecord], existing: Mapping[str, Node]
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, set[str]]]:
    """Rows to store per label, and the search terms each entity gains (for the search index)."""
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    new_terms: dict[str, set[str]] = {}
    for record in entities:
        old = existing.get(record.id)
        row = node_row(record, old)
        by_label[record.class_name].append(row)
        old_terms = search_keys.entity_terms(old.aliases) if old else set()
        new_terms[record.id] = search_keys.entity_terms(row["aliases"]) - old_terms
    return by_label, new_terms


def combine_relations(records: Sequence[RelationRecord]) -> list[RelationRecord]:
    """Folds records that share a key into one, unioning their evidence."""
    by_key: dict[str, RelationRecord] = {}
    for record in records:
        key = record.key()
        previous = by_key.get(key)
        if previous is None:
            by_key[key] = record
            continue
        updates = {k: v for k, v in record.properties().items() if v is not None}
        updates["evidence"] = _merge_evidence(previous.all_evidence(), record.all_evidence())
        updates["sources"] = tuple(_union(previous.sources, record.sources))
        by_key[key] = previous.model_copy(update=updates)
    return list(by_key.values())


def _merge_evidence(old: Iterable[Evidence], new: Iterable[Evidence]) -> tuple[Evidence, ...]:
    merged = {e.identity: e for e in old}
    merged.update((e.identity, e) for e in new)
    return tuple(merged.values())


def edge_row(record: RelationRecord, existing: Edge | None, now: datetime | None = None) -> dict[str, Any]:
    """The row to store for a relation, merged with the stored one if any."""
    evidence = _merge_evidence(existing.evidence if existing else (), record.all_evidence())
    props = dict(record.properties())
    if existing is not None:
        for key, value in props.items():
            if value is None:
                props[key] = existing.properties.get(key)
    confidences = [e.confidence for e in evidence]
    if record.confidence is not None:
        confidences.append(record.confidence)
    first_seen = existing.first_seen if existing and existing.first_seen else None
    return {
        "key": record.key(),
        "src": record.src,
        "dst": record.dst,
        "sources": _union(existing.sources if existing else [], record.sources, (e.article for e in evidence)),
        "evidence": json.dumps([e.model_dump(exclude_none=True) for e in evidence], ensure_ascii=False, sort_keys=True),
        "confidence": max(confidences, default=1.0),
        "extractor": ",".join(sorted({e.rule for e in evidence} | {record.extractor})),
        "first_seen": first_seen or (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        **props,
    }


def label_of(entity_id: str) -> str:
    return ontology().class_for_id(entity_id).name


def label_or_none(entity_id: str) -> str | None:
    try:
        return label_of(entity_id)
    except KeyError:
        return None


def ids_by_label(entity_ids: Iterable[str]) -> dict[str, list[str]]:
    """Ids grouped by the label their prefix names (unknown prefixes dropped, order kept, no repeats)."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for entity_id in dict.fromkeys(entity_ids):
        label = label_or_none(entity_id)
        if label is not None:
            grouped[label].append(entity_id)
    return grouped


def ends_by_label(rel_type: str, entity_ids: Iterable[str]) -> Iterator[tuple[str, bool, list[str]]]:
    """(label, outgoing, ids): the ids that can be a source (outgoing) or target of `rel_type`, per label."""
    rel = ontology().relations[rel_type]
    for label, ids in ids_by_label(entity_ids).items():
        for outgoing, labels in ((True, rel.domain), (False, rel.range)):
            if label in labels:
                yield label, outgoing, ids
