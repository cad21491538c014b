"""The wheel carries rules/ and the installed command works from outside the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(work / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next((work / "dist").glob("hds_lint-*.whl"))
    env_dir = work / "env"
    # Dependencies come from the test environment; the wheel itself must bring everything else.
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--quiet",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return env_dir


def _run(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [str(env_dir / "bin" / "hds-lint"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
    )


def test_installed_package_is_the_wheel_with_its_rules(installed: Path, tmp_path: Path) -> None:
    probe = subprocess.run(
        [
            str(installed / "bin" / "python"),
            "-c",
            "import hds_lint.catalog as c; print(c.rules_dir())",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    rules = Path(probe.stdout.strip())
    assert installed in rules.parents, rules
    assert (rules / "catalog" / "providers" / "aws.yaml").is_file()


def test_installed_command_scans_from_outside_the_tree(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n\n'
        'resource "aws_s3_bucket" "scans" {\n  bucket = "scans"\n  tags = { hds = "true" }\n}\n'
    )
    catalog = _run(installed, "catalog", cwd=tmp_path)
    assert catalog.returncode == 0, catalog.stderr
    assert "eu-west-3" in catalog.stdout
    scan = _run(installed, "scan", ".", "--format", "json", cwd=tmp_path)
    assert scan.returncode == 1, scan.stderr
    assert '"rule": "HDS002"' in scan.stdout
