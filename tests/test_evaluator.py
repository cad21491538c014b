"""The expression evaluator: Terraform's semantics where it knows them, Unknown elsewhere."""

from __future__ import annotations

from typing import Any

import pytest

from hds_lint.model import Unknown
from hds_lint.terraform import hcl
from hds_lint.terraform.values import Evaluator, Lazy, expression_text

VARS = {
    "region": "eu-west-3",
    "env": "prod",
    "tags": {"team": "dpi", "hds": "true"},
    "zones": ["a", "b"],
    "servers": [{"name": "db1", "zone": "fr-par-1"}, {"name": "db2", "zone": "fr-par-2"}],
    "count": 2,
}


def evaluate(expression: str, variables: dict | None = None, notes: list | None = None) -> Any:
    names = {"var": VARS if variables is None else variables, "local": {"prefix": "hds"}}
    return Evaluator(names.get, notes).evaluate(hcl.parse_expression(expression))


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("var.region", "eu-west-3"),
        ('"${var.env}-${var.region}"', "prod-eu-west-3"),
        ('var.tags["team"]', "dpi"),
        ("var.servers[1].zone", "fr-par-2"),
        ("var.servers[*].name", ["db1", "db2"]),
        ("var.servers.*.zone", ["fr-par-1", "fr-par-2"]),
        ('var.env == "prod" ? "eu-west-3" : "us-east-1"', "eu-west-3"),
        ("1 + 2 * 3", 7),
        ("var.count > 1 && !false", True),
        ("10 / 4", 2.5),
        ("[for z in var.zones : upper(z)]", ["A", "B"]),
        ('[for s in var.servers : s.name if s.zone != "fr-par-1"]', ["db2"]),
        ("{for s in var.servers : s.name => s.zone}", {"db1": "fr-par-1", "db2": "fr-par-2"}),
        ('{for k, v in var.tags : upper(k) => v if k != "team"}', {"HDS": "true"}),
        ('merge(var.tags, {env = "prod"}, {team = "infra"})', {"team": "infra", "hds": "true", "env": "prod"}),
        ('lookup(var.tags, "missing", "default")', "default"),
        ('lookup(var.tags, "hds")', "true"),
        ('concat(var.zones, ["c"])', ["a", "b", "c"]),
        ('coalesce("", null, "x")', "x"),
        ('coalescelist([], ["y"])', ["y"]),
        ('format("%s-%03d-%q", "db", 7, "x")', 'db-007-"x"'),
        ('join("-", ["a", "b"])', "a-b"),
        ('split(",", "a,b")', ["a", "b"]),
        ('replace("eu-west-3", "-", "_")', "eu_west_3"),
        ('replace("fr-par-1", "/-(\\\\d)$/", "")', "fr-par"),
        ('trimprefix("hds-hds-x", "hds-")', "hds-x"),
        ('trimsuffix("zone-a", "-a")', "zone"),
        ('trimspace("  x ")', "x"),
        ('lower("EU-WEST-3")', "eu-west-3"),
        ('toset(["b", "a", "b"])', ["a", "b"]),
        ('tomap({a = "1"})', {"a": "1"}),
        ('element(["a", "b"], 3)', "b"),
        ("keys(var.tags)", ["hds", "team"]),
        ("values(var.tags)", ["true", "dpi"]),
        ("length(var.zones)", 2),
        ('contains(var.zones, "b")', True),
        ('jsonencode({b = 1, a = ["x"]})', '{"a":["x"],"b":1}'),
        ('try(var.tags["nope"], "fallback")', "fallback"),
        ('can(var.tags["nope"])', False),
        ('can(var.tags["hds"])', True),
        ("local.prefix", "hds"),
    ],
)
def test_known_values(expression: str, expected: Any) -> None:
    assert evaluate(expression) == expected


def test_unknown_propagates_and_names_its_root_cause() -> None:
    value = evaluate(
        '"${var.missing}-db"', variables=Lazy("var", ["missing"], lambda n: Unknown(f"var.{n}", "no value"))
    )
    assert isinstance(value, Unknown) and value.reason == "no value"
    assert isinstance(evaluate("upper(data.aws_region.current.name)"), Unknown)
    assert isinstance(evaluate("var.unset == 1"), Unknown)


def test_partly_known_merge_keeps_only_certain_keys() -> None:
    value = evaluate('merge({hds = "true"}, data.x.tags, {team = "dpi"})')
    assert value["team"] == "dpi"
    assert isinstance(value["hds"], Unknown)  # the unknown argument could override it


def test_short_circuit_and_agreeing_branches_decide_without_the_unknown() -> None:
    assert evaluate("false && data.x.flag") is False
    assert evaluate("true || data.x.flag") is True
    assert evaluate('data.x.flag ? "eu-west-3" : "eu-west-3"') == "eu-west-3"


@pytest.mark.parametrize(
    "expression",
    [
        'upper(["a"])',
        'lookup(var.tags, "nope")',
        "element([], 0)",
        'format("%d", "x")',
        "1 + true",
        "var.zones[5]",
        "concat(var.zones...)",  # expands to strings, and concat takes lists
    ],
)
def test_errors_are_unknown_with_a_note_never_a_crash(expression: str) -> None:
    notes: list = []
    value = evaluate(expression, notes=notes)
    assert isinstance(value, Unknown) and value.error


def test_unknown_function_is_unknown_with_a_note() -> None:
    notes: list = []
    value = evaluate('templatefile("x.tpl", {})', notes=notes)
    assert isinstance(value, Unknown) and not value.error
    assert notes and "templatefile() is not evaluated" in notes[0][1]


def test_lazy_namespace_reports_cycles() -> None:
    namespace: Lazy

    def compute(name: str) -> Any:
        return namespace.get("b" if name == "a" else "a")

    namespace = Lazy("local", ["a", "b"], compute)
    value = namespace.get("a")
    assert isinstance(value, Unknown) and "cycle" in value.reason


@pytest.mark.parametrize(
    ("written", "quoted"),
    [
        (
            '(var.primary # the main site\n  ? "eu-west-3"  // other\n  : /* c */ var.fallback)',
            '(var.primary ? "eu-west-3" : var.fallback)',
        ),
        ('merge(var.a, {\n  b = "#not // a comment" # one\n})', 'merge(var.a, { b = "#not // a comment" })'),
        ('"${var.region}"', "var.region"),
    ],
)
def test_messages_quote_the_expression_as_written_without_its_comments(written: str, quoted: str) -> None:
    assert " ".join(expression_text(hcl.parse_expression(written)).split()) == quoted
