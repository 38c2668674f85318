"""Every node of the language has a decision in the columnar compiler: an array form, or the
scalar path. A new node type, or a node that gains a field, fails here until someone decides, and
until then a rule that uses it is answered on the scalar path — right from the first day."""
from __future__ import annotations

import random

import attrs
import pytest

pytest.importorskip("numpy", reason="søjlevis evaluering kræver numpy (lovkode[data])")

from lovkode import ast  # noqa: E402
from lovkode.columnar import compile as columnar  # noqa: E402
from lovkode.columnar.table import compiled_for  # noqa: E402

from tests.columnar.specgen import random_case, random_spec_text  # noqa: E402
from tests.columnar.test_same_as_scalar import assert_same  # noqa: E402
from tests.helpers import spec_of  # noqa: E402


def _node_types():
    return {value for value in vars(ast).values()
            if isinstance(value, type) and attrs.has(value) and value.__module__ == ast.__name__}


def test_every_node_type_has_a_decision():
    decided = set(columnar.EXPRESSIONS) | columnar.DECLARATIONS | columnar.NOT_EVALUATED | columnar.SCALAR_ONLY
    undecided = sorted(t.__name__ for t in _node_types() - decided)
    assert undecided == [], "nye knudetyper uden beslutning i lovkode.columnar.compile"


def test_every_compiled_node_has_the_fields_its_array_form_was_written_for():
    for node in set(columnar.EXPRESSIONS) | columnar.DECLARATIONS:
        assert columnar.SHAPES[node] == tuple(a.name for a in attrs.fields(node)), node.__name__


def test_every_rule_of_the_bundled_spec_is_columnar(spec):
    """Silent versions, the regulated knækpunkt, why a value is unknown: no rule is answered row by row."""
    assert compiled_for(spec).scalar == set()


@pytest.mark.parametrize("removed", [ast.WholeYears, ast.Known, ast.If, ast.Extreme, ast.WhyUnknown, ast.Lawful])
def test_a_construct_without_an_array_form_is_answered_on_the_scalar_path(monkeypatch, removed):
    monkeypatch.delitem(columnar.EXPRESSIONS, removed)
    scalar = set()
    for seed in range(6):
        spec = spec_of(random_spec_text(seed))
        rng = random.Random(seed)
        assert_same(spec, [random_case(rng) for _ in range(30)])
        scalar |= compiled_for(spec).scalar
    assert scalar


@pytest.mark.parametrize("node", [ast.Compare, ast.Silent, ast.RegulationDecl, ast.Level, ast.RegulationStep])
def test_a_node_with_a_new_field_is_answered_on_the_scalar_path(monkeypatch, node):
    monkeypatch.setitem(columnar.SHAPES, node, columnar.SHAPES[node] + ("ny",))
    spec = spec_of(random_spec_text(3))
    compiled = columnar.Compiled(spec)
    assert compiled.scalar
    rng = random.Random(3)
    assert_same(spec, [random_case(rng) for _ in range(30)])
