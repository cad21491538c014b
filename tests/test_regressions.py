"""Inputs that once gave a wrong verdict or a crash: each stays fixed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from snippets import VERSIONING

from hds_lint import yamlnodes
from hds_lint.engine import Selection, scan

PARIS = 'provider "aws" {\n  region = "eu-west-3"\n}\n'
VIRGINIA = 'provider "aws" {\n  region = "us-east-1"\n}\n'


PLACEMENT = Selection(select=("HDS001", "HDS002", "HDS003", "HDS004", "HDS031"))


def _rules(root: Path, *paths: str) -> list[tuple[str, str, int]]:
    targets = [str(root / p) for p in paths] or [str(root)]
    return [(f.rule_id, f.level, f.location.start_line) for f in scan(targets, selection=PLACEMENT).findings]


def test_tag_blocks_with_odd_keys_do_not_crash(write) -> None:
    root = write(
        {
            "main.tf": 'resource "outscale_volume" "v" {\n  subregion_name = "eu-west-2a"\n'
            "  tags {\n    key   = 1\n    value = var.x\n  }\n  tags {\n    key = null\n  }\n}\n"
        }
    )
    assert _rules(root) == []


def test_computed_tag_key_is_unknown_not_out_of_scope(write) -> None:
    root = write({"main.tf": VIRGINIA + 'resource "aws_s3_bucket" "b" {\n  tags = { (var.k) = "health" }\n}\n'})
    assert _rules(root) == [("HDS004", "warning", 5)]


def test_an_alias_that_cannot_be_read_does_not_replace_the_default_provider(write) -> None:
    odd = 'provider "aws" {\n  alias  = var.name\n  region = "us-east-1"\n}\n'
    bucket = 'resource "aws_s3_bucket" "b" {\n  tags = { hds = "true" }\n' + VERSIONING + "}\n"
    assert _rules(write({"a.tf": PARIS, "b.tf": odd, "c.tf": bucket})) == []


def test_a_provider_reference_with_extra_parts_is_unresolved(write) -> None:
    bucket = (
        'resource "aws_s3_bucket" "b" {\n  provider = aws.paris.extra\n  tags = { hds = "true" }\n' + VERSIONING + "}\n"
    )
    assert _rules(write({"main.tf": PARIS + bucket})) == [("HDS004", "warning", 4)]


def test_a_single_named_file_still_sees_its_module_providers(write) -> None:
    root = write(
        {
            "providers.tf": VIRGINIA,
            "db.tf": 'resource "aws_db_instance" "db" {\n  engine = "postgres"\n  tags = { hds = "true" }\n}\n',
            "other.tf": 'resource "aws_s3_bucket" "not_named" {\n  tags = { hds = "true" }\n' + VERSIONING + "}\n",
        }
    )
    findings = scan([str(root / "db.tf")], selection=PLACEMENT).findings
    assert [(f.rule_id, f.address) for f in findings] == [("HDS002", "aws_db_instance.db")]


def test_alternative_node_selector_terms_must_all_pin_the_region(write) -> None:
    pod = (
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {hds: "true"}\nspec:\n  affinity:\n'
        "    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n"
        "          - matchExpressions:\n"
        "              - {key: topology.kubernetes.io/region, operator: In, values: [francecentral]}\n"
        "          - matchExpressions:\n              - {key: kubernetes.io/os, operator: In, values: [linux]}\n"
    )
    assert [r for r, *_ in _rules(write({"pod.yaml": pod}))] == ["HDS004"]


def test_region_selector_that_is_not_a_name_points_at_its_line(write) -> None:
    pod = (
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {hds: "true"}\nspec:\n'
        "  nodeSelector:\n    topology.kubernetes.io/region: 42\n"
    )
    assert _rules(write({"pod.yaml": pod})) == [("HDS004", "warning", 8)]


def test_tf_json_nested_blocks_as_objects_and_label_arrays(write) -> None:
    root = write(
        {
            "main.tf.json": '{"provider": {"google": {"region": "us-central1"}},\n'
            ' "resource": [{"google_sql_database_instance": [{"db": {"region": "us-central1",\n'
            '   "settings": {"user_labels": {"hds": "true"}}}}]}]}\n'
        }
    )
    assert [r for r, *_ in _rules(root)] == ["HDS002"]


def test_unknown_value_in_an_hds_condition_is_reported(write) -> None:
    provider = 'provider "scaleway" {\n  region = "fr-par"\n}\n'
    dynamic = (
        'resource "scaleway_object_bucket" "b" {\n  name = "b"\n  tags = { hds = "true" }\n'
        '  dynamic "lifecycle_rule" {\n    for_each = var.rules\n    content {\n      enabled = true\n    }\n  }\n}\n'
    )
    assert _rules(write({"main.tf": provider + dynamic})) == [("HDS004", "warning", 7)]


def test_oci_freeform_tags_and_the_outside_eea_note(write) -> None:
    root = write(
        {
            "main.tf": 'provider "oci" {\n  region = "us-ashburn-1"\n}\n'
            'resource "oci_core_volume" "v" {\n  compartment_id = "x"\n  freeform_tags = { "hds" = "true" }\n}\n'
        }
    )
    (finding,) = scan([str(root)]).findings
    assert finding.rule_id == "HDS001"
    assert "outside the European Economic Area" in finding.message


def test_yaml_scalars_are_not_cached_for_the_life_of_the_process() -> None:
    for document in yamlnodes.compose_documents("a: 1\nb: [true, 2.5]\n"):
        yamlnodes.to_value(document, "f", {})
    assert not yamlnodes._CONSTRUCTOR.constructed_objects


def test_yaml_merge_keys_are_expanded(write) -> None:
    manifest = (
        "x-labels: &health\n  hds: 'true'\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n"
        "    <<: *health\n    team: dpi\nspec:\n  nodeSelector:\n    topology.kubernetes.io/region: us-east-1\n"
    )
    root = write({"pod.yaml": manifest})
    assert [r for r, *_ in _rules(root)] == ["HDS002"]


def _cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from hds_lint.cli import main; main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
    )


def test_unwritable_output_is_a_usage_error(write) -> None:
    root = write({"main.tf": ""})
    result = _cli("scan", ".", "--output", "/proc/hds-lint-report.json", cwd=root)
    assert result.returncode == 2
    assert "cannot write the report" in result.stderr


def test_empty_scan_says_so(write) -> None:
    root = write({"README.md": "nothing to scan"})
    result = _cli("scan", ".", cwd=root)
    assert result.returncode == 0
    assert "no Terraform or Kubernetes files found" in result.stderr


def test_a_foreign_hcl2_module_is_one_line_with_the_fix(write, tmp_path: Path) -> None:
    fake = tmp_path / "fake"
    (fake / "hcl2").mkdir(parents=True)
    (fake / "hcl2" / "__init__.py").write_text("def loads(text):\n    return {}\n")
    root = write({"main.tf": PARIS})
    import os

    env = {**os.environ, "PYTHONPATH": str(fake)}
    result = _cli("scan", ".", cwd=root, env=env)
    assert result.returncode == 2
    assert "not python-hcl2 8.x" in result.stderr and "virtual environment" in result.stderr
    assert "Traceback" not in result.stderr


def test_duplicate_and_unknown_blocks_are_said(write) -> None:
    root = write(
        {
            "a.tf": 'resource "aws_s3_bucket" "x" {\n}\nresoruce "aws_s3_bucket" "y" {\n}\n',
            "b.tf": 'resource "aws_s3_bucket" "x" {\n}\n',
        }
    )
    notices = {(Path(n.path).name, n.line, n.message.split(":")[0]) for n in scan([str(root)]).notices}
    assert ("a.tf", 3, "unknown block type 'resoruce'") in notices
    assert ("b.tf", 1, "duplicate resource aws_s3_bucket.x (first at a.tf") in notices


# --- a cache folder that cannot be read or searched: a warning, and the scan goes on ------------

CACHE_WARNING = "hds-lint: warning: cannot write the cache in "


def _scan_without_cache_expected(root: Path) -> subprocess.CompletedProcess:
    return _cli("scan", "infra", "-f", "json", "-j", "1", "--no-cache", cwd=root)


def _warned_once(result, expected, where: Path) -> None:
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert (result.returncode, result.stdout) == (expected.returncode, expected.stdout), result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(CACHE_WARNING + str(where)) and lines[0].endswith("; scanning without it")


@pytest.mark.parametrize("where", ["--cache-dir", "XDG_CACHE_HOME", "HOME"])
def test_a_cache_folder_that_cannot_be_searched_is_a_warning(where: str, write, tmp_path: Path, monkeypatch) -> None:
    """What a cache below a folder of someone else's (mode 700) does, also where the tests run
    as root: looking at the cache folder fails with EACCES."""
    import pathlib

    from click.testing import CliRunner

    from hds_lint.cli import cli

    root = write({"infra/main.tf": VIRGINIA})
    expected = _scan_without_cache_expected(root)
    locked = tmp_path / "locked"
    locked.mkdir()
    arguments = ["scan", str(root / "infra"), "-f", "json", "-j", "1"]
    if where == "--cache-dir":
        arguments += ["--cache-dir", str(locked / "sub")]
        cache = locked / "sub"
    elif where == "XDG_CACHE_HOME":
        monkeypatch.setenv("XDG_CACHE_HOME", str(locked / "xdg"))
        cache = locked / "xdg" / "hds-lint"
    else:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        monkeypatch.setenv("HOME", str(locked))
        cache = locked / ".cache" / "hds-lint"
    stat = pathlib.Path.stat

    def denied(self, *args, **kwargs):
        if str(self).startswith(str(locked) + os.sep):
            raise PermissionError(13, "Permission denied", str(self))
        return stat(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "stat", denied)
    result = CliRunner().invoke(cli, arguments, catch_exceptions=False)
    outcome = subprocess.CompletedProcess([], result.exit_code, result.stdout, result.stderr)
    _warned_once(outcome, expected, cache)
    assert "(Permission denied)" in result.stderr
    assert list(locked.iterdir()) == []


def test_a_cache_dir_that_is_not_readable_is_not_refused(write, tmp_path: Path, monkeypatch) -> None:
    """Click refused an existing --cache-dir it could not list ("is not readable") while an
    unwritable one was only a warning; the cache never lists its folder: it is used."""
    from click.testing import CliRunner

    from hds_lint.cli import cli

    root = write({"infra/main.tf": VIRGINIA})
    expected = _scan_without_cache_expected(root)
    cache = tmp_path / "cache"
    cache.mkdir()
    access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **k: False if Path(path) == cache else access(path, mode, **k))
    arguments = ["scan", str(root / "infra"), "-f", "json", "-j", "1", "--cache-dir", str(cache)]
    result = CliRunner().invoke(cli, arguments, catch_exceptions=False)
    assert result.exit_code == expected.returncode and result.stdout == expected.stdout, result.stderr
    assert result.stderr == ""


ROOT_IGNORES_PERMISSIONS = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions"
)


@ROOT_IGNORES_PERMISSIONS
@pytest.mark.parametrize("where", ["--cache-dir below", "--cache-dir itself", "XDG_CACHE_HOME", "HOME"])
def test_an_unreadable_cache_folder_is_a_warning(where: str, write, tmp_path: Path) -> None:
    root = write({"infra/main.tf": VIRGINIA})
    expected = _scan_without_cache_expected(root)
    locked = tmp_path / "locked"
    locked.mkdir()
    environment = {k: v for k, v in os.environ.items() if k != "XDG_CACHE_HOME"}
    arguments: tuple[str, ...] = ()
    if where == "--cache-dir below":
        cache = locked / "sub"
        arguments = ("--cache-dir", str(cache))
    elif where == "--cache-dir itself":
        cache = locked
        arguments = ("--cache-dir", str(cache))
    elif where == "XDG_CACHE_HOME":
        environment["XDG_CACHE_HOME"] = str(locked / "xdg")
        cache = locked / "xdg" / "hds-lint"
    else:
        environment["HOME"] = str(locked)
        cache = locked / ".cache" / "hds-lint"
    locked.chmod(0o000)
    try:
        result = _cli("scan", "infra", "-f", "json", "-j", "1", *arguments, cwd=root, env=environment)
    finally:
        locked.chmod(0o700)
    _warned_once(result, expected, cache)
