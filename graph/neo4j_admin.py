"""CSV files for `neo4j-admin database import full`: initial loads of millions of rows.

The graph is read through the contract (`iter_nodes`/`iter_edges`), so any
backend can be exported.  One header file and one data file per label and
per relationship type; labels and types are given on the command line
(`--nodes=Person=...`), ids are global (every id carries its class prefix).
List properties (aliases, sources) are `string[]` joined by U+001F, a
control character no name or id may contain; the export refuses data that
does.
"""

from __future__ import annotations

import csv
import json
import shlex
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.shapes import Edge, Node
from graph.store import GraphStore
from ontology.model import ontology

ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_FLAG = "U+001F"
# neo4j-admin header types for the ontology's datatypes.
_TYPES = {"string": "string", "integer": "long", "float": "double", "boolean": "boolean", "partial_date": "string"}


class ExportError(ValueError):
    """The data cannot be written so that neo4j-admin reads it back unchanged."""


@dataclass(frozen=True)
class Column:
    name: str  # the property key (empty for :START_ID/:END_ID)
    header: str  # as neo4j-admin reads it: `aliases:string[]`

    @property
    def is_array(self) -> bool:
        return self.header.endswith("[]")


def node_columns(label: str) -> list[Column]:
    cls = ontology().classes[label]
    columns = [
        Column("id", "id:ID"),
        Column("name", "name"),
        Column("kind", "kind"),
        Column("names", "names"),
        Column("aliases", "aliases:string[]"),
        Column("sources", "sources:string[]"),
    ]
    return columns + [Column(p.name, f"{p.name}:{_TYPES[p.datatype]}") for p in cls.properties]


def edge_columns(rel_type: str) -> list[Column]:
    rel = ontology().relations[rel_type]
    columns = [
        Column("src", ":START_ID"),
        Column("dst", ":END_ID"),
        Column("key", "key"),
        Column("sources", "sources:string[]"),
        Column("evidence", "evidence"),
        Column("confidence", "confidence:double"),
        Column("extractor", "extractor"),
        Column("first_seen", "first_seen"),
    ]
    return columns + [Column(p.name, f"{p.name}:{_TYPES[p.datatype]}") for p in rel.properties]


def node_values(node: Node) -> dict[str, Any]:
    return {
        "id": node.id,
        "name": node.name,
        "kind": node.kind,
        "names": node.names.model_dump_json(),
        "aliases": node.aliases,
        "sources": node.sources,
        **node.properties,
    }


def edge_values(edge: Edge) -> dict[str, Any]:
    # The same JSON text the stores keep (graph.merge.edge_row).
    evidence = json.dumps([e.model_dump(exclude_none=True) for e in edge.evidence], ensure_ascii=False, sort_keys=True)
    return {
        "src": edge.src,
        "dst": edge.dst,
        "key": edge.key,
        "sources": edge.sources,
        "evidence": evidence,
        "confidence": edge.confidence,
        "extractor": edge.extractor,
        "first_seen": edge.first_seen,
        **edge.properties,
    }


def _cell(column: Column, value: Any, where: str) -> str:
    if value is None:
        return ""  # neo4j-admin stores no property for an empty field
    if column.is_array:
        items = [str(v) for v in value]
        for item in items:
            if ARRAY_DELIMITER in item:
                raise ExportError(f"{where}: {column.name} holds U+001F, the array delimiter: {item!r}")
        return ARRAY_DELIMITER.join(items)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class FileGroup:
    """One --nodes or --relationships argument: a label or type with its header and data files."""

    name: str
    header: Path
    data: Path
    rows: int


@dataclass
class Export:
    nodes: list[FileGroup] = field(default_factory=list)
    relationships: list[FileGroup] = field(default_factory=list)

    def command(self, database: str = "neo4j", files_at: Path | None = None) -> list[str]:
        """The neo4j-admin command line (argv) that imports these files.

        `files_at` is where neo4j-admin sees the export folder, when that is
        not where it was written (a container's /import, say).
        """

        def where(path: Path) -> str:
            return str(files_at / path.name if files_at else path)

        argv = ["neo4j-admin", "database", "import", "full", database]
        argv += [f"--nodes={g.name}={where(g.header)},{where(g.data)}" for g in self.nodes]
        argv += [f"--relationships={g.name}={where(g.header)},{where(g.data)}" for g in self.relationships]
        argv += [f"--array-delimiter={ARRAY_DELIMITER_FLAG}", "--multiline-fields=true", "--trim-strings=false"]
        return argv

    def shell_command(self, database: str = "neo4j", files_at: Path | None = None) -> str:
        return shlex.join(self.command(database, files_at))


def _write(
    folder: Path, name: str, columns: list[Column], rows: Iterable[tuple[str, dict[str, Any]]]
) -> FileGroup | None:
    """Writes `<name>.csv` and `<name>-header.csv`; None (and no files) when there are no rows."""
    header, data = folder / f"{name}-header.csv", folder / f"{name}.csv"
    count = 0
    with data.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        for where, values in rows:
            writer.writerow([_cell(c, values.get(c.name), where) for c in columns])
            count += 1
    if count == 0:
        data.unlink()
        header.unlink(missing_ok=True)  # left from an earlier export
        return None
    with header.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow([c.header for c in columns])
    return FileGroup(name=name, header=header.resolve(), data=data.resolve(), rows=count)


def export(store: GraphStore, folder: Path, batch_size: int = 10_000) -> Export:
    """Writes every node and relationship of the store as neo4j-admin CSVs into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    result = Export()
    onto = ontology()

    def nodes(label: str) -> Iterator[tuple[str, dict[str, Any]]]:
        for batch in store.iter_nodes(label, batch_size):
            yield from ((n.id, node_values(n)) for n in batch)

    def edges(rel_type: str) -> Iterator[tuple[str, dict[str, Any]]]:
        for batch in store.iter_edges(rel_type, batch_size):
            yield from ((e.key, edge_values(e)) for e in batch)

    for label in onto.labels:
        if group := _write(folder, label, node_columns(label), nodes(label)):
            result.nodes.append(group)
    for rel_type in onto.relationship_types:
        if group := _write(folder, rel_type, edge_columns(rel_type), edges(rel_type)):
            result.relationships.append(group)
    return result
