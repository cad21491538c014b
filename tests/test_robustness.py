"""Hostile and broken inputs: the scan finishes, reports what it could not read, and still
finds the real problem next to them; the same tree always gives the same report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from snippets import mutated

from hds_lint.discover import DiscoveredFile
from hds_lint.engine import scan
from hds_lint.kubernetes.loader import load_kubernetes
from hds_lint.report import sarif
from hds_lint.terraform.loader import load_terraform
from hds_lint.terraform.modules import Evaluation, Inputs

ROOT = Path(__file__).resolve().parent.parent
REAL = 'provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_s3_bucket" "real" {\n  tags = { hds = "true" }\n}\n'
BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)
)


def _hostile_tree(root: Path) -> None:
    files: dict[str, str | bytes] = {
        "real/main.tf": REAL,
        "broken/unterminated.tf": 'resource "aws_s3_bucket" "x" {\n  bucket = "x"\n',
        "broken/heredoc.tf": "locals {\n  x = <<EOT\nnever closed\n",
        "broken/binary.tf": bytes(range(256)) * 8,
        "broken/latin1.yaml": "name: \xe9t\xe9\n".encode("latin-1"),
        "broken/not-terraform.tf.json": "[1, 2, 3]",
        "broken/invalid.tf.json": '{"resource": ',
        "broken/empty.tf": "",
        "k8s/bomb.yaml": BILLION_LAUGHS,
        "k8s/deep.yaml": "a: " + "[" * 5000 + "]" * 5000 + "\n",
        "k8s/scalar.yaml": "just a string\n---\n- a list\n- document\n",
        "k8s/helm/templates/deploy.yaml": (
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n"
            "{{- if .Values.x }}\nspec: {}\n{{- end }}\n"
        ),
        "k8s/tabs.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: tabbed\n",
        "k8s/duplicate.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n",
        "k8s/no-kind.yaml": "metadata:\n  name: orphan\nspec:\n  replicas: 1\n",
        "modules/self/main.tf": 'module "me" {\n  source = "./"\n}\n',
        "modules/missing/main.tf": 'module "gone" {\n  source = "./does-not-exist"\n}\n',
        "big/huge.tf": "# " + "x" * 6_000_000 + "\n",
        "deep/parens.tf": 'resource "aws_s3_bucket" "d" {\n  bucket = ' + "(" * 1000 + "1" + ")" * 1000 + "\n}\n",
        "deep/us/main.tf": (  # a deep expression costs its own value, not the file's findings
            'provider "aws" {\n  region = "us-east-1"\n}\n'
            'resource "aws_s3_bucket" "deep" {\n  tags = { hds = "true" }\n}\n'
            "locals {\n  x = " + " + ".join(["1"] * 3000) + "\n}\n"
        ),
        "deep/near-the-limit.tf": (
            'resource "aws_s3_bucket" "n" {\n  bucket = ' + "(" * 180 + "var.b" + ")" * 180 + "\n}\n"
            'variable "b" {\n  default = "x"\n}\n'
        ),
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    os.symlink(root / "k8s", root / "k8s" / "loop")
    os.symlink("/etc/passwd", root / "k8s" / "escape.yaml")


def test_a_hostile_tree_scans_in_seconds_with_the_real_finding_and_valid_sarif(tmp_path: Path) -> None:
    _hostile_tree(tmp_path)
    (tmp_path / ".git").mkdir()
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", "from hds_lint.cli import main; main()", "scan", ".", "-f", "sarif", "-o", "out.sarif"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 1, done.stderr  # the real finding fails the build; nothing crashed
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert elapsed < 60
    log = json.loads((tmp_path / "out.sarif").read_text())
    results = log["runs"][0]["results"]
    assert ("HDS002", "real/main.tf") in {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results
    }
    unreadable = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results if r["ruleId"] == "HDS900"
    }
    for name in (
        "broken/unterminated.tf",
        "broken/heredoc.tf",
        "broken/binary.tf",
        "broken/latin1.yaml",
        "broken/invalid.tf.json",
        "k8s/bomb.yaml",
        "k8s/deep.yaml",
        "k8s/helm/templates/deploy.yaml",
        "k8s/tabs.yaml",
        "big/huge.tf",
    ):
        assert name in unreadable, name
    assert not {"deep/near-the-limit.tf", "deep/parens.tf", "deep/us/main.tf"} & unreadable
    assert ("HDS002", "deep/us/main.tf") in {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results
    }
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) >= len(unreadable)
    validator = ROOT.parent / "shared" / "sarif" / "validate-sarif"
    if validator.exists():
        check = subprocess.run(
            [sys.executable, str(validator), "--root", str(tmp_path), str(tmp_path / "out.sarif")],
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, check.stdout


def test_helm_templates_get_a_hint_to_render_them(tmp_path: Path) -> None:
    _hostile_tree(tmp_path)
    problems = scan([str(tmp_path / "k8s" / "helm")]).problems
    assert any("helm template" in p.message for p in problems)


def test_the_same_tree_twice_gives_byte_identical_sarif() -> None:
    first = sarif.render(scan([str(ROOT / "testdata")]), ROOT)
    second = sarif.render(scan([str(ROOT / "testdata")]), ROOT)
    assert first == second


def test_the_scanned_tree_is_never_written(tmp_path: Path) -> None:
    _hostile_tree(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink()}
    scan([str(tmp_path)])
    after = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink()}
    assert before == after


REAL_FILES = sorted((ROOT / "testdata").glob("**/*.tf")) + sorted((ROOT / "testdata").glob("**/*.yaml"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sample=mutated(REAL_FILES, '{}[]"\\:$#\n\t=*&!%'))
def test_mutated_real_files_never_raise_and_stay_deterministic(tmp_path: Path, sample: tuple[Path, str]) -> None:
    source, text = sample
    suffix = source.suffix
    path = tmp_path / f"mutated{suffix}"
    path.write_text(text)
    kind = "terraform" if suffix == ".tf" else "yaml"
    for _ in range(2):  # twice: the same input gives the same output
        if kind == "terraform":
            modules, _variables, problems = load_terraform([DiscoveredFile(str(path), kind)])
            resources = Evaluation(modules, Inputs()).run()
        else:
            resources, problems, _notices = load_kubernetes([DiscoveredFile(str(path), kind)])
        outcome = ([r.address for r in resources], [(p.line, p.message) for p in problems])
        if _ == 0:
            first = outcome
    assert outcome == first
    for _line, _message in outcome[1]:
        assert 1 <= _line <= max(1, text.count("\n") + 1)


def test_a_parse_that_takes_too_long_is_reported_not_waited_for(tmp_path: Path, monkeypatch) -> None:
    from hds_lint import sources
    from hds_lint.terraform import loader

    def slow(path: str, text: str) -> list:
        while True:  # a pathological file
            pass

    monkeypatch.setattr(loader, "blocks_from_hcl", slow)
    monkeypatch.setattr(sources, "PARSE_SECONDS", 0.3)
    monkeypatch.setattr(loader, "time_limit", lambda: sources.time_limit(0.3))
    (tmp_path / "main.tf").write_text('resource "a" "b" {}\n')
    (problem,) = scan([str(tmp_path)]).problems
    assert "more than 0.3 seconds" in problem.message
