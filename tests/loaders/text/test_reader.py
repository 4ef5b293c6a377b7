"""Reading articles: encodings, headers, and bad input reported per file or line."""

from __future__ import annotations

import json
from pathlib import Path

from loaders.text.dates import find_dates
from loaders.text.reader import RawArticle, ReadFailure, parse_header, read_path
from tests.loaders.text.conftest import write

BODY = "В Хабаровске прошла встреча представителей деловых кругов России и Китая, посвященная логистике."


def one(path: Path) -> RawArticle | ReadFailure:
    items = list(read_path(path))
    assert len(items) == 1
    return items[0]


def test_dateline_gives_place_outlet_and_date() -> None:
    a = parse_header(f"ХАБАРОВСК, 3 апреля 2026 года, ИА Тест. {BODY}", markdown=False)
    assert (a.dateline, a.outlet, a.published) == ("Хабаровск", "ИА Тест", "2026-04-03")
    assert a.analysis_text.startswith("Хабаровск, 3 апреля")
    dotted = parse_header(f"ХАБАРОВСК, 4 сентября 2025 года, DVHAB.ru. {BODY}", markdown=False)
    assert (dotted.outlet, dotted.published) == ("DVHAB.ru", "2025-09-04")
    yearless = parse_header(f"ЧИТА, 5 июня, «Вестник». {BODY}", markdown=False)
    assert yearless.published is None
    assert yearless.dateline_day == (6, 5)


def test_date_prefix_and_titles() -> None:
    a = parse_header(f" date 2025-11-25 {BODY}", markdown=False)
    assert a.published == "2025-11-25"
    assert "date" not in a.analysis_text
    assert len(a.analysis_text) == len(a.text)  # offsets stay valid
    md = parse_header(f"# Заголовок статьи\n\ndate 2025-09-04\n\n{BODY}", markdown=True)
    assert (md.title, md.published) == ("Заголовок статьи", "2025-09-04")
    txt = parse_header(f"Короткий заголовок\n\n{BODY}", markdown=False)
    assert txt.title == "Короткий заголовок"


def test_legacy_encodings_are_converted_with_a_warning(tmp_path: Path) -> None:
    for encoding, label in (("cp1251", "Windows-1251"), ("koi8_r", "KOI8-R")):
        item = one(write(tmp_path, f"{encoding}.txt", BODY.encode(encoding)))
        assert isinstance(item, RawArticle)
        assert item.text == BODY
        assert any(label in w for w in item.warnings)


def test_same_text_same_identity(tmp_path: Path) -> None:
    a = one(write(tmp_path, "a.txt", BODY))
    b = one(write(tmp_path, "b.txt", BODY.encode("cp1251")))
    assert isinstance(a, RawArticle) and isinstance(b, RawArticle)
    assert a.article_id == b.article_id
    assert a.article_id == f"article:{a.content_hash[:16]}"


def test_bad_files_fail_with_a_reason(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # a 50 MB file, written sparse
        handle.truncate(50 * 1024 * 1024)
    cases = {
        write(tmp_path, "empty.txt", b""): "empty file",
        write(tmp_path, "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50): "binary",
        big: "too large",
        write(tmp_path, "garbage.txt", bytes(range(0x80, 0x100)) * 20): "unknown encoding",
        write(tmp_path, "blank.md", "   \n\n  "): "no text",
        tmp_path / "missing.txt": "no such file",
    }
    for path, reason in cases.items():
        item = one(path)
        assert isinstance(item, ReadFailure), path
        assert reason in item.reason, (path, item.reason)


def test_json_lines_fail_per_line(tmp_path: Path) -> None:
    good = {"id": "x1", "title": "Заголовок", "date": "2026-04-12", "source": "Газета", "url": "https://example.org/x1"}
    lines = [
        json.dumps({**good, "text": BODY}, ensure_ascii=False),
        '{"id": "x2", "text": "оборванная строка',
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "x4"}),
        "",
    ]
    items = list(read_path(write(tmp_path, "feed.jsonl", "\n".join(lines))))
    assert isinstance(items[0], RawArticle)
    assert (items[0].title, items[0].published, items[0].outlet, items[0].external_id) == (
        "Заголовок",
        "2026-04-12",
        "Газета",
        "x1",
    )
    failures = [i for i in items if isinstance(i, ReadFailure)]
    assert [f.origin.rsplit(":", 1)[1] for f in failures] == ["2", "3", "4"]
    assert "broken JSON" in failures[0].reason


def test_russian_dates_anchor_to_publication() -> None:
    text = "Форум пройдет с 22 по 24 мая 2026 года, ярмарка откроется 17 мая, а даты утвердили в декабре 2025 года."
    found = [(d.start, d.end) for d in find_dates(text, 0, "2026-03-11", future=True)]
    assert ("2026-05-22", "2026-05-24") in found
    assert ("2026-05-17", None) in found
    assert ("2025-12", None) in found
    later = find_dates("Выставка откроется 10 февраля.", 0, "2026-11-20", future=True)
    assert later[0].start == "2027-02-10"  # a coming date before publication is next year's
    assert find_dates("Встреча прошла в 2024 году.", 0, None, future=False)[0].start == "2024"
