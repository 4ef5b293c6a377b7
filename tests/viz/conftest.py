"""Stores for the view tests: the bundled data, and one salted with markup and script in every text field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from ontology.models import Article, Event, HoldsPosition, Organization, ParticipatedIn, Person
from ontology.records import Evidence, Names
from tests.conftest import open_embedded

XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>window.__xss=1;alert(2)</script>"
XSS_ROLE = '"><svg onload=alert(3)>'


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """Names, roles, quotes and notes that would run as script if any view trusted them."""
    s = open_embedded(tmp_path_factory.mktemp("hostile"))
    art = Article(
        id="article:evil", name=XSS_SCRIPT, title=XSS_SCRIPT, published="2026-05-01", outlet=XSS_NAME, kind="news"
    )
    person = Person(
        id="person:evil",
        name=XSS_NAME,
        names=Names(ru=(XSS_NAME,), en=(XSS_NAME,), zh=(XSS_SCRIPT,)),
        kind="official",
        sources=("article:evil",),
    )
    org = Organization(id="organization:evil", name=XSS_SCRIPT, kind="agency", sources=("article:evil",))
    event = Event(
        id="event:evil",
        name="Forum " + XSS_ROLE,
        kind="forum",
        start_date="2026-05-20",
        end_date="2026-05-21",
        description=XSS_SCRIPT,
        sources=("article:evil",),
    )
    rels = [
        HoldsPosition.model_validate(
            {"from": "person:evil", "to": "organization:evil", "title": XSS_ROLE, "sources": ["article:evil"]}
        ),
        ParticipatedIn.model_validate(
            {
                "from": "person:evil",
                "to": "event:evil",
                "role": XSS_NAME,
                "evidence": [
                    Evidence(article="article:evil", start=0, end=5, quote=XSS_SCRIPT, note=XSS_NAME, rule=XSS_ROLE)
                ],
            }
        ),
    ]
    s.upsert([art, person, org, event], rels)
    yield s
    s.close()


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path
