"""The MkDocs plugin: ``plugins: - lovkode`` in any mkdocs.yml gives a spec folder its site.

Input: the spec folder (option ``spec``, relative to mkdocs.yml; default ``spec``). Output, added to
the site without any copy kept by hand: one page per spec file under ``spec/``, the generated pages
(:data:`~lovkode.site.generated.DEFAULT_GENERATORS`), the JSON Schema of a case, and the list of
diagnostic codes where a page holds ``<!-- lovkode:fejlkoder -->``.

Extension point: :attr:`LovkodePlugin.generators` is the list of pages generated at build time. Another
plugin or a hook adds a page in its own ``on_config`` (hooks run after the listed plugins)::

    from lovkode.site.generated import PageGenerator
    config.plugins["lovkode"].generators.append(PageGenerator("proev.md", "Prøv en sag", render))

Error strategy: every problem (the spec has errors, an example fails) is logged at ERROR on the
``mkdocs`` logger and the build carries on, so one run reports all of them; ``strict: true`` then
stops the build. A failing example therefore fails ``mkdocs build --strict``.
"""
from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from .code import SPEC_PREFIX
from .generated import DEFAULT_GENERATORS, PageGenerator, diagram, render_catalogue, render_numbers
from .model import SiteModel
from .prose import faithful
from .pages import expand_nav, render_spec_index, render_spec_page
from .proev.pages import ProevPages
from .safety import SafeMarkdown, esc
from .sources import Sources

DIAGNOSTICS_MARKER = "<!-- lovkode:fejlkoder -->"
NUMBERS_MARKER = "<!-- lovkode:tal -->"
SCHEMA_FILE = "sag.schema.json"
MERMAID_URI = "javascripts/mermaid.min.js"
STYLESHEET_URI = "stylesheets/lovkode.css"
ASSETS = Path(__file__).resolve().parent / "assets"


class LovkodeConfig(base.Config):
    spec = c.Type(str, default="spec")
    """The spec folder, relative to mkdocs.yml."""
    exclude = c.ListOfItems(c.Type(str), default=[])
    """Spec files (globs relative to the spec folder) that are read by the compiler but not published."""
    kilder = c.DictOfItems(c.Type(str), default={})
    """Sources named by their title and their official address (an act cited by number and date is
    linked to Retsinformation without this)."""
    ordliste = c.DictOfItems(c.Type(str), default={})
    """Words of the project that a reader may meet in the spec's prose, and what they mean: every
    form of the word (kontrakt, kontrakten, kontraktens, …) is explained where it stands (``abbr``)."""
    mermaid = c.Optional(c.Type(str))
    """A local mermaid.min.js; else LOVKODE_MERMAID_JS, else node_modules/mermaid/dist/ if present."""


def find_mermaid(root: Path, named: str | None) -> Path | None:
    """A local mermaid.min.js, so that the diagrams draw without fetching Mermaid from a CDN.

    Without one, Material loads Mermaid from unpkg in the reader's browser, and the diagram's text and
    the list under it are shown offline.
    """
    named = named or os.environ.get("LOVKODE_MERMAID_JS")
    candidates = [root / named] if named else [root / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"]
    return next((p.resolve() for p in candidates if p.is_file()), None)


class LovkodePlugin(BasePlugin[LovkodeConfig]):
    """Site generation for a lovkode spec folder, from the compiler's own data."""

    def __init__(self) -> None:
        self.generators: list[PageGenerator] = list(DEFAULT_GENERATORS)
        self.model: SiteModel | None = None
        self.mermaid_js: Path | None = None
        self.proev: ProevPages | None = None

    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent
        config.markdown_extensions.append(SafeMarkdown())
        config.extra_css.append(STYLESHEET_URI)
        if self.config.ordliste and "abbr" not in config.markdown_extensions:
            config.markdown_extensions.append("abbr")  # the ordliste is written as abbreviations
        self.model = SiteModel((root / self.config.spec).resolve(), self.config.exclude,
                               Sources(self.config.kilder))
        config.nav = expand_nav(config.nav, self.model)
        self.mermaid_js = find_mermaid(root, self.config.mermaid)
        self.proev = ProevPages(root, self.model.spec)
        return config

    def on_files(self, files, config):
        """Add the spec pages and the generated pages; nothing is written into docs/."""
        model = self.model
        for spec_file in model.files:
            # A leading newline so that mkdocs reads no metadata (title, template, …) from a spec file.
            files.append(File.generated(config, SPEC_PREFIX + spec_file.path, content="\n" + spec_file.text))
        if not any(f.path == "index.md" for f in model.files):
            files.append(File.generated(config, SPEC_PREFIX + "index.md", content=render_spec_index(model)))
        for generator in self.generators:
            files.append(File.generated(config, generator.src_uri, content=f"# {generator.title}\n"))
            for uri, path in generator.assets.items():
                files.append(File.generated(config, uri, abs_src_path=path))
        files.append(File.generated(config, STYLESHEET_URI, abs_src_path=str(ASSETS / "lovkode.css")))
        self.proev.files(files, config)
        if self.mermaid_js is not None:
            files.append(File.generated(config, MERMAID_URI, abs_src_path=str(self.mermaid_js)))
        if model.spec is not None:
            # The JSON Schema of a case file, published beside the guide that documents it.
            schema = json.dumps(model.spec.json_schema(), ensure_ascii=False, indent=2) + "\n"
            files.append(File.generated(config, SCHEMA_FILE, content=schema))
        for file in files:
            if file.is_documentation_page():
                model.urls[file.src_uri] = file.url
        return files

    def on_page_markdown(self, markdown_text, page, config, files):
        """The Markdown of spec and generated pages; the list of codes and the figures where asked."""
        model = self.model
        src_uri, url = page.file.src_uri, page.file.url
        if src_uri.startswith(SPEC_PREFIX):
            page.meta = {}
            spec_file = next((f for f in model.files if SPEC_PREFIX + f.path == src_uri), None)
            if spec_file is None:
                return markdown_text
            return render_spec_page(model, spec_file, src_uri, url) + self._glossary()
        generator = next((g for g in self.generators if g.src_uri == src_uri), None)
        if generator is not None:
            return generator.render(model, src_uri, url)
        markdown_text = "\n".join(model.sources.markdown(faithful(markdown_text.split("\n"))))
        if DIAGNOSTICS_MARKER in markdown_text:
            markdown_text = markdown_text.replace(DIAGNOSTICS_MARKER, render_catalogue(model, config.docs_dir))
        if NUMBERS_MARKER in markdown_text:
            markdown_text = markdown_text.replace(NUMBERS_MARKER, render_numbers(model))
        return markdown_text + self._glossary()

    def _glossary(self) -> str:
        """Abbreviation definitions (the ``abbr`` extension) for every form of each ordliste word."""
        lines = []
        for word, meaning in self.config.ordliste.items():
            meaning = " ".join(meaning.split())
            for ending in ("", "en", "ens", "er", "erne", "ernes"):
                for form in (word + ending, (word + ending).capitalize()):
                    lines.append(f"*[{form}]: {meaning}")
        return "\n\n" + "\n".join(dict.fromkeys(lines)) + "\n" if lines else ""

    def on_page_content(self, content, page, config, files):
        """Insert the HTML built here, after Markdown, where a spec file cannot reach it."""
        content = self.proev.page_content(self.model.insert_fragments(page.file.src_uri, content), page)
        if "lovkode-diagram" in content:
            return content
        # A diagram written in a guide gets the same wrapper as the generated ones, as wide as its
        # arrows suggest (a flowchart's columns are not known without laying it out).
        return re.sub(r'<pre class="mermaid">.*?</pre>',
                      lambda m: diagram(html.unescape(re.sub(r"<[^>]+>", "", m.group(0))),
                                        len(re.findall(r"--+>|-\.+->|==+>", html.unescape(m.group(0))))),
                      content, flags=re.S)

    def on_post_page(self, output, page, config):
        """The search dialog gets a name (the theme leaves it unnamed); Mermaid is loaded only on the
        pages that draw a diagram, before the theme's script, which then uses it."""
        output = output.replace('class="md-search" data-md-component="search" role="dialog"',
                                'class="md-search" data-md-component="search" role="dialog" aria-label="Søg"', 1)
        if self.mermaid_js is None or 'class="mermaid"' not in output:
            return output
        source = get_relative_url(MERMAID_URI, page.url)
        return output.replace("</head>", f'<script src="{esc(source)}"></script></head>', 1)

    def on_serve(self, server, config, builder):
        """`mkdocs serve`: rebuild when a spec file changes."""
        server.watch(str(self.model.spec_dir))
        return server

