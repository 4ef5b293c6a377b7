"""The production backend: a Neo4j server through the official driver.

One driver per process and server (shared by every store on it); reads go
through `execute_query(..., routing_=READ)`, each upsert is one managed
write transaction (`execute_write`, retried by the driver on transient
errors), so the reads it merges with and its writes stay consistent.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import neo4j
from neo4j import GraphDatabase, ManagedTransaction, Query, RoutingControl

from graph import neo4j_cypher as cy
from graph import search_keys
from graph.dates import Position, Window, after_parameters, first
from graph.merge import (
    combine_entities,
    combine_relations,
    edge_row,
    ends_by_label,
    ids_by_label,
    label_of,
    label_or_none,
    node_rows,
)
from graph.neo4j_errors import Where, translate
from graph.neo4j_values import edge_from_neo4j, node_from_neo4j, path_from_neo4j, to_plain
from graph.readonly import check_read_only
from graph.search import lucene_query, normalize, ranked
from graph.settings import Settings
from graph.shapes import Counts, Edge, Link, Node, Path, QueryResult, SearchPage, Subgraph, UpsertSummary
from graph.store import MAX_PATH_HOPS, IntegrityError, StoreUnavailable
from graph.traverse import expand
from ontology.model import ontology
from ontology.records import EntityRecord, RelationRecord

# Runs one known statement with parameters and returns its records.
Run = Callable[[str, Mapping[str, Any]], list[neo4j.Record]]

INDEX_WAIT_S = 300
# The driver's HTTP schemes are a preview Query API with other dependencies: Amur uses Bolt only.
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class _Drivers:
    """The process's drivers, one per (uri, user, password), closed when their last store closes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[tuple[str, str, str], tuple[neo4j.Driver, int]] = {}

    def acquire(self, uri: str, user: str, password: str) -> neo4j.Driver:
        key = (uri, user, password)
        with self._lock:
            driver, users = self._open.get(key) or (GraphDatabase.driver(uri, auth=(user, password)), 0)
            self._open[key] = (driver, users + 1)
            return driver

    def release(self, uri: str, user: str, password: str) -> None:
        key = (uri, user, password)
        with self._lock:
            driver, users = self._open[key]
            if users > 1:
                self._open[key] = (driver, users - 1)
                return
            del self._open[key]
        driver.close()


DRIVERS = _Drivers()


class Neo4jStore:
    """GraphStore on a Neo4j 5 server.

    `label_prefix` puts every label, relationship type and schema name of
    this store in a namespace (`t1_Person`), so tests can share a Community
    server, which has a single database, without touching anyone's data.
    """

    backend = "neo4j"

    def __init__(
        self,
        uri: str,
        user: str = "neo4j",
        password: str = "",
        database: str = "neo4j",
        *,
        batch_size: int = 1000,
        read_only: bool = False,
        label_prefix: str = "",
    ) -> None:
        self.prefix = cy.check_prefix(label_prefix)
        self.database = database
        self.batch_size = batch_size
        self.read_only = read_only
        self._where = Where(uri=uri, user=user, database=database)
        self._credentials = (uri, user, password)
        scheme = uri.partition("://")[0].lower()
        if scheme not in BOLT_SCHEMES:
            raise StoreUnavailable(
                f"bad Neo4j URI {uri!r}: Amur speaks Bolt, use one of {', '.join(s + '://' for s in BOLT_SCHEMES)}"
            )
        with self._errors():
            try:
                self._driver = DRIVERS.acquire(uri, user, password)
            except ValueError as exc:  # the driver's word for a malformed URI
                raise StoreUnavailable(f"bad Neo4j URI {uri!r}: {exc}") from exc
        self._closed = False
        self._writes = 0  # committed by this store; other clients' writes show in the counts
        self._writes_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings, *, read_only: bool = False) -> Neo4jStore:
        if not settings.neo4j_uri:
            raise StoreUnavailable(
                "the neo4j backend needs AMUR_NEO4J_URI (for example bolt://localhost:7687; "
                "`docker compose up -d` starts a local server)"
            )
        return cls(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.neo4j_password.get_secret_value(),
            settings.neo4j_database,
            batch_size=settings.batch_size,
            read_only=read_only,
            label_prefix=settings.neo4j_label_prefix,
        )

    # -- plumbing -----------------------------------------------------------
    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except Exception as exc:
            mapped = translate(exc, self._where)
            if mapped is None or mapped is exc:
                raise
            raise mapped from exc

    def _known(self, statement: str) -> str:
        if statement not in cy.known(self.prefix):
            raise ValueError("refusing to send a statement that graph.neo4j_cypher does not enumerate")
        return statement

    def _read(self, statement: str, params: Mapping[str, Any]) -> list[neo4j.Record]:
        with self._errors():
            result = self._driver.execute_query(
                self._known(statement), dict(params), routing_=RoutingControl.READ, database_=self.database
            )
        return list(result.records)

    def _schema(self, statement: str, params: Mapping[str, Any] | None = None) -> list[neo4j.Record]:
        with self._errors():
            result = self._driver.execute_query(
                self._known(statement), dict(params or {}), routing_=RoutingControl.WRITE, database_=self.database
            )
        return list(result.records)

    def _write(self, work: Callable[[Run], UpsertSummary]) -> UpsertSummary:
        if self.read_only:
            raise StoreUnavailable("the store was opened read-only")

        def transaction(tx: ManagedTransaction) -> UpsertSummary:
            def run(statement: str, params: Mapping[str, Any]) -> list[neo4j.Record]:
                return list(tx.run(self._known(statement), dict(params)))

            return work(run)

        bookmarks = self._driver.execute_query_bookmark_manager  # later reads see this write
        with self._errors(), self._driver.session(database=self.database, bookmark_manager=bookmarks) as session:
            summary = session.execute_write(transaction)
        with self._writes_lock:
            self._writes += 1
        return summary

    def verify(self) -> None:
        """Connects and logs in once, so a wrong URI or password is reported before any work."""
        with self._errors():
            self._driver.verify_connectivity()

    def warm(self) -> None:
        """Nothing to load: the server keeps its own caches."""

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            DRIVERS.release(*self._credentials)

    # -- schema -------------------------------------------------------------
    def setup_schema(self) -> None:
        """Constraints, indexes and the full-text index from the ontology; safe to repeat."""
        if self.read_only:
            raise StoreUnavailable("the store was opened read-only")
        onto, p = ontology(), self.prefix
        for label in onto.labels:
            self._schema(cy.node_constraint(label, p))
            for prop in cy.INDEXED_NODE_PROPERTIES:
                self._schema(cy.node_index(label, prop, p))
        for rel_type in onto.relationship_types:
            self._schema(cy.rel_index(rel_type, p))
        for search_label in cy.SEARCH_LABELS:
            self._schema(cy.search_constraint(search_label, p))
        expected = sorted(cy.stored(label, p) for label in onto.labels)
        current = self._schema(cy.SHOW_FULLTEXT, {"name": cy.stored(cy.FULLTEXT, p)})
        if current and sorted(current[0]["labelsOrTypes"]) != expected:
            self._schema(cy.drop_fulltext(p))  # the ontology gained or lost a class
        self._schema(cy.fulltext_index(p))
        self._schema(cy.AWAIT_INDEXES, {"timeout": INDEX_WAIT_S})

    def drop_schema(self) -> None:
        """Removes this namespace's constraints and indexes (only a namespaced store may)."""
        self._require_namespace()
        onto, p = ontology(), self.prefix
        self._schema(cy.drop_fulltext(p))
        for label in onto.labels:
            self._schema(cy.drop_constraint(label, p))
            for prop in cy.INDEXED_NODE_PROPERTIES:
                self._schema(cy.drop_index(label, "_" + prop, p))
        for rel_type in onto.relationship_types:
            self._schema(cy.drop_index(rel_type, "_key", p))
        for search_label in cy.SEARCH_LABELS:
            self._schema(cy.drop_search_constraint(search_label, p))

    def clear(self) -> int:
        """Deletes every node of this namespace (only a namespaced store may); returns how many."""
        self._require_namespace()
        deleted = 0
        for label in (*ontology().labels, *cy.SEARCH_LABELS):
            while True:
                with self._errors():
                    result = self._driver.execute_query(
                        self._known(cy.delete_nodes(label, self.prefix)),
                        {"limit": self.batch_size},
                        routing_=RoutingControl.WRITE,
                        database_=self.database,
                    )
                batch = int(result.records[0]["deleted"])
                deleted += batch
                if batch == 0:
                    break
        return deleted

    def _require_namespace(self) -> None:
        if not self.prefix:
            raise StoreUnavailable("only a store with a label prefix can be cleared or dropped")
        if self.read_only:
            raise StoreUnavailable("the store was opened read-only")

    # -- writes -------------------------------------------------------------
    def upsert(self, entities: Sequence[EntityRecord], relations: Sequence[RelationRecord]) -> UpsertSummary:
        entities = combine_entities(entities)
        relations = combine_relations(relations)

        def work(run: Run) -> UpsertSummary:
            # Runs again from the start when the driver retries: everything it needs is computed here.
            summary = UpsertSummary()
            existing_nodes = self._get_many(run, [e.id for e in entities])
            by_label, new_terms = node_rows(entities, existing_nodes)
            summary.entities_updated = len(existing_nodes)
            summary.entities_created = len(entities) - len(existing_nodes)
            for label, rows in by_label.items():
                for chunk in _chunks(rows, self.batch_size):
                    run(cy.upsert_nodes(label, self.prefix), {"rows": chunk})
            self._index_terms(run, new_terms)

            self._check_ends(run, relations)
            groups: dict[tuple[str, str, str], list[RelationRecord]] = defaultdict(list)
            for rel in relations:
                groups[(rel.relation_name, label_of(rel.src), label_of(rel.dst))].append(rel)
            for (rel_type, src_label, dst_label), records in groups.items():
                existing = self._existing_edges(run, rel_type, src_label, dst_label, records)
                edge_rows = [edge_row(r, existing.get(r.key())) for r in records]
                summary.relations_updated += len(existing)
                summary.relations_created += len(records) - len(existing)
                for chunk in _chunks(edge_rows, self.batch_size):
                    run(cy.upsert_edges(rel_type, src_label, dst_label, self.prefix), {"rows": chunk})
            return summary

        return self._write(work)

    def _index_terms(self, run: Run, terms_by_id: Mapping[str, set[str]]) -> None:
        """Adds entity ids to their search terms and keys, inside the upsert's transaction."""
        term_rows, _, key_rows, _ = search_keys.index_updates(
            terms_by_id,
            lookup_terms=lambda terms: self._lookup(run, "_SearchTerm", terms),
            lookup_keys=lambda keys: self._lookup(run, "_SearchKey", keys),
        )
        for search_label, rows in (("_SearchTerm", term_rows), ("_SearchKey", key_rows)):
            for chunk in _chunks(rows, self.batch_size):
                run(cy.put_search_rows(search_label, self.prefix), {"rows": chunk})

    def _lookup(
        self, run: Run, search_label: str, values: Sequence[str], head: int | None = None
    ) -> dict[str, list[str]]:
        """Search rows by key; with `head`, only the first ids of each term."""
        statement = cy.get_search_rows(search_label, self.prefix) if head is None else cy.get_search_heads(self.prefix)
        found: dict[str, list[str]] = {}
        for chunk in _chunks(values, self.batch_size):
            for record in run(statement, {"values": chunk} if head is None else {"values": chunk, "head": head}):
                found[record["key"]] = list(record["items"] or [])
        return found

    def search(self, text: str, *, label: str | None = None, limit: int = 10, offset: int = 0) -> SearchPage:
        def read(search_label: str, head: int | None = None) -> Callable[[Sequence[str]], dict[str, list[str]]]:
            return lambda values: self._lookup(self._read, search_label, values, head)

        return search_keys.search(
            text,
            lookup_keys=read("_SearchKey"),
            lookup_terms=read("_SearchTerm"),
            lookup_heads=read("_SearchTerm", search_keys.HEAD),
            get_many=self.get_many,
            label_of=label_or_none,
            label=label,
            limit=limit,
            offset=offset,
        )

    def _check_ends(self, run: Run, relations: Sequence[RelationRecord]) -> None:
        ends = sorted({r.src for r in relations} | {r.dst for r in relations})
        missing = set(ends) - set(self._get_many(run, ends))
        if missing:
            raise IntegrityError(f"relations point at entities that do not exist: {', '.join(sorted(missing))}")

    def _existing_edges(
        self, run: Run, rel_type: str, src_label: str, dst_label: str, records: Sequence[RelationRecord]
    ) -> dict[str, Edge]:
        found: dict[str, Edge] = {}
        keys = [{"src": r.src, "dst": r.dst, "key": r.key()} for r in records]
        statement = cy.get_edges(rel_type, src_label, dst_label, self.prefix)
        for chunk in _chunks(keys, self.batch_size):
            for record in run(statement, {"rows": chunk}):
                edge = edge_from_neo4j(record["e"], record["src"], record["dst"], self.prefix)
                found[edge.key] = edge
        return found

    # -- reads --------------------------------------------------------------
    def get(self, entity_id: str) -> Node | None:
        return self.get_many([entity_id]).get(entity_id)

    def get_many(self, entity_ids: Sequence[str]) -> dict[str, Node]:
        return self._get_many(self._read, entity_ids)

    def _get_many(self, run: Run, entity_ids: Sequence[str]) -> dict[str, Node]:
        found: dict[str, Node] = {}
        for label, ids in ids_by_label(entity_ids).items():
            for chunk in _chunks(ids, self.batch_size):
                for record in run(cy.get_nodes(label, self.prefix), {"ids": chunk}):
                    node = node_from_neo4j(record["n"], self.prefix)
                    found[node.id] = node
        return found

    def find(self, text: str, label: str | None = None, limit: int = 10) -> list[Node]:
        needle = normalize(text)
        if not needle:
            return []
        if label is not None and label not in ontology().classes:
            raise ValueError(f"{label!r} is not a label of the ontology")
        # As many candidates as the embedded store looks at (limit per label), ranked the same way.
        wanted = limit * (1 if label else len(ontology().labels))
        lucene = lucene_query(needle)
        if lucene is None:
            records = self._read(cy.find_scan(label, self.prefix), {"q": needle, "limit": wanted})
        else:
            params = {"index": cy.stored(cy.FULLTEXT, self.prefix), "lucene": lucene, "q": needle, "limit": wanted}
            records = self._read(cy.find_fulltext(label, self.prefix), params)
        return ranked([node_from_neo4j(r[0], self.prefix) for r in records], needle, limit)

    def neighbourhood(
        self, entity_id: str, depth: int = 1, types: Sequence[str] | None = None, limit: int = 500
    ) -> Subgraph:
        start = self.get(entity_id)
        if start is None:
            return Subgraph()
        return expand(start, depth, types, limit, self._incident)

    def links(self, entity_id: str, depth: int = 1, types: Sequence[str] | None = None, limit: int = 500) -> list[Link]:
        # The same reads as a neighbourhood: the server sends each relation whole.
        return [Link(e.src, e.type, e.dst) for e in self.neighbourhood(entity_id, depth, types, limit).edges]

    def _incident(self, ids: Sequence[str]) -> Iterator[tuple[Edge, Node]]:
        for label, label_ids in ids_by_label(ids).items():
            directions = ((cy.edges_out(label, self.prefix), True), (cy.edges_in(label, self.prefix), False))
            for statement, outgoing in directions:
                if statement is None:
                    continue
                for chunk in _chunks(label_ids, self.batch_size):
                    for record in self._read(statement, {"ids": chunk}):
                        other = node_from_neo4j(record["b"], self.prefix)
                        src, dst = (record["id"], other.id) if outgoing else (other.id, record["id"])
                        yield edge_from_neo4j(record["e"], src, dst, self.prefix), other

    def paths(self, src: str, dst: str, max_hops: int = 4, all_shortest: bool = False, limit: int = 10) -> list[Path]:
        max_hops = max(1, min(max_hops, MAX_PATH_HOPS))
        if src == dst:
            node = self.get(src)
            return [Path(nodes=[node], edges=[])] if node else []
        statement = cy.shortest_paths(label_of(src), label_of(dst), max_hops, all_shortest, self.prefix)
        records = self._read(statement, {"src": src, "dst": dst, "limit": limit})
        return [path_from_neo4j(r["p"], self.prefix) for r in records]

    def revision(self) -> Hashable:
        """The count store answers in one round trip; another client's update that leaves every
        count as it was goes unseen (an analytics result keeps its structure: degree, betweenness)."""
        return self._writes, self.counts()

    def ping(self) -> None:
        self._read(cy.PING, {})

    def counts(self) -> Counts:
        onto = ontology()
        (record,) = self._read(cy.counts(self.prefix), {})
        return Counts(
            nodes={label: int(record[f"n{i}"]) for i, label in enumerate(onto.labels)},
            relationships={t: int(record[f"r{i}"]) for i, t in enumerate(onto.relationship_types)},
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
        records = self._dated_events(window, ids, series, limit, after, positions=False)
        return [node_from_neo4j(r["n"], self.prefix) for r in records]

    def dated_relations(
        self,
        rel_type: str,
        window: Window,
        *,
        touching: Sequence[str] | None = None,
        limit: int = 100,
        after: Position | None = None,
    ) -> list[Edge]:
        records = self._dated_relations(rel_type, window, touching, limit, after, positions=False)
        return first((edge_from_neo4j(r["e"], r["src"], r["dst"], self.prefix) for r in records), limit)

    def dated_event_positions(
        self,
        window: Window,
        *,
        ids: Sequence[str] | None = None,
        series: str | None = None,
        limit: int = 100,
        after: Position | None = None,
    ) -> list[Position]:
        return [_position(r) for r in self._dated_events(window, ids, series, limit, after, positions=True)]

    def dated_relation_positions(
        self,
        rel_type: str,
        window: Window,
        *,
        touching: Sequence[str] | None = None,
        limit: int = 100,
        after: Position | None = None,
    ) -> list[Position]:
        records = self._dated_relations(rel_type, window, touching, limit, after, positions=True)
        return sorted({_position(r) for r in records})[:limit]  # a relation may be read from both its ends

    def _dated_events(
        self,
        window: Window,
        ids: Sequence[str] | None,
        series: str | None,
        limit: int,
        after: Position | None,
        *,
        positions: bool,
    ) -> list[neo4j.Record]:
        params = {**window.parameters(), **after_parameters(after), "series": series or "", "limit": limit}
        params["ids"] = list(ids or [])
        return self._read(cy.dated_events(ids is not None, self.prefix, after is not None, positions), params)

    def _dated_relations(
        self,
        rel_type: str,
        window: Window,
        touching: Sequence[str] | None,
        limit: int,
        after: Position | None,
        *,
        positions: bool,
    ) -> list[neo4j.Record]:
        """Each statement's first `limit`: from every relation, or from the ends in `touching`, by label."""
        params = {**window.parameters(), **after_parameters(after), "limit": limit}
        paged = after is not None
        if touching is None:
            return self._read(cy.dated_relations(rel_type, self.prefix, paged, positions), params)
        return [
            record
            for label, outgoing, ids in ends_by_label(rel_type, touching)
            for record in self._read(
                cy.dated_relations_near(rel_type, label, outgoing, self.prefix, paged, positions),
                {**params, "ids": ids},
            )
        ]

    def iter_nodes(self, label: str, batch_size: int = 10_000) -> Iterator[list[Node]]:
        for records in self._pages(cy.page_nodes(label, self.prefix), batch_size, lambda r: r["n"]["id"]):
            yield [node_from_neo4j(r["n"], self.prefix) for r in records]

    def iter_ids(
        self, label: str, batch_size: int = 10_000, *, with_property: str | None = None
    ) -> Iterator[list[tuple[str, Any]]]:
        statement = cy.page_ids(label, self.prefix, with_property)
        for records in self._pages(statement, batch_size, lambda r: r["id"]):
            yield [(r["id"], r["value"]) for r in records]

    def iter_edges(self, rel_type: str, batch_size: int = 10_000) -> Iterator[list[Edge]]:
        for records in self._pages(cy.page_edges(rel_type, self.prefix), batch_size, lambda r: r["e"]["key"]):
            yield [edge_from_neo4j(r["e"], r["src"], r["dst"], self.prefix) for r in records]

    def iter_links(self, rel_type: str, batch_size: int = 10_000) -> Iterator[list[Link]]:
        for records in self._pages(cy.page_links(rel_type, self.prefix), batch_size, lambda r: r["key"]):
            yield [Link(r["src"], rel_type, r["dst"]) for r in records]

    def _pages(
        self, statement: str, batch_size: int, key: Callable[[neo4j.Record], str]
    ) -> Iterator[list[neo4j.Record]]:
        """A statement's rows a batch at a time, each batch after the last key of the one before."""
        after = ""
        while records := self._read(statement, {"after": after, "limit": batch_size}):
            yield records
            after = key(records[-1])

    def query(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, row_limit: int = 1000, timeout_s: float = 10.0
    ) -> QueryResult:
        """A user's read-only query: refused before sending if it could write, then run in a READ
        transaction with a server-side time limit, keeping at most `row_limit` rows."""
        check_read_only(cypher)

        def take(result: neo4j.Result) -> tuple[list[str], list[list[Any]], bool]:
            rows: list[list[Any]] = []
            for record in result:
                if len(rows) >= row_limit:
                    return list(result.keys()), rows, True
                rows.append([to_plain(v, self.prefix) for v in record.values()])
            return list(result.keys()), rows, False

        with self._errors():
            columns, rows, truncated = self._driver.execute_query(
                Query(cypher, timeout=timeout_s),  # user text: checked above, and READ below
                dict(params or {}),
                routing_=RoutingControl.READ,
                database_=self.database,
                result_transformer_=take,
            )
        return QueryResult(columns=columns, rows=rows, truncated=truncated, backend=self.backend)


def _chunks(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def _position(record: neo4j.Record) -> Position:
    return (record["pos_undated"], record["pos_start"], record["pos_end"], record["pos_key"])
