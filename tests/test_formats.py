"""JUnit, GitHub workflow commands and Markdown: each parsed back as its consumer would read it."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hds_lint.cli import FORMATS
from hds_lint.engine import scan
from hds_lint.model import Finding, ScanResult, Span
from hds_lint.report import github, junit, markdown, text
from hds_lint.report.paths import relative

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "testdata"
COMMAND = re.compile(
    r"^::(?P<command>error|warning|notice) file=(?P<file>[^,:]+),line=(?P<line>\d+),endLine=(?P<end>\d+),"
    r"title=(?P<title>[^,:]+)::(?P<data>.*)$"
)
AWKWARD = "100% sure, really: no\nsecond line | with a pipe"


@pytest.fixture(scope="module")
def testdata_result() -> ScanResult:
    return scan([str(TESTDATA)])


def _finding(path: Path, rule_id: str = "HDS002", level: str = "error", address: str = "aws_s3_bucket.b", line=5):
    return Finding(rule_id, level, AWKWARD, Span(str(path), line, line + 1), address, "aws_s3_bucket", "region")


def _result(root: Path, *findings: Finding, suppressed: tuple = ()) -> ScanResult:
    return ScanResult(root, findings, (), (), tuple({f.location.path for f in findings}), suppressed=suppressed)


def _resource(finding: Finding, root: Path) -> tuple[str, str, str]:
    where = relative(finding.location.path, root)
    return finding.rule_id, where, finding.address or f"{where}:{finding.location.start_line}"


def test_every_format_is_a_cli_choice() -> None:
    assert set(FORMATS) == {"text", "json", "sarif", "junit", "github", "markdown"}


def test_junit_has_one_testcase_per_rule_and_resource(testdata_result: ScanResult) -> None:
    tree = ET.fromstring(junit.render(testdata_result, ROOT))
    assert tree.tag == "testsuites"
    cases = tree.findall("testsuite/testcase")
    expected = {_resource(f, ROOT) for f in testdata_result.findings}
    seen = {(c.get("classname").split(".")[0], c.get("file"), c.get("name")) for c in cases}
    assert len(cases) == len(expected) and seen == expected
    failing = {_resource(f, ROOT) for f in testdata_result.findings if f.level != "note"}
    assert len(tree.findall("testsuite/testcase/failure")) == len(failing) == int(tree.get("failures"))
    assert int(tree.get("tests")) == len(cases)
    for suite in tree.findall("testsuite"):
        assert int(suite.get("tests")) == len(suite.findall("testcase"))
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
        assert {c.get("classname") for c in suite.findall("testcase")} == {suite.get("name").replace(" ", ".")}
    assert all(c.get("line").isdigit() and c.get("file").startswith("testdata/") for c in cases)


def test_junit_groups_a_resource_and_keeps_notes_and_suppressions_passing(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    two = (_finding(path), _finding(path, line=9))
    note = _finding(path, "HDS031", "note", "")
    hidden = _finding(path, address="aws_s3_bucket.c")
    result = _result(tmp_path, *two, note, suppressed=((hidden, "DPO ticket SEC-42"),))
    tree = ET.fromstring(junit.render(result, tmp_path, include_suppressed=True))
    (region, unused) = tree.findall("testsuite")
    failed, skipped = region.findall("testcase")
    assert failed.get("name") == "aws_s3_bucket.b" and failed.get("file") == "main.tf"
    assert failed.find("failure").get("type") == "error" and failed.find("failure").text.count("main.tf:") == 2
    assert "SEC-42" in skipped.find("skipped").get("message")
    (case,) = unused.findall("testcase")
    assert case.get("name") == "main.tf:5" and case.find("failure") is None and case.find("system-out") is not None
    assert (tree.get("tests"), tree.get("failures"), tree.get("skipped")) == ("3", "1", "1")


def test_junit_of_a_clean_scan_has_one_passing_test(tmp_path: Path) -> None:
    tree = ET.fromstring(junit.render(_result(tmp_path), tmp_path))
    (case,) = tree.iter("testcase")
    assert tree.get("tests") == "1" and tree.get("failures") == "0" and case.find("failure") is None


def test_github_commands_one_per_finding_then_the_summary(testdata_result: ScanResult) -> None:
    lines = github.render(testdata_result, ROOT).splitlines()
    commands = [COMMAND.match(line) for line in lines[:-1]]
    assert all(commands) and len(commands) == len(testdata_result.findings)
    assert lines[-1] == text.summary(testdata_result) and not lines[-1].startswith("::")
    for match, finding in zip(commands, testdata_result.findings, strict=True):
        assert match["command"] == {"error": "error", "warning": "warning", "note": "notice"}[finding.level]
        assert match["file"] == relative(finding.location.path, ROOT)
        assert int(match["line"]) == finding.location.start_line
        assert match["title"].split(" ")[0] == finding.rule_id


def test_github_escapes_properties_and_data(tmp_path: Path) -> None:
    path = tmp_path / "odd, name: here%.tf"
    (line, _summary) = github.render(_result(tmp_path, _finding(path)), tmp_path).splitlines()
    match = COMMAND.match(line)
    assert match, line
    assert match["file"] == "odd%2C name%3A here%25.tf"
    assert match["data"] == "100%25 sure, really: no%0Asecond line | with a pipe"
    decoded = match["data"].replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
    assert decoded == AWKWARD
    assert github.escape_property("a:b,c\r\n%") == "a%3Ab%2Cc%0D%0A%25"


def test_markdown_has_a_row_per_finding_and_the_counts(testdata_result: ScanResult) -> None:
    report = markdown.render(testdata_result, ROOT)
    findings_table = report.split("### Findings", 1)[1]
    rows = [line for line in findings_table.splitlines() if line.startswith("| ") and not line.startswith("| level")]
    assert len(rows) == len(testdata_result.findings)
    assert text.summary(testdata_result) in report
    assert f"| **total** | {sum(f.level == 'error' for f in testdata_result.findings)} |" in report
    assert f"Suppressed inline: {len(testdata_result.suppressed)}." in report


def test_markdown_escapes_pipes_and_newlines(tmp_path: Path) -> None:
    report = markdown.render(_result(tmp_path, _finding(tmp_path / "main.tf")), tmp_path)
    (row,) = [line for line in report.splitlines() if line.startswith("| error |")]
    assert "second line \\| with a pipe" in row and "<br>" in row
    assert len(re.split(r"(?<!\\)\|", row)) == 7  # five cells between six unescaped pipes


@pytest.mark.parametrize("fmt", ["junit", "github", "markdown"])
def test_cli_formats_exit_1_on_errors(fmt: str) -> None:
    case = TESTDATA / "terraform" / "aws-us-east"
    done = subprocess.run(
        [sys.executable, "-c", "from hds_lint.cli import main; main()", "scan", str(case), "--format", fmt],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done.stderr
    assert "aws_db_instance.teleconsultation" in done.stdout
