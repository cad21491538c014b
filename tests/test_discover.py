from __future__ import annotations

import os
from pathlib import Path

import pytest

from hds_lint.discover import discover
from hds_lint.errors import UsageError


def _names(files, root: Path) -> list[tuple[str, str]]:
    return [(Path(f.path).relative_to(root.resolve()).as_posix(), f.kind) for f in files]


def test_finds_every_kind_and_skips_tool_folders(write) -> None:
    root = write(
        {
            "main.tf": "",
            "stack.tf.json": "{}",
            "prod.tfvars": "",
            "k8s/app.yaml": "",
            "k8s/db.yml": "",
            "plan.json": "{}",
            "notes.md": "",
            ".git/config.yaml": "",
            ".terraform/modules/x/main.tf": "",
            "node_modules/pkg/a.yaml": "",
        }
    )
    assert _names(discover([str(root)])[0], root) == [
        ("k8s/app.yaml", "yaml"),
        ("k8s/db.yml", "yaml"),
        ("main.tf", "terraform"),
        ("plan.json", "json"),
        ("prod.tfvars", "tfvars"),
        ("stack.tf.json", "terraform-json"),
    ]


def test_symlink_out_of_the_root_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.tf").write_text("")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "main.tf").write_text("")
    os.symlink(outside / "secret.tf", root / "link.tf")
    os.symlink(outside, root / "linked-dir")
    os.symlink(root, root / "loop")
    files, notices = discover([str(root)])
    assert _names(files, root) == [("main.tf", "terraform")]
    assert [(Path(n.path).name, "outside" in n.message) for n in notices] == [("link.tf", True)]


def test_symlink_inside_the_root_is_scanned_once_under_its_real_path(write) -> None:
    root = write({"real/main.tf": ""})
    os.symlink(root / "real" / "main.tf", root / "alias.tf")
    assert _names(discover([str(root)])[0], root) == [("real/main.tf", "terraform")]


def test_a_file_argument_is_scanned_whatever_its_name(write) -> None:
    root = write({"rendered.txt": "apiVersion: v1\nkind: Pod\n", "infra.hcl": 'resource "a" "b" {}\n'})
    kinds = [f.kind for f in discover([str(root / "rendered.txt"), str(root / "infra.hcl")])[0]]
    assert sorted(kinds) == ["terraform", "yaml"]


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        discover([str(tmp_path / "nope")])


def test_a_link_that_leads_back_to_itself_is_a_notice_not_a_crash(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from hds_lint.cli import cli

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "main.tf").symlink_to(tmp_path / "a" / "main.tf")
    result = CliRunner().invoke(cli, ["scan", str(tmp_path), "-f", "json", "--fail-on", "never", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "a link that leads back to itself" in result.stdout


def test_a_file_name_that_is_not_utf8_is_reported_in_every_format(tmp_path: Path) -> None:
    import json
    import os

    from click.testing import CliRunner

    from hds_lint.cli import cli

    name = os.fsdecode(b"m\xff.tf")
    (tmp_path / name).write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_s3_bucket" "b" {\n  tags = { hds = "true" }\n}\n'
    )
    for form in ("json", "sarif", "text", "github", "junit", "markdown"):
        output = tmp_path / f"report.{form}.out"
        arguments = ["scan", str(tmp_path / name), "-f", form, "--fail-on", "never", "--no-cache", "-o", str(output)]
        result = CliRunner().invoke(cli, arguments)
        assert result.exit_code == 0, (form, result.output)
        if form in ("json", "sarif"):
            document = json.loads(output.read_text(encoding="utf-8"))  # escaped: valid UTF-8 JSON
            if form == "sarif":
                assert "m%FF.tf" in output.read_text()  # the URI keeps the name's bytes
            else:
                assert document["findings"][0]["location"]["path"].endswith(name)
