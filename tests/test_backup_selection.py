"""AWS Backup selections by ARN pattern and tags: what they select, what they exclude, and
what cannot be told (reported, never guessed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hds_lint.backup_selection import selectable_arns
from hds_lint.discover import discover
from hds_lint.engine import scan
from hds_lint.relations import Index
from hds_lint.terraform.loader import load_terraform
from hds_lint.terraform.modules import Evaluation, Inputs

PARIS = 'provider "aws" {\n  region = "eu-west-3"\n}\n'
PLAN = (
    'resource "aws_backup_plan" "p" {\n  name = "p"\n  rule {\n    rule_name         = "d"\n'
    '    target_vault_name = "main"\n    copy_action {\n'
    '      destination_vault_arn = "arn:aws:backup:us-east-1:111122223333:backup-vault:dr"\n'
    "    }\n  }\n}\n"
)
DB = (
    'resource "aws_db_instance" "db" {\n  identifier              = "dpi"\n  backup_retention_period = 7\n'
    '  tags = { hds = "true", tier = "gold" }\n}\n'
)
TABLE = 'resource "aws_dynamodb_table" "t" {\n  name     = "dpi-rdv"\n  hash_key = "id"\n  tags = { hds = "true" }\n}\n'


def _selection(body: str) -> str:
    return (
        'resource "aws_backup_selection" "s" {\n  name         = "s"\n  iam_role_arn = "r"\n'
        f"  plan_id      = aws_backup_plan.p.id\n{body}}}\n"
    )


def _selected(root: Path) -> dict[str, bool | None]:
    modules, variables, _problems = load_terraform(discover([str(root)])[0])
    resources = Evaluation(modules, Inputs(), variables).run()
    return {resource.address: how.state for _s, resource, how in Index(resources).selected()}


def _findings(root: Path) -> list[tuple[str, str, str]]:
    return [(f.rule_id, f.level, f.address) for f in scan([str(root)]).findings]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('  resources = ["*"]\n', {"aws_db_instance.db": True, "aws_dynamodb_table.t": True}),
        ('  resources = ["arn:aws:rds:*:*:db:*"]\n', {"aws_db_instance.db": True}),
        ('  resources = ["arn:aws:dynamodb:*:*:table/*"]\n', {"aws_dynamodb_table.t": True}),
        ('  resources = ["arn:aws:dynamodb:eu-west-3:111122223333:table/dpi-*"]\n', {"aws_dynamodb_table.t": True}),
        ('  resources = ["arn:aws:dynamodb:us-east-1:*:table/*"]\n', {}),  # another region
        ('  resources = ["arn:aws:dynamodb:*:*:table/analytics-*"]\n', {}),
        ('  resources = ["arn:aws:rds:*:*:db:*"]\n  not_resources = ["arn:aws:rds:*:*:db:dpi"]\n', {}),
        ('  resources = ["*"]\n  not_resources = [aws_db_instance.db.arn]\n', {"aws_dynamodb_table.t": True}),
        # Neither resources nor selection_tag: AWS refuses the selection, it selects nothing.
        (
            '  condition {\n    string_equals {\n      key   = "aws:ResourceTag/hds"\n      value = "true"\n'
            "    }\n  }\n",
            {},
        ),
    ],
)
def test_arn_patterns_and_exclusions(write, body: str, expected: dict) -> None:
    assert _selected(write({"main.tf": PARIS + PLAN + DB + TABLE + _selection(body)})) == expected


def _condition(operator: str, key: str, value: str) -> str:
    entry = f'    {operator} {{\n      key   = "{key}"\n      value = {value}\n    }}\n'
    return f'  resources = ["*"]\n  condition {{\n{entry}  }}\n'


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (_condition("string_equals", "aws:ResourceTag/tier", '"gold"'), {"aws_db_instance.db": True}),
        (_condition("string_equals", "aws:ResourceTag/hds", '"True"'), {}),  # case sensitive
        (_condition("string_like", "aws:ResourceTag/tier", '"go*"'), {"aws_db_instance.db": True}),
        # A resource without the tag passes the negated operators (IAM's reading).
        (_condition("string_not_equals", "aws:ResourceTag/tier", '"gold"'), {"aws_dynamodb_table.t": True}),
        (_condition("string_not_like", "aws:ResourceTag/tier", '"g*"'), {"aws_dynamodb_table.t": True}),
        (
            _condition("string_equals", "aws:ResourceTag/tier", "var.tier"),
            {"aws_db_instance.db": None, "aws_dynamodb_table.t": None},
        ),
        (
            '  selection_tag {\n    type  = "STRINGEQUALS"\n    key   = "tier"\n    value = "gold"\n  }\n',
            {"aws_db_instance.db": True},
        ),
        (
            '  selection_tag {\n    type  = "STRINGEQUALS"\n    key   = "aws:ResourceTag/hds"\n    value = "true"\n'
            "  }\n",
            {"aws_db_instance.db": True, "aws_dynamodb_table.t": True},
        ),
        # resources OR selection_tag: an RDS pattern, or the table's tag.
        (
            '  resources = ["arn:aws:rds:*:*:db:*"]\n  selection_tag {\n    type  = "STRINGEQUALS"\n'
            '    key   = "hds"\n    value = "true"\n  }\n',
            {"aws_db_instance.db": True, "aws_dynamodb_table.t": True},
        ),
        (
            '  dynamic "selection_tag" {\n    for_each = var.tags\n    content {\n      type  = "STRINGEQUALS"\n'
            "      key   = selection_tag.key\n      value = selection_tag.value\n    }\n  }\n",
            {"aws_db_instance.db": None, "aws_dynamodb_table.t": None},
        ),
        ("  resources = var.arns\n", {"aws_db_instance.db": None, "aws_dynamodb_table.t": None}),
    ],
)
def test_tags_and_what_cannot_be_told(write, body: str, expected: dict) -> None:
    variables = 'variable "tier" {}\nvariable "tags" {}\nvariable "arns" {}\n'
    assert _selected(write({"main.tf": PARIS + variables + PLAN + DB + TABLE + _selection(body)})) == expected


def test_provider_default_tags_are_matched(write) -> None:
    provider = 'provider "aws" {\n  region = "eu-west-3"\n  default_tags {\n    tags = { backup = "daily" }\n  }\n}\n'
    body = _condition("string_equals", "aws:ResourceTag/backup", '"daily"')
    assert _selected(write({"main.tf": provider + PLAN + DB + _selection(body)})) == {"aws_db_instance.db": True}


def test_a_name_only_known_after_apply_may_or_may_not_match(write) -> None:
    table = 'resource "aws_ebs_volume" "v" {\n  availability_zone = "eu-west-3a"\n  tags = { hds = "true" }\n}\n'
    found = _selected(
        write({"main.tf": PARIS + PLAN + table + _selection('  resources = ["arn:aws:ec2:*:*:volume/vol-0a1*"]\n')})
    )
    assert found == {"aws_ebs_volume.v": None}


def test_a_reference_to_another_resource_says_nothing_of_this_one(write) -> None:
    body = "  resources = [aws_dynamodb_table.t.arn]\n"
    assert _selected(write({"main.tf": PARIS + PLAN + DB + TABLE + _selection(body)})) == {}


def test_every_arn_template_names_a_service(write) -> None:
    for rtype, template in selectable_arns().items():
        assert template.startswith("arn:aws:") and rtype.startswith("aws_"), rtype


def test_a_copy_of_what_tags_select_is_checked_and_the_store_is_covered(write) -> None:
    body = _condition("string_equals", "aws:ResourceTag/hds", '"true"')
    root = write({"main.tf": PARIS + PLAN + DB + TABLE + _selection(body)})
    assert _findings(root) == [("HDS011", "error", "aws_backup_plan.p")]  # no HDS010 on the table
    (entry,) = [e for e in scan([str(root)]).inventory if e.address == "aws_dynamodb_table.t"]
    assert entry.backup == "covered by aws_backup_selection.s"


def test_a_selection_that_cannot_be_evaluated_is_reported_where_it_would_matter(write) -> None:
    body = _condition("string_equals", "aws:ResourceTag/tier", "var.tier")
    root = write({"main.tf": PARIS + 'variable "tier" {}\n' + PLAN + DB + TABLE + _selection(body)})
    findings = scan([str(root)]).findings
    assert sorted((f.rule_id, f.address) for f in findings) == [
        ("HDS004", "aws_backup_plan.p"),  # it may hold health data and copy it to us-east-1
        ("HDS004", "aws_dynamodb_table.t"),  # it may be covered, or have no backup
    ]
    plan = next(f for f in findings if f.address == "aws_backup_plan.p")
    assert "var.tier" in plan.message and "HDS011" in plan.message
    table = next(f for f in findings if f.address == "aws_dynamodb_table.t")
    assert "aws_backup_selection.s may select it" in table.message and "HDS010" in table.message
    # Given the value, the verdict is definite.
    result = scan([str(root)], inputs=Inputs(variables=(("tier", "gold"),)))
    assert sorted((f.rule_id, f.address) for f in result.findings) == [
        ("HDS010", "aws_dynamodb_table.t"),
        ("HDS011", "aws_backup_plan.p"),
    ]


def test_a_selection_of_nothing_in_scope_stays_out_of_scope(write) -> None:
    other = 'resource "aws_dynamodb_table" "analytics" {\n  name     = "analytics"\n  hash_key = "id"\n}\n'
    body = '  resources = ["arn:aws:dynamodb:*:*:table/analytics"]\n'
    root = write({"main.tf": PARIS + PLAN + other + _selection(body)})
    assert _selected(root) == {"aws_dynamodb_table.analytics": True}
    assert _findings(root) == []


def test_tags_partly_unknown_leave_other_keys_undetermined(write) -> None:
    table = (
        'variable "extra" {}\nresource "aws_dynamodb_table" "t" {\n  name     = "t"\n  hash_key = "id"\n'
        '  tags = merge(var.extra, { hds = "true" })\n}\n'
    )
    hds = _condition("string_equals", "aws:ResourceTag/hds", '"true"')
    assert _selected(write({"main.tf": PARIS + PLAN + table + _selection(hds)})) == {"aws_dynamodb_table.t": True}
    tier = _condition("string_equals", "aws:ResourceTag/tier", '"gold"')
    assert _selected(write({"main.tf": PARIS + PLAN + table + _selection(tier)})) == {"aws_dynamodb_table.t": None}


NOT_ONE_INSTANCE = (
    'provider "aws" {\n'
    '  region = "eu-west-3"\n'
    "}\n"
    'resource "aws_dynamodb_table" "t" {\n'
    '  for_each     = toset(["rdv", "staging"])\n'
    '  name         = "chu-${each.key}"\n'
    '  hash_key     = "id"\n'
    '  billing_mode = "PAY_PER_REQUEST"\n'
    "  attribute {\n"
    '    name = "id"\n'
    '    type = "S"\n'
    "  }\n"
    '  tags = { hds = "true" }\n'
    "}\n"
    'resource "aws_backup_vault" "main" {\n'
    '  name = "main"\n'
    "}\n"
    'resource "aws_backup_plan" "p" {\n'
    '  name = "p"\n'
    "  rule {\n"
    '    rule_name         = "daily"\n'
    "    target_vault_name = aws_backup_vault.main.name\n"
    '    schedule          = "cron(0 2 * * ? *)"\n'
    "    copy_action {\n"
    '      destination_vault_arn = "arn:aws:backup:us-east-1:111111111111:backup-vault:dr"\n'
    "    }\n"
    "  }\n"
    "}\n"
    'resource "aws_backup_selection" "s" {\n'
    '  name          = "s"\n'
    '  iam_role_arn  = "arn:aws:iam::111111111111:role/backup"\n'
    "  plan_id       = aws_backup_plan.p.id\n"
    '  resources     = ["*"]\n'
    '  not_resources = [aws_dynamodb_table.t["staging"].arn]\n'
    "  condition {\n"
    "    string_equals {\n"
    '      key   = "aws:ResourceTag/hds"\n'
    '      value = "true"\n'
    "    }\n"
    "  }\n"
    "}\n"
)


def test_not_resources_naming_one_instance_does_not_exclude_the_others(write) -> None:
    """References name resources, not instances: `t["staging"]` in not_resources cannot say
    which instances are excluded, so the plan's copy to us-east-1 is HDS004, not silence."""
    findings = scan([str(write({"main.tf": NOT_ONE_INSTANCE}))]).findings
    assert any(
        f.rule_id == "HDS004" and f.address == "aws_backup_plan.p" and "names an instance" in f.message
        for f in findings
    )
