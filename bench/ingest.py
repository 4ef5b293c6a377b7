"""Article ingestion speed: the full pipeline against natasha's NER alone, in one run.

Corpus: the bundled sample articles (and the seed articles when present, and
the holdout ones) repeated to N articles, each copy made unique by a last line
so that identity by content hash does not skip it. Measured:

- NER only: natasha segmentation + NER tagger, one process (the reference);
- extraction: everything language-side (morphology, NER, rules, coreference,
  relations), one process, no store;
- full pipeline: `Ingestor` from a JSON-lines file into a fresh embedded store
  holding the curated data, with 1 and with 2 worker processes (resolution
  and writes stay in the main process).

Prints articles/s and the ratios and appends a section to bench/results.md.
Run: `OMP_NUM_THREADS=1 python -m bench.ingest [--articles 300] [--no-record]`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from graph.embedded import EmbeddedStore
from loaders.structured import discover as discover_curated
from loaders.structured import load_file
from loaders.text.extract import extract
from loaders.text.ingest import Ingestor
from loaders.text.nlp import models
from loaders.text.reader import RawArticle, discover, read_path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results.md")


def sample_articles() -> list[dict[str, str]]:
    sources = [
        ROOT / "data" / "articles",
        ROOT / "tests" / "loaders" / "text" / "holdout",
        ROOT.parent / "shared" / "seeds",
    ]
    out: list[dict[str, str]] = []
    for path in discover([p for p in sources if p.exists()]):
        for item in read_path(path):
            if isinstance(item, RawArticle):
                out.append({"text": item.text, "title": item.title or "", "date": item.published or ""})
    return out


def corpus(n: int) -> list[dict[str, str]]:
    base = sample_articles()
    return [
        {**base[i % len(base)], "id": f"bench-{i}", "text": base[i % len(base)]["text"] + f"\nКопия {i}."}
        for i in range(n)
    ]


def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds else float("inf")


def ner_only(texts: list[str]) -> float:
    from natasha import Doc

    m = models()
    started = time.perf_counter()
    for text in texts:
        doc = Doc(text)
        doc.segment(m.segmenter)
        doc.tag_ner(m.ner)
    return rate(len(texts), time.perf_counter() - started)


def extraction_only(jsonl: Path) -> float:
    articles = [a for a in read_path(jsonl) if isinstance(a, RawArticle)]
    started = time.perf_counter()
    for article in articles:
        extract(article)
    return rate(len(articles), time.perf_counter() - started)


def full_pipeline(jsonl: Path, workers: int, n: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "store")
        store.setup_schema()
        for path in discover_curated([ROOT / "data"]):
            load_file(store, path)
        started = time.perf_counter()
        report = Ingestor(store, workers=workers).run([jsonl])
        seconds = time.perf_counter() - started
        store.close()
    ingested = len(report.by_status("ingested"))
    assert ingested == n, f"only {ingested} of {n} ingested: {[r.reason for r in report.by_status('failed')][:3]}"
    return rate(n, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3, help="repeat every measurement; medians are reported")
    parser.add_argument("--no-record", action="store_true", help="do not append to bench/results.md")
    args = parser.parse_args()
    docs = corpus(args.articles)
    models()  # loading is not part of any measurement
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "corpus.jsonl"
        jsonl.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs) + "\n", encoding="utf-8")
        runs: dict[str, list[float]] = {"ner": [], "ext": [], "full1": [], "full2": []}
        for _ in range(args.rounds):  # interleaved, so that a busy moment hits every measurement alike
            runs["ner"].append(ner_only([d["text"] for d in docs]))
            runs["ext"].append(extraction_only(jsonl))
            runs["full1"].append(full_pipeline(jsonl, 1, len(docs)))
            runs["full2"].append(full_pipeline(jsonl, 2, len(docs)))
        ner, ext, full1, full2 = (statistics.median(runs[k]) for k in ("ner", "ext", "full1", "full2"))
        spread = {k: f"{min(v):.1f}-{max(v):.1f}" for k, v in runs.items()}
    chars = sum(len(d["text"]) for d in docs) / len(docs)
    load = os.getloadavg()[0]
    lines = [
        f"articles: {len(docs)} (mean {chars:.0f} characters), cores: {os.cpu_count()}, "
        f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}, load average at the end: {load:.1f}, "
        f"medians of {args.rounds} rounds (range in brackets)",
        f"natasha NER only, 1 process:             {ner:6.1f} articles/s  [{spread['ner']}]",
        f"extraction (no store), 1 process:        {ext:6.1f} articles/s  [{spread['ext']}]  "
        f"ratio to NER-only {ext / ner:.2f}",
        f"full pipeline into the store, 1 worker:  {full1:6.1f} articles/s  [{spread['full1']}]  "
        f"ratio to NER-only {full1 / ner:.2f}",
        f"full pipeline into the store, 2 workers: {full2:6.1f} articles/s  [{spread['full2']}]  "
        f"ratio to NER-only {full2 / ner:.2f}",
    ]
    print("\n".join(lines))
    if not args.no_record:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        section = [
            f"\n## Article ingestion ({stamp})\n",
            f"Command: `OMP_NUM_THREADS=1 python -m bench.ingest --articles {args.articles}` "
            f"({platform.python_implementation()} {platform.python_version()}, {platform.machine()})\n",
            "```",
            *lines,
            "```",
            "",
        ]
        with RESULTS.open("a", encoding="utf-8") as handle:
            if RESULTS.stat().st_size == 0 if RESULTS.exists() else True:
                handle.write("# Benchmark results\n")
            handle.write("\n".join(section))


if __name__ == "__main__":
    main()
