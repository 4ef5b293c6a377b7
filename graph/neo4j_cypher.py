"""Every statement the Neo4j backend sends, by name.

Labels, relationship types and schema names enter Cypher text only through
`quote`, which accepts nothing but names of the ontology (and the one
full-text index) with an optional namespace prefix; values always travel as
parameters.  Statements that differ per label, type, endpoint pair or hop
count are generated from the ontology, never from user text, and
`all_statements` enumerates every one of them: the store refuses to send a
text that is not in it, and a test lints them all with Neo4j's own front end.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection
from functools import cache

from graph.dates import cypher_after, cypher_order, cypher_overlaps, cypher_position, dated_relation_types
from graph.shapes import EDGE_BASE_COLUMNS, NODE_BASE_COLUMNS, class_property
from graph.store import MAX_PATH_HOPS
from ontology.model import ontology
from ontology.models import Event

# The full-text index over names and aliases (one per namespace).
FULLTEXT = "amur_names"
FULLTEXT_ANALYZER = "standard-no-stop-words"
# Node properties with a range index besides `id` (which has its uniqueness constraint).
INDEXED_NODE_PROPERTIES = ("kind", "name")

_PREFIX = re.compile(r"(?:[A-Za-z][A-Za-z0-9_]{0,39})?")
_SUFFIX = re.compile(r"(?:_[a-z]+)?")


def check_prefix(prefix: str) -> str:
    """A namespace prefix is empty or a plain identifier: it never needs escaping."""
    if not _PREFIX.fullmatch(prefix):
        raise ValueError(f"label prefix {prefix!r} must be a letter followed by up to 39 letters, digits or '_'")
    return prefix


def quote(name: str, prefix: str = "", suffix: str = "") -> str:
    """The one way a label, relationship type or schema object name enters Cypher text."""
    onto = ontology()
    if name not in onto.classes and name not in onto.relations and name != FULLTEXT and name not in SEARCH_LABELS:
        raise ValueError(f"{name!r} is not a label or relationship type of the ontology")
    if not _SUFFIX.fullmatch(suffix):
        raise ValueError(f"bad schema name suffix {suffix!r}")
    return f"`{check_prefix(prefix)}{name}{suffix}`"


def stored(name: str, prefix: str = "") -> str:
    """A label, type or index name as the server knows it (for parameters and results)."""
    return quote(name, prefix)[1:-1]


def node_properties(label: str) -> tuple[str, ...]:
    """Every property a node of this label is written with."""
    return (*NODE_BASE_COLUMNS, *(p.name for p in ontology().classes[label].properties))


def edge_properties(rel_type: str) -> tuple[str, ...]:
    """Every property a relationship of this type is written with."""
    return (*EDGE_BASE_COLUMNS, *(p.name for p in ontology().relations[rel_type].properties))


def _labels(prefix: str, labels: tuple[str, ...] | None = None) -> str:
    return "|".join(quote(label, prefix) for label in (ontology().labels if labels is None else labels))


def _types(prefix: str, types: tuple[str, ...] | None = None) -> str:
    return "|".join(quote(t, prefix) for t in (ontology().relationship_types if types is None else types))


# -- schema -------------------------------------------------------------------
@cache
def node_constraint(label: str, prefix: str = "") -> str:
    return (
        f"CREATE CONSTRAINT {quote(label, prefix, '_id')} IF NOT EXISTS "
        f"FOR (n:{quote(label, prefix)}) REQUIRE n.id IS UNIQUE"
    )


@cache
def node_index(label: str, prop: str, prefix: str = "") -> str:
    if prop not in INDEXED_NODE_PROPERTIES:
        raise ValueError(f"no index on {prop!r}")
    return f"CREATE INDEX {quote(label, prefix, '_' + prop)} IF NOT EXISTS FOR (n:{quote(label, prefix)}) ON (n.{prop})"


@cache
def rel_index(rel_type: str, prefix: str = "") -> str:
    return (
        f"CREATE INDEX {quote(rel_type, prefix, '_key')} IF NOT EXISTS "
        f"FOR ()-[e:{quote(rel_type, prefix)}]-() ON (e.key)"
    )


@cache
def fulltext_index(prefix: str = "") -> str:
    return (
        f"CREATE FULLTEXT INDEX {quote(FULLTEXT, prefix)} IF NOT EXISTS "
        f"FOR (n:{_labels(prefix)}) ON EACH [n.name, n.aliases] "
        f"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{FULLTEXT_ANALYZER}'}}}}"
    )


# The labels the full-text index covers now (it must be rebuilt when the ontology gains a class).
SHOW_FULLTEXT = "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes WHERE name = $name RETURN labelsOrTypes"
AWAIT_INDEXES = "CALL db.awaitIndexes($timeout)"


@cache
def drop_fulltext(prefix: str = "") -> str:
    return f"DROP INDEX {quote(FULLTEXT, prefix)} IF EXISTS"


@cache
def drop_index(name: str, suffix: str, prefix: str = "") -> str:
    return f"DROP INDEX {quote(name, prefix, suffix)} IF EXISTS"


@cache
def drop_constraint(label: str, prefix: str = "") -> str:
    return f"DROP CONSTRAINT {quote(label, prefix, '_id')} IF EXISTS"


# -- writes -------------------------------------------------------------------
@cache
def upsert_nodes(label: str, prefix: str = "") -> str:
    sets = ", ".join(f"n.{c} = r.{c}" for c in node_properties(label) if c != "id")
    return f"UNWIND $rows AS r MERGE (n:{quote(label, prefix)} {{id: r.id}}) SET {sets}"


@cache
def upsert_edges(rel_type: str, src_label: str, dst_label: str, prefix: str = "") -> str:
    sets = ", ".join(f"e.{c} = r.{c}" for c in edge_properties(rel_type) if c != "key")
    return (
        f"UNWIND $rows AS r "
        f"MATCH (a:{quote(src_label, prefix)}) WHERE a.id = r.src "
        f"MATCH (b:{quote(dst_label, prefix)}) WHERE b.id = r.dst "
        f"MERGE (a)-[e:{quote(rel_type, prefix)} {{key: r.key}}]->(b) SET {sets}"
    )


@cache
def delete_nodes(label: str, prefix: str = "") -> str:
    """One batch of a namespace's nodes (tests clear their own namespace with it)."""
    return f"MATCH (n:{quote(label, prefix)}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"


# -- reads --------------------------------------------------------------------
@cache
def get_nodes(label: str, prefix: str = "") -> str:
    return f"UNWIND $ids AS i MATCH (n:{quote(label, prefix)}) WHERE n.id = i RETURN n"


@cache
def get_edges(rel_type: str, src_label: str, dst_label: str, prefix: str = "") -> str:
    return (
        f"UNWIND $rows AS r "
        f"MATCH (a:{quote(src_label, prefix)}) WHERE a.id = r.src "
        f"MATCH (b:{quote(dst_label, prefix)}) WHERE b.id = r.dst "
        f"MATCH (a)-[e:{quote(rel_type, prefix)}]->(b) WHERE e.key = r.key "
        "RETURN a.id AS src, b.id AS dst, e"
    )


_NAME_MATCHES = "(toLower({v}.name) CONTAINS $q OR any(alias IN {v}.aliases WHERE toLower(alias) CONTAINS $q))"


@cache
def find_fulltext(label: str | None, prefix: str = "") -> str:
    """Candidates from the full-text index, kept only if the whole text is in a name (as embedded)."""
    labels = (label,) if label else None
    return (
        "CALL db.index.fulltext.queryNodes($index, $lucene) YIELD node, score "
        f"WHERE node:{_labels(prefix, labels)} AND {_NAME_MATCHES.format(v='node')} "
        "RETURN node ORDER BY score DESC LIMIT $limit"
    )


@cache
def find_scan(label: str | None, prefix: str = "") -> str:
    """For search text with no word in it (only punctuation): the index cannot help."""
    labels = (label,) if label else None
    return f"MATCH (n:{_labels(prefix, labels)}) WHERE {_NAME_MATCHES.format(v='n')} RETURN n LIMIT $limit"


def _outgoing_types(label: str) -> tuple[str, ...]:
    return tuple(r.name for r in ontology().relations.values() if label in r.domain)


def _incoming_types(label: str) -> tuple[str, ...]:
    return tuple(r.name for r in ontology().relations.values() if label in r.range)


@cache
def edges_out(label: str, prefix: str = "") -> str | None:
    types = _outgoing_types(label)
    if not types:
        return None
    ends = tuple(dict.fromkeys(c for t in types for c in ontology().relations[t].range))
    return (
        f"UNWIND $ids AS i MATCH (a:{quote(label, prefix)}) WHERE a.id = i "
        f"MATCH (a)-[e:{_types(prefix, types)}]->(b:{_labels(prefix, ends)}) RETURN a.id AS id, e, b"
    )


@cache
def edges_in(label: str, prefix: str = "") -> str | None:
    types = _incoming_types(label)
    if not types:
        return None
    ends = tuple(dict.fromkeys(c for t in types for c in ontology().relations[t].domain))
    return (
        f"UNWIND $ids AS i MATCH (a:{quote(label, prefix)}) WHERE a.id = i "
        f"MATCH (a)<-[e:{_types(prefix, types)}]-(b:{_labels(prefix, ends)}) RETURN a.id AS id, e, b"
    )


@cache
def shortest_paths(src_label: str, dst_label: str, max_hops: int, all_shortest: bool, prefix: str = "") -> str:
    # Neo4j takes the upper bound of a variable-length pattern only as a literal.
    if not 1 <= max_hops <= MAX_PATH_HOPS:
        raise ValueError(f"max_hops must be 1..{MAX_PATH_HOPS}")
    function = "allShortestPaths" if all_shortest else "shortestPath"
    return (
        f"MATCH (a:{quote(src_label, prefix)}) WHERE a.id = $src "
        f"MATCH (b:{quote(dst_label, prefix)}) WHERE b.id = $dst "
        f"MATCH p = {function}((a)-[:{_types(prefix)}*1..{max_hops}]-(b)) "
        "RETURN p LIMIT $limit"
    )


PING = "RETURN 1"


@cache
def counts(prefix: str = "") -> str:
    """Every label's and type's count in one round trip, as columns n0.., r0.. in ontology order."""
    onto = ontology()
    nodes = [f"COUNT {{ (n:{quote(label, prefix)}) }} AS n{i}" for i, label in enumerate(onto.labels)]
    rels = [f"COUNT {{ ()-[e:{quote(t, prefix)}]->() }} AS r{i}" for i, t in enumerate(onto.relationship_types)]
    return "RETURN " + ", ".join(nodes + rels)


@cache
def page_nodes(label: str, prefix: str = "") -> str:
    return f"MATCH (n:{quote(label, prefix)}) WHERE n.id > $after RETURN n ORDER BY n.id LIMIT $limit"


@cache
def page_ids(label: str, prefix: str = "", prop: str | None = None) -> str:
    value = f"n.{class_property(label, prop)}" if prop else "null"
    return (
        f"MATCH (n:{quote(label, prefix)}) WHERE n.id > $after "
        f"RETURN n.id AS id, {value} AS value ORDER BY n.id LIMIT $limit"
    )


@cache
def page_edges(rel_type: str, prefix: str = "") -> str:
    return (
        f"MATCH (a)-[e:{quote(rel_type, prefix)}]->(b) WHERE e.key > $after "
        "RETURN a.id AS src, b.id AS dst, e ORDER BY e.key LIMIT $limit"
    )


@cache
def page_links(rel_type: str, prefix: str = "") -> str:
    return (
        f"MATCH (a)-[e:{quote(rel_type, prefix)}]->(b) WHERE e.key > $after "
        "RETURN a.id AS src, b.id AS dst, e.key AS key ORDER BY e.key LIMIT $limit"
    )


# -- timelines (graph.dates): filtered, ordered and cut by the server; $series '' means any series --
# `positions` returns each fact's place in timeline order instead of the fact (graph.timeline reads
# only what its page keeps).
@cache
def dated_events(scoped: bool, prefix: str = "", paged: bool = False, positions: bool = False) -> str:
    label, names = Event.class_name, node_properties(Event.class_name)
    node = f"(n:{quote(label, prefix)} {{id: i}})" if scoped else f"(n:{quote(label, prefix)})"
    start = f"UNWIND $ids AS i MATCH {node}" if scoped else f"MATCH {node}"
    found = cypher_position("n", names, "id") if positions else "n"
    return (
        f"{start} WHERE ($series = '' OR n.series = $series) AND {cypher_overlaps('n', names, undated=True)}"
        f"{cypher_after('n', names, 'id', paged=paged)} "
        f"RETURN {found} ORDER BY {cypher_order('n', names, 'id')} LIMIT $limit"
    )


@cache
def dated_relations(rel_type: str, prefix: str = "", paged: bool = False, positions: bool = False) -> str:
    names = edge_properties(rel_type)
    return (
        f"MATCH (a)-[e:{quote(rel_type, prefix)}]->(b) WHERE {cypher_overlaps('e', names, undated=False)}"
        f"{cypher_after('e', names, 'key', paged=paged)} "
        f"RETURN {_dated_relation(names, positions)} ORDER BY {cypher_order('e', names, 'key')} LIMIT $limit"
    )


@cache
def dated_relations_near(
    rel_type: str, label: str, outgoing: bool, prefix: str = "", paged: bool = False, positions: bool = False
) -> str:
    """Dated relations of one type from (outgoing) or to entities of one label, given by $ids."""
    names = edge_properties(rel_type)
    near = "{id: i}"
    a, b = (f"(a:{quote(label, prefix)} {near})", "(b)") if outgoing else ("(a)", f"(b:{quote(label, prefix)} {near})")
    return (
        f"UNWIND $ids AS i MATCH {a}-[e:{quote(rel_type, prefix)}]->{b} "
        f"WHERE {cypher_overlaps('e', names, undated=False)}{cypher_after('e', names, 'key', paged=paged)} "
        f"RETURN {_dated_relation(names, positions)} ORDER BY {cypher_order('e', names, 'key')} LIMIT $limit"
    )


def _dated_relation(names: Collection[str], positions: bool) -> str:
    return cypher_position("e", names, "key") if positions else "a.id AS src, b.id AS dst, e"


# -- enumeration --------------------------------------------------------------
def endpoint_pairs(rel_type: str) -> list[tuple[str, str]]:
    rel = ontology().relations[rel_type]
    return [(s, d) for s in rel.domain for d in rel.range]


# The search index (graph.search_keys): two labels of our own, outside the ontology,
# each keyed by a unique text; the same shape as the embedded store's tables.
SEARCH_LABELS = {"_SearchTerm": ("term", "ids"), "_SearchKey": ("key", "terms")}


@cache
def search_constraint(label: str, prefix: str = "") -> str:
    key, _ = SEARCH_LABELS[label]
    return (
        f"CREATE CONSTRAINT {quote(label, prefix, '_unique')} IF NOT EXISTS "
        f"FOR (s:{quote(label, prefix)}) REQUIRE s.{key} IS UNIQUE"
    )


@cache
def drop_search_constraint(label: str, prefix: str = "") -> str:
    return f"DROP CONSTRAINT {quote(label, prefix, '_unique')} IF EXISTS"


@cache
def get_search_rows(label: str, prefix: str = "") -> str:
    key, values = SEARCH_LABELS[label]
    return (
        f"UNWIND $values AS v MATCH (s:{quote(label, prefix)}) WHERE s.{key} = v "
        f"RETURN s.{key} AS key, s.{values} AS items"
    )


@cache
def get_search_heads(prefix: str = "") -> str:
    """The first $head ids of each term (graph.search_keys reads hot terms whole only when needed)."""
    return (
        f"UNWIND $values AS v MATCH (s:{quote('_SearchTerm', prefix)}) WHERE s.term = v "
        "RETURN s.term AS key, s.ids[0..$head] AS items"
    )


@cache
def put_search_rows(label: str, prefix: str = "") -> str:
    key, values = SEARCH_LABELS[label]
    return f"UNWIND $rows AS r MERGE (s:{quote(label, prefix)} {{{key}: r.{key}}}) SET s.{values} = r.{values}"


def all_statements(prefix: str = "") -> dict[str, str]:
    """Every statement the backend can send for this namespace, by a readable name."""
    onto = ontology()
    out: dict[str, str] = {
        "fulltext_index": fulltext_index(prefix),
        "drop_fulltext": drop_fulltext(prefix),
        "show_fulltext": SHOW_FULLTEXT,
        "await_indexes": AWAIT_INDEXES,
        "counts": counts(prefix),
        "ping": PING,
        "find_fulltext[*]": find_fulltext(None, prefix),
        "find_scan[*]": find_scan(None, prefix),
    }
    for label in onto.labels:
        out[f"node_constraint[{label}]"] = node_constraint(label, prefix)
        out[f"drop_constraint[{label}]"] = drop_constraint(label, prefix)
        for prop in INDEXED_NODE_PROPERTIES:
            out[f"node_index[{label},{prop}]"] = node_index(label, prop, prefix)
            out[f"drop_index[{label},{prop}]"] = drop_index(label, "_" + prop, prefix)
        for name, fn in (
            ("upsert_nodes", upsert_nodes),
            ("delete_nodes", delete_nodes),
            ("get_nodes", get_nodes),
            ("page_nodes", page_nodes),
            ("page_ids", page_ids),
        ):
            out[f"{name}[{label}]"] = fn(label, prefix)
        for prop in onto.classes[label].property_names:
            out[f"page_ids[{label},{prop}]"] = page_ids(label, prefix, prop)
        out[f"find_fulltext[{label}]"] = find_fulltext(label, prefix)
        out[f"find_scan[{label}]"] = find_scan(label, prefix)
        for name, maybe in (("edges_out", edges_out(label, prefix)), ("edges_in", edges_in(label, prefix))):
            if maybe is not None:
                out[f"{name}[{label}]"] = maybe
    for label in SEARCH_LABELS:
        out[f"search_constraint[{label}]"] = search_constraint(label, prefix)
        out[f"drop_search_constraint[{label}]"] = drop_search_constraint(label, prefix)
        out[f"get_search_rows[{label}]"] = get_search_rows(label, prefix)
        out[f"put_search_rows[{label}]"] = put_search_rows(label, prefix)
        out[f"delete_nodes[{label}]"] = delete_nodes(label, prefix)
    out["get_search_heads"] = get_search_heads(prefix)
    for paged, positions in itertools.product((False, True), repeat=2):
        page = (",paged" if paged else "") + (",positions" if positions else "")
        for scoped in (False, True):
            out[f"dated_events[{'scoped' if scoped else 'all'}{page}]"] = dated_events(scoped, prefix, paged, positions)
        for rel_type in dated_relation_types():
            out[f"dated_relations[{rel_type}{page}]"] = dated_relations(rel_type, prefix, paged, positions)
            rel = onto.relations[rel_type]
            for outgoing, labels in ((True, rel.domain), (False, rel.range)):
                for label in labels:
                    name = f"dated_relations_near[{rel_type},{label},{'out' if outgoing else 'in'}{page}]"
                    out[name] = dated_relations_near(rel_type, label, outgoing, prefix, paged, positions)
    for rel_type in onto.relationship_types:
        out[f"rel_index[{rel_type}]"] = rel_index(rel_type, prefix)
        out[f"drop_index[{rel_type},key]"] = drop_index(rel_type, "_key", prefix)
        out[f"page_edges[{rel_type}]"] = page_edges(rel_type, prefix)
        out[f"page_links[{rel_type}]"] = page_links(rel_type, prefix)
        for src, dst in endpoint_pairs(rel_type):
            out[f"upsert_edges[{rel_type},{src},{dst}]"] = upsert_edges(rel_type, src, dst, prefix)
            out[f"get_edges[{rel_type},{src},{dst}]"] = get_edges(rel_type, src, dst, prefix)
    for src in onto.labels:
        for dst in onto.labels:
            for hops in range(1, MAX_PATH_HOPS + 1):
                for mode, all_shortest in (("one", False), ("all", True)):
                    out[f"shortest_paths[{src},{dst},{hops},{mode}]"] = shortest_paths(
                        src, dst, hops, all_shortest, prefix
                    )
    return out


@cache
def known(prefix: str = "") -> frozenset[str]:
    """The texts of `all_statements`, for the store's check before it sends anything."""
    return frozenset(all_statements(prefix).values())


def parameters() -> dict[str, object]:
    """Every parameter the statements use, with an example value (for the linter's schema)."""
    return {
        "rows": [{"id": "person:x", "src": "person:x", "dst": "event:y", "key": "k"}],
        "ids": ["person:x"],
        "src": "person:x",
        "dst": "event:y",
        "limit": 10,
        "after": "",
        "q": "text",
        "lucene": "*text*",
        "index": FULLTEXT,
        "name": FULLTEXT,
        "timeout": 300,
        "values": ["abramov"],
        "head": 2001,
        "low": "2026-05",
        "high": "2026-05~",
        "undated": False,
        "series": "",
        "pos_undated": False,
        "pos_start": "2026-05",
        "pos_end": "",
        "pos_key": "event:x",
    }


def property_keys() -> list[str]:
    """Every property key the statements read or write."""
    onto = ontology()
    keys = {k for label in onto.labels for k in node_properties(label)}
    keys |= {k for t in onto.relationship_types for k in edge_properties(t)}
    keys |= {k for pair in SEARCH_LABELS.values() for k in pair}
    return sorted(keys)
