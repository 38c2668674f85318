""""Prøv en sag" in a real browser: the built site served on 127.0.0.1, every other address blocked, the
interpreter loaded with Pyodide from the site itself, and every example case in ../shared/sager/ answered
one fact at a time through the form, each step compared with what the Python API (and so `lovkode
eval`) says.

Skipped, with the reason, when Chromium or playwright is missing, or when the site was built without
the Pyodide files (`python -m lovkode.site.proev.assets`; .ci/run fetches them). One page load for most
of the module, so Pyodide starts once; the tests of the worker's start open windows of their own.
"""
from __future__ import annotations

import functools
import http.server
import json
import socketserver
import threading
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sitebuild import ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]
SAGER = ROOT.parent / "shared" / "sager"
LOADED = 300_000
"""Milliseconds allowed for Pyodide's start: about 5 s on a laptop, far more on a loaded 2-core CI."""

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} findes ikke (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pakken playwright er ikke installeret (pip install playwright)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    assert 0 == built_site.returncode, built_site.log[-3000:]
    if not (built_site.site / "proev" / "pyodide" / "pyodide.mjs").is_file():
        pytest.skip("siden er bygget uden Pyodide (python -m lovkode.site.proev.assets; se README)")
    return built_site.site


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def blocked() -> list[str]:
    """Every request the page tried to send anywhere but 127.0.0.1."""
    return []


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def _offline_context(browser, blocked: list[str], **options):
    """A browser context that may reach 127.0.0.1 and local files, and nothing else."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK", **options)

    def only_here(route):
        url = urlsplit(route.request.url)
        if url.scheme == "file" or url.hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_here)
    return context


@pytest.fixture(scope="module")
def browser_context(browser, server, blocked):
    context = _offline_context(browser, blocked)
    yield context
    context.close()


@pytest.fixture(scope="module")
def page(browser_context, server):
    """"Prøv en sag", loaded once, with the interpreter ready."""
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(server + "proev/")
    page.wait_for_function("document.body && ['klar', 'fejl', 'utilgængelig'].includes(document.body.dataset.lovkode)",
                           timeout=LOADED)
    assert "klar" == page.evaluate("document.body.dataset.lovkode"), page.locator("#lovkode-proev").inner_text()
    assert not errors, errors
    return page


@pytest.fixture(scope="module")
def spec():
    import lovkode

    return lovkode.load(ROOT / "spec")


def _cases() -> list[Path]:
    return sorted(SAGER.glob("*.json")) if SAGER.is_dir() else []


# -- driving the form --------------------------------------------------------------------------------

_STATE = """() => ({
  count: Number(document.body.dataset.lovkodeSvar || 0),
  state: document.body.dataset.lovkode,
  svar: document.querySelector('[data-svar]') && document.querySelector('[data-svar]').dataset.svar,
  next: [...document.querySelectorAll('.lovkode-proev-naeste li')].map(li => li.dataset.faktum),
  errors: document.querySelector('.lovkode-proev-fejl').innerText,
})"""


_SETTLED = """async (before) => {
  // The answer comes from the worker a little later: wait until the latest change has been answered.
  const body = document.body;
  while (body.dataset.lovkodeRegner || (Number(body.dataset.lovkodeSvar || 0) <= before
                                        && body.dataset.lovkode !== 'fejl')) {
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}"""


def _state(page) -> dict:
    return page.evaluate(_STATE)


def _settled(page, before: int) -> dict:
    """The page's state once the latest change has its answer (``before``: the answers shown before it)."""
    page.evaluate(_SETTLED, before)
    return _state(page)


def _choose(page, question: str) -> dict:
    """Choose ``question`` and clear the case; the page's state after."""
    before = _state(page)["count"]
    page.select_option("#lovkode-proev-spoergsmaal", question)
    page.get_by_role("button", name="Ryd sagen", exact=True).click()
    state = _settled(page, before)
    assert state["count"] > before
    return state


_IN_PAGE = """async ([fact, value, before]) => {
  const box = [...document.querySelectorAll('.lovkode-proev-faktum')].find(b => b.dataset.faktum === fact);
  if (typeof value === 'boolean') {
    box.querySelector(`input[type=radio][value="${value}"]`).click();
  } else {
    const control = box.querySelector('select, input');
    control.value = String(value);
    control.dispatchEvent(new Event(control.tagName === 'SELECT' ? 'change' : 'input', {bubbles: true}));
  }
  await (%s)(before);
  return (%s)();
}""" % (_SETTLED, _STATE)


def _answer(page, fact: str, value, before: int | None = None, *, by_hand: bool = True) -> dict:
    """Give one fact through its control and return the page's state after (``before``: the number of
    answers shown so far, when the caller knows it). ``by_hand``: with Playwright's clicks and typing,
    as a reader would; else with the same events sent from inside the page, in one round trip."""
    if before is None:
        before = _state(page)["count"]
    if by_hand:
        box = page.locator(f'.lovkode-proev-faktum[data-faktum="{fact}"]')
        if isinstance(value, bool):
            box.locator(f'input[type=radio][value="{"true" if value else "false"}"]').check()
        elif box.locator("select").count():
            box.locator("select").select_option(str(value))
        else:
            box.locator("input").fill(str(value))
        state = _settled(page, before)
    else:
        state = page.evaluate(_IN_PAGE, [fact, value, before])
    assert state["count"] > before, f"intet nyt svar efter »{fact}«"
    assert "klar" == state["state"], state
    return state


def _contract_value(text: str | None):
    if text is None:
        return "(intet data-svar)"
    try:
        value = json.loads(text)
    except ValueError:
        return text  # a date or a choice, written plainly
    return Decimal(str(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _expected(spec, facts: dict, question: str) -> tuple:
    from lovkode.render.json_output import results_json

    entry = results_json(spec.evaluate(facts, questions=[question]), explanations=False)["results"][question]
    value = entry["value"]
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        value = Decimal(str(value))
    return value, entry["missing"]


# -- the tests ---------------------------------------------------------------------------------------

def test_without_javascript_the_page_points_to_the_command_line(browser, built_site):
    context = _offline_context(browser, [], java_script_enabled=False)
    page = context.new_page()
    page.goto((built_site.site / "proev" / "index.html").as_uri())
    text = page.locator("#lovkode-proev").inner_text()
    context.close()
    assert "kræver JavaScript og WebAssembly" in text and "lovkode eval" in text


def test_opened_as_a_file_the_page_says_how_to_serve_it(browser, built_site):
    if not (built_site.site / "proev" / "pyodide" / "pyodide.mjs").is_file():
        pytest.skip("siden er bygget uden Pyodide; så siger den det i stedet")
    context = _offline_context(browser, [])
    page = context.new_page()
    page.goto((built_site.site / "proev" / "index.html").as_uri())
    page.wait_for_function("document.body && document.body.dataset.lovkode === 'utilgængelig'", timeout=30_000)
    text = page.locator("#lovkode-proev").inner_text()
    context.close()
    assert "python3 -m http.server" in text and "lovkode eval" in text


def test_the_interpreter_runs_offline_from_the_site(page, blocked):
    assert page.locator("[data-svar]").count() == 1
    assert int(page.evaluate("document.body.dataset.lovkodeStart")) > 0
    assert not blocked, f"siden prøvede at hente udefra: {blocked[:5]}"


@pytest.mark.skipif(not _cases(), reason="../shared/sager findes ikke")
def test_every_case_fact_by_fact_as_lovkode_eval(page, spec, blocked):
    """The first case by hand; the rest through the same events sent from inside the page (a round trip
    per fact instead of Playwright's many)."""
    from lovkode import structure

    for number, path in enumerate(_cases()):
        case = json.loads(path.read_text(encoding="utf-8"))
        for question in case["forventet"]:
            order = structure.facts_in_order(spec, question)
            state = _choose(page, question)
            given: dict = {}
            for fact, value in case["fakta"].items():
                if fact not in order:  # the question cannot reach it, so the form does not ask for it
                    continue
                given[fact] = value
                state = _answer(page, fact, value, state["count"], by_hand=number == 0)
                where = f"{path.name}, »{question}«, efter {len(given)} fakta (senest {fact})"
                value_expected, missing = _expected(spec, given, question)
                assert value_expected == _contract_value(state["svar"]), where
                assert sorted(state["next"]) == missing, where
                assert state["next"] == [f for f in order if f in missing], f"{where}: ikke i reglernes rækkefølge"
            # The facts the form did not ask for cannot change the answer: the whole case gives the same.
            assert (_contract_value(state["svar"]), sorted(state["next"])) == \
                _expected(spec, case["fakta"], question), path.name
    assert not blocked


def test_the_next_facts_shrink_to_nothing(page, spec):
    """Answer whatever the page lists first, until it lists nothing: then nothing can change the answer."""
    case = SAGER / "fuldt-oplyst-bevilling.json"
    values = json.loads(case.read_text(encoding="utf-8"))["fakta"] if case.is_file() else {}
    state = _choose(page, "ret_til_fleksjob")
    answered: dict = {}
    while state["next"]:
        fact = state["next"][0]
        assert fact not in answered, f"»{fact}« står stadig først efter at være besvaret"
        answered[fact] = values.get(fact, _some_value(spec, fact))
        state = _answer(page, fact, answered[fact], state["count"])
    assert answered, "intet blev spurgt om"
    assert _expected(spec, answered, "ret_til_fleksjob") == (_contract_value(state["svar"]), [])


def _some_value(spec, fact: str):
    from lovkode import structure

    kind = structure.fact_types(spec)[fact]
    return {"sandhedsværdi": True, "dato": "2024-06-01", "valg": (kind.choices or ("",))[0]}.get(kind.kind, 10)


def test_a_shared_link_opens_the_same_case(browser_context, server, page, spec):
    """The case travels after "#" only, and a new tab opened on the link shows the same answer."""
    _choose(page, "målgruppe_for_fleksjob")
    _answer(page, "kan_arbejde_på_ordinære_vilkår", True)
    link = page.url
    assert not urlsplit(link).query, "the case must not travel in the part a server sees"
    shared = parse_qs(urlsplit(link).fragment)
    assert {"kan_arbejde_på_ordinære_vilkår": True} == json.loads(shared["sag"][0])
    other = browser_context.new_page()
    other.goto(link)
    other.wait_for_function("document.body && document.body.dataset.lovkode === 'klar'", timeout=LOADED)
    assert "false" == other.locator("[data-svar]").get_attribute("data-svar")
    assert "målgruppe_for_fleksjob" == other.locator("#lovkode-proev-spoergsmaal").input_value()
    other.close()


def test_the_button_on_a_question_opens_it(page, server):
    """Through the site's own (instant) navigation: the interpreter already loaded is used again."""
    page.locator('.md-nav a[href$="spoergsmaal/"]').first.click()
    page.wait_for_url("**/spoergsmaal/")
    button = page.locator('a.md-button[href*="proev/"]').nth(1)
    target = button.get_attribute("href")
    page.evaluate("delete document.body.dataset.lovkode")  # the body outlives an instant navigation
    button.click()
    page.wait_for_function("document.body && document.body.dataset.lovkode === 'klar'"
                           " && location.pathname.endsWith('/proev/')", timeout=LOADED)
    chosen = page.locator("#lovkode-proev-spoergsmaal").input_value()
    assert [chosen] == parse_qs(target.split("#", 1)[1])["spørgsmål"]


def test_a_case_loaded_as_json_is_answered(page, server, spec):
    _choose(page, "ret_til_fleksjob")
    case = {"kan_arbejde_på_ordinære_vilkår": False, "modtager_førtidspension": True,
            "førtidspension_gøres_hvilende": False}
    page.locator("#lovkode-proev-json").fill(json.dumps(case, ensure_ascii=False))
    before = _state(page)["count"]
    page.get_by_role("button", name="Indlæs", exact=True).click()
    assert _contract_value(_settled(page, before)["svar"]) == _expected(spec, case, "ret_til_fleksjob")[0]
    page.locator("#lovkode-proev-json").fill('{"kan_arbejde_paa_ordinaere_vilkaar": true}')
    before = _state(page)["count"]
    page.get_by_role("button", name="Indlæs", exact=True).click()
    state = _settled(page, before)
    assert state["svar"] is None and "kan_arbejde_på_ordinære_vilkår" in state["errors"]


# -- the interpreter in a worker: the page stays responsive -----------------------------------------

_FRAMES = """(() => {
  // The longest pause between two animation frames while the interpreter loads: a main thread busy
  // with Pyodide would stop the frames for seconds.
  window.__frames = {count: 0, longest: 0};
  let last = null;
  function frame(now) {
    const loading = document.body && document.body.dataset.lovkode === 'henter'
                    && document.getElementById('lovkode-proev-spoergsmaal');
    if (loading) {
      if (last !== null) window.__frames.longest = Math.max(window.__frames.longest, now - last);
      window.__frames.count += 1;
      last = now;
    } else {
      last = null;
    }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})()"""
RESPONSIVE_MS = 1_500
"""The longest the page may stop drawing while Pyodide loads in the worker; on the main thread, starting
Python and loading the spec froze it for several seconds at a stretch (the whole start, ~20 s, on a
loaded 2-core machine)."""


def test_the_page_stays_responsive_while_the_interpreter_loads(browser, server, spec, blocked):
    """A fresh window starts its own worker: while it loads, frames keep coming, the page answers at
    once, and a fact can be given; its answer comes when the interpreter is ready. Pyodide itself is
    never fetched by the page, only by the worker."""
    context = _offline_context(browser, blocked)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.add_init_script(_FRAMES)
    page.goto(server + "proev/#" + "spørgsmål=målgruppe_for_fleksjob")
    page.wait_for_selector('.lovkode-proev-faktum[data-faktum="kan_arbejde_på_ordinære_vilkår"]')
    assert "henter" == page.evaluate("document.body.dataset.lovkode"), "indlæst, før testen nåede at se det"
    assert "Indlæser fortolkeren" in page.locator(".lovkode-proev-status").inner_text()
    box = page.locator('.lovkode-proev-faktum[data-faktum="kan_arbejde_på_ordinære_vilkår"]')
    box.locator('input[type=radio][value="true"]').check()  # typed while loading
    round_trips = []
    while page.evaluate("document.body.dataset.lovkode") == "henter":
        started = time.perf_counter()
        page.evaluate("1 + 1")
        round_trips.append(time.perf_counter() - started)
        page.wait_for_timeout(200)
        assert len(round_trips) < LOADED / 200, "fortolkeren blev aldrig klar"
    _settled(page, 0)
    frames = page.evaluate("window.__frames")
    resources = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    state = _state(page)
    context.close()
    assert not errors, errors
    assert "klar" == state["state"], state
    assert _contract_value(state["svar"]) == _expected(spec, {"kan_arbejde_på_ordinære_vilkår": True},
                                                      "målgruppe_for_fleksjob")[0]
    assert len(round_trips) >= 3, "indlæsningen var for kort til at måle på"
    assert max(round_trips) < RESPONSIVE_MS / 1000, f"siden svarede først efter {max(round_trips):.1f} s"
    assert frames["count"] >= 10 and frames["longest"] < RESPONSIVE_MS, frames
    fetched_here = [url for url in resources if "/pyodide/" in url]
    assert not fetched_here, f"siden selv hentede Pyodide: {fetched_here}"
    assert any(url.endswith("/proev-worker.js") for url in resources)
    assert not blocked


def test_the_evaluation_runs_in_the_worker(page):
    """No Pyodide on the page's own thread; the answers come from the worker as messages."""
    assert page.evaluate("typeof window.loadPyodide === 'undefined' && typeof window.pyodide === 'undefined'")
    assert page.evaluate("window.lovkodeProev.worker instanceof Worker")
    assert page.evaluate("""async () => {
      const ask = await window.lovkodeProev.fortolker;
      return JSON.parse(await ask('ret_til_fleksjob', '{}')).svar;
    }""") == "null"


def test_a_python_error_in_the_worker_is_one_danish_line(page):
    """An exception inside the worker comes back as a rejected answer with the exception's last line,
    never Python's traceback, and the worker keeps answering."""
    message = page.evaluate("""async () => {
      const ask = await window.lovkodeProev.fortolker;
      try { await ask('ret_til_fleksjob', null); return null; } catch (err) { return err.message; }
    }""")
    assert message and "Traceback" not in message and "\n" not in message, message
    assert "TypeError" in message
    assert page.evaluate("""async () => JSON.parse(await (await window.lovkodeProev.fortolker)(
      'ret_til_fleksjob', '{}')).svar""") == "null"


@pytest.mark.parametrize("broken", ["proev-worker.js", "pyodide.asm.wasm"])
def test_a_worker_that_cannot_start_is_said_in_danish(browser, server, broken):
    """The worker's script or Pyodide's WebAssembly cannot be fetched: the page says so, never hangs."""
    context = _offline_context(browser, [])
    context.route(f"**/{broken}", lambda route: route.fulfill(status=404, body="findes ikke"))
    page = context.new_page()
    page.goto(server + "proev/")
    page.wait_for_function("document.body && ['klar', 'fejl', 'utilgængelig'].includes(document.body.dataset.lovkode)",
                           timeout=LOADED)
    state = page.evaluate("document.body.dataset.lovkode")
    text = page.locator("#lovkode-proev").inner_text()
    context.close()
    assert "fejl" == state, text
    assert "Fortolkeren kunne ikke startes" in text and "lovkode eval" in text, text


# -- beside each question's definition on the law pages ---------------------------------------------

def test_beside_a_definition_on_a_law_page_a_link_opens_the_question(page, spec):
    """From a law page (reached through the site's own navigation, so the loaded interpreter is used
    again), the link beside »ret til fleksjob«'s definition, followed with the keyboard, opens Prøv en
    sag with that question chosen and answered. On a phone the link stays inside the screen."""
    page.locator('.md-nav a[href*="116-stk1-maalgruppe/"]').first.click()
    page.wait_for_url("**/116-stk1-maalgruppe/")
    link = page.locator(".lovkode-proev-ved-definition a", has_text="»ret til fleksjob«")
    assert 1 == link.count()
    definition = page.locator('[id="def-ret_til_fleksjob"]')
    assert definition.count() == 1
    page.set_viewport_size({"width": 360, "height": 740})
    try:
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
    page.evaluate("delete document.body.dataset.lovkode")  # the body outlives an instant navigation
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.body && document.body.dataset.lovkode === 'klar'"
                           " && location.pathname.endsWith('/proev/')", timeout=LOADED)
    assert "ret_til_fleksjob" == page.locator("#lovkode-proev-spoergsmaal").input_value()
    state = _settled(page, 0)
    assert _contract_value(state["svar"]) == _expected(spec, {}, "ret_til_fleksjob")[0]
    assert state["next"], "intet spørgsmål at svare på"


# -- the rules that are not questions ----------------------------------------------------------------

def test_a_rule_that_is_not_a_question_is_tried_like_one(page, spec):
    """Under »Andre regler« in the list: the knækpunkt (a regulated amount) and the seniorpension's
    condition (a rule), answered fact by fact as the API answers them by name."""
    from lovkode.site.proev.form import tryable_rules

    groups = page.evaluate("[...document.querySelectorAll('#lovkode-proev-spoergsmaal optgroup')]"
                           ".map(g => [g.label, [...g.querySelectorAll('option')].map(o => o.value)])")
    assert groups == [["Spørgsmål", list(spec.questions)], ["Andre regler", list(tryable_rules(spec))]]
    for rule, facts in [("knækpunkt_efter_beregningsmåned", {"beregningsmåned": "2025-03-01"}),
                        ("betingelsen_om_seniorpension", {"afgørelsesdato": "2025-03-01", "modtager_seniorpension": True})]:
        state = _choose(page, rule)
        assert (_contract_value(state["svar"]), sorted(state["next"])) == _expected(spec, {}, rule), rule
        given: dict = {}
        for fact, value in facts.items():
            given[fact] = value
            state = _answer(page, fact, value, state["count"])
            assert (_contract_value(state["svar"]), sorted(state["next"])) == _expected(spec, given, rule), rule
        assert state["next"] == [], rule


def test_beside_a_rule_on_a_law_page_a_link_opens_it(page, spec):
    """The link beside »knækpunkt efter beregningsmåned«'s definition (not a question) opens Prøv en sag
    with it chosen and answered."""
    page.locator('.md-nav a[href*="123-fleksloentilskud/"]').first.click()
    page.wait_for_url("**/123-fleksloentilskud/")
    link = page.locator(".lovkode-proev-ved-definition a", has_text="»knækpunkt efter beregningsmåned«")
    assert 1 == link.count()
    page.evaluate("delete document.body.dataset.lovkode")  # the body outlives an instant navigation
    link.click()
    page.wait_for_function("document.body && document.body.dataset.lovkode === 'klar'"
                           " && location.pathname.endsWith('/proev/')", timeout=LOADED)
    assert "knækpunkt_efter_beregningsmåned" == page.locator("#lovkode-proev-spoergsmaal").input_value()
    state = _settled(page, 0)
    assert (_contract_value(state["svar"]), sorted(state["next"])) == _expected(spec, {}, "knækpunkt_efter_beregningsmåned")
