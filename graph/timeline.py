"""A timeline of events and dated relations, built from the contract alone (every backend).

Dates are partial ISO dates ('2026', '2026-05', '2026-05-22'); a filter keeps
what overlaps the asked interval at the precision known (graph.dates).  Each
source (events, and each dated relation type) comes from the store already
filtered, ordered and cut to the page's end (Neo4j in Cypher, the embedded
store from its index in memory, graph.dated_index), first as positions only;
the positions are merged here, and each source then reads just the facts the
page keeps from it.  Pages follow each other by position (keyset), not offset:
a deep page costs what the first does.
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

from pydantic import BaseModel, Field

from graph.dates import Position, Window, dated_relation_types, sort_key, span
from graph.shapes import Edge, Node
from graph.store import GraphStore, NotFound
from ontology.models import EditionOf, HeldIn, LocatedIn, PartOf

PLACE_DEPTH = 3
SCOPE_LIMIT = 10_000  # places, events held there, editions of a series: each read at most this many
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
    next_after: Position | None = Field(default=None, description="The last entry's position; null on the last page")


def _places(store: GraphStore, territory: str) -> tuple[set[str], set[str]]:
    """The territory, every place inside it (PART_OF / LOCATED_IN up to 3 levels), and events held there."""
    if store.get(territory) is None:
        raise NotFound(f"no entity with id {territory!r}")
    links = store.links(territory, depth=PLACE_DEPTH, types=[*INSIDE, HELD_IN], limit=SCOPE_LIMIT)
    places = {territory}
    for _ in range(PLACE_DEPTH):
        places |= {link.src for link in links if link.type in INSIDE and link.dst in places}
    events = {link.src for link in links if link.type == HELD_IN and link.dst in places}
    return places, events


def _in_series(store: GraphStore, series: str) -> set[str]:
    """Ids of the series event (an id, not a slug) and its editions."""
    links = store.links(series, depth=1, types=list(EDITIONS), limit=SCOPE_LIMIT)
    return {series} | {link.src for link in links if link.dst == series}


def timeline(
    store: GraphStore,
    *,
    since: str | None = None,
    until: str | None = None,
    territory: str | None = None,
    series: str | None = None,
    relations: bool = True,
    limit: int = 100,
    after: Position | None = None,
) -> Timeline:
    """The `limit` entries after the position `after` (the page before's `next_after`).

    Each source gives the positions of its first `limit + 1` facts; they are merged, and only the
    facts the page keeps are read (at 1M nodes a page read ~600 relations whole for 100)."""
    window = Window(since, until)
    ids, scope = _scope(store, territory, series)
    slug = series if series and ":" not in series else None
    sources: list[tuple[str | None, list[Position]]] = [
        (None, store.dated_event_positions(window, ids=ids, series=slug, limit=limit + 1, after=after))
    ]
    if relations:
        if slug:  # relations of the series' events, whatever their dates
            scope = [key for *_, key in store.dated_event_positions(Window(), ids=ids, series=slug, limit=SCOPE_LIMIT)]
        elif series:
            scope = ids  # the series event and its editions (those held in the territory, if one is asked)
        for rel_type in dated_relation_types():
            positions = store.dated_relation_positions(rel_type, window, touching=scope, limit=limit + 1, after=after)
            sources.append((rel_type, positions))
    merged = sorted((position, at) for at, (_, positions) in enumerate(sources) for position in positions)
    kept = Counter(at for _, at in merged[:limit])
    entries: list[TimelineEntry] = []
    for at, (source, _) in enumerate(sources):
        if not kept[at]:
            continue
        if source is None:
            events = store.dated_events(window, ids=ids, series=slug, limit=kept[at], after=after)
            entries += [_event_entry(node) for node in events]
        else:
            edges = store.dated_relations(source, window, touching=scope, limit=kept[at], after=after)
            entries += [_relation_entry(edge) for edge in edges]
    page = sorted(entries, key=_order)
    _attach_ends(store, page)
    return Timeline(entries=page, next_after=_order(page[-1]) if page and len(merged) > limit else None)


def _scope(store: GraphStore, territory: str | None, series: str | None) -> tuple[list[str] | None, list[str] | None]:
    """The events a timeline may show (None: any), and the entities its relations must touch (None: any)."""
    events: set[str] | None = None
    scope: list[str] | None = None
    if territory:
        places, events = _places(store, territory)
        scope = sorted(places | events)
    if series and ":" in series:
        editions = _in_series(store, series)
        events = editions if events is None else events & editions
    return (sorted(events) if events is not None else None), scope


def _event_entry(node: Node) -> TimelineEntry:
    start, end = span(node.properties)
    return TimelineEntry(kind="event", start=start, end=end, event=node)


def _relation_entry(edge: Edge) -> TimelineEntry:
    start, end = span(edge.properties)
    return TimelineEntry(kind="relation", start=start, end=end, relation=edge)


def _order(entry: TimelineEntry) -> Position:
    return sort_key(entry.start, entry.end, _entry_id(entry))


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
