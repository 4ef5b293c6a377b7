"""A synthetic Amur graph of any size with a realistic, heavy-tailed degree distribution.

Names look like the real ones: Russian people (first name + generated surname,
with a Latin transliteration), Chinese people in pinyin and Palladius, regional
governments, companies, funds, forums with dates, places and projects, and the
articles that cite them. Every node draws a Pareto weight; relation ends are
drawn in proportion to it (within the classes the ontology allows), so a few
hubs gather thousands of relations and most nodes have one to three. The same
seed gives the same graph.

Two ways in:
- ``load_upsert``: the real write path (EmbeddedStore.upsert, search keys kept on
  every batch), as production writes do;
- ``load_bulk``: COPY from CSV into a fresh store (the engine's fast path; unique
  new keys only, as the FIELD-NOTES warn that COPY crashes on a duplicate key),
  with the search index computed in one pass by the same graph.search_keys
  functions. Benchmark only.

    python -m bench.synth --nodes 100000 --data-dir /tmp/amur-100k --mode upsert
"""

from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import random
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph import embedded_cypher as cy
from graph import search_keys
from graph.embedded import EmbeddedStore, stored_edge_row, stored_node_row
from graph.merge import edge_row, node_row
from graph.names import PALLADIUS, pinyin_to_palladius, ru_to_latin
from ontology.model import ontology
from ontology.models import ENTITY_MODELS, RELATION_MODELS
from ontology.records import EntityRecord, RelationRecord

SHARES = {"Person": 0.36, "Organization": 0.24, "Event": 0.14, "Project": 0.08, "Territory": 0.06, "Article": 0.12}
RELATION_SHARES = {
    "PARTICIPATED_IN": 0.28,
    "MENTIONED_IN": 0.18,
    "HOLDS_POSITION": 0.10,
    "MEMBER_OF": 0.08,
    "ORGANIZED": 0.07,
    "HELD_IN": 0.07,
    "LOCATED_IN": 0.07,
    "INVOLVED_IN": 0.07,
    "PART_OF": 0.04,
    "PROPOSED": 0.02,
    "SUPPORTED": 0.01,
    "EDITION_OF": 0.01,
}
EDGES_PER_NODE = 3.0
PARETO_ALPHA = 1.3

FIRST_NAMES = [
    "Сергей",
    "Алексей",
    "Андрей",
    "Дмитрий",
    "Иван",
    "Михаил",
    "Николай",
    "Павел",
    "Юрий",
    "Олег",
    "Игорь",
    "Виктор",
    "Владимир",
    "Борис",
    "Антон",
    "Евгений",
    "Максим",
    "Роман",
    "Артём",
    "Константин",
    "Анна",
    "Елена",
    "Ольга",
    "Мария",
    "Татьяна",
    "Ирина",
    "Наталья",
    "Светлана",
    "Марина",
    "Юлия",
]
SYLLABLES = [
    "ба",
    "бо",
    "ве",
    "ви",
    "го",
    "да",
    "де",
    "ду",
    "жа",
    "за",
    "ка",
    "ки",
    "ко",
    "ла",
    "ле",
    "ли",
    "ло",
    "ма",
    "ми",
    "мо",
    "на",
    "не",
    "ни",
    "но",
    "па",
    "пе",
    "по",
    "ра",
    "ре",
    "ро",
    "са",
    "се",
    "со",
    "та",
    "те",
    "ти",
    "то",
    "фе",
    "ха",
    "че",
    "ша",
]
SURNAME_ENDINGS = ("ов", "ев", "ин", "ский", "енко", "як", "ович")
CHINESE_SURNAMES = [
    "li",
    "wang",
    "zhang",
    "liu",
    "chen",
    "yang",
    "zhao",
    "huang",
    "zhou",
    "wu",
    "xu",
    "sun",
    "hu",
    "zhu",
    "gao",
    "lin",
    "he",
    "guo",
    "ma",
    "luo",
]
CHINESE_SYLLABLES = sorted(s for s in PALLADIUS if "ü" not in s)
ORG_PATTERNS = (
    "Правительство {place}",
    "Министерство экономики {place}",
    "ООО «{word}»",
    "АО «{word}»",
    "Фонд «{word}»",
    "Ассоциация {word}",
    "Агентство развития {place}",
    "Корпорация {cn}",
)
EVENT_PATTERNS = ("Форум «{word}-{year}»", "Выставка «{word}»", "Ярмарка {place}", "Сессия «{word}»", "Визит в {place}")


@dataclass
class Graph:
    entities: list[EntityRecord]
    relations: list[RelationRecord]


class Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def root(self) -> str:
        # Two syllables: about 1,600 roots, so surnames and words repeat across the graph the way real
        # ones do (a vocabulary in the hundreds of thousands at 1M entities, not one word per entity).
        return "".join(self.rng.choice(SYLLABLES) for _ in range(2))

    def word(self) -> str:
        return self.root().capitalize() + self.rng.choice(("", "тех", "пром", "инвест", "лес", "агро"))

    def chinese(self) -> tuple[str, str]:
        given = "".join(self.rng.choice(CHINESE_SYLLABLES) for _ in range(self.rng.randint(1, 2)))
        pinyin = f"{self.rng.choice(CHINESE_SURNAMES).capitalize()} {given.capitalize()}"
        return pinyin, pinyin_to_palladius(pinyin) or pinyin

    def place(self) -> str:
        if self.rng.random() < 0.3:
            return self.chinese()[1].replace(" ", "")
        return self.root().capitalize() + self.rng.choice(("ск", "овка", "инск", "градск"))


def _weights(rng: random.Random, n: int) -> list[float]:
    """Pareto weights: a heavy tail of hubs, most nodes light."""
    return [(1.0 - rng.random()) ** (-1.0 / PARETO_ALPHA) for _ in range(n)]


class Picker:
    """Draws ids of one class in proportion to their weights (O(log n) per draw)."""

    def __init__(self, ids: list[str], weights: list[float]) -> None:
        self.ids = ids
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> str:
        x = rng.random() * self.cumulative[-1]
        return self.ids[min(bisect.bisect_left(self.cumulative, x), len(self.ids) - 1)]


def _entity(label: str, i: int, names: Names, rng: random.Random, articles: int) -> EntityRecord:
    cls = ontology().classes[label]
    kind = rng.choice(cls.kind_codes) if cls.kind_codes else None
    source = f"article:a{rng.randrange(max(articles, 1))}"
    data: dict[str, Any] = {"id": f"{cls.id_prefix}:s{i}", "kind": kind}
    if label == "Person":
        if rng.random() < 0.3:
            pinyin, palladius = names.chinese()
            data.update(name=palladius, names={"ru": [palladius], "en": [pinyin]}, country="CN")
        else:
            first = rng.choice(FIRST_NAMES)
            surname = names.root().capitalize() + rng.choice(SURNAME_ENDINGS)
            full = f"{first} {surname}"
            data.update(name=full, names={"ru": [full, surname], "en": [ru_to_latin(full)]}, country="RU")
    elif label == "Organization":
        pattern = rng.choice(ORG_PATTERNS)
        name = pattern.format(place=names.place(), word=names.word(), cn=names.chinese()[1].split()[-1])
        data.update(name=name, names={"en": [ru_to_latin(name)]}, country=rng.choice(("RU", "RU", "CN")))
    elif label == "Event":
        year = rng.randint(2015, 2027)
        name = rng.choice(EVENT_PATTERNS).format(word=names.word(), year=year, place=names.place())
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        data.update(name=name, start_date=f"{year}-{month:02d}-{day:02d}", series=f"series-{rng.randrange(500)}")
    elif label == "Territory":
        data.update(name=names.place())
    elif label == "Project":
        data.update(name=f"Проект «{names.word()}»")
    else:
        data = {"id": f"article:a{i}", "kind": "news", "name": f"Статья {i}", "published": f"20{rng.randint(15, 26)}"}
        return ENTITY_MODELS[label].model_validate(data)
    data["sources"] = [source]
    return ENTITY_MODELS[label].model_validate(data)


def generate(nodes: int, seed: int = 7) -> Graph:
    rng = random.Random(seed)
    names = Names(rng)
    counts = {label: max(1, int(nodes * share)) for label, share in SHARES.items()}
    counts["Person"] += nodes - sum(counts.values())
    prefix = {label: ontology().classes[label].id_prefix for label in counts}
    entities: list[EntityRecord] = []
    pickers: dict[str, Picker] = {}
    for label, n in counts.items():
        batch = [_entity(label, i, names, rng, counts["Article"]) for i in range(n)]
        entities += batch
        ids = [e.id for e in batch] if label != "Article" else [f"{prefix[label]}:a{i}" for i in range(n)]
        pickers[label] = Picker(ids, _weights(rng, n))
    relations: list[RelationRecord] = []
    seen: set[tuple[str, str, str]] = set()
    onto = ontology()
    types = list(RELATION_SHARES)
    cumulative = list(itertools.accumulate(RELATION_SHARES.values()))
    target = int(nodes * EDGES_PER_NODE)
    attempts = 0
    while len(relations) < target and attempts < target * 3:
        attempts += 1
        rel_type = types[bisect.bisect_left(cumulative, rng.random() * cumulative[-1])]
        rel = onto.relations[rel_type]
        src = pickers[rng.choice(rel.domain)].draw(rng)
        dst = pickers[rng.choice(rel.range)].draw(rng)
        if src == dst or (rel_type, src, dst) in seen:
            continue
        seen.add((rel_type, src, dst))
        relations.append(_relation(rel_type, src, dst, rng, counts["Article"]))
    return Graph(entities, relations)


def _relation(rel_type: str, src: str, dst: str, rng: random.Random, articles: int) -> RelationRecord:
    data: dict[str, Any] = {"from": src, "to": dst, "sources": [f"article:a{rng.randrange(articles)}"]}
    props = {p.name for p in ontology().relations[rel_type].properties}
    if "role" in props:
        data["role"] = rng.choice(("speaker", "guest", "organizer", "partner", None))
    if "title" in props:
        data["title"] = rng.choice(("министр", "губернатор", "директор", "председатель", "заместитель"))
    if "start_date" in props and rng.random() < 0.5:
        data["start_date"] = f"{rng.randint(2010, 2026)}-{rng.randint(1, 12):02d}"
    return RELATION_MODELS[rel_type].model_validate(data)


def _chunks(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def load_upsert(store: EmbeddedStore, graph: Graph, batch: int = 5000) -> None:
    """Through the contract: entities first (articles before what cites them), then relations."""
    for chunk in _chunks(graph.entities, batch):
        store.upsert(chunk, [])
    for chunk in _chunks(graph.relations, batch):
        store.upsert([], chunk)


def _cell(value: Any, column_type: str) -> Any:
    if value is None:
        return ""
    if column_type == "STRING[]":
        return "[" + ",".join(value) + "]"  # synthetic values hold no ',' or ']'
    return value


def _copy(
    store: EmbeddedStore, table: str, header: Sequence[str], rows: Iterator[list[Any]], path: Path, options: str = ""
) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerows(rows)
    assert header  # the CSV columns follow the table's column order (header=false)
    extra = f", {options}" if options else ""
    store._run(f"COPY {table} FROM '{path}' (header=false, escape='\"'{extra})")
    path.unlink()


def load_bulk(store: EmbeddedStore, graph: Graph, workdir: Path) -> None:
    """COPY into an empty store from CSV (benchmark only: every key is new and unique by construction;
    the FIELD-NOTES warn that COPY crashes the process on a duplicate key)."""
    assert store.counts().total_nodes == 0, "bulk loading needs an empty store"
    workdir.mkdir(parents=True, exist_ok=True)
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    ids_by_term: dict[str, list[str]] = defaultdict(list)
    for record in graph.entities:
        row = stored_node_row(record.class_name, node_row(record, None))
        by_label[record.class_name].append(row)
        for term in search_keys.entity_terms(row["aliases"]):
            ids_by_term[term].append(record.id)
    for label, rows in by_label.items():
        columns = {c: t.replace(" PRIMARY KEY", "") for c, t in cy.node_columns(label).items()}
        cells = ([_cell(r.get(c), t) for c, t in columns.items()] for r in rows)
        _copy(store, cy.quote(label), list(columns), cells, workdir / f"{label}.csv")
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    onto = ontology()
    for rel in graph.relations:
        key = (rel.relation_name, onto.class_for_id(rel.src).name, onto.class_for_id(rel.dst).name)
        groups[key].append(stored_edge_row(rel.relation_name, edge_row(rel, None)))
    for (rel_type, src, dst), rows in groups.items():
        columns = cy.edge_columns(rel_type)
        cells = ([r["src"], r["dst"], *(_cell(r.get(c), t) for c, t in columns.items())] for r in rows)
        path = workdir / f"{rel_type}-{src}-{dst}.csv"
        _copy(store, cy.quote(rel_type), list(columns), cells, path, f"from='{src}', to='{dst}'")
    write_index(store, ids_by_term)


def write_index(store: EmbeddedStore, ids_by_term: Mapping[str, Sequence[str]]) -> None:
    """The search tables of a fresh store, by UNWIND CREATE in batches of bounded size.

    Not COPY: at 1M entities a term's id list reaches ~110k ids (a 1.8 MB CSV line) and
    COPY of that file hung the engine (every thread waiting, no CPU, no error).
    """
    rows = [{"term": t, "ids": sorted(ids)} for t, ids in ids_by_term.items()]
    for chunk in _sized(rows, "ids"):
        store._run(cy.NEW_SEARCH_TERMS, {"rows": chunk})
    keys = [{"key": k, "terms": sorted(ts)} for k, ts in search_keys.keys_for_terms(ids_by_term).items()]
    for chunk in _sized(keys, "terms"):
        store._run(cy.NEW_SEARCH_KEYS, {"rows": chunk})


def _sized(
    rows: list[dict[str, Any]], field: str, rows_max: int = 20_000, items_max: int = 200_000
) -> Iterator[list[Any]]:
    chunk: list[dict[str, Any]] = []
    items = 0
    for row in rows:
        if chunk and (len(chunk) >= rows_max or items + len(row[field]) > items_max):
            yield chunk
            chunk, items = [], 0
        chunk.append(row)
        items += len(row[field])
    if chunk:
        yield chunk


def index_stored(store: EmbeddedStore) -> None:
    """Builds the search tables of a store whose entities are loaded but not indexed (resumes a bulk load)."""
    ids_by_term: dict[str, list[str]] = defaultdict(list)
    for label in ontology().classes:
        for batch in store.iter_nodes(label, batch_size=50_000):
            for node in batch:
                for term in search_keys.entity_terms(node.aliases):
                    ids_by_term[term].append(node.id)
    write_index(store, ids_by_term)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--mode", choices=("upsert", "bulk"), default="upsert")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--index-only", action="store_true", help="Only build the search tables of a loaded store")
    args = parser.parse_args()
    if args.index_only:
        started = time.perf_counter()
        store = EmbeddedStore(args.data_dir, batch_size=5000)
        index_stored(store)
        store.close()
        print(f"indexed in {time.perf_counter() - started:.1f} s")
        return
    started = time.perf_counter()
    graph = generate(args.nodes, args.seed)
    generated = time.perf_counter()
    print(f"generated {len(graph.entities)} entities, {len(graph.relations)} relations in {generated - started:.1f} s")
    store = EmbeddedStore(args.data_dir, batch_size=5000)
    store.setup_schema()
    if args.mode == "upsert":
        load_upsert(store, graph)
    else:
        load_bulk(store, graph, args.data_dir.with_name(args.data_dir.name + "-csv"))
    loaded = time.perf_counter()
    counts = store.counts()
    store.close()
    print(
        f"loaded ({args.mode}) {counts.total_nodes} nodes, {counts.total_relationships} relations "
        f"in {loaded - generated:.1f} s"
    )


if __name__ == "__main__":
    main()
