from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from snippets import VERSIONING

from hds_lint.engine import scan
from hds_lint.report import json as json_report
from hds_lint.report import sarif, text
from hds_lint.report.paths import relative

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "testdata"
VALIDATOR = ROOT.parent / "shared" / "sarif" / "validate-sarif"


@pytest.fixture(scope="module")
def testdata_result():
    return scan([str(TESTDATA)])


def test_sarif_of_testdata_passes_the_shared_validator(testdata_result, tmp_path: Path) -> None:
    if not VALIDATOR.exists():
        if os.environ.get("HDS_LINT_REQUIRE_SARIF_VALIDATOR"):
            pytest.fail(f"{VALIDATOR} is missing")
        pytest.skip("../shared/sarif/validate-sarif is not beside this checkout")
    out = tmp_path / "out.sarif"
    out.write_text(sarif.render(testdata_result, ROOT))
    check = subprocess.run(
        [sys.executable, str(VALIDATOR), "--root", str(ROOT), str(out)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_sarif_shape_for_github(testdata_result) -> None:
    log = json.loads(sarif.render(testdata_result, ROOT))
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [
        "HDS001",
        "HDS002",
        "HDS003",
        "HDS004",
        "HDS010",
        "HDS011",
        "HDS012",
        "HDS030",
        "HDS031",
        "HDS032",
        "HDS900",
    ]
    assert all(r["help"]["markdown"] and r["fullDescription"]["text"] for r in rules)
    assert rules[1]["properties"]["security-severity"] == "8.5"
    results = run["results"]
    assert len(results) == len(testdata_result.findings) > 0
    for result in results:
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].startswith("testdata/")
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    fingerprints = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)
    with_related = [r for r in results if r.get("relatedLocations")]
    assert with_related and all("](1)" in r["message"]["text"] for r in with_related)


def test_fingerprint_survives_edits_elsewhere_in_the_file(write) -> None:
    body = 'resource "aws_s3_bucket" "scans" {\n  bucket = "scans"\n  tags   = { hds = "true" }\n' + VERSIONING + "}\n"
    provider = 'provider "aws" {\n  region = "us-east-1"\n}\n'
    first = scan([str(write({"main.tf": provider + body}))]).findings
    moved = scan([str(write({"main.tf": "# a new comment\n\n" + provider + "\n" + body}))]).findings
    assert first[0].location.start_line != moved[0].location.start_line
    root = first[0].location.path.rsplit("/", 1)[0]
    assert first[0].fingerprint(relative(first[0].location.path, Path(root))) == moved[0].fingerprint(
        relative(moved[0].location.path, Path(root))
    )


def test_fingerprint_tells_the_same_address_in_two_folders_apart(write) -> None:
    body = (
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        + 'resource "aws_s3_bucket" "b" {\n  tags = { hds = "true" }\n'
        + VERSIONING
        + "}\n"
    )
    root = write({"prod/main.tf": body, "staging/main.tf": body})
    findings = scan([str(root)]).findings
    assert len({f.fingerprint(relative(f.location.path, root)) for f in findings}) == 2


def test_parse_error_fingerprint_does_not_depend_on_the_checkout_folder(tmp_path: Path) -> None:
    prints = []
    for name in ("one", "two"):
        root = tmp_path / name
        root.mkdir()
        (root / "bad.tf").write_text('resource "x" "y" {\n')
        (finding,) = scan([str(root)]).findings
        prints.append(finding.fingerprint(relative(finding.location.path, root)))
    assert prints[0] == prints[1]


def test_parse_errors_are_results_and_tool_notifications(write) -> None:
    root = write({"bad.tf": 'resource "x" "y" {\n'})
    log = json.loads(sarif.render(scan([str(root)]), root))
    run = log["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["HDS900"]
    (notification,) = run["invocations"][0]["toolExecutionNotifications"]
    assert notification["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


def test_json_report_schema(testdata_result) -> None:
    document = json.loads(json_report.render(testdata_result, ROOT))
    assert document["schema_version"] == 1
    assert document["summary"]["findings"] == len(document["findings"])
    finding = document["findings"][0]
    assert set(finding) == {
        "rule",
        "slug",
        "level",
        "message",
        "address",
        "kind",
        "location",
        "related",
        "fingerprint",
    }
    assert set(finding["location"]) == {"path", "start_line", "end_line"}


def test_text_report_groups_by_file_and_ends_with_a_summary(testdata_result) -> None:
    report = text.render(testdata_result, ROOT)
    lines = report.splitlines()
    assert lines[0].startswith("testdata/")
    assert "fix: " in report
    assert lines[-1].startswith(f"{len(testdata_result.findings)} findings (")
    assert "resources" in lines[-1]


def test_accepted_suppression_is_out_of_default_sarif_and_in_with_its_justification() -> None:
    case = TESTDATA / "suppressions" / "expired-and-accepted"
    result = scan([str(case)])
    default = json.loads(sarif.render(result, ROOT))["runs"][0]["results"]
    audit = json.loads(sarif.render(result, ROOT, include_suppressed=True))["runs"][0]["results"]
    assert not any("suppressions" in r for r in default)
    assert {r["ruleId"] for r in default} >= {"HDS002", "HDS030"}
    suppressed = [r for r in audit if "suppressions" in r]
    assert len(suppressed) == len(result.suppressed) == 1
    (entry,) = suppressed[0]["suppressions"]
    assert entry["kind"] == "inSource" and entry["justification"] == result.suppressed[0][1]


def test_the_inventory_says_which_files_it_could_not_read(write) -> None:
    """An audit's data map must not look complete when a file was left out."""
    from hds_lint.report import inventory

    store = 'resource "aws_s3_bucket" "b" {\n  tags = { hds = "true" }\n' + VERSIONING + "}\n"
    root = write({"ok/main.tf": 'provider "aws" {\n  region = "eu-west-3"\n}\n' + store, "bad/main.tf": "x = {\n"})
    result = scan([str(root)])
    listed = inventory.render_text(result, root)
    assert "aws_s3_bucket.b" in listed and "1 file could not be read" in listed and "bad/main.tf:" in listed
    document = json.loads(inventory.render_json(result, root))
    assert [entry["path"] for entry in document["not_read"]] == ["bad/main.tf"]
    assert "bad/main.tf" in inventory.render_markdown(result, root)
    only_bad = scan([str(root / "bad")])
    said = inventory.render_text(only_bad, root)
    assert said.startswith("No resource holds health data in the files that could be read.")
    clean = scan([str(root / "ok")])
    assert "could not be read" not in inventory.render_text(clean, root)
    assert json.loads(inventory.render_json(clean, root))["not_read"] == []


def test_the_text_report_shows_the_scanned_lines_of_standard_input() -> None:
    """Standard input can be read once: the report shows the text the scan read."""
    manifest = (TESTDATA / "kubernetes" / "workload-in-us" / "pacs.yaml").read_text()
    done = subprocess.run(
        [sys.executable, "-c", "from hds_lint.cli import main; main()", "scan", "-", "--fail-on", "never"],
        input=manifest,
        capture_output=True,
        text=True,
    )
    assert "   31 |                       - us-east-1" in done.stdout, done.stdout


def test_the_inventory_lists_copies_not_every_resource_the_data_reaches(write) -> None:
    """A cluster's instances hold its data but are not copies of it; a replica is."""
    root = write(
        {
            "main.tf": (
                'provider "aws" {\n  region = "eu-west-3"\n}\n'
                'provider "aws" {\n  alias = "frankfurt"\n  region = "eu-central-1"\n}\n'
                'resource "aws_rds_cluster" "dpi" {\n  cluster_identifier = "dpi"\n  engine = "aurora-postgresql"\n'
                '  backup_retention_period = 35\n  tags = { hds = "true" }\n}\n'
                'resource "aws_rds_cluster_instance" "dpi_1" {\n  cluster_identifier = aws_rds_cluster.dpi.id\n'
                '  instance_class = "db.r6g.large"\n  engine = "aurora-postgresql"\n}\n'
                'resource "aws_rds_cluster" "dpi_dr" {\n  provider = aws.frankfurt\n  cluster_identifier = "dpi-dr"\n'
                '  engine = "aurora-postgresql"\n  backup_retention_period = 35\n'
                "  replication_source_identifier = aws_rds_cluster.dpi.arn\n}\n"
            )
        }
    )
    result = scan([str(root)])
    entry = next(e for e in result.inventory if e.address == "aws_rds_cluster.dpi")
    assert entry.copies_to == ("aws_rds_cluster.dpi_dr",)
