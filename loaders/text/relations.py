"""Typed relations from cue words and constructions, each with the words that support it.

Every rule needs a cue: a post standing next to a name, a verb ('принял
участие', 'пройдет в', 'предложил провести', 'представил'), a construction
('Организаторами ... выступают', 'в рамках', 'выездной площадки'), a phrase
nesting ('Деловой совет Российско-Китайского комитета'). Two names in one
sentence with no cue between them give nothing. Each relation keeps the
sentence, the character span it rests on, the rule and a confidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from graph.names import slugify
from loaders.text.dates import find_dates
from loaders.text.lexicon import lexicon
from loaders.text.model import EntityOut, Mention, PositionPhrase, Rel, RelationOut
from loaders.text.nlp import Analysis, Sentence, Token, key
from ontology.model import ontology


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


HELD_VERBS = _words(
    """
    пройти проходить состояться развернуться разворачиваться открыться открываться стартовать провести
    проводить проводиться продлиться прошедший состояться завершиться завершаться
    """
)
PRESENT_VERBS = {
    "представить": "presenter",
    "презентовать": "presenter",
    "представлять": "presenter",
    "продвигать": "promoter",
    "реализовывать": "implementer",
    "реализовать": "implementer",
    "курировать": "supervisor",
    "сопровождать": "supporter",
    "организовать": "organizer",
    "запустить": "operator",
    "построить": "builder",
    "строить": "builder",
    "возвести": "builder",
    "профинансировать": "investor",
    "финансировать": "investor",
}
SERIES_KINDS = frozenset({"forum", "fair", "exhibition"})


@dataclass
class Ctx:
    sentence: Sentence
    mentions: list[Mention]  # of this sentence, resolved to an entity, in text order

    @property
    def T(self) -> list[Token]:
        return self.sentence.tokens


class Relations:
    def __init__(
        self,
        analysis: Analysis,
        text: str,
        mentions: list[Mention],
        positions: list[PositionPhrase],
        entities: list[EntityOut],
        published: str | None,
    ) -> None:
        self.analysis = analysis
        self.text = text
        self.mentions = mentions
        self.positions = positions
        self.entities = {e.idx: e for e in entities}
        self.published = published
        self.out: list[RelationOut] = []
        self.by_sentence: dict[int, list[Mention]] = {}
        for m in sorted(mentions, key=lambda m: (m.start, m.end)):
            if m.entity is not None and m.entity in self.entities:
                self.by_sentence.setdefault(m.sent, []).append(m)

    # -- helpers ----------------------------------------------------------------------
    def ent(self, m: Mention) -> EntityOut:
        assert m.entity is not None
        return self.entities[m.entity]

    def add(
        self,
        rel: str,
        src: int | None,
        dst: int | None,
        ctx: Ctx,
        pieces: Iterable[int],
        rule: str,
        conf: float,
        **props: object,
    ) -> None:
        if src is None or dst is None or src == dst or src not in self.entities or dst not in self.entities:
            return
        a, b = self.entities[src], self.entities[dst]
        if not ontology().relations[rel].allows(a.cls, b.cls) or a.candidate or b.candidate:
            return
        offsets = [p for p in pieces if p >= 0]
        start, end = min(offsets), max(offsets)
        s = ctx.sentence
        start, end = max(start, s.start), min(end, s.stop)
        quote = self.text[start:end]
        if len(quote) > 400:
            quote = quote[:397] + "..."
        self.out.append(
            RelationOut(
                type=rel,
                src=src,
                dst=dst,
                start=start,
                end=end,
                quote=quote,
                rule=rule,
                confidence=conf,
                sentence=s.index,
                props={k: v for k, v in props.items() if v is not None},
                note=f"sentence {s.index + 1}",
            )
        )

    @staticmethod
    def span(*ms: Mention | Token | None) -> list[int]:
        out: list[int] = []
        for m in ms:
            if m is None:
                continue
            if isinstance(m, Mention):
                out += [m.start, m.end]
            else:
                out += [m.start, m.stop]
        return out

    def of_cls(self, ms: Iterable[Mention], *classes: str) -> list[Mention]:
        return [m for m in ms if self.ent(m).cls in classes]

    def mention_case(self, ctx: Ctx, m: Mention) -> str | None:
        T = ctx.T
        if self.ent(m).cls == "Person" and any(T[k].case == "Nom" for k in range(m.t0, min(m.t1, len(T)))):
            return "Nom"  # Chinese names confuse the tagger: one nominative word is enough
        i = m.head_i if 0 <= m.head_i < len(T) and m.t0 <= m.head_i < m.t1 else m.t1 - 1
        return T[i].case

    def prev_word(self, ctx: Ctx, m: Mention, skip_adj: bool = True) -> Token | None:
        k = m.t0 - 1
        T = ctx.T
        while k >= 0 and (
            T[k].text == "." or T[k].low in ("г", "о") or (skip_adj and T[k].pos == "ADJ" and not T[k].is_upper_initial)
        ):
            k -= 1
        return T[k] if k >= 0 else None

    def dates(self, ctx: Ctx, a: int, b: int) -> tuple[str | None, str | None]:
        s = ctx.sentence
        future = any(
            t.feats.get("Tense") == "Fut" or (t.feats.get("Aspect") == "Perf" and t.feats.get("Tense") == "Pres")
            for t in ctx.T
        )
        for d in find_dates(self.text[s.start : s.stop], s.start, self.published, future):
            if a <= d.char_start and d.char_end <= b + 60:
                return d.start, d.end
        return None, None

    def focus_event(self, before: int) -> int | None:
        counts: dict[int, tuple[int, int]] = {}
        for m in self.mentions:
            if m.entity is None or m.start >= before or m.entity not in self.entities:
                continue
            e = self.entities[m.entity]
            if e.cls != "Event" or e.kind in ("session", "plenary", "lecture"):
                continue
            n, last = counts.get(m.entity, (0, -1))
            bonus = 100 if e.kind in ("forum", "fair", "exhibition", "forum_series") else 0
            counts[m.entity] = (n + 1 + bonus - (bonus and 0), max(last, m.start))
        if not counts:
            return None
        return max(counts, key=lambda k: counts[k])

    # -- the rules ----------------------------------------------------------------------
    def run(self) -> list[RelationOut]:
        for s in self.analysis.sentences:
            ctx = Ctx(s, self.by_sentence.get(s.index, []))
            self.posts(ctx)
            self.held_in(ctx)
            self.participated(ctx)
            self.organized(ctx)
            self.proposed(ctx)
            self.involved(ctx)
            self.part_of(ctx)
            self.located(ctx)
        self.nesting()
        self.plenaries()
        self.editions()
        return self.out

    def posts(self, ctx: Ctx) -> None:
        for p in self.positions:
            if p.sent != ctx.sentence.index or p.org is None:
                continue
            person = next((m for m in ctx.mentions if m.t0 == p.person_t0 and self.ent(m).cls == "Person"), None)
            org = self.mentions[p.org]
            if person is None or org.entity is None or org.entity not in self.entities:
                continue
            conf = 0.9 if org.confidence >= 0.7 else 0.6
            pe = self.ent(person)
            pe.kind = pe.kind or p.kind
            self.add(
                Rel.HOLDS_POSITION,
                person.entity,
                org.entity,
                ctx,
                [p.start, p.end, person.start, person.end],
                "post-appositive",
                conf,
                title=p.title,
            )

    def held_in(self, ctx: Ctx) -> None:
        T = ctx.T
        events = self.of_cls(ctx.mentions, "Event")
        places = [
            m
            for m in ctx.mentions
            if self.ent(m).cls == "Territory"
            or (self.ent(m).cls == "Organization" and (self.ent(m).kind == "venue" or self.ent(m).kind is None))
        ]
        done: set[tuple[int | None, int | None]] = set()
        for i, t in enumerate(T):
            if t.lemma not in HELD_VERBS or _negated(T, i):
                continue
            # the place(s): 'в X', 'в X и Y' in the same clause
            found: list[Mention] = []
            for pl in places:
                prev = self.prev_word(ctx, pl)
                if prev is not None and prev.low in ("в", "во") and not _crosses(T, i, pl.t0):
                    found.append(pl)
                    # coordinated: 'в Благовещенске и Хэйхэ'
                    for other in places:
                        if other.t0 == pl.t1 + 1 and T[pl.t1].low == "и":
                            found.append(other)
            if not found:
                continue
            before = [e for e in events if e.t1 <= i and self.ent(e).kind not in ("session", "lecture")]
            after = [e for e in events if e.t0 > i]
            transitive = t.lemma in ("провести", "проводить") and t.feats.get("Voice") != "Pass"
            if transitive:
                ev = after[0] if after else (before[-1] if before else None)
            else:
                ev = before[-1] if before else (after[0] if after else None)
            if ev is None or ev.entity is None:
                continue
            for pl in found:
                if (ev.entity, pl.entity) in done or pl.t0 < ev.t0 - 40:
                    continue
                lo, hi = max(ev.t1, i), pl.t0
                if any(lo <= e.t0 < hi and e.entity != ev.entity for e in events):
                    continue  # another event stands between: the place is that one's
                done.add((ev.entity, pl.entity))
                start, end = self.dates(ctx, min(ev.start, t.start), max(ev.end, pl.end, t.stop))
                self.add(
                    Rel.HELD_IN,
                    ev.entity,
                    pl.entity,
                    ctx,
                    self.span(ev, t, pl),
                    "held-in:verb",
                    0.8,
                    start_date=start,
                    end_date=end,
                )
                self.event_dates(ev.entity, start, end)
        # 'форуме ... в г. Шеньян', 'выставку «...» в Чанчуне': a named event right before 'в' + place
        for ev in events:
            if ev.ref is not None or ev.entity is None:
                continue
            j = ev.t1
            if j + 1 < len(T) and T[j].low in ("в", "во"):
                near = next((p for p in places if p.t0 in (j + 1, j + 2, j + 3) and p.t0 > j), None)
                if near is not None and (ev.entity, near.entity) not in done:
                    done.add((ev.entity, near.entity))
                    self.add(Rel.HELD_IN, ev.entity, near.entity, ctx, self.span(ev, near), "held-in:phrase", 0.7)

    def event_dates(self, idx: int, start: str | None, end: str | None) -> None:
        e = self.entities[idx]
        if e.kind == "forum_series" or start is None:
            return
        e.props.setdefault("start_date", start)
        if end:
            e.props.setdefault("end_date", end)

    def participated(self, ctx: Ctx) -> None:
        T = ctx.T
        lemmas = [t.lemma for t in T]
        people = self.of_cls(ctx.mentions, "Person")
        events = self.of_cls(ctx.mentions, "Event")
        if not people:
            # 'На сессии вице-президент банка представил ...': a post standing for the person who holds it
            verbs = [k for k, t in enumerate(T) if t.pos == "VERB" and t.feats.get("VerbForm") == "Fin"]
            proxy = self.post_subject(ctx, verbs[0]) if verbs and events else None
            if proxy is None:
                return
            people = [proxy]
        cues: list[tuple[int, str | None, str]] = []  # token, role, how the event is found
        for i, lemma in enumerate(lemmas):
            invited = any(
                x in ("пригласить", "приглашать", "призвать", "предложить") for x in lemmas[max(0, i - 4) : i]
            )
            if lemma == "участие" and invited:
                continue
            if lemma == "участие" and any(x in ("принять", "принимать") for x in lemmas[max(0, i - 3) : i + 3]):
                role = "delegation head" if "глава" in lemmas and "делегация" in lemmas else "participant"
                cues.append((i, role, "в"))
            elif lemma == "участвовать":
                cues.append((i, "participant", "в"))
            elif lemma in ("выступить", "выступать") and i + 1 < len(T) and T[i + 1].low == "на":
                cues.append((i, "speaker", "на"))
            elif lemma in ("выступить", "выступать") and any(x.low == "на" for x in T[max(0, i - 4) : i]):
                cues.append((i, "speaker", "на-before"))
            elif lemma in ("возглавить", "возглавлять") and "делегация" in lemmas[i - 2 : i + 3]:
                cues.append((i, "delegation head", "focus"))
            elif lemma in ("открыть", "провести") and T[i].feats.get("VerbForm") == "Fin":
                cues.append((i, "chair" if lemma == "провести" else "opening", "object"))
            elif lemma in PRESENT_VERBS and any(x in ("рамка",) for x in lemmas[:i]):
                cues.append((i, "speaker", "в рамках"))
            elif lemma in ("приветствовать", "обратиться") and "участник" in lemmas[max(0, i - 3) : i + 3]:
                cues.append((i, "welcome speech", "recent"))
        # 'На встрече X предложил ...', 'Там X презентовал ...': the sentence is set at an event
        lead = [
            e
            for e in events
            if e.t0 <= 2 and (T[0].low in ("на", "там") or (T[0].low == "в" and len(T) > 1 and T[1].lemma == "рамка"))
        ]
        verbs = [k for k, t in enumerate(T) if t.pos == "VERB" and t.feats.get("VerbForm") == "Fin"]
        if lead and verbs and not any(c[2] in ("в", "на", "на-before", "в рамках") for c in cues):
            cues.append((verbs[0], "participant" if T[verbs[0]].lemma not in PRESENT_VERBS else "speaker", "lead"))
        cues = [c for c in cues if not _negated(T, c[0])]
        for i, cue_role, how in cues:
            role = cue_role or "participant"
            ev: Mention | None = None
            if how == "в":
                ev = next((e for e in events if e.t0 > i and T[e.t0 - 1].low in ("в", "во")), None)
                ev = ev or next((e for e in events if e.t1 <= i and e.t0 > 0 and T[e.t0 - 1].low in ("в", "во")), None)
            elif how == "на":
                ev = next((e for e in events if e.t0 > i + 1), None)
            elif how == "на-before":
                ev = next((e for e in reversed(events) if e.t1 <= i and e.t0 > 0 and T[e.t0 - 1].low == "на"), None)
            elif how == "object":
                ev = next((e for e in events if e.t1 <= i and self.mention_case(ctx, e) in ("Acc", None)), None)
                ev = ev or next((e for e in events if e.ref == "pronoun" and e.t1 <= i), None)
            elif how == "в рамках":
                ev = next((e for e in events if e.t0 > 0 and lemmas[e.t0 - 1] == "рамка"), None)
            elif how == "lead":
                ev = next((e for e in events if e.t0 <= 2), None)
            elif how == "recent":
                prev = [
                    m
                    for m in self.mentions
                    if m.entity is not None
                    and m.entity in self.entities
                    and self.ent(m).cls == "Event"
                    and m.start < T[i].start
                    and m.sent >= ctx.sentence.index - 1
                ]
                specific = [m for m in prev if self.ent(m).kind in ("plenary", "session", "meeting")]
                ev = (specific or prev)[-1] if prev else None
            if ev is None and how == "focus":
                idx = self.focus_event(ctx.sentence.start)
                if idx is not None:
                    for p in people:
                        if self.mention_case(ctx, p) in ("Nom", None):
                            self.add(
                                Rel.PARTICIPATED_IN,
                                p.entity,
                                idx,
                                ctx,
                                self.span(p, T[i]),
                                "participated:delegation",
                                0.6,
                                role=role,
                            )
                continue
            if ev is None or ev.entity is None:
                continue
            for p in people:
                case = self.mention_case(ctx, p)
                in_lead = (p.t0 > 2 and lemmas[p.t0 - 3 : p.t0].count("глава") > 0) or any(
                    lemmas[k] == "глава" for k in range(max(0, p.t0 - 8), p.t0)
                )
                if case in ("Nom", None) or (role == "delegation head" and in_lead):
                    self.add(
                        Rel.PARTICIPATED_IN,
                        p.entity,
                        ev.entity,
                        ctx,
                        self.span(p, T[i], ev),
                        f"participated:{how.replace(' ', '-')}",
                        0.75 if how != "object" else 0.65,
                        role=role,
                    )

    def organized(self, ctx: Ctx) -> None:
        T = ctx.T
        lemmas = [t.lemma for t in T]
        orgs = self.of_cls(ctx.mentions, "Organization", "Person")
        events = self.of_cls(ctx.mentions, "Event")
        for i, lemma in enumerate(lemmas):
            if lemma == "организатор":
                ev = next((e for e in events if e.t0 in (i + 1, i + 2)), None)
                ev = ev or next((e for e in events if e.ref == "pronoun" and e.t1 <= i), None)
                ev_idx: int | None
                ev_m: Mention | None
                if ev is None:
                    ev_idx, ev_m = self.focus_event(ctx.sentence.start + T[i].start - T[0].start), None
                    if ev_idx is None:
                        continue
                else:
                    ev_idx, ev_m = ev.entity, ev
                support = next(
                    (k for k, t in enumerate(T) if t.low == "при" and k + 1 < len(T) and T[k + 1].lemma == "поддержка"),
                    None,
                )
                for o in orgs:
                    if o.t0 <= i or (ev_m is not None and ev_m.t0 <= o.t0 < ev_m.t1):
                        continue
                    if o.ref == "pronoun" or self.mention_case(ctx, o) not in ("Nom", None):
                        continue
                    if support is not None and o.t0 > support:
                        continue
                    self.add(
                        Rel.ORGANIZED, o.entity, ev_idx, ctx, self.span(T[i], o, ev_m), "organized:organizer-noun", 0.8
                    )
                if support is not None:
                    for o in orgs:
                        if o.t0 > support + 1 and self.ent(o).cls == "Organization":
                            self.add(
                                Rel.SUPPORTED,
                                o.entity,
                                ev_idx,
                                ctx,
                                self.span(T[support], o),
                                "supported:pri-podderzhke",
                                0.7,
                            )
            elif lemma in ("организовать", "организовывать") and T[i].feats.get("VerbForm") == "Fin":
                subj = [o for o in orgs if o.t1 <= i and self.mention_case(ctx, o) == "Nom"]
                ev = next((e for e in events if e.t0 > i), None)
                if not subj:
                    # 'Его организовали X совместно с Y': object first, organizers after the verb
                    ev = next((e for e in reversed(events) if e.t1 <= i), None)
                    subj = [o for o in orgs if o.t0 > i and self.mention_case(ctx, o) in ("Nom", "Ins")]
                    if subj and ev is not None:
                        for o in subj:
                            self.add(
                                Rel.ORGANIZED, o.entity, ev.entity, ctx, self.span(o, T[i], ev), "organized:verb", 0.7
                            )
                    continue
                if subj and ev is not None:
                    self.add(
                        Rel.ORGANIZED,
                        subj[-1].entity,
                        ev.entity,
                        ctx,
                        self.span(subj[-1], T[i], ev),
                        "organized:verb",
                        0.75,
                    )

    def subjects(self, ctx: Ctx, i: int) -> list[Mention]:
        """The subject of the verb at i, with those coordinated after it ('организовали X и Y')."""
        first = self.subject(ctx, i) or self.post_subject(ctx, i)
        if first is None:
            return []
        out = [first]
        if first.t0 > i:
            T = ctx.T
            end = first.t1
            for m in ctx.mentions:
                if m.t0 <= end or m.t0 - end > 5 or end >= len(T) or T[end].low not in ("и", ","):
                    continue
                if self.ent(m).cls == self.ent(first).cls and self.mention_case(ctx, m) == "Nom":
                    out.append(m)
                    end = m.t1
        return out

    def subject(self, ctx: Ctx, i: int, classes: tuple[str, ...] = ("Person", "Organization")) -> Mention | None:
        """The nearest name before token i in the nominative, or a pronoun or bare post resolved to one."""
        cands = [
            m
            for m in ctx.mentions
            if m.t1 <= i and self.ent(m).cls in classes and self.mention_case(ctx, m) in ("Nom", None)
        ]
        # names inside 'По словам X' or a post's organization are not subjects
        cands = [m for m in cands if not (m.t0 >= 2 and ctx.T[m.t0 - 1].lemma == "слово")]
        # the organization of a post ('мэр Владивостока') is never the subject: its holder is
        cands = [m for m in cands if not m.rule.startswith("rule:post-")]
        if cands:
            return cands[-1]
        after = [
            m
            for m in ctx.mentions
            if i < m.t0 <= i + 4
            and self.ent(m).cls in classes
            and self.mention_case(ctx, m) == "Nom"
            and m.ref is None
            and not m.rule.startswith("rule:post-")
            and not any(t.pos == "PUNCT" for t in ctx.T[i : m.t0])
        ]
        after.sort(key=lambda m: (self.ent(m).cls != "Person", m.t0))
        return after[0] if after else None

    def proposed(self, ctx: Ctx) -> None:
        T = ctx.T
        for i, t in enumerate(T):
            if t.lemma not in ("предложить", "предлагать") or _negated(T, i):
                continue
            subj = self.subject(ctx, i)
            if subj is None:
                subj = self.post_subject(ctx, i)
            objs = [
                m for m in ctx.mentions if m.t0 > i and self.ent(m).cls in ("Event", "Project") and m.ref != "pronoun"
            ]
            if subj is None or not objs or subj.entity is None:
                continue
            obj = objs[0]
            addressee = next(
                (
                    m
                    for m in ctx.mentions
                    if m.t0 == i + 1 and self.ent(m).cls == "Person" and self.mention_case(ctx, m) == "Dat"
                ),
                None,
            )
            outcome, supporter = self.outcome(ctx.sentence.index)
            date = self.published[:7] if self.published else None
            self.add(
                Rel.PROPOSED,
                subj.entity,
                obj.entity,
                ctx,
                self.span(subj, t, obj),
                "proposed:verb",
                0.8,
                date=date,
                addressee=f"entity:{addressee.entity}" if addressee is not None else None,
                outcome=outcome,
            )
            if supporter is not None:
                sctx, sm, verb = supporter
                self.add(
                    Rel.SUPPORTED, sm.entity, obj.entity, sctx, self.span(sm, verb), "supported:verb", 0.7, date=date
                )

    def post_subject(self, ctx: Ctx, i: int) -> Mention | None:
        """'Глава региона предложил ...': a post standing for the person in focus who holds a post."""
        T = ctx.T
        lex = lexicon()
        for k in range(i - 1, max(-1, i - 8), -1):
            if T[k].lemma in lex.positions and T[k].case == "Nom":
                wanted = {T[k].lemma}
                if T[k].lemma == "глава":
                    nxt = T[k + 1].lemma if k + 1 < len(T) else ""
                    wanted = {"губернатор", "глава"} if nxt in ("регион", "край", "область") else {"мэр", "глава"}
                holders = [
                    p
                    for p in self.positions
                    if p.org is not None
                    and p.start < ctx.sentence.start
                    and (p.title.split()[-1] in wanted or p.title.split()[0] in wanted or T[k].lemma in p.title)
                ]
                for p in reversed(holders):
                    person = next(
                        (m for m in self.mentions if m.sent == p.sent and m.t0 == p.person_t0 and m.entity is not None),
                        None,
                    )
                    if person is not None:
                        proxy = Mention(
                            **{**person.__dict__, "start": T[k].start, "end": T[k].stop, "t0": k, "t1": k + 1}
                        )
                        return proxy
        return None

    def outcome(self, sent: int) -> tuple[str | None, tuple[Ctx, Mention, Token] | None]:
        for s in self.analysis.sentences[sent : sent + 3]:
            T = s.tokens
            for i, t in enumerate(T):
                if t.lemma == "поддержать" and any(
                    x.lemma in ("инициатива", "предложение", "идея") for x in T[max(0, i - 3) : i + 4]
                ):
                    ctx = Ctx(s, self.by_sentence.get(s.index, []))
                    subj = self.subject(ctx, i, ("Person", "Organization"))
                    return "supported", ((ctx, subj, t) if subj is not None and s.index != sent else None)
        return None, None

    def involved(self, ctx: Ctx) -> None:
        T = ctx.T
        lemmas = [t.lemma for t in T]
        date = self.published[:7] if self.published else None
        for i, t in enumerate(T):
            # an infinitive states nothing ('предложил построить') unless it is a future ('будет сопровождать')
            stated = t.feats.get("VerbForm") != "Inf" or any(x.lemma == "быть" for x in T[max(0, i - 2) : i + 3])
            role = PRESENT_VERBS.get(t.lemma) if stated and not _negated(T, i) else None
            if t.lemma == "инвестор" and any(
                x in ("выступать", "являться", "стать", "один") for x in lemmas[max(0, i - 4) : i]
            ):
                role = "investor"
            if t.lemma == "поручение":
                subj = next((m for m in ctx.mentions if m.t0 == i + 1 and self.ent(m).cls == "Person"), None)
                proj = next((m for m in ctx.mentions if m.t0 > i and self.ent(m).cls == "Project"), None)
                if (
                    subj is not None
                    and proj is not None
                    and any(x in ("создание", "строительство") for x in lemmas[i:])
                ):
                    self.add(
                        Rel.INVOLVED_IN,
                        subj.entity,
                        proj.entity,
                        ctx,
                        self.span(T[i], subj, proj),
                        "involved:instruction",
                        0.75,
                        role="initiator",
                    )
                continue
            if t.lemma in ("подписать", "заключить") and "соглашение" in lemmas[i : i + 3]:
                parties = [
                    m
                    for m in ctx.mentions
                    if m.t1 <= i
                    and self.ent(m).cls in ("Organization", "Person")
                    and self.mention_case(ctx, m) == "Nom"
                ]
                projects = [m for m in ctx.mentions if m.t0 > i and self.ent(m).cls == "Project"]
                for party in parties:
                    for proj in projects:
                        self.add(
                            Rel.INVOLVED_IN,
                            party.entity,
                            proj.entity,
                            ctx,
                            self.span(party, t, proj),
                            "involved:agreement",
                            0.75,
                            role="party to agreement",
                            date=date,
                        )
                continue
            if role is None:
                continue
            subjects = [x for x in self.subjects(ctx, i) if x.entity is not None]
            if not subjects:
                continue
            projects = [m for m in ctx.mentions if m.t0 > i and self.ent(m).cls == "Project"]
            if not projects and subjects[0].t0 > i:
                # 'Маршрут организовали X и Y': the object stands first
                projects = [m for m in ctx.mentions if m.t1 <= i and self.ent(m).cls == "Project"][-1:]
            if t.lemma in ("организовать", "запустить") and not projects:
                continue
            for subj, proj in ((x, y) for x in subjects for y in projects):
                self.add(
                    Rel.INVOLVED_IN,
                    subj.entity,
                    proj.entity,
                    ctx,
                    self.span(subj, t, proj),
                    f"involved:{role}",
                    0.75,
                    role=role,
                    date=date,
                )

    def part_of(self, ctx: Ctx) -> None:
        T = ctx.T
        lemmas = [t.lemma for t in T]
        events = self.of_cls(ctx.mentions, "Event")
        for i, lemma in enumerate(lemmas):
            # 'в рамках X прошла сессия Y', 'на X прошла сессия Y'
            if (lemma == "рамка" and i > 0 and T[i - 1].low == "в") or (lemma == "на" and i == 0):
                container = next((e for e in events if e.t0 in (i + 1, i + 2)), None)
                if container is None:
                    continue
                verb = next(
                    (
                        k
                        for k in range(container.t1, len(T))
                        if T[k].lemma in ("пройти", "проходить", "состояться", "открыться")
                    ),
                    None,
                )
                if verb is None:
                    continue
                inner = next((e for e in events if e.t0 > verb and e.ref is None), None)
                if inner is not None:
                    self.add(
                        Rel.PART_OF,
                        inner.entity,
                        container.entity,
                        ctx,
                        self.span(T[i], container, inner),
                        "part-of:within",
                        0.8,
                    )
            # 'в роли выездной площадки Восточного экономического форума'
            if lemma == "площадка":
                outer = next((e for e in events if e.t0 == i + 1), None)
                inner = next((e for e in events if e.t1 <= i), None)
                if outer is not None and inner is not None:
                    role = "off-site platform" if i > 0 and T[i - 1].lemma == "выездной" else "platform"
                    self.add(
                        Rel.PART_OF,
                        inner.entity,
                        outer.entity,
                        ctx,
                        self.span(inner, T[i], outer),
                        "part-of:platform",
                        0.75,
                        role=role,
                    )
            # 'Старт мероприятиям даст Харбинская ярмарка'
            if lemma == "старт" and "дать" in lemmas:
                focus = next((e for e in events if e.ref == "focus"), None)
                named = next((e for e in events if e.ref is None), None)
                if focus is not None and named is not None:
                    self.add(
                        Rel.PART_OF,
                        named.entity,
                        focus.entity,
                        ctx,
                        self.span(T[i], focus, named),
                        "part-of:opening",
                        0.65,
                        role="opening event",
                    )
        # territories: 'г. Сиане провинции Шэньси КНР'
        terr = self.of_cls(ctx.mentions, "Territory")
        for a in terr:
            for b in terr:
                if b.t0 <= a.t0:
                    continue
                gap = T[a.t1 : b.t0]
                if len(gap) > 1 or (gap and gap[0].lemma not in ("провинция", "область", "край", "округ", "район")):
                    continue
                if self.mention_case(ctx, b) not in ("Gen", None) and not gap:
                    continue
                ka, kb = self.ent(a).kind, self.ent(b).kind
                if _rank(ka) < _rank(kb):
                    self.add(Rel.PART_OF, a.entity, b.entity, ctx, self.span(a, b), "part-of:place-in-place", 0.8)

    def located(self, ctx: Ctx) -> None:
        T = ctx.T
        for m in ctx.mentions:
            e = self.ent(m)
            if e.cls not in ("Project", "Organization") or m.ref is not None:
                continue
            # 'о создании в Благовещенске Центра', 'создать в Уссурийске терминал'
            k = m.t0 - 1
            places: list[Mention] = []
            while k >= 1 and k > m.t0 - 6:
                pl = next((p for p in ctx.mentions if p.t1 == k + 1 and self.ent(p).cls == "Territory"), None)
                if pl is not None and T[pl.t0 - 1].low in ("в", "во"):
                    places.append(pl)
                    k = pl.t0 - 2
                    continue
                break
            if (
                places
                and k >= 0
                and (T[k].lemma in ("создание", "строительство") or T[k].lemma in ("создать", "построить"))
            ):
                for pl in places:
                    self.add(Rel.LOCATED_IN, m.entity, pl.entity, ctx, self.span(T[k], pl, m), "located:creation", 0.75)
            # a place inside the phrase: 'зернового терминала в порту Зарубино', 'по развитию о. Большой Уссурийский'
            for p in ctx.mentions:
                if p is m or self.ent(p).cls != "Territory" or not (m.t0 < p.t0 and p.t1 <= m.t1):
                    continue
                prev = T[p.t0 - 1].low if p.t0 else ""
                prev2 = T[p.t0 - 2].low if p.t0 > 1 else ""
                if e.cls == "Project" and (
                    prev in ("в", "во") or prev2 in ("в", "во") or e.kind == "territorial_development"
                ):
                    self.add(Rel.LOCATED_IN, m.entity, p.entity, ctx, self.span(m), "located:in-name", 0.75)
            # 'в благовещенском Общественно-культурном центре'
            if e.cls == "Organization" and e.kind == "venue" and m.t0 < m.head_i:
                adj = T[m.t0]
                if adj.pos == "ADJ" and not adj.is_upper_initial:
                    city = _city_of_adjective(adj.lemma)
                    if city is not None:
                        place = next(
                            (x for x in self.entities.values() if x.cls == "Territory" and key(x.name) == key(city)),
                            None,
                        )
                        if place is not None:
                            self.add(
                                Rel.LOCATED_IN, m.entity, place.idx, ctx, self.span(m), "located:place-adjective", 0.7
                            )

    def nesting(self) -> None:
        """'Деловой совет Российско-Китайского комитета' -> the council is part of the committee."""
        for m in self.mentions:
            if m.entity is None or m.entity not in self.entities or self.ent(m).cls != "Organization":
                continue
            if m.head not in (
                "совет",
                "комитет",
                "пресс-служба",
                "служба",
                "департамент",
                "управление",
                "секретариат",
                "аппарат",
                "комиссия",
            ):
                continue
            for pid in m.parts:
                p = self.mentions[pid]
                if p.entity is None or p.entity not in self.entities or self.ent(p).cls != "Organization":
                    continue
                ctx = Ctx(self.analysis.sentences[m.sent], self.by_sentence.get(m.sent, []))
                self.add(Rel.PART_OF, m.entity, p.entity, ctx, self.span(m), "part-of:nested-name", 0.8)

    def plenaries(self) -> None:
        """Plenaries belong to their forum; sessions and meetings to the forum in focus when they are named."""
        seen: set[int] = set()
        for m in self.mentions:
            if m.entity is None or m.entity in seen or m.entity not in self.entities:
                continue
            e = self.ent(m)
            if e.cls != "Event" or e.kind not in ("plenary", "session", "meeting") or m.ref is not None:
                continue
            seen.add(m.entity)
            if any(r.type == Rel.PART_OF and r.src == m.entity for r in self.out):
                continue
            ctx = Ctx(self.analysis.sentences[m.sent], self.by_sentence.get(m.sent, []))
            forum = m.props.get("forum")
            if forum is not None and forum in self.entities:
                self.add(Rel.PART_OF, m.entity, forum, ctx, self.span(m), "part-of:plenary", 0.85)
                continue
            # named sessions and meetings: part of the forum in focus, if one was talked about just before
            recent = [
                x
                for x in self.mentions
                if x.entity is not None
                and x.entity in self.entities
                and x.entity != m.entity
                and m.sent - 1 <= x.sent <= m.sent
                and x.start < m.start
                and (self.ent(x).kind in ("forum", "fair", "exhibition") or self.ent(x).kind == "plenary")
            ]
            recent = recent or [
                x
                for x in self.mentions
                if x.entity is not None
                and x.entity in self.entities
                and x.entity != m.entity
                and m.sent - 3 <= x.sent <= m.sent
                and x.start < m.start
                and self.ent(x).kind in ("forum", "fair", "exhibition", "forum_series" if e.kind == "session" else "")
            ]
            if e.kind == "session":  # a named session belongs to the forum the article is about
                recent = recent or [
                    x
                    for x in self.mentions
                    if x.entity is not None
                    and x.entity in self.entities
                    and x.start < m.start
                    and self.ent(x).kind in ("forum", "fair", "exhibition", "forum_series")
                ]
            if not recent and e.kind != "plenary":
                continue
            idx = self.focus_event(m.start)
            if idx is not None and (self.entities[idx].kind != "forum_series" or e.kind == "session"):
                self.add(Rel.PART_OF, m.entity, idx, ctx, self.span(m), "part-of:session-in-focus", 0.6)

    def editions(self) -> None:
        """An edition ('VII ... форум', 'АмурЭкспо-2026') belongs to its series, which is made if not named."""
        by_name = {key(e.name): e for e in self.entities.values() if e.cls == "Event"}
        for e in list(self.entities.values()):
            if e.cls != "Event" or e.kind not in SERIES_KINDS or not e.series_key:
                continue
            if "ordinal" not in e.props and not re.search(r"[-–]\d{4}$", e.name) and "start_date" not in e.props:
                continue
            series_name = _series_name(e)
            if not series_name or key(series_name) == key(e.name):
                continue
            series = by_name.get(key(series_name))
            first = e.mentions[0]
            if series is None:
                idx = max(self.entities) + 1
                series = EntityOut(
                    idx=idx,
                    cls="Event",
                    name=series_name,
                    kind="forum_series",
                    props={"series": slugify(series_name)},
                    mentions=[
                        {
                            **first,
                            "rule": "derived:series",
                            "confidence": 0.8,
                            "note": f"series named by its edition {e.name!r}",
                        }
                    ],
                    series_key=slugify(series_name),
                )
                self.entities[idx] = series
                by_name[key(series_name)] = series
            elif series.kind not in ("forum_series",):
                continue
            e.props["series"] = series.props.get("series") or slugify(series_name)
            s = self.analysis.sentences[first["sentence"]]
            ctx = Ctx(s, self.by_sentence.get(s.index, []))
            self.add(Rel.EDITION_OF, e.idx, series.idx, ctx, [first["start"], first["end"]], "edition-of:series", 0.85)


def _series_name(e: EntityOut) -> str:
    """The series of an edition: 'VII X' -> 'X', 'АмурЭкспо-2026' -> 'АмурЭкспо', 'ВЭФ-2025' -> the full name."""
    abbreviated = re.match(r"^[A-ZА-ЯЁ]{2,8}[-–]\d{4}$", e.name)
    if abbreviated and e.series_name and key(e.series_name) != key(e.name):
        return e.series_name
    names = [e.name, *e.aliases]
    for n in names:
        m = re.match(r"^(.*?)[-–](\d{4})$", n)
        if m:
            return m[1]
    for n in names:
        m = re.match(r"^[IVXLC]+\s+(.*)$", n)
        if m:
            return m[1]
    return ""


_KIND_RANK = {"city": 1, "island": 1, "zone": 1, "region": 2, "province": 2, "federal_district": 3, "country": 4}


def _rank(kind: str | None) -> int:
    return _KIND_RANK.get(kind or "", 0)


def _negated(T: list[Token], i: int) -> bool:
    """'не принял участие', 'так и не состоялся': a cue under negation states nothing."""

    def neg(k: int) -> bool:
        return (
            k >= 0 and T[k].low in ("не", "ни") and not (k + 1 < len(T) and T[k + 1].low in ("только", "менее", "раз"))
        )

    if neg(i - 1) or (i >= 2 and neg(i - 2) and T[i - 1].pos in ("ADV", "PART")):
        return True
    # 'не принял участие': the verb stands before the noun
    return T[i].lemma == "участие" and any(neg(k) for k in range(max(0, i - 3), i))


def _crosses(T: list[Token], a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return any(t.text in (";",) for t in T[lo:hi]) or hi - lo > 25


def _city_of_adjective(lemma: str) -> str | None:
    for suffix in ("ий", "ский"):
        if lemma.endswith(suffix):
            stem = lemma[: -len(suffix)]
            for cand in (stem, stem + "ь"):
                found = [e for e in lexicon().lookup([cand.capitalize()], stems=False) if e.kind == "city"]
                if found:
                    return found[0].name
    return None
