"""Spec pages and the navigation: the prose as written, every lovkode block replaced by linked code,
the uses of its names under it, and each example as a computed table."""
from __future__ import annotations

from urllib.parse import quote

from .code import SPEC_PREFIX, anchor, highlight, url_to
from .examples import render_example
from .model import CodeBlock, SiteModel, SpecFile
from .proev.page import definition_button
from .prose import faithful
from .safety import esc, md_text, safe_prose


def render_spec_page(model: SiteModel, spec_file: SpecFile, src_uri: str, url: str) -> str:
    """The Markdown of a spec page."""
    lines = spec_file.text.split("\n")
    out: list[str] = []
    position = 0  # 0-based index of the next prose line
    for block in spec_file.blocks:
        out.extend(safe_prose(model.sources.markdown(faithful(lines[position : block.fence - 1]))))
        out.append(model.fragment(src_uri, render_block(model, spec_file, block, url)))
        position = block.closing  # the line after the closing fence (0-based == 1-based closing)
    out.extend(safe_prose(model.sources.markdown(faithful(lines[position:]))))
    return "\n".join(out)


def render_block(model: SiteModel, spec_file: SpecFile, block: CodeBlock, url: str) -> str:
    """One lovkode block: code pieces, each followed by where its definitions are used; each example
    (its lines as the compiler spans them) as a table, with its source folded away under it."""
    lines = spec_file.text.split("\n")
    last = block.closing - 1  # last body line, 1-based
    examples = []
    for result in model.results:
        span = result.example.span
        if span.file == spec_file.path and block.first <= span.line <= last:
            start, end = model.example_extent[(span.file, span.line)]
            examples.append((start, min(end, last), result))
    examples.sort(key=lambda e: e[0])
    parts: list[str] = []

    def code(start: int, end: int, *, usage: bool) -> None:
        text = "\n".join(lines[start - 1 : end])
        if not text.strip():
            return
        # Leading blank lines would shift nothing but show as empty rows: start at the first text line.
        while not lines[start - 1].strip():
            start += 1
        text = "\n".join(lines[start - 1 : end]).rstrip("\n")
        parts.append(highlight(model, spec_file.path, start, text, url, anchors=True))
        if usage:
            parts.append(_usage(model, spec_file, start, end, url))

    line = block.first
    for start, end, result in examples:
        code(line, start - 1, usage=True)
        source = "\n".join(lines[start - 1 : end])
        parts.append(render_example(model, result, url,
                                    highlight(model, spec_file.path, start, source, url, anchors=True)))
        line = end + 1
    code(line, last, usage=True)
    return "\n".join(p for p in parts if p)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def _usage(model: SiteModel, spec_file: SpecFile, start: int, end: int, url: str) -> str:
    """Under a piece of code: where each name defined in it is used (the compiler's uses)."""
    if model.symbols is None:
        return ""
    usage = []
    for definition in model.symbols.definitions.values():
        if definition.span.file != spec_file.path or not start <= definition.span.line <= end:
            continue
        links, seen = [], set()
        for use in model.symbols.uses_of(definition.id):
            if use.owner == definition.id or (use.owner, use.label) in seen:
                continue
            seen.add((use.owner, use.label))
            owner = model.definition(use.owner) if use.owner else None
            if owner is not None:
                target = url_to(model, SPEC_PREFIX + owner.span.file, url, anchor(owner.id))
                links.append(f'<a href="{esc(target)}">{esc(use.label)}</a>')
            else:
                links.append(esc(use.label))
        name = f'<a href="#{esc(quote(anchor(definition.id)))}">»{esc(definition.name)}«</a>'
        if links:
            usage.append(f"<li>{name} bruges i {_join(links)}.</li>")
        elif definition.kind == "faktum":
            usage.append(f"<li>{name} bruges ikke af nogen regel.</li>")
        if model.spec is not None and definition.id in model.spec.questions:
            target = url_to(model, "spoergsmaal.md", url, f"q-{definition.id}")
            usage.append(f"<li>{name} er et af specifikationens spørgsmål — "
                         f'<a href="{esc(target)}">se, hvad det bygger på</a>.</li>')
    listed = '<ul class="lovkode-brug">' + "".join(usage) + "</ul>" if usage else ""
    return listed + _try_buttons(model, spec_file, start, end, url)


def _try_buttons(model: SiteModel, spec_file: SpecFile, start: int, end: int, url: str) -> str:
    """Beside the definitions of the spec's questions and of the other rules a reader can try
    (:func:`lovkode.site.proev.form.tryable_rules`) in a piece of code: a link that opens "Prøv en
    sag" with that question or rule chosen."""
    if model.symbols is None or model.spec is None:
        return ""
    return "".join(definition_button(d.id, d.name, url) for d in model.symbols.definitions.values()
                   if d.span.file == spec_file.path and start <= d.span.line <= end
                   and d.id in model.tryable)


def render_spec_index(model: SiteModel) -> str:
    """spec/index.md when the spec has none: the list of spec pages in § order."""
    out = ["# Loven", "", "Specifikationen består af disse sider, i lovens rækkefølge:", ""]
    for spec_file in model.ordered_files():
        out.append(f"- [{md_text(spec_file.title or spec_file.path)}]({quote(spec_file.path)})")
    return "\n".join(out) + "\n"


def expand_nav(nav, model: SiteModel):
    """Replace the entry ``spec/index.md`` by the index and every spec page in § order, so that a new
    spec file appears without editing mkdocs.yml."""
    pages = [SPEC_PREFIX + f.path for f in model.ordered_files() if f.path != "index.md"]

    def walk(items):
        result = []
        for item in items or []:
            if isinstance(item, dict):
                (title, value), = item.items()
                if value == SPEC_PREFIX + "index.md":
                    result.append({title: [SPEC_PREFIX + "index.md", *pages]})
                elif isinstance(value, list):
                    result.append({title: walk(value)})
                else:
                    result.append(item)
            elif item == SPEC_PREFIX + "index.md":
                result.append({"Loven": [SPEC_PREFIX + "index.md", *pages]})
            else:
                result.append(item)
        return result

    return walk(nav) if nav is not None else None

