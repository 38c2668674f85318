"""The draft afgørelsesbrev as a Word document (python-docx, the optional extra ``lovkode[brev]``).

The same :class:`~lovkode.render.brev.Brev` as the Markdown and HTML letters; :func:`docx_text` reads a
document back as plain text, so tests compare letters in any format by their words.
"""
from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.shared import Pt

from .brev import PLACEHOLDER, Brev, Items, Placeholder, Quote, Reasons, Text, _head_lines


def docx_bytes(brev: Brev) -> bytes:
    """The letter as the bytes of a .docx file (no fixed timestamps inside beyond the library's defaults)."""
    document = Document()
    document.core_properties.title = brev.title
    document.core_properties.author = "lovkode"
    style = document.styles["Normal"]
    style.font.name = "Georgia"
    style.font.size = Pt(11)
    for label, value in _head_lines(brev.hoved):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run(f"{label}: ")
        run = paragraph.add_run(value)
        if value.startswith(f"[{PLACEHOLDER}"):
            _mark(run)
    document.add_heading(brev.title, level=1)
    for afsnit in brev.afsnit:
        document.add_heading(afsnit.title, level=2)
        if afsnit.optional:
            document.add_paragraph().add_run(f"Valgfrit afsnit: {afsnit.optional}").italic = True
        for block in afsnit.blocks:
            _block(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _mark(run) -> None:
    run.bold = True
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _block(document, block) -> None:
    if isinstance(block, Text):
        document.add_paragraph(block.text)
    elif isinstance(block, Placeholder):
        _mark(document.add_paragraph().add_run(f"[{PLACEHOLDER}: {block.text}]"))
    elif isinstance(block, Quote):
        document.add_paragraph().add_run(block.source).bold = True
        if block.text:
            document.add_paragraph(block.text, style="Quote")
    elif isinstance(block, Items):
        for item in block.items:
            document.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Reasons):
        _reasons(document, block.reasons, 1)


def _reasons(document, reasons, level: int) -> None:
    style = "List Bullet" if level == 1 else f"List Bullet {min(level, 3)}"
    for reason in reasons:
        paragraph = document.add_paragraph(reason.line(), style=style)
        if level > 3:
            paragraph.paragraph_format.left_indent = Pt(18 * level)
        _reasons(document, reason.children, level + 1)


def docx_text(data: bytes) -> str:
    """A .docx file's paragraphs as plain text, one a line (list paragraphs marked by their style)."""
    document = Document(io.BytesIO(data))
    lines = []
    for paragraph in document.paragraphs:
        name = paragraph.style.name if paragraph.style is not None else ""
        prefix = "# " if name.startswith("Heading") else "> " if name == "Quote" else \
            ("  " * (int(name.rsplit(" ", 1)[1]) - 1 if name[-1].isdigit() else 0)) + "- " if name.startswith("List Bullet") else ""
        lines.append(prefix + paragraph.text)
    return "\n".join(lines) + "\n"
