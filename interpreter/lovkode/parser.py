"""Stage 2: lovkode block → Lark parse tree, or diagnostics.

Input: one :class:`~lovkode.literate.Block`. Output: a ``lark.Tree`` (only :mod:`lovkode.build` ever sees
it) or a list of diagnostics. Lark's exceptions are caught here and turned into Danish messages that
name what was expected in words a lawyer knows, never raw token names.
"""
from __future__ import annotations

import functools
import re

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.indenter import DedentError, Indenter

from . import messages
from .cache import cache_dir, grammar_path
from .diagnostics import Diagnostic
from .literate import Block
from .source import Span

MAX_DEPTH = 200
"""Deepest nesting of parentheses or indentation accepted; deeper input gets LK106, not a crash."""


class _LovkodeIndenter(Indenter):
    NL_type = "_NL"
    OPEN_PAREN_types = ["LPAR"]
    CLOSE_PAREN_types = ["RPAR"]
    INDENT_type = "_INDENT"
    DEDENT_type = "_DEDENT"
    tab_len = 8


@functools.lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(
        grammar_path().read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        postlex=_LovkodeIndenter(),
        propagate_positions=True,
        maybe_placeholders=True,
        cache=_lark_cache_file(),
    )


def _lark_cache_file() -> str | bool:
    """Lark's own cache of the built LALR tables (saves ~0.1 s per start); off if no cache dir is writable."""
    directory = cache_dir()
    return str(directory / "lark-lalr.cache") if directory is not None else False


# What a lawyer should read for each kind of token the parser may expect.
_TERMINAL_WORDS = {
    "QUOTED_NAME": "et navn i »…«",
    "IDENT": "et navn",
    "NUMBER": "et tal",
    "DATE": "en dato",
    "STRING": "en tekst i \"…\"",
    "CITATION": "`hjemmel: …`",
    "LAW_NOTE": "en parentes med den ændrende lov",
    "_NL": "linjeskift",
    "_INDENT": "en indrykket linje",
    "_DEDENT": "en linje mindre indrykket",
    "CMP": "en sammenligning (`<`, `>`, `=` …)",
    "ER_CMP": "`før`, `efter`, `mindst`, `højst`, `under` eller `over`",
    "ADD_OP": "`+` eller `-`",
    "MUL_OP": "`gange`, `/` eller `af`",
    "HOURS": "`timer`",
    "PERCENT": "`%`",
    "KRONER": "`kr.`",
    "DURATION_UNIT": "`år`, `måneder` eller `dage`",
    "RULE_KW": "`regel` eller `spørgsmål`",
    "$END": "slutningen af blokken",
}


_PREFERRED = ["et navn i »…«", "`og`", "`eller`", "`er`", "`hjemmel: …`", "`er …`", "en sammenligning (`<`, `>`, `=` …)",
              "`,`", "`:`", "et tal", "en dato", "`)`"]


def _describe_terminal(name: str) -> str:
    if name in _TERMINAL_WORDS:
        return _TERMINAL_WORDS[name]
    for term in _parser().terminals:
        if term.name == name:
            if term.pattern.type == "str":
                return f"`{term.pattern.value}`"
            break
    return name.lower()


def _expected_words(expected) -> str:
    described = {_describe_terminal(e) for e in expected if not e.startswith("__")} - {"linjeskift"}
    words = [w for w in _PREFERRED if w in described] + sorted(described - set(_PREFERRED))
    if not words:
        return "noget andet"
    if len(words) > 6:
        words = words[:6] + ["…"]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " eller " + words[-1]


def _found_words(token: Token) -> str:
    if token.type == "_NL":
        return "linjeskift"
    if token.type == "_INDENT":
        return "en indrykket linje"
    if token.type == "_DEDENT":
        return "slutningen af punktet"
    if token.type == "$END":
        return "slutningen af blokken"
    return f"`{token.value}`"


def _span(block: Block, line: int, column: int, width: int = 1) -> Span:
    line = max(1, line or 1)
    column = max(1, column or 1)
    return Span(block.file, block.first_line + line - 1, column, block.first_line + line - 1, column + max(1, width), block.heading)


def _precheck(block: Block) -> list[Diagnostic]:
    """Problems cheaper to find on the raw text: tabs in indentation and absurd nesting depth."""
    found = []
    depth = 0
    deepest = 0
    for number, line in enumerate(block.text.split("\n"), start=1):
        too_deep_at = 0
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            found.append(messages.make("LK105", _span(block, number, len(line) - len(stripped) + 1)))
        indent = len(line) - len(stripped)
        if stripped and indent > 2 * MAX_DEPTH:
            found.append(messages.make("LK106", _span(block, number, 1), limit=MAX_DEPTH))
        for index, ch in enumerate(line):
            if ch == "(":
                depth += 1
                deepest = max(deepest, depth)
                if deepest > MAX_DEPTH and not too_deep_at:
                    too_deep_at = index + 1
            elif ch == ")":
                depth -= 1
        if deepest > MAX_DEPTH:
            found.append(messages.make("LK106", _span(block, number, too_deep_at or 1), limit=MAX_DEPTH))
            break
        if line.count("ikke ") > MAX_DEPTH or line.count("hvis ") > MAX_DEPTH:
            found.append(messages.make("LK106", _span(block, number, 1), limit=MAX_DEPTH))
            break
    return found


def _character_hint(text: str, pos: int) -> str:
    char = text[pos] if pos < len(text) else ""
    before = text[max(0, pos - 12) : pos]
    after = text[pos + 1 : pos + 2]
    if char == "." and re.search(r"\d$", before) and after.isdigit():
        return "Skriv decimaltal med komma, f.eks. `12,5` (punktum skiller tusinder: `16.323`)."
    if char == '"':
        return "En tekst skal slutte med `\"` på samme linje."
    if char in "»«<>":
        return "Et navn skrives `»varig og væsentlig nedsættelse«` eller `<<varig og væsentlig nedsættelse>>`."
    return "Fjern tegnet, eller sæt navnet i »…«, hvis det er en del af et navn."


def parse_block(block: Block) -> tuple[Tree | None, list[Diagnostic]]:
    """Parse one block. Returns the tree, or None and at least one diagnostic."""
    pre = _precheck(block)
    if pre:
        return None, pre
    text = block.text + "\n"
    try:
        return _parser().parse(text), []
    except UnexpectedCharacters as err:
        pos = err.pos_in_stream
        char = text[pos] if pos < len(text) else "?"
        number = re.match(r"\d+(?:\.\d+)+(?:,\d+)?", text[pos:])
        if number:
            return None, [messages.make("LK109", _span(block, err.line, err.column, len(number.group(0))),
                                        text=number.group(0))]
        return None, [messages.make("LK101", _span(block, err.line, err.column), char=char,
                                    hint=_character_hint(text, pos))]
    except UnexpectedToken as err:
        token = err.token
        if token.type == "$END":
            return None, [messages.make("LK103", _span(block, text.count("\n"), 1), expected=_expected_words(err.expected))]
        line = token.line if token.line is not None else err.line
        column = token.column if token.column is not None else err.column
        width = len(str(token.value)) if token.type not in ("_NL", "_INDENT", "_DEDENT") else 1
        if token.type in ("_INDENT", "_DEDENT", "_NL") and getattr(token, "end_line", None):
            # The indentation belongs to the line after the newline token.
            line, column = token.end_line, token.end_column
        if token.type in ("_INDENT", "_DEDENT"):
            return None, [messages.make("LK104", _span(block, line, column))]
        if token.type == "_NL":
            return None, [messages.make("LK103", _span(block, token.line, token.column),
                                        expected=_expected_words(err.expected))]
        return None, [messages.make("LK102", _span(block, line, column, width), expected=_expected_words(err.expected),
                                    found=_found_words(token), hint=_token_hint(token, err.expected))]
    except UnexpectedEOF as err:
        return None, [messages.make("LK103", _span(block, text.count("\n"), 1), expected=_expected_words(err.expected))]
    except DedentError as err:
        line = _dedent_line(block.text, str(err))
        return None, [messages.make("LK104", _span(block, line, 1))]
    except (UnexpectedInput, LarkError, RecursionError) as err:
        line = getattr(err, "line", 1) or 1
        return None, [messages.make("LK102", _span(block, line, getattr(err, "column", 1) or 1),
                                    expected="en gyldig erklæring", found="noget, jeg ikke forstår",
                                    hint="Se opslagsværket over sproget (docs/sprog.md).")]


def _dedent_line(text: str, message: str) -> int:
    """Lark's DedentError carries no position; find the first line whose indentation matches no outer level."""
    levels = [0]
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent > levels[-1]:
            levels.append(indent)
            continue
        while indent < levels[-1]:
            levels.pop()
        if indent != levels[-1]:
            return number
    return 1


def _token_hint(token: Token, expected) -> str:
    value = str(token.value)
    if token.type in ("QUOTED_NAME", "IDENT") and ("OG" in expected or "ELLER" in expected):
        return "Står der to ord eller navne efter hinanden? Sæt `og` eller `eller` imellem, eller fjern det ekstra ord foran."
    if token.type == "IDENT" and ("QUOTED_NAME" in expected or "IDENT" in expected):
        return "Et navn med mellemrum skrives i »…« eller <<…>>."
    if token.type == "IDENT":
        return f"`{value}` er ikke et ord, lovkode kender her. Navne med mellemrum skrives i »…«."
    if "CITATION" in expected:
        return "Hver erklæring angiver sin hjemmel på en linje `hjemmel: …`."
    return "Se opslagsværket over sproget (docs/sprog.md) for, hvordan erklæringen skrives."
