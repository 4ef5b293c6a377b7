"""A synthetic Amur graph of any size with a realistic, heavy-tailed degree distribution.

Every record is a valid ontology record (classes, kinds and relation ends
as the ontology allows), so it loads through the real store.  Targets are
picked by preferential attachment: big forums, ministries and regions
collect most relations, as in the curated data and in the news.
"""

from __future__ import annotations

import random
from typing import Any

from ontology.models import (
    Article,
    EditionOf,
    Event,
    HeldIn,
    HoldsPosition,
    InvolvedIn,
    LocatedIn,
    Organization,
    Organized,
    ParticipatedIn,
    PartOf,
    Person,
    Project,
    Territory,
)
from ontology.records import EntityRecord, RelationRecord

SHARES = {"territory": 0.04, "event": 0.12, "project": 0.06, "organization": 0.28, "person": 0.50}


class _Pool:
    """Ids with weights that grow with degree: choosing one is preferential attachment."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ids: list[str] = []
        self.weights: list[float] = []
        self.index: dict[str, int] = {}

    def add(self, node_id: str) -> None:
        self.index[node_id] = len(self.ids)
        self.ids.append(node_id)
        self.weights.append(1.0)

    def pick(self) -> str:
        chosen = self.rng.choices(self.ids, weights=self.weights)[0]
        self.weights[self.index[chosen]] += 1.0
        return chosen


def generate(n: int, seed: int = 1) -> tuple[list[EntityRecord], list[RelationRecord]]:
    """About `n` entities (plus a few source articles) and about 2n relations."""
    rng = random.Random(seed)
    counts = {k: max(3, round(n * share)) for k, share in SHARES.items()}
    articles = [
        Article(
            id=f"article:synthetic-{i}", name=f"Synthetic report {i}", kind="news", published=f"202{i % 7}-0{1 + i % 9}"
        )
        for i in range(max(3, n // 50))
    ]
    entities: list[EntityRecord] = list(articles)
    relations: list[RelationRecord] = []
    pools = {k: _Pool(rng) for k in SHARES}

    def cite() -> list[str]:
        return [rng.choice(articles).id]

    def rel(model: type[RelationRecord], src: str, dst: str, **extra: Any) -> None:
        relations.append(model.model_validate({"from": src, "to": dst, "sources": cite(), **extra}))

    for i in range(counts["territory"]):
        tid = f"territory:t{i}"
        kind = "country" if i < 2 else "region" if i < 12 else "city"
        entities.append(Territory(id=tid, name=f"Территория {i}", kind=kind, sources=tuple(cite())))
        if i >= 2:
            rel(PartOf, tid, pools["territory"].pick())
        pools["territory"].add(tid)
    for i in range(counts["organization"]):
        oid = f"organization:o{i}"
        kind = rng.choice(["government", "agency", "company", "association", "foundation"])
        entities.append(Organization(id=oid, name=f"Организация {i}", kind=kind, sources=tuple(cite())))
        rel(LocatedIn, oid, pools["territory"].pick())
        if i and rng.random() < 0.3:
            rel(PartOf, oid, pools["organization"].pick())
        pools["organization"].add(oid)
    for i in range(counts["event"]):
        eid = f"event:e{i}"
        year, month = 2020 + rng.randrange(7), 1 + rng.randrange(12)
        day = f"{year}-{month:02d}-{1 + rng.randrange(27):02d}"
        entities.append(
            Event(id=eid, name=f"Форум {i}", kind="forum", start_date=day, end_date=day, sources=tuple(cite()))
        )
        rel(HeldIn, eid, pools["territory"].pick())
        for org in {pools["organization"].pick() for _ in range(rng.randint(1, 2))}:
            rel(Organized, org, eid)
        if i and rng.random() < 0.4:
            rel(EditionOf if rng.random() < 0.5 else PartOf, eid, pools["event"].pick())
        pools["event"].add(eid)
    for i in range(counts["project"]):
        pid = f"project:p{i}"
        entities.append(Project(id=pid, name=f"Проект {i}", kind="infrastructure", sources=tuple(cite())))
        rel(LocatedIn, pid, pools["territory"].pick())
        for org in {pools["organization"].pick() for _ in range(rng.randint(1, 3))}:
            rel(InvolvedIn, org, pid, role="partner")
        pools["project"].add(pid)
    for i in range(counts["person"]):
        person = f"person:h{i}"
        entities.append(Person(id=person, name=f"Персона {i}", kind="official", sources=tuple(cite())))
        rel(HoldsPosition, person, pools["organization"].pick(), title="должность")
        for event in {pools["event"].pick() for _ in range(rng.choice([0, 1, 1, 1, 2, 3]))}:
            rel(ParticipatedIn, person, event, role="speaker")
        if rng.random() < 0.2:
            rel(InvolvedIn, person, pools["project"].pick(), role="lead")
    return entities, relations
