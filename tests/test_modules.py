"""Module evaluation: precedence, cycles, unresolved sources, installed modules, relocation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from snippets import VERSIONING

from hds_lint.engine import Selection, scan
from hds_lint.terraform.modules import Inputs

BUCKET = 'resource "aws_s3_bucket" "b" {\n  tags = { hds = "true" }\n' + VERSIONING + "}\n"
REGION_VAR = 'variable "region" {\n  type = string\n}\nprovider "aws" {\n  region = var.region\n}\n'


# These tests are about evaluation: they look at where resources are placed, not their backups.
PLACEMENT = Selection(select=("HDS001", "HDS002", "HDS003", "HDS004"))


def _found(root: Path, inputs: Inputs | None = None, path: str = "") -> list[tuple[str, str]]:
    target = str(root / path) if path else str(root)
    return [(f.rule_id, f.address) for f in scan([target], inputs=inputs, selection=PLACEMENT).findings]


def test_environment_then_files_then_command_line(write) -> None:
    root = write({"main.tf": REGION_VAR + BUCKET})
    assert _found(root) == [("HDS004", "aws_s3_bucket.b")]
    assert _found(root, Inputs(environment={"TF_VAR_region": "us-east-1"})) == [("HDS002", "aws_s3_bucket.b")]
    (root / "dr.tfvars").write_text('region = "eu-west-3"\n')
    env = {"TF_VAR_region": "us-east-1"}
    assert _found(root, Inputs(var_files=(str(root / "dr.tfvars"),), environment=env)) == []
    assert _found(root, Inputs((str(root / "dr.tfvars"),), (("region", "eu-west-2"),), env)) == [
        ("HDS002", "aws_s3_bucket.b")
    ]


def test_the_unknown_region_message_names_the_variable_and_how_to_set_it(write) -> None:
    (finding,) = scan([str(write({"main.tf": REGION_VAR + BUCKET}))]).findings
    assert "variable region has no value" in finding.message
    assert "--var region=" in finding.message


def test_complex_values_on_the_command_line(write) -> None:
    text = 'variable "tags" {\n  type = map(string)\n}\nprovider "aws" {\n  region = "us-east-1"\n}\n'
    text += 'resource "aws_s3_bucket" "b" {\n  tags = var.tags\n}\n'
    root = write({"main.tf": text})
    assert _found(root, Inputs(variables=(("tags", '{ hds = "true" }'),))) == [("HDS002", "aws_s3_bucket.b")]


def test_local_cycles_are_reported_not_hung(write) -> None:
    text = 'locals {\n  a = local.b\n  b = local.a\n}\nprovider "aws" {\n  region = local.a\n}\n' + BUCKET
    result = scan([str(write({"main.tf": text}))])
    assert [f.rule_id for f in result.findings] == ["HDS004"]
    assert "cycle" in result.findings[0].message


def test_a_module_calling_itself_is_a_notice_not_a_hang(write) -> None:
    root = write({"main.tf": 'module "loop" {\n  source = "./"\n}\n' + 'provider "aws" {\n  region = "eu-west-3"\n}\n'})
    result = scan([str(root)])
    assert any("cycle" in n.message for n in result.notices)


def test_an_uninstalled_registry_module_is_said_once(write) -> None:
    root = write({"main.tf": 'module "db" {\n  source  = "terraform-aws-modules/rds/aws"\n  version = "6.0.0"\n}\n'})
    (notice,) = [n for n in scan([str(root)]).notices if "module.db" in n.message]
    assert "terraform init" in notice.message and notice.line == 1


def test_installed_registry_module_findings_go_on_the_call(write) -> None:
    root = write(
        {
            ".git/HEAD": "ref: refs/heads/main\n",
            "main.tf": 'provider "aws" {\n  region = "us-east-1"\n}\n\nmodule "records" {\n'
            '  source = "acme/records/aws"\n  tags   = { hds = "true" }\n}\n',
            ".terraform/modules/modules.json": json.dumps(
                {
                    "Modules": [
                        {"Key": "", "Source": "", "Dir": "."},
                        {"Key": "records", "Dir": ".terraform/modules/records"},
                    ]
                }
            ),
            ".terraform/modules/records/main.tf": 'variable "tags" {}\nresource "aws_s3_bucket" "this" {\n'
            "  tags = var.tags\n}\n",
        }
    )
    (finding,) = scan([str(root)], selection=PLACEMENT).findings
    assert (finding.rule_id, finding.address) == ("HDS002", "module.records.aws_s3_bucket.this")
    assert Path(finding.location.path).name == "main.tf" and finding.location.start_line == 5
    assert ".terraform" not in finding.location.path
    assert "from a module outside this repository" in finding.message


def test_module_count_zero_and_outputs(write) -> None:
    root = write(
        {
            "main.tf": 'provider "aws" {\n  region = "us-east-1"\n}\n'
            'module "off" {\n  source = "./m"\n  count  = 0\n}\n'
            'module "on" {\n  source = "./m"\n}\n'
            'resource "aws_s3_bucket" "copy" {\n  tags = { hds = module.on.flag }\n}\n',
            "m/main.tf": 'output "flag" {\n  value = "true"\n}\n',
        }
    )
    assert _found(root) == [("HDS002", "aws_s3_bucket.copy")]


def test_cli_var_and_var_file(write) -> None:
    root = write({"main.tf": REGION_VAR + BUCKET, "prod.tfvars": 'region = "us-east-1"\n'})

    def run(*args: str) -> int:
        command = [sys.executable, "-c", "from hds_lint.cli import main; main()", "scan", ".", *args]
        return subprocess.run(command, cwd=root, capture_output=True, text=True).returncode

    assert run("--var", "region=eu-west-3") == 0
    assert run("--var-file", "prod.tfvars") == 1
    assert run("--var-file", "prod.tfvars", "--var", "region=eu-west-3") == 0
    assert run("--var", "no-equals-sign") == 2


def test_two_folders_calling_each_other_are_still_evaluated(write) -> None:
    provider = 'provider "aws" {\n  region = "us-east-1"\n}\n'
    root = write(
        {
            "a/main.tf": provider + 'module "b" {\n  source = "../b"\n}\n' + BUCKET,
            "b/main.tf": provider + 'module "a" {\n  source = "../a"\n}\n',
        }
    )
    result = scan([str(root)])
    assert ("HDS002", "aws_s3_bucket.b") in [(f.rule_id, f.address) for f in result.findings]
    assert any("cycle" in n.message for n in result.notices)


def test_lists_written_one_item_a_line_have_no_phantom_elements(write) -> None:
    text = (
        'variable "azs" {\n  default = [\n    "eu-west-3a",\n    "eu-west-3b",\n  ]\n}\n'
        'resource "aws_ebs_volume" "v" {\n  count             = length(var.azs)\n'
        '  availability_zone = var.azs[count.index]\n  tags              = { hds = "true" }\n}\n'
    )
    result = scan([str(write({"main.tf": text}))], selection=PLACEMENT)
    assert result.findings == () and result.resources == 2


def test_a_single_interpolation_is_the_value_itself(write) -> None:
    text = 'locals {\n  t = { hds = "true" }\n}\nprovider "aws" {\n  region = "us-east-1"\n}\n'
    text += 'resource "aws_s3_bucket" "b" {\n  tags = "${local.t}"\n}\n'
    assert _found(write({"main.tf": text})) == [("HDS002", "aws_s3_bucket.b")]


def test_tf_json_variables_locals_and_templates_with_quotes(write) -> None:
    root = write(
        {
            "main.tf.json": json.dumps(
                {
                    "variable": {"where": {"default": "France Central"}},
                    "locals": {"tags": {"hds": "true"}},
                    "resource": {
                        "azurerm_storage_account": {
                            "a": {
                                "location": '${var.where == "France Central" ? "eastus" : "francecentral"}',
                                "tags": "${local.tags}",
                            }
                        }
                    },
                }
            )
        }
    )
    assert _found(root) == [("HDS002", "azurerm_storage_account.a")]


def test_a_malformed_var_value_is_a_usage_error(write) -> None:
    import pytest

    from hds_lint.errors import UsageError

    root = write({"main.tf": 'variable "tags" {\n  type = map(string)\n}\n' + BUCKET})
    with pytest.raises(UsageError, match="--var tags"):
        scan([str(root)], inputs=Inputs(variables=(("tags", "{hds="),)))


def test_terraform_workspace_comes_from_tf_workspace(write) -> None:
    text = 'locals {\n  regions = { default = "us-east-1", prod = "eu-west-3" }\n}\n'
    text += 'provider "aws" {\n  region = local.regions[terraform.workspace]\n}\n' + BUCKET
    root = write({"main.tf": text})
    assert _found(root) == [("HDS002", "aws_s3_bucket.b")]
    assert _found(root, Inputs(environment={"TF_WORKSPACE": "prod"})) == []


def test_an_uninstalled_module_given_health_tags_is_reported(write) -> None:
    text = (
        'module "records" {\n  source = "git::https://example.org/records.git?ref=v1"\n  tags = { hds = "true" }\n}\n'
    )
    result = scan([str(write({"main.tf": text}))])
    assert [(f.rule_id, f.address, f.location.start_line) for f in result.findings] == [("HDS004", "module.records", 1)]


def test_a_finding_in_a_module_points_at_the_module_file_and_the_call_that_chose_its_provider(write) -> None:
    root = write(
        {
            "main.tf": 'provider "aws" {\n  region = "eu-west-3"\n}\nprovider "aws" {\n  alias  = "london"\n'
            '  region = "eu-west-2"\n}\nmodule "dr" {\n  source    = "./records"\n'
            "  providers = { aws = aws.london }\n}\n",
            "records/main.tf": BUCKET,
        }
    )
    (finding,) = scan([str(root)], selection=PLACEMENT).findings
    assert finding.address == "module.dr.aws_s3_bucket.b"
    assert Path(finding.location.path).parent.name == "records" and finding.location.start_line == 1
    calls = [r for r in finding.related if "module call" in r.message]
    assert [(Path(r.span.path).name, r.span.start_line) for r in calls] == [("main.tf", 8)]


def test_a_variable_file_given_that_cannot_be_read_is_a_usage_error_at_its_line(write) -> None:
    import pytest

    from hds_lint.errors import UsageError

    root = write(
        {
            "main.tf": REGION_VAR + BUCKET,
            "bad.tfvars": 'zone = "a"\nregion = \n',
            "bad.tfvars.json": '{"region": }',
        }
    )
    for name, line in (("bad.tfvars", 2), ("bad.tfvars.json", 1), ("missing.tfvars", 1)):
        path = str(root / name)
        with pytest.raises(UsageError, match=rf"^{path}:{line}: variable file not read: "):
            scan([str(root / "main.tf")], inputs=Inputs(var_files=(path,)))


def test_a_broken_terraform_tfvars_is_one_problem_and_the_variable_says_where_it_may_be(write) -> None:
    root = write({"main.tf": REGION_VAR + BUCKET, "terraform.tfvars": 'region = "us-east-1"\nx = \n'})
    result = scan([str(root)], selection=PLACEMENT)
    assert [(p.path, p.line) for p in result.problems] == [(str(root / "terraform.tfvars"), 2)]
    assert not [n for n in result.notices if n.path.endswith("terraform.tfvars")]
    (finding,) = [f for f in result.findings if f.rule_id == "HDS004"]
    assert "may be set in" in finding.message and "terraform.tfvars, which cannot be read" in finding.message


def test_a_variable_file_named_alone_scans_its_module(write) -> None:
    """pre-commit passes only the changed files: a region changed in terraform.tfvars must
    reach the resources of its module, suppressions included."""
    root = write(
        {
            "stack/main.tf": REGION_VAR + BUCKET,
            "stack/terraform.tfvars": 'region = "us-east-1"\n',
            "stack/other.tf": (
                '# hds-lint: ignore=HDS002 reason="approved DR copy, SEC-1"\n'
                'resource "aws_s3_bucket" "dr" {\n  tags = { hds = "true" }\n' + VERSIONING + "}\n"
            ),
        }
    )
    result = scan([str(root / "stack" / "terraform.tfvars")], selection=PLACEMENT)
    assert [(f.rule_id, f.address) for f in result.findings] == [("HDS002", "aws_s3_bucket.b")]
    assert [f.address for f, _reason in result.suppressed] == ["aws_s3_bucket.dr"]


def test_an_unreadable_variable_file_after_the_one_that_sets_a_variable_makes_it_unknown(write) -> None:
    """Terraform loads *.auto.tfvars after terraform.tfvars: a broken one might override it."""
    root = write(
        {
            "main.tf": REGION_VAR + BUCKET,
            "terraform.tfvars": 'region = "eu-west-3"\n',
            "z.auto.tfvars": 'region = "us-east-1"\nbroken = \n',
        }
    )
    (finding,) = [f for f in scan([str(root)], selection=PLACEMENT).findings if f.rule_id == "HDS004"]
    assert "may be set in z.auto.tfvars, which cannot be read" in finding.message
    (root / "z.auto.tfvars").write_text('zone = "a"\nbroken = \n')
    (root / "zz.auto.tfvars").write_text('region = "eu-west-3"\n')  # a later file sets it: known again
    assert _found(root) == []


def test_a_broken_variable_file_is_read_once_however_many_variables_ask(write, monkeypatch) -> None:
    from hds_lint.terraform import modules

    names = [f"v{i}" for i in range(30)]
    variables = "".join(f'variable "{n}" {{\n  default = "x"\n}}\n' for n in names)
    tags = "".join(f"    {n} = var.{n}\n" for n in names)
    bucket = 'resource "aws_s3_bucket" "b" {\n  tags = {\n    hds = "true"\n' + tags + "  }\n}\n"
    root = write({"main.tf": variables + bucket, "terraform.tfvars": "v0 = \n"})
    calls: list[str] = []
    real = modules.read_tfvars
    monkeypatch.setattr(modules, "read_tfvars", lambda path: calls.append(path) or real(path))
    scan([str(root)], selection=PLACEMENT)
    assert calls == [str(root / "terraform.tfvars")]
