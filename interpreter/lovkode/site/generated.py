"""Pages made from the spec alone: begreber, spørgsmål (with diagrams), eksempler and ændringer.

Each is a :class:`PageGenerator`; :data:`DEFAULT_GENERATORS` lists them, and the plugin's
``generators`` list is the extension point for more (see :mod:`lovkode.site.plugin`).
"""
from __future__ import annotations

import datetime as _dt
from typing import Callable

import attrs

from .. import ast
from ..render.reasons import regulation_table
from ..render.text import format_value
from .code import SPEC_PREFIX, href, highlight, link, url_to
from .examples import example_anchor
from .model import SiteModel, spec_order_key
from .safety import esc, md_text


@attrs.frozen
class PageGenerator:
    """A page of the site generated at build time.

    ``src_uri`` is its place in the site (``begreber.md``), ``title`` its first heading, and
    ``render(model, src_uri, url)`` returns its Markdown; HTML goes in through ``model.fragment``.
    ``assets`` maps further files of the site (``proev/app.js``) to the file on disk they copy."""

    src_uri: str
    title: str
    render: Callable[[SiteModel, str, str], str]
    assets: dict[str, str] = attrs.field(factory=dict)


def _danish_key(text: str) -> str:
    """Sort key in Danish alphabetical order (æ, ø, å after z)."""
    return text.lower().translate(str.maketrans({"æ": "{", "ø": "|", "å": "}", "»": "", "«": ""}))


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def _not_loaded() -> str:
    return ("!!! failure \"Specifikationen kunne ikke indlæses\"\n"
            "    Fejlene står i loggen fra `mkdocs build`. Siden viser kun det, der kan læses uden fortolkeren.\n")


def _table(model: SiteModel, src_uri: str, heads: list[str], rows: list[str]) -> str:
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in heads)
    return model.fragment(src_uri, f'<div class="lovkode-tabel"><table><thead><tr>{head}</tr></thead><tbody>'
                                   + "".join(rows) + "</tbody></table></div>")


def render_index(model: SiteModel, src_uri: str, url: str) -> str:
    """begreber.md: every fact (name, type, meaning, hjemmel) and every rule, table and skøn."""
    out = ["# Begreber", "",
           "Alle fakta, sagen skal oplyse, og alle regler, specifikationen udleder af dem. Navnet fører til "
           "definitionen i loven; maskinnavnet er det navn, en sag i JSON bruger.", ""]
    if model.spec is None:
        return "\n".join(out) + "\n" + _not_loaded()
    spec = model.spec
    facts = sorted(spec.facts.values(), key=lambda f: _danish_key(f.name))
    rows = [f"<tr><td>{link(model, f.id, url)}<br><code>{esc(f.id)}</code></td><td>{esc(f.type)}</td>"
            f"<td>{esc(f.description or '')}</td><td>{model.sources.html(f.citation)}</td></tr>" for f in facts]
    out += ["## Fakta", "", f"{len(facts)} fakta. Under navnet står maskinnavnet, som en sag i JSON bruger.",
            _table(model, src_uri, ["Navn", "Type", "Betydning", "Hjemmel"], rows)]
    rows = []
    for ident in spec.questions:
        rule = spec.rules[ident]
        target = url_to(model, "spoergsmaal.md", url, f"q-{ident}")
        rows.append(f"<tr><td>{link(model, ident, url)}<br><code>{esc(ident)}</code></td>"
                    f"<td>{esc(rule.type or '')}</td><td>{model.sources.html(rule.citation)}</td>"
                    f'<td><a href="{esc(target)}">diagram</a></td></tr>')
    out += ["", "## Spørgsmål", "", "Spørgsmålene er dem, `lovkode eval` besvarer, når man ikke angiver `--question`.",
            _table(model, src_uri, ["Navn", "Type", "Hjemmel", "Afhængigheder"], rows)]
    rules = sorted((r for r in spec.rules.values() if r.id not in spec.questions), key=lambda r: _danish_key(r.name))
    rows = [f"<tr><td>{link(model, r.id, url)}</td><td>{esc(r.kind)}</td><td>{esc(r.type or '')}</td>"
            f"<td>{model.sources.html(r.citation)}</td></tr>" for r in rules]
    out += ["", "## Regler, skøn og tabeller", "", _table(model, src_uri, ["Navn", "Slags", "Type", "Hjemmel"], rows)]
    if spec.recommendations:
        rows = [f"<tr><td>{link(model, r.id, url)}</td><td>{esc(r.text or '')}</td><td>{model.sources.html(r.citation)}</td></tr>"
                for r in spec.recommendations]
        out += ["", "## Anbefalinger", "", "Anbefalinger ændrer aldrig et juridisk svar; de vises sammen med det.",
                _table(model, src_uri, ["Navn", "Tekst", "Hjemmel"], rows)]
    return "\n".join(out) + "\n"


def dependency_graph(model: SiteModel, question: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Nodes (in breadth-first order) and edges of everything a question depends on."""
    nodes, edges, seen, queue = [question], [], {question}, [question]
    while queue:
        current = queue.pop(0)
        rule = model.rule(current)
        for dependency in (rule.dependencies if rule is not None else ()):
            edges.append((current, dependency))
            if dependency not in seen:
                seen.add(dependency)
                nodes.append(dependency)
                queue.append(dependency)
    return nodes, edges


def mermaid_label(text: str) -> str:
    """Text that Mermaid shows literally inside a "…" label."""
    text = " ".join(text.split())
    for char, entity in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;")):
        text = text.replace(char, entity)
    return text


def mermaid_source(model: SiteModel, question: str) -> str:
    """A Mermaid flowchart: the question, the rules it builds on, the facts at the bottom. The colours
    are set with dark text on light fills, so the labels read in both palettes."""
    nodes, edges = dependency_graph(model, question)
    number = {ident: f"n{i}" for i, ident in enumerate(nodes)}
    lines = ["flowchart LR"]
    for ident in nodes:
        label = mermaid_label(model.display(ident))
        if model.fact(ident) is not None:
            lines.append(f'  {number[ident]}["{label}"]:::faktum')
        elif ident == question:
            lines.append(f'  {number[ident]}(["{label}"]):::spoergsmaal')
        else:
            lines.append(f'  {number[ident]}("{label}"):::regel')
    lines += [f"  {number[s]} --> {number[t]}" for s, t in edges]
    # Only the borders are coloured: fills and label colours stay the theme's, which follow the
    # palette, so a label is never light on light in the dark palette.
    lines.append("  classDef faktum stroke:#557,stroke-width:1px")
    lines.append("  classDef regel stroke:#2e7d32,stroke-width:1px")
    lines.append("  classDef spoergsmaal stroke:#c25e00,stroke-width:3px")
    return "\n".join(lines)


def depth(model: SiteModel, question: str) -> int:
    """The number of columns of a question's diagram: the longest chain of dependencies."""
    memo: dict[str, int] = {}

    def longest(ident: str) -> int:
        if ident not in memo:
            memo[ident] = 0  # the checker has ruled out cycles
            rule = model.rule(ident)
            memo[ident] = 1 + max((longest(d) for d in (rule.dependencies if rule is not None else ())), default=0)
        return memo[ident]

    return longest(question)


def diagram(source: str, columns: int) -> str:
    """A diagram in a wrapper that keeps it wide enough to read (about 11rem a column) and scrolls
    sideways on a narrow screen instead of shrinking the labels."""
    width = min(max(columns * 11, 30), 120)
    return (f'<div class="lovkode-diagram" style="--lovkode-diagram-bredde: {width}rem">'
            f'<pre class="mermaid"><code>{esc(source)}</code></pre></div>')


def render_questions(model: SiteModel, src_uri: str, url: str) -> str:
    """spoergsmaal.md: per question its type, hjemmel, a Mermaid diagram and the same in a list."""
    out = ["# Spørgsmål", "",
           "Hvert spørgsmål, specifikationen besvarer, med det, svaret bygger på. Diagrammet går fra "
           "spørgsmålet (til venstre) over reglerne til de fakta, sagen skal oplyse (firkantede). "
           "Listen under diagrammet siger det samme i tekst.", ""]
    if model.spec is None:
        return "\n".join(out) + "\n" + _not_loaded()
    for question in model.spec.questions:
        rule = model.rule(question)
        nodes, _ = dependency_graph(model, question)
        facts = [n for n in nodes if model.fact(n) is not None]
        rules = [n for n in nodes[1:] if model.fact(n) is None]
        out += [f"## {md_text(model.display(question))}", ""]
        info = (f'<p id="{esc(f"q-{question}")}" class="lovkode-spoergsmaal">'
                f"Definition: {link(model, question, url)} · type: {esc(rule.type or '')} · "
                f"hjemmel: {model.sources.html(rule.citation)} · maskinnavn: <code>{esc(question)}</code></p>")
        drawing = diagram(mermaid_source(model, question), depth(model, question))
        listing = (f"<p><strong>Bygger på {len(rules)} regler</strong>: "
                   + (_join([link(model, r, url) for r in rules]) or "ingen") + ".</p>"
                   f"<p><strong>Og på {len(facts)} fakta</strong>: "
                   + (_join([link(model, f, url) for f in facts]) or "ingen") + ".</p>")
        out.append(model.fragment(src_uri, info + drawing + listing))
    return "\n".join(out) + "\n"


def render_examples(model: SiteModel, src_uri: str, url: str) -> str:
    """eksempler.md: every example of the spec, where it is, and whether it passed at build time."""
    out = ["# Eksempler", "",
           "Hvert eksempel i specifikationen er både dokumentation og test. Resultaterne herunder blev "
           "beregnet, da siden blev bygget; et eksempel, der fejler, stopper opbygningen.", ""]
    if model.spec is None:
        return "\n".join(out) + "\n" + _not_loaded()
    passed = sum(1 for r in model.results if r.passed)
    out.append(f"**{passed} bestået, {len(model.results) - passed} fejler** ({len(model.results)} i alt).")
    rows = []
    for result in sorted(model.results, key=lambda r: (r.example.span.file, r.example.span.line)):
        path = result.example.span.file
        target = url_to(model, SPEC_PREFIX + path, url, example_anchor(result))
        mark = ('<span class="lovkode-ok">✔ bestået</span>' if result.passed
                else '<span class="lovkode-fejl">✘ fejler</span>')
        rows.append(f'<tr><td><a href="{esc(target)}">{esc(result.example.name)}</a></td>'
                    f"<td>{esc(model.title(path))}</td><td>{mark}</td></tr>")
    out.append(_table(model, src_uri, ["Eksempel", "Side", "Resultat"], rows))
    return "\n".join(out) + "\n"


def _source_lines(model: SiteModel, span) -> tuple[int, str]:
    """The lines a span covers in its file (a span ending at the indentation of a line stops before it)."""
    lines = next((f.text for f in model.files if f.path == span.file), "").split("\n")
    end = span.end_line or span.line
    if end > span.line and end - 1 < len(lines):
        indent = len(lines[end - 1]) - len(lines[end - 1].lstrip())
        if span.end_column <= indent + 1:
            end -= 1
    return span.line, "\n".join(lines[span.line - 1 : end]).rstrip()


def _row_value(model: SiteModel, period, key_owner: str) -> str:
    value = period.value
    if isinstance(value, ast.Literal):
        return format_value(value.value, model.type_word(key_owner))
    return _source_lines(model, period.span)[1].strip()


def render_changes(model: SiteModel, src_uri: str, url: str) -> str:
    """aendringer.md: the law in force by date, newest first: every version of a rule or table, and
    every row of a table looked up by a date that selects the law in force; then each with its text."""
    out = ["# Ændringer over tid", "",
           "En afgørelse bedømmes efter den tekst, der gjaldt på dagen for gældende ret (normalt "
           "afgørelsesdatoen; for fleksløntilskud beregningsmåneden). Her er alt i specifikationen, der "
           "skifter med datoen: først som en tidslinje, nyeste først, og derefter med hver versions tekst.", ""]
    symbols = model.symbols
    if symbols is None:
        return "\n".join(out) + "\n" + _not_loaded()
    order = lambda ident: (spec_order_key(symbols.definitions[ident].span.file, ""),  # noqa: E731
                           symbols.definitions[ident].span.line)
    versioned = sorted((i for i in symbols.versions if i in symbols.definitions), key=order)
    dated = sorted((i for i, key in symbols.table_keys.items() if key in symbols.in_force and i in symbols.rows),
                   key=order)
    if not versioned and not dated:
        return "\n".join(out) + "\nSpecifikationen har ingen versioner i tid.\n"
    events = [(v.validity.low, ident, v, "ny version") for ident in versioned for v in symbols.versions[ident]]
    events += [(r.validity.low, ident, r, f"række: {_row_value(model, r, ident)}")
               for ident in dated for r in symbols.rows[ident]]
    events.sort(key=lambda e: (e[0] is not None, e[0] or _dt.date.min), reverse=True)
    rows = []
    for day, ident, period, what in events:
        when = format_value(day) if day else "indtil første ændring"
        rows.append(f"<tr><td>{esc(when)}</td><td>{link(model, ident, url)}</td>"
                    f"<td>{esc(what)}, gælder {esc(period.describe())}</td><td>{model.sources.html(period.law)}</td></tr>")
    out += ["## Tidslinje", "", _table(model, src_uri, ["Gælder fra", "Regel eller tabel", "Hvad", "Kilde"], rows), ""]
    today = _dt.date.today()
    badge = ' <span class="lovkode-mark lovkode-ok">gælder i dag</span>'

    def in_force(period) -> bool:
        try:
            return period.validity.contains(today)
        except TypeError:
            return False

    for ident in versioned:
        definition = symbols.definitions[ident]
        out += [f"## {md_text(definition.name)}", ""]
        parts = [f"<p>{esc(definition.kind.capitalize())} på siden "
                 f'<a href="{esc(href(model, ident, url))}">{esc(model.title(definition.span.file))}</a>.</p>']
        for period in sorted(symbols.versions[ident], key=lambda v: v.validity.low or _dt.date.min, reverse=True):
            parts.append(f"<h3>{esc(period.describe().capitalize())}{badge if in_force(period) else ''}</h3>"
                         f"<p>{model.sources.html(period.law, 'Ingen ændringslov angivet.')}</p>")
            first, text = _source_lines(model, period.span)
            parts.append(highlight(model, period.span.file, first, text, url, anchors=False))
        out.append(model.fragment(src_uri, "\n".join(parts)))
    for ident in dated:
        definition = symbols.definitions[ident]
        out += [f"## {md_text(definition.name)}", ""]
        rows = [f"<tr><td>{esc(r.describe())}{badge if in_force(r) else ''}</td>"
                f"<td>{esc(_row_value(model, r, ident))}</td><td>{model.sources.html(r.law)}</td></tr>"
                for r in sorted(symbols.rows[ident], key=lambda r: r.validity.low or _dt.date.min, reverse=True)]
        out.append(model.fragment(src_uri,
                                  f"<p>Tabel på siden <a href=\"{esc(href(model, ident, url))}\">"
                                  f"{esc(model.title(definition.span.file))}</a>, slået op efter "
                                  f"{link(model, symbols.table_keys[ident], url)}. En dato uden række giver et ukendt "
                                  "svar: kilderne er tavse.</p>"))
        out.append(_table(model, src_uri, ["Gælder", "Værdi", "Kilde"], rows))
    out += _regulated_amounts(model, src_uri, url)
    return "\n".join(out) + "\n"


def _regulated_amounts(model: SiteModel, src_uri: str, url: str) -> list[str]:
    """Each regulated amount year by year, with the source of each level and each percentage — the
    chain the interpreter computed at load, not a second computation."""
    amounts = list(model.spec.regulated_amounts.values()) if model.spec is not None else []
    out = []
    for amount in amounts:
        out += [f"## {md_text(amount.name)} år for år", "",
                model.fragment(src_uri, f"<p>{link(model, amount.id, url)} er et reguleret beløb på siden "
                               f'<a href="{esc(href(model, amount.id, url))}">{esc(model.title(amount.span.file))}'
                               "</a>: hvert år regnes fra sidste års afrundede beløb med årets procent, og hvor en "
                               "kilde også angiver niveauet, er det holdt op mod kæden. Et år, som hverken et "
                               "angivet niveau eller en procent i kilderne dækker, er ukendt: kilderne er tavse.</p>"),
                "", regulation_table(amount), ""]
    return out


DEFAULT_GENERATORS = (
    PageGenerator("begreber.md", "Begreber", render_index),
    PageGenerator("spoergsmaal.md", "Spørgsmål", render_questions),
    PageGenerator("eksempler.md", "Eksempler", render_examples),
    PageGenerator("aendringer.md", "Ændringer over tid", render_changes),
)


def render_catalogue(model: SiteModel, docs_dir: str) -> str:
    """The diagnostic codes as Markdown: code, title, explanation, and its long page when there is one."""
    from pathlib import Path

    out = []
    fejl_dir = Path(docs_dir) / "fejl"
    for code in sorted(model.catalogue):
        title, explanation = model.catalogue[code]
        out += [f"### {md_text(code)}: {md_text(title)}", "", str(explanation).strip(), ""]
        if (fejl_dir / f"{code}.md").is_file():
            out += [f"[Uddybning af {code}](../fejl/{code}.md)", ""]
    return "\n".join(out)


def render_numbers(model: SiteModel) -> str:
    """One sentence with the size of the spec and the result of its examples, computed now."""
    if model.spec is None:
        return "*Specifikationen kunne ikke indlæses ved denne opbygning af siden.*"
    passed = sum(1 for r in model.results if r.passed)
    spec = model.spec
    return (f"Specifikationen har lige nu {len(spec.facts)} fakta, {len(spec.rules)} regler, "
            f"skøn og tabeller, heraf {len(spec.questions)} spørgsmål, og {len(model.results)} "
            f"eksempler, hvoraf {passed} bestod, da siden blev bygget.")
