"""Finding mentions: natasha's NER spans plus rules for what it misses.

Rules work on the tagged tokens of one sentence. A phrase is built around a
head word from the lexicon (форум, правительство, парк, министр...):
adjectives and ordinals to its left, and to its right a genitive chain with
coordination ('туризма и внешних связей Амурской области'), a 'по ...'
complement ('по привлечению инвестиций'), an apposed name ('провинции
Хэйлунцзян', 'Фонд Росконгресс'), a quoted name («АмурЭкспо-2026»). Whether a
phrase names something (capital letters, an ordinal, a quoted name, a proper
name in its complement) or only refers back ('форума', 'проект') decides if it
is a new mention or a reference resolved later by coreference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from graph.names import looks_chinese, palladius_to_pinyin
from loaders.text.lexicon import Lexicon, RefEntry, lexicon
from loaders.text.model import Mention, PositionPhrase
from loaders.text.nlp import (
    DASHES,
    QUOTES_CLOSE,
    QUOTES_OPEN,
    Analysis,
    NerSpan,
    Sentence,
    Token,
    inflect,
    inflect_tokens,
    is_known,
    key,
    roman_to_int,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ORDINAL_WORDS = {
    "первый": 1,
    "второй": 2,
    "третий": 3,
    "четвертый": 4,
    "пятый": 5,
    "шестой": 6,
    "седьмой": 7,
    "восьмой": 8,
    "девятый": 9,
    "десятый": 10,
    "одиннадцатый": 11,
    "двенадцатый": 12,
    "тринадцатый": 13,
    "четырнадцатый": 14,
    "пятнадцатый": 15,
    "шестнадцатый": 16,
    "семнадцатый": 17,
    "восемнадцатый": 18,
    "девятнадцатый": 19,
    "двадцатый": 20,
    "тридцатый": 30,
}
# Adjectives that describe, date or rank a thing but are never part of its name.
NON_NAME_ADJECTIVES = _words(
    """
    очередной новый следующий этот данный прошлый ближайший нынешний будущий предстоящий традиционный
    ежегодный юбилейный крупный масштабный главный основной уникальный действующий существующий сам весь
    другой отдельный центральный важный ключевой значимый наш свой их такой который каждый любой
    знаковый амбициозный перспективный огромный большой
    """
)
GEO_NOUNS = {
    "г": "city",
    "город": "city",
    "о": "island",
    "остров": "island",
    "провинция": "province",
    "район": None,
    "округ": "region",
    "река": "river",
    "р": "river",
    "пос": "city",
    "поселок": "city",
    "село": "city",
    "уезд": "city",
    "порт": None,
    "станция": None,
}
CREATION_NOUNS = _words(
    """
    создание строительство развитие реализация модернизация реконструкция расширение возведение запуск
    открытие проектирование сооружение формирование
    """
)
CREATION_VERBS = _words(
    """
    создать создавать построить строить возвести открыть реализовать реконструировать
    """
)
PO_BLOCK = _words(
    """
    итог слово приглашение данные мнение оценка информация случай поручение причина инициатива линия
    сравнение просьба мера ход сообщение результат предложение телефон адрес время путь сторона
    направление
    """
)
SUBUNIT_HEADS = _words(
    """
    совет комитет пресс-служба служба департамент управление секретариат аппарат комиссия
    """
)
BARE_REGION = frozenset({"регион", "край", "область", "республика", "провинция"})
DOCUMENT_NOUNS = _words(
    """
    соглашение решение закон документ бюджет резолюция договор меморандум постановление программа указ
    распоряжение концепция стратегия план приказ протокол заявление устав
    """
)
OFFICE_WORDS = {"президент": "Президент", "председатель": "Председатель"}
MEETING_KINDS = frozenset({"meeting", "session", "plenary", "lecture"})
INFRA_PAIR_HEADS = _words(
    """
    мост дорога пункт трубопровод газопровод нефтепровод переход коридор трасса магистраль маршрут
    """
)
_YEAR_SUFFIX = re.compile(r"^(.*?)[-–](\d{4})$")
_NUM_ORDINAL = re.compile(r"^(\d{1,3})-(?:й|го|м|му|е|я|ой|ий)$")
_HOMOGLYPHS = str.maketrans("АВЕКМНОРСТХаеорсух", "ABEKMHOPCTXaeopcyx")


def is_bare_region(T: list[Token], k: int) -> bool:
    """'региона' or 'края' standing alone (not 'Хабаровского края', not 'провинции Шэньси')."""
    t = T[k]
    if t.lemma not in BARE_REGION or t.is_upper_initial:
        return False
    if k > 0 and T[k - 1].pos == "ADJ":
        return False
    return not (k + 1 < len(T) and T[k + 1].is_upper_initial and T[k + 1].is_word and T[k + 1].ner != "PER")


_ADJ_ENDINGS = tuple(_words("ий ый ой ая яя ое ее ые ие ого его ому ему ым им ую юю ых их ыми ими"))


def _adjective_form(word: str) -> bool:
    """Whether a word ends like a Russian adjective ('Российско-Китайскую', not 'Хэйхэ')."""
    return word.lower().endswith(_ADJ_ENDINGS)


def _board(T: list[Token], k: int) -> bool:
    """'совета директоров', 'правления': a company's board is part of a title, not an organization of its own."""
    if T[k].lemma == "правление":
        return True
    return T[k].lemma == "совет" and k + 1 < len(T) and T[k + 1].lemma == "директор"


def fix_mixed_script(word: str) -> str:
    """'АmurMedia' (a Cyrillic А among Latin letters) -> 'AmurMedia'."""
    latin = sum(1 for c in word if "a" <= c.lower() <= "z")
    cyr = sum(1 for c in word if "а" <= c.lower() <= "я" or c in "ёЁ")
    if latin >= 2 and 0 < cyr < latin:
        return word.translate(_HOMOGLYPHS)
    return word


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


@dataclass
class Phrase:
    cls: str  # Event | Organization | Project | Position
    t0: int
    t1: int
    head_i: int
    kind: str | None
    named: bool
    brand: str | None = None
    brand_span: tuple[int, int] | None = None
    ordinal: int | None = None
    year: int | None = None
    next_edition: bool = False
    of_event_i: int | None = None  # token of a genitive event head ('пленарное заседание форума')
    locative: tuple[int, int] | None = None  # 'в порту Зарубино' appended to a project's name
    creation: bool = False
    bare_region: bool = False


class Finder:
    """Finds the mentions and posts of one analysed article."""

    def __init__(self, analysis: Analysis, text: str) -> None:
        self.analysis = analysis
        self.text = text
        self.lex: Lexicon = lexicon()
        self.mentions: list[Mention] = []
        self.positions: list[PositionPhrase] = []

    # -- token predicates ----------------------------------------------------
    @staticmethod
    def roman(t: Token) -> int | None:
        if t.text.isupper() and len(t.text) <= 6:
            return roman_to_int(t.text)
        return None

    def ordinal_of(self, t: Token) -> int | None:
        r = self.roman(t)
        if r is not None:
            return r
        m = _NUM_ORDINAL.match(t.text)
        if m:
            return int(m[1])
        if t.pos == "ADJ":
            return ORDINAL_WORDS.get(t.lemma)
        return None

    @staticmethod
    def is_quote_open(t: Token) -> bool:
        return t.text in QUOTES_OPEN

    @staticmethod
    def is_quote_close(t: Token) -> bool:
        return t.text in QUOTES_CLOSE

    def initial(self, T: list[Token], i: int) -> bool:
        """Whether token i starts its sentence (capitals there say nothing)."""
        j = i - 1
        while j >= 0 and (T[j].text in QUOTES_OPEN or T[j].text in DASHES):
            j -= 1
        return j < 0

    def head_class(self, t: Token) -> tuple[str, str | None] | None:
        lemma = t.lemma.lower()
        if lemma in self.lex.positions:
            return "Position", self.lex.positions[lemma].kind
        if lemma in self.lex.event_heads:
            return "Event", self.lex.event_heads[lemma]
        if lemma in self.lex.project_heads and lemma != "центр":
            return "Project", self.lex.project_heads[lemma]
        if lemma in self.lex.organization_heads:
            return "Organization", self.lex.organization_heads[lemma]
        if t.text.lower() in self.lex.organization_heads and t.text.isupper():
            return "Organization", self.lex.organization_heads[t.text.lower()]
        return None

    # -- phrase building -----------------------------------------------------
    def quote_end(self, T: list[Token], i: int) -> int | None:
        """Index after the closing quote of a quotation opening at i (nested quotes allowed)."""
        if not self.is_quote_open(T[i]):
            return None
        depth = 0
        for j in range(i, min(len(T), i + 40)):
            tx = T[j].text
            if tx == "«" or (tx in QUOTES_OPEN and tx not in QUOTES_CLOSE):
                depth += 1
            elif tx == "»" or (tx in QUOTES_CLOSE and tx not in QUOTES_OPEN):
                depth -= 1
                if depth == 0:
                    return j + 1
            elif tx == '"':
                if j == i:
                    depth = 1
                else:
                    return j + 1
            if tx == "." and j + 1 < len(T) and T[j + 1].is_upper_initial and depth > 0 and j > i + 25:
                return None
        return None

    def left(self, T: list[Token], i: int) -> int:
        a = i
        while a > 0:
            t = T[a - 1]
            if t.ner == "PER" or (t.ner in ("LOC", "ORG") and t.ner != T[i].ner and not _adjective_form(t.text)):
                break
            if (
                (t.pos == "ADJ" and t.is_word)
                or self.ordinal_of(t) is not None
                or (t.pos == "VERB" and t.feats.get("VerbForm") == "Part" and not t.is_upper_initial)
            ):
                a -= 1
            else:
                break
        return a

    def gen_np(self, T: list[Token], k: int, *, loose_case: bool = False) -> int | None:
        """End of a genitive noun phrase starting at k (adjectives, then a noun or a proper name)."""
        m = k
        n = len(T)
        if k + 2 < n and T[k].low in ("о", "г", "р") and T[k + 1].text == "." and T[k + 2].is_upper_initial:
            return self.apposition(T, k, k + 1)
        while m < n and (T[m].pos == "ADJ" and T[m].is_word and T[m].case in ("Gen", None)) and T[m].ner != "PER":
            m += 1
            # coordinated adjectives: 'малого и среднего', 'международных и внешнеэкономических'
            if m + 1 < n and T[m].low in ("и", ",") and T[m + 1].pos == "ADJ" and T[m + 1].case in ("Gen", None):
                m += 1
        if m >= n:
            return None
        t = T[m]
        if t.ner == "PER" or not t.is_word:
            return None
        if t.pos in ("NOUN", "PROPN") and (t.case == "Gen" or t.text.isupper() or (loose_case and t.ner == "LOC")):
            end = m + 1
            if t.ner in ("LOC", "ORG"):
                while (
                    end < n and T[end].ner == t.ner and T[end].is_word and T[end].pos in ("NOUN", "PROPN", "ADJ", "X")
                ):
                    end += 1
            return self.apposition(T, m, end)
        if m > k and t.pos in ("NOUN", "PROPN") and t.case is None:
            return m + 1
        return None

    def apposition(self, T: list[Token], head: int, end: int) -> int:
        """Extends over a proper name apposed to a geographic noun: 'провинции Хэйлунцзян', 'г. Сиане'."""
        n = len(T)
        word = T[head].lemma.lower()
        if word in GEO_NOUNS or word in BARE_REGION:
            j = end
            if j < n and T[j].text == "." and word in ("г", "о", "р", "пос"):
                j += 1
            if j < n and T[j].is_upper_initial and T[j].is_word and T[j].ner != "PER":
                j += 1
                while j < n and T[j].is_upper_initial and T[j].is_word and T[j].ner == T[j - 1].ner != "PER":
                    j += 1
                return j
        return end

    def chain(
        self, T: list[Token], j: int, *, stop_event: bool = False, positions: bool = False
    ) -> tuple[int, int | None]:
        """End of a genitive chain from j (with coordination); also the first genitive event head met."""
        n = len(T)
        of_event: int | None = None
        while j < n:
            e = self.gen_np(T, j, loose_case=positions and T[j].ner == "LOC")
            if e is None:
                break
            hc = self.head_class(T[e - 1])
            if stop_event and hc is not None and hc[0] == "Event":
                of_event = e - 1
                break
            j = e
            if (
                j + 2 < n
                and T[j].text == "("
                and T[j + 2].text == ")"
                and (T[j + 1].ner == "LOC" or any(e.cls == "Territory" for e in self.lex.lookup([T[j + 1].text])))
            ):
                j += 3
            # coordination: 'и X', ', X и Y'
            if j < n and T[j].low == "и":
                e2 = self.gen_np(T, j + 1)
                if e2 is not None and not self._new_named_head(T, j + 1, e2):
                    j = e2
                    continue
                break
            if j < n and T[j].text == ",":
                k = j
                ok = False
                while k < n and T[k].text == ",":
                    e2 = self.gen_np(T, k + 1)
                    if e2 is None:
                        break
                    k = e2
                    if k < n and T[k].low == "и":
                        e3 = self.gen_np(T, k + 1)
                        if e3 is not None:
                            k = e3
                            ok = True
                        break
                if ok:
                    j = k
                    continue
                break
        return j, of_event

    def _new_named_head(self, T: list[Token], a: int, b: int) -> bool:
        hc = self.head_class(T[b - 1])
        return hc is not None and hc[0] in ("Organization", "Event") and T[a].is_upper_initial

    def po_complement(self, T: list[Token], j: int) -> int:
        """'по привлечению инвестиций', 'по связям с международными организациями для ...'."""
        n = len(T)
        if j + 1 >= n or T[j].low != "по":
            return j
        m = j + 1
        while m < n and T[m].pos == "ADJ" and T[m].case in ("Dat", None):
            m += 1
        if m >= n or T[m].pos not in ("NOUN", "PROPN") or T[m].case != "Dat" or T[m].lemma in PO_BLOCK:
            return j
        j, _ = self.chain(T, m + 1)
        while j + 1 < n and T[j].low == "и":
            k = j + 1
            while k < n and T[k].pos == "ADJ" and T[k].case in ("Dat", None):
                k += 1
            if k < n and T[k].pos == "NOUN" and T[k].case == "Dat":
                j, _ = self.chain(T, k + 1)
            else:
                break
        for prep, case in (("с", "Ins"), ("для", "Gen")):
            if j + 1 < n and T[j].low == prep:
                m = j + 1
                while m < n and T[m].pos == "ADJ":
                    m += 1
                if m < n and T[m].pos in ("NOUN", "PROPN") and T[m].case == case:
                    j, _ = self.chain(T, m + 1)
        return j

    def locative(self, T: list[Token], j: int) -> int | None:
        """'в/во/на' + a place: end of it, or None."""
        n = len(T)
        if j + 1 < n and T[j].low in ("в", "во", "на"):
            k = j + 1
            if k + 1 < n and T[k].pos == "NOUN" and not T[k].is_upper_initial and T[k + 1].ner == "LOC":
                k += 1
            if T[k].ner == "LOC" or (T[k].is_upper_initial and self.lex.lookup([T[k].text], stems=False)):
                e = k + 1
                while e < n and T[e].ner == "LOC" and T[e].is_word:
                    e += 1
                return e
        return None

    def pair(self, T: list[Token], j: int) -> int | None:
        """'Благовещенск – Хэйхэ' after an infrastructure head."""
        n = len(T)
        if (
            j + 2 < n
            and T[j].is_upper_initial
            and T[j].is_word
            and T[j + 1].text in DASHES
            and T[j + 2].is_upper_initial
            and T[j + 2].is_word
        ):
            return j + 3
        return None

    def phrase(self, T: list[Token], i: int, cls: str, kind: str | None) -> Phrase:
        n = len(T)
        head = T[i]
        lemma = head.lemma.lower()
        a = self.left(T, i)
        p = Phrase(cls=cls, t0=a, t1=i + 1, head_i=i, kind=kind, named=False)
        # ordinals and 'следующий'
        for t in T[a:i]:
            o = self.ordinal_of(t)
            if (o is not None and cls == "Event" and (self.roman(t) is not None or _NUM_ORDINAL.match(t.text))) or (
                o is not None and cls == "Event" and t.lemma in ORDINAL_WORDS and not t.is_upper_initial
            ):
                p.ordinal = o
            if t.lemma == "следующий":
                p.next_edition = True
        j = i + 1
        if cls == "Position":
            j, _ = self.chain(T, j, positions=True)
            j = self.po_complement(T, j)
            j, _ = self.chain(T, j, positions=True)
            if j < n and self.is_quote_open(T[j]):
                q = self.quote_end(T, j)
                if q is not None:
                    j = q
            loc = self.locative(T, j)
            if loc is not None and T[j].low in ("в", "во"):
                j = loc
            p.t1 = j
            return p
        if cls == "Organization" and head.text.isupper() and kind in ("media", "company", "association"):
            e = j
            while (
                e < n
                and (T[e].ner == "ORG" or (e > j and T[e].start == T[e - 1].stop))
                and T[e].text not in QUOTES_OPEN
            ):
                e += 1
            if e > j:
                p.t1 = e
                p.named = True
                p.brand = fix_mixed_script(self.text[T[j].start : T[e - 1].stop].replace(" ", ""))
                return p
        # apposed proper name after a head: 'Фонд Росконгресс', 'порт Благовещенск', 'провинции Хэйлунцзян'
        if (
            j < n
            and cls in ("Organization", "Project")
            and T[j].is_word
            and T[j].is_upper_initial
            and T[j].ner in ("ORG", "LOC")
            and T[j].pos == "PROPN"
            and T[j].case in ("Nom", None, head.case)
        ):
            e = j + 1
            while e < n and T[e].ner == T[j].ner and T[e].is_word:
                e += 1
            if lemma not in INFRA_PAIR_HEADS or self.pair(T, j) is None:
                j = e
                p.named = True
        if cls == "Project" and lemma in INFRA_PAIR_HEADS:
            if lemma == "пункт" and j < n and T[j].lemma == "пропуск":
                j += 1
            pair_end = self.pair(T, j)
            if pair_end is not None:
                j = pair_end
                p.named = True
        if j < n and self.is_quote_open(T[j]):
            q = self.quote_end(T, j)
            if q is not None:
                p.brand_span = (j, q)
                j = q
        if p.brand_span is None:
            stop_event = kind in MEETING_KINDS
            j2, p.of_event_i = self.chain(T, j, stop_event=stop_event)
            if lemma == "проект" and j2 > j:
                # 'проект строительства логистического центра' names the inner project
                pass
            j = j2
            j = self.po_complement(T, j)
            if cls == "Project" and not p.brand_span and lemma not in ("проект", "инвестпроект"):
                loc = self.locative(T, j)
                if loc is not None and T[j].low in ("в", "во"):
                    j = loc
            if (
                cls == "Project"
                and lemma in ("мост", "тоннель", "дорога")
                and j + 1 < n
                and T[j].low in ("через", "на")
            ):
                # 'мост через Амур', 'мост на остров Русский': a place in any case
                w = j + 1
                while w < n and T[w].pos == "ADJ":
                    w += 1
                if w < n and T[w].pos in ("NOUN", "PROPN") and (T[w].ner == "LOC" or T[w].lemma in GEO_NOUNS):
                    j = self.apposition(T, w, w + 1)
                    while j < n and T[j].ner == "LOC" and T[j - 1].ner == "LOC":
                        j += 1
            if j < n and self.is_quote_open(T[j]):
                q = self.quote_end(T, j)
                if q is not None:
                    p.brand_span = (j, q)
                    j = q
        # 'под названием «...»'
        if p.brand_span is None and j + 2 < n and T[j].low == "под" and T[j + 1].lemma == "название":
            q = self.quote_end(T, j + 2)
            if q is not None:
                p.brand_span = (j + 2, q)
                j = q
        # 'встреча в «узком» формате'
        if p.brand_span is None and cls == "Event" and j + 3 < n and T[j].low == "в" and self.is_quote_open(T[j + 1]):
            q = self.quote_end(T, j + 1)
            if q is not None and q < n and T[q].pos == "NOUN":
                j = q + 1
                p.named = True
        p.t1 = j
        if p.brand_span is not None:
            inner = T[p.brand_span[0] + 1 : p.brand_span[1] - 1]
            brand = self.text[inner[0].start : inner[-1].stop] if inner else ""
            m = _YEAR_SUFFIX.match(brand)
            if m and cls == "Event":
                p.year = int(m[2])
            p.brand = fix_mixed_script(brand.strip())
            p.named = bool(p.brand)
        if p.ordinal is not None:
            p.named = True
        words = T[p.t0 : p.t1]
        capitals = any(
            t.is_upper_initial and t.is_word and not (k == 0 and self.initial(T, p.t0)) for k, t in enumerate(words)
        )
        if capitals and not (len(words) == 1 and head.text.isupper() and cls == "Event"):
            p.named = True
        if not p.named and cls in ("Event", "Organization") and self._lexicon_match(T[p.t0 : p.t1], cls) is not None:
            p.named = True
        if cls == "Organization" and any(is_bare_region(T, k) for k in range(i + 1, p.t1)):
            p.bare_region = True
            p.named = True
        return p

    # -- building mentions -----------------------------------------------------
    def new_mention(
        self, s: Sentence, t0: int, t1: int, cls: str, name: str, rule: str, conf: float, **kw: object
    ) -> Mention:
        T = s.tokens
        m = Mention(
            id=len(self.mentions),
            sent=s.index,
            start=T[t0].start,
            end=T[t1 - 1].stop,
            t0=t0,
            t1=t1,
            cls=cls,
            name=name,
            surface=self.text[T[t0].start : T[t1 - 1].stop],
            rule=rule,
            confidence=conf,
        )
        for k, v in kw.items():
            setattr(m, k, v)
        self.mentions.append(m)
        return m

    def name_of(self, T: list[Token], p: Phrase) -> str:
        """Nominative name of a phrase; evaluative adjectives dropped, brands and abbreviations kept."""
        a = p.t0
        # drop leading non-name adjectives and lower-case adjectives before capitalized ones
        while a < p.head_i:
            t = T[a]
            later_caps = any(x.is_upper_initial and x.is_word for x in T[a + 1 : p.head_i + 1])
            if (
                t.lemma in NON_NAME_ADJECTIVES
                or t.lemma == "следующий"
                or t.pos == "VERB"
                or (not t.is_upper_initial and later_caps and not self.initial(T, a + 1) and p.ordinal is None)
            ) or (self.ordinal_of(t) is not None and p.cls == "Event" and self.roman(t) is None):
                a += 1
            else:
                break
        end = p.t1
        if p.brand_span is not None:
            end = p.brand_span[0]
        toks = T[a:end]
        if not toks:
            return p.brand or ""
        if (
            p.brand
            and p.cls == "Event"
            and p.ordinal is None
            and not any(t.is_upper_initial and t.is_word and not self.initial(T, a + k) for k, t in enumerate(toks))
        ):
            return p.brand
        text = inflect_tokens(toks, p.head_i - a)
        text = self.expand_abbreviations(text)
        if p.brand_span is not None and p.brand:
            text = f"{text} «{p.brand}»"
        if p.ordinal is not None and text.split()[0] != (roman := _roman(p.ordinal)):
            text = f"{roman} {text}"
        return capitalize_first(" ".join(fix_mixed_script(w) for w in text.split(" ")))

    @staticmethod
    def canonical_country(name: str) -> str:
        """'Министерство иностранных дел России' / '... РФ' -> '... Российской Федерации'; '... Китая' -> '... КНР'."""
        name = re.sub(r" (России|РФ)$", " Российской Федерации", name)
        return re.sub(r" (Китая|Китайской Народной Республики)$", " КНР", name)

    def expand_abbreviations(self, text: str) -> str:
        out = []
        for w in text.split(" "):
            bare = w.strip("(),")
            if bare in self.lex.not_entities and bare == w:
                out.append(self.lex.not_entities[bare])
            elif w in ("о.",):
                out.append("острова")
            elif w in ("г.",):
                out.append("города")
            else:
                out.append(w)
        return " ".join(out)

    # -- the passes -------------------------------------------------------------
    def run(self) -> tuple[list[Mention], list[PositionPhrase]]:
        spans = self.analysis.spans
        for s in self.analysis.sentences:
            s_spans = [sp for sp in spans if s.start <= sp.start < s.stop]
            self.sentence(s, s_spans)
        return self.mentions, self.positions

    def sentence(self, s: Sentence, spans: list[NerSpan]) -> None:
        T = s.tokens
        if not T:
            return
        taken: list[tuple[int, int, int | None]] = []  # token ranges covered, with mention id (None: a post)
        quoted_brands: list[tuple[int, int]] = []

        def covered(a: int, b: int) -> tuple[int, int, int | None] | None:
            for x in sorted(taken, key=lambda x: x[0] - x[1]):
                if not (b <= x[0] or a >= x[1]):
                    return x
            return None

        # 1. heads: events, organizations, projects (longest first), posts
        phrases: list[Phrase] = []
        for i, t in enumerate(T):
            hc = self.head_class(t)
            if hc is None:
                continue
            cls, kind = hc
            lemma = t.lemma.lower()
            if lemma == "центр":
                cls, kind = self._centre(T, i)
            if lemma == "стол" and not (i > 0 and T[i - 1].lemma == "круглый"):
                continue
            if lemma == "группа":
                if i + 1 < len(T) and T[i + 1].lemma == "компания":
                    cls, kind = "Organization", "company"
                elif not any(x.lemma == "рабочий" for x in T[max(0, i - 2) : i]):
                    continue
            if (
                cls == "Organization"
                and lemma in ("пао", "ао", "ооо", "оао", "зао", "гк", "ано")
                and not t.text.isupper()
            ):
                continue
            if lemma in ("глава",) and i > 0 and T[i - 1].low in ("во", "в"):
                continue
            p = self.phrase(T, i, cls, kind)
            if cls == "Project":
                p.creation = self._created(T, p)
                if lemma in ("проект", "инвестпроект"):
                    inner = self._inner_project(T, p)
                    if inner is not None:
                        p = inner
                    elif not p.brand:
                        p.named = False
                if T[p.head_i].feats.get("Number") == "Plur" and not p.brand:
                    p.named = False
                elif p.creation:
                    p.named = True
            if cls == "Organization" and not p.named and p.t1 > p.head_i + 1 and self._governed_by_creation(T, i):
                p.named = True
            if cls == "Event":
                if any(x.lemma == "пленарный" for x in T[p.t0 : i]):
                    p.kind = "plenary"
                    p.named = True
                if lemma == "стол" or (lemma == "круглый"):
                    p.kind = "session"
            phrases.append(p)
        phrases.sort(key=lambda p: (-(p.t1 - p.t0), p.t0))
        per_spans = [self.token_range(T, sp) for sp in spans if sp.type == "PER"]
        for p, person_t0 in self.attached_posts(T, [p for p in phrases if p.cls == "Position"], per_spans):
            self.position(s, p, phrases, spans, taken, person_t0)
        for p in phrases:
            if p.cls == "Position":
                continue
            if any(q0 < p.head_i < q1 for q0, q1 in quoted_brands):
                continue
            hit = covered(p.t0, p.t1)
            if hit is not None and not (hit[0] <= p.t0 and p.t1 <= hit[1]):
                continue
            if hit is not None and hit[2] is None:
                continue  # inside a post: made by the post itself
            if any(
                x[0] == p.t0 and x[1] >= p.t1 and x[2] is not None and self.mentions[x[2]].head_i == p.head_i
                for x in taken
            ):
                continue  # already made (the organization of a post)
            if hit is not None and hit[2] is not None and p.cls == "Project" and self.mentions[hit[2]].cls == "Project":
                continue
            m = self.phrase_mention(s, p)
            if m is None:
                continue
            if hit is not None and hit[2] is not None:
                self.mentions[hit[2]].parts.append(m.id)
                taken.append((p.t0, p.t1, m.id))
            else:
                taken.append((p.t0, p.t1, m.id))
            if p.brand_span is not None:
                quoted_brands.append(p.brand_span)
        # 2. natasha's spans
        for sp in spans:
            a = next((k for k, t in enumerate(T) if t.start >= sp.start), None)
            b = next((k for k, t in enumerate(T) if t.stop >= sp.stop), None)
            if a is None or b is None:
                continue
            b += 1
            if any(q0 <= a and b <= q1 for q0, q1 in quoted_brands):
                continue
            hit = covered(a, b)
            if hit is not None and not (hit[0] <= a and b <= hit[1]):
                continue
            if hit is not None and sp.type != "LOC":
                continue
            if hit is not None and hit[2] is not None and a <= self.mentions[hit[2]].head_i < b:
                continue  # 'Общественно-культурном центре' is the venue itself, not a place inside it
            if hit is not None and hit[2] is not None and self.mentions[hit[2]].cls == "Territory":
                continue  # 'свободного порта Владивосток': the city names the zone
            if any(x[0] == a and x[1] == b and x[2] is not None for x in taken):
                continue
            m = self.span_mention(s, a, b, sp)
            if m is None:
                continue
            if hit is not None and hit[2] is not None:
                self.mentions[hit[2]].parts.append(m.id)
            taken.append((a, b, m.id))
        # 3. abbreviations and known names natasha missed
        for i, t in enumerate(T):
            if covered(i, i + 1) is not None or any(q0 <= i < q1 for q0, q1 in quoted_brands) or not t.is_word:
                continue
            if (t.text.isupper() and 2 <= len(t.text) <= 8) or re.match(r"^[A-ZА-ЯЁ]{2,8}[-–]\d{4}$", t.text):
                m = self.abbreviation(s, i)
                if m is not None:
                    taken.append((i, m.t1, m.id))
                continue
            if t.is_upper_initial and not self.initial(T, i):
                for width in (3, 2, 1):
                    if i + width > len(T) or covered(i, i + width) is not None:
                        continue
                    words = [x.text for x in T[i : i + width]]
                    if not all(x.is_upper_initial or x.text in DASHES for x in T[i : i + width]):
                        continue
                    stems = not any(_adjective_form(w) for w in words)
                    found = [e for e in self.lex.lookup(words, stems=stems) if e.cls == "Territory"]
                    if found:
                        m = self.ref_mention(s, i, i + width, found[0], "lexicon:name", 0.8)
                        taken.append((i, i + width, m.id))
                        break
        # 4. references: bare heads, pronouns, 'региона'
        for i in range(len(T)):
            if covered(i, i + 1) is not None:
                continue
            self.reference(s, i)

    def _centre(self, T: list[Token], i: int) -> tuple[str, str | None]:
        left = [x.lemma for x in T[max(0, i - 3) : i]]
        if any(a in self.lex.project_centre_adjectives for a in left) or self._governed_by_creation(T, i):
            kind = "financial_centre" if "финансовый" in left else "cooperation_centre"
            if "логистический" in left or "транспортно-логистический" in left:
                kind = "infrastructure"
            return "Project", kind
        following = [x.lemma for x in T[i + 1 : i + 6]]
        if "сотрудничество" in following and T[i].is_upper_initial:
            return "Project", "cooperation_centre"
        return "Organization", "venue"

    def _governed_by_creation(self, T: list[Token], i: int) -> bool:
        a = self.left(T, i)
        k = a - 1
        # skip a place between the creation word and the thing: 'о создании в Благовещенске Центра'
        while (
            k >= 0
            and k > a - 9
            and (
                T[k].ner == "LOC"
                or T[k].low in ("в", "во", "на")
                or T[k].pos == "NUM"
                or T[k].lemma == "год"
                or T[k].text.isdigit()
                or T[k].text in QUOTES_OPEN
                or T[k].text in QUOTES_CLOSE
                or (T[k].text.isupper() and len(T[k].text) > 1)
                or (k > 0 and T[k - 1].text in QUOTES_OPEN)
            )
        ):
            k -= 1
        return k >= 0 and (T[k].lemma in CREATION_NOUNS or T[k].lemma in CREATION_VERBS)

    def _created(self, T: list[Token], p: Phrase) -> bool:
        return self._governed_by_creation(T, p.head_i)

    def _inner_project(self, T: list[Token], p: Phrase) -> Phrase | None:
        """'проект строительства логистического центра «Бикин»' -> the centre; 'проект по развитию о. X' -> itself."""
        j = p.head_i + 1
        while j < p.t1 and j < len(T):
            t = T[j]
            if t.lemma in CREATION_NOUNS:
                for k in range(j + 1, min(len(T), j + 6)):
                    hc = self.head_class(T[k])
                    if hc is not None and hc[0] == "Project" and T[k].lemma not in ("проект", "инвестпроект"):
                        inner = self.phrase(T, k, "Project", hc[1])
                        inner.creation = True
                        inner.named = True
                        if T[k].lemma == "центр":
                            inner.kind = self._centre(T, k)[1]
                        loc = self.locative(T, inner.t1)
                        if loc is not None and not inner.brand:
                            inner.t1 = loc
                        return inner
                    if hc is not None and T[k].lemma == "центр":
                        inner = self.phrase(T, k, "Project", self._centre(T, k)[1])
                        inner.creation = True
                        inner.named = True
                        return inner
            if t.low == "по" and j + 1 < len(T) and T[j + 1].lemma in CREATION_NOUNS:
                # 'проект ... по развитию о. Большой Уссурийский'
                q = Phrase("Project", j + 1, p.t1, j + 1, "territorial_development", True, creation=True)
                return q
            j += 1
        # 'проект платежной платформы для приграничной торговли': the project is named by what it makes
        k = p.head_i + 1
        m = k
        while m < len(T) and T[m].pos == "ADJ" and T[m].case == "Gen":
            m += 1
        if (
            m < len(T)
            and T[m].pos == "NOUN"
            and T[m].case == "Gen"
            and T[m].lemma not in DOCUMENT_NOUNS
            and T[m].lemma not in CREATION_NOUNS
            and T[m].feats.get("Number") != "Plur"
        ):
            end, _ = self.chain(T, m + 1)
            for prep in ("для", "по"):
                if end + 1 < len(T) and T[end].low == prep:
                    end = (
                        self.po_complement(T, end)
                        if prep == "по"
                        else (self.chain(T, end + 1)[0] if self.gen_np(T, end + 1) else end)
                    )
            if end > m:
                q = Phrase("Project", k, end, m, None, True)
                return q
        return None

    def phrase_mention(self, s: Sentence, p: Phrase) -> Mention | None:
        T = s.tokens
        head = T[p.head_i]
        cls = p.cls
        if head.feats.get("Number") == "Plur" and not p.named:
            return None
        if not p.named:
            return self.bare(s, p)
        if p.kind == "territorial_development" and T[p.head_i].lemma in CREATION_NOUNS:
            name = capitalize_first(inflect_tokens(T[p.head_i : p.t1], 0))
            name = self.expand_abbreviations(name)
            m = self.new_mention(s, p.t0, p.t1, "Project", name, "rule:project", 0.75, kind=p.kind, head="проект")
            return m
        name = self.name_of(T, p)
        if p.kind in ("session", "plenary", "meeting") and p.brand:
            name = p.brand  # a session is known by its title
        if p.locative is not None:
            name = name + " " + self.text[T[p.locative[0]].start : T[p.locative[1] - 1].stop]
        if not name or (len(name.split()) == 1 and name.lower() == head.lemma.lower() and not p.brand):
            return None
        # known names: canonical form from the lexicon (a 'порт' may be a free-port zone, not a project)
        for other in ("Territory", "Organization", "Event"):
            if other != cls:
                found = self._lexicon_match(T[p.t0 : p.t1], other)
                if found is not None:
                    return self.ref_mention(s, p.t0, p.t1, found, "rule:name+lexicon", 0.85)
        entry = self._lexicon_match(T[p.t0 : p.t1], cls)
        en = None
        country = None
        if entry is not None:
            name, en, country = entry.name, entry.en, entry.country
            if entry.kind:
                p.kind = entry.kind
        rule = {"Event": "rule:event", "Organization": "rule:organization", "Project": "rule:project"}[cls]
        conf = 0.85 if (p.brand or p.ordinal or entry) else 0.75
        m = self.new_mention(
            s,
            p.t0,
            p.t1,
            cls,
            name,
            rule,
            conf,
            kind=p.kind,
            head=head.lemma.lower(),
            head_i=p.head_i,
            ordinal=p.ordinal,
            year=p.year,
            brand=p.brand,
            en=en,
            country=country,
            plural=head.feats.get("Number") == "Plur",
        )
        if p.next_edition:
            m.ref = "next"
        if p.of_event_i is not None:
            m.props["of_event_token"] = p.of_event_i
        if p.bare_region:
            m.props["bare_region"] = True
        if p.creation:
            m.props["creation"] = True
        if p.locative is not None:
            m.props["locative"] = p.locative
        surface_alias = self.expand_abbreviations(self.name_of(T, p)) if entry is not None else None
        if surface_alias and surface_alias != name:
            m.aliases.append(surface_alias)
        if cls == "Event":
            m.series_name = self.series_name(m)
        if cls == "Organization" and entry is None and not p.brand and p.kind in ("agency", "office", "government"):
            name = m.name = self.canonical_country(name)
        if cls == "Organization" and p.brand and p.kind == "company":
            m.aliases.append(m.name)
            m.name = p.brand
        return m

    def series_name(self, m: Mention) -> str:
        if m.brand:
            base = _YEAR_SUFFIX.sub(r"\1", m.brand)
            return base.strip()
        name = m.name
        if m.ordinal is not None:
            name = re.sub(r"^[IVXLC]+\s+", "", name)
        return _YEAR_SUFFIX.sub(r"\1", name)

    def _lexicon_match(self, toks: list[Token], cls: str) -> RefEntry | None:
        words = [t.text for t in toks if t.is_word or t.text in DASHES]
        while words and toks and toks[0].lemma in NON_NAME_ADJECTIVES:
            words, toks = words[1:], toks[1:]
        found = [e for e in self.lex.lookup(words, stems=False) if e.cls == cls]
        return found[0] if found else None

    def bare(self, s: Sentence, p: Phrase) -> Mention | None:
        """A head without a name: a reference to something in focus ('форума', 'проект')."""
        T = s.tokens
        head = T[p.head_i]
        if p.cls == "Organization" and head.feats.get("Number") != "Plur" and p.t1 == p.head_i + 1:
            return self.new_mention(
                s,
                p.head_i,
                p.head_i + 1,
                "Organization",
                head.text,
                "coref:focus",
                0.6,
                kind=p.kind,
                head=head.lemma.lower(),
                head_i=p.head_i,
                ref="focus",
            )
        if p.cls not in ("Event", "Project"):
            return None
        if p.cls == "Project" and (head.lemma not in ("проект",) and p.t1 > p.head_i + 1):
            return None
        m = self.new_mention(
            s,
            p.head_i,
            p.head_i + 1,
            p.cls,
            head.text,
            "coref:focus",
            0.7,
            kind=p.kind,
            head=head.lemma.lower(),
            head_i=p.head_i,
            ref="focus",
            plural=head.feats.get("Number") == "Plur",
        )
        if p.next_edition:
            m.ref = "next"
        return m

    @staticmethod
    def token_range(T: list[Token], sp: NerSpan) -> tuple[int, int]:
        a = next((k for k, t in enumerate(T) if t.start >= sp.start), len(T))
        b = next((k for k, t in enumerate(T) if t.stop >= sp.stop), len(T) - 1) + 1
        return a, b

    def attached_posts(
        self, T: list[Token], posts: list[Phrase], persons: list[tuple[int, int]]
    ) -> list[tuple[Phrase, int]]:
        """Posts standing next to a person's name: before it ('министр ... Киреева'), chained by commas, or after it."""
        out: list[tuple[Phrase, int]] = []
        posts = [p for p in posts if T[p.head_i].feats.get("Number") != "Plur"]
        for a, b in persons:
            end = a
            while True:
                before = [p for p in posts if p.t1 == end and p.t0 < end]
                if not before:
                    break
                p = min(before, key=lambda p: p.t0)
                out.append((p, a))
                if p.t0 >= 2 and T[p.t0 - 1].text == ",":
                    end = p.t0 - 1
                    continue
                break
            if b < len(T) and T[b].text == ",":
                after = [p for p in posts if p.t0 == b + 1]
                if after:
                    p = max(after, key=lambda p: p.t1)
                    if p.t1 >= len(T) or T[p.t1].text in (",", ".", "–", "—", ")", ";"):
                        out.append((p, a))
        return out

    def position(
        self,
        s: Sentence,
        p: Phrase,
        phrases: list[Phrase],
        spans: list[NerSpan],
        taken: list[tuple[int, int, int | None]],
        person_t0: int,
    ) -> None:
        T = s.tokens
        head_lemma = T[p.head_i].lemma
        org_id: int | None = None
        org_start = p.t1
        title_end = p.t1
        orgs_inside = [
            q
            for q in phrases
            if q.cls == "Organization" and p.head_i < q.head_i < p.t1 and q.kind != "venue" and not _board(T, q.head_i)
        ]
        for k in range(p.head_i, p.t1):
            lemma = T[k].lemma
            if lemma in OFFICE_WORDS and self.is_office(T, k, p):
                org_id = self.office_mention(s, k, p.t1)
                org_start, title_end = k, k + 1
                break
            explicit = next((q for q in orgs_inside if q.t0 <= k <= q.head_i), None)
            if explicit is not None and (explicit.named or T[explicit.head_i].feats.get("Number") != "Plur"):
                q = Phrase(**{**explicit.__dict__, "t1": max(explicit.t1, p.t1)})
                if (
                    not q.named
                    and q.t1 > q.head_i + 1
                    and any(T[x].is_upper_initial for x in range(q.head_i + 1, q.t1))
                ):
                    q.named = True
                m = self.phrase_mention(s, q)
                if m is not None:
                    org_id, org_start, title_end = m.id, q.t0, q.t0
                break
            pos = self.lex.positions.get(lemma)
            later_org = any(q.head_i > k for q in orgs_inside)
            territorial = pos is not None and pos.org in ("Правительство", "Администрация")
            if territorial and k + 1 < p.t1 and not self.place_next(T, k + 1):
                continue  # 'глава Минвостокразвития' heads a body, not a place
            if pos is not None and pos.org and k + 1 < p.t1 and not later_org:
                org_word = pos.org
                if lemma == "консул" and any(x.lemma == "генеральный" for x in T[max(p.t0, k - 1) : k]):
                    org_word = "Генеральное консульство"
                rest = self.text[T[k + 1].start : T[p.t1 - 1].stop]
                name = self.canonical_country(self.expand_abbreviations(f"{org_word} {rest}"))
                entry = self.lex.entry(name)
                if entry is None:
                    found = [e for e in self.lex.lookup(name.split(), stems=False) if e.cls == "Organization"]
                    entry = found[0] if found else None
                kind = {"Министерство": "agency", "Правительство": "government", "Администрация": "government"}.get(
                    org_word, "office"
                )
                m = self.new_mention(
                    s,
                    k,
                    p.t1,
                    "Organization",
                    entry.name if entry else name,
                    "rule:post-organization",
                    0.75,
                    kind=entry.kind if entry else kind,
                    head=org_word.lower(),
                    head_i=k,
                    country=entry.country if entry else None,
                    en=entry.en if entry else None,
                )
                if any(is_bare_region(T, x) for x in range(k + 1, p.t1)):
                    m.props["bare_region"] = True
                org_id, org_start, title_end = m.id, k + 1, k + 1
                break
        if org_id is None and p.t1 > p.head_i + 1:
            org_id, org_start = self.post_org_by_name(s, p, phrases, spans, org_start)
            title_end = org_start if org_id is not None else title_end
        if org_id is None and (
            p.t1 == p.head_i + 1 or all(T[k].lemma in self.lex.positions for k in range(p.head_i, p.t1))
        ):
            org_id = self.implicit_post_org(s, p)
        title_toks = T[p.t0 : title_end]
        if not title_toks:
            return
        title = inflect_tokens(title_toks, p.head_i - p.t0).lower()
        title = re.sub(r"\s+", " ", title).strip(" ,")
        pos = self.lex.positions.get(head_lemma)
        self.positions.append(
            PositionPhrase(
                sent=s.index,
                t0=p.t0,
                t1=p.t1,
                start=T[p.t0].start,
                end=T[p.t1 - 1].stop,
                title=title,
                org=org_id,
                kind=pos.kind if pos else "official",
                person=None,
            )
        )
        self.positions[-1].person_t0 = person_t0
        taken.append((p.t0, p.t1, org_id if org_id is not None else None))
        if org_id is not None:
            taken.append((org_start, p.t1, org_id))
            # places named inside the post are mentions too
            for sp in spans:
                if sp.type == "LOC" and T[org_start].start <= sp.start and sp.stop <= T[p.t1 - 1].stop:
                    a, b = self.token_range(T, sp)
                    if a <= self.mentions[org_id].head_i < b:
                        continue
                    loc = self.span_mention(s, a, b, sp)
                    if loc is not None:
                        self.mentions[org_id].parts.append(loc.id)
                        taken.append((a, b, loc.id))
            for k in range(org_start, p.t1):
                if T[k].text.isupper() and 2 <= len(T[k].text) <= 8 and T[k].ner != "LOC":
                    ab = self.abbreviation(s, k)
                    if ab is not None and ab.cls == "Territory":
                        self.mentions[org_id].parts.append(ab.id)
                        taken.append((k, k + 1, ab.id))

    def place_next(self, T: list[Token], k: int) -> bool:
        """Whether a place (or 'региона') starts at token k: what a governor, mayor or head is head of."""
        if is_bare_region(T, k) or T[k].ner == "LOC" or T[k].lemma in GEO_NOUNS:
            return True
        words = [T[k].text] + ([T[k + 1].text] if k + 1 < len(T) else [])
        return any(e.cls == "Territory" for n in (1, 2) for e in self.lex.lookup(words[:n], stems=False))

    def post_org_by_name(
        self, s: Sentence, p: Phrase, phrases: list[Phrase], spans: list[NerSpan], org_start: int
    ) -> tuple[int | None, int]:
        """'начальник Забайкальской железной дороги', 'вице-президент Газпромбанка': the post names a body
        that has no organization head word (a railway, a bank's own name)."""
        T = s.tokens
        named = [q for q in phrases if q.cls == "Project" and p.head_i < q.head_i < p.t1 and q.named]
        if named:
            q = min(named, key=lambda q: q.t0)
            name = self.name_of(T, q)
            m = self.new_mention(
                s,
                q.t0,
                q.t1,
                "Organization",
                name,
                "rule:post-organization",
                0.7,
                kind="company",
                head=T[q.head_i].lemma,
                head_i=q.head_i,
            )
            return m.id, q.t0
        for sp in spans:
            if sp.type != "ORG":
                continue
            a, b = self.token_range(T, sp)
            if p.head_i < a and b <= p.t1:
                found = self.span_mention(s, a, b, sp)
                if found is not None and found.cls == "Organization" and not found.candidate:
                    return found.id, a
        return None, org_start

    def implicit_post_org(self, s: Sentence, p: Phrase) -> int | None:
        """The organization of a post named without one: 'Его руководитель', 'делегация провинции Ляонин во главе с
        вице-губернатором'."""
        T = s.tokens
        before = T[p.t0 - 1] if p.t0 > 0 else None
        if before is not None and before.lemma in ("его", "ее", "их", "он", "она") and before.pos in ("PRON", "DET"):
            m = self.new_mention(s, p.t0 - 1, p.t0, "Organization", before.text, "coref:pronoun", 0.6, ref="pronoun")
            return m.id
        # the post noun that says what body it is ('заместитель мэра' -> the mayor's administration)
        mapped = [self.lex.positions[t.lemma] for t in T[p.head_i : p.t1] if t.lemma in self.lex.positions]
        pos = next((x for x in reversed(mapped) if x.org), None)
        lemmas = [t.lemma for t in T[: p.t0]]
        if pos is not None and pos.org and "делегация" in lemmas and "глава" in lemmas[-3:]:
            d = lemmas.index("делегация")
            end, _ = self.chain(T, d + 1)
            if end > d + 1:
                rest = self.text[T[d + 1].start : T[end - 1].stop]
                name = f"{pos.org} {rest}"
                entry = self.lex.entry(name)
                m = self.new_mention(
                    s,
                    d + 1,
                    end,
                    "Organization",
                    entry.name if entry else name,
                    "rule:delegation-post",
                    0.65,
                    kind="government",
                    head=pos.org.lower(),
                    head_i=d + 1,
                )
                return m.id
        return None

    def is_office(self, T: list[Token], k: int, p: Phrase) -> bool:
        """'советник президента', 'Председатель КНР': an office of state, not a post in an organization."""
        nxt = T[k + 1] if k + 1 < len(T) else None
        country = nxt is not None and any(
            e.kind == "country" for e in self.lex.lookup([nxt.text], stems=False) if e.cls == "Territory"
        )
        if T[k].lemma == "президент":
            if k == p.head_i:
                return country
            return country or nxt is None or nxt.lemma not in self.lex.organization_heads
        return country and (k == p.head_i or k > p.head_i)

    def office_mention(self, s: Sentence, k: int, end: int) -> int:
        """'президента РФ' -> the office of the President of Russia (the country defaults to Russia)."""
        T = s.tokens
        j = k + 1
        country = None
        if j < end and (T[j].ner == "LOC" or T[j].text.isupper()):
            found = [e for e in self.lex.lookup([T[j].text]) if e.cls == "Territory" and e.kind == "country"]
            country = found[0] if found else None
            j += 1
        entry = None
        conf = 0.8
        word = OFFICE_WORDS[T[k].lemma]
        if country is None or country.name == "Россия":
            entry = self.lex.entry(f"{word} Российской Федерации")
            conf = 0.8 if country is not None else 0.6
        elif country.name == "Китай":
            entry = self.lex.entry(f"{word} Китайской Народной Республики")
        if entry is not None:
            m = self.new_mention(
                s,
                k,
                j,
                "Organization",
                entry.name,
                "rule:post-office",
                conf,
                kind="office",
                head=T[k].lemma,
                head_i=k,
                en=entry.en,
                country=entry.country,
            )
        else:
            assert country is not None
            name = f"{word} {inflect(country.name, 'PROPN', 'Nom', None, 'Sing', 'Gen')}"
            m = self.new_mention(
                s, k, j, "Organization", name, "rule:post-office", conf, kind="office", head=T[k].lemma, head_i=k
            )
        return m.id

    def span_mention(self, s: Sentence, a: int, b: int, sp: NerSpan) -> Mention | None:
        T = s.tokens
        if sp.type == "PER":
            return self.person(s, a, b, sp)
        words = [t.text for t in T[a:b] if t.is_word or t.text in DASHES]
        if not words:
            return None
        if len(words) == 1 and words[0] in self.lex.not_entities:
            return None
        if sp.type == "LOC":
            # a geographic noun before the name: 'г. Сиане', 'о. Большой Уссурийский', 'провинции Шэньси'
            geo_kind = None
            pre = a - 1
            if pre >= 0 and T[pre].text == ".":
                pre -= 1
            if pre >= 0 and T[pre].lemma in GEO_NOUNS:
                geo_kind = GEO_NOUNS[T[pre].lemma]
                with_noun = [T[pre].text + ("." if pre == a - 2 else ""), *words]
                found = [e for e in self.lex.lookup(with_noun) if e.cls == "Territory"]
                if found:
                    return self.ref_mention(s, a, b, found[0], "ner:LOC+lexicon", 0.9)
            found = [e for e in self.lex.lookup(words) if e.cls == "Territory"]
            if not found and b < len(T) and T[b].text.isupper():
                wider = [e for e in self.lex.lookup([*words, T[b].text], stems=False) if e.cls == "Territory"]
                if wider:
                    return self.ref_mention(s, a, b + 1, wider[0], "ner:LOC+lexicon", 0.85)
            if not found and all(t.pos == "ADJ" for t in T[a:b] if t.is_word):
                return None
            if not found and T[a].text.isupper() and len(words) == 1:
                found = [e for e in self.lex.lookup([words[0].capitalize()]) if e.cls == "Territory"]
            if found:
                return self.ref_mention(s, a, b, found[0], "ner:LOC+lexicon", 0.9)
            orgs = [e for e in self.lex.lookup(words, stems=False) if e.cls == "Organization"]
            if orgs:
                return self.ref_mention(s, a, b, orgs[0], "ner:LOC+lexicon", 0.8)
            prev = T[a - 1] if a > 0 else None
            governed = prev is not None and (
                (prev.pos == "NOUN" and not prev.is_upper_initial)
                or prev.low in ("у", "около", "вблизи", "близ", "возле", "из", "от", "до")
            )
            name = self.loc_name(T[a:b], sp, governed)
            kind = geo_kind
            if geo_kind == "island" and not name.lower().startswith("остров"):
                name = f"остров {name}"
            return self.new_mention(s, a, b, "Territory", name, "ner:LOC", 0.7, kind=kind, head=T[b - 1].lemma)
        # ORG
        found = [e for e in self.lex.lookup(words, stems=False) if e.cls in ("Organization", "Event", "Territory")]
        if found:
            return self.ref_mention(s, a, b, found[0], "ner:ORG+lexicon", 0.85)
        if len(words) == 1 and (
            (T[a].text.isupper() and len(T[a].text) <= 6) or re.match(r"^[A-ZА-ЯЁ]{2,8}[-–]\d{4}$", T[a].text)
        ):
            return self.abbreviation(s, a)
        head = next((k for k in range(a, b) if T[k].pos in ("NOUN", "PROPN")), a)
        if b - a == 1 and T[a].lemma.lower() in self.lex.organization_heads:
            return None  # 'Министерство' alone names nothing
        name = capitalize_first(inflect_tokens(T[a:b], head - a))
        name = " ".join(fix_mixed_script(w) for w in name.split(" "))
        hc = self.head_class(T[head])
        kind = hc[1] if hc is not None and hc[0] == "Organization" else None
        if kind is None and T[a].text.upper() in ("ИА",):
            kind = "media"
        return self.new_mention(s, a, b, "Organization", name, "ner:ORG", 0.7, kind=kind, head=T[head].lemma)

    def loc_name(self, toks: list[Token], sp: NerSpan, governed_genitive: bool = False) -> str:
        """A place name in the nominative: natasha's form, but Palladius names as written ('Хэйхэ')."""
        words = [t.text for t in toks if t.is_word or t.text in DASHES]
        surface = " ".join(words)
        if all(w.isupper() for w in words if len(w) > 1):
            surface = " ".join("-".join(p.capitalize() for p in w.split("-")) for w in words)
        if looks_chinese(surface):
            return surface
        normal = sp.normal or surface
        if (
            len(toks) == 1
            and key(normal) == key(surface)
            and toks[0].case not in (None, "Nom")
            and not toks[0].text.isupper()
        ):
            normal = inflect(toks[0].text, "NOUN", toks[0].case, toks[0].feats.get("Gender"), "Sing", "Nom")
        elif (
            len(toks) == 1
            and governed_genitive
            and not is_known(surface)
            and surface.lower().endswith(("ы", "и", "ой"))
        ):
            # 'в районе Джалинды': a genitive the tagger read as a nominative
            normal = inflect(surface, "NOUN", "Gen", None, "Sing", "Nom")
        if normal.isupper():
            normal = " ".join("-".join(p.capitalize() for p in w.split("-")) for w in normal.split())
        return normal

    def person(self, s: Sentence, a: int, b: int, sp: NerSpan) -> Mention:
        T = s.tokens
        words = [t for t in T[a:b] if t.is_word]
        normal = sp.normal or sp.text
        normal = " ".join(w[:1].upper() + w[1:] for w in normal.split())
        gender = next((t.feats.get("Gender") for t in reversed(words) if t.feats.get("Gender")), None)
        oblique = any(t.case not in (None, "Nom") for t in words)
        if len(normal.split()) >= 2 and (oblique or not looks_chinese(normal)):
            # 'Хуан Цзяньшэном', 'Ли Цяна': a Chinese name the tagger could not decline back; only names
            # ending in a consonant decline ('Ли Хуа' stays)
            first, last = normal.rsplit(" ", 1)
            for ending in ("ом", "ем", "ым", "у", "а", "е", "ю", "я"):
                base = last[: -len(ending)]
                if last.endswith(ending) and base[-1:] in "нгйрльмк" and looks_chinese(f"{first} {base}"):
                    normal = f"{first} {base}"
                    break
        chinese = looks_chinese(normal) and len(normal.split()) >= 2
        en = palladius_to_pinyin(normal) if chinese else None
        full = None
        parts = normal.split()
        if len(parts) == 3 and not chinese and re.search(r"(вич|вна|ична|инична)$", parts[1].lower()):
            # 'Василий Александрович Орлов' is named 'Василий Орлов', the patronymic kept as an alias
            full, normal = normal, f"{parts[0]} {parts[2]}"
        m = self.new_mention(
            s,
            a,
            b,
            "Person",
            normal,
            "ner:PER",
            0.9,
            head=normal,
            head_i=b - 1,
            en=en,
            gender=gender,
        )
        if len(words) == 1:
            m.ref = "surname"
            m.confidence = 0.8
        if full:
            m.aliases.append(full)
        m.props["chinese"] = chinese
        return m

    def ref_mention(self, s: Sentence, a: int, b: int, entry: RefEntry, rule: str, conf: float) -> Mention:
        m = self.new_mention(
            s,
            a,
            b,
            entry.cls,
            entry.name,
            rule,
            conf,
            kind=entry.kind,
            en=entry.en,
            country=entry.country,
            head=entry.name,
        )
        surface = " ".join(t.text for t in s.tokens[a:b])
        if key(surface) != key(entry.name):
            m.note = f"lexicon: {surface!r} is {entry.name!r}"
        if entry.cls == "Event":
            m.series_name = entry.name
        return m

    def abbreviation(self, s: Sentence, i: int) -> Mention | None:
        T = s.tokens
        word = T[i].text
        # 'ТОР «Хабаровск»', 'ОЭЗ «Алабуга»': a named special zone
        if word in ("ТОР", "ОЭЗ") and i + 1 < len(T) and self.is_quote_open(T[i + 1]):
            q = self.quote_end(T, i + 1)
            if q is not None and q > i + 2:
                name = self.text[T[i].start : T[q - 1].stop]
                return self.new_mention(s, i, q, "Territory", name, "rule:zone", 0.8, kind="zone", head=word.lower())
        # 'ВЭФ-2025': an edition of a series the lexicon knows by its abbreviation
        edition = re.match(r"^([A-ZА-ЯЁ]{2,8})[-–](\d{4})$", word)
        if edition:
            series = [e for e in self.lex.lookup([edition[1]], stems=False) if e.cls == "Event"]
            if series:
                m = self.new_mention(
                    s,
                    i,
                    i + 1,
                    "Event",
                    word,
                    "lexicon:edition",
                    0.85,
                    kind="forum",
                    head=series[0].name.lower(),
                    year=int(edition[2]),
                    brand=word,
                    series_name=series[0].name,
                )
                m.aliases.append(f"{series[0].name} {edition[2]}")
                return m
        if word in self.lex.not_entities or self.roman(T[i]) is not None or word.lower() in self.lex.organization_heads:
            return None
        found = self.lex.lookup([word], stems=False)
        if found:
            return self.ref_mention(s, i, i + 1, found[0], "lexicon:abbreviation", 0.9)
        if T[i].ner in ("ORG", "LOC") and i > 0:
            cls = "Organization" if T[i].ner == "ORG" else "Territory"
            m = self.new_mention(s, i, i + 1, cls, word, "ner:abbreviation", 0.5)
            m.candidate = f"unknown abbreviation {word!r} (tagged {T[i].ner} by NER); its expansion is not known"
            return m
        return None

    def reference(self, s: Sentence, i: int) -> None:
        T = s.tokens
        t = T[i]
        # pronouns that point at the event in focus: 'в нем', 'на нем', 'Его провели'
        if t.pos == "PRON" and t.lemma in ("он", "она", "оно"):
            prev = T[i - 1].low if i else ""
            if prev in ("в", "на") or (i == 0 and t.case in ("Acc", "Gen")):
                self.new_mention(
                    s,
                    i,
                    i + 1,
                    "Event",
                    t.text,
                    "coref:pronoun",
                    0.6,
                    ref="pronoun",
                    head=t.lemma,
                    gender=t.feats.get("Gender"),
                    plural=t.feats.get("Number") == "Plur",
                )
            elif t.case == "Nom" and t.lemma in ("он", "она"):
                self.new_mention(
                    s,
                    i,
                    i + 1,
                    "Person",
                    t.text,
                    "coref:pronoun",
                    0.6,
                    ref="pronoun",
                    head=t.lemma,
                    gender=t.feats.get("Gender"),
                )
            return
        if t.lemma in ("открытие", "закрытие") and i > 0 and T[i - 1].low == "на":
            # 'На открытии выступили ...': at the opening of the event in focus
            self.new_mention(s, i, i + 1, "Event", t.text, "coref:focus", 0.6, ref="focus", head="мероприятие")
            return
        if t.low == "там" and i == 0:
            self.new_mention(s, i, i + 1, "Event", t.text, "coref:pronoun", 0.5, ref="pronoun", head="там")
            return
        if (t.lemma in ("мероприятие",) and not t.is_upper_initial) or (
            t.lemma == "мероприятие" and self.initial(T, i)
        ):
            self.new_mention(
                s,
                i,
                i + 1,
                "Event",
                t.text,
                "coref:focus",
                0.6,
                ref="focus",
                head="мероприятие",
                plural=t.feats.get("Number") == "Plur",
            )


def _roman(n: int) -> str:
    from loaders.text.nlp import int_to_roman

    return int_to_roman(n)


def find(analysis: Analysis, text: str) -> tuple[list[Mention], list[PositionPhrase]]:
    return Finder(analysis, text).run()


def surnames(name: str, chinese: bool) -> Iterable[str]:
    words = name.split()
    if not words:
        return []
    return [words[0]] if chinese else [words[-1]]
