"""Pydantic models for every class and relation of the ontology.

Generated from ontology/amur.ttl by `python -m ontology.generate`: do not edit.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from ontology.records import EntityRecord, PartialDate, RelationRecord

# isort: skip_file

LABELS = ('Article', 'Event', 'Organization', 'Person', 'Project', 'Territory')
RELATIONSHIP_TYPES = ('EDITION_OF', 'HELD_IN', 'HOLDS_POSITION', 'INVOLVED_IN', 'LOCATED_IN', 'MEMBER_OF', 'MENTIONED_IN', 'ORGANIZED', 'PART_OF', 'PARTICIPATED_IN', 'PROPOSED', 'SUPPORTED')


class Article(EntityRecord):
    """Article (article:...)."""

    class_name: ClassVar[str] = 'Article'
    type: Literal['Article'] = 'Article'
    kind: Literal['news', 'press_release'] | None = None
    content_hash: str | None = None
    dateline: str | None = None
    language: str | None = None
    outlet: str | None = None
    published: PartialDate | None = None
    text: str | None = None
    title: str | None = None
    url: str | None = None


class Event(EntityRecord):
    """Event (event:...)."""

    class_name: ClassVar[str] = 'Event'
    type: Literal['Event'] = 'Event'
    kind: Literal['agreement', 'exhibition', 'fair', 'forum', 'forum_series', 'lecture', 'meeting', 'plenary', 'session', 'visit'] | None = None
    country: str | None = None
    description: str | None = None
    end_date: PartialDate | None = None
    ordinal: int | None = None
    review: str | None = None
    series: str | None = None
    start_date: PartialDate | None = None
    status: str | None = None
    wikidata: str | None = None


class Organization(EntityRecord):
    """Organization (organization:...)."""

    class_name: ClassVar[str] = 'Organization'
    type: Literal['Organization'] = 'Organization'
    kind: Literal['agency', 'association', 'committee', 'company', 'council', 'foundation', 'government', 'international', 'legislature', 'media', 'office', 'venue'] | None = None
    country: str | None = None
    description: str | None = None
    end_date: PartialDate | None = None
    review: str | None = None
    start_date: PartialDate | None = None
    wikidata: str | None = None


class Person(EntityRecord):
    """Person (person:...)."""

    class_name: ClassVar[str] = 'Person'
    type: Literal['Person'] = 'Person'
    kind: Literal['entrepreneur', 'expert', 'journalist', 'official'] | None = None
    country: str | None = None
    description: str | None = None
    review: str | None = None
    wikidata: str | None = None


class Project(EntityRecord):
    """Project (project:...)."""

    class_name: ClassVar[str] = 'Project'
    type: Literal['Project'] = 'Project'
    kind: Literal['cooperation_centre', 'financial_centre', 'industrial_park', 'infrastructure', 'programme', 'territorial_development'] | None = None
    country: str | None = None
    description: str | None = None
    end_date: PartialDate | None = None
    review: str | None = None
    start_date: PartialDate | None = None
    status: str | None = None
    wikidata: str | None = None


class Territory(EntityRecord):
    """Territory (territory:...)."""

    class_name: ClassVar[str] = 'Territory'
    type: Literal['Territory'] = 'Territory'
    kind: Literal['city', 'country', 'federal_district', 'island', 'macroregion', 'province', 'region', 'river', 'zone'] | None = None
    country: str | None = None
    description: str | None = None
    review: str | None = None
    wikidata: str | None = None


Entity = Annotated[Article | Event | Organization | Person | Project | Territory, Field(discriminator='type')]
ENTITY_MODELS: dict[str, type[EntityRecord]] = {'Article': Article, 'Event': Event, 'Organization': Organization, 'Person': Person, 'Project': Project, 'Territory': Territory}


class EditionOf(RelationRecord):
    """edition of: Event -> Event."""

    relation_name: ClassVar[str] = 'EDITION_OF'
    type: Literal['EDITION_OF'] = 'EDITION_OF'


class HeldIn(RelationRecord):
    """held in: Event -> Organization|Territory."""

    relation_name: ClassVar[str] = 'HELD_IN'
    type: Literal['HELD_IN'] = 'HELD_IN'
    end_date: PartialDate | None = None
    start_date: PartialDate | None = None


class HoldsPosition(RelationRecord):
    """holds position in: Person -> Organization."""

    relation_name: ClassVar[str] = 'HOLDS_POSITION'
    type: Literal['HOLDS_POSITION'] = 'HOLDS_POSITION'
    end_date: PartialDate | None = None
    start_date: PartialDate | None = None
    title: str | None = None


class InvolvedIn(RelationRecord):
    """involved in: Organization|Person -> Project."""

    relation_name: ClassVar[str] = 'INVOLVED_IN'
    type: Literal['INVOLVED_IN'] = 'INVOLVED_IN'
    date: PartialDate | None = None
    end_date: PartialDate | None = None
    role: str | None = None
    start_date: PartialDate | None = None


class LocatedIn(RelationRecord):
    """located in: Organization|Project|Territory -> Territory."""

    relation_name: ClassVar[str] = 'LOCATED_IN'
    type: Literal['LOCATED_IN'] = 'LOCATED_IN'


class MemberOf(RelationRecord):
    """member of: Organization|Person -> Organization."""

    relation_name: ClassVar[str] = 'MEMBER_OF'
    type: Literal['MEMBER_OF'] = 'MEMBER_OF'
    end_date: PartialDate | None = None
    role: str | None = None
    start_date: PartialDate | None = None


class MentionedIn(RelationRecord):
    """mentioned in: Event|Organization|Person|Project|Territory -> Article."""

    relation_name: ClassVar[str] = 'MENTIONED_IN'
    type: Literal['MENTIONED_IN'] = 'MENTIONED_IN'


class Organized(RelationRecord):
    """organized: Organization|Person -> Event."""

    relation_name: ClassVar[str] = 'ORGANIZED'
    type: Literal['ORGANIZED'] = 'ORGANIZED'
    role: str | None = None


class PartOf(RelationRecord):
    """part of: Event|Organization|Project|Territory -> Event|Organization|Project|Territory."""

    relation_name: ClassVar[str] = 'PART_OF'
    type: Literal['PART_OF'] = 'PART_OF'
    role: str | None = None


class ParticipatedIn(RelationRecord):
    """participated in: Organization|Person -> Event."""

    relation_name: ClassVar[str] = 'PARTICIPATED_IN'
    type: Literal['PARTICIPATED_IN'] = 'PARTICIPATED_IN'
    role: str | None = None


class Proposed(RelationRecord):
    """proposed: Organization|Person -> Event|Project."""

    relation_name: ClassVar[str] = 'PROPOSED'
    type: Literal['PROPOSED'] = 'PROPOSED'
    date: PartialDate | None = None
    outcome: str | None = None
    addressee: str | None = None


class Supported(RelationRecord):
    """supported: Organization|Person -> Event|Project."""

    relation_name: ClassVar[str] = 'SUPPORTED'
    type: Literal['SUPPORTED'] = 'SUPPORTED'
    date: PartialDate | None = None


Relation = Annotated[EditionOf | HeldIn | HoldsPosition | InvolvedIn | LocatedIn | MemberOf | MentionedIn | Organized | PartOf | ParticipatedIn | Proposed | Supported, Field(discriminator='type')]
RELATION_MODELS: dict[str, type[RelationRecord]] = {'EDITION_OF': EditionOf, 'HELD_IN': HeldIn, 'HOLDS_POSITION': HoldsPosition, 'INVOLVED_IN': InvolvedIn, 'LOCATED_IN': LocatedIn, 'MEMBER_OF': MemberOf, 'MENTIONED_IN': MentionedIn, 'ORGANIZED': Organized, 'PART_OF': PartOf, 'PARTICIPATED_IN': ParticipatedIn, 'PROPOSED': Proposed, 'SUPPORTED': Supported}
