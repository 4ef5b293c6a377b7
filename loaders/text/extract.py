"""One article in, entities and relations with evidence out: the pure part of ingestion (no store).

Runs in worker processes; what it returns is plain data (loaders.text.model).
"""

from __future__ import annotations

import time
from collections import Counter

from loaders.text.coref import Coref, entities_out, sentence_tense
from loaders.text.dates import DAY, MONTH_YEAR, RANGE_SAME_MONTH, RANGE_TWO_MONTHS, month_number
from loaders.text.mentions import find
from loaders.text.model import ArticleMeta, Extraction, Mention
from loaders.text.nlp import Analysis, analyze
from loaders.text.reader import RawArticle
from loaders.text.relations import Relations


def infer_year(article: RawArticle, analysis: Analysis) -> tuple[int | None, str]:
    """The year of a dateline that gives none ('11 марта'), from dated events the text reports.

    A past-tense sentence dated (Y, M) says publication is after it; a future-tense
    one that it is before. The smallest year consistent with both wins; with no
    bounds, the year written most often.
    """
    assert article.dateline_day is not None
    month, day = article.dateline_day
    lower: tuple[int, int] | None = None
    upper: tuple[int, int] | None = None
    years: Counter[int] = Counter()
    text = article.text
    for s in analysis.sentences:
        tense = sentence_tense(s)
        chunk = text[s.start : s.stop]
        for rx, month_group in ((RANGE_TWO_MONTHS, 4), (RANGE_SAME_MONTH, 3), (DAY, 2), (MONTH_YEAR, 1)):
            for m in rx.finditer(chunk):
                year_raw = m.groups()[-1]
                if not year_raw:
                    continue
                y, mo = int(year_raw), month_number(m[month_group])
                years[y] += 1
                if tense == "past" and (lower is None or (y, mo) > lower):
                    lower = (y, mo)
                if tense == "future" and (upper is None or (y, mo) < upper):
                    upper = (y, mo)
    if lower is not None:
        y = lower[0] if (month, day) >= (lower[1], 1) else lower[0] + 1
        if (month, day) <= (lower[1], 31) and (lower[0], month) <= lower:
            y = lower[0] + 1
        return y, "after the past events it reports"
    if upper is not None:
        y = upper[0] if (month, day) <= (upper[1], 31) else upper[0] - 1
        return y, "before the coming events it announces"
    if years:
        return years.most_common(1)[0][0], "the year it names most often"
    return None, ""


def outlet_mention(article: RawArticle, analysis: Analysis, mentions: list[Mention]) -> None:
    """The outlet a dateline names ('..., «Забайкальский рабочий».') is a media organization."""
    if article.outlet_span is None:
        return
    start, end = article.outlet_span
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    if any(m.start < end and start < m.end for m in mentions if m not in inside):
        return
    for m in inside:  # '«Порт Амур»' in a dateline is the outlet, whatever its words look like
        m.ref = "drop"
    sentence = next((s for s in analysis.sentences if s.start <= start < s.stop), None)
    if sentence is None:
        return
    toks = [k for k, t in enumerate(sentence.tokens) if start <= t.start and t.stop <= end]
    if not toks:
        return
    surface = article.text[start:end]
    name = (
        surface.strip('«»"“” ')
        if surface.startswith(("«", '"', "“")) and surface.endswith(("»", '"', "”"))
        else surface
    )
    mentions.append(
        Mention(
            id=len(mentions),
            sent=sentence.index,
            start=start,
            end=end,
            t0=toks[0],
            t1=toks[-1] + 1,
            cls="Organization",
            name=name,
            surface=surface,
            rule="header:outlet",
            confidence=0.8,
            kind="media",
            head=name,
        )
    )


def extract(article: RawArticle) -> Extraction:
    """Everything one article says that the rules can read."""
    started = time.perf_counter()
    analysis = analyze(article.analysis_text)
    warnings = list(article.warnings)
    published = article.published
    if published is None and article.dateline_day is not None:
        year, why = infer_year(article, analysis)
        if year is not None:
            month, day = article.dateline_day
            published = f"{year:04d}-{month:02d}-{day:02d}"
            warnings.append(f"{article.origin}: the dateline gives no year; {year} inferred ({why})")
        else:
            warnings.append(
                f"{article.origin}: the dateline gives no year and the text none either; publication date unknown"
            )
    mentions, positions = find(analysis, article.text)
    outlet_mention(article, analysis, mentions)
    coref = Coref(analysis, mentions, article.text, article.dateline)
    ents = coref.run()
    entities = entities_out(ents)
    finder = Relations(analysis, article.text, mentions, positions, entities, published)
    relations = finder.run()
    entities = list(finder.entities.values())
    meta = ArticleMeta(
        id=article.article_id,
        content_hash=article.content_hash,
        origin=article.origin,
        title=article.title or article.origin,
        text=article.text,
        published=published,
        outlet=article.outlet,
        dateline=article.dateline,
        url=article.url,
        external_id=article.external_id,
    )
    return Extraction(meta, entities, relations, warnings, time.perf_counter() - started)
