""""Prøv en sag": the real interpreter in the published site, asking only what still decides the answer.

A page with a form made from the spec's fact declarations (:mod:`.form`), a script that runs lovkode
itself in the reader's browser with Pyodide (:mod:`.session` is its Python side, :mod:`.bundle` packs
it), and a button on each question. Everything the page loads lies under the built site, so it works
offline from any static host. The entry points for a site generator are :func:`files_for_site`,
:func:`page_markdown`, :func:`page_html` and :func:`question_button`; ``hook.py`` wires them into
MkDocs as a hook.
"""
from .page import PAGE, files_for_site, page_html, page_markdown, question_button

__all__ = ["PAGE", "files_for_site", "page_html", "page_markdown", "question_button"]
