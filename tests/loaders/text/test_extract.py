"""What the rules find in short texts written for these tests (never sentences of the seed articles)."""

from __future__ import annotations

import pytest

from loaders.text.model import EntityOut, Extraction
from tests.loaders.text.conftest import extract_text

pytestmark = pytest.mark.usefixtures("nlp")


def names(x: Extraction, cls: str) -> set[str]:
    return {e.name for e in x.entities if e.cls == cls and not e.candidate}


def entity(x: Extraction, name: str) -> EntityOut:
    return next(e for e in x.entities if e.name == name)


def relations(x: Extraction) -> set[tuple[str, str, str]]:
    by_idx = {e.idx: e.name for e in x.entities}
    return {(r.type, by_idx[r.src], by_idx[r.dst]) for r in x.relations}


def test_posts_people_and_places_are_normalized() -> None:
    x = extract_text(
        "Делегацию на выставке возглавил первый заместитель председателя правительства Приморского края "
        "Виктор Назаров. "
        "Встреча Виктора Назарова с инвесторами прошла в Уссурийске."
    )
    assert "Виктор Назаров" in names(x, "Person")
    assert len([e for e in x.entities if e.cls == "Person"]) == 1
    assert {"Приморский край", "Уссурийск"} <= names(x, "Territory")
    assert "Правительство Приморского края" in names(x, "Organization")
    post = next(r for r in x.relations if r.type == "HOLDS_POSITION")
    assert post.props["title"] == "первый заместитель председателя"
    assert x.article.text[post.start : post.end] == post.quote
    assert post.rule and 0 < post.confidence <= 1


def test_genitive_organizations_come_back_to_the_nominative() -> None:
    x = extract_text(
        "Письмо направили в адрес Российско-Китайского комитета дружбы, мира и развития и "
        "Министерства сельского хозяйства Амурской области."
    )
    assert {
        "Российско-Китайский комитет дружбы, мира и развития",
        "Министерство сельского хозяйства Амурской области",
    } <= names(x, "Organization")


def test_chinese_names_keep_surname_first_and_get_pinyin() -> None:
    x = extract_text("Вице-губернатор провинции Цзилинь Ван Хунбо встретился с журналистами. Ван Хунбо ответил.")
    person = entity(x, "Ван Хунбо")
    assert "Wang Hongbo" in person.en
    assert ("HOLDS_POSITION", "Ван Хунбо", "Правительство провинции Цзилинь") in relations(x)


def test_roman_ordinals_give_editions_of_a_series() -> None:
    x = extract_text("В Харбине открылась XII Российско-Китайская ярмарка строительных материалов.")
    fair = entity(x, "XII Российско-Китайская ярмарка строительных материалов")
    assert fair.props["ordinal"] == 12
    assert fair.props["series"] == "rossiysko-kitayskaya-yarmarka-stroitelnykh-materialov"
    rels = relations(x)
    assert ("EDITION_OF", fair.name, "Российско-Китайская ярмарка строительных материалов") in rels
    assert ("HELD_IN", fair.name, "Харбин") in rels


def test_abbreviations_are_resolved_and_not_organizations() -> None:
    x = extract_text("Представители РФ и КНР обсудили поддержку МСП в ДФО.")
    assert {"Россия", "Китай", "Дальневосточный федеральный округ"} <= names(x, "Territory")
    assert not names(x, "Organization")


def test_surname_joins_the_person_named_before_and_says_why() -> None:
    x = extract_text("Министр экономики Забайкальского края Ирина Белова открыла выставку. Белова отметила рост.")
    person = entity(x, "Ирина Белова")
    assert len(person.mentions) == 2
    assert "surname" in (person.mentions[1]["note"] or "")


def test_region_in_focus_and_event_in_focus() -> None:
    x = extract_text(
        "В Благовещенске прошел Российско-Китайский форум молодых предпринимателей. "
        "На форуме выступил губернатор Амурской области Павел Сомов. "
        "Организатором форума стало правительство региона."
    )
    forum = "Российско-Китайский форум молодых предпринимателей"
    rels = relations(x)
    assert ("HELD_IN", forum, "Благовещенск") in rels
    assert ("PARTICIPATED_IN", "Павел Сомов", forum) in rels
    assert ("ORGANIZED", "Правительство Амурской области", forum) in rels
    org = entity(x, "Правительство Амурской области")
    assert any("region in focus" in (m["note"] or "") for m in org.mentions)


def test_projects_proposals_and_dates() -> None:
    x = extract_text(
        "Мэр Хэйхэ Чжоу Линь предложил построить в Хэйхэ логистический центр «Северный путь». "
        "Выставка «Амурская осень» пройдет в Благовещенске с 12 по 15 октября 2026 года.",
        published="2026-03-01",
    )
    rels = relations(x)
    assert ("PROPOSED", "Чжоу Линь", "Логистический центр «Северный путь»") in rels
    assert ("LOCATED_IN", "Логистический центр «Северный путь»", "Хэйхэ") in rels
    held = next(r for r in x.relations if r.type == "HELD_IN")
    assert (held.props.get("start_date"), held.props.get("end_date")) == ("2026-10-12", "2026-10-15")


def test_co_occurrence_alone_is_no_relation() -> None:
    x = extract_text("В отчете упоминаются Иван Петров, Харбинская ярмарка, Хабаровск и Фонд Росконгресс.")
    assert {"Иван Петров"} <= names(x, "Person")
    assert not x.relations


def test_lone_surname_is_a_candidate_not_a_guess() -> None:
    x = extract_text("Как заявил Сидоренко, переговоры продолжатся.")
    person = next(e for e in x.entities if e.cls == "Person")
    assert person.surname_only


def test_negated_and_merely_proposed_acts_are_not_facts() -> None:
    x = extract_text(
        "Губернатор Амурской области Василий Орлов не принял участие в форуме «Амурская осень». "
        "Мэр Уссурийска Петр Ким предложил построить мост через реку Раздольная. "
        "Идею поддержал депутат Думы Уссурийска Олег Лим."
    )
    rels = relations(x)
    assert not any(r[0] == "PARTICIPATED_IN" for r in rels)
    assert ("PROPOSED", "Петр Ким", "Мост через реку Раздольная") in rels
    assert not any(r[0] == "INVOLVED_IN" for r in rels)  # 'построить' under 'предложил' is no building yet
    assert ("SUPPORTED", "Олег Лим", "Мост через реку Раздольная") in rels


def test_offices_of_state_and_bodies_named_by_posts() -> None:
    x = extract_text(
        "Председатель КНР Си Цзиньпин принял министра иностранных дел России Сергея Лаврова. "
        "Глава Минвостокразвития Алексей Чекунков провел встречу."
    )
    rels = relations(x)
    assert ("HOLDS_POSITION", "Си Цзиньпин", "Председатель Китайской Народной Республики") in rels
    assert ("HOLDS_POSITION", "Сергей Лавров", "Министерство иностранных дел Российской Федерации") in rels
    chekunkov = next(r for r in rels if r[1] == "Алексей Чекунков")
    assert chekunkov[2] == "Министерство Российской Федерации по развитию Дальнего Востока и Арктики"


def test_zones_and_abbreviated_editions() -> None:
    x = extract_text(
        "В рамках ВЭФ-2025 компания «Амур Агро» подписала соглашение о строительстве в ТОР «Свободный» "
        "зернового элеватора мощностью 100 тысяч тонн."
    )
    rels = relations(x)
    assert ("EDITION_OF", "ВЭФ-2025", "Восточный экономический форум") in rels
    assert "ТОР «Свободный»" in names(x, "Territory")
    assert any(r[0] == "INVOLVED_IN" and r[1] == "Амур Агро" for r in rels)


def test_patronymic_is_an_alias_of_the_usual_name() -> None:
    x = extract_text(
        "Мэр Уссурийска Петр Иванович Ким открыл ярмарку. Петр Ким вручил награды. Ким поблагодарил гостей."
    )
    person = entity(x, "Петр Ким")
    assert "Петр Иванович Ким" in person.aliases
    assert len(person.mentions) == 3


def test_organizers_after_the_verb_and_speakers_at_the_opening() -> None:
    x = extract_text(
        "В Благовещенске открылся Фестиваль российско-китайской культуры «Дружба на Амуре». "
        "Его организовали министерство культуры Амурской области совместно с управлением культуры города Хэйхэ. "
        "На открытии выступила заместитель губернатора Амурской области Елена Смирнова."
    )
    festival = "Фестиваль российско-китайской культуры «Дружба на Амуре»"
    rels = relations(x)
    assert ("ORGANIZED", "Министерство культуры Амурской области", festival) in rels
    assert ("ORGANIZED", "Управление культуры города Хэйхэ", festival) in rels
    assert ("PARTICIPATED_IN", "Елена Смирнова", festival) in rels
