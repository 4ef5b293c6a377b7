"""Ingestion into the real embedded store: identity, evidence, resolution, candidates, bad input."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from graph.cards import build_card
from graph.embedded import EmbeddedStore
from loaders.text.ingest import Ingestor, IngestReport
from tests.conftest import DATA, load_bundled, open_embedded
from tests.loaders.text.conftest import ARTICLES, write

runner = CliRunner()
GOOD = "В Хабаровске прошла встреча представителей деловых кругов России и Китая, посвященная логистике."


def test_sample_articles_are_ingested_once(ingested: tuple[EmbeddedStore, IngestReport]) -> None:
    store, report = ingested
    assert [r.status for r in report.results] == ["ingested"] * 6, [(r.origin, r.reason) for r in report.results]
    before = store.counts()
    again = Ingestor(store, workers=1).run([ARTICLES])
    assert {r.status for r in again.results} == {"skipped"}
    assert all("already ingested" in r.reason for r in again.results)
    assert store.counts() == before


def test_articles_carry_hash_text_and_mentions_with_exact_offsets(ingested: tuple[EmbeddedStore, IngestReport]) -> None:
    store, report = ingested
    article_id = report.results[0].article_id
    assert article_id is not None
    node = store.get(article_id)
    assert node is not None
    text = node.properties["text"]
    assert node.properties["content_hash"].startswith(article_id.removeprefix("article:"))
    mentions = [e for batch in store.iter_edges("MENTIONED_IN") for e in batch if e.dst == article_id]
    assert len(mentions) > 10
    for edge in mentions:
        for ev in edge.evidence:
            assert ev.start is not None and ev.end is not None
            assert text[ev.start : ev.end] == ev.quote, (edge.src, ev)


def test_known_entities_keep_their_ids_and_say_why(ingested: tuple[EmbeddedStore, IngestReport]) -> None:
    store, _ = ingested
    card = build_card(store, "territory:amur-oblast")  # curated in data/, mentioned by the sample articles
    notes = [ev.note or "" for r in card.relations.get("MENTIONED_IN", []) for ev in r.evidence]
    assert any("graph:" in n and "territory:amur-oblast" in n for n in notes)
    assert store.get("territory:amurskaya-oblast") is None  # no duplicate under a second id
    person = build_card(store, "person:wang-hongbo")
    assert person.entity.names.en == ("Wang Hongbo",)
    posts = person.relations["HOLDS_POSITION"]
    assert posts[0].evidence[0].rule == "post-appositive"
    assert posts[0].evidence[0].quote


def test_relations_cite_sentence_span_rule_and_confidence(ingested: tuple[EmbeddedStore, IngestReport]) -> None:
    store, _ = ingested
    for rel_type in ("HELD_IN", "ORGANIZED", "PARTICIPATED_IN", "PROPOSED", "INVOLVED_IN", "PART_OF"):
        edges = [e for batch in store.iter_edges(rel_type) for e in batch]
        extracted = [ev for e in edges for ev in e.evidence if ev.rule != "curated"]
        assert extracted, rel_type
        for ev in extracted:
            assert ev.quote and ev.start is not None and ev.note and ev.note.startswith("sentence ")
            assert 0 < ev.confidence <= 1


def test_bad_input_is_reported_and_the_rest_goes_on(tmp_path: Path, nlp: None) -> None:
    store = open_embedded(tmp_path / "store")
    src = tmp_path / "in"
    src.mkdir()
    write(src, "good.txt", GOOD)
    write(src, "legacy.txt", ("По словам Сидоренко, " + GOOD).encode("cp1251"))
    write(src, "empty.txt", b"")
    write(src, "binary.txt", b"\x00\x01\x02" * 100)
    line = json.dumps({"id": "a", "text": "Второй текст. " + GOOD}, ensure_ascii=False)
    write(src, "feed.jsonl", line + "\n{broken\n")
    with (src / "huge.md").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    report = Ingestor(store, workers=1).run([src])
    status = {r.origin.removeprefix(str(src) + "/"): (r.status, r.reason) for r in report.results}
    assert status["good.txt"][0] == "ingested"
    assert status["legacy.txt"][0] == "ingested"
    assert status["feed.jsonl:1"][0] == "ingested"
    assert status["feed.jsonl:2"] == ("failed", status["feed.jsonl:2"][1]) and "JSON" in status["feed.jsonl:2"][1]
    assert "empty" in status["empty.txt"][1]
    assert "binary" in status["binary.txt"][1]
    assert "too large" in status["huge.md"][1]
    assert any("Windows-1251" in w for w in report.warnings)
    assert len(report.by_status("failed")) == 4
    assert store.counts().nodes["Article"] == 3
    # the lone surname is kept for review, not guessed
    candidates = [n for batch in store.iter_nodes("Person") for n in batch if n.properties.get("review")]
    assert [n.name for n in candidates] == ["Сидоренко"]
    store.close()


def test_cli_ingest_candidates_and_show(tmp_path: Path, nlp: None) -> None:
    data_dir = tmp_path / "amur"
    assert runner.invoke(app, ["--data-dir", str(data_dir), "load", str(DATA)]).exit_code == 0
    src = write(tmp_path, "note.txt", "По словам Петрова, " + GOOD)
    result = runner.invoke(app, ["--data-dir", str(data_dir), "ingest", str(ARTICLES), str(src)])
    assert result.exit_code == 0, result.output
    assert "7 ingested, 0 skipped, 0 failed" in result.output
    result = runner.invoke(app, ["--data-dir", str(data_dir), "candidates"])
    assert result.exit_code == 0
    assert "Петров" in result.output and "surname" in result.output
    result = runner.invoke(app, ["--data-dir", str(data_dir), "show", "Павел Рябов"])
    assert result.exit_code == 0, result.output
    assert "MENTIONED_IN" in result.output and "surname" in result.output  # why "Рябов" alone is him
    broken = write(tmp_path, "broken.jsonl", "{nope\n")
    result = runner.invoke(app, ["--data-dir", str(data_dir), "ingest", str(broken)])
    assert result.exit_code == 1
    assert "0 ingested, 0 skipped, 1 failed" in result.output


def test_parallel_workers_and_batches_give_the_same_graph(
    tmp_path: Path, ingested: tuple[EmbeddedStore, IngestReport]
) -> None:
    reference, _ = ingested
    store = open_embedded(tmp_path / "parallel")
    load_bundled(store)
    report = Ingestor(store, workers=2, batch=4).run([ARTICLES])
    assert [r.status for r in report.results] == ["ingested"] * 6
    assert store.counts() == reference.counts()
    store.close()
