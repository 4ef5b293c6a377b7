"""A timeline of events and dated relations, built from the contract alone (every backend).

Dates are partial ISO dates ('2026', '2026-05', '2026-05-22'); a filter keeps
what overlaps the asked interval at the precision known. It scans Event nodes
and the relation types that carry dates (iter_nodes / iter_edges): fine for
tens of thousands of events; a date index would be the next step beyond that.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, Field

from graph.shapes import Edge, Node
from graph.store import GraphStore, NotFound
from ontology.model import ontology
from ontology.models import EditionOf, HeldIn, LocatedIn, PartOf

DATE_PROPERTIES = ("start_date", "date", "end_date")
_AFTER = "~"  # sorts after every digit and '-': '2026-05' + '~' is the end of May 2026
PLACE_DEPTH = 3
HELD_IN = HeldIn.relation_name
INSIDE = (PartOf.relation_name, LocatedIn.relation_name)  # a place inside another
EDITIONS = (EditionOf.relation_name, PartOf.relation_name)


class TimelineEntry(BaseModel):
    kind: Literal["event", "relation"]
    start: str | None = Field(description="Partial ISO date: 2026, 2026-05 or 2026-05-22")
    end: str | None = None
    event: Node | None = Field(default=None, description="The event (kind=event)")
    relation: Edge | None = Field(default=None, description="The dated relation (kind=relation)")
    src: Node | None = Field(default=None, description="The relation's source entity")
    dst: Node | None = Field(default=None, description="The relation's target entity")


class Timeline(BaseModel):
    entries: list[TimelineEntry]
    next_offset: int | None = None


def overlaps(start: str | None, end: str | None, since: str | None, until: str | None) -> bool:
    if start is None and end is None:
        return since is None and until is None
    lo = start or end or ""
    hi = (end or start or "") + _AFTER
    return (until is None or lo <= until + _AFTER) and (since is None or hi >= since)


def _dates(properties: dict[str, object]) -> tuple[str | None, str | None]:
    start = properties.get("start_date") or properties.get("date")
    end = properties.get("end_date")
    return (str(start) if start else None, str(end) if end else None)


def _places(store: GraphStore, territory: str) -> tuple[set[str], set[str]]:
    """The territory, every place inside it (PART_OF / LOCATED_IN up to 3 levels), and events held there."""
    if store.get(territory) is None:
        raise NotFound(f"no entity with id {territory!r}")
    sub = store.neighbourhood(territory, depth=PLACE_DEPTH, types=[*INSIDE, HELD_IN], limit=10_000)
    places = {territory}
    for _ in range(PLACE_DEPTH):
        places |= {e.src for e in sub.edges if e.type in INSIDE and e.dst in places}
    events = {e.src for e in sub.edges if e.type == HELD_IN and e.dst in places}
    return places, events


def _in_series(store: GraphStore, series: str) -> set[str]:
    """Ids of the series event and its editions, when `series` is an event id."""
    if ":" not in series:
        return set()
    sub = store.neighbourhood(series, depth=1, types=list(EDITIONS), limit=10_000)
    return {series} | {e.src for e in sub.edges if e.dst == series}


def timeline(
    store: GraphStore,
    *,
    since: str | None = None,
    until: str | None = None,
    territory: str | None = None,
    series: str | None = None,
    relations: bool = True,
    limit: int = 100,
    offset: int = 0,
) -> Timeline:
    places, held_there = _places(store, territory) if territory else (set(), set())
    series_ids = _in_series(store, series) if series else set()
    entries: list[TimelineEntry] = []
    event_ids: set[str] = set()
    for batch in store.iter_nodes("Event"):
        for node in batch:
            if territory and node.id not in held_there:
                continue
            if series and node.id not in series_ids and node.properties.get("series") != series:
                continue
            start, end = _dates(node.properties)
            if overlaps(start, end, since, until):
                entries.append(TimelineEntry(kind="event", start=start, end=end, event=node))
            event_ids.add(node.id)
    if relations:
        scope = (places | held_there) if territory else None
        if series:
            scope = event_ids  # already limited to the territory when one is asked
        entries += _dated_relations(store, since, until, scope)
    entries.sort(key=lambda e: (e.start is None, e.start or "", e.end or "", _entry_id(e)))
    page = entries[offset : offset + limit]
    _attach_ends(store, page)
    more = len(entries) > offset + limit
    return Timeline(entries=page, next_offset=offset + limit if more else None)


def _dated_relations(
    store: GraphStore, since: str | None, until: str | None, scope: set[str] | None
) -> Iterable[TimelineEntry]:
    for rel in ontology().relations.values():
        if not {p.name for p in rel.properties} & set(DATE_PROPERTIES):
            continue
        for batch in store.iter_edges(rel.name):
            for edge in batch:
                if scope is not None and edge.src not in scope and edge.dst not in scope:
                    continue
                start, end = _dates(edge.properties)
                if (start or end) and overlaps(start, end, since, until):
                    yield TimelineEntry(kind="relation", start=start, end=end, relation=edge)


def _entry_id(entry: TimelineEntry) -> str:
    if entry.event is not None:
        return entry.event.id
    return entry.relation.key if entry.relation is not None else ""


def _attach_ends(store: GraphStore, entries: list[TimelineEntry]) -> None:
    ids = [i for e in entries if e.relation is not None for i in (e.relation.src, e.relation.dst)]
    nodes = store.get_many(ids)
    for entry in entries:
        if entry.relation is not None:
            entry.src = nodes.get(entry.relation.src)
            entry.dst = nodes.get(entry.relation.dst)
