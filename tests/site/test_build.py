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


def test_internal_material_is_not_published(built_site):
    """spec/data/ (example cases and their description for developers) is read by the compiler but is
    no page of the site and not in its navigation."""
    assert not (built_site.site / "spec" / "data").exists()
    assert "spec/data" not in (built_site.site / "index.html").read_text(encoding="utf-8")


def test_the_word_kontrakt_is_explained_where_a_reader_meets_it(built_site):
    from html.parser import HTMLParser

    class Words(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack: list[str] = []
            self.bare: list[str] = []
            self.explained = 0

        def handle_starttag(self, tag, attrs):
            if tag not in {"br", "img", "hr", "meta", "link", "input"}:
                self.stack.append(tag)

        def handle_endtag(self, tag):
            while self.stack and self.stack.pop() != tag:
                pass

        def handle_data(self, data):
            words = re.findall(r"\b[Kk]ontrakt\w*", data)
            if not words or {"code", "pre", "script", "title", "label", "nav"} & set(self.stack):
                return
            if "abbr" in self.stack:
                self.explained += len(words)
            else:
                self.bare += words

    bare, explained = [], 0
    for page in sorted((built_site.site / "spec").rglob("index.html")):
        parser = Words()
        parser.feed(page.read_text(encoding="utf-8"))
        bare += [f"{page.parent.name}: {w}" for w in parser.bare]
        explained += parser.explained
    assert explained > 0
    assert [] == bare


def test_mermaid_is_loaded_only_on_pages_with_diagrams(built_site):
    if not (built_site.site / "javascripts" / "mermaid.min.js").is_file():
        import pytest

        pytest.skip("ingen lokal mermaid.min.js (LOVKODE_MERMAID_JS); Material henter den så kun på sider med diagrammer")
    with_diagram, wrong = 0, []
    for page in built_site.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        draws = '<pre class="mermaid">' in text
        loads = re.search(r'<script src="[^"]*javascripts/mermaid\.min\.js">', text) is not None
        with_diagram += draws
        if draws != loads:
            wrong.append(page.relative_to(built_site.site).as_posix())
    assert with_diagram >= 2
    assert [] == wrong


def test_no_empty_table_header_cell(built_site):
    from html.parser import HTMLParser

    class Headers(HTMLParser):
        def __init__(self):
            super().__init__()
            self.cells: list[str] = []
            self._open = False

        def handle_starttag(self, tag, attrs):
            if tag == "th":
                self._open = True
                self.cells.append("")

        def handle_endtag(self, tag):
            if tag == "th":
                self._open = False

        def handle_data(self, data):
            if self._open:
                self.cells[-1] += data

    empty, seen = [], 0
    for page in built_site.site.rglob("*.html"):
        parser = Headers()
        parser.feed(page.read_text(encoding="utf-8"))
        seen += len(parser.cells)
        empty += [page.relative_to(built_site.site).as_posix() for cell in parser.cells if not cell.strip()]
    assert seen > 0
    assert [] == empty


def test_regulated_amounts_are_shown_year_by_year_with_the_source_of_each_percentage(built_site):
    """Issue: the site shows each regulated amount as a table per year, from the interpreter's own chain."""
    import re

    page = (built_site.site / "aendringer" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "knækpunkt efter beregningsmåned år for år" in text
    assert re.search(r"2025 16\.911 kr\. 3,6 % \(1,7 % \+ tilpasningsprocent 1,9 % for 2025, BEK nr\. 983 af "
                     r"20\. august 2024 § 2\)", text)
    assert re.search(r"2026 17\.672 kr\.", text)
    assert re.search(r"2015 ukendt", text)


def test_examples_show_their_begrundelse(built_site):
    """The same begrundelse everywhere: each example on the law pages carries the text `lovkode eval` gives."""
    import html
    import re

    page = (built_site.site / "spec" / "123-fleksloentilskud" / "index.html").read_text(encoding="utf-8")
    texts = [html.unescape(t) for t in re.findall(r'<pre class="lovkode-begrundelse-tekst">(.*?)</pre>', page, re.S)]
    assert texts
    spec = lovkode.load()
    answer = spec.evaluate({"beregningsmåned": "2026-01-01"}, ["knækpunkt"])["knækpunkt"]
    assert answer.begrundelse() in texts
