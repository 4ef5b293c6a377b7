"""Every statement the embedded (LadybugDB) backend sends, by name.

Labels and relationship types come only from the ontology, through `quote`;
values only as parameters.  Statements that differ per label or type are
generated from the ontology, never from user text.
"""

from __future__ import annotations

from functools import cache

from graph.dates import cypher_span
from graph.shapes import EDGE_BASE_COLUMNS, NODE_BASE_COLUMNS, class_property
from ontology.model import ontology
from ontology.models import Event

_COLUMN_TYPES = {
    "string": "STRING",
    "integer": "INT64",
    "float": "DOUBLE",
    "boolean": "BOOLEAN",
    "partial_date": "STRING",
}
_BASE_NODE_TYPES = {"id": "STRING PRIMARY KEY", "aliases": "STRING[]", "sources": "STRING[]"}
_BASE_EDGE_TYPES = {"sources": "STRING[]", "confidence": "DOUBLE"}

# Every node and relation also keeps itself whole, as the JSON of graph.shapes.Node / Edge built
# from its other columns when it is written: reads fetch this one column instead of all of them.
# A column costs the engine ~1.5 µs a row read at random and a list column more (a cut neighbourhood
# at 1M nodes: node reads 8.3 -> 2.8 ms, relation reads 11.7 -> 7.7 ms), and one JSON text is
# parsed in one call.  The leading underscore keeps it out of read-only Cypher results (_jsonable).
STORED = "_json"


def quote(name: str) -> str:
    """The one way a label or relationship type enters Cypher text."""
    onto = ontology()
    if name not in onto.classes and name not in onto.relations:
        raise ValueError(f"{name!r} is not a label or relationship type of the ontology")
    return f"`{name}`"


@cache  # read for every node built: do not mutate
def node_columns(label: str) -> dict[str, str]:
    cls = ontology().classes[label]
    columns = {c: _BASE_NODE_TYPES.get(c, "STRING") for c in NODE_BASE_COLUMNS}
    columns.update({p.name: _COLUMN_TYPES[p.datatype] for p in cls.properties})
    columns[STORED] = "STRING"
    return columns


@cache
def edge_columns(rel_type: str) -> dict[str, str]:
    rel = ontology().relations[rel_type]
    columns = {c: _BASE_EDGE_TYPES.get(c, "STRING") for c in EDGE_BASE_COLUMNS}
    columns.update({p.name: _COLUMN_TYPES[p.datatype] for p in rel.properties})
    columns[STORED] = "STRING"
    return columns


@cache
def create_node_table(label: str) -> str:
    cols = ", ".join(f"{name} {typ}" for name, typ in node_columns(label).items())
    return f"CREATE NODE TABLE IF NOT EXISTS {quote(label)}({cols})"


@cache
def create_rel_table(rel_type: str) -> str:
    rel = ontology().relations[rel_type]
    pairs = ", ".join(f"FROM {quote(s)} TO {quote(d)}" for s in rel.domain for d in rel.range)
    cols = ", ".join(f"{name} {typ}" for name, typ in edge_columns(rel_type).items())
    return f"CREATE REL TABLE IF NOT EXISTS {quote(rel_type)}({pairs}, {cols})"


@cache
def table_columns(table: str) -> str:
    quote(table)  # TABLE_INFO takes a literal, not a parameter: only ontology names get here
    return f"CALL TABLE_INFO('{table}') RETURN name"


SHOW_TABLES = "CALL SHOW_TABLES() RETURN name"
PING = "RETURN 1"


@cache
def add_column(table: str, column: str, column_type: str) -> str:
    if not column.isidentifier() or column_type not in set(_COLUMN_TYPES.values()) | {"STRING[]"}:
        raise ValueError(f"bad column {column} {column_type}")
    return f"ALTER TABLE {quote(table)} ADD {column} {column_type}"


def _assignments(var: str, columns: dict[str, str], skip: str) -> str:
    # CAST because the engine infers a parameter's type from its values: a column
    # that is null in every row of a batch would otherwise arrive as STRING.
    return ", ".join(
        f"{var}.{c} = CAST(r.{c} AS {t.replace(' PRIMARY KEY', '')})" for c, t in columns.items() if c != skip
    )


@cache
def upsert_nodes(label: str) -> str:
    sets = _assignments("n", node_columns(label), skip="id")
    return f"UNWIND $rows AS r MERGE (n:{quote(label)} {{id: r.id}}) SET {sets}"


@cache
def get_nodes(label: str) -> str:
    return f"UNWIND $ids AS i MATCH (n:{quote(label)} {{id: i}}) RETURN n.{STORED}"


@cache
def find_nodes(label: str) -> str:
    # $q is bound with WITH first: LadybugDB asserts on parameters inside any().
    return (
        f"WITH $q AS q MATCH (n:{quote(label)}) "
        "WHERE lower(n.name) CONTAINS q OR any(a IN n.aliases WHERE lower(a) CONTAINS q) "
        f"RETURN n.{STORED} LIMIT $limit"
    )


@cache
def all_nodes(label: str) -> str:
    return f"MATCH (n:{quote(label)}) RETURN n.{STORED} ORDER BY n.id"


@cache
def all_ids(label: str, prop: str | None = None) -> str:
    value = f"n.{class_property(label, prop)}" if prop else "NULL"
    return f"MATCH (n:{quote(label)}) RETURN n.id, {value} ORDER BY n.id"


@cache
def all_edges(rel_type: str) -> str:
    return f"MATCH ()-[e:{quote(rel_type)}]->() RETURN e.{STORED} ORDER BY e.key"


@cache
def count_nodes(label: str) -> str:
    return f"MATCH (n:{quote(label)}) RETURN count(n)"


@cache
def count_rels(rel_type: str) -> str:
    return f"MATCH ()-[e:{quote(rel_type)}]->() RETURN count(e)"


@cache
def upsert_edges(rel_type: str, src_label: str, dst_label: str) -> str:
    sets = _assignments("e", edge_columns(rel_type), skip="key")
    return (
        f"UNWIND $rows AS r MATCH (a:{quote(src_label)} {{id: r.src}}) MATCH (b:{quote(dst_label)} {{id: r.dst}}) "
        f"MERGE (a)-[e:{quote(rel_type)} {{key: r.key}}]->(b) SET {sets}"
    )


@cache
def get_edges(rel_type: str, src_label: str, dst_label: str) -> str:
    return (
        f"UNWIND $rows AS r MATCH (a:{quote(src_label)} {{id: r.src}})-[e:{quote(rel_type)}]->"
        f"(b:{quote(dst_label)} {{id: r.dst}}) WHERE e.key = r.key RETURN e.{STORED}"
    )


# Rows written before the stored form existed get it when the store is next opened to write
# (EmbeddedStore.setup_schema): read whole, built as a read would have, written back.
@cache
def unfilled_nodes(label: str) -> str:
    return f"MATCH (n:{quote(label)}) WHERE n.{STORED} IS NULL RETURN n LIMIT $limit"


@cache
def fill_nodes(label: str) -> str:
    return f"UNWIND $rows AS r MATCH (n:{quote(label)} {{id: r.id}}) SET n.{STORED} = r.stored"


@cache
def unfilled_edges(rel_type: str, src_label: str, dst_label: str) -> str:
    return (
        f"MATCH (a:{quote(src_label)})-[e:{quote(rel_type)}]->(b:{quote(dst_label)}) "
        f"WHERE e.{STORED} IS NULL RETURN offset(ID(e)), a.id, b.id, e LIMIT $limit"
    )


@cache
def fill_edges(rel_type: str, src_label: str, dst_label: str) -> str:
    # By offset, which one pair of labels makes unique: matching ends and key took five times longer.
    return (
        f"UNWIND $rows AS r MATCH (:{quote(src_label)})-[e:{quote(rel_type)}]->(:{quote(dst_label)}) "
        f"WHERE offset(ID(e)) = r.offset SET e.{STORED} = r.stored"
    )


# Timelines (graph.dated_index): every event's and every dated relation's dates, read whole
# tables at a time into memory, where pages are cut without a scan.
@cache
def event_dates() -> str:
    label, names = Event.class_name, node_columns(Event.class_name)
    start, end = cypher_span("n", names)
    return f"MATCH (n:{quote(label)}) RETURN offset(ID(n)), n.id, {start}, {end}, n.series"


@cache
def relation_dates(rel_type: str, src_label: str, dst_label: str) -> str:
    """Relations with a date only: a timeline never shows the others."""
    start, end = cypher_span("e", edge_columns(rel_type))
    return (
        f"MATCH (a:{quote(src_label)})-[e:{quote(rel_type)}]->(b:{quote(dst_label)}) "
        f"WHERE {start} IS NOT NULL OR {end} IS NOT NULL RETURN offset(ID(e)), e.key, {start}, {end}"
    )


# The shape of the graph for graph.topology: node and relation offsets only, no properties
# (the engine reads an offset for free and a property at ~10-20 µs a value, at random).
@cache
def node_offsets(label: str) -> str:
    return f"MATCH (n:{quote(label)}) RETURN offset(ID(n)), n.id"


@cache
def relation_offsets(rel_type: str, src_label: str, dst_label: str) -> str:
    return (
        f"MATCH (a:{quote(src_label)})-[e:{quote(rel_type)}]->(b:{quote(dst_label)}) "
        "RETURN offset(ID(a)), offset(ID(b)), offset(ID(e))"
    )


@cache
def relation_table(rel_type: str, src_label: str, dst_label: str) -> str:
    """Which of the engine's tables holds a relation type between two labels: its relations' ID's table."""
    return f"MATCH (:{quote(src_label)})-[e:{quote(rel_type)}]->(:{quote(dst_label)}) RETURN ID(e) LIMIT 1"


@cache
def node_offsets_of(label: str) -> str:
    return f"UNWIND $ids AS i MATCH (n:{quote(label)} {{id: i}}) RETURN offset(ID(n)), n.id"


@cache
def relation_offsets_of(rel_type: str, src_label: str, dst_label: str) -> str:
    """Relations by their ends and key: OPTIONAL MATCH extends from each end looked up (else a scan)."""
    return (
        f"UNWIND $rows AS r MATCH (a:{quote(src_label)} {{id: r.src}}) "
        f"OPTIONAL MATCH (a)-[e:{quote(rel_type)}]->(b:{quote(dst_label)}) WHERE b.id = r.dst AND e.key = r.key "
        "RETURN offset(ID(a)), offset(ID(b)), ID(e)"
    )


@cache
def node_offset(label: str) -> str:
    return f"MATCH (n:{quote(label)} {{id: $id}}) RETURN offset(ID(n))"


# Some relations of some entities, read from those entities by primary key: the engine scans
# every relation of the types in the pattern of each entity.  A batch needs OPTIONAL MATCH to
# extend from each looked-up entity: `UNWIND ... MATCH (a {id: i})-[e]-(b)` is planned as a scan
# (100 entities: 4 ms against 260 ms).  The filter names a wanted relation by relation_code() (its
# type and offset); a type over several label pairs has one table per pair, so this may let
# through a namesake, told apart by ID(e).
@cache
def relations_at(label: str, rel_types: frozenset[str]) -> str:
    return (
        f"UNWIND $rows AS r MATCH (a:{quote(label)} {{id: r.id}}) OPTIONAL MATCH {_wanted(label, rel_types, 'r.codes')}"
    )


@cache
def relations_of(label: str, rel_types: frozenset[str]) -> str:
    return f"MATCH {_wanted(label, rel_types, '$codes', '{id: $id}')}"


def _wanted(label: str, rel_types: frozenset[str], codes: str, key: str = "") -> str:
    ordered = sorted(rel_types)
    by_type = " ".join(f"WHEN '{t}' THEN {relation_code(t, 0)}" for t in ordered)
    start = f"(a:{quote(label)} {key})" if key else "(a)"
    return (
        f"{start}-[e:{'|'.join(quote(t) for t in ordered)}]-() "
        f"WHERE list_contains({codes}, offset(ID(e)) * {len(ontology().relations)} + CASE label(e) {by_type} END) "
        f"RETURN ID(e), e.{STORED}"
    )


def relation_code(rel_type: str, offset: int) -> int:
    """One number for a relation's type and offset (unique within one table of that type)."""
    return offset * len(ontology().relations) + _relation_index()[rel_type]


@cache
def _relation_index() -> dict[str, int]:
    return {name: i for i, name in enumerate(ontology().relations)}


# The search index (graph.search_keys): two tables of our own, outside the ontology,
# answered by primary-key lookups.  Fixed names, so they never go through `quote`.
SEARCH_TABLES = ("_SearchTerm", "_SearchKey")
CREATE_SEARCH_TERMS = "CREATE NODE TABLE IF NOT EXISTS _SearchTerm(term STRING PRIMARY KEY, ids STRING[])"
CREATE_SEARCH_KEYS = "CREATE NODE TABLE IF NOT EXISTS _SearchKey(key STRING PRIMARY KEY, terms STRING[])"
GET_SEARCH_TERMS = "UNWIND $terms AS t MATCH (s:_SearchTerm {term: t}) RETURN s.term, s.ids"
GET_SEARCH_KEYS = "UNWIND $keys AS k MATCH (s:_SearchKey {key: k}) RETURN s.key, s.terms"
GET_SEARCH_HEADS = "UNWIND $terms AS t MATCH (s:_SearchTerm {term: t}) RETURN s.term, list_slice(s.ids, 1, $head)"
# New rows are CREATEd and known ones updated by MATCH: MERGE slows down as the table grows
# (measured: 25k rows into a 25k-row table, MERGE 4.3 s, CREATE 0.5 s, MATCH+SET 0.4 s).
NEW_SEARCH_TERMS = "UNWIND $rows AS r CREATE (s:_SearchTerm {term: r.term, ids: CAST(r.ids AS STRING[])})"
SET_SEARCH_TERMS = "UNWIND $rows AS r MATCH (s:_SearchTerm {term: r.term}) SET s.ids = CAST(r.ids AS STRING[])"
NEW_SEARCH_KEYS = "UNWIND $rows AS r CREATE (s:_SearchKey {key: r.key, terms: CAST(r.terms AS STRING[])})"
SET_SEARCH_KEYS = "UNWIND $rows AS r MATCH (s:_SearchKey {key: r.key}) SET s.terms = CAST(r.terms AS STRING[])"
COUNT_SEARCH_TERMS = "MATCH (s:_SearchTerm) RETURN count(s)"

BEGIN_WRITE = "BEGIN TRANSACTION"
BEGIN_READ = "BEGIN TRANSACTION READ ONLY"
COMMIT = "COMMIT"
ROLLBACK = "ROLLBACK"
