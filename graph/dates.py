"""Partial ISO dates ('2026', '2026-05', '2026-05-22') and the window a timeline asks for.

A fact overlaps a window at the precision it is known: '2026-05' overlaps a window
from 2026-05-22.  The rules live here once: which properties hold a fact's start
and end, the window's bounds as strings, and the Cypher fragments that filter and
order by them with the same string comparisons as Python (Neo4j answers timelines
in Cypher; the embedded store reads the dates with `cypher_span` and keeps them
in memory, graph.dated_index).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from graph.shapes import Edge
from ontology.model import ontology

AFTER = "~"  # sorts after every digit and '-': '2026-05' + '~' is the end of May 2026
START_PROPERTIES = ("start_date", "date")  # the first one present is a fact's start
END_PROPERTIES = ("end_date",)
_NULL = "CAST(NULL AS STRING)"


def dated_relation_types() -> list[str]:
    """The relation types that can carry a date: the ones a timeline reads."""
    dated = set(START_PROPERTIES + END_PROPERTIES)
    return [t for t, rel in ontology().relations.items() if {p.name for p in rel.properties} & dated]


def span(properties: Mapping[str, object]) -> tuple[str | None, str | None]:
    """A fact's (start, end) as strings, None where unknown."""
    start = next((properties[p] for p in START_PROPERTIES if properties.get(p)), None)
    end = next((properties[p] for p in END_PROPERTIES if properties.get(p)), None)
    return (str(start) if start else None, str(end) if end else None)


Position = tuple[bool, str, str, str]  # a fact's place in timeline order: sort_key


def sort_key(start: str | None, end: str | None, key: str) -> Position:
    """Timeline order: by start, then end, then id or key; facts without a start last."""
    return (start is None, start or "", end or "", key)


def after_parameters(after: Position | None) -> dict[str, object]:
    """$pos_undated, $pos_start, $pos_end, $pos_key for `cypher_after`: the last fact of the page before."""
    if after is None:
        return {}
    undated, start, end, key = after
    return {"pos_undated": undated, "pos_start": start, "pos_end": end, "pos_key": key}


def first(edges: Iterable[Edge], limit: int) -> list[Edge]:
    """The first `limit` relations in timeline order, each once (reads from both ends may repeat one)."""
    unique = {e.key: e for e in edges}.values()
    return sorted(unique, key=lambda e: sort_key(*span(e.properties), e.key))[:limit]


@dataclass(frozen=True)
class Window:
    """The dates a timeline asks for; either bound may be open."""

    since: str | None = None
    until: str | None = None

    @property
    def is_open(self) -> bool:
        """Undated events belong only to a timeline with no bounds at all."""
        return self.since is None and self.until is None

    def parameters(self) -> dict[str, object]:
        """$low, $high and $undated for the fragments below."""
        high = self.until + AFTER if self.until else AFTER * 2
        return {"low": self.since or "", "high": high, "undated": self.is_open}

    def holds(self, start: str | None, end: str | None) -> bool:
        if start is None and end is None:
            return self.is_open
        low, high = start or end or "", (end or start or "") + AFTER
        return (self.until is None or low <= self.until + AFTER) and (self.since is None or high >= self.since)


def _present(var: str, wanted: tuple[str, ...], names: Collection[str]) -> list[str]:
    return [f"{var}.{p}" for p in wanted if p in names]


def cypher_overlaps(var: str, names: Collection[str], *, undated: bool) -> str:
    """`Window.holds` over the properties `names` of `var`, given $low and $high (and $undated if `undated`)."""
    starts, ends = _present(var, START_PROPERTIES, names), _present(var, END_PROPERTIES, names)
    low, high = _coalesce(starts + ends), _coalesce(ends + starts)
    dated = f"{low} <= $high AND {high} + '{AFTER}' >= $low"
    return f"(({low} IS NULL AND $undated) OR ({dated}))" if undated else f"({dated})"


def cypher_span(var: str, names: Collection[str]) -> tuple[str, str]:
    """`span` in Cypher: a fact's start and end (a typed NULL where it has no such property)."""
    start, end = (_present(var, wanted, names) for wanted in (START_PROPERTIES, END_PROPERTIES))
    return (_coalesce(start) if start else _NULL, _coalesce(end) if end else _NULL)


def cypher_order(var: str, names: Collection[str], key: str) -> str:
    """`sort_key` as an ORDER BY list."""
    return ", ".join(_order_terms(var, names, key))


def cypher_after(var: str, names: Collection[str], key: str, *, paged: bool) -> str:
    """` AND sort_key(...) > after`, given `after_parameters`: keyset paging, so a deep page costs what
    the first does.  Nothing for a first page: the test costs an open window's scan ~25% (1M nodes)."""
    if not paged:
        return ""
    undated, start, end, k = _order_terms(var, names, key)
    return (
        f" AND (({undated} AND NOT $pos_undated) OR ({undated} = $pos_undated AND ({start} > $pos_start OR "
        f"({start} = $pos_start AND ({end} > $pos_end OR ({end} = $pos_end AND {k} > $pos_key))))))"
    )


def cypher_position(var: str, names: Collection[str], key: str) -> str:
    """`sort_key` as RETURN columns pos_undated, pos_start, pos_end, pos_key (as `after_parameters`
    names them): a fact's position without the fact."""
    undated, start, end, k = _order_terms(var, names, key)
    return f"{undated} AS pos_undated, {start} AS pos_start, {end} AS pos_end, {k} AS pos_key"


def _order_terms(var: str, names: Collection[str], key: str) -> tuple[str, str, str, str]:
    start = _coalesce(_present(var, START_PROPERTIES, names))
    ends = _present(var, END_PROPERTIES, names)
    end = f"coalesce({ends[0]}, '')" if ends else "''"
    return f"{start} IS NULL", f"coalesce({start}, '')", end, f"{var}.{key}"


def _coalesce(terms: list[str]) -> str:
    if not terms:
        raise ValueError("a dated fact needs at least one date property")
    return terms[0] if len(terms) == 1 else f"coalesce({', '.join(terms)})"
