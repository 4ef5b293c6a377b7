"""Who touches whom, as compact arrays in memory: traversals at memory speed.

LadybugDB finds one entity by key and reads its relations in well under a
millisecond, but a multi-hop search over a heavy-tailed graph takes seconds
(measured at 1M nodes: 4-hop shortest paths p95 4.6 s) and every property it
reads at random costs ~10-20 µs.  So the embedded store keeps the bare shape
of the graph here (one int per node; neighbour, type, relation offset and
direction per incident relation), answers reachability on it, and reads
properties only for the nodes and relations it returns.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from graph.shapes import Link

Ints = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]

EXPAND_BUDGET = 50_000  # incident relations gathered at once
STEP = 4096  # incident relations looked at before checking whether the limit is reached

# What reading relations from an entity costs the engine, in relations scanned (LadybugDB at
# 1M nodes: ~0.4 µs a relation scanned, ~30 µs to open an entity, ~25 µs a row returned).
OPEN_COST = 1000
ROW_COST = 60


@dataclass(frozen=True)
class Reach:
    """A neighbourhood: nodes in breadth-first order (start first) and the relations kept."""

    nodes: Ints
    entries: Ints  # entry positions, one per relation
    truncated: bool


class Read(NamedTuple):
    """Where to read the relation behind an entry (a tuple: a neighbourhood makes a thousand)."""

    entry: int
    rel_type: str
    table: int  # the engine's table of the relation: one per relation type and pair of labels
    ref: int  # the relation's offset in that table
    near: int  # the end to read it from
    label: str  # that end's label
    src: str  # the relation's source and target entity ids
    dst: str


@dataclass(frozen=True)
class Relations:
    """One relation table's relations, by the engine's node and relation offsets.

    LadybugDB keeps a relation type that joins several pairs of labels as one table per pair,
    each counting its offsets from 0: a relation is known by (table, offset), never by offset alone.
    """

    rel_type: str
    table: int
    src_label: str
    src: Ints
    dst_label: str
    dst: Ints
    ref: Ints


class Topology:
    """Incident relations per node, sorted by node (CSR); immutable once built."""

    def __init__(self, ids_by_label: Mapping[str, Sequence[str | None]], relations: Iterable[Relations]) -> None:
        self.labels = tuple(ids_by_label)
        self.base: dict[str, int] = {}
        self.counts: dict[str, int] = {}
        every: list[bytes] = []
        for label, ids in ids_by_label.items():
            self.base[label] = len(every)
            self.counts[label] = len(ids)
            every.extend(i.encode() if i else b"" for i in ids)
        # Bytes in one array, not a million str objects: the garbage collector walks every object
        # a process holds on each full pass (measured: +30 ms on p95 neighbourhoods at 1M nodes).
        self.ids: npt.NDArray[np.bytes_] = np.array(every, dtype=np.bytes_)
        self.starts: Ints = np.array(list(self.base.values()), dtype=np.int64)  # where each label begins
        self.types: list[str] = []
        self.type_index: dict[str, int] = {}
        self.sizes: dict[str, int] = {}  # relations of each type
        rows: list[tuple[int, int, Ints, Ints, Ints]] = []
        for batch in relations:
            kind = self.type_index.setdefault(batch.rel_type, len(self.types))
            if kind == len(self.types):
                self.types.append(batch.rel_type)
            self.sizes[batch.rel_type] = self.sizes.get(batch.rel_type, 0) + len(batch.src)
            src, dst = batch.src + self.base[batch.src_label], batch.dst + self.base[batch.dst_label]
            rows.append((kind, batch.table, src, dst, batch.ref))
        owner, other, kinds, tables, refs, out = _entries(rows)
        self.slots = 2 * max(len(self.types), 1)  # (type, direction) pairs
        slot = owner * self.slots + kinds * 2 + out
        order = np.argsort(slot, kind="stable")  # by node, then type and direction, then table and offset
        self.slot: Ints = slot[order]
        self.indptr: Ints = np.zeros(len(self.ids) + 1, dtype=np.int64)
        np.cumsum(np.bincount(owner, minlength=len(self.ids)), out=self.indptr[1:])
        self.other: Ints = other[order]
        self.kind: npt.NDArray[np.int16] = kinds[order].astype(np.int16)
        self.table: npt.NDArray[np.int32] = tables[order].astype(np.int32)
        self.ref: Ints = refs[order]
        self.out: Mask = out[order].astype(np.bool_)

    def extended(
        self, nodes: Mapping[str, Sequence[tuple[int, str]]], relations: Sequence[Relations]
    ) -> Topology | None:
        """This shape with nodes (offset, id) and relations written since, or None where only a reload can
        tell (a relation type it has not seen).  What it holds already is skipped, so a write that a
        concurrent load saw is not counted twice.  Linear in the size of the shape: at 1M nodes a
        fraction of a second, against ~10 s to load it again."""
        if any(r.rel_type not in self.type_index for r in relations) or any(n not in self.base for n in nodes):
            return None
        relations = [self._unseen(r) for r in relations]
        grown = copy.copy(self)
        grown.sizes = dict(self.sizes)
        for batch in relations:
            grown.sizes[batch.rel_type] += len(batch.src)
        counts = {label: max([self.counts[label], *(o + 1 for o, _ in nodes.get(label, ()))]) for label in self.labels}
        added = np.array([counts[label] - self.counts[label] for label in self.labels], dtype=np.int64)
        shift = np.cumsum(added) - added  # how far each label's block moves
        grown.counts = counts
        grown.base = {label: self.base[label] + int(shift[i]) for i, label in enumerate(self.labels)}
        grown.starts = np.array(list(grown.base.values()), dtype=np.int64)
        width = max([self.ids.dtype.itemsize, *(len(i.encode()) for pairs in nodes.values() for _, i in pairs)])
        blocks: list[npt.NDArray[np.bytes_]] = []
        for label in self.labels:
            block = np.zeros(counts[label], dtype=f"S{width}")
            block[: self.counts[label]] = self.ids[self.base[label] : self.base[label] + self.counts[label]]
            for offset, entity_id in nodes.get(label, ()):
                block[offset] = entity_id.encode()
            blocks.append(block)
        grown.ids = np.concatenate(blocks) if blocks else self.ids

        node_shift = np.repeat(shift, [self.counts[label] for label in self.labels])  # old index -> how far it moves
        degree = np.diff(self.indptr)
        owner = np.repeat(np.arange(self.size, dtype=np.int64) + node_shift, degree)
        slot, other = owner * self.slots + self.slot % self.slots, self.other + node_shift[self.other]
        new_owner, new_other, new_kind, new_table, new_ref, new_out = _entries(
            [
                (
                    self.type_index[r.rel_type],
                    r.table,
                    r.src + grown.base[r.src_label],
                    r.dst + grown.base[r.dst_label],
                    r.ref,
                )
                for r in relations
            ]
        )
        new_slot = new_owner * self.slots + new_kind * 2 + new_out
        order = np.argsort(new_slot, kind="stable")
        at = _places(slot, self.table, self.ref, new_slot[order], new_table[order], new_ref[order])
        grown.slot = np.insert(slot, at, new_slot[order])
        grown.other = np.insert(other, at, new_other[order])
        grown.kind = np.insert(self.kind, at, new_kind[order].astype(np.int16))
        grown.table = np.insert(self.table, at, new_table[order].astype(np.int32))
        grown.ref = np.insert(self.ref, at, new_ref[order])
        grown.out = np.insert(self.out, at, new_out[order].astype(np.bool_))
        degrees = np.bincount(owner, minlength=len(grown.ids)) + np.bincount(new_owner, minlength=len(grown.ids))
        grown.indptr = np.zeros(len(grown.ids) + 1, dtype=np.int64)
        np.cumsum(degrees, out=grown.indptr[1:])
        return grown

    def _unseen(self, batch: Relations) -> Relations:
        """The relations of a batch this shape does not hold (each is known by its table and offset)."""
        known = batch.src < self.counts[batch.src_label]
        owners = np.unique(batch.src[known] + self.base[batch.src_label])
        held = self._gather(owners, None) if len(owners) else np.zeros(0, dtype=np.int64)
        held = held[self.table[held] == batch.table]
        fresh = ~np.isin(batch.ref, self.ref[held])
        return Relations(
            batch.rel_type,
            batch.table,
            batch.src_label,
            batch.src[fresh],
            batch.dst_label,
            batch.dst[fresh],
            batch.ref[fresh],
        )

    @property
    def size(self) -> int:
        return len(self.ids)

    def has(self, label: str, offset: int) -> bool:
        """Whether the snapshot holds this node (one written since is not in it)."""
        return label in self.base and offset < self.counts[label] and bool(self.ids[self.base[label] + offset])

    def index(self, label: str, offset: int) -> int:
        return self.base[label] + offset

    def entity(self, node: int) -> str:
        entity_id = bytes(self.ids[node])
        assert entity_id, f"node {node} has no entity"
        return entity_id.decode()

    def ends(self, entry: int) -> tuple[int, int]:
        """The node an entry belongs to and the node at its other end."""
        return int(np.searchsorted(self.indptr, entry, side="right")) - 1, int(self.other[entry])

    def _ends_of(self, at: Ints) -> tuple[Ints, Ints, Ints, Ints]:
        """For entries: the node each belongs to, the node at its other end, and its source and target."""
        owners = np.searchsorted(self.indptr, at, side="right") - 1
        others, out = self.other[at], self.out[at]
        return owners, others, np.where(out, owners, others), np.where(out, others, owners)

    def entries_of(self, rel_type: str) -> Ints:
        """One entry for each relation of this type: its source's."""
        kind = self.type_index.get(rel_type)
        if kind is None:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero((self.kind == kind) & self.out)

    def entries_at(self, rel_type: str, table: int, refs: Ints) -> Ints:
        """The entries (their sources') of relations known by table and offset; -1 where not held."""
        held = self.entries_of(rel_type)
        held = held[self.table[held] == table]
        order = np.argsort(self.ref[held])
        known = self.ref[held][order]
        at = np.minimum(np.searchsorted(known, refs), max(len(known) - 1, 0))
        found: Ints = np.where(known[at] == refs, held[order][at], -1) if len(known) else np.full(len(refs), -1)
        return found

    def relation_ends(self, entries: Ints) -> tuple[Ints, Ints]:
        """Each entry's relation's source and target node."""
        _, _, src, dst = self._ends_of(entries)
        return src, dst

    def links(self, entries: Sequence[int]) -> list[Link]:
        """Each entry's relation as (src, type, dst) entity ids, read from the arrays alone."""
        at = np.asarray(entries, dtype=np.int64)
        _, _, src, dst = self._ends_of(at)
        types = [self.types[kind] for kind in self.kind[at].tolist()]
        return list(map(Link, self.entities(src), types, self.entities(dst)))

    def entities(self, nodes: Ints) -> list[str]:
        """Many nodes' entity ids at once (ids are ASCII, ontology.records): -30% on an entity at a time."""
        found = self.ids[nodes]
        assert (found != b"").all(), "a node without an entity"
        return found.astype(np.str_).tolist()  # type: ignore[no-any-return]

    def read_from(self, entries: Sequence[int]) -> list[Read]:
        """How to read each entry's relation: from which end.

        The engine reads an entity's relations of one type by scanning all of them:
        from a hub, reading many at once is cheap per relation; from many small
        entities, opening each one dominates.  Each (owner, type) group of entries
        takes whichever side costs less.
        """
        at = np.asarray(entries, dtype=np.int64)
        owners, others, src, dst = self._ends_of(at)
        kinds = self.kind[at].astype(np.int64)
        unique, group, count = np.unique(owners * self.slots + kinds * 2, return_inverse=True, return_counts=True)
        own_cost = OPEN_COST + self._typed_degree(unique) + ROW_COST * count
        each_other = OPEN_COST + self._typed_degree(others * self.slots + kinds * 2) + ROW_COST
        from_owner = (own_cost <= np.bincount(group, weights=each_other))[group]
        near = np.where(from_owner, owners, others)
        label = np.searchsorted(self.starts, near, side="right") - 1
        columns = (at, kinds, self.table[at], self.ref[at], near, label)
        return [
            Read(entry, self.types[kind], table, ref, near, self.labels[label], source, target)
            for (entry, kind, table, ref, near, label), source, target in zip(
                zip(*(c.tolist() for c in columns), strict=True), self.entities(src), self.entities(dst), strict=True
            )
        ]

    def scan_sizes(self, nodes: Sequence[int], types: Sequence[str]) -> list[int]:
        """How many relations of these types each node has: what the engine scans to read any of them."""
        at = np.asarray(nodes, dtype=np.int64)[:, None] * self.slots
        kinds = np.array([self.type_index[t] for t in types], dtype=np.int64)[None, :] * 2
        sizes: list[int] = self._typed_degree(at + kinds).sum(axis=1).tolist()
        return sizes

    def _typed_degree(self, slots: Ints) -> Ints:
        """How many relations of one type a node has, both directions (slots with the direction bit 0)."""
        degrees: Ints = np.searchsorted(self.slot, slots + 1, side="right") - np.searchsorted(self.slot, slots)
        return degrees

    def walk(self, start: int, entries: Sequence[int]) -> list[int]:
        """The nodes met following entries from `start`."""
        nodes = [start]
        for entry in entries:
            owner, other = self.ends(entry)
            nodes.append(other if owner == nodes[-1] else owner)
        return nodes

    def type_mask(self, types: Sequence[str] | None) -> Mask | None:
        if not types:
            return None
        mask = np.zeros(max(len(self.types), 1), dtype=np.bool_)
        for t in types:
            if t in self.type_index:
                mask[self.type_index[t]] = True
        return mask

    def _gather(self, nodes: Ints, mask: Mask | None) -> Ints:
        """Entry positions of these nodes, node by node."""
        starts = self.indptr[nodes]
        counts = self.indptr[nodes + 1] - starts
        total = int(counts.sum())
        before = np.cumsum(counts) - counts
        entries: Ints = np.arange(total, dtype=np.int64) + np.repeat(starts - before, counts)
        if mask is not None and total:
            entries = entries[mask[self.kind[entries]]]
        return entries

    def _steps(self, frontier: Ints, mask: Mask | None) -> Iterable[Ints]:
        """The frontier's entries, node by node, a few thousand at a time (a hub is spread over many)."""
        degrees = np.cumsum(self.indptr[frontier + 1] - self.indptr[frontier])
        start = 0
        while start < len(frontier):
            reached = degrees[start - 1] if start else 0
            stop = max(int(np.searchsorted(degrees, reached + EXPAND_BUDGET, side="right")), start + 1)
            entries = self._gather(frontier[start:stop], mask)
            for at in range(0, len(entries), STEP):
                yield entries[at : at + STEP]
            start = stop

    def reach(self, start: int, depth: int, types: Sequence[str] | None, limit: int) -> Reach:
        """Breadth-first from `start`: at most `limit` nodes; relations between the nodes reached as found."""
        mask = self.type_mask(types)
        seen = np.zeros(self.size, dtype=np.bool_)
        seen[start] = True
        order: list[Ints] = [np.array([start], dtype=np.int64)]
        count = 1
        kept: list[Ints] = []
        frontier = order[0]
        truncated = False
        for _ in range(depth):
            found: list[Ints] = []
            for entries in self._steps(frontier, mask):
                if count >= limit:
                    truncated = True  # the rest of the frontier is not expanded
                    break
                neighbours = self.other[entries]
                fresh = neighbours[~seen[neighbours]]
                if len(fresh):
                    unique, first = np.unique(fresh, return_index=True)
                    new = unique[np.argsort(first, kind="stable")]
                    if len(new) > limit - count:
                        new, truncated = new[: limit - count], True
                    seen[new] = True
                    count += len(new)
                    found.append(new)
                kept.append(entries[seen[neighbours]])
            if not found:
                break
            frontier = np.concatenate(found)
            order.append(frontier)
        return Reach(nodes=np.concatenate(order), entries=self._distinct(kept), truncated=truncated)

    def _distinct(self, parts: list[Ints]) -> Ints:
        """One entry per relation (each is seen from both ends), in the order first seen."""
        if not parts:
            return np.zeros(0, dtype=np.int64)
        entries = np.concatenate(parts)
        keys = (self.table[entries].astype(np.int64) << 40) | self.ref[entries]
        _, first = np.unique(keys, return_index=True)
        distinct: Ints = entries[np.sort(first)]
        return distinct

    def shortest(self, src: int, dst: int, max_hops: int, every: bool, limit: int) -> list[list[int]]:
        """Shortest paths src -> dst of at most `max_hops`, as entry positions hop by hop.

        Breadth-first from both ends, always growing the side with fewer relations
        to look at; `every` enumerates each shortest path (each choice of relation
        where two entities are linked more than once), up to `limit`.
        """
        dist = (np.full(self.size, -1, dtype=np.int8), np.full(self.size, -1, dtype=np.int8))
        dist[0][src], dist[1][dst] = 0, 0
        frontier = [np.array([src], dtype=np.int64), np.array([dst], dtype=np.int64)]
        levels = [0, 0]
        while levels[0] + levels[1] < max_hops:
            cost = [int((self.indptr[f + 1] - self.indptr[f]).sum()) for f in frontier]
            side = 0 if cost[0] <= cost[1] else 1
            neighbours = self.other[self._gather(frontier[side], None)]
            new = np.unique(neighbours[dist[side][neighbours] < 0])
            if not len(new):
                return []
            levels[side] += 1
            dist[side][new] = levels[side]
            frontier[side] = new
            met = new[dist[1 - side][new] >= 0]
            if len(met):
                far = dist[1 - side][met]
                return self._paths(met[far == far.min()], dist, every, limit)
        return []

    def _paths(self, meeting: Ints, dist: tuple[npt.NDArray[np.int8], ...], every: bool, limit: int) -> list[list[int]]:
        paths: list[list[int]] = []
        for middle in meeting.tolist():
            for head in self._walks(middle, dist[0], every, limit):
                for tail in self._walks(middle, dist[1], every, limit):
                    paths.append([*reversed(head), *tail])
                    if len(paths) >= limit or not every:
                        return paths
        return paths

    def _walks(self, node: int, dist: npt.NDArray[np.int8], every: bool, limit: int) -> list[list[int]]:
        """Walks from `node` down `dist` to its zero, as the entries taken (each owned by the node left)."""
        if dist[node] == 0:
            return [[]]
        lo, hi = int(self.indptr[node]), int(self.indptr[node + 1])
        entries = np.arange(lo, hi)[dist[self.other[lo:hi]] == dist[node] - 1]
        walks: list[list[int]] = []
        for entry in entries.tolist():
            for rest in self._walks(int(self.other[entry]), dist, every, limit - len(walks)):
                walks.append([entry, *rest])
                if len(walks) >= limit or not every:
                    return walks
        return walks


def _entries(relations: Sequence[tuple[int, int, Ints, Ints, Ints]]) -> tuple[Ints, ...]:
    """Both ends' entries of relations given as (kind, table, src, dst, ref): owner, other, kind, table, ref, out.

    Ordered by table, then offset, whatever order the engine scanned them in (it scans in parallel):
    a stable sort by slot then leaves a node's relations in one order on every load, so a cut
    neighbourhood or a shortest path is the same after a restart."""
    columns: list[list[Ints]] = [[], [], [], [], [], []]
    for kind, table, src, dst, ref in sorted(relations, key=lambda row: row[1]):
        by_ref = np.argsort(ref, kind="stable")
        src, dst, ref = src[by_ref], dst[by_ref], ref[by_ref]
        n = len(src)
        for column, part in zip(
            columns,
            (
                np.concatenate([src, dst]),
                np.concatenate([dst, src]),
                np.full(2 * n, kind, dtype=np.int64),
                np.full(2 * n, table, dtype=np.int64),
                np.concatenate([ref, ref]),
                np.concatenate([np.ones(n, dtype=np.int64), np.zeros(n, dtype=np.int64)]),
            ),
            strict=True,
        ):
            column.append(part)
    return tuple(_cat(column) for column in columns)


def _places(
    slot: Ints, table: npt.NDArray[np.integer], ref: Ints, new_slot: Ints, new_table: Ints, new_ref: Ints
) -> Ints:
    """Where entries go among entries sorted by slot, table and offset (each sorted the same way
    among themselves): where a fresh load would put them."""
    lo, at = np.searchsorted(slot, new_slot, side="left"), np.searchsorted(slot, new_slot, side="right")
    for i in np.flatnonzero(at > lo).tolist():  # a slot already held: its tables, then offsets
        a, b = int(lo[i]), int(at[i])
        first, last = (
            a + np.searchsorted(table[a:b], new_table[i], side="left"),
            a + np.searchsorted(table[a:b], new_table[i], side="right"),
        )
        at[i] = first + np.searchsorted(ref[first:last], new_ref[i])
    return at


def _cat(parts: list[Ints]) -> Ints:
    joined: Ints = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    return joined
