"""Name folding, transliteration, slugs and the Palladius system (graph/names.py)."""

from __future__ import annotations

import re

import pytest

from graph import names
from graph.names import (
    PALLADIUS,
    fold,
    looks_chinese,
    name_variants,
    palladius_to_pinyin,
    pinyin_to_palladius,
    ru_to_latin,
    slugify,
)

# --- fold -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Российско-Китайский  «АмурЭкспо»", "российско китайский амурэкспо"),
        ("Ёлкин Пётр", "елкин петр"),
        ("“Heihe” — Blagoveshchensk!", "heihe blagoveshchensk"),
        ("  ООО „Амур“ (г. Хабаровск); [1]  ", "ооо амур г хабаровск 1"),
        ("Xi'an – Xi’an – Xiʼan", "xi an xi an xi an"),
        ("李鸿忠", "李鸿忠"),
        ("李鸿忠（Li Hongzhong）", "李鸿忠 li hongzhong"),
        ("黑河市，黑龙江省。", "黑河市 黑龙江省"),
        ("ＡＭＵＲ　２０２６", "amur 2026"),
        ("Straße", "strasse"),
        ("", ""),
        ("«—»", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize("text", ["Российско-Китайский «АмурЭкспо»", "李鸿忠 (Li)", "Xi'an", "ЁЖ"])
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


# --- ru_to_latin ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Сергей Абрамов", "Sergey Abramov"),
        ("Хабаровский край", "Khabarovskiy kray"),
        ("Щукин", "Shchukin"),
        ("Жуковский", "Zhukovskiy"),
        ("Цзинь", "Tszin"),
        ("Чекунков", "Chekunkov"),
        ("Юрий Трутнев", "Yuriy Trutnev"),
        ("Объединённый", "Obedinennyy"),
        ("Эксперт Якутии", "Ekspert Yakutii"),
        ("АмурЭкспо-2026", "AmurEkspo-2026"),
        ("ЖКХ", "ZHKKH"),
        ("ЮАР", "YUAR"),
        ("Heihe 黑河", "Heihe 黑河"),
    ],
)
def test_ru_to_latin(text: str, expected: str) -> None:
    assert ru_to_latin(text) == expected


def test_ru_to_latin_handles_decomposed_input() -> None:
    assert ru_to_latin("Сергеи\u0306") == "Sergey"


# --- slugify ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Сергей Абрамов", "sergey-abramov"),
        ("Хабаровский край", "khabarovskiy-kray"),
        ("АмурЭкспо-2026", "amurekspo-2026"),
        ("Российско-Китайский «АмурЭкспо»", "rossiysko-kitayskiy-amurekspo"),
        ("Lǐ Hóngzhōng", "li-hongzhong"),
        ("Lǚ Dòngbīn", "lu-dongbin"),
        ("  --Благовещенск--  ", "blagoveshchensk"),
        ("ООО «Ёлка»", "ooo-elka"),
        ("2026", "2026"),
    ],
)
def test_slugify(text: str, expected: str) -> None:
    assert slugify(text) == expected


def test_slug_of_cjk_is_a_stable_hash() -> None:
    # Pinned: slugs end up in stored ids, so this value must never change.
    assert slugify("李鸿忠") == "x-3cc28f97"
    assert slugify("李鸿忠") == slugify(" 李鸿忠 ")
    assert slugify("李鸿忠") != slugify("王毅")
    assert re.fullmatch(r"x-[0-9a-f]{8}", slugify("黑龙江省"))


def test_slug_keeps_digits_next_to_dropped_cjk_distinct() -> None:
    assert re.fullmatch(r"x-[0-9a-f]{8}-2024", slugify("李鸿忠 2024"))
    assert slugify("李鸿忠 2024") != slugify("王毅 2024")


@pytest.mark.parametrize(
    "text",
    ["Сергей Абрамов", "李鸿忠", "Xi'an", "Straße", "Łódź", "Ünïcödé", "«»", "", "Київ", "Ли Хунчжун 李鸿忠"],
)
def test_slug_is_ascii_and_well_formed(text: str) -> None:
    slug = slugify(text)
    assert slug.isascii()
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert slugify(text) == slug


# --- the Palladius table ---------------------------------------------------------


def test_table_is_complete_and_one_to_one() -> None:
    assert len(PALLADIUS) >= 400
    assert len(set(PALLADIUS.values())) == len(PALLADIUS)
    assert all(re.fullmatch(r"[a-zü]+", s) for s in PALLADIUS)
    assert all(re.fullmatch(r"[а-яь]+", s) for s in PALLADIUS.values())


@pytest.mark.parametrize(
    ("pinyin", "palladius"),
    [
        ("zhong", "чжун"),
        ("hong", "хун"),
        ("li", "ли"),
        ("hei", "хэй"),
        ("he", "хэ"),
        ("xi", "си"),
        ("an", "ань"),
        ("ang", "ан"),
        ("shen", "шэнь"),
        ("sheng", "шэн"),
        ("yang", "ян"),
        ("shan", "шань"),
        ("jing", "цзин"),
        ("jin", "цзинь"),
        ("qing", "цин"),
        ("xian", "сянь"),
        ("zhou", "чжоу"),
        ("ri", "жи"),
        ("yu", "юй"),
        ("yue", "юэ"),
        ("you", "ю"),
        ("ye", "е"),
        ("wei", "вэй"),
        ("wen", "вэнь"),
        ("jiang", "цзян"),
        ("xiang", "сян"),
        ("hui", "хуэй"),
        ("gui", "гуй"),
        ("dui", "дуй"),
        ("zi", "цзы"),
        ("ci", "цы"),
        ("si", "сы"),
        ("e", "э"),
        ("er", "эр"),
        ("ha", "ха"),
        ("guo", "го"),
        ("zhuang", "чжуан"),
        ("ju", "цзюй"),
        ("jiu", "цзю"),
        ("xiong", "сюн"),
        ("lü", "люй"),
        ("nüe", "нюэ"),
        ("wu", "у"),
        ("yi", "и"),
        ("ou", "оу"),
    ],
)
def test_table_entries(pinyin: str, palladius: str) -> None:
    assert PALLADIUS[pinyin] == palladius


@pytest.mark.parametrize("syllable", sorted(PALLADIUS))
def test_every_syllable_round_trips(syllable: str) -> None:
    cyrillic = pinyin_to_palladius(syllable)
    assert cyrillic == PALLADIUS[syllable].capitalize()
    assert palladius_to_pinyin(cyrillic) == syllable.capitalize()


def test_two_syllable_words_round_trip() -> None:
    """Every syllable followed by every consonant-initial one.

    Vowel-initial second syllables are left out: Palladius cannot tell
    'Хэнань' he+nan from heng+an, which pinyin marks with an apostrophe.
    """
    failures = []
    for first in PALLADIUS:
        for second in PALLADIUS:
            if second[0] in "aoeyw":
                continue
            cyrillic = pinyin_to_palladius(first + second)
            assert cyrillic is not None
            if fold(cyrillic) in names._CONVENTIONAL_RU:  # Макао, Шэньси
                continue
            back = palladius_to_pinyin(cyrillic)
            if back != (first + second).capitalize():
                failures.append((first + second, cyrillic, back))
    assert failures == []


# --- pinyin <-> Palladius ----------------------------------------------------


@pytest.mark.parametrize(
    ("pinyin", "palladius"),
    [
        ("Li Hongzhong", "Ли Хунчжун"),
        ("Heihe", "Хэйхэ"),
        ("Xi'an", "Сиань"),
        ("Xi’an", "Сиань"),
        ("Xian", "Сянь"),
        ("Xi Jinping", "Си Цзиньпин"),
        ("Xí Jìnpíng", "Си Цзиньпин"),
        ("Heilongjiang", "Хэйлунцзян"),
        ("Suifenhe", "Суйфэньхэ"),
        ("Shenyang", "Шэньян"),
        ("Liaoning", "Ляонин"),
        ("Hunan", "Хунань"),
        ("Henan", "Хэнань"),
        ("Shanxi", "Шаньси"),
        ("Lü Xun", "Люй Сюнь"),
        ("Lv Xun", "Люй Сюнь"),
        ("Nüe", "Нюэ"),
        ("lue", "Люэ"),
        ("HEIHE", "Хэйхэ"),
        ("Heihe 2024", "Хэйхэ 2024"),
        ("Zhang-Jiakou", "Чжан-Цзякоу"),
        # conventional names
        ("Shaanxi", "Шэньси"),
        ("Harbin", "Харбин"),
        ("Beijing", "Пекин"),
        ("Shanghai", "Шанхай"),
        ("Guangzhou", "Гуанчжоу"),
        ("Hong Kong", "Гонконг"),
        ("Hong-Kong", "Гонконг"),
        ("Hohhot", "Хух-Хото"),
        ("Hong Kong Heihe", "Гонконг Хэйхэ"),
        ("Li Hong", "Ли Хун"),
    ],
)
def test_pinyin_to_palladius(pinyin: str, palladius: str) -> None:
    assert pinyin_to_palladius(pinyin) == palladius


@pytest.mark.parametrize(
    ("palladius", "pinyin"),
    [
        ("Ли Хунчжун", "Li Hongzhong"),
        ("Хэйхэ", "Heihe"),
        ("Сиань", "Xi'an"),
        ("Шэньян", "Shenyang"),
        ("Ляонин", "Liaoning"),
        ("Цзинь Пин", "Jin Ping"),
        ("Си Цзиньпин", "Xi Jinping"),
        ("Хэйлунцзян", "Heilongjiang"),
        ("Суйфэньхэ", "Suifenhe"),
        ("Хунань", "Hunan"),
        ("Хэнань", "Henan"),
        ("Цзинань", "Jinan"),
        ("Синин", "Xining"),
        ("Хуайань", "Huai'an"),
        ("Яньань", "Yan'an"),
        ("Мао Цзэдун", "Mao Zedong"),
        ("Люй Сюнь", "Lü Xun"),
        ("ли хунчжун", "Li Hongzhong"),
        ("ЛИ ХУНЧЖУН", "Li Hongzhong"),
        ("Хух-Хото", "Hohhot"),
        ("Шэньси", "Shaanxi"),
        ("Шаньси", "Shanxi"),
        ("Пекин", "Beijing"),
        ("Харбин", "Harbin"),
        ("Гонконг", "Hong Kong"),
    ],
)
def test_palladius_to_pinyin(palladius: str, pinyin: str) -> None:
    assert palladius_to_pinyin(palladius) == pinyin


@pytest.mark.parametrize(
    "text", ["Абрамов", "Сергей Абрамов", "Ли Абрамов", "Хабаровск", "Ёлкин", "Li Hongzhong", "", "2024"]
)
def test_palladius_to_pinyin_rejects_non_palladius(text: str) -> None:
    assert palladius_to_pinyin(text) is None


@pytest.mark.parametrize("text", ["Sergey Abramov", "Li Abramov", "Blagoveshchensk", "Ли Хунчжун", "", "!!"])
def test_pinyin_to_palladius_rejects_non_pinyin(text: str) -> None:
    assert pinyin_to_palladius(text) is None


# --- looks_chinese ------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Ли Хунчжун",
        "Си Цзиньпин",
        "Ван И",
        "Ли Цян",
        "Хань Чжэн",
        "Чжан Гаоли",
        "Ху Цзиньтао",
        "Вэнь Цзябао",
        "Мао Цзэдун",
        "Оуян Сю",
        "Ли Хун Чжун",
        "Ли",
        "Си",
        "Хэйхэ",
        "Хэйлунцзян",
        "Харбин",
        "Пекин",
    ],
)
def test_looks_chinese(name: str) -> None:
    assert looks_chinese(name)


@pytest.mark.parametrize(
    "name",
    [
        "Сергей",
        "Абрамов",
        "Сергей Абрамов",
        "Борис",
        "Титов",
        "Юрий",
        "Трутнев",
        "Юрий Трутнев",
        "Антон",
        "Кобяков",
        "Алексей Чекунков",
        "Хабаровск",
        "Амур",
        "Благовещенск",
        "форум",
        # Russian words that are valid Palladius syllable runs
        "Путин",
        "Владимир Путин",
        "Анна",
        "Елена",
        "Николай",
        "Иван",
        "Юлия",
        "Минина",
        "Сахалин",
        "Чита",
        "Сочи",
        "Хасан",
        "Николай Ли",
        "Иван Лапин",
        # not Cyrillic, too long, empty
        "Li Hongzhong",
        "Ли Хун Чжун Го",
        "",
    ],
)
def test_russian_names_do_not_look_chinese(name: str) -> None:
    assert not looks_chinese(name)


def test_lookalike_list_only_holds_words_that_segment() -> None:
    assert [w for w in sorted(names._RUSSIAN_LOOKALIKES) if palladius_to_pinyin(w) is None] == []


# --- name_variants ----------------------------------------------------------


def test_variants_of_a_chinese_name_in_cyrillic() -> None:
    assert name_variants("Ли Хунчжун") == {
        "ли хунчжун",
        "li khunchzhun",
        "li hongzhong",
        "хунчжун",
        "khunchzhun",
        "hongzhong",
    }


def test_variants_of_a_chinese_name_in_pinyin() -> None:
    assert name_variants("Li Hongzhong") == {"li hongzhong", "ли хунчжун", "hongzhong", "хунчжун"}


def test_variants_of_a_russian_name() -> None:
    assert name_variants("Сергей Абрамов") == {
        "сергей абрамов",
        "sergey abramov",
        "сергей",
        "абрамов",
        "sergey",
        "abramov",
    }


def test_variants_keep_the_apostrophe_free_pinyin() -> None:
    assert name_variants("Сиань") == {"сиань", "sian", "xi an", "xian"}
    assert name_variants("Пекин") == {"пекин", "pekin", "beijing"}
    assert name_variants("Харбин") == {"харбин", "kharbin", "harbin"}


def test_variants_of_other_names() -> None:
    assert name_variants("Путин") == {"путин", "putin"}
    assert name_variants("李鸿忠") == {"李鸿忠"}
    assert name_variants("«АмурЭкспо»") == {"амурэкспо", "amurekspo"}
    assert name_variants("") == set()


def test_variants_are_folded_and_deterministic() -> None:
    for name in ["Ли Хунчжун", "Российско-Китайский «АмурЭкспо»", "Xi'an", "Хэйлунцзян"]:
        variants = name_variants(name)
        assert variants == name_variants(name)
        assert all(fold(v) == v and v for v in variants)
        assert fold(name) in variants
