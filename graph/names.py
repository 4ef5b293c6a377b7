"""Name handling shared by search (API) and article ingestion (NLP loaders).

One module so that the search box and the loaders agree on how a name is
compared, transliterated and turned into an id: a name stored by a loader must
be found by the API under every spelling a reader is likely to type (Cyrillic,
Latin, pinyin, Palladius). Standard library only, no network, deterministic.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping

__all__ = [
    "PALLADIUS",
    "fold",
    "looks_chinese",
    "name_variants",
    "palladius_to_pinyin",
    "pinyin_to_palladius",
    "ru_to_latin",
    "slugify",
]

# --- fold -------------------------------------------------------------------

# Modifier letters (category Lm) that are used as apostrophes, e.g. in "Xiʼan".
_APOSTROPHE_LETTERS = frozenset("ʼʹʻʽ")


def _kept(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN" and char not in _APOSTROPHE_LETTERS


def fold(text: str) -> str:
    """The comparison form of a name.

    Sources disagree on case, quotes, dashes, 'ё' and full-width forms; none of
    that distinguishes two entities, so all of it is erased. Letters and digits
    of every script (CJK included) are kept; everything else becomes a space.
    """
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return " ".join("".join(c if _kept(c) else " " for c in folded).split())


# --- Russian -> Latin ---------------------------------------------------------

_RU_LATIN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Ukrainian letters seen in place names, so that slugs do not lose them.
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}  # fmt: skip


def ru_to_latin(text: str) -> str:
    """Simplified BGN/PCGN transliteration of Russian Cyrillic; other text passes through.

    Used for readable ids and to match Latin input against Cyrillic names, so it
    must be deterministic and one-to-one per letter (е/ё -> e, ь/ъ dropped).
    An upper-case letter gives 'Zh' inside a word and 'ZH' inside an all-caps run.
    """
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    for i, char in enumerate(text):
        low = char.lower()
        latin = _RU_LATIN.get(low)
        if latin is None:
            out.append(char)
        elif char == low:
            out.append(latin)
        else:
            prev = text[i - 1] if i else ""
            nxt = text[i + 1] if i + 1 < len(text) else ""
            all_caps = nxt.isupper() or (prev.isupper() and not nxt.islower())
            out.append(latin.upper() if all_caps else latin.capitalize())
    return "".join(out)


# --- slugs --------------------------------------------------------------------

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """An ASCII, lower-case, hyphenated id part for any name.

    Cyrillic is transliterated and diacritics (pinyin tones) stripped. Scripts
    with no Latin reading here (CJK) are left out; when no ASCII letter is left,
    'x-' and 8 hex digits of a hash of the folded name keep the slug stable and
    distinct instead of empty.
    """
    latin = ru_to_latin(unicodedata.normalize("NFKC", text))
    bare = "".join(c for c in unicodedata.normalize("NFKD", latin) if not unicodedata.combining(c))
    slug = _NOT_SLUG.sub("-", bare.casefold()).strip("-")
    folded = fold(text)
    digest = "x-" + hashlib.sha256(folded.encode("utf-8")).hexdigest()[:8]
    if not re.search(r"[a-z]", slug) and any(c.isalpha() for c in folded):
        return f"{digest}-{slug}" if slug else digest  # '李鸿忠 2024' must not become '2024'
    return slug or digest


# --- Palladius ----------------------------------------------------------------

# Every Mandarin syllable in pinyin with its Palladius spelling, grouped by
# initial. Interjection-only syllables (ê, m, n, ng, hm, hng, lo, yo) are left
# out: they never occur in names and 'lo' would make 'ло' ambiguous with 'luo'.
_TABLE = """
a:а ai:ай an:ань ang:ан ao:ао e:э ei:эй en:энь eng:эн er:эр o:о ou:оу
yi:и ya:я yao:яо ye:е you:ю yan:янь yin:инь yang:ян ying:ин yong:юн
yu:юй yue:юэ yuan:юань yun:юнь
wu:у wa:ва wo:во wai:вай wei:вэй wan:вань wen:вэнь wang:ван weng:вэн
ba:ба bai:бай ban:бань bang:бан bao:бао bei:бэй ben:бэнь beng:бэн bi:би bian:бянь
biao:бяо bie:бе bin:бинь bing:бин bo:бо bu:бу
pa:па pai:пай pan:пань pang:пан pao:пао pei:пэй pen:пэнь peng:пэн pi:пи pian:пянь
piao:пяо pie:пе pin:пинь ping:пин po:по pou:поу pu:пу
ma:ма mai:май man:мань mang:ман mao:мао me:мэ mei:мэй men:мэнь meng:мэн mi:ми
mian:мянь miao:мяо mie:ме min:минь ming:мин miu:мю mo:мо mou:моу mu:му
fa:фа fan:фань fang:фан fei:фэй fen:фэнь feng:фэн fo:фо fou:фоу fu:фу
da:да dai:дай dan:дань dang:дан dao:дао de:дэ dei:дэй den:дэнь deng:дэн di:ди
dia:дя dian:дянь diao:дяо die:де ding:дин diu:дю dong:дун dou:доу du:ду duan:дуань
dui:дуй dun:дунь duo:до
ta:та tai:тай tan:тань tang:тан tao:тао te:тэ teng:тэн ti:ти tian:тянь tiao:тяо
tie:те ting:тин tong:тун tou:тоу tu:ту tuan:туань tui:туй tun:тунь tuo:то
na:на nai:най nan:нань nang:нан nao:нао ne:нэ nei:нэй nen:нэнь neng:нэн ni:ни
nian:нянь niang:нян niao:няо nie:не nin:нинь ning:нин niu:ню nong:нун nou:ноу
nu:ну nuan:нуань nuo:но nü:нюй nüe:нюэ
la:ла lai:лай lan:лань lang:лан lao:лао le:лэ lei:лэй leng:лэн li:ли lia:ля
lian:лянь liang:лян liao:ляо lie:ле lin:линь ling:лин liu:лю long:лун lou:лоу
lu:лу luan:луань lun:лунь luo:ло lü:люй lüe:люэ
ga:га gai:гай gan:гань gang:ган gao:гао ge:гэ gei:гэй gen:гэнь geng:гэн gong:гун
gou:гоу gu:гу gua:гуа guai:гуай guan:гуань guang:гуан gui:гуй gun:гунь guo:го
ka:ка kai:кай kan:кань kang:кан kao:као ke:кэ kei:кэй ken:кэнь keng:кэн kong:кун
kou:коу ku:ку kua:куа kuai:куай kuan:куань kuang:куан kui:куй kun:кунь kuo:ко
ha:ха hai:хай han:хань hang:хан hao:хао he:хэ hei:хэй hen:хэнь heng:хэн hong:хун
hou:хоу hu:ху hua:хуа huai:хуай huan:хуань huang:хуан hui:хуэй hun:хунь huo:хо
ji:цзи jia:цзя jian:цзянь jiang:цзян jiao:цзяо jie:цзе jin:цзинь jing:цзин
jiong:цзюн jiu:цзю ju:цзюй juan:цзюань jue:цзюэ jun:цзюнь
qi:ци qia:ця qian:цянь qiang:цян qiao:цяо qie:це qin:цинь qing:цин qiong:цюн
qiu:цю qu:цюй quan:цюань que:цюэ qun:цюнь
xi:си xia:ся xian:сянь xiang:сян xiao:сяо xie:се xin:синь xing:син xiong:сюн
xiu:сю xu:сюй xuan:сюань xue:сюэ xun:сюнь
zha:чжа zhai:чжай zhan:чжань zhang:чжан zhao:чжао zhe:чжэ zhei:чжэй zhen:чжэнь
zheng:чжэн zhi:чжи zhong:чжун zhou:чжоу zhu:чжу zhua:чжуа zhuai:чжуай
zhuan:чжуань zhuang:чжуан zhui:чжуй zhun:чжунь zhuo:чжо
cha:ча chai:чай chan:чань chang:чан chao:чао che:чэ chen:чэнь cheng:чэн chi:чи
chong:чун chou:чоу chu:чу chua:чуа chuai:чуай chuan:чуань chuang:чуан chui:чуй
chun:чунь chuo:чо
sha:ша shai:шай shan:шань shang:шан shao:шао she:шэ shei:шэй shen:шэнь
sheng:шэн shi:ши shou:шоу shu:шу shua:шуа shuai:шуай shuan:шуань shuang:шуан
shui:шуй shun:шунь shuo:шо
ran:жань rang:жан rao:жао re:жэ ren:жэнь reng:жэн ri:жи rong:жун rou:жоу ru:жу
rua:жуа ruan:жуань rui:жуй run:жунь ruo:жо
za:цза zai:цзай zan:цзань zang:цзан zao:цзао ze:цзэ zei:цзэй zen:цзэнь zeng:цзэн
zi:цзы zong:цзун zou:цзоу zu:цзу zuan:цзуань zui:цзуй zun:цзунь zuo:цзо
ca:ца cai:цай can:цань cang:цан cao:цао ce:цэ cen:цэнь ceng:цэн ci:цы cong:цун
cou:цоу cu:цу cuan:цуань cui:цуй cun:цунь cuo:цо
sa:са sai:сай san:сань sang:сан sao:сао se:сэ sen:сэнь seng:сэн si:сы song:сун
sou:соу su:су suan:суань sui:суй sun:сунь suo:со
"""

PALLADIUS: Mapping[str, str] = dict(pair.split(":") for pair in _TABLE.split())
"""Pinyin syllable (toneless, 'ü' kept) -> Palladius syllable (lower case)."""

_FROM_PALLADIUS: dict[str, str] = {cyr: lat for lat, cyr in PALLADIUS.items()}
# Pinyin as typed: 'lue'/'nue' are the common spellings of 'lüe'/'nüe'.
_FROM_PINYIN: dict[str, str] = {lat: lat for lat in PALLADIUS} | {"lue": "lüe", "nue": "nüe"}

# Well-known names whose usual Russian or English form is not the regular
# transcription. Forward lookups use every row; backward ones the first row
# for a Russian form.
_CONVENTIONAL: tuple[tuple[str, str], ...] = (
    ("Beijing", "Пекин"),
    ("Shanghai", "Шанхай"),
    ("Guangzhou", "Гуанчжоу"),
    ("Harbin", "Харбин"),
    ("Shaanxi", "Шэньси"),
    ("Hong Kong", "Гонконг"),
    ("Macao", "Макао"),
    ("Macau", "Макао"),
    ("Hohhot", "Хух-Хото"),
    ("Urumqi", "Урумчи"),
    ("Lhasa", "Лхаса"),
    ("Kashgar", "Кашгар"),
)
_CONVENTIONAL_RU: dict[str, str] = {}
for _latin, _cyrillic in _CONVENTIONAL:
    _CONVENTIONAL_RU.setdefault(fold(_cyrillic), _latin)
_CONVENTIONAL_PINYIN: dict[str, str] = {fold(latin): cyrillic for latin, cyrillic in _CONVENTIONAL}

_LONGEST = max(map(len, [*_FROM_PINYIN, *_FROM_PALLADIUS]))
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_APOSTROPHES = re.compile(r"['’ʼ]")
_CYRILLIC_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)
_ZERO_INITIAL = frozenset("aoeyw")


def _segment(word: str, table: Mapping[str, str]) -> list[str] | None:
    """Split a word into table syllables; returns the pinyin syllables or None.

    Dynamic programming, preferring the fewest syllables and then the fewest
    vowel-initial syllables after the first: 'Хэнань' is he+nan, not heng+an,
    as a vowel-initial syllable inside a word is the rarer case.
    """
    best: list[tuple[int, int, list[str]] | None] = [None] * (len(word) + 1)
    best[0] = (0, 0, [])
    for start in range(len(word)):
        here = best[start]
        if here is None:
            continue
        count, penalty, syllables = here
        for end in range(start + 1, min(len(word), start + _LONGEST) + 1):
            pinyin = table.get(word[start:end])
            if pinyin is None:
                continue
            cost = (count + 1, penalty + (start > 0 and pinyin[0] in _ZERO_INITIAL))
            there = best[end]
            if there is None or cost < there[:2]:
                best[end] = (*cost, [*syllables, pinyin])
    done = best[-1]
    return done[2] if done is not None and word else None


def _pinyin_key(word: str) -> str:
    """Lower case without tone marks; 'ü' survives and 'v' (the keyboard 'ü') becomes it."""
    out: list[str] = []
    for char in unicodedata.normalize("NFD", word.lower()):
        if not unicodedata.combining(char):
            out.append(char)
        elif char == "\u0308" and out and out[-1] == "u":
            out[-1] = "ü"
    return "".join(out).replace("v", "ü")


def _capitalize(word: str) -> str:
    return word[:1].upper() + word[1:]


def _convert(
    text: str,
    word_to: Callable[[str], str | None],
    key: Callable[[str], str],
    conventional: Mapping[str, str],
) -> str | None:
    """Convert word by word, keeping the separators; None if a word fails or there is none.

    Conventional names are looked up first, over two words joined by a space
    or hyphen ('Hong Kong', 'Хух-Хото') and then over one.
    """
    words = list(_WORD.finditer(text))
    if not words:
        return None
    out: list[str] = []
    pos = 0
    i = 0
    while i < len(words):
        word = words[i]
        out.append(text[pos : word.start()])
        if i + 1 < len(words):
            nxt = words[i + 1]
            gap = text[word.end() : nxt.start()]
            pair = conventional.get(f"{key(word[0])} {key(nxt[0])}")
            if pair is not None and gap and not gap.strip(" -‐‑"):
                out.append(pair)
                pos = nxt.end()
                i += 2
                continue
        converted = conventional.get(key(word[0])) or word_to(word[0])
        if converted is None:
            return None
        out.append(converted)
        pos = word.end()
        i += 1
    out.append(text[pos:])
    return "".join(out)


def _pinyin_word_to_palladius(word: str) -> str | None:
    parts: list[str] = []
    for chunk in _APOSTROPHES.split(_pinyin_key(word)):
        syllables = _segment(chunk, _FROM_PINYIN)
        if syllables is None:
            return None
        parts.extend(PALLADIUS[s] for s in syllables)
    return _capitalize("".join(parts))


def _palladius_syllables(word: str) -> list[str] | None:
    return _segment(word.lower(), _FROM_PALLADIUS) if _CYRILLIC_WORD.fullmatch(word) else None


def _palladius_word_to_pinyin(word: str) -> str | None:
    syllables = _palladius_syllables(word)
    if syllables is None:
        return None
    joined = syllables[0] + "".join("'" + s if s[0] in "aoe" else s for s in syllables[1:])
    return _capitalize(joined)


def pinyin_to_palladius(text: str) -> str | None:
    """Pinyin (tone marks, 'v' for 'ü' and apostrophes allowed) -> Palladius Cyrillic.

    Russian texts spell Chinese names in Palladius, English ones in pinyin; this
    links the two. None when any word is not a run of pinyin syllables, so a
    caller can tell pinyin from other Latin text. A few conventional names
    (Beijing -> Пекин, Harbin -> Харбин, Shaanxi -> Шэньси, ...) are exceptions.
    Words are segmented like palladius_to_pinyin: 'Xian' is one syllable, write "Xi'an".
    """
    return _convert(text, _pinyin_word_to_palladius, _pinyin_key, _CONVENTIONAL_PINYIN)


def palladius_to_pinyin(text: str) -> str | None:
    """Palladius Cyrillic -> pinyin without tones, each word capitalized.

    Words are segmented into syllables ('Сиань' -> "Xi'an", with the apostrophe
    pinyin puts before an inner a/o/e syllable). None when any word does not
    segment, which is the case for most Russian words ('Абрамов'). Palladius is
    ambiguous at -н/-нь before a vowel ('Хэнань' could be heng'an); the common
    reading wins.
    """
    return _convert(text, _palladius_word_to_pinyin, fold, _CONVENTIONAL_RU)


# Russian names and words that happen to segment into Palladius syllables
# ('Путин' = pu+ting). Also matched with a trailing 'а' (Путина, Минина).
# Not exhaustive: looks_chinese is a heuristic, see its docstring.
_LOOKALIKE_WORDS = """
    путин бунин минин лапин панин шубин юдин фомин лунин дудин лисин ханин ганин
    бабин ляпин ситин чудин губин лимин
    иван николай фома лука елена анна нина инна лина дина алина полина галина яна
    юлия юля майя жанна диана лиана таисия лена лида люда люба надя наташа антонина
    фаина лилия юлиана мадина камила эмилия амина ника мила тина лана поля
    саша маша даша паша миша гоша тоша яша
    мама папа каша муха нога она они дума
    сахалин магадан якутия хакасия ханка хасан ванино могоча улан удэ чита сочи тула
    уфа кама ока анапа куба канада италия индия япония чили гана панама
"""
_RUSSIAN_LOOKALIKES = frozenset(_LOOKALIKE_WORDS.split())
# Two-syllable Chinese surnames, in pinyin; every other surname is one syllable.
_COMPOUND_SURNAME_WORDS = "ouyang sima zhuge shangguan situ duanmu huangfu linghu yuwen murong gongsun sikong"
_COMPOUND_SURNAMES = frozenset(_COMPOUND_SURNAME_WORDS.split())


def _is_lookalike(word: str) -> bool:
    folded = fold(word)
    return folded in _RUSSIAN_LOOKALIKES or (folded.endswith("а") and folded[:-1] in _RUSSIAN_LOOKALIKES)


def _chinese_words(name: str) -> list[list[str]] | None:
    """Pinyin syllables of each word of a name of 1-3 Palladius words, else None."""
    words = _WORD.findall(name)
    if not 1 <= len(words) <= 3:
        return None
    found: list[list[str]] = []
    for word in words:
        syllables = _palladius_syllables(word)
        if syllables is None or len(syllables) > 4 or _is_lookalike(word):
            return None
        found.append(syllables)
    return found


def looks_chinese(name: str) -> bool:
    """Whether a Cyrillic name reads as a Palladius transcription of a Chinese name.

    Decides surname-first handling ('Ли Хунчжун' yes, 'Сергей Абрамов' no).
    True for a conventional name ('Харбин') or 1-3 words, each a run of at
    most 4 Palladius syllables, where a multi-word name also has the shape of
    a Chinese person's name: a one-syllable (or known two-syllable) surname
    first, then given-name words of 1-2 syllables. That shape rule rejects
    'Николай Ли' or 'Иван Лапин'.

    Limitation: single Russian words can be valid syllable runs ('Путин' =
    pu+ting, 'Елена' = ye+lie+na, 'Сахалин'); common ones are listed as
    exceptions, rarer ones (e.g. the surname 'Дубинин') remain false positives.
    Latin input gives False.
    """
    if fold(name) in _CONVENTIONAL_RU:
        return True
    words = _chinese_words(name)
    if words is None:
        return False
    surname, *given = words
    if given and len(surname) > 1 and "".join(surname) not in _COMPOUND_SURNAMES:
        return False
    return all(len(word) <= 2 for word in given)


def name_variants(name: str) -> set[str]:
    """Every folded form under which a name should be found.

    The name itself, its Latin transliteration when Cyrillic, its pinyin when it
    looks like a Palladius name (also without apostrophes: 'xian' for "Xi'an"),
    its Palladius form when it is pinyin, and for multi-word names each word
    longer than 2 characters, so that 'Хунчжун' finds 'Ли Хунчжун'.
    """
    forms = [fold(name)]
    if _CYRILLIC_WORD.search(name):
        forms.append(fold(ru_to_latin(name)))
        # Looser than looks_chinese ('Шанхай Пудун' is not a person's name): a
        # wrong extra key costs little, a missing one loses a search hit.
        if fold(name) in _CONVENTIONAL_RU or _chinese_words(name) is not None:
            pinyin = palladius_to_pinyin(name)
            if pinyin is not None:
                forms += [fold(pinyin), fold(_APOSTROPHES.sub("", pinyin))]
    else:
        palladius = pinyin_to_palladius(name) if len(_WORD.findall(name)) <= 3 else None
        if palladius is not None:
            forms.append(fold(palladius))
    variants = {form for form in forms if form}
    if len(forms[0].split()) > 1:
        variants |= {word for form in forms for word in form.split() if len(word) > 2}
    return variants
