"""The reference vocabulary of ingestion (lexicon.yaml), loaded once and indexed by comparison keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from loaders.text.nlp import key, lemma_key, stem_key

LEXICON_FILE = Path(__file__).with_name("lexicon.yaml")


@dataclass(frozen=True)
class RefEntry:
    """A place, organization or event series the lexicon knows by name."""

    cls: str
    name: str
    en: str
    kind: str | None
    country: str | None
    parent: str | None
    aliases: tuple[str, ...]

    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Position:
    lemma: str
    kind: str
    org: str | None


@dataclass
class Lexicon:
    entries: list[RefEntry]
    not_entities: dict[str, str]
    event_heads: dict[str, str]
    organization_heads: dict[str, str | None]
    project_heads: dict[str, str | None]
    project_centre_adjectives: frozenset[str]
    positions: dict[str, Position]
    position_modifiers: frozenset[str]
    by_key: dict[str, list[RefEntry]] = field(default_factory=dict)
    by_stem: dict[str, list[RefEntry]] = field(default_factory=dict)
    by_name: dict[str, RefEntry] = field(default_factory=dict)

    def lookup(self, words: list[str], *, stems: bool = True) -> list[RefEntry]:
        """Entries whose name matches the words (as written, lemmatized, or by crude stems)."""
        for k in (key(" ".join(words)), lemma_key(words)):
            found = self.by_key.get(k)
            if found:
                return found
        if stems:
            return self.by_stem.get(stem_key(words), [])
        return []

    def entry(self, name: str) -> RefEntry | None:
        return self.by_name.get(key(name))


def _entries(raw: list[dict[str, Any]], cls: str) -> list[RefEntry]:
    return [
        RefEntry(
            cls=cls,
            name=str(item["name"]),
            en=str(item.get("en") or item["name"]),
            kind=item.get("kind"),
            country=item.get("country"),
            parent=item.get("parent"),
            aliases=tuple(str(a) for a in item.get("aliases") or ()),
        )
        for item in raw
    ]


@cache
def lexicon() -> Lexicon:
    data = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    entries = (
        _entries(data["territories"], "Territory")
        + _entries(data["organizations"], "Organization")
        + _entries(data["events"], "Event")
    )
    lex = Lexicon(
        entries=entries,
        not_entities={str(k): str(v) for k, v in data["not_entities"].items()},
        event_heads={str(k).lower(): str(v) for k, v in data["event_heads"].items()},
        organization_heads={str(k).lower(): v for k, v in data["organization_heads"].items()},
        project_heads={str(k).lower(): v for k, v in data["project_heads"].items()},
        project_centre_adjectives=frozenset(data["project_centre_adjectives"]),
        positions={
            str(k): Position(str(k), str(v.get("kind") or "official"), v.get("org"))
            for k, v in data["positions"].items()
        },
        position_modifiers=frozenset(data["position_modifiers"]),
    )
    for entry in entries:
        lex.by_name.setdefault(key(entry.name), entry)
        for name in entry.all_names():
            words = name.split()
            for k in {key(name), lemma_key(words)}:
                bucket = lex.by_key.setdefault(k, [])
                if entry not in bucket:
                    bucket.append(entry)
            stem_bucket = lex.by_stem.setdefault(stem_key(words), [])
            if entry not in stem_bucket:
                stem_bucket.append(entry)
    return lex
