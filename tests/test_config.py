"""The configuration file: found upward, validated with file:line errors, applied."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from snippets import VERSIONING

from hds_lint.config import STARTER, find_config, load_config
from hds_lint.engine import Selection, scan
from hds_lint.errors import UsageError

BUCKET = (
    'provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_s3_bucket" "b" {\n  tags = { hds = "true" }\n'
    + VERSIONING
    + "}\n"
)


def test_the_starter_file_is_valid_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / ".hds-lint.yaml"
    path.write_text(STARTER)
    config = load_config(str(path))
    assert (config.fail_on, config.select, config.allow_inline, config.require_reason) == ("error", (), True, True)


def test_found_upward_until_the_repository_root(write) -> None:
    root = write({".git/HEAD": "", ".hds-lint.yaml": "fail_on: warning\n", "infra/prod/main.tf": BUCKET})
    assert find_config([str(root / "infra" / "prod")], None).fail_on == "warning"
    outer = write({"repo/.git/HEAD": "", "repo/main.tf": BUCKET})
    (outer / ".hds-lint.yaml").write_text("fail_on: note\n")
    assert find_config([str(outer / "repo")], None).path is None  # not above the repository


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("rulez: {}\n", ":1: rulez: unknown key"),
        ("rules:\n  ignore: [HDS999]\n", ":2: rules.ignore: expected rule IDs or slugs"),
        ("rules:\n  levels: {HDS004: fatal}\n", "rules.levels: expected levels among"),
        ("fail_on: sometimes\n", "fail_on: expected one of error, warning, note, never"),
        ("suppressions:\n  allow_inline: perhaps\n", "suppressions.allow_inline: expected true or false"),
        ("backup:\n  min_retention_days: -3\n", "backup.min_retention_days: expected a whole number"),
        (
            "catalog:\n  overrides:\n    - {provider: aws, region: eu-south-2, hds: covered}\n",
            "needs provider, region, hds and a source",
        ),
        (
            "kubernetes:\n  clusters:\n    - {paths: [k8s/**], provider: aws}\n",
            "each cluster needs paths, provider and region",
        ),
        ("rules: [a\n", ":2: invalid YAML"),
    ],
)
def test_mistakes_are_one_line_with_file_line_and_key(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / ".hds-lint.yaml"
    path.write_text(text)
    with pytest.raises(UsageError) as caught:
        load_config(str(path))
    assert words in str(caught.value) and str(path) in str(caught.value)


def test_rule_selection_levels_and_ignore(write) -> None:
    root = write({"main.tf": BUCKET, ".hds-lint.yaml": "rules:\n  levels: {region-out-of-scope: warning}\n"})
    config = find_config([str(root)], None)
    assert [(f.rule_id, f.level) for f in scan([str(root)], config=config).findings] == [("HDS002", "warning")]
    assert scan([str(root)], config=config, selection=Selection(ignore=("HDS002",))).findings == ()
    assert scan([str(root)], config=config, selection=Selection(select=("HDS001",))).findings == ()


def test_catalog_override_must_name_a_known_eea_region(write) -> None:
    root = write(
        {
            "main.tf": BUCKET,
            ".hds-lint.yaml": "catalog:\n  overrides:\n"
            "    - {provider: aws, region: us-east-1, hds: covered, source: x}\n",
        }
    )
    with pytest.raises(UsageError, match="outside the EEA"):
        scan([str(root)], config=find_config([str(root)], None))


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from hds_lint.cli import main; main()", *args], cwd=root, capture_output=True, text=True
    )


def test_init_writes_a_starter_and_never_overwrites(tmp_path: Path) -> None:
    assert _cli(tmp_path, "init").returncode == 0
    assert (tmp_path / ".hds-lint.yaml").read_text() == STARTER
    (tmp_path / ".hds-lint.yaml").write_text("fail_on: never\n")
    result = _cli(tmp_path, "init")
    assert result.returncode == 2 and "already exists" in result.stderr
    assert (tmp_path / ".hds-lint.yaml").read_text() == "fail_on: never\n"


def test_fail_on_from_the_configuration_and_the_command_line(write) -> None:
    root = write({"main.tf": BUCKET.replace("us-east-1", "eu-south-2"), ".hds-lint.yaml": "fail_on: warning\n"})
    assert _cli(root, "scan", ".").returncode == 1
    assert _cli(root, "scan", ".", "--fail-on", "error").returncode == 0


def test_baseline_reports_only_new_findings(write) -> None:
    root = write({"main.tf": BUCKET})
    assert _cli(root, "scan", ".", "--write-baseline", "baseline.json").returncode == 0
    (root / "main.tf").write_text("# a comment moves every line\n\n" + BUCKET)
    assert _cli(root, "scan", ".", "--baseline", "baseline.json").returncode == 0
    (root / "new.tf").write_text('resource "aws_s3_bucket" "c" {\n  tags = { hds = "true" }\n' + VERSIONING + "}\n")
    result = _cli(root, "scan", ".", "--baseline", "baseline.json")
    assert result.returncode == 1 and "aws_s3_bucket.c" in result.stdout and "1 in the baseline" in result.stdout
    (root / "bad.json").write_text("{}")
    assert "not an hds-lint baseline" in _cli(root, "scan", ".", "--baseline", "bad.json").stderr


def test_a_baselined_finding_that_grows_worse_is_reported_again(write) -> None:
    """Accepted as a warning (a region whose coverage is unknown), not as an error (the US)."""
    root = write({"main.tf": BUCKET.replace("us-east-1", "eu-south-2")})
    assert _cli(root, "scan", ".", "--write-baseline", "baseline.json").returncode == 0
    assert '"level": "warning"' in (root / "baseline.json").read_text()
    assert _cli(root, "scan", ".", "--baseline", "baseline.json", "--fail-on", "warning").returncode == 0
    (root / "main.tf").write_text(BUCKET)
    result = _cli(root, "scan", ".", "--baseline", "baseline.json")
    assert result.returncode == 1 and "HDS002" in result.stdout and "in the baseline" not in result.stdout


def test_one_fingerprint_at_two_levels_is_accepted_at_the_worse(write) -> None:
    """A module called from two stacks: one finding address and fingerprint, two levels."""
    call = 'module "db" {\n  source = "../modules/db"\n}\n'
    root = write(
        {
            "modules/db/main.tf": 'resource "aws_s3_bucket" "b" {\n  tags = { hds = "true" }\n' + VERSIONING + "}\n",
            "prod/main.tf": 'provider "aws" {\n  region = "us-east-1"\n}\n' + call,
            "staging/main.tf": 'provider "aws" {\n  region = "eu-south-2"\n}\n' + call,
        }
    )
    assert _cli(root, "scan", ".", "--write-baseline", "baseline.json", "--fail-on", "never").returncode == 0
    entries = json.loads((root / "baseline.json").read_text())["findings"]
    assert sorted(e["level"] for e in entries if e["rule"] == "HDS002") == ["error", "warning"]
    assert len({e["fingerprint"] for e in entries if e["rule"] == "HDS002"}) == 1
    assert _cli(root, "scan", ".", "--baseline", "baseline.json", "--fail-on", "note").returncode == 0


def test_a_baseline_written_before_levels_accepts_any_level(write) -> None:
    root = write({"main.tf": BUCKET})
    assert _cli(root, "scan", ".", "--write-baseline", "baseline.json").returncode == 0
    document = json.loads((root / "baseline.json").read_text())
    for entry in document["findings"]:
        del entry["level"]
    (root / "baseline.json").write_text(json.dumps(document))
    assert _cli(root, "scan", ".", "--baseline", "baseline.json").returncode == 0
    document["findings"][0]["level"] = "fatal"
    (root / "baseline.json").write_text(json.dumps(document))
    assert "level 'fatal'" in _cli(root, "scan", ".", "--baseline", "baseline.json").stderr


def test_azure_resource_group_tags_inherit_only_when_configured(write) -> None:
    text = (
        'resource "azurerm_resource_group" "rg" {\n  name     = "rg"\n  location = "francecentral"\n'
        '  tags     = { hds = "true" }\n}\n'
        'resource "azurerm_storage_account" "a" {\n  name                = "a"\n'
        "  resource_group_name = azurerm_resource_group.rg.name\n"
        '  location            = "uksouth"\n  account_replication_type = "LRS"\n}\n'
    )
    root = write({"main.tf": text})
    assert [f.address for f in scan([str(root)]).findings] == []
    (root / ".hds-lint.yaml").write_text("classification:\n  inherit_resource_group_tags: true\n")
    found = scan([str(root)], config=find_config([str(root)], None)).findings
    assert [(f.rule_id, f.address) for f in found] == [("HDS002", "azurerm_storage_account.a")]


def test_a_cluster_target_must_name_a_catalog_provider(write) -> None:
    root = write(
        {
            "k8s/pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n",
            ".hds-lint.yaml": "kubernetes:\n  clusters:\n    - {paths: [k8s/**], provider: awss, region: eu-west-3}\n",
        }
    )
    with pytest.raises(UsageError, match=r":3: kubernetes.clusters: no provider 'awss'"):
        scan([str(root)], config=find_config([str(root)], None))
