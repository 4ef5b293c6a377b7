"""Russian date expressions in news text, anchored to the publication date.

Handles 'с 22 по 24 мая 2026 года', '22–24 мая', 'с 30 мая по 2 июня',
'17 мая', 'в декабре 2025 года', 'в мае', 'в 2026 году', 'в прошлом/этом/
следующем году'. Yearless dates take the publication year; a yearless date in
a future-tense sentence that would fall before publication moves to the next
year. (dateparser was measured to misread such phrases; this is deliberately
small and predictable.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
_MONTH = (
    r"(январ[яье]|феврал[яье]|март[ае]?|апрел[яье]|ма[яйе]|июн[яье]|июл[яье]|август[ае]?"
    r"|сентябр[яье]|октябр[яье]|ноябр[яье]|декабр[яье])"
)
_YEAR = r"(?:\s+(\d{4})(?:\s*(?:года|году|г\.))?)?"
_DASH = r"\s*[-–—]\s*"

RANGE_SAME_MONTH = re.compile(
    rf"\b(?:с\s+)?(\d{{1,2}})(?:\s+по\s+|{_DASH})(\d{{1,2}})\s+{_MONTH}{_YEAR}", re.IGNORECASE
)
RANGE_TWO_MONTHS = re.compile(
    rf"\b(?:с\s+)?(\d{{1,2}})\s+{_MONTH}(?:\s+по\s+|{_DASH})(\d{{1,2}})\s+{_MONTH}{_YEAR}", re.IGNORECASE
)
DAY = re.compile(rf"\b(\d{{1,2}})\s+{_MONTH}{_YEAR}", re.IGNORECASE)
MONTH_YEAR = re.compile(rf"\bв\s+{_MONTH}(?:\s+(\d{{4}})\s*(?:года|г\.)?)?", re.IGNORECASE)
YEAR = re.compile(r"\bв\s+(\d{4})\s*(?:году|г\.)", re.IGNORECASE)
RELATIVE_YEAR = re.compile(r"\bв\s+(прошлом|этом|текущем|нынешнем|следующем|будущем)\s+году", re.IGNORECASE)
YEARS_RANGE = re.compile(r"\b(?:на\s+)?(\d{4})\s*[-–—]\s*(\d{4})\s*(?:годы|гг\.)", re.IGNORECASE)


def month_number(word: str) -> int:
    w = word.lower()
    for stem in sorted(MONTHS, key=len, reverse=True):
        if w.startswith(stem):
            return MONTHS[stem]
    raise ValueError(word)


@dataclass(frozen=True)
class DateSpan:
    start: str  # partial ISO date
    end: str | None
    char_start: int
    char_end: int
    explicit_year: bool


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _iso(y: int, m: int, d: int | None = None) -> str:
    return f"{y:04d}-{m:02d}" + (f"-{d:02d}" if d is not None else "")


def find_dates(text: str, offset: int, anchor: str | None, future: bool) -> list[DateSpan]:
    """Dates in one sentence; `offset` is the sentence's start, `anchor` the publication date."""
    found: list[DateSpan] = []
    taken: list[tuple[int, int]] = []
    anchor_year = int(anchor[:4]) if anchor else None
    anchor_date = anchor if anchor and len(anchor) == 10 else None

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def year_for(raw: str | None, m: int, d: int | None) -> tuple[int | None, bool]:
        if raw:
            return int(raw), True
        if anchor_year is None:
            return None, False
        y = anchor_year
        if future and anchor_date and _iso(y, m, d or 28) < anchor_date:
            y += 1
        return y, False

    for m in RANGE_TWO_MONTHS.finditer(text):
        d1, m1, d2, m2, raw = int(m[1]), month_number(m[2]), int(m[3]), month_number(m[4]), m[5]
        y, explicit = year_for(raw, m2, d2)
        if y is not None and _valid(y, m1, d1) and _valid(y, m2, d2) and free(m.start(), m.end()):
            found.append(DateSpan(_iso(y, m1, d1), _iso(y, m2, d2), offset + m.start(), offset + m.end(), explicit))
            taken.append((m.start(), m.end()))
    for m in RANGE_SAME_MONTH.finditer(text):
        d1, d2, mo, raw = int(m[1]), int(m[2]), month_number(m[3]), m[4]
        y, explicit = year_for(raw, mo, d2)
        if y is not None and d1 < d2 and _valid(y, mo, d1) and _valid(y, mo, d2) and free(m.start(), m.end()):
            found.append(DateSpan(_iso(y, mo, d1), _iso(y, mo, d2), offset + m.start(), offset + m.end(), explicit))
            taken.append((m.start(), m.end()))
    for m in DAY.finditer(text):
        d, mo, raw = int(m[1]), month_number(m[2]), m[3]
        y, explicit = year_for(raw, mo, d)
        if y is not None and _valid(y, mo, d) and free(m.start(), m.end()):
            found.append(DateSpan(_iso(y, mo, d), None, offset + m.start(), offset + m.end(), explicit))
            taken.append((m.start(), m.end()))
    for m in MONTH_YEAR.finditer(text):
        mo, raw = month_number(m[1]), m[2]
        y, explicit = year_for(raw, mo, None)
        if y is not None and free(m.start(), m.end()):
            found.append(DateSpan(_iso(y, mo), None, offset + m.start(), offset + m.end(), explicit))
            taken.append((m.start(), m.end()))
    for m in YEAR.finditer(text):
        if free(m.start(), m.end()):
            found.append(DateSpan(m[1], None, offset + m.start(), offset + m.end(), True))
            taken.append((m.start(), m.end()))
    for m in RELATIVE_YEAR.finditer(text):
        if anchor_year is None or not free(m.start(), m.end()):
            continue
        shift = {"прошлом": -1, "следующем": 1, "будущем": 1}.get(m[1].lower(), 0)
        found.append(DateSpan(str(anchor_year + shift), None, offset + m.start(), offset + m.end(), False))
        taken.append((m.start(), m.end()))
    found.sort(key=lambda s: s.char_start)
    return found


def explicit_years(text: str) -> list[int]:
    """Every four-digit year written with a date word ('2026 года', 'в 2025 году')."""
    return [int(y) for y in re.findall(r"\b((?:19|20)\d{2})\s*(?:года|году|год|г\.)", text)]
