"""`mkdocs build --strict` of the real site: it succeeds, the key pages exist, every example of the
spec is shown with a computed pass mark, and no page carries an unreplaced placeholder."""
from __future__ import annotations

import re

import lovkode

KEY_PAGES = [
    "index.html",
    "spec/index.html",
    "begreber/index.html",
    "spoergsmaal/index.html",
    "eksempler/index.html",
    "aendringer/index.html",
    "guide/jurister/index.html",
    "guide/udviklere/index.html",
    "guide/laesere/index.html",
    "architecture/index.html",
    "sprog/index.html",
    "search/search_index.json",
]


def test_strict_build_succeeds(built_site):
    assert 0 == built_site.returncode, built_site.log[-4000:]


def test_key_pages_exist(built_site):
    missing = [page for page in KEY_PAGES if not (built_site.site / page).is_file()]
    assert [] == missing


def test_every_spec_file_has_a_page(built_site):
    spec_dir = lovkode.spec_dir() if (lovkode.spec_dir() / "index.md").exists() else None
    root = built_site.site / "spec"
    files = sorted((spec_dir or (built_site.site.parent / "none")).glob("*.md"))
    assert files, f"ingen spec-filer fundet i {spec_dir}; testen ville ellers intet prøve"
    for path in files:
        page = root / ("index.html" if path.stem == "index" else f"{path.stem}/index.html")
        assert page.is_file(), path.name


def test_every_example_is_computed_and_passes(built_site):
    spec = lovkode.load()
    pages = "".join(p.read_text(encoding="utf-8") for p in (built_site.site / "spec").rglob("*.html"))
    shown = pages.count('class="lovkode-eksempel lovkode-bestaaet"')
    assert len(spec.examples) == shown
    assert 0 == pages.count("lovkode-fejlet")


def test_definitions_are_anchored_and_linked(built_site):
    spec = lovkode.load()
    pages = "".join(p.read_text(encoding="utf-8") for p in (built_site.site / "spec").rglob("*.html"))
    anchors = set(re.findall(r'id="def-([^"]+)"', pages))
    assert set(spec.facts) <= anchors
    assert set(spec.questions) <= anchors
    assert 'class="lovkode-navn"' in pages


def test_no_placeholder_left(built_site):
    placeholder = re.compile(r"LOVKODE[0-9a-f]{24}X\d+X")
    for page in built_site.site.rglob("*.html"):
        assert placeholder.search(page.read_text(encoding="utf-8")) is None, page


def test_questions_page_has_a_diagram_per_question(built_site):
    text = (built_site.site / "spoergsmaal" / "index.html").read_text(encoding="utf-8")
    assert len(lovkode.load().questions) == text.count('<pre class="mermaid">')


def test_danish_search(built_site):
    index = (built_site.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"lang":["da"]' in index.replace(" ", "")
