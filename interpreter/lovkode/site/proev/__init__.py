""""Prøv en sag": the real interpreter in the published site, asking only what still decides the answer.

- :mod:`.page` — the page, its files and the buttons that open it with a question; the entry points
  for a site generator: ``files_for_site``, ``page_markdown``, ``page_html``, ``question_button`` (on
  the questions page) and ``definition_button`` (beside the definition of a question or another rule
  on a law page);
- :mod:`.pages` — how the ``lovkode`` site plugin adds the page to every site it builds;
- :mod:`.form` — the form as JSON, made from the spec's fact declarations;
- :mod:`.session` — the Python side of the page, run in the reader's browser by Pyodide;
- :mod:`.bundle` — what is shipped to the browser: the interpreter with the site's spec pre-parsed,
  Pyodide and the wheels of lark and attrs;
- :mod:`.assets` — fetches Pyodide and the wheels from the registries at build time.

Nothing here imports MkDocs but :mod:`.page` and :mod:`.pages`, so the build step runs without it.
"""
