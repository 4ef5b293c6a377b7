"""Writes ontology/models.py from the ontology file.

Generated rather than built at run time so that mypy, editors and readers see
real classes; tests/ontology checks the file is in sync with amur.ttl.
Run: python -m ontology.generate
"""

from __future__ import annotations

import sys
from pathlib import Path

from ontology.model import Ontology, Property, ontology

TARGET = Path(__file__).with_name("models.py")

_PY_TYPES = {
    "string": "str",
    "integer": "int",
    "float": "float",
    "boolean": "bool",
    "partial_date": "PartialDate",
}


def _camel(relation_name: str) -> str:
    return "".join(part.capitalize() for part in relation_name.split("_"))


def _field(prop: Property) -> str:
    return f"    {prop.name}: {_PY_TYPES[prop.datatype]} | None = None"


def render(onto: Ontology) -> str:
    out = [
        '"""Pydantic models for every class and relation of the ontology.',
        "",
        "Generated from ontology/amur.ttl by `python -m ontology.generate`: do not edit.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Annotated, ClassVar, Literal",
        "",
        "from pydantic import Field",
        "",
        "from ontology.records import EntityRecord, PartialDate, RelationRecord",
        "",
        "# isort: skip_file",
        "",
        f"LABELS = {tuple(onto.classes)!r}",
        f"RELATIONSHIP_TYPES = {tuple(onto.relations)!r}",
        "",
    ]
    for cls in onto.classes.values():
        kinds = ", ".join(repr(k) for k in cls.kind_codes)
        out += [
            "",
            f"class {cls.name}(EntityRecord):",
            f'    """{cls.labels.get("en", cls.name)} ({cls.id_prefix}:...)."""',
            "",
            f"    class_name: ClassVar[str] = {cls.name!r}",
            f"    type: Literal[{cls.name!r}] = {cls.name!r}",
            f"    kind: Literal[{kinds}] | None = None",
            *(_field(p) for p in cls.properties),
            "",
        ]
    out += [
        "",
        f"Entity = Annotated[{' | '.join(onto.classes)}, Field(discriminator='type')]",
        f"ENTITY_MODELS: dict[str, type[EntityRecord]] = {{{', '.join(f'{n!r}: {n}' for n in onto.classes)}}}",
        "",
    ]
    for rel in onto.relations.values():
        out += [
            "",
            f"class {_camel(rel.name)}(RelationRecord):",
            f'    """{rel.labels.get("en", rel.name)}: {"|".join(rel.domain)} -> {"|".join(rel.range)}."""',
            "",
            f"    relation_name: ClassVar[str] = {rel.name!r}",
            f"    type: Literal[{rel.name!r}] = {rel.name!r}",
            *(_field(p) for p in rel.properties),
            "",
        ]
    names = [_camel(r) for r in onto.relations]
    out += [
        "",
        f"Relation = Annotated[{' | '.join(names)}, Field(discriminator='type')]",
        "RELATION_MODELS: dict[str, type[RelationRecord]] = {"
        + ", ".join(f"{r!r}: {_camel(r)}" for r in onto.relations)
        + "}",
        "",
    ]
    return "\n".join(out)


def main() -> int:
    text = render(ontology())
    if "--check" in sys.argv:
        if TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is out of date: run python -m ontology.generate", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
