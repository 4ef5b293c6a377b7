"""Search keys and ranking (graph.search_keys), and the embedded store's index upkeep."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from graph.embedded import EmbeddedStore
from graph.search_keys import (
    CANDIDATES,
    EXACT_RANK,
    HEAD,
    HOT_TERM,
    alias_forms,
    entity_terms,
    keys_for_terms,
    plan_query,
    preselect,
    search,
    term_keys,
    within_one_edit,
)
from graph.shapes import Node
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


def test_hot_terms_are_read_whole_only_when_they_decide_the_ranking() -> None:
    """'Проект' is a hot term; 'Ель' brings 300 candidates (all ranked on their names), 'Сосна' 900."""
    names = {f"project:p{i:04d}": f"Проект Река{i}" for i in range(2_400)}
    for word, count in (("Ель", 150), ("Сосна", 450)):
        names |= {f"project:{word}{i:04d}": f"Проект {word} {i}" for i in range(count)}
        names |= {f"project:{word}-{i:04d}": f"{word} {i}" for i in range(count)}
    nodes = {i: Node(id=i, label="Project", name=n, aliases=[n]) for i, n in names.items()}
    ids_by_term: dict[str, list[str]] = {}
    for entity_id, name in names.items():
        for term in entity_terms([name]):
            ids_by_term.setdefault(term, []).append(entity_id)
    ids_by_term = {t: sorted(ids) for t, ids in ids_by_term.items()}
    terms_by_key = keys_for_terms(ids_by_term)
    read_whole: list[str] = []

    def run(text: str, heads: bool = True) -> list[str]:
        def whole(terms: Sequence[str]) -> dict[str, list[str]]:
            read_whole.extend(terms)
            return {t: ids_by_term[t] for t in terms if t in ids_by_term}

        page = search(
            text,
            lookup_keys=lambda keys: {k: sorted(terms_by_key[k]) for k in keys if k in terms_by_key},
            lookup_terms=whole,
            lookup_heads=(lambda ts: {t: ids_by_term[t][:HEAD] for t in ts if t in ids_by_term}) if heads else whole,
            get_many=lambda ids: {i: nodes[i] for i in ids if i in nodes},
            label_of=lambda i: "Project",
        )
        return [hit.node.name for hit in page.hits]

    assert len(ids_by_term["проект"]) > HOT_TERM >= len(ids_by_term["сосна"]) > EXACT_RANK
    assert CANDIDATES < len(ids_by_term["ель"]) <= EXACT_RANK
    assert run("Проект Река2399")[0] == "Проект Река2399"
    assert len(run("Проект")) == 10  # a sample of the hot term's holders
    fir = run("Проект Ель")
    assert read_whole == []
    assert fir == run("Проект Ель", heads=False) and all(n.startswith("Проект Ель") for n in fir)
    pine = run("Проект Сосна")  # 900 candidates: the hot term decides which are ranked
    assert "проект" in read_whole
    assert pine == run("Проект Сосна", heads=False) and all(n.startswith("Проект Сосна") for n in pine)
