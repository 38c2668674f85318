"""Any spec folder gets the same site with one line: a two-file spec in a temporary folder, an
mkdocs.yml with ``plugins: - lovkode``, and a strict build.

The names are the interpreter's own identifiers (a name with punctuation, »§ 2 stk. 3 opfyldt«, keeps
the id the interpreter gives it), a name used in the second file links to its definition in the first,
and the example is computed. A hook adds a page through the plugin's ``generators`` list, the
extension point for pages made at build time.
"""
from __future__ import annotations

import textwrap
from html.parser import HTMLParser

import pytest

import lovkode
from sitebuild import build_site, write_config

FIRST = textwrap.dedent('''\
    # § 1 — Alder

    Den, der er fyldt 18 år, kan søge.

    ```lovkode
    kilde LOV = "lov om prøver"

    faktum »alder«: tal
      beskrivelse: "personens alder i hele år"
      hjemmel: LOV § 1

    regel »myndig«
      hjemmel: LOV § 1
      er opfyldt, når »alder« ≥ 18
    ```
    ''')

SECOND = textwrap.dedent('''\
    # § 2 — Ansøgning

    > § 2. Den, der er myndig, kan søge.
    > Stk. 3. Ansøgningen skal være skriftlig.

    ```lovkode
    faktum »skriftlig«: sandhedsværdi
      hjemmel: LOV § 2, stk. 3

    spørgsmål »§ 2 stk. 3 opfyldt«
      hjemmel: LOV § 2, stk. 3
      er opfyldt, når »myndig« og »skriftlig«

    eksempel "en voksen, der skriver"
      givet: »alder«: 40; »skriftlig«: ja
      så: »§ 2 stk. 3 opfyldt«: ja
    ```
    ''')

HOOK = textwrap.dedent('''\
    from lovkode.site.generated import PageGenerator


    def _render(model, src_uri, url):
        return "# Ekstra\\n\\nSpecifikationen har %d fakta.\\n" % len(model.spec.facts)


    def on_config(config):
        config.plugins["lovkode"].generators.append(PageGenerator("ekstra.md", "Ekstra", _render))
    ''')


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def _parse(path) -> _Ids:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def folder_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("mappe")
    spec = root / "regler"
    spec.mkdir()
    (spec / "1-alder.md").write_text(FIRST, encoding="utf-8")
    (spec / "2-ansoegning.md").write_text(SECOND, encoding="utf-8")
    (root / "hook.py").write_text(HOOK, encoding="utf-8")
    config = write_config(root, spec="regler", extra="hooks:\n  - hook.py\n")
    build = build_site(root / "site", config=config, strict=True)
    assert 0 == build.returncode, build.log[-3000:]
    return build, lovkode.load(spec)


def test_every_file_has_a_page_and_an_index(folder_site):
    build, _ = folder_site
    for page in ("spec/index.html", "spec/1-alder/index.html", "spec/2-ansoegning/index.html",
                 "begreber/index.html", "spoergsmaal/index.html", "eksempler/index.html", "aendringer/index.html"):
        assert (build.site / page).is_file(), page


def test_anchors_are_the_interpreters_identifiers(folder_site):
    build, spec = folder_site
    ids = _parse(build.site / "spec" / "1-alder" / "index.html").ids | \
        _parse(build.site / "spec" / "2-ansoegning" / "index.html").ids
    wanted = {f"def-{ident}" for ident in [*spec.facts, *spec.rules]}
    assert wanted <= ids, wanted - ids


def test_a_use_links_to_its_definition_on_the_other_page(folder_site):
    build, _ = folder_site
    hrefs = _parse(build.site / "spec" / "2-ansoegning" / "index.html").hrefs
    assert "../1-alder/#def-myndig" in hrefs


def test_the_example_is_computed(folder_site):
    build, _ = folder_site
    page = (build.site / "spec" / "2-ansoegning" / "index.html").read_text(encoding="utf-8")
    assert 1 == page.count('class="lovkode-eksempel lovkode-bestaaet"')


def test_a_hook_adds_a_generated_page(folder_site):
    build, _ = folder_site
    page = (build.site / "ekstra" / "index.html").read_text(encoding="utf-8")
    assert "Specifikationen har 2 fakta." in page


def test_no_made_up_address(folder_site):
    build, _ = folder_site
    assert 'rel="canonical"' not in (build.site / "spec" / "1-alder" / "index.html").read_text(encoding="utf-8")
    assert "<loc>" not in (build.site / "sitemap.xml").read_text(encoding="utf-8")
