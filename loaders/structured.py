"""Loads curated facts (YAML or JSON files) into the graph, one transaction per file.

Every record is validated against the ontology's models and every reference
is checked before anything is written, so a bad file is reported with its
line numbers and leaves the graph as it was.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from graph.shapes import UpsertSummary
from graph.store import GraphStore, StoreError
from ontology.models import Article, Entity, Relation
from ontology.records import EntityRecord, RelationRecord

SUFFIXES = (".yaml", ".yml", ".json")
SECTIONS = ("articles", "entities", "relations")
_LINE = "__line__"
_KEY_LINES = "__key_lines__"
_ENTITY: TypeAdapter[EntityRecord] = TypeAdapter(Entity)
_RELATION: TypeAdapter[RelationRecord] = TypeAdapter(Relation)


class LoadError(Exception):
    """A file could not be loaded; `problems` says where and why, one line each."""

    def __init__(self, path: Path, problems: Sequence[str]) -> None:
        self.path = path
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class FileReport:
    path: Path
    summary: UpsertSummary = field(default_factory=UpsertSummary)
    records: int = 0


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that remembers the line of every mapping and refuses duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    mapping: dict[str, Any] = loader.construct_mapping(node, deep=True)  # type: ignore[assignment]
    mapping[_LINE] = node.start_mark.line + 1
    mapping[_KEY_LINES] = {loader.construct_object(k): k.start_mark.line + 1 for k, _ in node.value}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k not in (_LINE, _KEY_LINES)}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def discover(paths: Sequence[Path]) -> list[Path]:
    """Files to load, in name order within each directory, in the order given otherwise."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        else:
            found.append(path)
    return found


def read_file(path: Path) -> tuple[list[EntityRecord], list[RelationRecord]]:
    """Parses and validates one file; raises LoadError with every problem found."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LoadError(path, [f"{path}: no such file"]) from None
    except UnicodeDecodeError as exc:
        raise LoadError(path, [f"{path}: not UTF-8 text (byte {exc.start})"]) from None
    except OSError as exc:
        raise LoadError(path, [f"{path}: cannot read: {exc.strerror}"]) from None
    return read_text(text, path)


def read_text(text: str, path: Path) -> tuple[list[EntityRecord], list[RelationRecord]]:
    """Parses and validates one document given as text; `path` names it in the problems reported."""
    try:
        document = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise LoadError(path, [f"{where}: invalid YAML: {problem}"]) from None
    if document is None:
        return [], []
    if not isinstance(document, dict):
        raise LoadError(path, [f"{path}:1: expected a mapping with {', '.join(SECTIONS)}"])
    problems: list[str] = []
    unknown = sorted(k for k in document if k not in (*SECTIONS, _LINE, _KEY_LINES))
    if unknown:
        problems.append(f"{path}:1: unknown section(s) {', '.join(map(str, unknown))} (expected {', '.join(SECTIONS)})")

    entities: list[EntityRecord] = []
    relations: list[RelationRecord] = []
    for section in SECTIONS:
        items = document.get(section) or []
        if not isinstance(items, list):
            problems.append(f"{path}:{document[_LINE]}: '{section}' must be a list")
            continue
        for index, raw in enumerate(items):
            if not isinstance(raw, dict):
                problems.append(f"{path}: {section}[{index}]: expected a mapping, got {type(raw).__name__}")
                continue
            data = _strip_lines(raw)
            try:
                if section == "articles":
                    entities.append(Article.model_validate({"type": "Article", **data}))
                elif section == "entities":
                    entities.append(_ENTITY.validate_python(data))
                else:
                    relations.append(_RELATION.validate_python(data))
            except ValidationError as exc:
                label = data.get("id") or f"{data.get('type', '?')} {data.get('from', '?')} -> {data.get('to', '?')}"
                for field_name, message in _messages(exc):
                    line = raw[_KEY_LINES].get(field_name, raw[_LINE])
                    prefix = f"{field_name}: " if field_name else ""
                    problems.append(f"{path}:{line}: {section}[{index}] ({label}): {prefix}{message}")
    if problems:
        raise LoadError(path, problems)
    return entities, relations


def _messages(exc: ValidationError) -> Iterator[tuple[str, str]]:
    """(field path, message) per error; the field path is '' for whole-record problems."""
    for error in exc.errors(include_url=False):
        # Drop the discriminator tag pydantic puts first (e.g. 'Person', 'HOLDS_POSITION').
        loc = [str(p) for p in error["loc"] if not (isinstance(p, str) and p[:1].isupper())]
        if error["type"] == "union_tag_invalid":
            loc = ["type"]
        yield ".".join(loc), error["msg"].removeprefix("Value error, ")


def _check_references(
    path: Path, store: GraphStore, entities: Sequence[EntityRecord], relations: Sequence[RelationRecord]
) -> None:
    defined = {e.id for e in entities}
    wanted: dict[str, str] = {}
    for record in entities:
        for source in record.sources:
            wanted.setdefault(source, f"source of {record.id}")
    for rel in relations:
        label = f"{rel.relation_name} {rel.src} -> {rel.dst}"
        for ref in (rel.src, rel.dst, *rel.sources, *(e.article for e in rel.evidence)):
            wanted.setdefault(ref, label)
    missing = {ref: why for ref, why in wanted.items() if ref not in defined}
    if missing:
        known = store.get_many(list(missing))
        dangling = sorted((why, ref) for ref, why in missing.items() if ref not in known)
        if dangling:
            raise LoadError(
                path,
                [f"{path}: {why}: {ref} is defined neither in this file nor in the graph" for why, ref in dangling],
            )


def load_file(store: GraphStore, path: Path) -> FileReport:
    """Validates one file and writes it in one transaction; nothing is written on error."""
    return _load(store, path, *read_file(path))


def load_text(store: GraphStore, text: str, name: str = "<document>") -> FileReport:
    """Validates one YAML or JSON document given as text and writes it in one transaction."""
    return _load(store, Path(name), *read_text(text, Path(name)))


def _load(store: GraphStore, path: Path, entities: list[EntityRecord], relations: list[RelationRecord]) -> FileReport:
    _check_references(path, store, entities, relations)
    try:
        summary = store.upsert(entities, relations)
    except StoreError as exc:
        raise LoadError(path, [f"{path}: the store refused the file: {exc}"]) from exc
    return FileReport(path=path, summary=summary, records=len(entities) + len(relations))
