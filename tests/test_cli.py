"""The command as a user runs it: exit codes, one-line errors, atomic output."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
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


# --- where -o and --write-baseline write: links are followed, devices and pipes written in place


def test_output_through_a_link_replaces_its_target_and_keeps_the_link(write) -> None:
    root = write({"infra/main.tf": NON_COMPLIANT, "reports/previous.json": "an old report"})
    (root / "report.json").symlink_to("reports/previous.json")
    (root / "fresh.json").symlink_to("reports/fresh.json")  # dangling: the target is made
    (root / "baseline.json").symlink_to("reports/baseline.json")
    for args in (("-o", "report.json"), ("-o", "fresh.json"), ("--write-baseline", "baseline.json")):
        result = run("scan", "infra", "-f", "json", *args, cwd=root)
        assert result.returncode in (0, 1) and "hds-lint: error" not in result.stderr, result.stderr
    for link, target in (("report.json", "previous.json"), ("fresh.json", "fresh.json")):
        assert (root / link).is_symlink()
        assert json.loads((root / "reports" / target).read_text())["findings"][0]["rule"].startswith("HDS")
    assert (root / "baseline.json").is_symlink()
    assert json.loads((root / "reports" / "baseline.json").read_text())["format"] == "hds-lint-baseline"
    assert not [p for p in root.rglob("*.tmp")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
@pytest.mark.parametrize("command", ["scan", "inventory"])
def test_output_to_a_named_pipe_is_written_into_it(command: str, write) -> None:
    root = write({"infra/main.tf": NON_COMPLIANT})
    os.mkfifo(root / "pipe")
    (root / "link").symlink_to("pipe")
    for name in ("pipe", "link"):
        reader = os.open(root / "pipe", os.O_RDONLY | os.O_NONBLOCK)  # a reader, so that the writer's open returns
        try:
            result = run(command, "infra", "-f", "json", "-o", name, cwd=root)
            received = os.read(reader, 1 << 20).decode()
        finally:
            os.close(reader)
        assert result.returncode in (0, 1) and "hds-lint: error" not in result.stderr, result.stderr
        assert stat.S_ISFIFO((root / "pipe").lstat().st_mode) and (root / "link").is_symlink()
        assert json.loads(received)["schema_version"] == 1
    assert sorted(p.name for p in root.iterdir()) == ["infra", "link", "pipe"]


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
def test_a_character_device_is_written_in_place_never_replaced(tmp_path: Path, monkeypatch) -> None:
    """Safe even as root: any attempt to replace the device fails the test before it happens."""
    import tempfile

    from hds_lint import cli

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a device must be written, not replaced: {args}")

    monkeypatch.setattr(os, "replace", forbidden)
    monkeypatch.setattr(tempfile, "mkstemp", forbidden)
    (tmp_path / "null").symlink_to("/dev/null")
    cli.write_atomically("/dev/null", "a report\n")
    cli.write_atomically(str(tmp_path / "null"), "a report\n")
    monkeypatch.undo()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert (tmp_path / "null").is_symlink()


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="no /proc/self/fd")
def test_output_to_standard_output_by_name_writes_to_it(write) -> None:
    root = write({"infra/main.tf": NON_COMPLIANT, "log.txt": "an earlier line\n"})
    (root / "stdout").symlink_to("/proc/self/fd/1")
    piped = run("scan", "infra", "-f", "json", "-o", "stdout", cwd=root)
    assert json.loads(piped.stdout)["findings"][0]["rule"].startswith("HDS")
    assert (root / "stdout").is_symlink()
    with (root / "log.txt").open("a") as log:  # a log the report is appended to (>>) keeps what it held
        command = [sys.executable, "-c", "from hds_lint.cli import main; main()"]
        subprocess.run(
            [*command, "scan", "infra", "-f", "json", "-o", "stdout"],  # not /dev/stdout: a bug would replace it
            cwd=root,
            stdout=log,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    earlier, report = (root / "log.txt").read_text().split("\n", 1)
    assert earlier == "an earlier line" and json.loads(report)["findings"][0]["rule"].startswith("HDS")


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")
def test_output_to_a_socket_is_a_one_line_error(write) -> None:
    root = write({"infra/main.tf": NON_COMPLIANT})
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(root / "sock"))
        result = run("scan", "infra", "-o", "sock", cwd=root)
        assert stat.S_ISSOCK((root / "sock").lstat().st_mode)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "hds-lint: error: sock: cannot write the report: No such device or address"
    ]


# --- a report never lands on a file the scan read ----------------------------------------------

POD = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": []}}\n'


@pytest.mark.parametrize(
    ("args", "target"),
    [
        (("scan", "infra", "-f", "json", "-o", "infra/main.tf"), "infra/main.tf"),
        (("inventory", "infra", "-f", "json", "-o", "infra/main.tf"), "infra/main.tf"),
        (("scan", "infra", "--write-baseline", "infra/main.tf"), "infra/main.tf"),
        (("scan", "infra", "-f", "json", "-o", "infra/pod.json"), "infra/pod.json"),
        (("scan", "infra", "-o", "infra/values.yaml"), "infra/values.yaml"),  # read, even if not Kubernetes
        (("scan", "infra", "-o", "main-link.tf"), "main-link.tf"),  # a link to a scanned file
        (("scan", "infra/main.tf", "-o", "infra/other.tf"), "infra/other.tf"),  # read beside the named file
        (("scan", "infra/main.tf", "-o", "infra/terraform.tfvars"), "infra/terraform.tfvars"),
        (("scan", "infra", "--var-file", "prod.tfvars", "-o", "prod.tfvars"), "prod.tfvars"),
        (("inventory", "infra", "--config", "hds.yaml", "-o", "hds.yaml"), "hds.yaml"),
    ],
)
def test_output_onto_a_file_the_scan_read_is_refused(args: tuple[str, ...], target: str, write) -> None:
    files = {
        "infra/main.tf": NON_COMPLIANT,
        "infra/other.tf": "# other\n",
        "infra/terraform.tfvars": "# values\n",
        "infra/pod.json": POD,
        "infra/values.yaml": "replicas: 2\n",
        "prod.tfvars": "# prod\n",
        "hds.yaml": "fail_on: never\n",
    }
    root = write(files)
    (root / "main-link.tf").symlink_to("infra/main.tf")
    result = run(*args, cwd=root)
    assert result.returncode == 2, result.stderr
    if target.endswith((".tf", ".tfvars", ".yaml")):  # refused by its name, before scanning
        reason = "a report written there would be scanned as Terraform or YAML; choose another name"
    else:
        reason = "is a file being scanned; choose another output path"
    assert result.stderr.strip().splitlines() == [f"hds-lint: error: {target}: {reason}"]
    assert result.stdout == ""
    assert {name: (root / name).read_text() for name in files} == files
    assert (root / "main-link.tf").is_symlink()
    assert not [p for p in root.rglob("*") if p.name.endswith(".tmp")]


def test_reports_of_an_earlier_run_in_the_scanned_folder_are_replaced(write) -> None:
    """A JSON report, SARIF log, inventory or baseline is read by the next scan of its folder,
    as every JSON file is, and is no Kubernetes object: writing it again is what -o is for."""
    root = write({"main.tf": NON_COMPLIANT, "package.json": '{"name": "app"}\n'})
    for _ in range(2):
        for args in (
            ("scan", ".", "-f", "json", "-o", "report.json"),
            ("scan", ".", "-f", "sarif", "-o", "report.sarif.json"),
            ("inventory", ".", "-f", "json", "-o", "inventory.json"),
            ("scan", ".", "--write-baseline", "baseline.json"),
        ):
            result = run(*args, cwd=root)
            assert result.returncode in (0, 1) and "hds-lint: error" not in result.stderr, (args, result.stderr)
    assert json.loads((root / "report.json").read_text())["findings"][0]["rule"].startswith("HDS")
    assert json.loads((root / "baseline.json").read_text())["format"] == "hds-lint-baseline"


def test_a_report_is_never_written_where_it_would_be_scanned_or_over_the_baseline(write) -> None:
    root = write({"a/main.tf": NON_COMPLIANT})
    for name in ("a/report.tf", "report.tf.json", "a/x.auto.tfvars", "report.yaml"):
        done = run("scan", "a", "-f", "json", "-o", name, cwd=root)
        assert done.returncode == 2 and "would be scanned" in done.stderr, name
        assert not (root / name).exists()
    assert run("scan", "a", "--write-baseline", "base.json", cwd=root).returncode == 0
    before = (root / "base.json").read_bytes()
    done = run("scan", "a", "--baseline", "base.json", "-f", "json", "-o", "base.json", cwd=root)
    assert done.returncode == 2 and "is the baseline being read" in done.stderr
    assert (root / "base.json").read_bytes() == before


def test_ctrl_c_while_the_program_loads_is_one_line_not_a_traceback() -> None:
    import subprocess
    import sys

    code = (
        "import builtins\n"
        "real = builtins.__import__\n"
        "def loading(name, *args, **kwargs):\n"
        "    if name == 'hds_lint.cli':\n"
        "        raise KeyboardInterrupt\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = loading\n"
        "from hds_lint.launch import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 130 and done.stderr == "hds-lint: interrupted\n"
