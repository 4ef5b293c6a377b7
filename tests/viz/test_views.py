"""The views on the real embedded store: content, filters, escaping, offline pages, SVG."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from graph.embedded import EmbeddedStore
from graph.store import NotFound
from viz import views
from viz.html import script_json
from viz.model import View
from viz.styles import edge_style, node_style

from .conftest import XSS_NAME, XSS_ROLE, XSS_SCRIPT

ABRAMOV = "person:sergey-abramov"


def payload(page: str) -> dict[str, Any]:
    match = re.search(r'<script id="amur-data" type="application/json">(.*?)</script>', page, re.S)
    assert match
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def assert_offline(page: str) -> None:
    """No attribute or stylesheet points anywhere: the page needs nothing but itself."""
    assert not re.search(r"""\s(src|href)\s*=\s*["']?(?!data:|#)""", page)
    assert not re.search(r"""url\(\s*["']?(?!data:|#)""", page)
    assert not re.search(r"@import", page)
    assert "Content-Security-Policy" in page
    assert "default-src 'none'" in html.unescape(page)


def test_ego_view_has_entity_legend_and_is_self_contained(seeded: EmbeddedStore) -> None:
    page = views.ego_view(seeded, ABRAMOV, depth=2)
    assert_offline(page)
    data = payload(page)
    ids = {n["id"] for n in data["nodes"]}
    assert ABRAMOV in ids
    assert "organization:khabarovsk-krai-government" in ids
    assert 'id="legend"' in page
    assert node_style("Person").label("en") in page
    assert data["view"]["focus"] == [ABRAMOV]
    # Colours and shapes come from the ontology, via the styles module.
    person = next(n for n in data["nodes"] if n["id"] == ABRAMOV)
    assert person["shape"] == node_style("Person", "official").shape
    assert person["color"]["background"] == node_style("Person", "official").color


def test_ego_depth_and_type_filter(seeded: EmbeddedStore) -> None:
    near = views.build_ego(seeded, ABRAMOV, depth=1)
    far = views.build_ego(seeded, ABRAMOV, depth=3)
    assert len(near.nodes) < len(far.nodes)
    only = views.build_ego(seeded, ABRAMOV, depth=2, types=["HOLDS_POSITION"])
    assert {e.type for e in only.edges} == {"HOLDS_POSITION"}
    with pytest.raises(views.ViewError):
        views.build_ego(seeded, ABRAMOV, depth=4)
    with pytest.raises(views.ViewError):
        views.build_ego(seeded, ABRAMOV, types=["NOT_A_RELATION"])
    with pytest.raises(NotFound):
        views.build_ego(seeded, "person:nobody")


def test_time_filtered_export_drops_dated_facts_outside_the_window(seeded: EmbeddedStore) -> None:
    everything = views.build_ego(seeded, ABRAMOV, depth=2)
    dated = [e for e in everything.edges if e.t0]
    assert dated, "the sample data has dated relations"
    later = views.build_ego(seeded, ABRAMOV, depth=2, since="2030")
    assert all(e.t0 is None for e in later.edges)
    assert any(n.id == ABRAMOV for n in later.nodes), "the focus never disappears"
    with pytest.raises(views.ViewError):
        views.build_ego(seeded, ABRAMOV, since="May 2026")


def test_path_view_labels_every_hop_with_relation_and_evidence(seeded: EmbeddedStore) -> None:
    view = views.build_path(seeded, ABRAMOV, "person:li-hongzhong")
    assert view.paths and all(len(p) == 3 for p in view.paths)
    for edge in view.edges:
        assert edge.label.startswith(edge_style(edge.type).label("en"))
        assert edge.info["sources"], f"{edge.id} has no source in its tooltip"
    for step in (s for p in view.paths for s in p):
        assert step.relation and step.sources
    page = views.render(view)
    assert "How they connect" in page
    assert_offline(page)


def test_path_view_without_path_says_so(seeded: EmbeddedStore) -> None:
    view = views.build_path(seeded, ABRAMOV, "person:yuri-trutnev", max_hops=2)
    assert view.paths == []
    assert "no path" in view.subtitle
    assert len(view.nodes) == 2


def test_event_view_shows_sessions_organizers_participants_and_venue(seeded: EmbeddedStore) -> None:
    view = views.build_event(seeded, "event:amurexpo-2026")
    types = {e.type for e in view.edges}
    assert {"ORGANIZED", "HELD_IN", "PART_OF", "EDITION_OF"} <= types
    ids = {n.id for n in view.nodes}
    assert "organization:roscongress-foundation" in ids
    assert "event:amurexpo-2026-plenary" in ids
    assert "territory:heihe" in ids
    sme = views.build_event(seeded, "event:russian-chinese-sme-forum-2025")
    assert any(e.type == "PARTICIPATED_IN" for e in sme.edges)
    assert any(e.type == "HOLDS_POSITION" for e in sme.edges), "participants come with their posts"
    with pytest.raises(views.ViewError):
        views.build_event(seeded, ABRAMOV)


def test_project_view_shows_actors_and_territory(seeded: EmbeddedStore) -> None:
    view = views.build_project(seeded, "project:blagoveshchensk-business-cooperation-centre")
    ids = {n.id for n in view.nodes}
    assert "person:vladimir-putin" in ids
    assert "territory:blagoveshchensk" in ids
    assert {"INVOLVED_IN", "LOCATED_IN"} <= {e.type for e in view.edges}


@pytest.mark.parametrize("cluster", [None, "type", "territory"])
def test_overview_covers_the_graph(seeded: EmbeddedStore, cluster: views.Cluster | None) -> None:
    view = views.build_overview(seeded, cluster=cluster)
    counts = seeded.counts()
    assert len(view.nodes) == counts.total_nodes - counts.nodes["Article"]
    assert view.relax == (cluster is None), "collapsed clusters stay where the layout puts them"
    sizes = {n.id: n.size for n in view.nodes}
    hub = max(view.nodes, key=lambda n: n.degree)
    assert sizes[hub.id] == max(sizes.values()), "degree drives size"
    if cluster:
        assert view.clusters and all(n.cluster in view.clusters for n in view.nodes)
    positions = {(round(n.x), round(n.y)) for n in view.nodes}
    assert len(positions) == len(view.nodes), "no two nodes on the same spot"


def _all_text(view: View) -> str:
    return json.dumps([n.info for n in view.nodes] + [e.info for e in view.edges], ensure_ascii=False)


def test_hostile_text_is_kept_as_text_and_never_markup(hostile: EmbeddedStore) -> None:
    view = views.build_ego(hostile, "person:evil", depth=2)
    text = _all_text(view)
    assert XSS_NAME in text and XSS_SCRIPT in text and XSS_ROLE in text, "the words are shown, not dropped"
    page = views.render(view)
    assert "<img" not in page
    assert "<svg onload" not in page
    # Only the page's own three script elements end: the data block, vis-network, the page script.
    assert page.lower().count("</script") == 3
    data = re.search(r'<script id="amur-data" type="application/json">(.*?)</script>', page, re.S)
    assert data and "<" not in data.group(1)
    assert payload(page)["nodes"]
    picture = views.render(view, "svg")
    root = ET.fromstring(picture)  # well-formed: every string was escaped
    assert not [el for el in root.iter() if el.tag.split("}")[-1] in ("script", "img", "foreignObject")]
    assert XSS_NAME in "".join(root.itertext())


def test_script_json_cannot_close_its_element() -> None:
    text = script_json({"a": "</script><!-- \u2028 &"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- \u2028 &"}


def test_svg_is_the_same_layout_with_a_legend(seeded: EmbeddedStore) -> None:
    view = views.build_event(seeded, "event:amurexpo-2026")
    root = ET.fromstring(views.render(view, "svg"))
    words = " ".join(root.itertext())
    assert node_style("Event").label("en") in words
    assert edge_style("ORGANIZED").label("en") in words
    again = views.build_event(seeded, "event:amurexpo-2026")
    assert {n.id: (n.x, n.y) for n in again.nodes} == {n.id: (n.x, n.y) for n in view.nodes}, "deterministic"


def test_russian_labels(seeded: EmbeddedStore) -> None:
    page = views.ego_view(seeded, ABRAMOV, lang="ru")
    assert "Легенда" in page
    assert node_style("Person").label("ru") in page


def test_overview_refuses_unknown_relation_types(seeded: EmbeddedStore) -> None:
    with pytest.raises(views.ViewError, match="unknown relation types"):
        views.build_overview(seeded, types=["NOT_A_RELATION"])
    only = views.build_overview(seeded, types=["LOCATED_IN"])
    assert {e.type for e in only.edges} == {"LOCATED_IN"}
