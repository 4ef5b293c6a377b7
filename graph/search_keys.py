"""Entity search on the project's own keys: how a name is indexed and how a query finds it.

Backend-neutral: every backend stores the same two maps and answers them with
primary-key lookups, and the ranking happens here, in Python, so the API, the
CLI and every backend give the same answers. No engine extension is involved
(LadybugDB's full-text extension downloads at run time and is unreachable).

Index side, on every upsert. An entity's aliases (its name and every name per
language) give *terms*: the folded words of each alias under every spelling a
reader may type (graph.names.name_variants: the Cyrillic form, its Latin
transliteration, pinyin for Palladius names, Palladius for pinyin). The backend
keeps ``term -> entity ids``. Each term new to the vocabulary gives *keys*
pointing back at it, kept as ``key -> terms``:

- ``p:<prefix>``   its prefixes of 3..12 letters (1.. for Chinese characters): 'Хабар'
- ``s:<stem>``     the Snowball Russian stem of a Cyrillic word: 'Абрамова'
- ``d:<deletion>`` the word with one letter deleted (SymSpell): one typo

Keys point at terms, not at entities, so the key map grows with the vocabulary,
not with the number of entities.

Query side. The query is folded and, when Cyrillic, also transliterated; each
of its words is looked up as a term (exact), through its stems and its pymorphy3
lemmas (inflection: 'Сергея' -> 'сергей'), as a prefix, and through its own
deletions (a missing, extra, wrong or swapped letter, verified afterwards by
Damerau-Levenshtein distance 1). Candidates are preselected by the best match
of each query word (at most CANDIDATES of them), then ranked on their aliases;
every hit carries the alias that matched and how.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any, Literal

import snowballstemmer

from graph.names import fold, name_variants, palladius_to_pinyin, pinyin_to_palladius, ru_to_latin
from graph.shapes import Node, SearchHit, SearchPage

MIN_PREFIX = 3
MIN_PREFIX_CJK = 1
MAX_PREFIX = 12
MIN_TYPO = 4  # shorter words must match exactly or as a prefix: one typo in 'ли' is another name
CANDIDATES = 100  # entities ranked on their aliases per query (more when paging deep)
MAX_QUERY_WORDS = 8
MIN_SCORE = 0.25
INFLECTION_TAIL = 2
MAX_TERM = 1_000
MAX_WIDENED = 200  # most prefix/stem/typo terms looked up per query word
MAX_INFLECTIONS = 30  # most other inflections looked up for a word found as it is
HOT_TERM = 2_000  # terms shared by more entities only score candidates that rarer words found
HEAD = HOT_TERM + 1  # ids read first of each term: all of a rare term's, enough of a hot one to tell
# Candidates ranked on their names rather than reading hot terms whole (at 1M entities: 400 nodes
# ~8 ms; 'проект' and 'proekt' whole, 160k ids, 35 ms).
EXACT_RANK = 400

EXACT = 1.0
INFLECTION = 0.9
PREFIX = 0.7  # + up to 0.1 for how much of the word the prefix covers
TYPO = 0.6

MatchKind = Literal["exact", "translit", "inflection", "prefix", "typo", "partial"]
_WEAKNESS: dict[str, int] = {"exact": 0, "inflection": 1, "prefix": 2, "typo": 3}


# --- words --------------------------------------------------------------------


@lru_cache(maxsize=65_536)
def _is_cjk(word: str) -> bool:
    return any(unicodedata.name(c, "").startswith("CJK") for c in word)


@lru_cache(maxsize=65_536)
def _is_cyrillic(word: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in word)


@cache
def _stemmer() -> Any:
    return snowballstemmer.stemmer("russian")


@lru_cache(maxsize=65_536)
def stem(word: str) -> str | None:
    """The Snowball Russian stem of a Cyrillic word (None for other scripts)."""
    if not _is_cyrillic(word) or len(word) < 3:
        return None
    result: str = _stemmer().stemWord(word)
    return result


@cache
def _morph() -> Any:
    import pymorphy3  # loaded on the first query, not at import: about 0.15 s and 15 MB

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=16_384)
def lemmas(word: str) -> frozenset[str]:
    """Dictionary forms of a Cyrillic word ('абрамова' -> 'абрамов', 'сергея' -> 'сергей')."""
    if not _is_cyrillic(word) or len(word) < 3:
        return frozenset()
    return frozenset(fold(p.normal_form) for p in _morph().parse(word)[:4]) - {word}


def deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance <= 1 (one letter missing, extra, wrong, or two swapped)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if la < lb else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


_folded = lru_cache(maxsize=65_536)(fold)


# --- index side ---------------------------------------------------------------


@lru_cache(maxsize=65_536)
def alias_forms(alias: str) -> frozenset[str]:
    """The folded full forms of one alias: as written and under every transliteration."""
    variants = name_variants(alias)
    own = fold(alias)
    if len(own.split()) <= 1:
        return frozenset(variants)
    return frozenset({v for v in variants if " " in v} | {own})


def entity_terms(aliases: Iterable[str]) -> set[str]:
    """The terms (folded words) an entity is found under."""
    return {word for alias in aliases for form in alias_forms(alias) for word in form.split()}


def term_keys(term: str) -> set[str]:
    """The prefix, stem and one-deletion keys that lead to a term."""
    keys: set[str] = set()
    shortest = MIN_PREFIX_CJK if _is_cjk(term) else MIN_PREFIX
    keys.update(f"p:{term[:n]}" for n in range(shortest, min(len(term) - 1, MAX_PREFIX) + 1))
    if (s := stem(term)) is not None:
        keys.add(f"s:{s}")
    if len(term) >= MIN_TYPO:
        keys.update(f"d:{d}" for d in deletions(term))
    return keys


def keys_for_terms(terms: Iterable[str]) -> dict[str, set[str]]:
    """key -> the terms it leads to, for terms new to the vocabulary."""
    found: dict[str, set[str]] = defaultdict(set)
    for term in terms:
        for key in term_keys(term):
            found[key].add(term)
    return found


# --- query side ---------------------------------------------------------------


@dataclass(frozen=True)
class QueryWord:
    text: str
    stems: frozenset[str]
    lemmas: frozenset[str]
    _seen: dict[str, tuple[float, str] | None] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def of(cls, word: str) -> QueryWord:
        forms = lemmas(word)
        stems = {s for w in (word, *forms) if (s := stem(w)) is not None}
        return cls(word, frozenset(stems), forms)

    def match(self, term: str) -> tuple[float, str] | None:
        """How well this query word matches an indexed word: (quality, kind) or None."""
        if term not in self._seen:
            self._seen[term] = self._match(term)
        return self._seen[term]

    def _match(self, term: str) -> tuple[float, str] | None:
        q = self.text
        if q == term:
            return EXACT, "exact"
        if term in self.lemmas or ((s := stem(term)) is not None and s in self.stems):
            return INFLECTION, "inflection"
        shortest = MIN_PREFIX_CJK if _is_cjk(q) else MIN_PREFIX
        if len(q) >= shortest and term.startswith(q):
            return PREFIX + 0.1 * len(q) / len(term), "prefix"
        if len(q) >= MIN_TYPO and len(term) >= MIN_TYPO and within_one_edit(q, term):
            return TYPO, "typo"
        return None


@dataclass(frozen=True)
class QueryForm:
    words: tuple[QueryWord, ...]
    translit: bool  # a transliteration of what was typed, not the text itself

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class QueryPlan:
    forms: list[QueryForm] = field(default_factory=list)

    def words(self) -> set[QueryWord]:
        return {w for f in self.forms for w in f.words}

    def keys(self, words: Iterable[QueryWord] | None = None) -> set[str]:
        """Keys to look up in the key map (for the given words, by default all)."""
        keys: set[str] = set()
        for w in self.words() if words is None else words:
            q = w.text
            shortest = MIN_PREFIX_CJK if _is_cjk(q) else MIN_PREFIX
            if len(q) >= shortest:
                keys.add(f"p:{q[:MAX_PREFIX]}")
            keys.update(f"s:{s}" for s in w.stems)
            if len(q) >= MIN_TYPO:
                keys.add(f"d:{q}")
                keys.update(f"d:{d}" for d in deletions(q))
        return keys

    def direct_terms(self) -> set[str]:
        """Terms to look up as they are: the words, their lemmas, and their deletions (an extra letter)."""
        terms: set[str] = set()
        for w in self.words():
            terms.add(w.text)
            terms.update(w.lemmas)
            if len(w.text) > MIN_TYPO:
                terms.update(deletions(w.text))
        return terms


def plan_query(text: str) -> QueryPlan:
    """The spellings under which a query is looked up."""
    own = fold(text)
    if not own:
        return QueryPlan()
    candidates: list[tuple[str, bool]] = [(own, False)]
    if _is_cyrillic(own):
        candidates.append((fold(ru_to_latin(text)), True))
        if (pinyin := palladius_to_pinyin(text)) is not None:
            candidates.append((fold(pinyin.replace("'", "")), True))
    elif (palladius := pinyin_to_palladius(text)) is not None:
        candidates.append((fold(palladius), True))
    plan = QueryPlan()
    seen: set[str] = set()
    for form, translit in candidates:
        if form and form not in seen:
            seen.add(form)
            words = tuple(QueryWord.of(w) for w in form.split()[:MAX_QUERY_WORDS])
            plan.forms.append(QueryForm(words, translit))
    return plan


# --- the search itself ----------------------------------------------------------

LookupMany = Callable[[Sequence[str]], Mapping[str, Sequence[str]]]
GetMany = Callable[[Sequence[str]], Mapping[str, Node]]


def preselect(
    plan: QueryPlan, key_terms: Mapping[str, Sequence[str]], term_ids: Mapping[str, Sequence[str]]
) -> dict[str, float]:
    """Candidate entity -> the best mean, over query forms, of each query word's best term quality.

    A term shared by more than HOT_TERM entities (a first name, 'правительство') does not bring in
    candidates by itself: it only scores those that rarer words brought in (looked up by bisection in
    its sorted id list). When every word is that common, the first HOT_TERM ids of its best terms are
    taken: the ranking then covers a sample, not every holder of the name.
    """
    vocabulary = set(term_ids)
    for terms in key_terms.values():
        vocabulary.update(t for t in terms if t in term_ids)
    scores: dict[str, float] = {}
    for form in plan.forms:
        per_word: list[tuple[dict[str, float], list[tuple[float, Sequence[str]]]]] = []
        for word in form.words:
            best: dict[str, float] = {}
            hot: list[tuple[float, Sequence[str]]] = []
            for term in vocabulary:
                found = word.match(term)
                if found is None:
                    continue
                ids = term_ids.get(term, ())
                if len(ids) > HOT_TERM:
                    hot.append((found[0], ids))
                    continue
                for entity_id in ids:
                    if found[0] > best.get(entity_id, 0.0):
                        best[entity_id] = found[0]
            hot.sort(key=lambda h: -h[0])
            per_word.append((best, hot))
        candidates: set[str] = set()
        for best, _ in per_word:
            candidates.update(best)
        if not candidates:
            for _, hot in per_word:
                for _, ids in hot[:3]:
                    candidates.update(ids[:HOT_TERM])
        for entity_id in candidates:
            total = 0.0
            for best, hot in per_word:
                quality = best.get(entity_id, 0.0)
                for hot_quality, ids in hot:
                    if hot_quality <= quality:
                        break
                    if _contains(ids, entity_id):
                        quality = hot_quality
                        break
                total += quality
            score = total / len(form.words)
            if score > scores.get(entity_id, 0.0):
                scores[entity_id] = score
    return scores


def _contains(sorted_ids: Sequence[str], entity_id: str) -> bool:
    i = bisect.bisect_left(sorted_ids, entity_id)
    return i < len(sorted_ids) and sorted_ids[i] == entity_id


def score_node(plan: QueryPlan, node: Node) -> SearchHit | None:
    """The best (score, alias, kind) of a node for the query, or None when nothing matches."""
    best: tuple[float, str, str] | None = None
    for alias in node.aliases or [node.name]:
        own = _folded(alias)
        for form in alias_forms(alias):
            alias_words = form.split()
            for qform in plan.forms:
                found = _score_form(qform, form, alias_words, translit=qform.translit or form != own)
                if found is not None and (best is None or found[0] > best[0]):
                    best = (found[0], alias, found[1])
    if best is None or best[0] < MIN_SCORE:
        return None
    kind: MatchKind = best[2]  # type: ignore[assignment]
    return SearchHit(node=node, score=round(best[0], 4), matched_alias=best[1], match=kind)


def _score_form(qform: QueryForm, form: str, alias_words: list[str], *, translit: bool) -> tuple[float, str] | None:
    matches: list[tuple[float, str]] = []
    for word in qform.words:
        found = [m for w in alias_words if (m := word.match(w)) is not None]
        if found:
            matches.append(max(found))
    if not matches:
        return None
    mean = sum(q for q, _ in matches) / len(matches)
    weakest = max((kind for _, kind in matches), key=_WEAKNESS.__getitem__)
    if len(matches) < len(qform.words):
        return 0.5 * mean * len(matches) / len(qform.words), "partial"
    if qform.text == form:
        score, kind = 1.0, "exact"
    else:
        score, kind = 0.85 * mean + 0.15 * min(1.0, len(qform.words) / len(alias_words)), weakest
    if translit:
        score -= 0.02
        kind = "translit" if kind == "exact" else kind
    return score, kind


def search(
    text: str,
    *,
    lookup_keys: LookupMany,
    lookup_terms: LookupMany,
    lookup_heads: LookupMany,
    get_many: GetMany,
    label_of: Callable[[str], str | None],
    label: str | None = None,
    limit: int = 10,
    offset: int = 0,
) -> SearchPage:
    """The search every backend runs: terms, then keys for the words not found as they are, then the
    candidates; the ranking is here.

    Terms are read by their head (`lookup_heads`: the first HEAD ids of each): a term held by more
    entities is hot, and its whole list (80k ids for 'проект' at 1M entities: 17 ms to read) is only
    read when rarer words bring in more than EXACT_RANK candidates, since it then decides which of
    them are ranked; up to EXACT_RANK are all ranked on their names.
    """
    plan = plan_query(text)
    if not plan.forms or limit < 1:
        return SearchPage(hits=[], next_offset=None)
    words = plan.words()
    term_ids = dict(lookup_heads(sorted(plan.direct_terms())))
    # A word found as it is (or as its lemma) is not widened to prefixes and typos, only to its other
    # inflections: the rest would rank below it anyway, and a short common word ('Гао') has thousands.
    found = {w for w in words if w.text in term_ids or any(lemma in term_ids for lemma in w.lemmas)}
    word_keys = {word: plan.keys([word]) for word in words - found}
    for word in found:  # inflections: the same stem, or the word with an ending of up to 2 letters
        word_keys[word] = {f"s:{stem}" for stem in word.stems} | (
            {f"p:{word.text}"} if len(word.text) >= MIN_PREFIX else set()
        )
    keys = set().union(*word_keys.values())
    key_terms = lookup_keys(sorted(keys)) if keys else {}
    wanted: set[str] = set()
    for word in words:  # each word among the terms its own keys lead to (a common prefix leads to thousands)
        longest = len(word.text) + INFLECTION_TAIL if word in found else MAX_TERM
        matches = {
            t
            for key in word_keys[word]
            for t in key_terms.get(key, ())
            if t not in term_ids and len(t) <= longest and word.match(t)
        }
        most = MAX_INFLECTIONS if word in found else MAX_WIDENED
        wanted.update(sorted(matches, key=lambda t: (-(word.match(t) or (0.0, ""))[0], len(t), t))[:most])
    term_ids.update(lookup_heads(sorted(wanted)))
    cap = max(CANDIDATES, 2 * (offset + limit + 1))
    scores = _preselect_within(plan, key_terms, term_ids, label, label_of)
    heads_only = [t for t, ids in term_ids.items() if len(ids) > HOT_TERM]
    rare = any(0 < len(ids) <= HOT_TERM for ids in term_ids.values())  # else the candidates are a sample
    if heads_only and rare and len(scores) > cap:
        if len(scores) <= EXACT_RANK:
            cap = len(scores)  # ranking them all on their names costs less than reading hot terms whole
        else:
            term_ids.update(lookup_terms(heads_only))
            scores = _preselect_within(plan, key_terms, term_ids, label, label_of)
    chosen = sorted(scores, key=lambda i: (-scores[i], i))[:cap]
    nodes = get_many(chosen)
    hits = [hit for i in chosen if i in nodes and (hit := score_node(plan, nodes[i])) is not None]
    hits.sort(key=lambda h: (-h.score, len(h.node.name), h.node.id))
    page = hits[offset : offset + limit]
    more = len(hits) > offset + limit
    return SearchPage(hits=page, next_offset=offset + limit if more else None)


def _preselect_within(
    plan: QueryPlan,
    key_terms: Mapping[str, Sequence[str]],
    term_ids: Mapping[str, Sequence[str]],
    label: str | None,
    label_of: Callable[[str], str | None],
) -> dict[str, float]:
    scores = preselect(plan, key_terms, term_ids)
    return scores if label is None else {i: s for i, s in scores.items() if label_of(i) == label}


def index_updates(
    terms_by_id: Mapping[str, set[str]], *, lookup_terms: LookupMany, lookup_keys: LookupMany
) -> tuple[list[dict[str, Any]], set[str], list[dict[str, Any]], set[str]]:
    """What the search index must store after entities gained these terms, for every backend.

    Returns the term rows ({term, ids}) and which of them were stored already, then the
    key rows ({key, terms}) for terms new to the vocabulary and which keys were stored.
    """
    ids_by_term: dict[str, set[str]] = {}
    for entity_id, terms in terms_by_id.items():
        for term in terms:
            ids_by_term.setdefault(term, set()).add(entity_id)
    if not ids_by_term:
        return [], set(), [], set()
    stored = lookup_terms(list(ids_by_term))
    term_rows = [{"term": t, "ids": sorted(set(stored.get(t, ())) | ids)} for t, ids in ids_by_term.items()]
    new_keys = keys_for_terms(t for t in ids_by_term if t not in stored)
    stored_keys = lookup_keys(list(new_keys))
    key_rows = [{"key": k, "terms": sorted(set(stored_keys.get(k, ())) | ts)} for k, ts in new_keys.items()]
    return term_rows, set(stored), key_rows, set(stored_keys)
