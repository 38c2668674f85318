"""The VS Code extension's TextMate grammar highlights the spec's lovkode blocks as the parser reads them."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lovkode.pipeline import spec_dir
from lovkode.workspace import keywords

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "editors" / "vscode"
GRAMMAR = json.loads((EXTENSION / "syntaxes" / "lovkode.tmLanguage.json").read_text(encoding="utf-8"))
INJECTION = json.loads((EXTENSION / "syntaxes" / "lovkode-markdown-injection.tmLanguage.json").read_text(encoding="utf-8"))


def _regexes(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("match", "begin", "end", "while") and isinstance(value, str):
                yield value
            else:
                yield from _regexes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _regexes(item)


def test_every_regex_of_both_grammars_compiles():
    for regex in [*_regexes(GRAMMAR), *_regexes(INJECTION)]:
        # \G and back references into the `begin` match (in `end`) are Oniguruma's; the rest is Python's syntax too
        re.compile(re.sub(r"\\[1-9]", "", regex.replace("\\G", "")))


def test_every_word_of_the_language_has_a_pattern_that_matches_it():
    patterns = [re.compile(r) for r in _regexes(GRAMMAR)]
    missing = [w for w in keywords() if not any(p.fullmatch(w) or p.search(f"1. {w} 2024") or p.search(f"5 {w}.")
                                                for p in patterns if "»" not in p.pattern and "\\W\\d" not in p.pattern)]
    assert [] == missing


def test_the_extension_contributes_the_grammar_the_injection_and_the_language_settings():
    manifest = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    grammars = {g["scopeName"]: g for g in manifest["contributes"]["grammars"]}
    assert ["text.html.markdown"] == grammars["markdown.lovkode.codeblock"]["injectTo"]
    assert {"meta.embedded.block.lovkode": "lovkode"} == grammars["markdown.lovkode.codeblock"]["embeddedLanguages"]
    assert "source.lovkode" == GRAMMAR["scopeName"]
    assert (EXTENSION / manifest["contributes"]["languages"][0]["configuration"]).is_file()


def test_the_real_tokenizer_highlights_every_lovkode_line_of_the_spec_and_no_prose(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node findes ikke; VS Code's tokenizer (vscode-textmate) kan ikke køre")
    if not (EXTENSION / "node_modules" / "vscode-textmate").is_dir():
        pytest.skip("editors/vscode/node_modules mangler: kør editors/vscode/scripts/package.sh (kræver npm-registret)")
    words = tmp_path / "words.json"
    words.write_text(json.dumps(list(keywords()), ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([node, "test/grammar.test.js", str(spec_dir()), str(words)], cwd=EXTENSION,
                          capture_output=True, text=True, encoding="utf-8", check=False)
    assert (0, "") == (done.returncode, done.stderr)
    assert done.stdout.startswith("ok: ")
