"""Coreference inside one article: which mentions name the same entity, and what a reference points at.

Walks the mentions in text order keeping what is in focus: a surname alone
joins the person named in full before ('Абрамов' -> 'Сергей Абрамов'),
'региона' becomes the region most talked about so far, a bare 'форума' or
'в нем' the event in focus, 'следующий форум' the next edition of it. Events
of one series merge on their edition (ordinal or year). Every decision is
written into the mention's note, which ends up in the graph as the evidence
of MENTIONED_IN, so `amur show` can say why two mentions are one entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.names import fold, looks_chinese, palladius_to_pinyin, slugify
from loaders.text.lexicon import lexicon
from loaders.text.mentions import NON_NAME_ADJECTIVES
from loaders.text.model import EntityOut, Mention
from loaders.text.nlp import Analysis, Sentence, Token, inflect, int_to_roman, key, stem

EVENT_HEAD_GROUPS = {
    "форум": {"форум", "саммит", "конференция", "конгресс"},
    "экспо": {"экспо", "выставка", "ярмарка", "выставка-ярмарка"},
    "выставка": {"экспо", "выставка", "выставка-ярмарка", "ярмарка"},
    "ярмарка": {"ярмарка", "выставка-ярмарка", "экспо", "выставка"},
    "встреча": {"встреча", "заседание", "переговоры"},
    "заседание": {"заседание", "встреча", "сессия"},
    "сессия": {"сессия", "заседание"},
    "дискуссия": {"сессия", "дискуссия"},
    "церемония": {"форум", "экспо", "выставка", "ярмарка", "саммит", "конференция"},
}
FORUM_KINDS = frozenset({"forum", "fair", "exhibition", "forum_series"})


def sentence_tense(sentence: Sentence) -> str | None:
    """'future' if the sentence speaks of what will (or may) happen, 'past' if of what happened."""
    future = past = False
    for i, t in enumerate(sentence.tokens):
        if t.pos not in ("VERB", "AUX"):
            continue
        tense = t.feats.get("Tense")
        if t.feats.get("Person") == "1":
            continue  # 'Напомним, ...' speaks of the writer, not of the event
        if (
            tense == "Fut"
            or (tense == "Pres" and t.feats.get("Aspect") == "Perf" and t.feats.get("VerbForm") == "Fin")
            or (
                t.lemma in ("планироваться", "мочь", "предложить", "планировать", "намереваться")
                and (i + 1 < len(sentence.tokens) and sentence.tokens[i + 1].feats.get("VerbForm") == "Inf")
            )
        ):
            future = True
        elif tense == "Past" and t.feats.get("VerbForm") == "Fin":
            past = True
    if future:
        return "future"
    return "past" if past else None


@dataclass
class Ent:
    idx: int
    cls: str
    mentions: list[Mention] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # candidate display names, in order of mention
    kind: str | None = None
    en: str | None = None
    country: str | None = None
    ordinal: int | None = None
    year: int | None = None
    series_name: str | None = None
    brand: str | None = None
    status: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    gender: str | None = None
    surname_only: bool = False
    chinese: bool = False
    candidate: str | None = None
    salience: float = 0.0
    last: int = -1
    head: str = ""
    signature: tuple[str, frozenset[str]] | None = None
    pair: str | None = None
    forum_of: int | None = None  # a plenary's forum
    extra_names: list[str] = field(default_factory=list)  # aliases that are no display name (full name with patronymic)


class Coref:
    def __init__(self, analysis: Analysis, mentions: list[Mention], text: str, dateline: str | None) -> None:
        self.analysis = analysis
        self.mentions = mentions
        self.text = text
        self.ents: list[Ent] = []
        self.by_key: dict[tuple[str, str], Ent] = {}
        self.tense = {s.index: sentence_tense(s) for s in analysis.sentences}
        self.sentences = {s.index: s for s in analysis.sentences}
        self.region_bonus: dict[str, float] = {}
        if dateline:
            entry = lexicon().entry(dateline)
            if entry is not None and entry.parent:
                parent = lexicon().entry(entry.parent)
                if parent is not None and parent.kind in ("region", "province"):
                    self.region_bonus[parent.name] = 0.5

    # -- entity bookkeeping ------------------------------------------------------
    def new(self, m: Mention, cls: str | None = None) -> Ent:
        e = Ent(idx=len(self.ents), cls=cls or m.cls, kind=m.kind, en=m.en, country=m.country, head=m.head)
        e.gender = m.gender
        self.ents.append(e)
        return e

    def attach(self, e: Ent, m: Mention, note: str = "") -> None:
        m.entity = e.idx
        if note and not m.note:
            m.note = note
        e.mentions.append(m)
        if m.ref is None:
            e.names.append(m.name)
            e.extra_names.extend(m.aliases)
        e.salience += 1.0
        e.last = m.start
        if m.kind and (e.kind is None or (e.kind == "forum_series" and m.ordinal is None)):
            e.kind = e.kind or m.kind
        e.en = e.en or m.en
        e.country = e.country or m.country
        if m.ordinal is not None:
            e.ordinal = m.ordinal
        if m.year is not None:
            e.year = m.year
        if m.brand and e.cls == "Event":
            e.brand = e.brand or re.sub(r"[-–]\d{4}$", "", m.brand)
        if m.series_name and not e.series_name:
            e.series_name = m.series_name
        e.gender = e.gender or m.gender
        if m.props.get("chinese"):
            e.chinese = True

    def index(self, e: Ent, *keys: str) -> None:
        for k in keys:
            if k:
                self.by_key.setdefault((e.cls, k), e)

    def find(self, cls: str, *keys: str) -> Ent | None:
        for k in keys:
            if k and (cls, k) in self.by_key:
                return self.by_key[(cls, k)]
        return None

    # -- focus ---------------------------------------------------------------------
    def focus_event(self, m: Mention, heads: set[str] | None, pos: int) -> Ent | None:
        tense = self.tense.get(m.sent)
        best: tuple[float, Ent] | None = None
        for e in self.ents:
            if e.cls != "Event" or e.last > pos or not e.mentions or e.candidate:
                continue
            if (
                heads is not None
                and e.head not in heads
                and not (e.kind in FORUM_KINDS and "форум" in heads and e.head in ("форум", "экспо"))
            ):
                continue
            if m.ref == "pronoun" and m.gender and e.gender and m.gender != e.gender:
                continue
            score = e.salience + (2.0 if e.last == max(x.last for x in self.ents if x.cls == "Event") else 0.0)
            if m.ref == "pronoun":
                score = e.last  # a pronoun points at the nearest
            if (tense == "past" and e.status == "held") or (tense == "future" and e.status in ("planned", "proposed")):
                score += 1.5
            if m.head in ("мероприятие",) and e.kind not in FORUM_KINDS:
                score -= 3
            if best is None or score > best[0]:
                best = (score, e)
        return best[1] if best else None

    def focus_region(self, pos: int) -> Ent | None:
        best: tuple[float, Ent] | None = None
        for e in self.ents:
            if e.cls != "Territory" or e.kind not in ("region", "province") or e.last > pos:
                continue
            score = e.salience + self.region_bonus.get(e.names[0] if e.names else "", 0.0)
            if best is None or score > best[0]:
                best = (score, e)
        return best[1] if best else None

    def focus_person(self, m: Mention, pos: int) -> Ent | None:
        best: Ent | None = None
        for e in self.ents:
            if e.cls != "Person" or e.last > pos or e.candidate:
                continue
            if m.gender and e.gender and m.gender != e.gender:
                continue
            if best is None or e.last > best.last:
                best = e
        return best

    def focus_project(self, pos: int, head: str = "проект") -> Ent | None:
        cands = [e for e in self.ents if e.cls == "Project" and e.last <= pos and head in ("проект", e.head)]
        return max(cands, key=lambda e: e.last) if cands else None

    # -- the walk ----------------------------------------------------------------------
    def run(self) -> list[Ent]:
        order = sorted(self.mentions, key=lambda m: (m.start, -(m.end - m.start)))
        # standalone quoted names of a known event brand are that event ('«АмурЭкспо-2026» продолжает')
        brands = {key(m.series_name or ""): m for m in self.mentions if m.cls == "Event" and m.brand}
        for m in self.mentions:
            if m.cls == "Organization" and m.rule.startswith("ner:") and not m.kind:
                base = key(re.sub(r"[-–]\d{4}$", "", m.name))
                if base in brands:
                    m.cls = "Event"
                    m.brand = m.name
                    y = re.search(r"[-–](\d{4})$", m.name)
                    m.year = int(y[1]) if y else None
                    m.series_name = brands[base].series_name
                    m.kind = brands[base].kind
                    m.rule = "ner:ORG+event-brand"
                    m.note = f"quoted name of the event series {brands[base].series_name!r}"
        for m in order:
            if m.entity is not None or m.ref == "drop":
                continue
            handler = getattr(self, f"do_{m.cls.lower()}")
            handler(m)
            self.update_status(m)
        self.merge_initials()
        return self.ents

    def merge_initials(self) -> None:
        """'В. В. Путин' named before 'Владимир Путин': the initials join the full name afterwards."""
        for e in self.ents:
            if e.cls != "Person" or not e.names or not e.mentions:
                continue
            words = e.names[0].replace(".", ". ").split()
            if len(words) < 2 or not all(len(w.rstrip(".")) == 1 for w in words[:-1]):
                continue
            target = next(
                (
                    x
                    for x in self.ents
                    if x is not e
                    and x.cls == "Person"
                    and x.mentions
                    and len(x.names[0].split()) >= 2
                    and key(x.names[0].split()[-1]) == key(words[-1])
                    and x.names[0][0].lower() == words[0][0].lower()
                    and not x.names[0].split()[0].endswith(".")
                ),
                None,
            )
            if target is None:
                continue
            for m in e.mentions:
                m.entity = target.idx
                m.note = m.note or f"initials {m.surface!r} -> {target.names[0]}"
                target.mentions.append(m)
            target.extra_names.append(e.names[0])
            e.mentions = []

    def update_status(self, m: Mention) -> None:
        if m.entity is None or m.cls != "Event":
            return
        e = self.ents[m.entity]
        s = self.sentences.get(m.sent)
        if s is None:
            return
        words = {t.lemma for t in s.tokens}
        before = {t.lemma for t in s.tokens if t.start < m.start}
        tense = self.tense.get(m.sent)
        if {"предложить", "инициатива"} & before or ("мочь" in words and "пройти" in words and m.ref is None):
            status = "proposed"
        elif tense == "past" and ({"пройти", "состояться", "открыться", "провести", "прошедший"} & words):
            status = "held"
        elif tense == "future":
            status = "planned"
        else:
            return
        if e.status != "proposed" or status == "held":
            e.status = e.status or status
            if status == "proposed":
                e.status = "proposed"

    def do_person(self, m: Mention) -> None:
        pos = m.start
        if m.candidate:
            e: Ent | None = self.find("Person", "cand:" + key(m.name)) or self.new(m)
            assert e is not None
            e.candidate = m.candidate
            self.index(e, "cand:" + key(m.name))
            self.attach(e, m)
            return
        if m.ref == "pronoun":
            e = self.focus_person(m, pos)
            if e is not None:
                self.attach(e, m, f"pronoun {m.surface!r} -> {e.names[0]} (the person in focus)")
            return
        if m.ref == "surname":
            target = self.surname_match(m)
            if target is not None:
                self.attach(
                    target, m, f"surname {m.surface!r} -> {target.names[0]} (named in full earlier in the article)"
                )
                return
            e = self.find("Person", "surname:" + key(m.name)) or self.new(m)
            e.surname_only = True
            self.index(e, "surname:" + key(m.name), "surname-stem:" + stem(m.name))
            self.attach(e, m)
            e.names = e.names or [m.name]
            return
        k = key(m.name)
        e = self.find("Person", "full:" + k) or self.initials_match(m)
        if e is None:
            e = self.new(m)
            e.chinese = bool(m.props.get("chinese"))
            self.index(e, "full:" + k)
            words = m.name.split()
            sur = words[0] if e.chinese else words[-1]
            self.index(e, "sur:" + key(sur), "sur-stem:" + stem(sur))
            self.attach(e, m)
        else:
            self.attach(e, m, f"same name as earlier: {e.names[0]}")

    def initials_match(self, m: Mention) -> Ent | None:
        """'В. В. Путин' or 'В. Путин' and 'Владимир Путин' are one person."""
        words = m.name.replace(".", ". ").split()
        if len(words) < 2 or not all(len(w.rstrip(".")) == 1 for w in words[:-1]):
            return None
        first, surname = words[0][0].lower(), key(words[-1])
        for e in self.ents:
            if e.cls == "Person" and not e.surname_only and e.names and len(e.names[0].split()) >= 2:
                full = e.names[0].split()
                if key(full[-1]) == surname and full[0][0].lower() == first:
                    m.note = f"initials {m.surface!r} -> {e.names[0]}"
                    return e
        return None

    def surname_match(self, m: Mention) -> Ent | None:
        k = key(m.name)
        cands = [
            e
            for e in self.ents
            if e.cls == "Person"
            and not e.surname_only
            and e.last <= m.start
            and (self.find("Person", "sur:" + k) is e or self.find("Person", "sur-stem:" + stem(m.name)) is e)
        ]
        if not cands:
            # any person whose surname matches, not only the first indexed
            cands = [
                e
                for e in self.ents
                if e.cls == "Person"
                and not e.surname_only
                and e.names
                and (key(_surname(e)) == k or stem(_surname(e)) == stem(m.name))
            ]
        if not cands:
            # a Chinese given name on its own ('Тяньмин' for 'Го Тяньмин')
            cands = [
                e
                for e in self.ents
                if e.cls == "Person"
                and not e.surname_only
                and e.chinese
                and e.names
                and k in map(key, e.names[0].split())
            ]
        return max(cands, key=lambda e: e.last) if cands else None

    def do_territory(self, m: Mention) -> None:
        if m.candidate:
            cand = self.find("Territory", "cand:" + key(m.name)) or self.new(m)
            cand.candidate = m.candidate
            self.index(cand, "cand:" + key(m.name))
            self.attach(cand, m)
            return
        k = key(m.name)
        e = self.find("Territory", k, "stem:" + " ".join(stem(w) for w in m.name.split()))
        if e is None:
            e = self.new(m)
            self.index(e, k, "stem:" + " ".join(stem(w) for w in m.name.split()))
            self.attach(e, m)
        else:
            self.attach(e, m, m.note)

    def do_organization(self, m: Mention) -> None:
        if m.ref == "pronoun":
            cands = [e for e in self.ents if e.cls == "Organization" and e.last <= m.start and not e.candidate]
            if cands:
                target = max(cands, key=lambda c: c.last)
                self.attach(target, m, f"pronoun {m.surface!r} -> {target.names[0]} (the organization in focus)")
            return
        if m.ref == "focus":
            cands = [e for e in self.ents if e.cls == "Organization" and e.head == m.head and e.last <= m.start]
            if cands:
                target = max(cands, key=lambda c: c.last)
                self.attach(target, m, f"bare reference {m.surface!r} -> {target.names[0]} (the organization in focus)")
            return
        if m.candidate:
            cand = self.find("Organization", "cand:" + key(m.name)) or self.new(m)
            cand.candidate = m.candidate
            self.index(cand, "cand:" + key(m.name))
            self.attach(cand, m)
            return
        if m.props.get("bare_region"):
            region = self.focus_region(m.start)
            if region is None:
                m.candidate = f"{m.name!r}: the region it belongs to is not named in the article"
            else:
                rname = region.names[0]
                gen = _genitive(rname)
                new_name = re.sub(r"\b(региона|края|области|республики|провинции)\b", gen, m.name, count=1)
                found = lexicon().entry(new_name)
                m.note = f"{m.surface!r}: {m.name!r} with the region in focus {rname!r} -> {new_name!r}"
                m.name = found.name if found else new_name
        k = key(m.name)
        loose = key(" ".join(w for w in m.name.split() if not w.lower().startswith("народн")))
        e = self.find("Organization", k, "loose:" + loose)
        if e is None:
            e = self.new(m)
            self.index(e, k, "loose:" + loose)
            self.attach(e, m)
            if m.candidate:
                e.candidate = m.candidate
        else:
            self.attach(e, m, m.note or f"same organization as earlier: {e.names[0]}")

    def do_project(self, m: Mention) -> None:
        if m.ref == "focus":
            e = self.focus_project(m.start, m.head)
            if e is not None:
                self.attach(e, m, f"{m.surface!r} -> {e.names[0]} (the project in focus)")
            return
        k = key(m.name)
        brand = key(m.brand) if m.brand else ""
        sig_adj = frozenset(_adjectives(m))
        pair = _pair(m.name)
        e = self.find("Project", k, "brand:" + brand if brand else "", "pair:" + m.head + pair if pair else "")
        if e is None:
            for other in self.ents:
                if other.cls != "Project" or other.head != m.head or other.signature is None:
                    continue
                a, b = other.signature[1], sig_adj
                if a and b and (a <= b or b <= a) and not (other.brand and m.brand and other.brand != m.brand):
                    e = other
                    break
        if e is None:
            e = self.new(m)
            e.signature = (m.head, sig_adj)
            e.brand = m.brand
            self.index(e, k, "brand:" + brand if brand else "", "pair:" + m.head + pair if pair else "")
            self.attach(e, m)
        else:
            self.attach(e, m, f"same project as {e.names[0]!r}")
            if pair:
                self.index(e, "pair:" + m.head + pair)

    def do_event(self, m: Mention) -> None:
        pos = m.start
        if m.ref in ("focus", "pronoun"):
            heads = None if m.ref == "pronoun" or m.head == "мероприятие" else EVENT_HEAD_GROUPS.get(m.head, {m.head})
            e = self.focus_event(m, heads, pos)
            if e is not None:
                how = "pronoun" if m.ref == "pronoun" else "bare reference"
                self.attach(e, m, f"{how} {m.surface!r} -> {e.names[0]} (the event in focus)")
            return
        if m.ref == "next":
            base = self.focus_event(m, EVENT_HEAD_GROUPS.get(m.head, {m.head}), pos)
            if base is not None and base.ordinal is not None and base.series_name:
                m.ordinal = base.ordinal + 1
                m.series_name = base.series_name
                base_name = re.sub(r"^[IVXLC]+\s+", "", _display_name(base))
                m.name = f"{int_to_roman(m.ordinal)} {base_name}"
                m.kind = base.kind
                m.note = f"{m.surface!r}: the edition after {base.names[0]!r}"
                m.ref = None
            else:
                return
        if m.kind == "plenary" and not m.brand:
            forum = self.plenary_forum(m)
            if forum is None:
                return
            m.name = f"{_nominative_plenary(m)} {_genitive_name(forum)}"
            m.note = f"the plenary session of {forum.names[0]!r}"
            m.props["forum"] = forum.idx
        series = key(m.series_name or "")
        edition = m.ordinal if m.ordinal is not None else m.year
        if m.year is None and m.ordinal is None and m.kind not in ("session", "plenary", "meeting"):
            year = self.clause_year(m)
            if year is not None and (m.brand or m.kind in FORUM_KINDS) and m.kind != "forum_series":
                m.year = year
                edition = year
        e = None
        if edition is not None and series:
            e = self.find("Event", f"ed:{series}:{edition}")
        if e is None:
            e = self.find("Event", key(m.name))
        if e is None and edition is None and series and m.kind != "forum_series":
            editions = [
                x
                for x in self.ents
                if x.cls == "Event" and key(x.series_name or "") == series and (x.ordinal or x.year)
            ]
            if len(editions) == 1:
                e = editions[0]
                m.note = m.note or f"{m.surface!r}: the only edition of {m.series_name!r} in the article"
        if e is None:
            e = self.new(m)
            if m.props.get("forum") is not None:
                e.forum_of = m.props["forum"]
            self.attach(e, m)
        else:
            self.attach(e, m, m.note or f"same event as {e.names[0]!r}")
        self.index(e, key(m.name))
        if edition is not None and series:
            self.index(e, f"ed:{series}:{edition}")

    def plenary_forum(self, m: Mention) -> Ent | None:
        tok = m.props.get("of_event_token")
        if tok is not None:
            # 'пленарное заседание форума': the genitive reference names the forum
            for other in self.mentions:
                if other.sent == m.sent and other.t0 <= tok < other.t1 and other.entity is not None:
                    return self.ents[other.entity]
            ref = next((o for o in self.mentions if o.sent == m.sent and o.t0 <= tok < o.t1), None)
            if ref is not None:
                self.do_event(ref)
                if ref.entity is not None:
                    return self.ents[ref.entity]
        return self.focus_event(m, {"форум", "экспо", "выставка", "ярмарка", "конференция", "саммит"}, m.start)

    def clause_year(self, m: Mention) -> int | None:
        """The year of a date in the same clause after an event's name ('..., который пройдет ... мая 2026 года')."""
        s = self.sentences.get(m.sent)
        if s is None:
            return None
        text = self.text[m.end : s.stop]
        # stop at the next event name in the sentence
        nxt = [
            o.start
            for o in self.mentions
            if o.sent == m.sent and o.cls == "Event" and o.start > m.end and o.ref is None
        ]
        if nxt:
            text = self.text[m.end : min(nxt)]
        found = re.search(r"\b(20\d{2})\s*(?:года|году)\b", text)
        return int(found[1]) if found else None


def _surname(e: Ent) -> str:
    words = e.names[0].split()
    return words[0] if e.chinese else words[-1]


def _adjectives(m: Mention) -> list[str]:
    words = m.name.split()
    out = []
    for w in words:
        lw = w.lower()
        if lw.endswith(("ый", "ий", "ой", "ая", "яя", "ое", "ее")) and lw not in NON_NAME_ADJECTIVES:
            out.append(lw)
        if lw.startswith(m.head[:4]):
            break
    return out


def _pair(name: str) -> str:
    found = re.search(r"([А-ЯЁ][\w-]+)\s*[–—-]\s*([А-ЯЁ][\w-]+)$", name)
    return f"{key(found[1])}-{key(found[2])}" if found else ""


def _genitive(name: str) -> str:
    words = name.split()
    out = []
    for i, w in enumerate(words):
        if i > 0 and words[i - 1][:1].isupper() and w[:1].isupper() and not w.lower().endswith(("ая", "ий", "ый")):
            out.append(w)
            continue
        pos = "ADJ" if w.lower().endswith(("ая", "ий", "ый", "ой", "ое", "яя")) else "NOUN"
        out.append(inflect(w, pos, "Nom", None, "Sing", "Gen"))
    return " ".join(out)


def _genitive_name(e: Ent) -> str:
    name = _display_name(e)
    words = name.split()
    roman = words[0] if words and re.fullmatch(r"[IVXLC]+", words[0]) else None
    rest = words[1:] if roman else words
    # inflect the head phrase (adjectives + first noun); keep what follows
    out: list[str] = []
    head_done = False
    gender = None
    for w in rest:
        lw = w.lower()
        if head_done or w.startswith("«"):
            out.append(w)
            continue
        if lw.endswith(("ый", "ий", "ой", "ая", "яя", "ое", "ее")) and not head_done:
            out.append(w)  # inflected below with the head's gender
            continue
        gen = inflect(w, "NOUN", "Nom", None, "Sing", "Gen")
        gender = (
            "Fem"
            if lw.endswith(("а", "я", "ь")) and lw not in ("форум",)
            else ("Neut" if lw.endswith(("о", "е")) else "Masc")
        )
        out.append(gen)
        head_done = True
    fixed = []
    for w in out:
        lw = w.lower()
        if lw.endswith(("ый", "ий", "ой", "ая", "яя", "ое", "ее")) and not w.startswith("«"):
            head, sep, last = w.rpartition("-")
            fixed.append(head + sep + inflect(last if sep else w, "ADJ", "Nom", gender, "Sing", "Gen"))
        else:
            fixed.append(w)
    return " ".join(([roman] if roman else []) + fixed)


def _nominative_plenary(m: Mention) -> str:
    low = m.surface.lower()
    if "сесси" in low:
        return "Пленарная сессия"
    return "Пленарное заседание"


def _display_name(e: Ent) -> str:
    """The best name among an entity's mentions: no abbreviations, the year form of an edition, the fullest."""
    names = list(dict.fromkeys(e.names)) or ["?"]
    if e.cls == "Event" and e.brand and e.year is not None:
        for n in names:
            if re.fullmatch(rf"{re.escape(e.brand)}[-–]{e.year}", n):
                return n
    if e.cls == "Event" and e.ordinal is not None:
        with_ord = [n for n in names if n.startswith(int_to_roman(e.ordinal) + " ")]
        if with_ord:
            names = with_ord
    if e.cls == "Person":
        full = [n for n in names if len(n.split()) >= 2]
        if full:
            names = full
    return max(names, key=lambda n: (not any(w.isupper() and len(w) > 1 for w in n.split()[1:]), len(n)))


def entities_out(ents: list[Ent]) -> list[EntityOut]:
    out: list[EntityOut] = []
    for e in ents:
        if not e.mentions:
            continue
        name = _display_name(e)
        aliases = [n for n in dict.fromkeys([*e.names, *e.extra_names]) if key(n) != key(name)]
        en: list[str] = []
        if e.en:
            en.append(e.en)
        if e.cls == "Person" and (e.chinese or looks_chinese(name)) and len(name.split()) >= 2:
            pinyin = palladius_to_pinyin(name)
            if pinyin:
                en.append(pinyin)
        props: dict[str, object] = {}
        if e.country:
            props["country"] = e.country
        if e.cls == "Event":
            if e.ordinal is not None:
                props["ordinal"] = e.ordinal
            series = e.series_name
            if series and (e.ordinal is not None or e.year is not None or e.kind == "forum_series"):
                props["series"] = slugify(series)
            if e.status:
                props["status"] = e.status
            if e.start_date:
                props["start_date"] = e.start_date
            if e.end_date:
                props["end_date"] = e.end_date
        if e.cls == "Project" and e.status:
            props["status"] = e.status
        out.append(
            EntityOut(
                idx=e.idx,
                cls=e.cls,
                name=name,
                kind=e.kind,
                aliases=aliases,
                en=list(dict.fromkeys(en)),
                props=props,
                mentions=[
                    {
                        "start": m.start,
                        "end": m.end,
                        "quote": m.surface,
                        "rule": m.rule,
                        "confidence": m.confidence,
                        "note": m.note or None,
                        "sentence": m.sent,
                    }
                    for m in e.mentions
                ],
                candidate=e.candidate,
                surname_only=e.surname_only,
                series_key=slugify(e.series_name) if e.series_name else None,
                series_name=e.series_name,
            )
        )
    return out


def fold_name(name: str) -> str:
    return fold(name)


def tokens_text(tokens: list[Token]) -> str:
    return " ".join(t.text for t in tokens)
