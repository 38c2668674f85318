"""The built site in a real browser (headless Chromium via Playwright): open a § 116 page, follow a
name in a rule to its definition, find the rule with the Danish search, and check that what is drawn
is not a blank page.

The site is served by Python's http.server on 127.0.0.1 from a thread. Skipped, with the reason,
only when Chromium (/usr/bin/chromium) or the playwright package is missing; CI installs both
(`apt-get install -y chromium`, `pip install playwright`; `playwright install` is not used, it
downloads a browser of its own).
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} findes ikke (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pakken playwright er ikke installeret (pip install playwright)")


@pytest.fixture(scope="module")
def page(server):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
        yield context.new_page()
        browser.close()


def _paragraph_116_page(built_site) -> str:
    pages = sorted(p.parent.name for p in (built_site.site / "spec").glob("116*/index.html"))
    assert pages, "ingen side for § 116"
    return f"spec/{pages[0]}/"


def test_follow_a_name_to_its_definition(page, server, built_site):
    page.goto(server + _paragraph_116_page(built_site))
    assert "§ 116" in page.locator("h1").first.inner_text()
    # A name in a rule that is defined on another page (Material's instant navigation may have made
    # the hrefs absolute, so compare paths rather than look for "../").
    index = page.evaluate("""() => [...document.querySelectorAll('a.lovkode-navn')]
                                      .findIndex(a => a.pathname !== location.pathname)""")
    assert index >= 0, "ingen henvisning til en definition på en anden side"
    link = page.locator("a.lovkode-navn").nth(index)
    anchor = link.evaluate("a => a.hash.slice(1)")
    link.click()
    page.wait_for_url(f"**/*#{anchor}")
    target = page.locator(f'[id="{_unquote(anchor)}"]')
    assert 1 == target.count()
    target.wait_for(state="visible")
    assert target.evaluate("e => e.getBoundingClientRect().top < window.innerHeight")


def _unquote(text: str) -> str:
    from urllib.parse import unquote

    return unquote(text)


def test_search_finds_the_rule(page, server):
    page.goto(server)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    field = page.locator("input.md-search__input")
    field.fill("åbenbart formålsløst")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("spec/116" in h for h in hrefs), hrefs
    page.locator('.md-search-result__item a[href*="spec/116"]').first.click()
    page.wait_for_load_state()
    assert page.locator('[id="def-afprøvning_åbenbart_formålsløs"], [id="def-krav_om_afprøvning_opfyldt"]').count()


def test_screenshot_is_not_blank(page, server, built_site, tmp_path):
    page.goto(server + _paragraph_116_page(built_site))
    shot = tmp_path / "side-116.png"
    page.screenshot(path=str(shot), full_page=False)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG")
    try:
        from PIL import Image
    except ImportError:  # no Pillow: a blank PNG compresses to almost nothing and has few distinct bytes
        assert len(data) > 20_000 and len(set(data)) > 200
        return
    image = Image.open(io.BytesIO(data)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50, "skærmbilledet er (næsten) ensfarvet"


def test_diagrams_are_drawn_with_a_local_mermaid(page, server, built_site):
    if not (built_site.site / "javascripts" / "mermaid.min.js").is_file():
        pytest.skip("ingen lokal mermaid.min.js (LOVKODE_MERMAID_JS eller node_modules/mermaid); "
                    "diagrammerne tegnes så først i læserens browser fra unpkg")
    page.goto(server + "spoergsmaal/")
    # Material draws each diagram into a closed shadow root of a div.mermaid, replacing the
    # pre.mermaid that holds its text; so look at the replacement and its size, not for an svg.
    page.wait_for_function("document.querySelectorAll('pre.mermaid').length === 0", timeout=30000)
    assert page.locator("div.mermaid").first.bounding_box()["height"] > 100


def test_the_computed_column_is_on_screen_on_a_phone(page, server, built_site):
    """Every example table fits a 375 px wide screen: the »Beregnet« column is not cut off."""
    phone = page.context.browser.new_page(viewport={"width": 375, "height": 800}, locale="da-DK")
    off, seen = [], 0
    for html in sorted((built_site.site / "spec").glob("*/index.html")):
        path = html.relative_to(built_site.site).as_posix().removesuffix("index.html")
        phone.goto(server + path, wait_until="domcontentloaded", timeout=120000)
        edges = phone.evaluate("""() => [...document.querySelectorAll('.lovkode-eksempel thead th:last-child')]
                                      .map(th => th.getBoundingClientRect().right)""")
        off += [f"{path}: {edge:.0f} px" for edge in edges if edge > 375.5]
        seen += len(edges)
    phone.close()
    assert seen > 0
    assert [] == off


def test_search_for_a_phrase_of_the_law_ranks_its_paragraph_first(page, server):
    """»varig og væsentlig« is § 116, stk. 1 — not §§ 120–121 because a stemmer matched »varighed«."""
    page.goto(server)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").fill("varig og væsentlig")
    results = page.locator(".md-search-result__item > a")
    results.first.wait_for(timeout=60000)
    page.wait_for_timeout(1000)  # the result list is filled in as the worker answers
    assert "spec/116-stk1" in results.first.get_attribute("href")
