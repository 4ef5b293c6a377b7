"""The embedded default: LadybugDB in-process, one database file, no server."""

from __future__ import annotations

import itertools
import json
import os
import threading
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime
from functools import partial
from pathlib import Path as FsPath
from typing import Any, TypeVar

import ladybug
import numpy as np
import pyarrow as pa

from graph import embedded_cypher as cy
from graph import file_lock, search_keys
from graph.dated_index import DatedIndex, Facts
from graph.dates import Position, Window, dated_relation_types
from graph.merge import (
    combine_entities,
    combine_relations,
    edge_row,
    ids_by_label,
    label_of,
    label_or_none,
    node_rows,
)
from graph.readonly import check_read_only
from graph.search import normalize, ranked
from graph.shapes import (
    Counts,
    Edge,
    Link,
    Node,
    Path,
    QueryResult,
    SearchPage,
    Subgraph,
    UpsertSummary,
    edge_from_row,
    node_from_row,
)
from graph.store import (
    MAX_DEPTH,
    MAX_PATH_HOPS,
    IntegrityError,
    QueryFailed,
    QueryTimeout,
    StoreUnavailable,
)
from graph.topology import Ints, Read, Relations, Topology
from ontology.model import ontology
from ontology.models import Event
from ontology.records import EntityRecord, RelationRecord

DB_FILE = "graph.lbdb"
# Reading relations, one statement per entity or one for a batch (LadybugDB at 1M nodes): a batch
# statement costs ~2 ms before its first row and ~35 µs an entity; a statement for one entity ~0.2 ms
# plus the relations it scans.  So small groups and hubs are read entity by entity.
FEW = 12  # entities of one label at most read one by one
HUB_SCAN = 2000  # relations of the wanted types above which an entity is read by itself
OLDER_STORE = (
    "the graph was written by an older Amur and is not brought up to date yet: open it to write once "
    "(`amur load`, or `amur serve` without --read-only) and it is"
)
Stored = TypeVar("Stored", Node, Edge)


class EmbeddedStore:
    """GraphStore on LadybugDB.

    One read-write process per database file (the engine's lock); inside it,
    reads run on per-thread connections and writes are serialized by a lock.
    """

    backend = "ladybug"

    def __init__(self, data_dir: FsPath, *, batch_size: int = 5000, read_only: bool = False) -> None:
        self.path = FsPath(data_dir) / DB_FILE
        self.batch_size = batch_size
        self.read_only = read_only
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise StoreUnavailable(f"no graph at {self.path}: run `amur load` first")
        self._reader_lock: int | None = None
        if read_only:
            try:
                self._reader_lock = file_lock.hold_shared(self.path)
            except file_lock.Held as exc:
                raise StoreUnavailable(
                    f"cannot open {self.path} read-only: another process has it open for writing (a load, or "
                    f"`amur serve` without --read-only, which serves the same views under /views and the graph "
                    f"under /export): ask that server, or stop the other process first ({exc})"
                ) from exc
        try:
            self._db = ladybug.Database(str(self.path), read_only=read_only)
        except RuntimeError as exc:
            self._let_go()
            if "could not set lock" in str(exc).lower():  # the engine names no process for a reader's lock
                raise StoreUnavailable(
                    f"cannot open {self.path}: another process has it open (a server, a view or an export "
                    f"reading it, or a load): stop that first, or write through a read-write server's API ({exc})"
                ) from exc
            raise StoreUnavailable(f"cannot open {self.path}: {exc}") from exc
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._connections: list[ladybug.Connection] = []
        self._connections_lock = threading.Lock()
        self._topology: Topology | None = None
        self._shape_lock = threading.Lock()
        self._dated_index: DatedIndex | None = None
        self._dated_lock = threading.Lock()
        self._closed = False
        self._writes = 0  # committed by this store; no other writer opens the file meanwhile (file_lock)
        self._aside = ThreadPoolExecutor(max_workers=4, thread_name_prefix="amur-read")  # reads beside a request
        if read_only:
            try:
                self._check_stored()
            except BaseException:
                self.close()
                raise

    # -- plumbing -----------------------------------------------------------
    def _conn(self) -> ladybug.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            # One engine thread per statement: the store's own statements look entities up by key, and
            # on two cores the engine's extra threads only contend with the reads running beside them
            # (neighbourhoods at 1M nodes, in-process: -10% on p50 and p95).  Scans widen it (_all_cores).
            conn = ladybug.Connection(self._db, num_threads=1)
            self._local.conn = conn
            with self._connections_lock:
                self._connections.append(conn)
        return conn

    @contextmanager
    def _all_cores(self) -> Iterator[ladybug.Connection]:
        """This thread's connection with every core for the statements run inside: scans of whole tables."""
        conn = self._conn()
        conn.set_max_threads_for_exec(os.cpu_count() or 1)
        try:
            yield conn
        finally:
            conn.set_max_threads_for_exec(1)

    def _run(self, statement: str, params: Mapping[str, Any] | None = None) -> list[list[Any]]:
        try:
            result = self._conn().execute(statement, dict(params or {}))
        except RuntimeError as exc:
            raise QueryFailed(str(exc)) from exc
        assert not isinstance(result, list)
        rows: list[list[Any]] = result.get_all()  # type: ignore[assignment]
        return rows

    @contextmanager
    def _write(self) -> Iterator[list[Callable[[], None]]]:
        """One write transaction; the steps the body leaves in the list run after it commits, before
        the next write (the engine gives what a transaction wrote its final offsets only then)."""
        if self.read_only:
            raise StoreUnavailable("the store was opened read-only")
        with self._write_lock:
            self._run(cy.BEGIN_WRITE)
            after: list[Callable[[], None]] = []
            try:
                yield after
            except BaseException:
                self._rollback()
                raise
            self._run(cy.COMMIT)
            self._writes += 1
            for step in after:
                step()

    def _rollback(self) -> None:
        # The engine rolls back by itself when a statement fails inside a transaction.
        try:
            self._run(cy.ROLLBACK)
        except QueryFailed as exc:
            if "no active transaction" not in str(exc).lower():
                raise

    def close(self) -> None:
        self._aside.shutdown()  # reads under way beside a request finish first
        with self._shape_lock, self._dated_lock, self._connections_lock:  # and a topology or index loading
            self._closed = True
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()
        self._db.close()
        self._let_go()

    def _let_go(self) -> None:
        if self._reader_lock is not None:
            os.close(self._reader_lock)
            self._reader_lock = None

    # -- schema -------------------------------------------------------------
    def setup_schema(self) -> None:
        onto = ontology()
        with self._write_lock:
            existing = {row[0] for row in self._run(cy.SHOW_TABLES)}
            for label in onto.classes:
                self._ensure_table(label, cy.create_node_table(label), cy.node_columns(label), existing)
            for rel_type in onto.relations:
                self._ensure_table(rel_type, cy.create_rel_table(rel_type), cy.edge_columns(rel_type), existing)
            self._run(cy.CREATE_SEARCH_TERMS)
            self._run(cy.CREATE_SEARCH_KEYS)
        self._fill_stored()
        if cy.SEARCH_TABLES[0] not in existing and self.counts().total_nodes:
            self.reindex_search()  # a graph made before the search index existed

    def reindex_search(self) -> int:
        """Rebuilds the search keys of every entity from its aliases; returns the number of entities."""
        done = 0
        with self._write():
            for label in ontology().classes:
                for batch in self.iter_nodes(label, batch_size=self.batch_size):
                    self._index_terms({n.id: search_keys.entity_terms(n.aliases) for n in batch})
                    done += len(batch)
        return done

    def _check_stored(self) -> None:
        """A store opened read-only cannot be brought up to date: say so at once, not on the first read."""
        tables = {row[0] for row in self._run(cy.SHOW_TABLES)}
        for name in [*ontology().classes, *ontology().relations]:
            if name in tables and cy.STORED not in {row[0] for row in self._run(cy.table_columns(name))}:
                raise StoreUnavailable(f"{self.path}: {OLDER_STORE}")

    def _fill_stored(self) -> int:
        """Gives rows written before the stored form existed theirs (embedded_cypher.STORED), a batch
        per transaction, so that an interrupted run leaves only whole rows and the next one goes on."""
        filled = 0
        for label in ontology().classes:
            filled += self._fill(cy.unfilled_nodes(label), cy.fill_nodes(label), partial(_filled_node, label))
        for rel in ontology().relations.values():
            for src_label, dst_label in itertools.product(rel.domain, rel.range):
                filled += self._fill(
                    cy.unfilled_edges(rel.name, src_label, dst_label),
                    cy.fill_edges(rel.name, src_label, dst_label),
                    partial(_filled_edge, rel.name),
                )
        return filled

    def _fill(self, unfilled: str, fill: str, stored: Callable[[list[Any]], dict[str, Any]]) -> int:
        filled, last = 0, None
        while rows := self._run(unfilled, {"limit": self.batch_size}):
            if rows[0] == last:
                raise QueryFailed(f"could not store rows whole: {fill}")
            last = rows[0]
            with self._write():
                self._run(fill, {"rows": [stored(row) for row in rows]})
            filled += len(rows)
        return filled

    def _ensure_table(self, name: str, ddl: str, columns: dict[str, str], existing: set[str]) -> None:
        if name not in existing:
            self._run(ddl)
            return
        # Columns the ontology gained since the file was made.
        have = {row[0] for row in self._run(cy.table_columns(name))}
        for column, column_type in columns.items():
            if column not in have:
                self._run(cy.add_column(name, column, column_type.replace(" PRIMARY KEY", "")))

    # -- writes -------------------------------------------------------------
    def upsert(self, entities: Sequence[EntityRecord], relations: Sequence[RelationRecord]) -> UpsertSummary:
        entities = combine_entities(entities)
        relations = combine_relations(relations)
        summary = UpsertSummary()
        new_relations: list[tuple[str, str, str, list[RelationRecord]]] = []
        with self._write() as after:
            existing_nodes = self.get_many([e.id for e in entities])
            by_label, new_terms = node_rows(entities, existing_nodes)
            by_label = {label: [stored_node_row(label, row) for row in rows] for label, rows in by_label.items()}
            summary.entities_updated = len(existing_nodes)
            summary.entities_created = len(entities) - len(existing_nodes)
            for label, rows in by_label.items():
                for chunk in _chunks(rows, self.batch_size):
                    self._run(cy.upsert_nodes(label), {"rows": chunk})
            self._index_terms(new_terms)

            self._check_ends(relations)
            groups: dict[tuple[str, str, str], list[RelationRecord]] = defaultdict(list)
            for rel in relations:
                groups[(rel.relation_name, label_of(rel.src), label_of(rel.dst))].append(rel)
            for (rel_type, src_label, dst_label), records in groups.items():
                existing = self._existing_edges(rel_type, src_label, dst_label, records)
                rows = [stored_edge_row(rel_type, edge_row(r, existing.get(r.key()))) for r in records]
                summary.relations_updated += len(existing)
                summary.relations_created += len(records) - len(existing)
                for chunk in _chunks(rows, self.batch_size):
                    self._run(cy.upsert_edges(rel_type, src_label, dst_label), {"rows": chunk})
                created = [r for r in records if r.key() not in existing]
                if created:
                    new_relations.append((rel_type, src_label, dst_label, created))
            if summary.entities_created or summary.relations_created:  # updates leave the shape as it was
                new_nodes = [e.id for e in entities if e.id not in existing_nodes]
                after.append(lambda: self._grew(new_nodes, new_relations))
        return summary

    def _grew(self, entity_ids: Sequence[str], relations: Sequence[tuple[str, str, str, list[RelationRecord]]]) -> None:
        """After a write that added entities or relations: the shape in memory gains them (graph.topology),
        or, where it cannot, is loaded again on the next traversal."""
        with self._shape_lock:
            shape = self._topology
            if shape is None:
                return  # the next traversal loads a shape that holds them
            try:
                grown = shape.extended(self._node_offsets(entity_ids), [self._written_offsets(*r) for r in relations])
            except QueryFailed:
                grown = None
            self._topology = grown  # None: committed all the same, and the next traversal loads the shape

    def _node_offsets(self, entity_ids: Sequence[str]) -> dict[str, list[tuple[int, str]]]:
        """The engine's offsets of entities."""
        found: dict[str, list[tuple[int, str]]] = {}
        for label, ids in ids_by_label(entity_ids).items():
            for chunk in _chunks(ids, self.batch_size):
                found.setdefault(label, []).extend(
                    (offset, entity_id) for offset, entity_id in self._run(cy.node_offsets_of(label), {"ids": chunk})
                )
        return found

    def _written_offsets(
        self, rel_type: str, src_label: str, dst_label: str, records: Sequence[RelationRecord]
    ) -> Relations:
        """The engine's table and offsets of relations."""
        rows: list[list[Any]] = []
        for chunk in _chunks([{"src": r.src, "dst": r.dst, "key": r.key()} for r in records], self.batch_size):
            rows += self._run(cy.relation_offsets_of(rel_type, src_label, dst_label), {"rows": chunk})
        found = [row for row in rows if row[2] is not None]
        if len(found) != len(records):
            raise QueryFailed(f"{len(records) - len(found)} {rel_type} relation(s) just written not found")
        table = found[0][2]["table"]
        columns = np.array([(a, b, e["offset"]) for a, b, e in found], dtype=np.int64).reshape(-1, 3)
        src, dst, ref = columns[:, 0], columns[:, 1], columns[:, 2]
        return Relations(rel_type, table, src_label, src, dst_label, dst, ref)

    def _index_terms(self, terms_by_id: Mapping[str, set[str]]) -> None:
        """Adds entity ids to their terms, and keys for the terms new to the vocabulary (inside a write)."""
        term_rows, stored_terms, key_rows, stored_keys = search_keys.index_updates(
            terms_by_id,
            lookup_terms=lambda terms: self._lookup(cy.GET_SEARCH_TERMS, "terms", terms),
            lookup_keys=lambda keys: self._lookup(cy.GET_SEARCH_KEYS, "keys", keys),
        )
        self._put(term_rows, "term", stored_terms, cy.NEW_SEARCH_TERMS, cy.SET_SEARCH_TERMS)
        self._put(key_rows, "key", stored_keys, cy.NEW_SEARCH_KEYS, cy.SET_SEARCH_KEYS)

    def _put(self, rows: list[dict[str, Any]], key: str, stored: set[str], create: str, update: str) -> None:
        """Writes index rows: CREATE those not stored yet, MATCH+SET the others (inside a write)."""
        for statement, wanted in ((create, False), (update, True)):
            selected = [r for r in rows if (r[key] in stored) is wanted]
            for chunk in _chunks(selected, self.batch_size):
                self._run(statement, {"rows": chunk})

    def _lookup(self, statement: str, param: str, values: Sequence[str], **more: int) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for chunk in _chunks(values, self.batch_size):
            for key, items in self._run(statement, {param: chunk, **more}):
                found[key] = list(items or [])
        return found

    def _check_ends(self, relations: Sequence[RelationRecord]) -> None:
        ends = sorted({r.src for r in relations} | {r.dst for r in relations})
        missing = set(ends) - set(self.get_many(ends))
        if missing:
            raise IntegrityError(f"relations point at entities that do not exist: {', '.join(sorted(missing))}")

    def _existing_edges(
        self, rel_type: str, src_label: str, dst_label: str, records: Sequence[RelationRecord]
    ) -> dict[str, Edge]:
        found: dict[str, Edge] = {}
        keys = [{"src": r.src, "dst": r.dst, "key": r.key()} for r in records]
        for chunk in _chunks(keys, self.batch_size):
            for (stored,) in self._run(cy.get_edges(rel_type, src_label, dst_label), {"rows": chunk}):
                edge = _parsed(Edge, stored)
                found[edge.key] = edge
        return found

    # -- reads --------------------------------------------------------------
    def get(self, entity_id: str) -> Node | None:
        return self.get_many([entity_id]).get(entity_id)

    def get_many(self, entity_ids: Sequence[str]) -> dict[str, Node]:
        found: dict[str, Node] = {}
        for label, ids in ids_by_label(entity_ids).items():
            for chunk in _chunks(ids, self.batch_size):
                for (stored,) in self._run(cy.get_nodes(label), {"ids": chunk}):
                    node = _parsed(Node, stored)
                    found[node.id] = node
        return found

    def find(self, text: str, label: str | None = None, limit: int = 10) -> list[Node]:
        needle = normalize(text)
        if not needle:
            return []
        labels = [label] if label else list(ontology().classes)
        found: list[Node] = []
        for lbl in labels:
            found += [
                _parsed(Node, stored) for (stored,) in self._run(cy.find_nodes(lbl), {"q": needle, "limit": limit})
            ]
        return ranked(found, needle, limit)

    def search(self, text: str, *, label: str | None = None, limit: int = 10, offset: int = 0) -> SearchPage:
        return search_keys.search(
            text,
            lookup_keys=lambda keys: self._lookup(cy.GET_SEARCH_KEYS, "keys", keys),
            lookup_terms=lambda terms: self._lookup(cy.GET_SEARCH_TERMS, "terms", terms),
            lookup_heads=lambda terms: self._lookup(cy.GET_SEARCH_HEADS, "terms", terms, head=search_keys.HEAD),
            get_many=self.get_many,
            label_of=label_or_none,
            label=label,
            limit=limit,
            offset=offset,
        )

    def neighbourhood(
        self, entity_id: str, depth: int = 1, types: Sequence[str] | None = None, limit: int = 500
    ) -> Subgraph:
        shape, (start,) = self._locate(entity_id)
        if start is None:
            return Subgraph()
        reach = shape.reach(start, max(1, min(depth, MAX_DEPTH)), types, limit)
        ids = shape.entities(reach.nodes)
        nodes_read = self._aside.submit(self.get_many, ids)  # the engine reads both at once: -20% on p50 and p95
        edges = self._relations(shape, reach.entries.tolist())
        found = nodes_read.result()
        nodes = [found[i] for i in ids if i in found]
        return Subgraph(nodes=nodes, edges=list(edges.values()), truncated=reach.truncated)

    def links(self, entity_id: str, depth: int = 1, types: Sequence[str] | None = None, limit: int = 500) -> list[Link]:
        shape, (start,) = self._locate(entity_id)
        if start is None:
            return []
        reach = shape.reach(start, max(1, min(depth, MAX_DEPTH)), types, limit)
        return shape.links(reach.entries.tolist())

    def paths(self, src: str, dst: str, max_hops: int = 4, all_shortest: bool = False, limit: int = 10) -> list[Path]:
        max_hops = max(1, min(max_hops, MAX_PATH_HOPS))
        if src == dst:
            node = self.get(src)
            return [Path(nodes=[node], edges=[])] if node else []
        shape, (a, b) = self._locate(src, dst)
        if a is None or b is None:
            return []
        walks = shape.shortest(a, b, max_hops, all_shortest, limit)
        steps = [shape.walk(a, walk) for walk in walks]
        on_paths = dict.fromkeys(i for step in steps for i in step)
        nodes_read = self._aside.submit(self.get_many, [shape.entity(i) for i in on_paths])
        edges = self._relations(shape, sorted({entry for walk in walks for entry in walk}))
        nodes = nodes_read.result()
        return [
            Path(nodes=[nodes[shape.entity(i)] for i in step], edges=[edges[entry] for entry in walk])
            for step, walk in zip(steps, walks, strict=True)
        ]

    # -- the shape of the graph in memory (graph.topology) --------------------
    def warm(self) -> None:
        self._dated()  # the shape, then the timeline index over it (1M nodes: 5 s, then 1.3 s)

    def _shape(self, stale: Topology | None = None) -> Topology:
        """The shape of the graph: loaded on first use (or when `stale`), kept in step by writes (_grew)."""
        with self._shape_lock:
            if self._closed:
                raise StoreUnavailable("the store is closed")
            current = self._topology
            if current is None or current is stale:
                current = self._load_shape()
                self._topology = current
            return current

    def _load_shape(self) -> Topology:
        onto = ontology()
        with self._all_cores():
            self._run(cy.BEGIN_READ)  # nodes and relations from one snapshot
            try:
                ids = {label: self._entity_ids(label) for label in onto.classes}
                relations = [
                    batch
                    for rel in onto.relations.values()
                    for src_label in rel.domain
                    for dst_label in rel.range
                    if (batch := self._relation_offsets(rel.name, src_label, dst_label)) is not None
                ]
            finally:
                self._run(cy.COMMIT)
        return Topology(ids, relations)

    def _entity_ids(self, label: str) -> list[str | None]:
        """Entity ids by the engine's node offset (None where nothing is stored)."""
        offsets, names = self._columns(cy.node_offsets(label))
        at = offsets.to_numpy()
        ids: list[str | None] = [None] * (int(at.max()) + 1 if len(at) else 0)
        for offset, entity_id in zip(at.tolist(), names.to_pylist(), strict=True):
            ids[offset] = entity_id
        return ids

    def _relation_offsets(self, rel_type: str, src_label: str, dst_label: str) -> Relations | None:
        columns = self._columns(cy.relation_offsets(rel_type, src_label, dst_label))
        src, dst, ref = (c.to_numpy().astype(np.int64, copy=False) for c in columns)
        if not len(ref):
            return None
        ((first,),) = self._run(cy.relation_table(rel_type, src_label, dst_label))
        return Relations(rel_type, first["table"], src_label, src, dst_label, dst, ref)

    def _columns(self, statement: str) -> list[pa.ChunkedArray]:
        """A whole-table statement's columns through Arrow: at 1M nodes, five times faster than row by
        row, and an offset costs 8 bytes instead of a Python int's 28 (the shape loads in under half the time)."""
        try:
            result = self._conn().execute(statement)
            assert not isinstance(result, list)
            table = result.get_as_arrow()
        except RuntimeError as exc:
            raise QueryFailed(str(exc)) from exc
        return list(table.columns)

    def _locate(self, *entity_ids: str) -> tuple[Topology, list[int | None]]:
        """Entities' places in the topology (None for an unknown id), all from one snapshot."""
        offsets: list[tuple[str, int] | None] = []
        for entity_id in entity_ids:
            label = label_or_none(entity_id)
            rows = self._run(cy.node_offset(label), {"id": entity_id}) if label else []
            offsets.append((label, rows[0][0]) if label and rows else None)
        shape = self._shape()
        if any(o is not None and not shape.has(*o) for o in offsets):
            shape = self._shape(stale=shape)  # written after the snapshot was taken
        return shape, [shape.index(*o) if o is not None else None for o in offsets]

    def _relations(self, shape: Topology, entries: Sequence[int]) -> dict[int, Edge]:
        """The relations behind topology entries, each read from the end that costs the engine less."""
        wanted: dict[tuple[int, int], list[Read]] = defaultdict(list)  # a relation may be seen from both ends
        by_label: dict[str, dict[int, list[Read]]] = defaultdict(lambda: defaultdict(list))
        for read in shape.read_from(entries):
            wanted[read.table, read.ref].append(read)
            by_label[read.label][read.near].append(read)
        found: dict[int, Edge] = {}

        def take(rows: list[list[Any]]) -> None:
            for rel_id, stored in rows:
                hits = wanted.get((rel_id["table"], rel_id["offset"]), []) if rel_id else []
                if hits:
                    edge = _parsed(Edge, stored)
                    for hit in hits:
                        found[hit.entry] = edge

        for label, by_near in by_label.items():
            alone, together = self._plan(shape, by_near)
            for near, reads in alone:
                rel_types = frozenset(r.rel_type for r in reads)
                take(self._run(cy.relations_of(label, rel_types), _codes(shape, near, reads)))
            rel_types = frozenset(r.rel_type for near in together for r in by_near[near])
            for chunk in _chunks([_codes(shape, near, by_near[near]) for near in together], self.batch_size):
                take(self._run(cy.relations_at(label, rel_types), {"rows": chunk}))
        missing = len(set(entries) - set(found))
        if missing:  # nothing is ever deleted, so the snapshot's relations are all stored
            raise QueryFailed(f"{missing} relation(s) of the in-memory topology not found in the store")
        return {entry: found[entry] for entry in entries}

    @staticmethod
    def _plan(shape: Topology, by_near: Mapping[int, list[Read]]) -> tuple[list[tuple[int, list[Read]]], list[int]]:
        """Which entities of one label are read one by one (few of them, or hubs) and which in a batch."""
        every = sorted({r.rel_type for reads in by_near.values() for r in reads})
        few = len(by_near) <= FEW
        alone: list[tuple[int, list[Read]]] = []
        together: list[int] = []
        for near, scan in zip(by_near, shape.scan_sizes(list(by_near), every), strict=True):
            if few or scan > HUB_SCAN:
                alone.append((near, by_near[near]))
            else:
                together.append(near)
        return alone, together

    def revision(self) -> Hashable:
        return self._writes

    def ping(self) -> None:
        if self._closed:
            raise StoreUnavailable("the store is closed")
        self._run(cy.PING)

    def counts(self) -> Counts:
        onto = ontology()
        return Counts(
            nodes={label: self._run(cy.count_nodes(label))[0][0] for label in onto.classes},
            relationships={t: self._run(cy.count_rels(t))[0][0] for t in onto.relations},
        )

    def dated_events(
        self,
        window: Window,
        *,
        ids: Sequence[str] | None = None,
        series: str | None = None,
        limit: int = 100,
        after: Position | None = None,
    ) -> list[Node]:
        index, hits = self._event_hits(window, ids, series, limit, after)
        page = index.shape.entities(index.events.refs[hits])
        found = self.get_many(page)
        return [found[i] for i in page]

    def dated_event_positions(
        self,
        window: Window,
        *,
        ids: Sequence[str] | None = None,
        series: str | None = None,
        limit: int = 100,
        after: Position | None = None,
    ) -> list[Position]:
        index, hits = self._event_hits(window, ids, series, limit, after)
        return index.events.positions(hits)

    def dated_relations(
        self,
        rel_type: str,
        window: Window,
        *,
        touching: Sequence[str] | None = None,
        limit: int = 100,
        after: Position | None = None,
    ) -> list[Edge]:
        index, facts, hits = self._relation_hits(rel_type, window, touching, limit, after)
        entries = facts.refs[hits].tolist()
        edges = self._relations(index.shape, entries)
        return [edges[entry] for entry in entries]

    def dated_relation_positions(
        self,
        rel_type: str,
        window: Window,
        *,
        touching: Sequence[str] | None = None,
        limit: int = 100,
        after: Position | None = None,
    ) -> list[Position]:
        _, facts, hits = self._relation_hits(rel_type, window, touching, limit, after)
        return facts.positions(hits)

    def _event_hits(
        self, window: Window, ids: Sequence[str] | None, series: str | None, limit: int, after: Position | None
    ) -> tuple[DatedIndex, Ints]:
        index = self._dated()
        return index, index.events.page(window, after, index.scope(ids) if ids is not None else None, series, limit)

    def _relation_hits(
        self, rel_type: str, window: Window, touching: Sequence[str] | None, limit: int, after: Position | None
    ) -> tuple[DatedIndex, Facts, Ints]:
        index = self._dated()
        if rel_type not in index.relations:
            raise ValueError(f"{rel_type} carries no date")
        facts, scope = index.relations[rel_type], index.scope(touching) if touching is not None else None
        return index, facts, facts.page(window, after, scope, None, limit)

    def _dated(self) -> DatedIndex:
        """The timeline index of the current shape, built again after any write (graph.dated_index)."""
        shape = self._shape()
        with self._dated_lock:
            if self._closed:
                raise StoreUnavailable("the store is closed")
            index = self._dated_index
            if index is None or index.shape is not shape or index.writes != self._writes:
                index = self._dated_index = self._load_dated(shape)
            return index

    def _load_dated(self, shape: Topology) -> DatedIndex:
        writes = self._writes  # before reading: a write committed meanwhile makes the index stale at once
        with self._all_cores():
            self._run(cy.BEGIN_READ)
            try:
                events = self._event_facts(shape)
                relations = {rel_type: self._relation_facts(shape, rel_type) for rel_type in dated_relation_types()}
            finally:
                self._run(cy.COMMIT)
        return DatedIndex(shape, writes, events, relations)

    def _event_facts(self, shape: Topology) -> Facts:
        """Every event the shape knows, dated or not (inside a read)."""
        label = Event.class_name
        offsets, ids, starts, ends, series = self._columns(cy.event_dates())
        at = offsets.to_numpy().astype(np.int64)
        held = at < shape.counts.get(label, 0)  # else written since the shape's snapshot
        nodes = at[held] + shape.base.get(label, 0)
        ids, starts, ends, series = (column.filter(pa.array(held)) for column in (ids, starts, ends, series))
        return Facts.build(ids, starts, ends, nodes, (nodes,), series)

    def _relation_facts(self, shape: Topology, rel_type: str) -> Facts:
        """A dated relation type's relations with a date, as the shape knows them (inside a read)."""
        entries: list[Ints] = []
        chunks: tuple[list[pa.Array], ...] = ([], [], [])  # keys, starts, ends
        rel = ontology().relations[rel_type]
        for src_label, dst_label in itertools.product(rel.domain, rel.range):
            refs, *columns = self._columns(cy.relation_dates(rel_type, src_label, dst_label))
            if not len(refs):
                continue
            ((first_id,),) = self._run(cy.relation_table(rel_type, src_label, dst_label))
            found = shape.entries_at(rel_type, first_id["table"], refs.to_numpy().astype(np.int64))
            held = found >= 0
            entries.append(found[held])
            for kept, column in zip(chunks, columns, strict=True):
                kept += column.filter(pa.array(held)).chunks
        at = np.concatenate(entries) if entries else np.zeros(0, dtype=np.int64)
        keys, starts, ends = (pa.chunked_array(kept, pa.string()) for kept in chunks)
        return Facts.build(keys, starts, ends, at, shape.relation_ends(at))

    def iter_nodes(self, label: str, batch_size: int = 10_000) -> Iterator[list[Node]]:
        for rows in self._stream(cy.all_nodes(label), batch_size):
            yield [_parsed(Node, stored) for (stored,) in rows]

    def iter_ids(
        self, label: str, batch_size: int = 10_000, *, with_property: str | None = None
    ) -> Iterator[list[tuple[str, Any]]]:
        ids, values = (column.to_pylist() for column in self._columns(cy.all_ids(label, with_property)))
        for start in range(0, len(ids), batch_size):
            yield list(zip(ids[start : start + batch_size], values[start : start + batch_size], strict=True))

    def iter_edges(self, rel_type: str, batch_size: int = 10_000) -> Iterator[list[Edge]]:
        for rows in self._stream(cy.all_edges(rel_type), batch_size):
            yield [_parsed(Edge, stored) for (stored,) in rows]

    def iter_links(self, rel_type: str, batch_size: int = 10_000) -> Iterator[list[Link]]:
        # From the shape in memory, one snapshot of what is committed: the engine's scan joins every
        # relation to both its ends (at 1M nodes, most of the analytics projection's time).
        shape = self._shape()
        entries = shape.entries_of(rel_type)
        for start in range(0, len(entries), batch_size):
            yield shape.links(entries[start : start + batch_size].tolist())

    def _stream(self, statement: str, batch_size: int) -> Iterator[list[list[Any]]]:
        """One statement's rows a batch at a time: one scan and one sort, from one snapshot.

        Paging by key instead (`WHERE key > $after ORDER BY key LIMIT`) scans and sorts the whole
        table for every page: 311k relations of one type at 1M nodes took 59 s that way, 7 s this way.
        """
        try:
            result = self._conn().execute(statement)
            assert not isinstance(result, list)
            while result.has_next():
                rows: list[list[Any]] = result.get_n(batch_size)  # type: ignore[assignment]
                yield rows
        except RuntimeError as exc:
            raise QueryFailed(str(exc)) from exc

    def query(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, row_limit: int = 1000, timeout_s: float = 10.0
    ) -> QueryResult:
        check_read_only(cypher)
        with self._all_cores() as conn:
            conn.set_query_timeout(int(timeout_s * 1000))
            rows: list[list[Any]] = []
            truncated = False
            self._run(cy.BEGIN_READ)
            try:
                result = conn.execute(cypher, dict(params or {}))
                assert not isinstance(result, list)
                columns = result.get_column_names()
                while result.has_next():
                    if len(rows) >= row_limit:
                        truncated = True
                        break
                    rows.append([_jsonable(v) for v in result.get_next()])
            except RuntimeError as exc:
                if "interrupted" in str(exc).lower() or "timeout" in str(exc).lower():
                    raise QueryTimeout(f"query ran past {timeout_s:g} s") from exc
                raise QueryFailed(str(exc)) from exc
            except (ValueError, TypeError) as exc:  # the binding refuses some parameter values before running
                raise QueryFailed(f"bad parameters: {exc}") from exc
            finally:
                self._rollback()
                conn.set_query_timeout(0)
            return QueryResult(columns=columns, rows=rows, truncated=truncated, backend=self.backend)


def _chunks(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def _codes(shape: Topology, near: int, reads: Sequence[Read]) -> dict[str, Any]:
    """The parameters that ask for these relations of one entity."""
    return {"id": shape.entity(near), "codes": [cy.relation_code(r.rel_type, r.ref) for r in reads]}


def stored_node_row(label: str, row: dict[str, Any]) -> dict[str, Any]:
    """A node's row to write (graph.merge) with the node whole, as reads return it (embedded_cypher.STORED)."""
    return {**row, cy.STORED: node_from_row(label, row).model_dump_json()}


def stored_edge_row(rel_type: str, row: dict[str, Any]) -> dict[str, Any]:
    """A relation's row to write (graph.merge) with the relation whole, as reads return it."""
    return {**row, cy.STORED: edge_from_row(rel_type, row["src"], row["dst"], row).model_dump_json()}


def _filled_node(label: str, row: list[Any]) -> dict[str, Any]:
    (node,) = row
    return {"id": node["id"], "stored": node_from_row(label, node).model_dump_json()}


def _filled_edge(rel_type: str, row: list[Any]) -> dict[str, Any]:
    offset, src, dst, edge = row
    return {"offset": offset, "stored": edge_from_row(rel_type, src, dst, edge).model_dump_json()}


def _parsed(model: type[Stored], stored: str | None) -> Stored:
    if stored is None:  # a row written before the stored form existed, in a store not yet brought up to date
        raise StoreUnavailable(OLDER_STORE)
    return model.model_validate_json(stored)


def _jsonable(value: Any) -> Any:
    """Engine values as plain JSON: nodes and relationships lose internal ids."""
    if isinstance(value, dict):
        if "_LABEL" in value:
            out = {k: _jsonable(v) for k, v in value.items() if not k.startswith("_")}
            out["_label"] = value["_LABEL"]
            if isinstance(out.get("names"), str):
                out["names"] = json.loads(out["names"])
            return out
        if "_NODES" in value:
            return {
                "nodes": [_jsonable(n) for n in value["_NODES"]],
                "relationships": [_jsonable(r) for r in value["_RELS"]],
            }
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value
