"""The python-hcl2 facade: line numbers, errors and static values. An upgrade of the parser
that changes any of these fails here first."""

from __future__ import annotations

import pytest

from hds_lint.errors import SourceSyntaxError
from hds_lint.model import Unknown
from hds_lint.terraform import hcl
from hds_lint.terraform.tree import attribute_expression, attribute_name, attributes, block_labels, blocks
from hds_lint.terraform.values import Evaluator

SOURCE = """# a comment on the first line
# and another

resource "aws_s3_bucket" "b" {
  # inner comment
  bucket = "x" # trailing

  lifecycle_rule {
    id = "a"
  }

  tags = {
    hds = "true"
  }
}
"""


def test_block_and_attribute_lines() -> None:
    document = hcl.parse(SOURCE)
    (block,) = blocks(document)
    assert block_labels(block) == ["resource", "aws_s3_bucket", "b"]
    assert (hcl.span(block, "f").start_line, hcl.span(block, "f").end_line) == (4, 15)
    spans = {attribute_name(a): hcl.span(a, "f") for a in attributes(block)}
    assert (spans["bucket"].start_line, spans["bucket"].end_line) == (6, 6)
    assert (spans["tags"].start_line, spans["tags"].end_line) == (12, 14)
    (nested,) = blocks(block)
    assert (hcl.span(nested, "f").start_line, hcl.span(nested, "f").end_line) == (8, 10)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('resource "a" "b" {\n  x = 1\n', 3, "end of file"),
        ('resource "a" "b" {\n  x = \n}\n', 2, "unexpected"),
        ('a = "unterminated\n', 1, "unexpected"),
    ],
)
def test_syntax_errors_have_a_line_and_plain_words(text: str, line: int, words: str) -> None:
    with pytest.raises(SourceSyntaxError) as caught:
        hcl.parse(text)
    assert caught.value.line == line
    assert words in caught.value.message
    assert "Token(" not in caught.value.message


def _values(body: str, resolver=None) -> dict:
    source = "x {\n" + body + "\n}\n"
    (block,) = blocks(hcl.parse(source))
    evaluator = Evaluator(resolver)
    return {attribute_name(a): evaluator.evaluate(attribute_expression(a)) for a in attributes(block)}


def test_literals_strings_and_collections() -> None:
    values = _values(
        "\n".join(
            [
                "a = -1",
                "b = 1.5",
                'c = "say \\"hi\\"\\n"',
                "d = (true)",
                'e = { "k" = "v", z: [1, null] }',
                'f = "$${literal}"',
                'g = "a${"b"}c"',
                "h = <<-EOT\n    one\n      two\n  EOT",
                "i = !false",
            ]
        )
    )
    assert values == {
        "a": -1,
        "b": 1.5,
        "c": 'say "hi"\n',
        "d": True,
        "e": {"k": "v", "z": [1, None]},
        "f": "${literal}",
        "g": "abc",
        "h": "one\n  two\n",
        "i": True,
    }


def test_what_cannot_be_known_is_an_explicit_unknown_with_its_text() -> None:
    values = _values('r = var.region\nn = "${var.env}-db"\nm = merge(local.a, {b = 1})\nc = a ? "x" : "y"')
    assert values == {
        "r": Unknown("var.region"),
        "n": Unknown('"${var.env}-db"'),
        "m": {"<local.a>": Unknown("local.a"), "b": 1},  # merge keeps what it knows
        "c": Unknown('a ? "x" : "y"'),
    }


def test_partly_known_object_keeps_its_known_keys() -> None:
    values = _values('t = { hds = "true", (var.k) = "v" }')
    assert values["t"]["hds"] == "true"
    assert isinstance(values["t"]["<var.k>"], Unknown)


def test_references_go_through_the_resolver() -> None:
    values = _values('n = "${var.env}-db"', resolver=lambda name: {"env": "prod"} if name == "var" else None)
    assert values["n"] == "prod-db"
