"""The ontology file is the single source of truth; broken files fail loudly."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from ontology import generate
from ontology.model import ONTOLOGY_FILE, OntologyError, load, ontology
from ontology.models import LABELS, RELATIONSHIP_TYPES, Entity, Relation

ROOT = Path(__file__).resolve().parents[2]
REQUIRED_RELATIONS = {
    "HOLDS_POSITION", "MEMBER_OF", "PARTICIPATED_IN", "ORGANIZED", "HELD_IN", "PART_OF",
    "EDITION_OF", "LOCATED_IN", "INVOLVED_IN", "PROPOSED", "MENTIONED_IN",
}  # fmt: skip


def test_classes_relations_and_kinds() -> None:
    onto = ontology()
    assert set(onto.classes) == {"Person", "Organization", "Event", "Territory", "Project", "Article"}
    assert set(onto.relations) >= REQUIRED_RELATIONS
    assert {"government", "agency", "foundation", "committee", "legislature"} <= set(
        onto.classes["Organization"].kind_codes
    )
    assert {"forum", "plenary", "session", "fair", "meeting"} <= set(onto.classes["Event"].kind_codes)
    assert {"country", "region", "city", "island"} <= set(onto.classes["Territory"].kind_codes)
    assert {"industrial_park", "financial_centre", "cooperation_centre"} <= set(onto.classes["Project"].kind_codes)
    assert onto.relations["HOLDS_POSITION"].domain == ("Person",)
    assert "title" in onto.relations["HOLDS_POSITION"].qualifiers


def test_every_class_and_relation_maps_to_outside_vocabularies() -> None:
    onto = ontology()
    for cls in onto.classes.values():
        assert {m.vocabulary for m in cls.mappings} >= {"schema", "wikidata"}, cls.name
    vocabularies = {m.vocabulary for r in onto.relations.values() for m in r.mappings}
    assert vocabularies >= {"schema", "ftm", "org", "prov", "wikidata"}


def test_generated_models_are_in_sync() -> None:
    assert (ROOT / "ontology" / "models.py").read_text(encoding="utf-8") == generate.render(ontology()), (
        "ontology/models.py is stale: run python -m ontology.generate"
    )
    assert ontology().labels == LABELS
    assert ontology().relationship_types == RELATIONSHIP_TYPES


def test_no_other_module_declares_a_class_or_relation() -> None:
    """Relation and class names appear as literals only in the ontology package."""
    offenders = []
    names = set(RELATIONSHIP_TYPES)
    for path in ROOT.glob("[!t.]*/**/*.py"):
        if path.parts[len(ROOT.parts)] in {"ontology", "tests", "bench"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in names:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value}")
    assert offenders == []


def test_models_validate_against_the_ontology() -> None:
    entity = TypeAdapter(Entity).validate_python({"type": "Person", "id": "person:x", "name": "X", "kind": "official"})
    assert entity.class_name == "Person"
    with pytest.raises(ValidationError, match="kind"):
        TypeAdapter(Entity).validate_python({"type": "Person", "id": "person:x", "name": "X", "kind": "forum"})
    with pytest.raises(ValidationError, match="is a Event id"):
        TypeAdapter(Entity).validate_python({"type": "Person", "id": "event:x", "name": "X"})
    with pytest.raises(ValidationError, match="cannot go from Territory to Organization"):
        TypeAdapter(Relation).validate_python(
            {"type": "HOLDS_POSITION", "from": "territory:x", "to": "organization:y", "sources": ["article:a"]}
        )
    with pytest.raises(ValidationError, match="not a real date"):
        TypeAdapter(Entity).validate_python({"type": "Event", "id": "event:x", "name": "X", "start_date": "2026-02-30"})


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = ONTOLOGY_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "broken.ttl"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("amur:rangeClass amur:Organization ;", "amur:rangeClass amur:Organisation ;", "not a declared class"),
        ('amur:relationName "MEMBER_OF"', 'amur:relationName "HOLDS_POSITION"', "duplicate relation"),
        ('amur:code "agency"', 'amur:code "government"', "duplicate kind of Organization"),
        ('amur:idPrefix "project"', 'amur:idPrefix "person"', "duplicate id prefix"),
        (
            "amur:appliesTo amur:Article ;\n    skos:exactMatch schema:headline",
            "amur:appliesTo amur:Nothing ;\n    skos:exactMatch schema:headline",
            "not a declared class",
        ),
        ("amur:Person a owl:Class ;", "amur:Person a owl:Class ; ] ;", "cannot parse"),
    ],
)
def test_broken_ontology_fails_loudly(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(OntologyError, match=message):
        load(_broken(tmp_path, old, new))
