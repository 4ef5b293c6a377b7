"""Plain data passed between the extraction stages (picklable: workers send it back)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ontology import models as _models


class Rel:
    """Relation type names, read from the ontology (never spelled out in loader code)."""

    HOLDS_POSITION = _models.HoldsPosition.relation_name
    PARTICIPATED_IN = _models.ParticipatedIn.relation_name
    ORGANIZED = _models.Organized.relation_name
    HELD_IN = _models.HeldIn.relation_name
    PART_OF = _models.PartOf.relation_name
    EDITION_OF = _models.EditionOf.relation_name
    LOCATED_IN = _models.LocatedIn.relation_name
    INVOLVED_IN = _models.InvolvedIn.relation_name
    PROPOSED = _models.Proposed.relation_name
    SUPPORTED = _models.Supported.relation_name
    MENTIONED_IN = _models.MentionedIn.relation_name


@dataclass
class Mention:
    """A stretch of text that names (or refers to) an entity."""

    id: int
    sent: int
    start: int  # characters, into the article text
    end: int
    t0: int  # tokens of its sentence, [t0, t1)
    t1: int
    cls: str  # Person | Organization | Event | Territory | Project
    name: str  # nominative, display form
    surface: str
    rule: str
    confidence: float
    kind: str | None = None
    head: str = ""  # lemma of the head word
    head_i: int = -1
    ref: str | None = None  # None: a name; 'focus', 'pronoun', 'surname', 'next': refers to another mention
    ordinal: int | None = None
    year: int | None = None
    brand: str | None = None  # the quoted proper name, if any
    series_name: str | None = None
    country: str | None = None
    en: str | None = None  # English name (lexicon) or pinyin
    aliases: list[str] = field(default_factory=list)
    parts: list[int] = field(default_factory=list)  # nested mentions (complements)
    of_event: int | None = None  # a session/plenary's forum, when named in the phrase
    gender: str | None = None
    plural: bool = False
    candidate: str | None = None  # why it could not be placed (kept for review)
    entity: int | None = None  # in-article entity after coreference
    note: str = ""  # how it was resolved
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class PositionPhrase:
    """A post before or after a person's name: 'первый заместитель председателя правительства края'."""

    sent: int
    t0: int
    t1: int
    start: int
    end: int
    title: str
    org: int | None  # mention id of the organization the post belongs to
    kind: str
    person: int | None = None  # mention id of the person it describes
    person_t0: int = -1  # first token of that name in the sentence


@dataclass
class EntityOut:
    """An entity of one article, with every mention that names it."""

    idx: int
    cls: str
    name: str
    kind: str | None = None
    aliases: list[str] = field(default_factory=list)
    en: list[str] = field(default_factory=list)
    props: dict[str, Any] = field(default_factory=dict)
    mentions: list[dict[str, Any]] = field(default_factory=list)  # start, end, quote, rule, confidence, note
    candidate: str | None = None
    surname_only: bool = False
    series_key: str | None = None
    series_name: str | None = None

    def keys(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class RelationOut:
    type: str
    src: int
    dst: int
    start: int
    end: int
    quote: str
    rule: str
    confidence: float
    sentence: int
    props: dict[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass
class ArticleMeta:
    id: str
    content_hash: str
    origin: str
    title: str
    text: str
    published: str | None
    outlet: str | None
    dateline: str | None
    url: str | None
    external_id: str | None


@dataclass
class Extraction:
    article: ArticleMeta
    entities: list[EntityOut]
    relations: list[RelationOut]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
