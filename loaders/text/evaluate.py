"""Precision and recall of extraction against hand-written gold (tests/loaders/text/gold/*.yaml).

Extraction is scored on its own, against an empty graph: what the rules and
in-article coreference find, not what curated data would add. Entities match
on class and folded name (the gold lists accepted alternatives); relations on
type and both ends. Candidates kept for review are neither right nor wrong.
Run `python -m loaders.text.evaluate` to print the table.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.names import fold
from loaders.text.model import Extraction

ROOT = Path(__file__).resolve().parents[2]
GOLD_DIR = ROOT / "tests" / "loaders" / "text" / "gold"
HOLDOUT_DIR = ROOT / "tests" / "loaders" / "text" / "holdout" / "gold"
SEEDS_DIR = ROOT.parent / "shared" / "seeds"
ENTITY_CLASSES = ("Person", "Territory", "Organization", "Event", "Project")


@dataclass
class Gold:
    path: Path
    source: str
    record: str | None
    entities: list[tuple[str, list[str]]]  # class, names (preferred first)
    relations: list[tuple[str, str, str]]

    @property
    def is_seed(self) -> bool:
        return self.source.startswith("seeds:")

    def article_path(self) -> Path:
        if self.is_seed:
            return SEEDS_DIR / self.source.removeprefix("seeds:")
        return ROOT / self.source


def load_gold(path: Path) -> Gold:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    entities = []
    for item in data.get("entities") or []:
        cls, _, names = str(item).partition(":")
        entities.append((cls.strip(), [n.strip() for n in names.split("|") if n.strip()]))
    relations = []
    for item in data.get("relations") or []:
        rel, _, ends = str(item).partition(":")
        src, _, dst = ends.partition("->")
        relations.append((rel.strip(), src.strip(), dst.strip()))
    return Gold(path, str(data["source"]), data.get("record"), entities, relations)


def all_gold() -> list[Gold]:
    return [load_gold(p) for p in sorted(GOLD_DIR.glob("*.yaml"))]


def holdout_gold() -> list[Gold]:
    return [load_gold(p) for p in sorted(HOLDOUT_DIR.glob("*.yaml"))]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.errors += other.errors


def _f(name: str) -> str:
    return fold(name).replace("ё", "е")


def score(gold: Gold, extraction: Extraction) -> dict[str, Score]:
    """Scores per entity class and for typed relations ('relations') of one article."""
    scores: dict[str, Score] = {c: Score() for c in ENTITY_CLASSES}
    scores["relations"] = Score()
    gold_names: dict[tuple[str, str], int] = {}
    for i, (cls, names) in enumerate(gold.entities):
        for n in names:
            gold_names[(cls, _f(n))] = i
    matched: dict[int, int] = {}  # extracted entity idx -> gold index
    found_gold: set[int] = set()
    for e in extraction.entities:
        if e.candidate or e.cls not in scores:
            continue
        g = gold_names.get((e.cls, _f(e.name)))
        s = scores[e.cls]
        if g is None:
            s.fp += 1
            s.errors.append(f"{gold.path.name}: extra {e.cls} {e.name!r}")
        elif g in found_gold:
            s.fp += 1
            s.errors.append(f"{gold.path.name}: duplicate {e.cls} {e.name!r}")
        else:
            s.tp += 1
            found_gold.add(g)
            matched[e.idx] = g
    for i, (cls, names) in enumerate(gold.entities):
        if i not in found_gold:
            scores[cls].fn += 1
            scores[cls].errors.append(f"{gold.path.name}: missed {cls} {names[0]!r}")
    # relations: ends by gold index
    by_any_name = {_f(n): i for i, (_, names) in enumerate(gold.entities) for n in names}
    wanted = set()
    for rel_name, src_name, dst_name in gold.relations:
        a, b = by_any_name.get(_f(src_name)), by_any_name.get(_f(dst_name))
        if a is None or b is None:
            raise ValueError(
                f"{gold.path}: relation end not among the gold entities: {rel_name} {src_name} -> {dst_name}"
            )
        wanted.add((rel_name, a, b))
    entity_names = {e.idx: e.name for e in extraction.entities}
    got = set()
    r = scores["relations"]
    for rel in extraction.relations:
        a, b = matched.get(rel.src), matched.get(rel.dst)
        k = (rel.type, a, b)
        if k in got and a is not None and b is not None:
            continue
        got.add(k)
        if a is not None and b is not None and k in wanted:
            r.tp += 1
        else:
            r.fp += 1
            r.errors.append(
                f"{gold.path.name}: extra {rel.type} {entity_names.get(rel.src)!r} -> "
                f"{entity_names.get(rel.dst)!r} [{rel.rule}]"
            )
    for rel_type, a, b in sorted(wanted - got):
        r.fn += 1
        r.errors.append(f"{gold.path.name}: missed {rel_type} {gold.entities[a][1][0]!r} -> {gold.entities[b][1][0]!r}")
    return scores


def extract_gold(gold: Gold) -> Extraction:
    from loaders.text.extract import extract
    from loaders.text.reader import RawArticle, read_path

    for item in read_path(gold.article_path()):
        if isinstance(item, RawArticle) and (gold.record is None or item.external_id == gold.record):
            return extract(item)
    raise LookupError(f"{gold.path}: article not found in {gold.article_path()}")


def evaluate(golds: Iterable[Gold]) -> dict[str, Score]:
    total: dict[str, Score] = {}
    for gold in golds:
        for k, v in score(gold, extract_gold(gold)).items():
            total.setdefault(k, Score()).add(v)
    return total


def table(title: str, scores: dict[str, Score]) -> str:
    lines = [f"{title}", f"  {'type':13} {'P':>6} {'R':>6} {'tp':>4} {'fp':>4} {'fn':>4}"]
    for k, s in scores.items():
        lines.append(f"  {k:13} {s.precision:6.2f} {s.recall:6.2f} {s.tp:4} {s.fp:4} {s.fn:4}")
    return "\n".join(lines)


def main(argv: Sequence[str] = ()) -> int:
    golds = all_gold()
    verbose = "-v" in argv
    seeds = [g for g in golds if g.is_seed and g.article_path().exists()]
    own = [g for g in golds if not g.is_seed]
    holdout = holdout_gold()
    for title, group in (("seed articles", seeds), ("own sample articles", own), ("holdout articles", holdout)):
        if not group:
            print(f"{title}: none available")
            continue
        scores = evaluate(group)
        print(table(f"{title} ({len(group)})", scores))
        if verbose:
            for s in scores.values():
                for e in s.errors:
                    print("    " + e)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
