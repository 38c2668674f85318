"""Examples as tables: the facts given, the answers expected and computed at build time, a mark.

Values are written by the interpreter's own Danish formatter (:func:`lovkode.render.text.format_value`),
so the site and the begrundelse agree on every number and date.
"""
from __future__ import annotations

from ..render.text import format_value
from .code import link
from .model import SiteModel
from .safety import esc


def example_anchor(result) -> str:
    """The HTML id of an example's table: file stem and line, which the compiler's span gives."""
    span = result.example.span
    stem = str(span.file).rsplit("/", 1)[-1].removesuffix(".md")
    return f"eks-{stem}-{span.line}"


def _answer(model: SiteModel, ident: str, answer, url: str) -> str:
    """An expected or computed answer: value, or »ukendt, mangler …« with links."""
    value, missing = answer if isinstance(answer, tuple) else (answer, ())
    text = esc(format_value(value, model.type_word(ident)))
    if value is None and missing:
        text += ", mangler " + ", ".join(link(model, m, url) for m in missing)
    return text


def _begrundelse(model: SiteModel, example) -> str:
    """The begrundelse of each expected answer, as `lovkode eval` and a caseworker's letter give it."""
    from .. import FactsError, UnknownQuestionError

    if model.spec is None or not example.expected:
        return ""
    try:
        answers = model.spec.evaluate(dict(example.given or {}), list(example.expected))
    except (FactsError, UnknownQuestionError):  # a fact an example may give but a case cannot (a duration)
        return ""
    text = "\n\n".join(answers[name].begrundelse() for name in answers)
    return (f'<details class="lovkode-begrundelse" data-search-exclude><summary>Begrundelse</summary>'
            f'<pre class="lovkode-begrundelse-tekst">{esc(text)}</pre></details>')


def render_example(model: SiteModel, result, url: str, code: str = "") -> str:
    """An example as a table in a wrapper that scrolls on a narrow screen, so no column is cut off."""
    example = result.example
    passed = bool(result.passed)
    mark = ('<span class="lovkode-mark lovkode-ok" title="Beregnet ved opbygningen af siden">✔ bestået</span>'
            if passed else '<span class="lovkode-mark lovkode-fejl">✘ fejler</span>')
    rows = []
    given = dict(example.given or {})
    expected = dict(example.expected or {})
    actual = dict(result.actual or {})
    for number, (ident, value) in enumerate(given.items()):
        head = f'<th scope="rowgroup" rowspan="{len(given)}">Givet</th>' if number == 0 else ""
        rows.append(f"<tr>{head}<td>{link(model, ident, url)}</td>"
                    f"<td>{esc(format_value(value, model.type_word(ident)))}</td><td>—</td></tr>")
    for number, (ident, answer) in enumerate(expected.items()):
        head = f'<th scope="rowgroup" rowspan="{len(expected)}">Så</th>' if number == 0 else ""
        got = actual.get(ident)
        wanted = _answer(model, ident, answer, url)
        computed = _answer(model, ident, got, url) if got is not None else "—"
        same = got is not None and computed == wanted
        sign = "✔" if same else "✘"
        rows.append(f"<tr>{head}<td>{link(model, ident, url)}</td><td>{wanted}</td>"
                    f'<td class="{"lovkode-ok" if same else "lovkode-fejl"}">{computed} {sign}</td></tr>')
    if not given:
        rows.insert(0, '<tr><th scope="row">Givet</th><td colspan="3"><em>ingen fakta</em></td></tr>')
    message = "" if passed else f'<p class="lovkode-besked">{esc(result.message)}</p>'
    state = "lovkode-bestaaet" if passed else "lovkode-fejlet"
    source = (f'<details class="lovkode-kilde"><summary>Eksemplet i lovkode</summary>{code}</details>'
              if code else "")
    source = _begrundelse(model, example) + source
    return (f'<div class="lovkode-eksempel {state}" id="{esc(example_anchor(result))}">'
            f'<p class="lovkode-eksempel-titel">{mark} Eksempel: <strong>{esc(example.name)}</strong></p>'
            '<div class="lovkode-tabel"><table><thead><tr><th scope="col">Del</th><th scope="col">Navn</th>'
            '<th scope="col">Givet / forventet</th><th scope="col">Beregnet</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>{message}{source}</div>')
