"""grammar.py builds, while Lark parses, the same tree python-hcl2's two passes build.

The oracle is python-hcl2 itself: `hcl2.parses` (Lark tree, then its RuleTransformer), copied
node for node into plain nodes the way hds-lint did before it built them inline. Any
difference (a kind, a child, a line, an offset, a token's name or value) fails here, so a
python-hcl2 upgrade that reshapes its tree is caught before it changes a finding.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import hcl2
import pytest
from hypothesis import HealthCheck, given, settings
from snippets import mutated

from hds_lint.errors import SourceSyntaxError
from hds_lint.terraform import grammar, hcl
from hds_lint.terraform.tree import Rule, Token, attribute_expression, attributes

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import generate  # noqa: E402

FIXTURES = sorted((ROOT / "tests" / "hcl").glob("*.tf"))
FILES = sorted((ROOT / "testdata").glob("**/*.tf")) + FIXTURES


def _oracle(node: Any, source: str) -> Any:
    """python-hcl2's typed tree as plain nodes (its rule class names, Lark's positions)."""
    children = getattr(node, "children", None)
    if children is None:
        return Token(node.lark_name(), node.value)
    meta = node._meta
    line = int(getattr(meta, "line", 0) or 0)
    start = int(getattr(meta, "start_pos", 0) or 0)
    return Rule(
        type(node).__name__,
        [_oracle(child, source) for child in children if child is not None],
        line,
        int(getattr(meta, "end_line", 0) or line),
        start,
        int(getattr(meta, "end_pos", 0) or start),
        source,
    )


def _difference(expected: Any, got: Any, where: str = "") -> str | None:
    if type(expected) is not type(got):
        return f"{where}: {expected!r} != {got!r}"
    if isinstance(expected, Token):
        same = (expected.kind, expected.value, type(expected.value)) == (got.kind, got.value, type(got.value))
        return None if same else f"{where}: {expected!r} != {got!r}"
    mine = (expected.kind, expected.line, expected.end_line, expected.start, expected.end, len(expected.children))
    theirs = (got.kind, got.line, got.end_line, got.start, got.end, len(got.children))
    if mine != theirs:
        return f"{where}: {mine} != {theirs} ({expected.children} != {got.children})"
    for index, (a, b) in enumerate(zip(expected.children, got.children, strict=True)):
        found = _difference(a, b, f"{where}/{expected.kind}[{index}]")
        if found:
            return found
    return None


def _same_as_python_hcl2(text: str) -> None:
    try:
        expected = _oracle(hcl2.parses(text), text)
    except Exception:  # whatever python-hcl2 raises, we refuse the file too (inputs here are shallow:
        # beyond grammar.MAX_DEPTH we cut an expression where python-hcl2 recurses; tested below)
        with pytest.raises(SourceSyntaxError):
            hcl.parse(text)
        return
    got = hcl.parse(text)
    assert got.source is text
    assert _difference(expected, got) is None, _difference(expected, got)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_real_file_parses_to_python_hcl2s_tree(path: Path) -> None:
    _same_as_python_hcl2(path.read_text())


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_the_odd_construct_fixtures_are_valid_hcl(path: Path) -> None:
    """Else they would only prove that both parsers refuse them."""
    hcl2.parses(path.read_text())


@pytest.mark.parametrize("ending", ["\r\n", "\n"])
def test_line_endings_and_tabs_give_python_hcl2s_tree(ending: str) -> None:
    for path in FIXTURES:
        _same_as_python_hcl2(path.read_text().replace("  ", "\t").replace("\n", ending))


def test_a_keyword_used_as_a_name_stays_a_name() -> None:
    (expression,) = (attribute_expression(a) for a in attributes(hcl.parse("a = b.in\n")))
    tokens = []
    stack = [expression]
    while stack:
        node = stack.pop()
        if isinstance(node, Rule):
            stack.extend(node.children)
        else:
            tokens.append((node.kind, node.value))
    assert ("NAME", "in") in tokens and ("IN", "in") not in tokens


def test_the_benchmark_corpus_parses_to_python_hcl2s_tree(tmp_path: Path) -> None:
    root = generate(tmp_path / "corpus", 3, seed=7)
    files = sorted(p for p in root.rglob("*") if p.name.endswith((".tf", ".tfvars")))
    assert len(files) > 15
    for path in files:
        _same_as_python_hcl2(path.read_text())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sample=mutated(FILES, '{}[]()"\\:$%~#\n\t=*&!?.,'))
def test_mutated_files_parse_to_python_hcl2s_tree_or_fail_alike(sample: tuple[Path, str]) -> None:
    _same_as_python_hcl2(sample[1])


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('a = 1\nb = "x %{ if a }y"\n', 2, "%{ if } without %{ endif }"),
        ('a = "%{ for x in y }${x}"\n', 1, "%{ for } without %{ endfor }"),
        ('a = "%{ if a }x%{ else }y"\n', 1, "%{ if } without %{ endif }"),
    ],
)
def test_an_unclosed_template_directive_is_a_syntax_error_at_its_line(text: str, line: int, words: str) -> None:
    with pytest.raises(SourceSyntaxError) as caught:
        hcl.parse(text)
    assert (caught.value.line, words in caught.value.message) == (line, True)


def test_every_grammar_rule_has_a_builder() -> None:
    """A rule python-hcl2 adds and the Builder does not know would come back as a Lark tree:
    every rule that can make a node (not inlined by `_`, and not a `?rule` of one symbol,
    which Lark replaces by its child) must be one of grammar._KINDS."""
    makes_nodes = set()
    for rule in grammar.parser().lark.rules:
        name = str(rule.alias or rule.origin.name)
        if name.startswith("_") or (rule.options.expand1 and not rule.alias and len(rule.expansion) == 1):
            continue
        makes_nodes.add(name)
    assert makes_nodes - set(grammar._KINDS) == set()


@pytest.mark.parametrize(
    "deep",
    [
        "(" * 300 + "1" + ")" * 300,
        " + ".join(["x"] * 1000),
        "var.a" + ".b" * 400,
        "{ a = " * 100 + "1" + " }" * 100,
    ],
)
def test_an_expression_nested_beyond_the_limit_is_cut_not_the_file(deep: str) -> None:
    """Evaluation and pickling walk trees recursively: below grammar.MAX_DEPTH the parser keeps
    a childless TooDeepRule, which evaluates to an unknown value; the rest of the file stays."""
    from hds_lint.model import has_unknown
    from hds_lint.terraform.values import Evaluator

    document = hcl.parse(f'x {{\n  deep = {deep}\n  region = "eu-west-3"\n}}\n')
    (block,) = (b for b in [document.children[0].children[0]] if b.kind == "BlockRule")
    values = {}
    for attribute in attributes(block):
        values[attribute.children[0].children[0].value] = Evaluator().evaluate(attribute_expression(attribute))
    assert values["region"] == "eu-west-3"
    assert has_unknown(values["deep"])  # all of it, or its innermost part for the nested object
    assert "nested too deeply" in repr(values["deep"])
    stack, deepest = [(document, 1)], 0
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((c, level + 1) for c in node.children if isinstance(c, Rule))
    assert deepest <= grammar.MAX_DEPTH + 1


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('a = 1\nb = "' + "%{ if x }" * 120 + "y" + "%{ endif }" * 120 + '"\n', 2),
        ('a = 1\nb = "' + "%{ if x }" * 600 + "y" + "%{ endif }" * 600 + '"\n', 2),
    ],
)
def test_template_directives_nested_beyond_the_limit_are_refused_at_their_line(text: str, line: int) -> None:
    with pytest.raises(SourceSyntaxError) as caught:
        hcl.parse(text)
    assert caught.value.line == line
    assert f"nested more than {grammar.MAX_DEPTH} levels" in caught.value.message


def test_python_hcl2s_parse_table_is_loaded_not_rebuilt(caplog: pytest.LogCaptureFixture) -> None:
    """If python-hcl2 changed the options of its parser, Lark's cache key would no longer
    match ours: each process would rebuild the table (over a second) and overwrite
    python-hcl2's cache file. Lark says which it did."""
    import logging

    import hcl2.parser
    from lark import logger

    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        # python-hcl2 first, so that the table on disk is the one its own key wrote.
        hcl2.parser.parser.cache_clear()
        hcl2.parser.parser()
        grammar.parser.cache_clear()
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger=logger.name):
            grammar.parser()
    finally:
        logger.setLevel(level)
    messages = [record.getMessage() for record in caplog.records]
    assert any("Loading grammar from cache" in m for m in messages), messages
    assert not any("Saving grammar to cache" in m for m in messages), messages
