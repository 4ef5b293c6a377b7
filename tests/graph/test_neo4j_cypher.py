"""Every statement the Neo4j backend can send, checked offline by Neo4j's own Cypher front end."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
from typing import Any

import pytest

from graph import neo4j_cypher as cy
from graph.store import MAX_PATH_HOPS
from ontology.model import ontology
from tests import cypher_lint

NO_NODE = (
    "node is not installed, so Neo4j's Cypher front end cannot lint the statements: "
    "install Node.js 20 or newer (https://nodejs.org, or `apt-get install nodejs npm`); "
    "the pinned npm package is then installed by the test itself (npm ci in tests/cypher_lint)"
)
_QUOTED = re.compile(r"`([^`]*)`")


def _schema(prefix: str) -> dict[str, Any]:
    """What the linter is told about the database: everything comes from the ontology."""
    onto = ontology()
    return {
        "labels": [cy.stored(label, prefix) for label in (*onto.labels, *cy.SEARCH_LABELS)],
        "relationship_types": [cy.stored(t, prefix) for t in onto.relationship_types],
        "property_keys": cy.property_keys(),
        "parameters": cy.parameters(),
        "graph_schema": [
            (cy.stored(src, prefix), cy.stored(t, prefix), cy.stored(dst, prefix))
            for t in onto.relationship_types
            for src, dst in cy.endpoint_pairs(t)
        ],
    }


def _fingerprint(statements: dict[str, str], schema: dict[str, Any]) -> str:
    here = cypher_lint.HERE
    parts = [
        json.dumps(statements, sort_keys=True),
        json.dumps(schema, sort_keys=True, default=str),
        *((here / name).read_text(encoding="utf-8") for name in ("package-lock.json", "lint.mjs", "__init__.py")),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def test_every_statement_lints_without_any_diagnostic(request: pytest.FixtureRequest) -> None:
    if shutil.which("node") is None or cypher_lint.ensure_installed() is None:
        pytest.skip(NO_NODE)
    statements, schema = cy.all_statements(), _schema("")
    # A clean result is remembered for exactly these statements, schema and linter (pytest's cache).
    key = f"amur/neo4j-lint/{_fingerprint(statements, schema)}"
    if request.config.cache.get(key, None) == len(statements):
        return
    started = time.perf_counter()
    found = cypher_lint.lint(statements, **schema)
    problems = {name: [f"{d} in: {statements[name]}" for d in diags] for name, diags in found.items() if diags}
    assert problems == {}
    assert len(found) == len(statements)
    request.config.cache.set(key, len(statements))
    print(f"linted {len(statements)} statements in {time.perf_counter() - started:.1f} s: 0 diagnostics")


def test_the_linter_does_see_mistakes() -> None:
    """The zero above means something: the same schema flags a wrong label, type, property or parameter."""
    if shutil.which("node") is None or cypher_lint.ensure_installed() is None:
        pytest.skip(NO_NODE)
    bad = {
        "label": "MATCH (n:`Persn`) RETURN n",
        "type": "MATCH ()-[e:`HOLDS`]->() RETURN e",
        "property": "MATCH (n:`Person`) RETURN n.nmae",
        "parameter": "MATCH (n:`Person`) WHERE n.id = $nope RETURN n",
        "pattern": "MATCH (a:`Person`)-[e:`HELD_IN`]->(b) RETURN b",
    }
    found = cypher_lint.lint(bad, **_schema(""))
    assert all(found[name] for name in bad), found


def test_statements_cover_every_label_type_endpoint_pair_and_hop_count() -> None:
    onto = ontology()
    names = set(cy.all_statements())
    for label in onto.labels:
        assert {f"upsert_nodes[{label}]", f"get_nodes[{label}]", f"node_constraint[{label}]"} <= names
    for t in onto.relationship_types:
        assert f"rel_index[{t}]" in names
        for src, dst in cy.endpoint_pairs(t):
            assert {f"upsert_edges[{t},{src},{dst}]", f"get_edges[{t},{src},{dst}]"} <= names
    paths = {n for n in names if n.startswith("shortest_paths[")}
    assert len(paths) == len(onto.labels) ** 2 * MAX_PATH_HOPS * 2
    assert "*1..6]" in cy.all_statements()["shortest_paths[Person,Event,6,all]"]


def test_every_name_in_every_statement_is_namespaced() -> None:
    """With a prefix, no statement can touch a label, type or index outside the namespace."""
    statements = cy.all_statements("zz_")
    for name, text in statements.items():
        assert all(q.startswith("zz_") or q == "fulltext.analyzer" for q in _QUOTED.findall(text)), (name, text)
    unquoted = {name for name, text in statements.items() if not _QUOTED.search(text)}
    assert unquoted == {"show_fulltext", "await_indexes", "ping"}  # they name nothing (an index name is a parameter)


def test_quote_accepts_only_ontology_names_and_plain_prefixes() -> None:
    assert cy.quote("Person") == "`Person`"
    assert cy.quote("HELD_IN", "t1_", "_key") == "`t1_HELD_IN_key`"
    for name in ("Persons", "Person`) DETACH DELETE n //", ""):
        with pytest.raises(ValueError, match="not a label"):
            cy.quote(name)
    for prefix in ("1x", "a`b", "a b", "a-b", "x" * 41):
        with pytest.raises(ValueError, match="label prefix"):
            cy.quote("Person", prefix)
    with pytest.raises(ValueError, match="suffix"):
        cy.quote("Person", "", "`")
    with pytest.raises(ValueError, match="max_hops"):
        cy.shortest_paths("Person", "Person", MAX_PATH_HOPS + 1, False)
