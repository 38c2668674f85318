""""Prøv en sag" as part of the ``lovkode`` site plugin: the page, its files, and a button under each
question on the questions page — for any spec folder the plugin builds a site for.

Pyodide is taken from ``$LOVKODE_PYODIDE_DIR`` or ``build/pyodide`` beside mkdocs.yml (made by
``python -m lovkode.site.proev.assets``); without it the page says the interactive part is unavailable
and points to the command line. A spec with errors is reported by the plugin; the page then says it
cannot compute.
"""
from __future__ import annotations

import html
import logging
import re
import secrets
from pathlib import Path

from . import page as proev
from .bundle import find_runtime, runtime_dir

log = logging.getLogger("mkdocs.plugins.lovkode.proev")

_QUESTION = re.compile(r'(<p id="q-([^"]+)" class="lovkode-spoergsmaal">.*?</p>)', re.S)


class ProevPages:
    """The page ``proev.md`` and its assets for one build."""

    def __init__(self, root: Path, spec) -> None:
        self.spec = spec
        self.runtime, why = find_runtime(runtime_dir(root))
        if self.runtime is None:
            log.info("Prøv en sag bygges uden fortolkeren (python -m lovkode.site.proev.assets): %s", why)
        self.placeholder = f"LOVKODEPROEV{secrets.token_hex(12)}"

    def files(self, files, config) -> None:
        from mkdocs.structure.files import File

        files.append(File.generated(config, proev.PAGE, content=proev.page_markdown(self.placeholder)))
        if self.spec is not None:
            for file in proev.files_for_site(config, self.spec, self.runtime):
                files.append(file)

    def page_content(self, content: str, page) -> str:
        if page.file.src_uri == proev.PAGE:
            frame = proev.page_html(page.file.url, self.runtime, self.spec is not None)
            return content.replace(f"<p>{self.placeholder}</p>", frame)
        if self.spec is not None and page.file.src_uri == "spoergsmaal.md":
            def add_button(match):
                question = html.unescape(match.group(2))
                if question not in self.spec.rules:
                    return match.group(1)
                return match.group(1) + proev.question_button(question, page.file.url)

            return _QUESTION.sub(add_button, content)
        return content
