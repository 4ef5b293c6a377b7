"""Curated files: a bad file is reported where it is wrong and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import GraphStore
from loaders.structured import LoadError, discover, load_file
from tests.conftest import DATA

GOOD = """\
articles:
  - id: article:t1
    name: Test article
    published: "2026-03-11"
entities:
  - id: person:ivan-petrov
    type: Person
    name: Иван Петров
    sources: [article:t1]
  - id: organization:gov
    type: Organization
    kind: government
    name: Правительство
    sources: [article:t1]
relations:
  - type: HOLDS_POSITION
    from: person:ivan-petrov
    to: organization:gov
    title: министр
    start_date: "2025"
    sources: [article:t1]
"""


def write(tmp_path: Path, text: str, name: str = "facts.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_loads_and_reloads_idempotently(store: GraphStore, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    report = load_file(store, path)
    assert (report.summary.entities_created, report.summary.relations_created) == (3, 1)
    counts = store.counts()
    load_file(store, path)
    assert store.counts() == counts


def test_bundled_data_reloads_idempotently(store: GraphStore) -> None:
    files = discover([DATA])
    assert files, "data/ holds no curated files"
    for path in files:
        load_file(store, path)
    counts = store.counts()
    for path in files:
        load_file(store, path)
    assert store.counts() == counts
    assert counts.total_nodes > 30 and counts.total_relationships > 40


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("kind: government", "kind: ministry", ":12: entities[1] (organization:gov)", "kind: Input should be"),
        ("type: HOLDS_POSITION", "type: HOLDS_OFFICE", ":16: relations[0]", "type: Input tag 'HOLDS_OFFICE'"),
        (
            "to: organization:gov",
            "to: organization:ghost",
            "HOLDS_POSITION person:ivan-petrov -> organization:ghost",
            "organization:ghost is defined neither",
        ),
        (
            'start_date: "2025"',
            'start_date: "2025-13-01"',
            ":20: relations[0]",
            "start_date: '2025-13-01' is not a real date",
        ),
        (
            "name: Иван Петров",
            "name: [Иван, Петров]",
            ":8: entities[0] (person:ivan-petrov)",
            "name: Input should be a valid string",
        ),
        (  # blank once stripped: once accepted as an empty name
            "name: Иван Петров",
            'name: "   "',
            ":8: entities[0] (person:ivan-petrov)",
            "name: String should have at least 1 character",
        ),
        (
            "    sources: [article:t1]\n  - id: organization:gov",
            "    sources: [person:t1]\n  - id: organization:gov",
            ":6: entities[0] (person:ivan-petrov)",
            "sources.0: String should match pattern '^article:",
        ),
        (
            "    sources: [article:t1]\n  - id: organization:gov",
            "    sources: [article:t9]\n  - id: organization:gov",
            "source of person:ivan-petrov",
            "article:t9",
        ),
        ("title: министр", "title: министр\n    title: мэр", ":20", "duplicate key 'title'"),
        ("entities:", "entities: [", ":", "invalid YAML"),
        (
            "id: person:ivan-petrov\n    type: Person",
            "id: organization:ivan\n    type: Person",
            ":6: entities[0]",
            "is a Organization id",
        ),
        (
            "title: министр",
            "title: министр\n    salary: 10",
            ":20: relations[0]",
            "salary: Extra inputs are not permitted",
        ),
    ],
)
def test_bad_record_names_its_place_and_writes_nothing(
    store: GraphStore, tmp_path: Path, old: str, new: str, where: str, message: str
) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    before = store.counts()
    with pytest.raises(LoadError) as info:
        load_file(store, path)
    text = str(info.value)
    assert str(path) in text
    assert where in text, text
    assert message in text, text
    assert store.counts() == before


def test_unreadable_files(store: GraphStore, tmp_path: Path) -> None:
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(LoadError, match="not UTF-8"):
        load_file(store, binary)
    with pytest.raises(LoadError, match="no such file"):
        load_file(store, tmp_path / "missing.yaml")
    with pytest.raises(LoadError, match="expected a mapping"):
        load_file(store, write(tmp_path, "- just\n- a list\n", "list.yaml"))
    with pytest.raises(LoadError, match="unknown section"):
        load_file(store, write(tmp_path, "people: []\n", "sections.yaml"))
    assert store.counts().total_nodes == 0


def test_later_file_may_reference_an_earlier_one(store: GraphStore, tmp_path: Path) -> None:
    load_file(store, write(tmp_path, GOOD, "a.yaml"))
    later = """\
relations:
  - type: MEMBER_OF
    from: person:ivan-petrov
    to: organization:gov
    role: член правительства
    sources: [article:t1]
"""
    load_file(store, write(tmp_path, later, "b.yaml"))
    assert store.counts().relationships["MEMBER_OF"] == 1
