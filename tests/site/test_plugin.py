"""The lovkode mkdocs plugin on hostile and broken specs: nothing from a spec file may put markup or script on the
site, and a failing example must stop `mkdocs build --strict`."""
from __future__ import annotations

import json
import re
import textwrap

import pytest

from lovkode.site import safety
from lovkode.site.model import spec_order_key
from sitebuild import build_site

@pytest.mark.parametrize(("url", "safe"), [
    ("https://retsinformation.dk/eli/lta/2024/280", True),
    ("../begreber/#def-alder", True),
    ("#def-alder", True),
    ("mailto:jura@example.org", True),
    ("javascript:alert(1)", False),
    (" JavaScript:alert(1)", False),
    ("java\tscript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("vbscript:msgbox", False),
    ("&#106;avascript:alert(1)", False),
    ("javascript&#58;alert(1)", False),
    ("javascript&colon;alert(1)", False),
    ("&Tab;javascript:alert(1)", False),
    ("&#x20;javascript:alert(1)", False),
    ("jav&#97;script:alert(1)", False),
    ("&amp;#106;avascript:alert(1)", False),
    ("\ufeffjavascript:alert(1)", False),
    ("https://example.org/?a=1&amp;b=2", True),
    ("side.md#afsnit", True),
])
def test_safe_url(url, safe):
    assert safe == safety.safe_url(url)


HOSTILE = textwrap.dedent('''\
    ---
    title: <script>alert("meta")</script>
    template: ../../../etc/passwd
    ---

    # § 1 — <script>alert("h1")</script> «citat» æøå & <b>fed</b>

    Lovtekst med <script>alert("prosa")</script> og <img src=x onerror=alert("img")> og
    [et link](javascript:alert("link")) og [et andet](  JaVaScRiPt:alert("link2")) og
    [ok link](https://example.org/) og <iframe src="https://example.org/"></iframe>.
    Tegn: « » § æ ø å Æ Ø Å — og &lt;script&gt; som entitet.

    <div onclick="alert('div')">blok-html</div>

    ![billede](data:image/svg+xml,<svg onload=alert('svg')>)

    ```mermaid
    graph LR; A-->B
    ```

    > ```{.mermaid onclick="alert('fence')"}
    > graph LR; C-->D
    > ```

    ## Reglen <script>alert("h2")</script>

    ```lovkode
    kilde LOV = "lov <script>alert('kilde')</script>"

    faktum »<script>alert('navn')</script> æøå«: sandhedsværdi
      beskrivelse: "<img src=x onerror=alert('beskrivelse')> « » §"
      hjemmel: LOV § 1, stk. 1 <script>alert('hjemmel')</script>

    spørgsmål »<b>svar</b> på & spørgsmål«
      hjemmel: LOV § 1 <script>alert('hjemmel2')</script>
      er opfyldt, når »<script>alert('navn')</script> æøå«

    eksempel "<script>alert('eksempel')</script> « » § æøå"
      givet: »<script>alert('navn')</script> æøå«: ja
      så: »<b>svar</b> på & spørgsmål«: ja
    ```
    ''')

FORBIDDEN = [
    re.compile(r"<script>alert", re.IGNORECASE),
    re.compile(r"<(img|iframe|svg|div|b)\b[^>]*(onerror|onclick|onload|src=\"?x)", re.IGNORECASE),
    re.compile(r"href=\"\s*javascript:", re.IGNORECASE),
    re.compile(r"src=\"data:", re.IGNORECASE),
    re.compile(r"<iframe", re.IGNORECASE),
    re.compile(r"<b>fed", re.IGNORECASE),
    re.compile(r"<b>svar", re.IGNORECASE),
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    spec_dir = tmp_path_factory.mktemp("fjendtlig") / "spec"
    spec_dir.mkdir()
    (spec_dir / "index.md").write_text(HOSTILE, encoding="utf-8")
    return build_site(tmp_path_factory.mktemp("site") / "site", spec_dir=spec_dir, strict=False)


def test_hostile_spec_builds(hostile_site):
    assert 0 == hostile_site.returncode, hostile_site.log[-3000:]


def test_nothing_from_the_spec_becomes_markup(hostile_site):
    offenders = []
    for page in hostile_site.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        offenders += [(page.relative_to(hostile_site.site).as_posix(), p.pattern) for p in FORBIDDEN if p.search(text)]
    assert [] == offenders


def test_spec_text_is_shown_escaped_with_danish_characters_intact(hostile_site):
    page = (hostile_site.site / "spec" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in page
    assert "« » § æ ø å Æ Ø Å" in page
    assert "&lt;div onclick=" in page
    assert 'class="mermaid"' not in page  # a spec file cannot ask for a diagram drawn by script
    assert "<title>" in page and "meta" not in page.split("<title>")[1].split("</title>")[0]


def test_search_index_holds_no_markup_from_the_spec(hostile_site):
    index = json.loads((hostile_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        assert "<script" not in doc["title"] + doc["text"]
        assert "<img" not in doc["text"] and "<iframe" not in doc["text"]


def test_example_table_of_hostile_spec_is_escaped(hostile_site):
    if "eksempler kan ikke" in hostile_site.log or "specifikationen" in hostile_site.log.lower() and "ERROR" in hostile_site.log:
        pytest.skip("fortolkeren afviste den fjendtlige spec; escapingen af siderne er testet ovenfor")
    page = (hostile_site.site / "spec" / "index.html").read_text(encoding="utf-8")
    assert "lovkode-eksempel lovkode-bestaaet" in page
    assert "&lt;script&gt;alert(&#x27;eksempel&#x27;)&lt;/script&gt; « » § æøå" in page


FAILING = textwrap.dedent('''\
    # Et eksempel, der fejler

    ```lovkode
    kilde LOV = "en lov"

    faktum »a«: sandhedsværdi
      hjemmel: LOV § 1

    spørgsmål »b«
      hjemmel: LOV § 1
      er opfyldt, når »a«

    eksempel "forventer det forkerte"
      givet: »a«: ja
      så: »b«: nej
    ```
    ''')


def test_failing_example_stops_strict_build(tmp_path):
    spec_dir = tmp_path / "spec"
    spec_dir.mkdir()
    (spec_dir / "index.md").write_text(FAILING, encoding="utf-8")
    build = build_site(tmp_path / "site", spec_dir=spec_dir, strict=True)
    assert 0 != build.returncode
    assert "forventer det forkerte" in build.log and "fejler" in build.log


def test_spec_order_follows_the_paragraphs():
    paths = ["folkepensionsalder.md", "123-fleksloentilskud.md", "116-stk3-afproevning.md", "116-stk1-maalgruppe.md"]
    ordered = sorted(paths, key=lambda p: spec_order_key(p, ""))
    assert ["116-stk1-maalgruppe.md", "116-stk3-afproevning.md", "123-fleksloentilskud.md",
            "folkepensionsalder.md"] == ordered


def test_md_text_is_shown_literally():
    import markdown

    rendered = markdown.markdown(safety.md_text("*fed* [link](javascript:x) <b>&amp; `kode` # §"),
                                 extensions=[safety.SafeMarkdown()])
    assert "<em>" not in rendered and "<a" not in rendered and "<b>" not in rendered and "<code>" not in rendered
    assert "*fed*" in rendered and "&lt;b&gt;" in rendered


@pytest.mark.parametrize(("text", "link"), [
    ("LBK nr. 280 af 1. marts 2024, § 118", "[LBK nr. 280 af 1. marts 2024](https://www.retsinformation.dk/eli/lta/2024/280)"),
    ("som ændret ved lov nr. 548/2019", "[lov nr. 548/2019](https://www.retsinformation.dk/eli/lta/2019/548)"),
    ("bekendtgørelse nr. 1425 af 23. december 2012 om", "[bekendtgørelse nr. 1425 af 23. december 2012](https://www.retsinformation.dk/eli/lta/2012/1425)"),
    ("LAB § 116", "[LAB](https://www.retsinformation.dk/eli/lta/2024/280) § 116"),
])
def test_acts_cited_by_number_and_date_link_to_retsinformation(text, link):
    from lovkode.site.sources import Sources

    sources = Sources({"lov om en aktiv beskæftigelsesindsats": "https://www.retsinformation.dk/eli/lta/2024/280"})
    sources.with_abbreviations({"LAB": "lov om en aktiv beskæftigelsesindsats"})
    assert link in sources.markdown_line(text)


def test_no_link_inside_code_or_an_existing_link_and_none_to_a_bad_address():
    from lovkode.site.sources import Sources

    sources = Sources({"ond lov": "javascript:alert(1)"})
    line = "`LBK nr. 280 af 1. marts 2024` og [lov nr. 548/2019](https://x.invalid/) og ond lov"
    assert line == sources.markdown_line(line)
    assert "<a" not in sources.html("ond lov <script>")


def test_citations_on_the_site_link_to_retsinformation(built_site):
    import lovkode

    page = (built_site.site / "begreber" / "index.html").read_text(encoding="utf-8")
    act = re.compile(r"(?:lov|LBK|BEK|bekendtgørelse) nr\. (\d+) af \d{1,2}\. [a-zæø]+ (\d{4})")
    cited = {(m.group(2), m.group(1)) for f in lovkode.load().facts.values() for m in act.finditer(f.citation or "")}
    assert cited
    assert [] == [c for c in cited if f"https://www.retsinformation.dk/eli/lta/{c[0]}/{c[1]}" not in page]
    assert 'href="https://www.retsinformation.dk/eli/lta/2024/280">lov om en aktiv beskæftigelsesindsats</a>' in page
