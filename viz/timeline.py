"""Dates of nodes and edges as day intervals, and the time window that filters them.

Dates in the graph are partial (2026, 2026-05, 2026-05-22): each becomes the
first and last day it can mean, as ISO text, so Python and the page's script
compare intervals the same way, by plain string order.
"""

from __future__ import annotations

import calendar
import re

from graph.shapes import Edge, Node

OPEN_START = "0001-01-01"
OPEN_END = "9999-12-31"
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

Interval = tuple[str, str]


def day_range(value: object) -> Interval | None:
    """First and last day a partial date covers; None when it is no date."""
    if value is None:
        return None
    match = _PARTIAL.match(str(value))
    if not match:
        return None
    year, month, day = match.groups()
    if day:
        return f"{year}-{month}-{day}", f"{year}-{month}-{day}"
    if month:
        last = calendar.monthrange(int(year), int(month))[1]
        return f"{year}-{month}-01", f"{year}-{month}-{last:02d}"
    return f"{year}-01-01", f"{year}-12-31"


def span(start: object, end: object, *, open_ended: bool) -> Interval | None:
    """The interval from `start` to `end`; a lone start lasts its own period, or forever if `open_ended`."""
    a, b = day_range(start), day_range(end)
    if a and b:
        return a[0], b[1]
    if a:
        return (a[0], OPEN_END) if open_ended else a
    if b:
        return OPEN_START, b[1]
    return None


def node_interval(node: Node) -> Interval | None:
    """Events last their dates; projects and organizations run from start until they end; articles are a day."""
    p = node.properties
    if node.label == "Article":
        return day_range(p.get("published"))
    if node.label == "Event":
        return span(p.get("start_date"), p.get("end_date"), open_ended=False)
    if node.label in ("Project", "Organization"):
        return span(p.get("start_date"), p.get("end_date"), open_ended=True)
    return None


def edge_interval(edge: Edge, ends: dict[str, Node]) -> Interval | None:
    """An edge's own dates; else the dates of the event it touches (taking part happens when the event does)."""
    p = edge.properties
    own = span(p.get("start_date"), p.get("end_date"), open_ended=True) or day_range(p.get("date"))
    if own:
        return own
    for end_id in (edge.src, edge.dst):
        node = ends.get(end_id)
        if node is not None and node.label == "Event":
            found = node_interval(node)
            if found:
                return found
    return None


def window(since: str | None, until: str | None) -> Interval | None:
    """The filter's interval; None when neither end is given."""
    if since is None and until is None:
        return None
    lo = day_range(since) if since else None
    hi = day_range(until) if until else None
    if (since and lo is None) or (until and hi is None):
        raise ValueError(f"dates must look like 2026, 2026-05 or 2026-05-22 (got {since!r}, {until!r})")
    return (lo[0] if lo else OPEN_START), (hi[1] if hi else OPEN_END)


def overlaps(item: Interval | None, win: Interval | None) -> bool:
    """Undated items are always in; dated ones when they share a day with the window."""
    if item is None or win is None:
        return True
    return item[0] <= win[1] and item[1] >= win[0]


def show(interval: Interval | None) -> str:
    """An interval for people: one day, a range, or 'from ...'."""
    if interval is None:
        return ""
    a, b = interval
    if a == b:
        return a
    if b == OPEN_END:
        return f"from {a}"
    if a == OPEN_START:
        return f"until {b}"
    return f"{a} – {b}"
