"""Module evaluation: precedence, cycles, unresolved sources, installed modules, relocation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hds_lint.engine import scan
from hds_lint.terraform.modules import Inputs

BUCKET = 'resource "aws_s3_bucket" "b" {\n  tags = { hds = "true" }\n}\n'
REGION_VAR = 'variable "region" {\n  type = string\n}\nprovider "aws" {\n  region = var.region\n}\n'


def _found(root: Path, inputs: Inputs | None = None, path: str = "") -> list[tuple[str, str]]:
    return [(f.rule_id, f.address) for f in scan([str(root / path) if path else str(root)], inputs=inputs).findings]


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
    (finding,) = scan([str(root)]).findings
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
