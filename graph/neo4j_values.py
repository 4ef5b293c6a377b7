"""Values from the Neo4j driver turned into our shapes and into plain JSON.

Kept apart from the store so it can be tested on real driver objects
without a server.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from neo4j import graph as neo
from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time
from neo4j.vector import Vector

from graph.shapes import Edge, Node, Path, edge_from_row, node_from_row
from ontology.model import ontology


def ontology_name(stored: str, prefix: str, names: Iterable[str]) -> str | None:
    """The ontology label or type behind a stored one, or None when it is not ours."""
    if not stored.startswith(prefix):
        return None
    name = stored[len(prefix) :]
    return name if name in names else None


def node_label(node: neo.Node, prefix: str) -> str | None:
    found = sorted(n for n in (ontology_name(s, prefix, ontology().classes) for s in node.labels) if n)
    return found[0] if found else None


def node_from_neo4j(node: neo.Node, prefix: str = "") -> Node:
    """A stored node as the contract's Node; the node must carry one of our labels."""
    label = node_label(node, prefix)
    if label is None:
        raise ValueError(f"node {node.element_id} has no label of the ontology (labels: {sorted(node.labels)})")
    return node_from_row(label, dict(node.items()))


def edge_from_neo4j(rel: neo.Relationship, src: str, dst: str, prefix: str = "") -> Edge:
    """A stored relationship as the contract's Edge, between the given entity ids."""
    rel_type = ontology_name(rel.type, prefix, ontology().relations)
    if rel_type is None:
        raise ValueError(f"relationship {rel.element_id} has type {rel.type!r}, not one of the ontology")
    return edge_from_row(rel_type, src, dst, dict(rel.items()))


def path_from_neo4j(path: neo.Path, prefix: str = "") -> Path:
    """A path as the contract's Path: nodes in walking order, each edge with its own direction."""
    nodes = [node_from_neo4j(n, prefix) for n in path.nodes]
    ids = {n.element_id: node.id for n, node in zip(path.nodes, nodes, strict=True)}
    edges = []
    for rel in path.relationships:
        start, end = rel.start_node, rel.end_node
        if start is None or end is None:
            raise ValueError(f"relationship {rel.element_id} in a path has no end nodes")
        edges.append(edge_from_neo4j(rel, ids[start.element_id], ids[end.element_id], prefix))
    return Path(nodes=nodes, edges=edges)


def to_plain(value: Any, prefix: str = "") -> Any:
    """Any value a query can return, as JSON-ready Python (the same shapes the embedded store gives)."""
    if isinstance(value, neo.Node):
        out = {k: to_plain(v, prefix) for k, v in value.items()}
        out["_label"] = node_label(value, prefix) or ":".join(sorted(value.labels))
        if isinstance(out.get("names"), str):
            out["names"] = _json_or_text(out["names"])
        return out
    if isinstance(value, neo.Relationship):
        out = {k: to_plain(v, prefix) for k, v in value.items()}
        out["_label"] = ontology_name(value.type, prefix, ontology().relations) or value.type
        return out
    if isinstance(value, neo.Path):
        return {
            "nodes": [to_plain(n, prefix) for n in value.nodes],
            "relationships": [to_plain(r, prefix) for r in value.relationships],
        }
    if isinstance(value, _SPECIAL):  # before lists: durations and points are tuples
        return _special(value)
    if isinstance(value, Mapping):
        return {str(k): to_plain(v, prefix) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v, prefix) for v in value]
    return value


_SPECIAL = (Date, DateTime, Time, Duration, date, datetime, time, timedelta, Point, Vector, bytes, bytearray)


def _special(value: Any) -> Any:
    if isinstance(value, (Date, DateTime, Time)):
        return value.iso_format()
    if isinstance(value, Duration):
        return value.iso_format()
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if isinstance(value, Vector):
        return value.to_native()
    return base64.b64encode(bytes(value)).decode("ascii")


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
