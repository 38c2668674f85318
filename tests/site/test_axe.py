"""Accessibility: axe-core on every page of the built site, in the light and the dark palette, in
Debian's Chromium through Playwright. Target: no serious or critical violation.

axe-core comes from the npm registry (.ci/run unpacks it and sets LOVKODE_AXE_JS, as for Mermaid;
node_modules/axe-core/axe.min.js in the checkout works too). Skipped, with the reason, without it,
without Chromium or without the playwright package.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitebuild import ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]


def _axe() -> Path | None:
    named = os.environ.get("LOVKODE_AXE_JS")
    candidate = Path(named) if named else ROOT / "node_modules" / "axe-core" / "axe.min.js"
    return candidate if candidate.is_file() else None


AXE = _axe()
if AXE is None:
    pytest.skip("axe-core findes ikke (LOVKODE_AXE_JS eller node_modules/axe-core; .ci/run henter den fra npm)",
                allow_module_level=True)
if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} findes ikke (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pakken playwright er ikke installeret (pip install playwright)")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix().removesuffix("index.html")
                  for p in site.rglob("index.html"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_violation(browser, server, built_site, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK", color_scheme=scheme)
    # Only the site itself: every other address is blocked, so nothing is fetched from a CDN.
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server)
                  else route.abort())
    page = context.new_page()
    found = []
    for path in _pages(built_site.site):
        page.goto(server + path, wait_until="domcontentloaded", timeout=120000)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                          first: v.nodes[0].target.join(' ')}));
        }""")
        found += [f"{path or '/'} [{scheme}]: {v['id']} ({v['impact']}, {v['nodes']}×, fx {v['first']})"
                  for v in violations]
    context.close()
    assert [] == found
