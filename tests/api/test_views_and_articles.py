"""The presenter views under /views and article ingestion over HTTP, on the real app."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import API_KEY

ARTICLE = {
    "title": "Делегация Хабаровского края на форуме",
    "date": "2026-04-02",
    "source": "Тестовое агентство",
    "text": (
        "ХАБАРОВСК, 2 апреля. Первый заместитель председателя правительства Хабаровского края "
        "Сергей Абрамов принял участие в III Российско-Китайском форуме инвестиционного развития "
        "и торгового сотрудничества."
    ),
}


@pytest.mark.parametrize(
    "url",
    [
        "/views/ego/person:sergey-abramov?depth=2",
        "/views/path?from=person:boris-titov&to=person:sergey-abramov",
        "/views/event/event:amurexpo-2026",
        "/views/project/project:khabarovsk-city",
        "/views/overview?cluster=type",
    ],
)
def test_views_are_offline_html(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<canvas" in page or "vis.Network" in page
    assert "http://" not in page.split("<script", 1)[0] or "Content-Security-Policy" in page


def test_view_as_svg_and_errors(client: TestClient) -> None:
    svg = client.get("/views/ego/person:sergey-abramov", params={"format": "svg"})
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.lstrip().startswith("<")
    missing = client.get("/views/ego/person:nobody")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    wrong = client.get("/views/event/person:sergey-abramov")
    assert wrong.status_code == 400
    assert client.get("/views/ego/person:sergey-abramov", params={"depth": 9}).status_code == 422


def test_articles_need_a_key(client: TestClient) -> None:
    assert client.post("/articles", json=ARTICLE).status_code == 401
    assert client.post("/articles", json=ARTICLE, headers={"X-API-Key": "wrong"}).status_code == 403


def test_article_is_ingested_once(fresh: TestClient) -> None:
    headers = {"X-API-Key": API_KEY}
    before = fresh.get("/stats").json()
    first = fresh.post("/articles", json=ARTICLE, headers=headers)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["status"] == "ingested"
    assert body["relations"] >= 1
    card = fresh.get("/entities/person:sergey-abramov").json()
    quotes = [e.get("quote") for rels in card["relations"].values() for r in rels for e in r["evidence"]]
    assert any(q and "Абрамов" in q for q in quotes)
    again = fresh.post("/articles", json=ARTICLE, headers=headers)
    assert again.json()["status"] == "skipped"
    after = fresh.get("/stats").json()
    assert after != before
    assert fresh.get("/stats").json() == after
    bad = fresh.post("/articles", json={"text": ""}, headers=headers)
    assert bad.status_code == 422
