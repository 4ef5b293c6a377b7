"""The few words of the page's own furniture, in English and Russian (data labels come from the ontology)."""

from __future__ import annotations

_UI: dict[str, dict[str, str]] = {
    "en": {
        "legend": "Legend and filter",
        "entities": "Entities",
        "relations": "Relations",
        "time": "Time window",
        "from": "from",
        "to": "to",
        "undated": "show undated facts",
        "no_dates": "Nothing in this view is dated.",
        "fit": "Fit",
        "relax": "Relax layout",
        "reset": "Reset filters",
        "expand": "Open / close clusters",
        "details": "Details",
        "click": "Click a node or a line to keep its details here; hover for a quick look.",
        "steps": "How they connect",
        "notes": "Notes",
        "empty": "Nothing matches these filters: widen the time window or tick more types.",
        "shown": "filtered: {n} entities, {m} relations shown",
        "sources": "Sources",
        "rule": "rule",
        "cluster": "Cluster: double-click to open",
        "generated": "generated",
    },
    "ru": {
        "legend": "Легенда и фильтр",
        "entities": "Сущности",
        "relations": "Связи",
        "time": "Период",
        "from": "с",
        "to": "по",
        "undated": "показывать факты без дат",
        "no_dates": "В этом представлении нет дат.",
        "fit": "Вписать",
        "relax": "Расправить",
        "reset": "Сбросить фильтры",
        "expand": "Раскрыть / свернуть группы",
        "details": "Подробности",
        "click": "Щёлкните узел или связь, чтобы закрепить подробности здесь; наведите курсор для подсказки.",
        "steps": "Как они связаны",
        "notes": "Примечания",
        "empty": "Под фильтры ничего не подходит: расширьте период или отметьте больше типов.",
        "shown": "после фильтра: {n} сущностей, {m} связей",
        "sources": "Источники",
        "rule": "правило",
        "cluster": "Группа: двойной щелчок раскрывает",
        "generated": "создано",
    },
}

LANGS = tuple(_UI)

# Row labels of tooltips (property names), for pages in Russian; English pages show the names as they are.
_FIELDS_RU = {
    "name": "имя",
    "title": "должность",
    "role": "роль",
    "start date": "начало",
    "end date": "окончание",
    "date": "дата",
    "addressee": "адресат",
    "outcome": "итог",
    "confidence": "достоверность",
    "extractor": "кем извлечено",
    "status": "статус",
    "ordinal": "номер",
    "series": "серия",
    "country": "страна",
    "published": "опубликовано",
    "outlet": "издание",
    "about": "описание",
}


def field(name: str, lang: str) -> str:
    return _FIELDS_RU.get(name, name) if lang == "ru" else name


def ui(lang: str) -> dict[str, str]:
    return _UI.get(lang, _UI["en"])
