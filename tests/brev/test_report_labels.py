"""The batch report names conditions and facts as the law does (»arbejdsevne varigt nedsat«), not by
machine name, when it knows the spec (as ``lovkode batch --report`` does)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from lovkode.render.json_output import results_json
from lovkode.report import ReportBuilder

ROOT = Path(__file__).resolve().parents[2]
SNAKE = re.compile(r"(?<![\w/.-])[a-zæøå]+_[a-zæøå0-9_]+(?![\w/])")


def test_the_report_shows_danish_names_not_machine_names(spec):
    names = {**{k: f.name for k, f in spec.facts.items()}, **{k: r.name for k, r in spec.rules.items()}}
    report = ReportBuilder(navne=names)
    lines = (ROOT / "spec" / "data" / "demo-sager.jsonl").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[:40], start=1):
        answers = spec.evaluate(json.loads(line), exhaustive=True)
        report.add(number, results_json(answers)["results"], None)
    markdown, html = report.to_markdown(), report.to_html()
    assert "»" in markdown and "»" in html
    for text in (markdown, html):
        tables = text.split("Hyppigste betingelser", 1)[1]
        assert not SNAKE.findall(tables), SNAKE.findall(tables)[:5]
