"""Dates as integers must keep the order and the overlaps of the strings (graph.dates)."""

from __future__ import annotations

import itertools

import numpy as np
import pyarrow as pa

from graph.dated_index import NO_DATE, Facts, day, days
from graph.dates import Window, sort_key

DATES = ["2024-12-31", "2025", "2025-01", "2025-01-01", "2025-12", "2025-12-31", "2026", "2026-05", "2026-05-22"]


def test_days_order_partial_dates_as_the_strings_do() -> None:
    for a, b in itertools.product(DATES, repeat=2):
        assert (day(a, closing=False) < day(b, closing=False)) == (a < b), (a, b)
    for closing in (False, True):  # one value in Python, a column in Arrow: the same numbers
        assert days(pa.array([*DATES, None]), closing=closing).tolist() == [
            *(day(d, closing=closing) for d in DATES),
            NO_DATE,
        ]


def test_a_window_holds_what_window_holds_says_and_positions_are_sort_keys() -> None:
    spans = [(s, e) for s in [None, *DATES] for e in [None, *DATES] if s is None or e is None or s <= e] * 3  # ties
    facts = Facts.build(
        keys=pa.chunked_array([pa.array([f"k{i}" for i in range(len(spans))])]),
        starts=pa.chunked_array([pa.array([s for s, _ in spans], pa.string())]),
        ends=pa.chunked_array([pa.array([e for _, e in spans], pa.string())]),
        refs=np.arange(len(spans), dtype=np.int64),
        nodes=(np.zeros(len(spans), dtype=np.int64),),
    )
    ordered = sorted(range(len(spans)), key=lambda i: sort_key(*spans[i], f"k{i}"))
    for since, until in itertools.product([None, *DATES], repeat=2):
        window = Window(since, until)
        expected = [i for i in ordered if window.holds(*spans[i])]
        hits = facts.page(window, None, None, None, len(spans))
        assert facts.refs[hits].tolist() == expected, window
        assert facts.positions(hits) == [sort_key(*spans[i], f"k{i}") for i in expected], window
        for at in {0, len(expected) // 2, len(expected) - 1} if expected else ():
            after = sort_key(*spans[expected[at]], f"k{expected[at]}")
            assert facts.refs[facts.page(window, after, None, None, len(spans))].tolist() == expected[at + 1 :], window
