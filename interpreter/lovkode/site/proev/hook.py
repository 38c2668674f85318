"""MkDocs hook for "Prøv en sag", until the site plugin calls :mod:`lovkode.site.proev` itself.

Listed under ``hooks:`` in mkdocs.yml (hooks run after the ``lovkode`` plugin). It adds the page
``proev.md`` and its files, and a button under each question on the questions page the plugin writes.
The spec is the one the site shows (``LOVKODE_SPEC_DIR`` or ``spec/``); a spec with errors is reported by
the plugin, and the page then says it cannot compute. Pyodide is taken from ``$LOVKODE_PYODIDE_DIR`` or ``build/pyodide`` (made by
``python -m lovkode.site.proev.assets``); without it the page says the interactive part is unavailable.
"""
from __future__ import annotations

import html
import logging
import os
import re
import secrets
import sys
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.lovkode.proev")

_QUESTION = re.compile(r'(<p id="q-([^"]+)" class="lovkode-spoergsmaal">.*?</p>)', re.S)
_build: dict = {}


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    try:
        import lovkode
    except ImportError:  # a checkout without an installed lovkode (the interpreter folder is a src layout)
        sys.path.insert(0, str(root / "interpreter"))
        import lovkode
    from lovkode.site.proev.bundle import find_runtime, runtime_dir

    spec_dir = Path(os.environ.get("LOVKODE_SPEC_DIR") or root / "spec")
    try:
        spec = lovkode.load(spec_dir)
    except lovkode.SpecError:
        spec = None
    runtime, why = find_runtime(runtime_dir(root))
    if runtime is None:
        log.info("Prøv en sag bygges uden fortolkeren (python -m lovkode.site.proev.assets): %s", why)
    _build.update(spec=spec, runtime=runtime, placeholder=f"LOVKODEPROEV{secrets.token_hex(12)}")
    return config


def on_files(files, config):
    from mkdocs.structure.files import File

    from lovkode.site.proev import page as proev

    files.append(File.generated(config, proev.PAGE, content=proev.page_markdown(_build["placeholder"])))
    if _build["spec"] is not None:
        for file in proev.files_for_site(config, _build["spec"], _build["runtime"]):
            files.append(file)
    return files


def on_page_content(content, page, config, files):
    from lovkode.site.proev import page as proev

    if page.file.src_uri == proev.PAGE:
        frame = proev.page_html(page.file.url, _build["runtime"], _build["spec"] is not None)
        return content.replace(f"<p>{_build['placeholder']}</p>", frame)
    if _build["spec"] is not None and page.file.src_uri == "spoergsmaal.md":
        def add_button(match):
            question = html.unescape(match.group(2))
            if question not in _build["spec"].rules:
                return match.group(1)
            return match.group(1) + proev.question_button(question, page.file.url)

        return _QUESTION.sub(add_button, content)
    return content
