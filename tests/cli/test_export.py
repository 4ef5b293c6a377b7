"""`amur export neo4j-admin`: the CSVs read back the way neo4j-admin reads them give the same graph."""

from __future__ import annotations

import csv
import json
import shlex
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.embedded import EmbeddedStore
from graph.neo4j_admin import ARRAY_DELIMITER
from graph.shapes import Edge, Node
from ontology.model import ontology
from ontology.models import Article, Event, PartOf, Person
from ontology.records import Evidence, Names
from tests.conftest import load_bundled, open_embedded

runner = CliRunner()

TRICKY = [
    Article(
        id="article:tricky",
        name='Статья "в кавычках", с запятой; и точкой с запятой',
        text='Первая строка\nвторая, "цитата"\r\nтретья; конец',
        url="https://example.org/a?x=1,2",
    ),
    Person(
        id="person:tricky",
        name="  Пётр «Тест», мл.  ",
        names=Names(ru=("Пётр; Тест", 'Пётр "Тест"'), en=("Pyotr, Test",), zh=("彼得",)),
        sources=("article:tricky",),
    ),
    Event(id="event:tricky", name="Форум\nв две строки", kind="forum", ordinal=12, sources=("article:tricky",)),
]
TRICKY_RELATION = PartOf(
    src="event:tricky",
    dst="event:tricky-series",
    role='секция "А", часть 1; итог',
    evidence=(Evidence(article="article:tricky", start=0, end=5, quote='"Первая", строка\nдва', confidence=0.5),),
)


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export-db")
    store = open_embedded(path)
    load_bundled(store)
    store.upsert([*TRICKY, Event(id="event:tricky-series", name="Серия")], [TRICKY_RELATION])
    store.close()
    return path


def _cast(kind: str, text: str) -> Any:
    """One field as neo4j-admin reads it (the type after ':' in the header)."""
    if kind.endswith("[]"):
        return text.split(ARRAY_DELIMITER)
    if kind == "long":
        return int(text)
    if kind == "double":
        return float(text)
    if kind == "boolean":
        return text == "true"
    return text


def read_group(header: Path, data: Path) -> list[dict[str, Any]]:
    with header.open(encoding="utf-8", newline="") as f:
        fields = next(csv.reader(f))
    rows = []
    with data.open(encoding="utf-8", newline="") as f:
        for values in csv.reader(f):
            assert len(values) == len(fields)
            row: dict[str, Any] = {}
            for field, text in zip(fields, values, strict=True):
                if text == "":
                    continue  # an empty field is no property
                name, _, kind = field.partition(":")
                if kind in {"START_ID", "END_ID"}:
                    row[kind] = text
                    continue
                row[name] = _cast("string" if kind == "ID" else kind or "string", text)
            rows.append(row)
    return rows


def groups(command: list[str], flag: str) -> dict[str, tuple[Path, Path]]:
    found = {}
    for arg in command:
        if arg.startswith(f"--{flag}="):
            name, _, files = arg.removeprefix(f"--{flag}=").partition("=")
            header, data = files.split(",")
            found[name] = (Path(header), Path(data))
    return found


def node_as_imported(node: Node) -> dict[str, Any]:
    row: dict[str, Any] = {"id": node.id, "name": node.name, "kind": node.kind, "names": node.names.model_dump_json()}
    row |= {"aliases": node.aliases or None, "sources": node.sources or None, **node.properties}
    return {k: v for k, v in row.items() if v is not None}


def edge_as_imported(edge: Edge) -> dict[str, Any]:
    row: dict[str, Any] = {"START_ID": edge.src, "END_ID": edge.dst, "key": edge.key, "sources": edge.sources or None}
    row |= {"confidence": edge.confidence, "extractor": edge.extractor or None, "first_seen": edge.first_seen}
    row |= {"evidence": [e.model_dump(exclude_none=True) for e in edge.evidence], **edge.properties}
    return {k: v for k, v in row.items() if v is not None}


def test_export_reads_back_as_the_same_graph(graph_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "import"
    result = runner.invoke(
        app,
        ["--data-dir", str(graph_dir), "export", "neo4j-admin", str(out), "--database", "amur"],
    )
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("neo4j-admin "))
    command = shlex.split(line)
    assert command[:5] == ["neo4j-admin", "database", "import", "full", "amur"]
    assert {"--array-delimiter=U+001F", "--multiline-fields=true", "--trim-strings=false"} <= set(command)

    store = EmbeddedStore(graph_dir, read_only=True)
    try:
        node_groups = groups(command, "nodes")
        assert set(node_groups) == set(ontology().labels)
        for label, (header, data) in node_groups.items():
            expected = [node_as_imported(n) for batch in store.iter_nodes(label) for n in batch]
            assert read_group(header, data) == expected, label
        rel_groups = groups(command, "relationships")
        assert set(rel_groups) == {t for t, n in store.counts().relationships.items() if n}
        for rel_type, (header, data) in rel_groups.items():
            rows = read_group(header, data)
            for row in rows:
                row["evidence"] = json.loads(row["evidence"])
            assert rows == [edge_as_imported(e) for batch in store.iter_edges(rel_type) for e in batch], rel_type
        tricky = next(r for r in read_group(*node_groups["Person"]) if r["id"] == "person:tricky")
        assert tricky["name"] == "Пётр «Тест», мл."  # as stored (names are stripped on the way in)
        assert 'Пётр "Тест"' in tricky["aliases"] and "Pyotr, Test" in tricky["aliases"]
        article = next(r for r in read_group(*node_groups["Article"]) if r["id"] == "article:tricky")
        assert article["text"] == 'Первая строка\nвторая, "цитата"\r\nтретья; конец'
        event = next(r for r in read_group(*node_groups["Event"]) if r["id"] == "event:tricky")
        assert event["ordinal"] == 12
    finally:
        store.close()


def test_export_refuses_data_holding_the_array_delimiter(tmp_path: Path) -> None:
    store = open_embedded(tmp_path / "db")
    store.upsert([Person(id="person:odd", name="Odd", names=Names(en=(f"Odd{ARRAY_DELIMITER}Name",)))], [])
    store.close()
    result = runner.invoke(
        app,
        ["--data-dir", str(tmp_path / "db"), "export", "neo4j-admin", str(tmp_path / "out")],
    )
    assert result.exit_code == 1
    assert "person:odd: aliases holds U+001F" in result.output
