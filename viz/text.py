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
        "counts": "{n} entities, {m} relations",
        "t_ego": "{name} · depth {d}",
        "t_event": "{name} · event",
        "t_project": "{name} · project",
        "t_overview": "Amur graph · overview",
        "paths_found": "{k} shortest path(s) of {h} hop(s)",
        "no_path": "no path within {h} hops",
        "no_path_note": "No chain of relations of at most {h} hops links these two entities.",
        "clustered": "clustered by {c}",
        "truncated": "Stopped at {n} entities: narrow the types or the depth to see everything.",
        "labels_note": "Names are drawn for the {n} best-connected entities; hover for the rest.",
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
        "counts": "сущностей: {n}, связей: {m}",
        "t_ego": "{name} · окружение, глубина {d}",
        "t_event": "{name} · событие",
        "t_project": "{name} · проект",
        "t_overview": "Граф «Амур» · обзор",
        "paths_found": "кратчайших путей: {k}, шагов в каждом: {h}",
        "no_path": "нет пути не длиннее {h} шагов",
        "no_path_note": "Никакая цепочка связей не длиннее {h} шагов не соединяет эти две сущности.",
        "clustered": "группы: {c}",
        "truncated": "Показаны первые {n} сущностей: сузьте типы связей или глубину, чтобы увидеть всё.",
        "labels_note": "Подписаны {n} самых связанных сущностей; остальные видны при наведении.",
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
