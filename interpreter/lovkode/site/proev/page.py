"""The page "Prøv en sag" and the files it loads, for any MkDocs site built from a lovkode spec.

The page's own HTML is built here from escaped strings and inserted after Markdown has run; every text
that comes from the spec reaches the reader only through the script's ``textContent``, from the form's
JSON (:mod:`.form`).
"""
from __future__ import annotations

import html
import json
from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from .bundle import ARCHIVE, Runtime, interpreter_archive
from .form import describe_form

PAGE = "proev.md"
FOLDER = "proev/"
FORM = FOLDER + "formular.json"
SCRIPT = FOLDER + "proev.js"
WORKER = FOLDER + "proev-worker.js"
"""The module worker that runs Pyodide and lovkode, off the page's main thread."""
STYLE = FOLDER + "proev.css"
RUNTIME = FOLDER + "pyodide/"
STATIC = Path(__file__).with_name("static")
CLI_GUIDE = "guide/udviklere.md"


def page_markdown(placeholder: str) -> str:
    """The page's Markdown; ``placeholder`` (a word no spec can guess) marks where :func:`page_html` goes."""
    return "\n".join([
        "# Prøv en sag",
        "",
        "Vælg et spørgsmål eller en anden regel, og svar på det, du ved om sagen. Hver gang du ændrer noget, viser siden "
        "svaret, begrundelsen med hjemmel og – først og fremmest – de oplysninger, der stadig kan ændre "
        "svaret, i den rækkefølge reglerne nævner dem. Alt, du ikke har svaret på, er *ved ikke*. En "
        "oplysning, der ikke længere betyder noget for svaret, bliver grå, og der står hvorfor.",
        "",
        "Svarene regnes af lovkode selv, i din browser. Oplysningerne om sagen sendes ingen steder hen: "
        "et link til sagen har dem efter `#` i adressen, som browseren ikke sender til nogen server.",
        "",
        placeholder,
        "",
    ])


def page_html(page_url: str, runtime: Runtime | None, spec_loaded: bool = True) -> str:
    """The form's frame, the messages for a browser without JavaScript or WebAssembly, and the script."""
    def rel(path: str) -> str:
        return html.escape(get_relative_url(path, page_url))

    cli = rel(CLI_GUIDE.replace(".md", "/"))
    attributes = (f'data-formular="{rel(FORM)}" data-filer="{rel(RUNTIME)}" data-worker="{rel(WORKER)}" '
                  f'data-vejledning="{cli}"')
    if runtime is None or not spec_loaded:
        attributes += ' data-fortolker="nej"'
    parts = [
        f'<link rel="stylesheet" href="{rel(STYLE)}">',
        f'<div id="lovkode-proev" class="lovkode-proev" {attributes}>',
        '<noscript><p class="lovkode-proev-besked">Prøv en sag kræver JavaScript og WebAssembly, som er slået '
        'fra i denne browser. Du kan få de samme svar med kommandoen <code>lovkode eval sag.json</code>; '
        f'se <a href="{cli}">For udviklere</a>.</p></noscript>',
    ]
    if not spec_loaded:
        parts.append(
            '<p class="lovkode-proev-besked">Specifikationen har fejl, så siden kan ikke regne på en sag. '
            'Fejlene står i loggen fra opbygningen af siden og i <code>lovkode check</code>.</p>')
    elif runtime is None:
        parts.append(
            '<p class="lovkode-proev-besked">Den interaktive del er ikke med i denne udgave af siden: fortolkeren '
            'til browseren (Pyodide) var ikke hentet, da siden blev bygget. Du kan få de samme svar med '
            f'kommandoen <code>lovkode eval sag.json</code>; se <a href="{cli}">For udviklere</a>.</p>')
    parts += ['<div class="lovkode-proev-indhold"></div>', "</div>",
              f'<script src="{rel(SCRIPT)}"></script>']
    return "\n".join(parts)


def question_href(question: str, from_url: str) -> str:
    """The address of "Prøv en sag" with ``question`` chosen (the name travels after ``#``)."""
    from urllib.parse import urlencode

    return get_relative_url(FOLDER, from_url) + "#" + urlencode({"spørgsmål": question})


def question_button(question: str, from_url: str) -> str:
    """A link that opens "Prøv en sag" with ``question`` chosen, for the questions page."""
    target = html.escape(question_href(question, from_url))
    return (f'<p class="lovkode-proev-knap"><a class="md-button" href="{target}">'
            "Prøv en sag med dette spørgsmål</a></p>")


def definition_button(question: str, name: str, from_url: str) -> str:
    """A small link beside the definition of a question or another rule on a law page, named by it (so
    that each link on a page says where it leads): »Prøv en sag med »navn««."""
    target = html.escape(question_href(question, from_url))
    return (f'<p class="lovkode-proev-knap lovkode-proev-ved-definition"><a class="md-button" href="{target}">'
            f"Prøv en sag med »{html.escape(name)}«</a></p>")


def files_for_site(config, spec, runtime: Runtime | None) -> list[File]:
    """The page's assets: script, style, the form's JSON and, when the runtime is at hand, Pyodide, the
    wheels and the interpreter with the spec (the page itself is ``PAGE``, added by the caller)."""
    form = describe_form(spec)
    form["fortolker"] = None
    files = [File.generated(config, SCRIPT, abs_src_path=str(STATIC / "proev.js")),
             File.generated(config, WORKER, abs_src_path=str(STATIC / "proev-worker.js")),
             File.generated(config, STYLE, abs_src_path=str(STATIC / "proev.css"))]
    if runtime is not None:
        for path in runtime.files():
            files.append(File.generated(config, RUNTIME + path.name, abs_src_path=str(path)))
        files.append(File.generated(config, RUNTIME + ARCHIVE, content=interpreter_archive(spec)))
        form["fortolker"] = {"pyodide": runtime.version,
                             "arkiver": [{"fil": p.name, "format": "wheel"} for p in runtime.wheels]
                             + [{"fil": ARCHIVE, "format": "zip"}]}
    text = json.dumps(form, ensure_ascii=False, indent=1) + "\n"
    files.append(File.generated(config, FORM, content=text))
    return files
