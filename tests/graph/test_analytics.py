"""The analytics projection is the actors and who touches whom, read from a real store."""

from __future__ import annotations

from graph.analytics import EXCLUDED_LABELS, EXCLUDED_TYPES, Centrality, CentralityCache, compute, project
from graph.embedded import EmbeddedStore
from ontology.model import ontology


def test_the_projection_is_every_actor_and_each_pair_they_relate_once(seeded: EmbeddedStore) -> None:
    onto = ontology()
    actors = [
        node
        for label in onto.classes
        if label not in EXCLUDED_LABELS
        for batch in seeded.iter_nodes(label)
        for node in batch
    ]
    pairs = {
        frozenset((e.src, e.dst))
        for rel_type in onto.relations
        if rel_type not in EXCLUDED_TYPES
        for batch in seeded.iter_edges(rel_type)
        for e in batch
        if e.src != e.dst
    }
    projection = project(seeded)
    assert projection.ids == [n.id for n in actors], "networkx's node order: the seed samples the same sources"
    assert [projection.labels[i] for i in projection.label_of] == [n.label for n in actors]
    assert {projection.ids[i]: c for i, c in projection.countries.items()} == {
        n.id: n.properties["country"].upper()
        for n in actors
        if n.label == "Organization" and n.properties.get("country")
    }
    held = {
        frozenset((projection.ids[a], projection.ids[b]))
        for a in range(len(projection.ids))
        for b in projection.indices[projection.indptr[a] : projection.indptr[a + 1]].tolist()
    }
    assert held == pairs
    assert projection.edges == len(pairs)


def test_the_answer_names_the_top_actors_read_whole(seeded: EmbeddedStore) -> None:
    answer = CentralityCache(wait_s=60).central(seeded, limit=3)
    assert isinstance(answer, Centrality)
    projection = project(seeded)
    compute(projection)
    degree = projection.scores["degree"]
    best = sorted(range(len(projection.ids)), key=lambda i: (-degree[i], projection.ids[i]))[:3]
    assert [(a.node.id, a.score) for a in answer.degree] == [(projection.ids[i], degree[i]) for i in best]
    assert all(a.node == seeded.get(a.node.id) for a in answer.degree + answer.betweenness + answer.ru_cn_brokers)
    people = CentralityCache(wait_s=60).central(seeded, label="Person", limit=100)
    assert isinstance(people, Centrality)
    assert people.degree and all(a.node.label == "Person" for a in people.degree + people.betweenness)
    articles = CentralityCache(wait_s=60).central(seeded, label="Article")
    assert isinstance(articles, Centrality)
    assert articles.degree == articles.betweenness == []
