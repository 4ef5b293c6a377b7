"""Precision and recall against hand-written gold; the floors are the issue's, the aim is higher.

Printed with `pytest -s` (or run `python -m loaders.text.evaluate -v` for every miss).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.text.evaluate import Gold, Score, all_gold, evaluate, holdout_gold, table

pytestmark = pytest.mark.usefixtures("nlp")

FLOORS = {"Person": 0.95, "Territory": 0.9, "Organization": 0.8, "Event": 0.8, "Project": 0.8}
RELATION_PRECISION = 0.8


def check(title: str, golds: list[Gold]) -> dict[str, Score]:
    scores = evaluate(golds)
    print("\n" + table(f"{title} ({len(golds)} articles)", scores))
    low = [
        f"{cls} {what} {value:.2f} < {floor}"
        for cls, floor in FLOORS.items()
        for what, value in (("precision", scores[cls].precision), ("recall", scores[cls].recall))
        if value < floor
    ]
    if scores["relations"].precision < RELATION_PRECISION:
        low.append(f"relation precision {scores['relations'].precision:.2f} < {RELATION_PRECISION}")
    assert not low, low
    return scores


def test_seed_articles(seeds_dir: Path) -> None:
    golds = [g for g in all_gold() if g.is_seed]
    assert golds and all(g.article_path().exists() for g in golds)
    check("seed articles", golds)


def test_own_sample_articles() -> None:
    golds = [g for g in all_gold() if not g.is_seed]
    assert len(golds) >= 4
    check("own sample articles (data/articles)", golds)


def test_holdout_articles() -> None:
    check("holdout articles (tests/loaders/text/holdout)", holdout_gold())
