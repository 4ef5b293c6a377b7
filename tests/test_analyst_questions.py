"""The questions an analyst asks of the two seed stories, answered by the bundled graph."""

from __future__ import annotations

from typing import Any

from graph.cards import build_card, resolve
from graph.store import GraphStore


def rows(store: GraphStore, cypher: str, **params: Any) -> list[list[Any]]:
    return store.query(cypher, params).rows


def test_who_holds_which_post(seeded: GraphStore) -> None:
    found = rows(
        seeded,
        "MATCH (p:Person {id: $id})-[h:HOLDS_POSITION]->(o:Organization) RETURN h.title, o.id",
        id="person:sergey-abramov",
    )
    assert ["первый заместитель председателя правительства", "organization:khabarovsk-krai-government"] in found
    gov = seeded.get("organization:khabarovsk-krai-government")
    assert gov is not None and gov.kind == "government"


def test_who_organizes_amurexpo_2026(seeded: GraphStore) -> None:
    found = rows(
        seeded, "MATCH (o:Organization)-[:ORGANIZED]->(e:Event {id: $id}) RETURN o.id", id="event:amurexpo-2026"
    )
    assert sorted(r[0] for r in found) == [
        "organization:amur-oblast-government",
        "organization:amur-oblast-investment-agency",
        "organization:roscongress-foundation",
    ]
    roscongress = seeded.get("organization:roscongress-foundation")
    assert roscongress is not None and roscongress.kind == "foundation"


def test_where_and_when_amurexpo_is_held(seeded: GraphStore) -> None:
    event = seeded.get("event:amurexpo-2026")
    assert event is not None
    assert (event.properties["start_date"], event.properties["end_date"]) == ("2026-05-22", "2026-05-24")
    places = rows(seeded, "MATCH (e:Event {id: $id})-[:HELD_IN]->(t:Territory) RETURN t.id", id="event:amurexpo-2026")
    assert sorted(r[0] for r in places) == ["territory:blagoveshchensk", "territory:heihe"]
    countries = rows(
        seeded,
        "MATCH (e:Event {id: $id})-[:HELD_IN]->(:Territory)-[:PART_OF*1..3]->(c:Territory {kind: 'country'}) "
        "RETURN DISTINCT c.id",
        id="event:amurexpo-2026",
    )
    assert sorted(r[0] for r in countries) == ["territory:china", "territory:russia"]


def test_harbin_fair_opens_in_heihe_on_17_may(seeded: GraphStore) -> None:
    found = rows(
        seeded,
        "MATCH (f:Event {id: $id})-[h:HELD_IN]->(t:Territory) RETURN t.id, coalesce(h.start_date, f.start_date)",
        id="event:harbin-fair-2026",
    )
    assert found == [["territory:heihe", "2026-05-17"]]


def test_amurexpo_is_a_platform_of_the_eastern_economic_forum(seeded: GraphStore) -> None:
    found = rows(
        seeded,
        "MATCH (:Event {id: $id})-[p:PART_OF]->(e:Event) RETURN e.id, p.role",
        id="event:amurexpo-2026",
    )
    assert ["event:eastern-economic-forum", "off-site platform"] in found


def test_who_proposed_the_vii_sme_forum_in_khabarovsk(seeded: GraphStore) -> None:
    found = rows(
        seeded,
        "MATCH (p:Person)-[r:PROPOSED]->(e:Event)-[:HELD_IN]->(t:Territory) "
        "RETURN p.id, r.addressee, r.outcome, e.ordinal, t.id",
    )
    assert ["person:boris-titov", "person:li-hongzhong", "supported", 7, "territory:khabarovsk"] in found
    supporters = rows(
        seeded,
        "MATCH (p:Person)-[:SUPPORTED]->(e:Event {id: $id}) RETURN p.id",
        id="event:russian-chinese-sme-forum-2026",
    )
    assert supporters == [["person:li-hongzhong"]]


def test_vi_and_vii_sme_forums_are_editions_of_one_series(seeded: GraphStore) -> None:
    found = rows(
        seeded,
        "MATCH (e:Event)-[:EDITION_OF]->(s:Event {kind: 'forum_series'}) WHERE e.ordinal IN [6, 7] "
        "RETURN s.id, e.ordinal, e.series ORDER BY e.ordinal",
    )
    assert [r[:2] for r in found] == [["event:russian-chinese-sme-forum", 6], ["event:russian-chinese-sme-forum", 7]]
    assert found[0][2] == found[1][2]


def test_which_projects_abramov_presented(seeded: GraphStore) -> None:
    found = rows(
        seeded,
        "MATCH (:Person {id: $id})-[r:INVOLVED_IN]->(p:Project) RETURN p.id, p.kind, r.role",
        id="person:sergey-abramov",
    )
    assert sorted(found) == [
        ["project:bolshoi-ussuriysky-island-development", "territorial_development", "presenter"],
        ["project:khabarovsk-building-materials-industrial-park", "industrial_park", "presenter"],
        ["project:khabarovsk-city", "financial_centre", "presenter"],
    ]


def test_li_hongzhong_is_one_person_under_three_names(seeded: GraphStore) -> None:
    for name in ("Ли Хунчжун", "Li Hongzhong", "李鸿忠"):
        node, _ = resolve(seeded, name)
        assert node is not None and node.id == "person:li-hongzhong", name


def test_how_titov_and_abramov_are_connected(seeded: GraphStore) -> None:
    paths = seeded.paths("person:boris-titov", "person:sergey-abramov", max_hops=4)
    assert paths
    assert all(e.sources for p in paths for e in p.edges)


def test_every_fact_cites_an_article(seeded: GraphStore) -> None:
    uncited = rows(seeded, "MATCH (a)-[e]->(b) WHERE size(e.sources) = 0 RETURN a.id, label(e), b.id")
    assert uncited == []
    card = build_card(seeded, "person:sergey-abramov")
    assert card.sources and all(s.published for s in card.sources)
    assert all(r.sources for rels in card.relations.values() for r in rels)
