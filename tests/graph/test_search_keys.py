"""Search keys and ranking (graph.search_keys), and the embedded store's index upkeep."""

from __future__ import annotations

import pytest

from graph.embedded import EmbeddedStore
from graph.search_keys import (
    HOT_TERM,
    alias_forms,
    entity_terms,
    keys_for_terms,
    plan_query,
    preselect,
    term_keys,
    within_one_edit,
)
from tests.conftest import load_bundled


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("абрамов", "абрамов", True),
        ("абрамов", "абрамв", True),  # missing
        ("абрамов", "абрамоов", True),  # extra
        ("абрамов", "абрамоф", True),  # wrong
        ("абрамов", "абрамво", True),  # swapped
        ("абрамов", "абрмво", False),
        ("абрамов", "ибрамоф", False),
        ("ab", "abcd", False),
    ],
)
def test_within_one_edit(a: str, b: str, expected: bool) -> None:
    assert within_one_edit(a, b) is expected
    assert within_one_edit(b, a) is expected


def test_terms_cover_every_spelling() -> None:
    terms = entity_terms(["Ли Хунчжун", "Li Hongzhong", "李鸿忠"])
    assert {"ли", "хунчжун", "li", "hongzhong", "李鸿忠"} <= terms
    assert "heihe" in entity_terms(["Хэйхэ"]) and "хэйхэ" in entity_terms(["Heihe"])
    assert "abramov" in entity_terms(["Сергей Абрамов"])
    assert alias_forms("Сергей Абрамов") == {"сергей абрамов", "sergey abramov"}


def test_term_keys() -> None:
    keys = term_keys("хабаровск")
    assert {"p:хаб", "p:хабар", "p:хабаровс", "s:хабаровск", "d:хабровск"} <= keys
    assert "p:ха" not in keys and "p:хабаровск" not in keys  # the whole word is the term itself
    assert not any(k.startswith("d:") for k in term_keys("ли"))  # no typo in short words
    assert "p:李" in term_keys("李鸿忠")
    assert keys_for_terms(["абрамов", "абрамова"])["s:абрамов"] == {"абрамова"}


def test_query_plan_lemmatizes_and_transliterates() -> None:
    plan = plan_query("Сергея Абрамова")
    assert [f.text for f in plan.forms] == ["сергея абрамова", "sergeya abramova"]
    first = plan.forms[0].words
    assert "сергей" in first[0].lemmas and "абрамов" in first[1].lemmas
    assert {"s:серг", "s:абрам"} <= plan.keys()
    assert [f.text for f in plan_query("Heihe").forms] == ["heihe", "хэйхэ"]
    assert plan_query("  ").forms == []


def test_bundled_data_search_cases(seeded: EmbeddedStore) -> None:
    cases = {
        "Абрамова": "person:sergey-abramov",
        "Сергея Абрамова": "person:sergey-abramov",
        "Хабар": "territory:khabarovsk",
        "Heihe": "territory:heihe",
        "Хэйхэ": "territory:heihe",
        "Li Hongzhong": "person:li-hongzhong",
        "Ли Хунчжун": "person:li-hongzhong",
        "李鸿忠": "person:li-hongzhong",
        "Хунчжун": "person:li-hongzhong",
        "Абрамво": "person:sergey-abramov",
        "Titov": "person:boris-titov",
        "Титова": "person:boris-titov",
        "Xi'an": "territory:xian",
        "Сиань": "territory:xian",
        "Росконгресс": "organization:roscongress-foundation",
    }
    for text, expected in cases.items():
        hits = seeded.search(text, limit=3).hits
        assert hits and hits[0].node.id == expected, (text, [(h.node.id, h.matched_alias) for h in hits])
        assert hits[0].matched_alias in hits[0].node.aliases


def test_reindex_rebuilds_the_same_answers(store: EmbeddedStore) -> None:
    load_bundled(store)
    before = [(h.node.id, h.score) for h in store.search("Хабар").hits]
    assert store.reindex_search() == store.counts().total_nodes
    assert [(h.node.id, h.score) for h in store.search("Хабар").hits] == before


def test_common_terms_only_score_what_rarer_words_found() -> None:
    common = sorted(f"person:p{i:05d}" for i in range(3_000))  # more holders than HOT_TERM
    term_ids = {"сергей": common, "абрамов": ["person:p00007", "person:zz"]}
    plan = plan_query("Сергей Абрамов")
    scores = preselect(plan, {}, term_ids)
    assert set(scores) == {"person:p00007", "person:zz"}
    assert scores["person:p00007"] == 1.0 and scores["person:zz"] == 0.5
    alone = preselect(plan_query("Сергей"), {}, term_ids)
    assert len(alone) == HOT_TERM and all(scores == 1.0 for scores in alone.values())
