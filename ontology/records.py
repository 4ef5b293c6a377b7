"""Base records that every loader produces and every backend stores.

The per-class and per-relation models in `ontology.models` subclass these;
that module is generated from the ontology file, this one is not, because
what is here (ids, names, dates, evidence) is the same for every class.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from ontology.model import ontology

LANGUAGES = ("ru", "en", "zh")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_SLUG = "[a-z0-9][a-z0-9._-]*"
_ID = re.compile(rf"^[a-z]+:{_SLUG}$")


def _date_to_text(value: Any) -> Any:
    # YAML turns 2026-05-22 into a date and 2026 into an int; both mean the same text.
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _check_partial_date(value: str) -> str:
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a date like 2026, 2026-05 or 2026-05-22")
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date: {exc}") from None
    return value


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(f"{value!r} is not an id like 'person:sergey-abramov'")
    ontology().class_for_id(value)  # raises on an unknown prefix
    return value


PartialDate = Annotated[str, BeforeValidator(_date_to_text), AfterValidator(_check_partial_date)]
EntityId = Annotated[str, AfterValidator(_check_id)]
# Checked by pydantic's core, not by a Python call: every edge read back carries its evidence
# (a 500-node neighbourhood at 1M nodes reads ~500 of them).
ArticleId = Annotated[
    str, StringConstraints(pattern=rf"^{re.escape(ontology().classes['Article'].id_prefix)}:{_SLUG}$")
]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]  # '  ' is empty


class Names(BaseModel):
    """Aliases per language; the first name of each language is its preferred one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ru: tuple[NonEmpty, ...] = ()
    en: tuple[NonEmpty, ...] = ()
    zh: tuple[NonEmpty, ...] = ()

    def merged(self, other: Names) -> Names:
        return Names(**{lang: _unique(getattr(self, lang) + getattr(other, lang)) for lang in LANGUAGES})


def _unique(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


class Evidence(BaseModel):
    """Why the graph believes a fact: the article, the quoted span, the rule."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    article: ArticleId
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    quote: str | None = None
    rule: str = "curated"
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    note: str | None = None

    @model_validator(mode="after")
    def _span(self) -> Evidence:
        if (self.start is None) != (self.end is None):
            raise ValueError("evidence needs both start and end, or neither")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"evidence span ends ({self.end}) before it starts ({self.start})")
        return self

    @property
    def identity(self) -> tuple[str, int | None, int | None, str]:
        return (self.article, self.start, self.end, self.rule)


class EntityRecord(BaseModel):
    """One person, organization, event, territory, project or article."""

    model_config = ConfigDict(extra="forbid")
    class_name: ClassVar[str] = ""

    id: EntityId
    name: NonEmpty
    names: Names = Names()
    kind: str | None = None
    sources: tuple[ArticleId, ...] = ()

    @model_validator(mode="after")
    def _prefix_fits_class(self) -> EntityRecord:
        actual = ontology().class_for_id(self.id).name
        if self.class_name and actual != self.class_name:
            raise ValueError(f"id {self.id!r} is a {actual} id, but the record is a {self.class_name}")
        return self

    def aliases(self) -> tuple[str, ...]:
        """Every name the entity goes by, preferred first, without repeats."""
        return _unique((self.name, *self.names.ru, *self.names.en, *self.names.zh))

    def properties(self) -> dict[str, Any]:
        """Class-specific properties (those the ontology declares), as stored."""
        base = set(EntityRecord.model_fields) | {"type"}
        return {k: getattr(self, k) for k in type(self).model_fields if k not in base}


class RelationRecord(BaseModel):
    """A typed relation between two entities, with its provenance."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    relation_name: ClassVar[str] = ""

    src: EntityId = Field(alias="from")
    dst: EntityId = Field(alias="to")
    sources: tuple[ArticleId, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    extractor: str = "curated"
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    note: str | None = None

    @model_validator(mode="after")
    def _fits_ontology(self) -> RelationRecord:
        onto = ontology()
        rel = onto.relations[self.relation_name]
        src, dst = onto.class_for_id(self.src).name, onto.class_for_id(self.dst).name
        if not rel.allows(src, dst):
            raise ValueError(
                f"{rel.name} cannot go from {src} to {dst} (allowed: {'|'.join(rel.domain)} -> {'|'.join(rel.range)})"
            )
        if not self.sources and not self.evidence:
            raise ValueError(f"{rel.name} {self.src} -> {self.dst} cites no source")
        return self

    @property
    def type_name(self) -> str:
        return self.relation_name

    def all_evidence(self) -> tuple[Evidence, ...]:
        """Evidence including one entry for every cited source that has none."""
        cited = {e.article for e in self.evidence}
        extra = tuple(
            Evidence(article=s, rule=self.extractor, note=self.note, confidence=self.confidence or 1.0)
            for s in self.sources
            if s not in cited
        )
        return self.evidence + extra

    def properties(self) -> dict[str, Any]:
        """Edge properties the ontology declares for this relation type."""
        base = set(RelationRecord.model_fields) | {"type"}
        return {k: getattr(self, k) for k in type(self).model_fields if k not in base}

    def key(self) -> str:
        """Identity of the fact: the same key from two loads is one relationship."""
        quals = [
            str(getattr(self, q) or "").strip().casefold() for q in ontology().relations[self.relation_name].qualifiers
        ]
        return "|".join([self.relation_name, self.src, self.dst, *quals])
