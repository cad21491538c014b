"""The command as a user runs it: exit codes, one-line errors, atomic output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from snippets import VERSIONING

NON_COMPLIANT = (
    'provider "aws" {\n  region = "us-east-1"\n}\n\n'
    'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n  tags = { hds = "true" }\n' + VERSIONING + "}\n"
)
UNCERTAIN = (
    'provider "aws" {\n  region = "eu-south-2"\n}\n\nresource "aws_s3_bucket" "b" {\n  tags = { hds = "true" }\n'
    + VERSIONING
    + "}\n"
)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from hds_lint.cli import main; main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )


def test_exit_codes_follow_fail_on(write) -> None:
    root = write({"a/main.tf": NON_COMPLIANT, "b/main.tf": UNCERTAIN, "c/main.tf": ""})
    assert run("scan", "a", cwd=root).returncode == 1
    assert run("scan", "a", "--fail-on", "never", cwd=root).returncode == 0
    assert run("scan", "b", cwd=root).returncode == 0  # a warning does not fail at --fail-on error
    assert run("scan", "b", "--fail-on", "warning", cwd=root).returncode == 1
    assert run("scan", "c", cwd=root).returncode == 0


def test_default_path_is_the_current_folder(write) -> None:
    root = write({"main.tf": NON_COMPLIANT})
    result = run("scan", "--format", "json", cwd=root)
    assert json.loads(result.stdout)["findings"][0]["location"]["path"] == "main.tf"


def test_usage_errors_are_one_line_and_exit_2(write) -> None:
    root = write({"main.tf": NON_COMPLIANT})
    for args, words in [
        (("scan", "missing"), "missing: no such file or directory"),
        (("explain", "HDS999"), "unknown rule 'HDS999'"),
        (("scan", "--format", "xml"), "Invalid value for '--format'"),
        (("scan", ".", "--output", "nowhere/out.sarif"), "does not exist"),
    ]:
        result = run(*args, cwd=root)
        assert result.returncode == 2, args
        assert words in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) <= 3


def test_output_file_is_written_whole_and_stdout_stays_clean(write) -> None:
    root = write({"main.tf": NON_COMPLIANT, "previous.sarif": "a good old report"})
    result = run("scan", ".", "--format", "sarif", "--output", "previous.sarif", cwd=root)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "1 finding" in result.stderr
    assert json.loads((root / "previous.sarif").read_text())["version"] == "2.1.0"
    assert [p.name for p in root.iterdir() if p.name.endswith(".tmp")] == []


def test_scan_never_writes_in_the_scanned_tree(write) -> None:
    root = write({"infra/main.tf": NON_COMPLIANT})
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    run("scan", "infra", "--format", "sarif", cwd=root)
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_rules_explain_and_catalog(write) -> None:
    root = write({})
    listing = run("rules", cwd=root).stdout
    assert "HDS002  region-out-of-scope" in listing
    explained = run("explain", "region-out-of-scope", cwd=root).stdout
    assert "R.1111-9-1" in explained and "Compliant example" in explained
    catalog = run("catalog", cwd=root).stdout
    assert catalog.startswith("PROVIDER")
    aws_row = next(line for line in catalog.splitlines() if line.startswith("aws "))
    assert "certified" in aws_row and "eu-central-1" in aws_row and "unverified" in aws_row
    detail = run("catalog", "scaleway", cwd=root).stdout
    assert "fr-par" in detail and "https://" in detail and "lifecycle" in detail
    assert run("catalog", "nope", cwd=root).returncode == 2


def test_readme_example_output_is_what_the_tool_prints() -> None:
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text()
    block = readme.split("$ hds-lint scan testdata/terraform/aws-us-east\n", 1)[1].split("```", 1)[0]
    shown = block.splitlines()[:6]  # the seventh line is cut short in the README
    actual = run("scan", "testdata/terraform/aws-us-east", cwd=root).stdout.splitlines()[:6]
    assert shown == actual


def test_inventory_lists_every_store_with_its_location_and_reason(write) -> None:
    root = write({"main.tf": NON_COMPLIANT})
    result = run("inventory", ".", "--format", "json", cwd=root)
    assert result.returncode == 0, result.stderr
    (store,) = json.loads(result.stdout)["stores"]
    assert store["address"] == "aws_s3_bucket.b" and store["provider"] == "Amazon Web Services"
    assert store["locations"] == ["us-east-1 (N. Virginia, US): not_covered"] and "hds = true" in store["reason"]
    markdown = run("inventory", ".", "--format", "markdown", cwd=root).stdout
    assert "```mermaid" in markdown and "aws_s3_bucket.b" in markdown


def test_text_shows_the_offending_lines_and_colours_only_when_asked(write) -> None:
    from hds_lint.engine import scan
    from hds_lint.report import text

    root = write({"main.tf": NON_COMPLIANT})
    result = scan([str(root)])
    plain = text.render(result, root)
    assert '    5 | resource "aws_s3_bucket" "b" {' in plain and "\033[" not in plain
    assert "\033[31merror\033[0m" in text.render(result, root, color=True)
