"""Resolving an article's entities against the graph and turning them into ontology records.

The graph is indexed once per run by comparison keys of every name and alias
(folded, lemmatized, transliterated, pinyin; see loaders.text.nlp.key and
graph.names.name_variants), per class; editions of events also by series and
ordinal or year. An entity the graph already knows keeps its id and its name;
a new one gets `<prefix>:<slug>` (of the English name when the lexicon has
one, of the pinyin for Chinese people). A mention that cannot be placed (a
lone surname nobody in the article or graph carries, a name two entities
share, an unknown abbreviation) becomes a candidate: a node of its own,
marked with `review`, never merged into a guess.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graph.names import looks_chinese, name_variants, palladius_to_pinyin, slugify
from graph.shapes import Node
from graph.store import GraphStore
from loaders.text.lexicon import lexicon
from loaders.text.model import EntityOut, Extraction, Rel
from loaders.text.nlp import key, lemma_key
from ontology.model import ontology
from ontology.models import ENTITY_MODELS, RELATION_MODELS, Article, MentionedIn
from ontology.records import EntityRecord, Evidence, Names, RelationRecord

CLASSES = ("Person", "Organization", "Event", "Territory", "Project")
_LOOSE_WORDS = frozenset({"народное", "народного", "города", "г."})


@dataclass
class Known:
    id: str
    label: str
    name: str
    kind: str | None
    aliases: list[str]
    props: dict[str, Any]

    @property
    def review(self) -> bool:
        return bool(self.props.get("review"))


@lru_cache(maxsize=100_000)
def name_keys(name: str) -> frozenset[str]:
    """Every key under which a name is looked up."""
    keys = {key(name), lemma_key(name.split())}
    loose = [w for w in name.split() if w.lower() not in _LOOSE_WORDS]
    if 1 < len(loose) < len(name.split()):
        # 'Народное правительство провинции X' = 'Правительство провинции X'; 'Администрация города X' = '... X'
        keys.add("loose:" + lemma_key(loose))
    expansions = lexicon().not_entities
    words = name.split()
    if any(w.strip("()") in expansions for w in words):
        # 'форума МСП' and 'форума малого и среднего предпринимательства' are one name
        expanded = " ".join(
            expansions.get(w.strip("()"), w) for w in words if not (w.startswith("(") and w.endswith(")"))
        )
        keys.add(key(expanded))
    for v in name_variants(name):
        # transliterations and pinyin of the whole name (single words of multi-word names are too loose)
        if len(v.split()) == len(name.split()):
            keys.add(key(v))
    return frozenset(k for k in keys if k)


class GraphIndex:
    """What the graph already knows, by name keys; kept up to date as articles are written."""

    def __init__(self) -> None:
        self.nodes: dict[str, Known] = {}
        self.by_key: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.by_surname: dict[str, set[str]] = defaultdict(set)
        self.by_edition: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.series_of_name: dict[str, str] = {}
        self.titles: dict[tuple[str, str], list[str]] = defaultdict(list)

    @classmethod
    def from_store(cls, store: GraphStore) -> GraphIndex:
        index = cls()
        for label in CLASSES:
            for batch in store.iter_nodes(label):
                for node in batch:
                    index.add_node(node)
        for edges in store.iter_edges(Rel.HOLDS_POSITION):
            for edge in edges:
                title = edge.properties.get("title")
                if title:
                    index.titles[(edge.src, edge.dst)].append(str(title))
        return index

    def title_for(self, src: str, dst: str, title: str) -> str:
        """The title the graph already has for this post when ours is the same post said shorter or longer
        ('первый заместитель председателя' and '... председателя правительства'), else ours."""
        ours = key(title)
        for known in self.titles.get((src, dst), []):
            theirs = key(known)
            if theirs.startswith(ours) or ours.startswith(theirs):
                return known
        return title

    def add_node(self, node: Node) -> None:
        self.add(Known(node.id, node.label, node.name, node.kind, list(node.aliases), dict(node.properties)))

    def add(self, known: Known) -> None:
        previous = self.nodes.get(known.id)
        if previous is not None:
            known.aliases = list(dict.fromkeys([*previous.aliases, *known.aliases]))
            known.props = {**previous.props, **{k: v for k, v in known.props.items() if v is not None}}
        self.nodes[known.id] = known
        for alias in dict.fromkeys([known.name, *known.aliases]):
            for k in name_keys(alias):
                self.by_key[(known.label, k)].add(known.id)
            if known.label == "Person":
                words = alias.split()
                if len(words) >= 2:
                    sur = words[0] if looks_chinese(alias) else words[-1]
                    self.by_surname[key(sur)].add(known.id)
        if known.label == "Event":
            series = known.props.get("series")
            if series:
                ordinal = known.props.get("ordinal")
                if ordinal is not None:
                    self.by_edition[(str(series), f"#{ordinal}")].add(known.id)
                start = known.props.get("start_date")
                if start and known.kind != "forum_series":
                    self.by_edition[(str(series), str(start)[:4])].add(known.id)
                if known.kind == "forum_series":
                    for alias in [known.name, *known.aliases]:
                        self.series_of_name[key(alias)] = str(series)

    def lookup(self, label: str, names: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for name in names:
            for k in name_keys(name):
                found |= self.by_key.get((label, k), set())
        return {i for i in found if not self.nodes[i].review}


@dataclass
class Resolved:
    id: str
    existing: Known | None
    note: str
    candidate: str | None = None
    aliases: list[str] = field(default_factory=list)


def _new_id(e: EntityOut) -> str:
    prefix = ontology().classes[e.cls].id_prefix
    base = e.name
    if (
        e.en
        and e.cls in ("Territory", "Organization", "Event")
        and e.en[0]
        and e.mentions
        and "lexicon" in str(e.mentions[0].get("rule", ""))
    ):
        base = e.en[0]
    elif e.cls == "Person" and looks_chinese(e.name) and len(e.name.split()) >= 2:
        base = palladius_to_pinyin(e.name) or e.name
    return f"{prefix}:{slugify(base)}"


class Resolver:
    def __init__(self, index: GraphIndex) -> None:
        self.index = index

    def resolve(self, e: EntityOut, series_map: dict[str, str]) -> Resolved:
        idx = self.index
        prefix = ontology().classes[e.cls].id_prefix
        if e.candidate:
            return Resolved(
                f"{prefix}:candidate-{slugify(e.name)}",
                idx.nodes.get(f"{prefix}:candidate-{slugify(e.name)}"),
                "",
                e.candidate,
            )
        if e.cls == "Person" and e.surname_only:
            # only an explicit alias places a lone surname; sharing a surname with someone is no proof
            alias = {i for i in idx.lookup("Person", [e.name]) if key(e.name) in map(key, idx.nodes[i].aliases)}
            if len(alias) == 1:
                (found,) = alias
                k = idx.nodes[found]
                return Resolved(found, k, f"graph: {e.name!r} is an alias of {k.name} ({found})")
            ids = {i for i in idx.by_surname.get(key(e.name), set()) if not idx.nodes[i].review}
            why = f"surname {e.name!r} alone; no person with it in the article" + (
                f"; possibly {', '.join(sorted(ids))} (same surname, not an alias)" if ids else " or in the graph"
            )
            cid = f"{prefix}:candidate-{slugify(e.name)}"
            return Resolved(cid, idx.nodes.get(cid), "", why)
        names = [e.name, *e.aliases, *e.en]
        ids = idx.lookup(e.cls, names)
        if e.cls == "Event" and len(ids) != 1:
            ids = self.event_candidates(e, ids, series_map)
        if len(ids) > 1:
            exact = {i for i in ids if key(idx.nodes[i].name) == key(e.name)}
            if len(exact) == 1:
                ids = exact
        if len(ids) == 1:
            (found,) = ids
            k = idx.nodes[found]
            matched = next(
                (n for n in names if name_keys(n) & {kk for a in [k.name, *k.aliases] for kk in name_keys(a)}), e.name
            )
            return Resolved(found, k, f"graph: {matched!r} is a name of {k.name} ({found})")
        if len(ids) > 1:
            cid = f"{prefix}:candidate-{slugify(e.name)}"
            return Resolved(
                cid, idx.nodes.get(cid), "", f"{e.name!r} matches several entities: {', '.join(sorted(ids))}"
            )
        new_id = _new_id(e)
        existing = idx.nodes.get(new_id)
        if existing is not None and existing.label == e.cls and not existing.review:
            return Resolved(new_id, existing, f"graph: same id {new_id}")
        return Resolved(new_id, None, "new in the graph")

    def event_candidates(self, e: EntityOut, ids: set[str], series_map: dict[str, str]) -> set[str]:
        """Editions: the same series and ordinal (or year); a series: the node of kind forum_series."""
        idx = self.index
        ordinal = e.props.get("ordinal")
        year = str(e.props.get("start_date") or "")[:4] or None
        series = series_map.get(e.series_key or "") or e.props.get("series")
        if e.kind == "forum_series":
            return {i for i in ids if idx.nodes[i].kind == "forum_series"} or ids
        if series:
            edition: set[str] = set()
            if ordinal is not None:
                edition = idx.by_edition.get((str(series), f"#{ordinal}"), set())
            elif year:
                edition = idx.by_edition.get((str(series), year), set())
            if edition:
                return set(edition)
        editions = {i for i in ids if idx.nodes[i].kind != "forum_series"}
        if ordinal is not None:
            editions = {i for i in editions if idx.nodes[i].props.get("ordinal") in (None, ordinal)}
        return editions


@dataclass
class Records:
    entities: list[EntityRecord]
    relations: list[RelationRecord]
    resolved: dict[int, Resolved]
    created: list[str]
    matched: list[str]
    candidates: list[str]


def build_records(x: Extraction, index: GraphIndex) -> Records:
    """The article, its entities (new or matched), MENTIONED_IN with every mention, and typed relations."""
    a = x.article
    article = Article(
        id=a.id,
        name=a.title,
        title=a.title,
        kind="news",
        published=a.published,
        outlet=a.outlet,
        dateline=a.dateline,
        url=a.url,
        language="ru",
        content_hash=a.content_hash,
        text=a.text,
    )
    resolver = Resolver(index)
    # series first, so editions can be found by the graph's own series key
    series_map: dict[str, str] = {}
    resolved: dict[int, Resolved] = {}
    order = sorted(x.entities, key=lambda e: (e.kind != "forum_series", e.idx))
    for e in order:
        r = resolver.resolve(e, series_map)
        resolved[e.idx] = r
        if e.kind == "forum_series" and r.existing is not None and r.existing.props.get("series") and e.series_key:
            series_map[e.series_key] = str(r.existing.props["series"])
    entities: list[EntityRecord] = [article]
    relations: list[RelationRecord] = []
    created: list[str] = []
    matched: list[str] = []
    candidates: list[str] = []
    for e in x.entities:
        r = resolved[e.idx]
        entities.append(_entity_record(e, r, a.id, series_map))
        (candidates if r.candidate else matched if r.existing else created).append(r.id)
        evidence = []
        for i, m in enumerate(e.mentions):
            note = m.get("note") or ""
            if i == 0 and (r.note or r.candidate):
                note = "; ".join(filter(None, [note, r.note, f"unresolved: {r.candidate}" if r.candidate else ""]))
            evidence.append(
                Evidence(
                    article=a.id,
                    start=m["start"],
                    end=m["end"],
                    quote=m["quote"],
                    rule=m["rule"],
                    confidence=m["confidence"],
                    note=note or None,
                )
            )
        relations.append(
            MentionedIn(
                src=r.id,
                dst=a.id,
                evidence=tuple(evidence),
                extractor="ingest:mention",
                confidence=max(m["confidence"] for m in e.mentions),
            )
        )
    for rel in x.relations:
        src, dst = resolved[rel.src], resolved[rel.dst]
        if src.id == dst.id or src.candidate or dst.candidate:
            continue
        props = dict(rel.props)
        if rel.type == Rel.HOLDS_POSITION and isinstance(props.get("title"), str):
            props["title"] = index.title_for(src.id, dst.id, props["title"])
        if isinstance(props.get("addressee"), str) and props["addressee"].startswith("entity:"):
            target = resolved.get(int(props["addressee"].removeprefix("entity:")))
            props["addressee"] = target.id if target is not None and not target.candidate else None
        model = RELATION_MODELS[rel.type]
        relations.append(
            model(
                src=src.id,
                dst=dst.id,
                evidence=(
                    Evidence(
                        article=a.id,
                        start=rel.start,
                        end=rel.end,
                        quote=rel.quote,
                        rule=rel.rule,
                        confidence=rel.confidence,
                        note=rel.note,
                    ),
                ),
                extractor=rel.rule,
                confidence=rel.confidence,
                **{k: v for k, v in props.items() if v is not None and k in model.model_fields},
            )
        )
    return Records(entities, relations, resolved, created, matched, candidates)


def _entity_record(e: EntityOut, r: Resolved, article_id: str, series_map: dict[str, str]) -> EntityRecord:
    model = ENTITY_MODELS[e.cls]
    existing = r.existing
    known_aliases = {key(n) for n in ([existing.name, *existing.aliases] if existing else [])}
    ru = [n for n in dict.fromkeys([e.name, *e.aliases]) if key(n) not in known_aliases]
    en = [n for n in e.en if key(n) not in known_aliases]
    props: dict[str, Any] = {k: v for k, v in e.props.items() if k in model.model_fields}
    if props.get("series") and e.series_key in series_map:
        props["series"] = series_map[e.series_key or ""]
    if existing is not None:
        props = {k: v for k, v in props.items() if existing.props.get(k) in (None, "")}
    if r.candidate:
        props["review"] = r.candidate
    data: dict[str, Any] = {
        "id": r.id,
        "name": existing.name if existing is not None else e.name,
        "names": Names(ru=tuple(ru), en=tuple(en)),
        "kind": e.kind if (existing is None or existing.kind is None) else None,
        "sources": (article_id,),
        **props,
    }
    kinds = ontology().classes[e.cls].kind_codes
    if data["kind"] not in kinds:
        data["kind"] = None
    return model(**data)


def remember(index: GraphIndex, records: Records) -> None:
    """Adds what an article wrote to the index, so the next article finds it."""
    for rel in records.relations:
        title = getattr(rel, "title", None)
        if rel.relation_name == Rel.HOLDS_POSITION and title and title not in index.titles[(rel.src, rel.dst)]:
            index.titles[(rel.src, rel.dst)].append(title)
    for rec in records.entities:
        if rec.class_name not in CLASSES:
            continue
        props = rec.properties()
        index.add(Known(rec.id, rec.class_name, rec.name, rec.kind, list(rec.aliases()), props))
