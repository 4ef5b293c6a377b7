"""The natasha layer: sentences, tokens with morphology, NER spans, and inflection helpers.

Everything natasha and pymorphy know is reached through this module, so the
rules above it see plain dataclasses. Models ship inside the natasha/slovnet/
navec wheels: nothing is downloaded. BLAS threading is pinned to one thread
before numpy is imported (it is 2-8x slower otherwise on small machines).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yargy  # noqa: F401  - imported before pymorphy2: it patches what Python 3.11 removed
from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

from graph.names import fold

QUOTES_OPEN = frozenset('«“„"')
QUOTES_CLOSE = frozenset('»”"“')
DASHES = frozenset("-–—")


@dataclass(slots=True)
class Token:
    """One word or sign with natasha's morphology (UD tags) and a lemma."""

    text: str
    start: int
    stop: int
    pos: str
    feats: dict[str, str]
    lemma: str
    index: int = 0  # position in its sentence
    ner: str = ""  # PER / LOC / ORG when inside a NER span

    @property
    def case(self) -> str | None:
        return self.feats.get("Case")

    @property
    def low(self) -> str:
        return self.text.lower().replace("ё", "е")

    @property
    def is_upper_initial(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_word(self) -> bool:
        return any(c.isalpha() for c in self.text)


@dataclass(slots=True)
class NerSpan:
    type: str  # PER | LOC | ORG
    start: int
    stop: int
    text: str
    normal: str


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    stop: int
    text: str
    tokens: list[Token] = field(default_factory=list)


@dataclass(slots=True)
class Analysis:
    sentences: list[Sentence]
    spans: list[NerSpan]


class _Models:
    """natasha's models, loaded once per process (about a second)."""

    _lock = threading.Lock()
    _instance: _Models | None = None

    def __init__(self) -> None:
        embedding = NewsEmbedding()
        self.segmenter = Segmenter()
        self.vocab = MorphVocab()
        self.morph = NewsMorphTagger(embedding)
        self.ner = NewsNERTagger(embedding)

    @classmethod
    def get(cls) -> _Models:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance


def models() -> _Models:
    return _Models.get()


def analyze(text: str) -> Analysis:
    """Sentences, morphology and NER of one text; offsets are into `text`."""
    m = models()
    doc = Doc(text)
    doc.segment(m.segmenter)
    doc.tag_morph(m.morph)
    doc.tag_ner(m.ner)
    spans: list[NerSpan] = []
    for span in doc.spans:
        if span.type != "ORG":  # organizations are put in the nominative by the rules, head first
            span.normalize(m.vocab)
        spans.append(NerSpan(span.type, span.start, span.stop, span.text, span.normal or span.text))
    span_iter = iter(spans)
    current = next(span_iter, None)
    groups: list[list[Token]] = []
    for sent in doc.sents:
        group: list[Token] = []
        for tok in sent.tokens:
            feats = dict(tok.feats or {})
            token = Token(
                text=tok.text,
                start=tok.start,
                stop=tok.stop,
                pos=tok.pos or "X",
                feats=feats,
                lemma=lemma(tok.text, tok.pos or "X", _freeze(feats)),
            )
            while current is not None and current.stop <= token.start:
                current = next(span_iter, None)
            if current is not None and current.start <= token.start < current.stop:
                token.ner = current.type
            # a line break ends a sentence (titles, headers, paragraphs) even where razdel did not see it
            if group and "\n" in text[group[-1].stop : token.start]:
                groups.append(group)
                group = []
            group.append(token)
        if group:
            groups.append(group)
    sentences: list[Sentence] = []
    for s_index, group in enumerate(groups):
        for t_index, token in enumerate(group):
            token.index = t_index
        start, stop = group[0].start, group[-1].stop
        sentences.append(Sentence(s_index, start, stop, text[start:stop], group))
    return Analysis(sentences, spans)


def _freeze(feats: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(feats.items()))


@lru_cache(maxsize=200_000)
def lemma(word: str, pos: str, feats: tuple[tuple[str, str], ...]) -> str:
    """The dictionary form natasha picks for a word in context (lower case, ё kept as е)."""
    if not any(c.isalpha() for c in word):
        return word
    try:
        return str(models().vocab.lemmatize(word, pos, dict(feats))).replace("ё", "е")
    except (ValueError, KeyError, IndexError):
        return word.lower().replace("ё", "е")


@lru_cache(maxsize=200_000)
def _parses(word: str) -> tuple[Any, ...]:
    return tuple(models().vocab.parse(word))


def is_known(word: str) -> bool:
    """Whether pymorphy's dictionary knows the word (not a guess from its ending)."""
    return bool(models().vocab.word_is_known(word.lower()))


@lru_cache(maxsize=50_000)
def lemma_of(word: str) -> str:
    """Context-free lemma: pymorphy's first parse (for keys of reference names)."""
    if not any(c.isalpha() for c in word):
        return word.lower()
    parses = _parses(word.lower())
    return str(parses[0].normal).replace("ё", "е") if parses else word.lower()


def _recase(new: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return new.upper()
    if like[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


@lru_cache(maxsize=100_000)
def inflect(word: str, pos: str, case: str | None, gender: str | None, number: str | None, target: str) -> str:
    """`word` (seen with these tags) put into case `target` ('Nom', 'Gen'...), shape kept.

    Hyphenated words inflect their last part ('Российско-Китайского' ->
    'Российско-Китайский'). Words pymorphy cannot place are returned as given.
    """
    if not any(c.isalpha() for c in word) or (word.isupper() and len(word) > 1):
        return word
    head, sep, last = word.rpartition("-")
    if sep and head and last:
        return head + sep + inflect(last, pos, case, gender, number, target)
    if case == target:
        return word
    want_pos = {"PROPN": "NOUN"}.get(pos, pos)
    best: Any = None
    best_score = -1.0
    for parse in _parses(word.lower()):
        ppos = {"PROPN": "NOUN"}.get(parse.pos, parse.pos)
        if ppos != want_pos:
            continue
        f = parse.feats
        score = 4.0 * (case is not None and f.get("Case") == case)
        score += 2.0 * (number is not None and f.get("Number") == number)
        score += (gender is not None and f.get("Gender") == gender) + float(parse.score)
        if score > best_score:
            best, best_score = parse, score
    if best is None:
        return word
    grams = {target}
    if best.feats.get("Number") == "Plur" or number == "Plur":
        grams.add("Plur")
    elif want_pos == "ADJ" and gender:
        grams.add(gender)
    try:
        form = best.inflect(grams)
    except (ValueError, KeyError):
        form = None
    if form is None and len(grams) > 1:
        form = best.inflect({target})
    if form is None:
        return word
    return _recase(str(form.word), word)


def inflect_tokens(tokens: list[Token], head: int, target: str = "Nom") -> str:
    """The text of tokens with those up to and including `head` put into case `target`.

    The head noun and the adjectives before it agree with the head's number and
    gender; what follows the head (genitive complements) is kept as written.
    Spacing between tokens is kept.
    """
    if not tokens:
        return ""
    head_tok = tokens[head]
    gender = head_tok.feats.get("Gender")
    number = head_tok.feats.get("Number")
    parts: list[str] = []
    for i, tok in enumerate(tokens):
        word = tok.text
        if i <= head and tok.pos in ("ADJ", "NOUN", "PROPN", "VERB", "NUM", "DET"):
            if tok.pos == "NUM" or (tok.pos == "ADJ" and _is_roman(tok.text)):
                pass
            else:
                word = inflect(tok.text, tok.pos, tok.case, gender or tok.feats.get("Gender"), number, target)
        if i:
            parts.append(" " * (tok.start - tokens[i - 1].stop))
        parts.append(word)
    return "".join(parts)


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _is_roman(text: str) -> bool:
    return roman_to_int(text) is not None


def roman_to_int(text: str) -> int | None:
    """'VII' -> 7 (up to 399); None for anything that is not a well-formed Roman numeral."""
    t = text.strip().upper().removesuffix("-Й").removesuffix("-ГО").removesuffix("-М")
    if not t or any(c not in _ROMAN for c in t):
        return None
    total = 0
    for i, c in enumerate(t):
        v = _ROMAN[c]
        total += -v if i + 1 < len(t) and _ROMAN[t[i + 1]] > v else v
    return total if 0 < total < 400 and int_to_roman(total) == t else None


def int_to_roman(n: int) -> str:
    out = []
    for value, sym in (
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


@lru_cache(maxsize=200_000)
def key(text: str) -> str:
    """Comparison key of a phrase: folded, 'э' as 'е', soft and hard signs dropped."""
    return fold(text).replace("э", "е").replace("ь", "").replace("ъ", "")


def lemma_key(words: list[str]) -> str:
    return _lemma_key(tuple(words))


@lru_cache(maxsize=100_000)
def _lemma_key(words: tuple[str, ...]) -> str:
    return key(" ".join(lemma_of(w) for w in words))


_ENDINGS = (
    "ами",
    "ями",
    "ого",
    "его",
    "ому",
    "ему",
    "ыми",
    "ими",
    "ой",
    "ей",
    "ом",
    "ем",
    "ах",
    "ях",
    "ую",
    "юю",
    "ая",
    "яя",
    "ое",
    "ее",
    "ые",
    "ие",
    "ый",
    "ий",
    "а",
    "я",
    "у",
    "ю",
    "е",
    "и",
    "ы",
    "о",
    "ь",
    "й",
)


def stem(word: str) -> str:
    """A crude stem for matching unknown proper names across cases ('Сиане' ~ 'Сиань')."""
    w = key(word)
    if len(w) < 5:
        return w
    for ending in _ENDINGS:
        if w.endswith(ending) and len(w) - len(ending) >= 4:
            return w[: -len(ending)]
    return w


def stem_key(words: list[str]) -> str:
    return " ".join(stem(w) for w in words)


stem = lru_cache(maxsize=100_000)(stem)
