"""`dynamic` blocks: expanded as Terraform would when their for_each is known, reported as
hiding where copies go when it is not (never passed silently)."""

from __future__ import annotations

from pathlib import Path

from hds_lint.discover import discover
from hds_lint.engine import scan
from hds_lint.model import Resource, Unknown
from hds_lint.terraform.loader import load_terraform
from hds_lint.terraform.modules import Evaluation, Inputs

PARIS = 'provider "aws" {\n  region = "eu-west-3"\n}\n'
AZURE = 'provider "azurerm" {\n  features {}\n}\n'


def _resources(root: Path) -> dict[str, Resource]:
    modules, variables, _problems = load_terraform(discover([str(root)])[0])
    return {r.address: r for r in Evaluation(modules, Inputs(), variables).run()}


def _findings(root: Path, **inputs) -> list[tuple[str, str, int, str]]:
    result = scan([str(root)], inputs=Inputs(**inputs) if inputs else None)
    return [(f.rule_id, f.level, f.location.start_line, f.address) for f in result.findings]


def _table(replica: str) -> str:
    return (
        'resource "aws_dynamodb_table" "t" {\n'  # line 4 after PARIS
        '  name     = "t"\n'
        '  hash_key = "id"\n'
        "  point_in_time_recovery {\n    enabled = true\n  }\n"  # lines 7-9
        f"{replica}"
        '  tags = { hds = "true" }\n'
        "}\n"
    )


def test_one_block_per_element_with_the_iterator_bound_and_each_its_content_lines(write) -> None:
    replica = (
        '  dynamic "replica" {\n'  # line 10
        '    for_each = ["eu-central-1", "us-east-1"]\n'
        "    content {\n"
        "      region_name = replica.value\n"  # line 13
        "      propagate_tags = replica.key == 0\n"
        "    }\n"
        "  }\n"
    )
    table = _resources(write({"main.tf": PARIS + _table(replica)}))["aws_dynamodb_table.t"]
    assert table.attributes["replica"] == [
        {"region_name": "eu-central-1", "propagate_tags": True},
        {"region_name": "us-east-1", "propagate_tags": False},
    ]
    assert [table.span_at(("replica", i, "region_name")).start_line for i in (0, 1)] == [13, 13]


def test_a_map_with_a_named_iterator_and_a_static_block_after_it(write) -> None:
    blocks = (
        '  dynamic "replica" {\n'
        '    for_each = { paris = "eu-west-3", frankfurt = "eu-central-1" }\n'
        "    iterator = r\n"
        "    content {\n"
        "      region_name = r.value\n"
        '      kms_key_arn = "key-${r.key}"\n'
        "    }\n"
        "  }\n"
        "  replica {\n"  # line 18
        '    region_name = "eu-west-1"\n'  # line 19
        "  }\n"
    )
    table = _resources(write({"main.tf": PARIS + _table(blocks)}))["aws_dynamodb_table.t"]
    assert table.attributes["replica"] == [
        {"region_name": "eu-central-1", "kms_key_arn": "key-frankfurt"},
        {"region_name": "eu-west-3", "kms_key_arn": "key-paris"},
        {"region_name": "eu-west-1"},
    ]
    assert table.span_at(("replica", 2, "region_name")).start_line == 19  # moved with its block


def test_nested_dynamic_blocks_see_the_outer_iterator(write) -> None:
    plan = (
        'resource "aws_backup_plan" "p" {\n  name = "p"\n'
        '  dynamic "rule" {\n'
        '    for_each = { daily = ["arn:aws:backup:eu-west-1:1:backup-vault:a"] }\n'
        "    content {\n"
        "      rule_name         = rule.key\n"
        '      target_vault_name = "main"\n'
        '      dynamic "copy_action" {\n'
        "        for_each = rule.value\n"
        "        content {\n"
        "          destination_vault_arn = copy_action.value\n"
        "        }\n"
        "      }\n"
        "    }\n"
        "  }\n"
        "}\n"
    )
    found = _resources(write({"main.tf": PARIS + plan}))["aws_backup_plan.p"]
    assert found.attributes["rule"] == [
        {
            "rule_name": "daily",
            "target_vault_name": "main",
            "copy_action": [{"destination_vault_arn": "arn:aws:backup:eu-west-1:1:backup-vault:a"}],
        }
    ]
    assert found.span_at(("rule", 0, "copy_action", 0, "destination_vault_arn")).start_line == 14


def test_an_empty_for_each_generates_nothing(write) -> None:
    replica = '  dynamic "replica" {\n    for_each = []\n    content {\n      region_name = replica.value\n    }\n  }\n'
    root = write({"main.tf": PARIS + _table(replica)})
    assert _resources(root)["aws_dynamodb_table.t"].attributes["replica"] == []
    assert _findings(root) == []


def test_a_for_each_that_cannot_be_evaluated_hides_the_copies_and_says_so(write) -> None:
    replica = (
        '  dynamic "replica" {\n'  # line 11
        "    for_each = var.regions\n"
        "    content {\n      region_name = replica.value\n    }\n"
        "  }\n"
    )
    root = write({"main.tf": PARIS + 'variable "regions" { type = list(string) }\n' + _table(replica)})
    (placeholder,) = _resources(root)["aws_dynamodb_table.t"].attributes["replica"]
    assert isinstance(placeholder, Unknown) and placeholder.text == 'dynamic "replica" block'
    assert "var.regions" in placeholder.reason and "--var regions=" in placeholder.reason
    (finding,) = scan([str(root)]).findings
    assert (finding.rule_id, finding.level, finding.location.start_line) == ("HDS004", "warning", 11)
    assert 'dynamic "replica" block' in finding.message and "hides where the copies go" in finding.message
    # Given the value, the block is expanded and the copy judged.
    assert _findings(root, variables=(("regions", '["us-east-1"]'),)) == [
        ("HDS011", "error", 14, "aws_dynamodb_table.t")
    ]


def test_references_in_for_each_reach_the_attributes_that_use_the_iterator(write) -> None:
    files = {
        "main.tf": PARIS
        + 'provider "aws" {\n  alias  = "us"\n  region = "us-east-1"\n}\n'
        + 'resource "aws_backup_vault" "us" {\n  provider = aws.us\n  name     = "us"\n}\n'
        + 'resource "aws_backup_plan" "p" {\n  name = "p"\n  rule {\n    rule_name         = "r"\n'
        + '    target_vault_name = "main"\n'
        + '    dynamic "copy_action" {\n      for_each = [aws_backup_vault.us.arn]\n'
        + "      content {\n        destination_vault_arn = copy_action.value\n      }\n    }\n  }\n}\n"
        + 'resource "aws_backup_selection" "s" {\n  name         = "s"\n  iam_role_arn = "r"\n'
        + "  plan_id      = aws_backup_plan.p.id\n  resources    = [aws_db_instance.db.arn]\n}\n"
        + 'resource "aws_db_instance" "db" {\n  backup_retention_period = 7\n  tags = { hds = "true" }\n}\n'
    }
    root = write(files)
    plan = _resources(root)["aws_backup_plan.p"]
    assert plan.references["rule.copy_action.destination_vault_arn"] == ("aws_backup_vault.us",)
    assert _findings(root) == [("HDS011", "error", 8, "aws_backup_vault.us")]


def test_a_hidden_relation_target_is_reported(write) -> None:
    files = {
        "main.tf": PARIS
        + 'variable "rules" {}\n'
        + 'resource "aws_backup_plan" "p" {\n  name = "p"\n'
        + '  dynamic "rule" {\n    for_each = var.rules\n'  # line 7
        + "    content {\n      rule_name         = rule.key\n      target_vault_name = rule.value\n"
        + "    }\n  }\n}\n"
        + 'resource "aws_backup_selection" "s" {\n  name         = "s"\n  iam_role_arn = "r"\n'
        + "  plan_id      = aws_backup_plan.p.id\n  resources    = [aws_db_instance.db.arn]\n}\n"
        + 'resource "aws_db_instance" "db" {\n  backup_retention_period = 7\n  tags = { hds = "true" }\n}\n'
    }
    findings = scan([str(write(files))]).findings
    assert sorted((f.rule_id, f.location.start_line, f.anchor) for f in findings) == [
        ("HDS004", 7, "copy:rule.copy_action.destination_vault_arn:0"),
        ("HDS004", 7, "copy:rule.target_vault_name:0"),
    ]
    assert all("hides where the copies go" in f.message for f in findings)


def test_a_setting_inside_a_hidden_block_is_not_its_default(write) -> None:
    account = (
        'resource "azurerm_cosmosdb_account" "c" {\n'
        '  name                = "c"\n'
        '  location            = "francecentral"\n'
        '  resource_group_name = "rg"\n'
        '  offer_type          = "Standard"\n'
        '  dynamic "backup" {\n'  # line 10
        "    for_each = var.backup\n"
        "    content {\n      type               = backup.value.type\n"
        "      storage_redundancy = backup.value.redundancy\n    }\n"
        "  }\n"
        '  tags = { hds = "true" }\n'
        "}\n"
    )
    root = write({"main.tf": AZURE + 'variable "backup" {}\n' + account})
    # Not "storage_redundancy omitted, Geo by default": the dynamic block may set it.
    assert _findings(root) == [("HDS004", "warning", 10, "azurerm_cosmosdb_account.c")]


def test_dynamic_blocks_in_json_syntax(write) -> None:
    document = (
        '{"provider": {"aws": {"region": "eu-west-3"}},\n'
        ' "resource": {"aws_dynamodb_table": {"t": {\n'
        '   "name": "t", "hash_key": "id", "tags": {"hds": "true"},\n'
        '   "point_in_time_recovery": {"enabled": true},\n'
        '   "dynamic": {"replica": {"for_each": ["eu-west-1", "us-east-2"],\n'
        '     "content": {\n'
        '       "region_name": "${replica.value}"}}}}}}}\n'
    )
    root = write({"main.tf.json": document})
    table = _resources(root)["aws_dynamodb_table.t"]
    assert table.attributes["replica"] == [{"region_name": "eu-west-1"}, {"region_name": "us-east-2"}]
    assert _findings(root) == [("HDS011", "error", 7, "aws_dynamodb_table.t")]


def test_a_json_attribute_named_dynamic_stays_an_attribute(write) -> None:
    document = '{"resource": {"aws_s3_bucket": {"b": {"tags": {"dynamic": "yes"}, "dynamic": "x"}}}}\n'
    bucket = _resources(write({"main.tf.json": document}))["aws_s3_bucket.b"]
    assert bucket.attributes["tags"] == {"dynamic": "yes"} and bucket.attributes["dynamic"] == "x"


def test_over_toset_the_iterator_key_is_the_element(write) -> None:
    """A set's key is its element in Terraform (a list's is its index): `replica.key` over
    toset(["eu-central-1"]) is a region, not 0."""
    body = (
        'variable "regions" {\n  type = set(string)\n  default = ["eu-central-1", "eu-south-1"]\n}\n'
        'resource "aws_dynamodb_table" "t" {\n  name = "t"\n  hash_key = "id"\n'
        '  dynamic "replica" {\n    for_each = toset(var.regions)\n    content {\n'
        "      region_name = replica.key\n    }\n  }\n}\n"
    )
    table = _resources(write({"main.tf": body}))["aws_dynamodb_table.t"]
    assert [r["region_name"] for r in table.attributes["replica"]] == ["eu-central-1", "eu-south-1"]


ONE_UNKNOWN_RULE = (
    'provider "aws" {\n'
    '  region = "eu-west-3"\n'
    "}\n"
    'variable "rules" {}\n'
    'resource "aws_db_instance" "dpi" {\n'
    '  identifier              = "chu-dpi"\n'
    '  engine                  = "postgres"\n'
    '  instance_class          = "db.m6g.large"\n'
    "  allocated_storage       = 100\n"
    "  backup_retention_period = 35\n"
    '  tags                    = { hds = "true" }\n'
    "}\n"
    'resource "aws_backup_vault" "v" {\n'
    '  name = "v"\n'
    "}\n"
    'resource "aws_backup_plan" "p" {\n'
    '  name = "p"\n'
    '  dynamic "rule" {\n'
    "    for_each = var.rules\n"
    "    content {\n"
    "      rule_name         = rule.key\n"
    "      target_vault_name = aws_backup_vault.v.name\n"
    '      schedule          = "cron(0 2 * * ? *)"\n'
    "      copy_action {\n"
    "        destination_vault_arn = rule.value\n"
    "      }\n"
    "    }\n"
    "  }\n"
    "}\n"
    'resource "aws_backup_selection" "s" {\n'
    '  name         = "s"\n'
    '  iam_role_arn = "arn:aws:iam::1:role/b"\n'
    "  plan_id      = aws_backup_plan.p.id\n"
    "  resources    = [aws_db_instance.dpi.arn]\n"
    "}\n"
)


def test_one_unknown_dynamic_rule_is_one_hds004(write) -> None:
    """The block's vault is named by reference, so it is followed and checked as a relation;
    only its copy destination is hidden: one HDS004, not a second one for the vault."""
    findings = [(f.rule_id, f.address) for f in scan([str(write({"main.tf": ONE_UNKNOWN_RULE}))]).findings]
    assert findings == [("HDS004", "aws_backup_plan.p")]
