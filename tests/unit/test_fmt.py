"""`lovkode fmt`: one layout for lovkode blocks, the prose untouched, and never a change of meaning."""
from __future__ import annotations

import random
import subprocess

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lovkode import fmt
from lovkode.literate import blocks
from lovkode.pipeline import compile_sources, read_sources, spec_dir
from tests.conftest import lovkode_command

SPEC_SOURCES, _ = read_sources(spec_dir())

MESSY = """\
regel   <<løn efter fradrag>>  :beløb
    hjemmel :   LAB § 123, stk. 2
    er største af ( »løn« - »fradrag« ,«nul» )   -  -5 kr.  # kommentar


    # en kommentar står som koden under den
    version fra 2020-01-01 (L 1) :
        er opfyldt, når alle af følgende:
            - »p«
            - ikke »q«
eksempel "en sag"
   givet: »x«: -5 ; »y«:2
   så:
         - »a b«: ukendt, mangler »x«
"""

CANONICAL = """\
regel »løn efter fradrag«: beløb
  hjemmel: LAB § 123, stk. 2
  er største af (»løn« - »fradrag«, »nul«) - -5 kr. # kommentar

  # en kommentar står som koden under den
  version fra 2020-01-01 (L 1):
    er opfyldt, når alle af følgende:
      - »p«
      - ikke »q«
eksempel "en sag"
  givet: »x«: -5; »y«: 2
  så:
    - »a b«: ukendt, mangler »x«"""


def test_a_block_gets_two_spaces_a_level_one_space_between_words_and_names_in_guillemets():
    assert CANONICAL == fmt.format_block_text(MESSY)


def test_formatting_twice_changes_nothing():
    assert CANONICAL == fmt.format_block_text(CANONICAL)


def test_the_prose_and_other_code_blocks_are_left_byte_for_byte():
    prose = "# §  1\n\nTekst  med   mellemrum  \n\n```python\nx  =  1\n```\n\n"
    text = prose + "```lovkode\n" + MESSY + "```\n\nEfter   blokken.  \n"
    assert prose + "```lovkode\n" + CANONICAL + "\n```\n\nEfter   blokken.  \n" == fmt.format_text("a.md", text)


def test_a_block_that_does_not_parse_is_left_as_it_is():
    broken = "regel  »a«\n    er  »b« og\n"
    text = "```lovkode\n" + broken + "```\n"
    assert text == fmt.format_text("a.md", text)


def test_fmt_says_which_block_it_left_alone(tmp_path):
    broken = tmp_path / "fejl.md"
    broken.write_text("# Fejl\n\n```lovkode\nregel  »a«\n    er  »b« og\n```\n", encoding="utf-8")
    done = _run("fmt", str(broken))
    assert (0, f"{broken}:3: blokken kan ikke læses og er ikke formateret; `lovkode check` viser fejlen.") \
        == (done.returncode, done.stderr.strip())


def test_windows_line_endings_are_kept():
    text = "Tekst\r\n\r\n```lovkode\r\nfaktum   »a«:  tal\r\n```\r\n"
    assert "Tekst\r\n\r\n```lovkode\r\nfaktum »a«: tal\r\n```\r\n" == fmt.format_text("a.md", text)


def test_the_bundled_spec_already_has_the_canonical_layout():
    assert {} == {name: "ændres" for name, text in SPEC_SOURCES.items() if fmt.format_text(name, text) != text}


def _run(*args):
    done = subprocess.run(lovkode_command() + list(args), capture_output=True, text=True, encoding="utf-8", check=False)
    assert "Traceback" not in done.stderr
    return done


def test_check_lists_the_files_that_would_change_and_exits_1_then_fmt_fixes_them(tmp_path):
    messy = tmp_path / "regler.md"
    messy.write_text("# Regler\n\n```lovkode\n" + MESSY + "```\n", encoding="utf-8")
    tidy = tmp_path / "ren.md"
    tidy.write_text("```lovkode\nfaktum »a«: tal\n```\n", encoding="utf-8")
    done = _run("fmt", "--check", "--spec", str(tmp_path))
    assert (1, f"Ville blive ændret: {messy}") == (done.returncode, done.stdout.splitlines()[0])
    assert "ren.md" not in done.stdout
    assert MESSY in messy.read_text(encoding="utf-8")
    assert 0 == _run("fmt", str(messy)).returncode
    assert "# Regler\n\n```lovkode\n" + CANONICAL + "\n```\n" == messy.read_text(encoding="utf-8")
    assert 0 == _run("fmt", "--check", str(tmp_path)).returncode


def test_check_passes_on_the_bundled_spec():
    done = _run("fmt", "--check")
    assert (0, "Alle 12 filer har allerede den faste opstilling.") == (done.returncode, done.stdout.strip())


# Property: whatever whitespace, indentation unit and quote style a block is written with, fmt gives
# the bundled spec's own text back, and neither `lovkode check` nor any example sees a difference.

def _perturb_block(text: str, rnd: random.Random) -> str:
    tokens = fmt.block_tokens(text)
    assert tokens is not None
    unit = rnd.choice([1, 2, 3, 4, 8])
    by_line: dict[int, list] = {}
    for token in tokens:
        by_line.setdefault(token.line, []).append(token)
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        line_tokens = by_line.get(number)
        if not line_tokens:
            out.append(line + " " * rnd.randint(0, 2))
            out.extend([""] * rnd.randint(0, 1) if not line.strip() else [])
            continue
        depth = (line_tokens[0].column - 1) // len(fmt.INDENT)
        parts = [" " * (depth * unit)]
        for index, token in enumerate(line_tokens):
            value = str(token)
            if token.type == "QUOTED_NAME":
                inner = value[1:-1]
                value = rnd.choice([f"»{inner}«", f"«{inner}»", f"<<{inner}>>", f"<< {inner} >>"])
            elif token.type == "CITATION":
                value = "hjemmel" + " " * rnd.randint(0, 2) + ":" + " " * rnd.randint(1, 3) + value.split(":", 1)[1].strip()
            if index:
                gap = line_tokens[index - 1].end_column < token.column
                parts.append(" " * (rnd.randint(0 if not gap else 1, 3)))
            parts.append(value)
        out.append("".join(parts) + " " * rnd.randint(0, 2))
    return "\n".join(out)


def _perturb_file(name: str, text: str, rnd: random.Random) -> str:
    lines = text.split("\n")
    for block in reversed(blocks(name, text)):
        first = block.first_line - 1
        count = len(block.text.split("\n"))
        lines[first:first + count] = _perturb_block(block.text, rnd).split("\n")
    return "\n".join(lines)


def _what_it_computes(sources: dict[str, str]):
    spec, diagnostics = compile_sources(sources)
    reported = sorted((d.code, d.span.file, d.message) for d in diagnostics)
    examples = [(r.example.name, r.passed, r.message, repr(sorted(r.actual.items()))) for r in spec.run_examples()]
    return reported, examples


ORIGINAL = _what_it_computes(SPEC_SOURCES)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(SPEC_SOURCES)), st.integers(0, 2**32))
def test_fmt_undoes_any_layout_and_never_changes_what_the_spec_computes(name, seed):
    perturbed = _perturb_file(name, SPEC_SOURCES[name], random.Random(seed))
    formatted = fmt.format_text(name, perturbed)
    assert SPEC_SOURCES[name] == formatted
    assert formatted == fmt.format_text(name, formatted)
    assert ORIGINAL == _what_it_computes({**SPEC_SOURCES, name: perturbed})
