"""Every endpoint of the HTTP API, on the bundled data."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api import paging
from api.app import create_app
from api.settings import ApiSettings
from graph.embedded import EmbeddedStore
from tests.api.conftest import API_KEY, loaded_dir

PROBLEM = "application/problem+json"


def ok(client: TestClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"]
    assert "Traceback" not in response.text
    return body


# --- search -------------------------------------------------------------------

SEARCH_CASES = [
    ("Абрамова", "person:sergey-abramov", {"exact", "inflection"}),
    ("Сергея Абрамова", "person:sergey-abramov", {"exact", "inflection"}),
    ("Абрамову", "person:sergey-abramov", {"inflection"}),
    ("Хабар", "territory:khabarovsk", {"prefix"}),
    ("Heihe", "territory:heihe", {"exact"}),
    ("Хэйхэ", "territory:heihe", {"exact"}),
    ("Li Hongzhong", "person:li-hongzhong", {"exact"}),
    ("Ли Хунчжун", "person:li-hongzhong", {"exact"}),
    ("Хунчжун", "person:li-hongzhong", {"exact"}),
    ("Абрамво", "person:sergey-abramov", {"typo"}),
    ("Абрамв", "person:sergey-abramov", {"typo", "prefix"}),
    ("Sergey Abramov", "person:sergey-abramov", {"exact"}),
    ("Titov", "person:boris-titov", {"translit"}),
    ("Благовещенске", "territory:blagoveshchensk", {"exact", "inflection"}),
    ("Росконгрес", "organization:roscongress-foundation", {"typo", "prefix"}),
]


@pytest.mark.parametrize(("q", "expected", "kinds"), SEARCH_CASES)
def test_search_cases(client: TestClient, q: str, expected: str, kinds: set[str]) -> None:
    body = ok(client, "/entities", q=q, limit=5)
    assert body["query"] == q
    top = body["items"][0]
    assert top["node"]["id"] == expected, [i["node"]["id"] for i in body["items"]]
    assert top["match"] in kinds, top["match"]
    assert top["matched_alias"] in top["node"]["aliases"]
    assert 0 < top["score"] <= 1


def test_search_translit_both_ways_shows_the_alias(client: TestClient) -> None:
    latin = ok(client, "/entities", q="Heihe")["items"][0]
    cyrillic = ok(client, "/entities", q="Хэйхэ")["items"][0]
    assert (latin["matched_alias"], cyrillic["matched_alias"]) == ("Heihe", "Хэйхэ")
    li = ok(client, "/entities", q="Ли Хунчжун")["items"][0]
    assert li["matched_alias"] == "Ли Хунчжун" and li["score"] == 1.0


def test_search_ranks_prefix_hits_by_closeness(client: TestClient) -> None:
    ids = [i["node"]["id"] for i in ok(client, "/entities", q="Хабар", limit=10)["items"]]
    assert ids[:2] == ["territory:khabarovsk", "project:khabarovsk-city"]
    assert ids.index("territory:khabarovsk-krai") < ids.index("organization:khabarovsk-krai-government")
    scores = [i["score"] for i in ok(client, "/entities", q="Хабар", limit=10)["items"]]
    assert scores == sorted(scores, reverse=True)


def test_search_type_filter_and_pagination(client: TestClient) -> None:
    everything = ok(client, "/entities", q="Хабар", limit=100)["items"]
    assert len(everything) >= 4
    seen: list[str] = []
    cursor = None
    for _ in range(len(everything)):
        params: dict[str, Any] = {"q": "Хабар", "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = ok(client, "/entities", **params)
        seen += [i["node"]["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [i["node"]["id"] for i in everything]
    territories = ok(client, "/entities", q="Хабар", type="Territory")["items"]
    assert territories and {i["node"]["label"] for i in territories} == {"Territory"}
    assert ok(client, "/entities", q="Nobody Whatsoever")["items"] == []


def test_search_bad_input(client: TestClient) -> None:
    body = problem(client.get("/entities", params={"q": ""}), 422)
    assert body["errors"][0]["loc"] == ["query", "q"]
    problem(client.get("/entities"), 422)
    problem(client.get("/entities", params={"q": "x", "type": "Wizard"}), 400)
    problem(client.get("/entities", params={"q": "x", "cursor": "not-a-cursor"}), 400)
    problem(client.get("/entities", params={"q": "x", "limit": 0}), 422)


# --- cards, neighbours, paths -------------------------------------------------------


def test_entity_card_has_names_relations_and_sources(client: TestClient) -> None:
    card = ok(client, "/entities/person:sergey-abramov")
    entity = card["entity"]
    assert entity["names"]["en"] == ["Sergey Abramov", "Sergei Abramov"]
    assert entity["kind"] == "official"
    post = card["relations"]["HOLDS_POSITION"][0]
    assert post["direction"] == "out" and post["properties"]["title"]
    assert post["sources"][0]["published"] and post["sources"][0]["title"]
    assert post["evidence"][0]["article"] == post["sources"][0]["id"]
    assert card["sources"]


def test_unknown_entity_and_bad_id(client: TestClient) -> None:
    body = problem(client.get("/entities/person:nobody"), 404)
    assert "person:nobody" in body["detail"]
    problem(client.get("/entities/person:nobody/neighbors"), 404)
    problem(client.get("/entities/NOT AN ID"), 422)


def test_neighbors_depth_types_dates_and_limit(client: TestClient) -> None:
    one = ok(client, "/entities/person:sergey-abramov/neighbors")
    two = ok(client, "/entities/person:sergey-abramov/neighbors", depth=2)
    assert len(two["nodes"]) > len(one["nodes"]) > 1
    assert {"nodes", "edges", "truncated"} == set(one)
    ids = {n["id"] for n in two["nodes"]}
    assert all(e["src"] in ids and e["dst"] in ids for e in two["edges"])
    only = ok(client, "/entities/person:sergey-abramov/neighbors", types="HOLDS_POSITION")
    assert {e["type"] for e in only["edges"]} == {"HOLDS_POSITION"}
    small = ok(client, "/entities/person:sergey-abramov/neighbors", depth=3, limit=3)
    assert small["truncated"] and len(small["nodes"]) == 3
    problem(client.get("/entities/person:sergey-abramov/neighbors", params={"depth": 4}), 422)
    problem(client.get("/entities/person:sergey-abramov/neighbors", params={"types": "LOVES"}), 400)
    problem(client.get("/entities/person:sergey-abramov/neighbors", params={"since": "May"}), 422)


def test_neighbors_since_until_keep_undated_and_drop_out_of_range(client: TestClient) -> None:
    everything = ok(client, "/entities/event:amurexpo-2026/neighbors")
    dated = [e for e in everything["edges"] if e["properties"].get("start_date")]
    late = ok(client, "/entities/event:amurexpo-2026/neighbors", since="2030")
    assert len(late["edges"]) == len(everything["edges"]) - len(dated)
    assert all(not e["properties"].get("start_date") for e in late["edges"])


def test_paths_by_id_and_by_name_with_evidence(client: TestClient) -> None:
    body = ok(client, "/paths", **{"from": "person:boris-titov", "to": "person:sergey-abramov", "max_hops": 4})
    assert body["source"]["id"] == "person:boris-titov" and body["target"]["id"] == "person:sergey-abramov"
    path = body["paths"][0]
    assert path["hops"] == len(path["edges"]) == len(path["nodes"]) - 1
    assert all(hop["sources"] and hop["edge"]["evidence"] for hop in path["edges"])
    by_name = ok(client, "/paths", **{"from": "Титов", "to": "Абрамова", "all": True})
    assert by_name["paths"] and all(p["hops"] == path["hops"] for p in by_name["paths"])
    none = ok(client, "/paths", **{"from": "person:boris-titov", "to": "person:sergey-abramov", "max_hops": 1})
    assert none["paths"] == []
    problem(client.get("/paths", params={"from": "Nobody Whatsoever", "to": "Абрамов"}), 404)
    problem(client.get("/paths", params={"from": "Титов", "to": "Абрамов", "max_hops": 7}), 422)


# --- events, analytics, stats, export --------------------------------------------------


def test_events_timeline_filters(client: TestClient) -> None:
    body = ok(client, "/events", relations=False)
    starts = [i["start"] for i in body["items"] if i["start"]]
    assert starts == sorted(starts)
    assert all(i["kind"] == "event" for i in body["items"])
    may = ok(client, "/events", **{"from": "2026-05", "to": "2026-05", "relations": False})
    assert {"event:amurexpo-2026", "event:harbin-fair-2026"} <= {i["event"]["id"] for i in may["items"]}
    in_heihe = ok(client, "/events", territory="territory:heihe", relations=False)
    assert "event:harbin-fair-2026" in {i["event"]["id"] for i in in_heihe["items"]}
    with_relations = ok(client, "/events", territory="territory:heihe")["items"]
    held = [i["relation"] for i in with_relations if i["kind"] == "relation"]
    assert {"event:harbin-fair-2026", "territory:heihe"} <= {r["src"] for r in held} | {r["dst"] for r in held}
    assert all(r["type"] != "MENTIONED_IN" for r in held), "only dated relations"
    in_china = ok(client, "/events", territory="territory:china", relations=False)
    assert {i["event"]["id"] for i in in_heihe["items"]} <= {i["event"]["id"] for i in in_china["items"]}
    series = ok(client, "/events", series="event:russian-chinese-sme-forum", relations=False)
    assert {i["event"].get("properties", {}).get("ordinal") for i in series["items"]} >= {6, 7}
    dated = ok(client, "/events", **{"from": "2026"})
    relation = next(i for i in dated["items"] if i["kind"] == "relation")
    assert relation["src"]["id"] == relation["relation"]["src"] and relation["dst"]
    page = ok(client, "/events", limit=2)
    assert len(page["items"]) == 2 and page["next_cursor"]
    problem(client.get("/events", params={"territory": "territory:atlantis"}), 404)
    problem(client.get("/events", params={"from": "22.05.2026"}), 422)
    search_cursor = ok(client, "/entities", q="Амур", limit=1)["next_cursor"]
    broken = (paging.encode_position((False, "2026", "", "x")) or "")[:-2] + "zz"
    for cursor in ("not-a-cursor", search_cursor, broken):
        problem(client.get("/events", params={"cursor": cursor}), 400)


@pytest.mark.parametrize("params", [{}, {"from": "2025"}, {"territory": "territory:china"}, {"series": "amurexpo"}])
def test_events_pages_walk_the_whole_timeline(client: TestClient, params: dict[str, str]) -> None:
    def key(item: dict[str, Any]) -> str:
        return str(item["event"]["id"] if item["kind"] == "event" else item["relation"]["key"])

    whole = [key(i) for i in ok(client, "/events", limit=500, **params)["items"]]
    walked: list[str] = []
    cursor: str | None = None
    while True:
        page = ok(client, "/events", limit=3, **params, **({"cursor": cursor} if cursor else {}))
        walked += [key(i) for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert walked == whole and len(whole) > 3


def test_analytics_central(client: TestClient) -> None:
    body = ok(client, "/analytics/central", limit=5)
    assert body["nodes"] > 0 and body["edges"] > 0
    assert len(body["degree"]) == 5
    degrees = [a["score"] for a in body["degree"]]
    assert degrees == sorted(degrees, reverse=True)
    assert body["betweenness"] and body["sampled_sources"] is None
    assert all(a["node"]["label"] != "Article" for a in body["degree"])
    people = ok(client, "/analytics/central", type="Person")
    assert {a["node"]["label"] for a in people["degree"]} == {"Person"}
    problem(client.get("/analytics/central", params={"type": "Wizard"}), 400)


def test_stats_health_and_export(client: TestClient) -> None:
    stats = ok(client, "/stats")
    assert stats["total_entities"] == sum(stats["counts"]["nodes"].values()) > 0
    health = ok(client, "/health")
    assert health == {"status": "ok", "backend": "ladybug"}
    dump = client.get("/export", params={"format": "json"})
    assert dump.status_code == 200
    graph = dump.json()
    assert len(graph["nodes"]) == stats["total_entities"] and len(graph["edges"]) == stats["total_relations"]
    lines = client.get("/export", params={"format": "ndjson"}).text.splitlines()
    assert len(lines) == stats["total_entities"] + stats["total_relations"]
    assert "node" in json.loads(lines[0])
    problem(client.get("/export", params={"format": "xlsx"}), 400)


def test_views_are_not_faked(client: TestClient) -> None:
    problem(client.get("/views/graph"), 404)


# --- cypher -------------------------------------------------------------------------


def test_cypher_reads_with_params_and_cap(client: TestClient, settings: ApiSettings) -> None:
    body = client.post(
        "/cypher",
        json={"query": "MATCH (p:Person {id: $id}) RETURN p.name", "params": {"id": "person:sergey-abramov"}},
    ).json()
    assert body["rows"] == [["Сергей Абрамов"]]
    assert (body["backend"], body["truncated"]) == ("ladybug", False)
    assert "LadybugDB" in body["dialect"]
    capped = client.post("/cypher", json={"query": "MATCH (n:Territory) RETURN n.id", "limit": 2}).json()
    assert len(capped["rows"]) == 2 and capped["truncated"]
    huge = client.post("/cypher", json={"query": "MATCH (n:Territory) RETURN n.id", "limit": 100_000}).json()
    assert len(huge["rows"]) <= settings.query_row_limit
    problem(client.post("/cypher", json={"query": "MATCH (n:Nope) RETURN n"}), 400)
    problem(client.post("/cypher", json={"query": ""}), 422)
    problem(client.post("/cypher", content=b"not json", headers={"content-type": "application/json"}), 422)


# --- writes -------------------------------------------------------------------------

DOCUMENT: dict[str, list[dict[str, Any]]] = {
    "entities": [
        {
            "id": "person:ivan-primerov",
            "type": "Person",
            "name": "Иван Примеров",
            "names": {"en": ["Ivan Primerov"]},
            "sources": ["article:amurexpo-2026-programme"],
        }
    ],
    "relations": [
        {
            "type": "PARTICIPATED_IN",
            "from": "person:ivan-primerov",
            "to": "event:amurexpo-2026",
            "role": "speaker",
            "sources": ["article:amurexpo-2026-programme"],
        }
    ],
}


def test_records_need_a_key(client: TestClient) -> None:
    body = problem(client.post("/records", json=DOCUMENT), 401)
    assert "X-API-Key" in body["detail"]
    problem(client.post("/records", json=DOCUMENT, headers={"X-API-Key": "wrong"}), 403)
    problem(client.post("/records", json=DOCUMENT, headers={"X-API-Key": API_KEY[:-1]}), 403)
    assert ok(client, "/entities", q="Примеров")["items"] == []


def test_records_write_once_and_are_searchable(fresh: TestClient) -> None:
    headers = {"X-API-Key": API_KEY}
    first = fresh.post("/records", json=DOCUMENT, headers=headers)
    assert first.status_code == 200, first.text
    assert first.json() == {
        "records": 2,
        "entities_created": 1,
        "entities_updated": 0,
        "relations_created": 1,
        "relations_updated": 0,
    }
    again = fresh.post("/records", json=DOCUMENT, headers=headers).json()
    assert (again["entities_created"], again["relations_created"]) == (0, 0)
    hit = ok(fresh, "/entities", q="Примерова")["items"][0]
    assert hit["node"]["id"] == "person:ivan-primerov"
    card = ok(fresh, "/entities/person:ivan-primerov")
    assert card["relations"]["PARTICIPATED_IN"][0]["properties"] == {"role": "speaker"}
    yaml_doc = "entities:\n  - id: person:petr-yamlov\n    type: Person\n    name: Пётр Ямлов\n"
    response = fresh.post("/records", content=yaml_doc, headers={**headers, "content-type": "application/yaml"})
    assert response.status_code == 200, response.text
    assert ok(fresh, "/entities", q="Ямлов")["items"][0]["node"]["id"] == "person:petr-yamlov"


def test_bad_documents_are_refused_whole(fresh: TestClient) -> None:
    headers = {"X-API-Key": API_KEY}
    before = ok(fresh, "/stats")
    bad = {"entities": [{**DOCUMENT["entities"][0], "kind": "wizard"}], "relations": DOCUMENT["relations"]}
    body = problem(fresh.post("/records", json=bad, headers=headers), 422)
    assert any("kind" in p for p in body["problems"])
    dangling = {"relations": [{**DOCUMENT["relations"][0], "from": "person:ghost"}]}
    body = problem(fresh.post("/records", json=dangling, headers=headers), 422)
    assert "person:ghost" in body["problems"][0]
    problem(fresh.post("/records", content="entities: [", headers={**headers, "content-type": "application/yaml"}), 422)
    bomb = "a: &a [1]\nb: *a\n"
    problem(fresh.post("/records", content=bomb, headers={**headers, "content-type": "application/yaml"}), 422)
    problem(fresh.post("/records", content=b"\xff\xfe", headers={**headers, "content-type": "application/json"}), 400)
    problem(fresh.post("/records", content="x", headers={**headers, "content-type": "image/png"}), 400)
    assert ok(fresh, "/stats") == before


def test_writes_disabled_without_keys_and_in_read_only_mode(tmp_path: Path) -> None:
    data = loaded_dir(tmp_path)
    for settings in (
        ApiSettings(data_dir=data, _env_file=None),
        ApiSettings(data_dir=data, api_keys=API_KEY, read_only=True, _env_file=None),
    ):
        with TestClient(create_app(settings)) as c:
            body = problem(c.post("/records", json=DOCUMENT, headers={"X-API-Key": API_KEY}), 403)
            assert "disabled" in body["detail"]
            assert c.get("/health").status_code == 200


def test_analytics_too_slow_to_wait_for_answers_202_and_goes_on(tmp_path: Path) -> None:
    settings = ApiSettings(data_dir=loaded_dir(tmp_path), api_keys=API_KEY, analytics_wait_s=0, _env_file=None)
    with TestClient(create_app(settings)) as c:

        def until_done() -> dict[str, Any]:
            first = c.get("/analytics/central")
            assert first.status_code == 202, "nothing computed yet: the request must not wait"
            assert first.json()["status"] == "computing" and int(first.headers["Retry-After"]) >= 1
            deadline = time.monotonic() + 60
            while (answer := c.get("/analytics/central")).status_code == 202:
                assert time.monotonic() < deadline, "the computation never finished"
                time.sleep(0.05)
            assert answer.status_code == 200, answer.text
            body: dict[str, Any] = answer.json()
            return body

        before = until_done()
        assert before["degree"] and before["seconds"] > 0
        assert ok(c, "/analytics/central") == before, "one computation per graph state"
        assert c.post("/records", json=DOCUMENT, headers={"X-API-Key": API_KEY}).status_code == 200
        assert until_done()["nodes"] > before["nodes"], "a write starts the next computation"


def test_body_size_limit(tmp_path: Path) -> None:
    settings = ApiSettings(data_dir=loaded_dir(tmp_path), api_keys=API_KEY, max_body_bytes=2048, _env_file=None)
    with TestClient(create_app(settings)) as c:
        big = {"query": "MATCH (n:Person) RETURN n.id //" + "x" * 4000}
        problem(c.post("/cypher", json=big), 413)

        def chunks() -> Any:  # no Content-Length: counted while reading
            for _ in range(10):
                yield b"x" * 500

        problem(c.post("/records", content=chunks(), headers={"X-API-Key": API_KEY}), 413)


def test_cors_closed_by_default_and_configurable(client: TestClient, tmp_path: Path) -> None:
    preflight = {"Origin": "https://example.org", "Access-Control-Request-Method": "GET"}
    assert "access-control-allow-origin" not in client.options("/stats", headers=preflight).headers
    assert "access-control-allow-origin" not in client.get("/stats", headers={"Origin": "https://example.org"}).headers
    settings = ApiSettings(data_dir=loaded_dir(tmp_path), cors_origins="https://example.org", _env_file=None)
    with TestClient(create_app(settings)) as c:
        response = c.get("/stats", headers={"Origin": "https://example.org"})
        assert response.headers["access-control-allow-origin"] == "https://example.org"
        other = c.get("/stats", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_lifespan_opens_and_closes_the_store(tmp_path: Path) -> None:
    data = loaded_dir(tmp_path)
    app = create_app(ApiSettings(data_dir=data, _env_file=None))
    with TestClient(app) as c:
        assert c.get("/health").status_code == 200
        app.state.store.close()  # what a store that stopped answering looks like to /health
        problem(c.get("/health"), 503)
    # Closed: the file can be opened again for writing in this process.
    store = EmbeddedStore(data)
    assert store.counts().total_nodes > 0
    store.close()


def test_a_missing_store_stops_the_server_at_startup(tmp_path: Path) -> None:
    app = create_app(ApiSettings(data_dir=tmp_path / "missing", read_only=True, _env_file=None))
    with pytest.raises(Exception, match="amur load"), TestClient(app):
        pass


def test_openapi_documents_every_endpoint_with_examples(client: TestClient) -> None:
    spec = ok(client, "/openapi.json")
    paths = spec["paths"]
    for path, method in [
        ("/entities", "get"),
        ("/entities/{entity_id}", "get"),
        ("/entities/{entity_id}/neighbors", "get"),
        ("/paths", "get"),
        ("/events", "get"),
        ("/analytics/central", "get"),
        ("/cypher", "post"),
        ("/records", "post"),
        ("/stats", "get"),
        ("/health", "get"),
        ("/export", "get"),
    ]:
        operation = paths[path][method]
        assert operation.get("summary"), path
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                assert "application/problem+json" in response["content"], (path, status)
    assert "X-API-Key" in json.dumps(paths["/records"]["post"]["security"]) or paths["/records"]["post"]["security"]
    q = next(p for p in paths["/entities"]["get"]["parameters"] if p["name"] == "q")
    assert q["examples"]
