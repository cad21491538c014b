"""The pre-commit hook and the GitHub composite action: their files, and the action's scan step run
by bash as GitHub would run it (the install step is skipped: hds-lint is installed here)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "testdata" / "terraform" / "aws-us-east"


def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def _step(step_id: str) -> dict:
    return next(s for s in _action()["runs"]["steps"] if s.get("id") == step_id)


def test_pre_commit_hook_definition() -> None:
    hook, whole = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "hds-lint" and hook["entry"] == "hds-lint scan" and hook["language"] == "python"
    assert hook["require_serial"] is True
    assert set(hook["types_or"]) == {"terraform", "yaml", "json"}
    assert hook.get("pass_filenames", True) is True
    # The whole repository, so that a shared module is checked through the stacks that call it.
    assert whole["id"] == "hds-lint-repo" and whole["entry"] == "hds-lint scan ." and whole["language"] == "python"
    assert whole["pass_filenames"] is False and whole["require_serial"] is True
    assert set(whole["types_or"]) == {"terraform", "yaml", "json"}


def test_action_definition() -> None:
    action = _action()
    inputs = action["inputs"]
    assert {k: v.get("default") for k, v in inputs.items()} == {
        "paths": ".",
        "config": "",
        "format": "sarif",
        "output": "hds-lint.sarif",
        "fail-on": "error",
        "version": "",
    }
    assert all(v.get("description") for v in inputs.values())
    assert action["outputs"]["sarif-file"]["value"] == "${{ steps.scan.outputs.sarif-file }}"
    runs = action["runs"]
    assert runs["using"] == "composite"
    setup = runs["steps"][0]
    assert setup["uses"] == "actions/setup-python@v5" and setup["with"]["python-version"] == "3.12"
    for step in runs["steps"][1:]:
        assert step["shell"] == "bash"
        # Inputs reach the script through env only: `${{ }}` in script text would be shell injection.
        assert "${{" not in step["run"]
    assert "${{ github.action_path }}" in _step("install")["env"].values()


def _run_scan_step(repo: Path, tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess, str]:
    github_output = tmp_path / "github_output"
    github_output.write_text("")
    env = {
        **os.environ,
        "GITHUB_OUTPUT": str(github_output),
        "HDS_LINT": shutil.which("hds-lint") or str(Path(sys.executable).parent / "hds-lint"),
        "INPUT_PATHS": ".",
        "INPUT_CONFIG": "",
        "INPUT_FORMAT": "sarif",
        "INPUT_OUTPUT": "hds-lint.sarif",
        "INPUT_FAIL_ON": "error",
        **inputs,
    }
    assert set(_step("scan")["env"]) <= set(env)
    done = subprocess.run(["bash", "-c", _step("scan")["run"]], cwd=repo, env=env, capture_output=True, text=True)
    return done, github_output.read_text()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(CASE, target / "infra")
    (target / ".git").mkdir()  # the report root, as in a checkout
    return target


def test_action_scan_step_writes_sarif_and_fails_on_errors(repo: Path, tmp_path: Path) -> None:
    done, outputs = _run_scan_step(repo, tmp_path, INPUT_OUTPUT="reports/hds-lint.sarif")
    assert done.returncode == 1, done.stderr
    assert "sarif-file=reports/hds-lint.sarif" in outputs.splitlines()
    log = json.loads((repo / "reports" / "hds-lint.sarif").read_text())
    results = log["runs"][0]["results"]
    expected = {f["rule"] for f in yaml.safe_load((CASE / "expected.yaml").read_text())["findings"]}
    assert results and {r["ruleId"] for r in results} == expected
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "infra/main.tf"


def test_action_scan_step_passes_with_fail_on_never_and_prints_without_output(repo: Path, tmp_path: Path) -> None:
    done, outputs = _run_scan_step(repo, tmp_path, INPUT_FAIL_ON="never", INPUT_FORMAT="github", INPUT_OUTPUT="")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("::error file=infra/main.tf,") and outputs == ""


def test_action_scan_step_does_not_expand_globs_or_run_input_text(repo: Path, tmp_path: Path) -> None:
    done, _ = _run_scan_step(repo, tmp_path, INPUT_PATHS="infra/*.tf $(touch pwned)", INPUT_FAIL_ON="never")
    assert done.returncode == 2 and not (repo / "pwned").exists()
    assert "infra/*.tf: no such file" in done.stderr


@pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is not installed")
def test_pre_commit_try_repo_fails_on_a_finding(tmp_path: Path) -> None:
    """Installs the hook from a committed copy of this tree (try-repo ignores untracked files)."""
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "init.defaultBranch=main"]
    hooks_repo = tmp_path / "hds-lint"
    shutil.copytree(ROOT, hooks_repo, ignore=shutil.ignore_patterns(".git", ".*cache*", ".venv", "*.egg-info"))
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "copy"]):
        subprocess.run([*git, *command], cwd=hooks_repo, check=True, capture_output=True)
    user = tmp_path / "user"
    shutil.copytree(CASE, user / "infra")
    subprocess.run([*git, "init", "-q"], cwd=user, check=True)
    subprocess.run([*git, "add", "-A"], cwd=user, check=True)
    done = subprocess.run(
        ["pre-commit", "try-repo", str(hooks_repo), "hds-lint", "--files", "infra/main.tf"],
        cwd=user,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "HDS002 region-out-of-scope" in done.stdout, done.stdout + done.stderr
