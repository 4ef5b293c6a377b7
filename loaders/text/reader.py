"""Reading articles: files and JSON lines, encodings, headers; every failure named per file or line.

A text or Markdown file is one article; a JSON-lines file holds one article
per line ({"id", "title", "date", "source", "url", "text"}). UTF-8 is
expected; Windows-1251 and KOI8-R are recognized, converted and reported.
The header of a text gives what it can: a Markdown title, a leading
'date 2025-11-25', a dateline 'БЛАГОВЕЩЕНСК, 11 марта, ФедералПресс.'.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from loaders.text.dates import _MONTH, month_number

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES
MAX_BYTES = 5_000_000  # one news article is rarely above 100 kB
_COMMON_RU = "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэф"


@dataclass
class RawArticle:
    """One article as read, before any language processing."""

    origin: str  # where it came from: 'path' or 'path:line'
    text: str  # the stored text; every offset points into it
    analysis_text: str  # same length; header markup blanked for the NLP
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    external_id: str | None = None
    dateline: str | None = None
    dateline_day: tuple[int, int] | None = None  # (month, day) of a yearless dateline
    outlet_span: tuple[int, int] | None = None  # where the dateline names the outlet
    warnings: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def article_id(self) -> str:
        return f"article:{self.content_hash[:16]}"


@dataclass
class ReadFailure:
    origin: str
    reason: str


class ReadError(Exception):
    pass


def discover(paths: Sequence[Path]) -> list[Path]:
    """Article files under folders (by name), and files given directly, in the order given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _score(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    cyr = [c for c in letters if "а" <= c.lower() <= "я" or c.lower() == "ё"]
    if len(cyr) < 0.3 * len(letters):
        return 0.0
    lower = sum(1 for c in cyr if c.islower()) / len(cyr)
    common = sum(1 for c in cyr if c.lower() in _COMMON_RU[:12]) / len(cyr)
    return lower + common


def decode(data: bytes) -> tuple[str, str | None]:
    """Text of the bytes and a warning when it was not UTF-8; ReadError when it is no text."""
    if b"\x00" in data[:65536]:
        raise ReadError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    best: tuple[float, str, str] | None = None
    for encoding in ("cp1251", "koi8_r"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _score(text)
        if best is None or score > best[0]:
            best = (score, encoding, text)
    if best is None or best[0] < 1.0:
        raise ReadError(f"unknown encoding: not UTF-8 (invalid byte at {utf8_error.start}), nor Windows-1251 or KOI8-R")
    name = {"cp1251": "Windows-1251", "koi8_r": "KOI8-R"}[best[1]]
    return best[2], f"converted from {name}"


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    return text.strip()


def _check_text(text: str) -> None:
    if not text:
        raise ReadError("empty article (no text)")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t\f")
    if controls > 0.01 * len(text):
        raise ReadError("binary file (control characters in the text)")
    if sum(1 for c in text if c.isalpha()) < 20:
        raise ReadError("no text to read (fewer than 20 letters)")


_DATE_LINE = re.compile(r"(?im)^[ \t]*(?:date|дата)[ \t]*:?[ \t]*(\d{4}-\d{2}-\d{2})\b")
_DATELINE = re.compile(
    rf"^(?P<place>[А-ЯЁ][А-ЯЁ\-]+(?:[ \-][А-ЯЁ][А-ЯЁ\-]+)*)\s*,\s*(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})"
    rf"(?:\s+(?P<year>\d{{4}})(?:\s*года)?)?\s*[,—–-]\s*(?P<outlet>(?:[^\n.]|\.(?=\S)){{2,80}}?)\s*\.(?=\s|$)",
    re.IGNORECASE,
)
_MD_TITLE = re.compile(r"^#{1,6}[ \t]+(.+)$", re.MULTILINE)


def _blank(chars: list[str], start: int, end: int, fill: str = " ") -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = fill


def parse_header(text: str, *, markdown: bool) -> RawArticle:
    """Title, date, dateline and outlet from the head of a text; the body stays where it is."""
    article = RawArticle(origin="", text=text, analysis_text=text)
    chars = list(text)
    pos = 0
    if markdown:
        for m in _MD_TITLE.finditer(text):
            if article.title is None:
                article.title = m[1].strip().strip("*_")
                if not text[: m.start()].strip():
                    pos = m.end()
            # Markdown heading marks and emphasis are not words; the end of a heading ends a sentence.
            _blank(chars, m.start(), m.start(1))
            if m.end() < len(chars) and chars[m.end()] == "\n" and not m[1].rstrip().endswith((".", "!", "?")):
                chars[m.end()] = "."
        for m in re.finditer(r"[*_`]+|!?\[|\]\([^)]*\)", text):
            _blank(chars, m.start(), m.end())
    else:
        first, nl, rest = text.partition("\n")
        if nl and 0 < len(first.strip()) <= 200 and not first.rstrip().endswith((".", "!", "?", ":")) and rest.strip():
            article.title = first.strip()
            chars[len(first)] = "."
            pos = len(first) + 1
    dm = _DATE_LINE.search(text, pos)
    if dm and not text[pos : dm.start()].strip(" \n"):
        article.published = dm[1]
        _blank(chars, dm.start(), dm.end())
        pos = dm.end()
    body = text[pos:]
    lead = len(body) - len(body.lstrip())
    d = _DATELINE.match(body[lead:])
    if d:
        place = d["place"]
        article.dateline = "-".join(w.capitalize() for w in place.split("-"))
        article.outlet = d["outlet"].strip()
        outlet_at = pos + lead + d.start("outlet")
        article.outlet_span = (outlet_at, outlet_at + len(d["outlet"].rstrip()))
        month, day = month_number(d["month"]), int(d["day"])
        if d["year"]:
            article.published = article.published or f"{int(d['year']):04d}-{month:02d}-{day:02d}"
        elif article.published is None:
            article.dateline_day = (month, day)
        # The capitals of a dateline are not an acronym: let the tagger see a name.
        start = pos + lead
        for i, c in enumerate(article.dateline):
            chars[start + i] = c
        pos = start + d.end()
    article.analysis_text = "".join(chars)
    if article.title is None:
        first_sentence = re.split(r"(?<=[.!?])\s", article.analysis_text[pos:].strip(), maxsplit=1)[0].strip()
        article.title = first_sentence[:160] + ("…" if len(first_sentence) > 160 else "")
    return article


def _read_text_file(path: Path, data: bytes) -> RawArticle:
    text, warning = decode(data)
    text = _clean(text)
    _check_text(text)
    article = parse_header(text, markdown=path.suffix.lower() in (".md", ".markdown"))
    article.origin = str(path)
    if warning:
        article.warnings.append(f"{path}: {warning}")
    return article


def _read_record(origin: str, line: str) -> RawArticle:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ReadError(f"broken JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(record, dict):
        raise ReadError(f"expected a JSON object, got {type(record).__name__}")
    raw_text = record.get("text")
    if not isinstance(raw_text, str):
        raise ReadError("no 'text' string in the record")
    text = _clean(raw_text)
    _check_text(text)
    article = parse_header(text, markdown=False)
    article.origin = origin
    title = record.get("title")
    if isinstance(title, str) and title.strip():
        article.title = title.strip()
    date = record.get("date")
    if isinstance(date, str) and re.match(r"^\d{4}(-\d{2}(-\d{2})?)?", date.strip()):
        article.published = re.match(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?", date.strip())[0]  # type: ignore[index]
        article.dateline_day = None
    for field_name, attr in (("source", "outlet"), ("url", "url"), ("id", "external_id")):
        value = record.get(field_name)
        if isinstance(value, (str, int)) and str(value).strip():
            setattr(article, attr, str(value).strip())
    return article


def read_path(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[RawArticle | ReadFailure]:
    """The articles of one file, or a failure for the file or for each bad line."""
    origin = str(path)
    try:
        if not path.is_file():
            yield ReadFailure(origin, "no such file" if not path.exists() else "not a regular file")
            return
        size = path.stat().st_size
        if size == 0:
            yield ReadFailure(origin, "empty file")
            return
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _read_jsonl(path, max_bytes)
            return
        if size > max_bytes:
            yield ReadFailure(
                origin, f"file too large for one article ({size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB)"
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ReadFailure(origin, f"cannot read: {exc.strerror or exc}")
        return
    try:
        yield _read_text_file(path, data)
    except ReadError as exc:
        yield ReadFailure(origin, str(exc))


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[RawArticle | ReadFailure]:
    with path.open("rb") as handle:
        head = handle.read(65536)
        if b"\x00" in head:
            yield ReadFailure(str(path), "binary file (contains NUL bytes)")
            return
        handle.seek(0)
        for number, raw in enumerate(handle, start=1):
            origin = f"{path}:{number}"
            if len(raw) > max_bytes:
                yield ReadFailure(origin, f"line too long for one article ({len(raw) / 1e6:.1f} MB)")
                continue
            if not raw.strip():
                continue
            try:
                line, warning = decode(raw)
                article = _read_record(origin, line)
            except ReadError as exc:
                yield ReadFailure(origin, str(exc))
                continue
            if warning:
                article.warnings.append(f"{origin}: {warning}")
            yield article
