"""Layouts and dates: the pieces the views stand on."""

from __future__ import annotations

import math
import random

import pytest

from ontology.model import ontology
from viz import layout, timeline
from viz.styles import class_names, edge_style, node_style, relation_types


def scale_free(n: int, seed: int = 3) -> tuple[list[str], list[tuple[str, str]]]:
    rng = random.Random(seed)
    ids = [f"n{i}" for i in range(n)]
    targets = ["n0", "n1"]
    pairs = [("n0", "n1")]
    for i in range(2, n):
        for t in sorted({rng.choice(targets) for _ in range(rng.choice([1, 1, 2]))}):
            pairs.append((ids[i], t))
            targets += [ids[i], t]
    return ids, pairs


def test_force_layout_is_finite_spread_and_deterministic() -> None:
    ids, pairs = scale_free(400)
    pos = layout.force(ids, pairs)
    assert set(pos) == set(ids)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    assert len({(round(x), round(y)) for x, y in pos.values()}) == len(ids)
    assert layout.force(ids, pairs) == pos
    # Neighbours end up closer than strangers.
    near = sum(math.dist(pos[a], pos[b]) for a, b in pairs) / len(pairs)
    rng = random.Random(1)
    far = sum(math.dist(pos[rng.choice(ids)], pos[rng.choice(ids)]) for _ in range(500)) / 500
    assert near < far / 2


def test_force_layout_keeps_groups_together_and_isolated_nodes_close() -> None:
    ids, pairs = scale_free(300)
    groups = {n: ("a" if int(n[1:]) % 2 else "b") for n in ids}
    pos = layout.force([*ids, "alone"], pairs, groups={**groups, "alone": "b"})
    assert "alone" in pos and not any(k.startswith("group::") for k in pos)
    centre = {g: tuple(sum(pos[n][i] for n in ids if groups[n] == g) / 150 for i in (0, 1)) for g in "ab"}
    own = sum(math.dist(pos[n], centre[groups[n]]) for n in ids)
    other = sum(math.dist(pos[n], centre["b" if groups[n] == "a" else "a"]) for n in ids)
    assert own < other


def test_radial_puts_the_focus_in_the_middle_and_rings_outward() -> None:
    ids = ["root", "a", "b", "a1", "a2", "b1"]
    pairs = [("root", "a"), ("root", "b"), ("a", "a1"), ("a", "a2"), ("b", "b1")]
    pos = layout.radial("root", ids, pairs, lambda parent, child: (child,))
    assert pos["root"] == (0.0, 0.0)
    r1 = math.hypot(*pos["a"])
    assert math.isclose(r1, math.hypot(*pos["b"]))
    assert all(math.hypot(*pos[n]) > r1 for n in ("a1", "a2", "b1"))


def test_strip_lays_paths_left_to_right() -> None:
    pos = layout.strip([["s", "x", "t"], ["s", "y", "t"]])
    assert pos["s"][0] < pos["x"][0] < pos["t"][0]
    assert pos["s"][1] == pos["t"][1] == 0.0
    assert pos["x"][1] != pos["y"][1]


def test_spread_removes_overlaps() -> None:
    discs = {k: (0.0, float(i), 10.0) for i, k in enumerate("abcde")}
    out = layout.spread(discs, gap=5)
    for a in out:
        for b in out:
            if a < b:
                assert math.dist(out[a][:2], out[b][:2]) >= 24.9


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026", ("2026-01-01", "2026-12-31")),
        ("2024-02", ("2024-02-01", "2024-02-29")),
        ("2026-05-22", ("2026-05-22",) * 2),
    ],
)
def test_partial_dates_become_day_ranges(value: str, expected: tuple[str, str]) -> None:
    assert timeline.day_range(value) == expected


def test_window_overlap() -> None:
    win = timeline.window("2026-05", None)
    assert win == ("2026-05-01", timeline.OPEN_END)
    assert timeline.overlaps(("2026-05-22", "2026-05-24"), win)
    assert not timeline.overlaps(("2025-11-25", "2025-11-25"), win)
    assert timeline.overlaps(None, win), "undated facts are never cut by the export filter"
    with pytest.raises(ValueError, match="dates must look like"):
        timeline.window("last May", None)


def test_styles_come_from_the_ontology() -> None:
    onto = ontology()
    assert class_names() == onto.labels and relation_types() == onto.relationship_types
    for name, cls in onto.classes.items():
        assert node_style(name).color == cls.color and node_style(name).shape == cls.shape
        shades = {node_style(name, k.code).color for k in cls.kinds}
        assert len(shades) == len(cls.kinds), f"every kind of {name} has its own shade"
        assert all(node_style(name, k.code).border == cls.color for k in cls.kinds)
    for name, rel in onto.relations.items():
        assert edge_style(name).color == rel.color and edge_style(name).dashes == rel.dashes
        assert edge_style(name).label("ru") == rel.labels["ru"]
