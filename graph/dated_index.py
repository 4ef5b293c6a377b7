"""Timeline pages from memory for the embedded store, instead of a scan per page.

LadybugDB has no index on a property, so a timeline page scanned every event and every
relation of each dated type (a month at 1M nodes: ~0.45 s in-process).  Here each source of
a timeline (the events; each dated relation type) is kept in timeline order
(graph.dates.sort_key) with its dates as integers, so a page is a vectorised filter from the
position after the page before, then a read of the page's facts by key.  An index belongs to
one snapshot of the shape (graph.topology) and to the writes committed when it was built.

A partial date as an integer is YYYYMMDD with its unknown parts 00 where it opens a span and
99 where it closes one ('2026-05' covers 20260500-20260599): integers compare as the strings
do with graph.dates.AFTER appended, so a window holds what Window.holds says it holds.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from graph.dates import Position, Window
from graph.topology import Ints, Mask, Topology

NO_DATE = -1  # a fact with neither a start nor an end
SCOPES_KEPT = 8  # masks of a timeline's scope kept per index (1 MB each at 1M nodes)
_FIRST_DAY, _LAST_DAY = 0, 99
_START_SHIFT, _UNDATED_SHIFT = 27, 54  # a day fits in 27 bits
_DAY_MASK = (1 << _START_SHIFT) - 1


def day(text: str, *, closing: bool) -> int:
    """A partial date ('2026', '2026-05', '2026-05-22') as YYYYMMDD, its unknown parts filled.

    `days` for one value, in plain Python: a page reads a few (its window, the position before it),
    and pyarrow spends ~0.1 ms on each Python value it converts (it tries to import an optional
    module each time), 0.8 ms a date through `days`. The test holds the two to the same results."""
    fill = _LAST_DAY if closing else _FIRST_DAY
    month, dd = text[5:7], text[8:10]
    return int(text[:4]) * 10_000 + (int(month) if month else fill) * 100 + (int(dd) if dd else fill)


def days(texts: pa.ChunkedArray | pa.Array, *, closing: bool) -> Ints:
    """`day` for a column of partial dates: NO_DATE where null."""
    fill = f"{_LAST_DAY if closing else _FIRST_DAY:02d}"
    texts = pc.cast(texts, pa.string())

    def part(start: int, stop: int) -> pa.Array:
        digits = pc.utf8_slice_codeunits(texts, start, stop)
        return pc.cast(pc.if_else(pc.equal(digits, ""), fill, digits), pa.int64())

    year = pc.cast(pc.utf8_slice_codeunits(texts, 0, 4), pa.int64())
    number = pc.add(pc.add(pc.multiply(year, 10_000), pc.multiply(part(5, 7), 100)), part(8, 10))
    found: Ints = np.asarray(pc.fill_null(number, NO_DATE).to_numpy(zero_copy_only=False), dtype=np.int64)
    return found


def _text(day: int) -> str:
    """A YYYYMMDD of an opening date back to the partial date it was read from ('' for none): months
    and days are never 00 in a real date, so 00 can only be a filled part."""
    if day <= 0:
        return ""
    year, month, dd = day // 10_000, day // 100 % 100, day % 100
    if not month:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if not dd else f"{year:04d}-{month:02d}-{dd:02d}"


def _code(no_start: Any, start: Any, end: Any) -> Any:
    """(no start, start, end) as one int64 that sorts as graph.dates.sort_key does (missing dates 0);
    for ints or arrays of them alike."""
    return (no_start << _UNDATED_SHIFT) | (start << _START_SHIFT) | end


@dataclass(frozen=True)
class Facts:
    """One source of a timeline in timeline order: each fact's place, dates and where it is held."""

    code: Ints  # _code(...), ascending; facts with the same code follow in key order
    keys: pa.ChunkedArray  # an event's id, a relation's key
    low: Ints  # the first day the fact may cover (NO_DATE: it has no date)
    high: Ints  # the last day
    refs: Ints  # an event's node, a relation's entry in the shape
    ends: tuple[Ints, ...]  # the nodes a scope must hold one of: an event, or a relation's two ends
    series: pa.ChunkedArray | None = None

    @classmethod
    def build(
        cls,
        keys: pa.ChunkedArray,
        starts: pa.ChunkedArray,
        ends: pa.ChunkedArray,
        refs: Ints,
        nodes: tuple[Ints, ...],
        series: pa.ChunkedArray | None = None,
    ) -> Facts:
        start, end = days(starts, closing=False), days(ends, closing=False)
        low = np.where(start != NO_DATE, start, end)
        high = np.where(end != NO_DATE, days(ends, closing=True), days(starts, closing=True))
        no_start = (start == NO_DATE).astype(np.int64)
        code = np.asarray(_code(no_start, np.maximum(start, 0), np.maximum(end, 0)), dtype=np.int64)
        order = pc.sort_indices(
            pa.table({"code": code, "key": keys}), sort_keys=[("code", "ascending"), ("key", "ascending")]
        ).to_numpy()
        return cls(
            code=code[order],
            keys=keys.take(order),
            low=low[order],
            high=high[order],
            refs=refs[order],
            ends=tuple(n[order] for n in nodes),
            series=series.take(order) if series is not None else None,
        )

    def page(self, window: Window, after: Position | None, scope: Mask | None, series: str | None, limit: int) -> Ints:
        """Where the first `limit` facts after `after` that overlap the window and touch the scope are
        among these facts (`refs` and `positions` tell what they are).

        Facts with a start come first, by start: those starting after the window's end are never
        looked at (a month at 1M nodes: half the facts on average); those without one come last."""
        begin = self._after(after) if after is not None else 0
        undated = int(np.searchsorted(self.code, _code(1, 0, 0)))
        stop = undated
        if window.until is not None:
            stop = int(np.searchsorted(self.code, _code(0, day(window.until, closing=True) + 1, 0)))
        hits = self._hits(window, scope, series, begin, stop, limit)
        if len(hits) < limit:
            rest = self._hits(window, scope, series, max(begin, undated), len(self.code), limit - len(hits))
            hits = np.concatenate([hits, rest])
        return hits

    def _hits(self, window: Window, scope: Mask | None, series: str | None, begin: int, stop: int, limit: int) -> Ints:
        """`page` over the facts from `begin` to `stop`."""
        keep: Mask = np.ones(max(stop - begin, 0), dtype=np.bool_)
        if not len(keep) or (series is not None and self.series is None):
            return np.zeros(0, dtype=np.int64)
        if not window.is_open:  # only an open window holds facts without a date
            low, high = self.low[begin:stop], self.high[begin:stop]
            keep &= low != NO_DATE
            if window.until is not None:
                keep &= low <= day(window.until, closing=True)
            if window.since is not None:
                keep &= high >= day(window.since, closing=False)
        if scope is not None:
            keep &= np.logical_or.reduce([scope[nodes[begin:stop]] for nodes in self.ends])
        if series is not None and self.series is not None:
            chosen = pc.equal(self.series[begin:stop], pa.scalar(series, pa.string()))  # typed: no conversion
            keep &= pc.fill_null(chosen, False).to_numpy(zero_copy_only=False)
        hits: Ints = np.flatnonzero(keep)[:limit] + begin
        return hits

    def positions(self, hits: Ints) -> list[Position]:
        """These facts' places in timeline order (graph.dates.sort_key), from their codes alone: a
        timeline merges its sources by position before it reads anything."""
        codes = self.code[hits]
        no_start = (codes >> _UNDATED_SHIFT).tolist()
        starts = ((codes >> _START_SHIFT) & _DAY_MASK).tolist()
        ends = (codes & _DAY_MASK).tolist()
        keys = self.keys.take(pa.array(hits, pa.int64())).to_pylist()
        return [
            (bool(undated), _text(start), _text(end), key)
            for undated, start, end, key in zip(no_start, starts, ends, keys, strict=True)
        ]

    def _after(self, position: Position) -> int:
        """Where the facts after this position begin."""
        undated, start, end, key = position
        at = _code(int(undated), day(start, closing=False) if start else 0, day(end, closing=False) if end else 0)
        lo, hi = (int(np.searchsorted(self.code, at, side=side)) for side in ("left", "right"))
        while lo < hi:  # by key among the facts of one code (a month's thousands): a few reads, not a list
            middle = (lo + hi) // 2
            if self.keys[middle].as_py() <= key:
                lo = middle + 1
            else:
                hi = middle
        return lo


@dataclass
class DatedIndex:
    """Every timeline source of one snapshot: the events, and each dated relation type."""

    shape: Topology
    writes: int  # the store's committed writes when it was built: any later one makes it stale
    events: Facts
    relations: dict[str, Facts]
    _by_id: tuple[npt.NDArray[np.bytes_], Ints] | None = field(default=None, repr=False)
    _scopes: dict[tuple[str, ...], Mask] = field(default_factory=dict, repr=False)
    _scopes_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def scope(self, entity_ids: Sequence[str]) -> Mask:
        """The shape's nodes of these entities, as a mask (unknown ids are left out).

        A timeline asks each of its sources twice (positions, then facts) with the same scope, and a
        territory's is thousands of ids (2.6 ms a mask at 1M nodes): the last few masks are kept."""
        key = tuple(entity_ids)
        with self._scopes_lock:  # requests share the index
            mask = self._scopes.get(key)
            if mask is None:
                mask = self._mask(key)
                if len(self._scopes) >= SCOPES_KEPT:
                    del self._scopes[next(iter(self._scopes))]
                self._scopes[key] = mask
            return mask

    def _mask(self, entity_ids: Sequence[str]) -> Mask:
        if self._by_id is None:  # sorted once per snapshot, on the first scoped timeline (~0.25 s at 1M)
            order = np.argsort(self.shape.ids, kind="stable")
            self._by_id = (self.shape.ids[order], order)
        ordered, nodes = self._by_id
        width = ordered.dtype.itemsize
        encoded = (i.encode() for i in entity_ids)
        wanted = np.array([i for i in encoded if 0 < len(i) <= width], dtype=ordered.dtype)
        at = np.minimum(np.searchsorted(ordered, wanted), max(len(ordered) - 1, 0))
        mask: Mask = np.zeros(self.shape.size, dtype=np.bool_)
        if len(ordered):
            mask[nodes[at[ordered[at] == wanted]]] = True
        return mask
