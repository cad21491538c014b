"""The analysis cache: a run whose inputs did not change gives back the last analysis, and
any change to anything the analysis read, inside the scanned tree or outside it, gives a new
one. Every case compares a cached run with `--no-cache` on the same files: a stale answer
is the failure these tests exist for."""

from __future__ import annotations

import ast
import hashlib
import os
import pickle
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from snippets import VERSIONING
from test_parse_cache import DAMAGE, plants

from hds_lint import engine
from hds_lint.cli import cli
from hds_lint.model import Analysis, LoadProblem
from hds_lint.terraform import modules

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "testdata"
SCAN = ("scan", "--format", "json", "--fail-on", "never", "-j", "1")


def bucket(region: str, tags: str = 'tags = { hds = "true" }') -> str:
    return (
        f'provider "aws" {{\n  region = "{region}"\n}}\n\n'
        f'resource "aws_s3_bucket" "b" {{\n  bucket = "b"\n  {tags}\n' + VERSIONING + "}\n"
    )


MODULE_CALLER = 'module "store" {\n  source = "../modules/store"\n}\n'


def invoke(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False, env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


class Runs:
    """Scans of one folder with a cache, each checked against a scan without one."""

    def __init__(self, target: Path, cache: Path, *extra: str) -> None:
        self.args = (*SCAN, str(target), *extra)
        self.cache = cache

    def cached(self, env: dict[str, str] | None = None) -> str:
        with_cache = invoke(*self.args, "--cache-dir", str(self.cache), env=env)
        assert with_cache == invoke(*self.args, "--no-cache", env=env), "the cached run reported something else"
        return with_cache


@pytest.fixture
def analyses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the analyses that ran (a reused one does not)."""
    ran: list[int] = []
    analyse = engine._analyse

    def counting(*args, **kwargs):
        ran.append(1)
        return analyse(*args, **kwargs)

    monkeypatch.setattr(engine, "_analyse", counting)
    return ran


def results(cache: Path) -> list[Path]:
    return sorted((cache / "v1" / "results").glob("*"))


# --- 1. nothing changed: nothing is loaded, evaluated or checked again ------------------------


def test_warm_run_reuses_the_analysis_and_reports_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    args = (*SCAN, str(TESTDATA), "--cache-dir", str(cache))
    cold = invoke(*args)
    assert len(results(cache)) == 1
    assert invoke(*SCAN, str(TESTDATA), "--no-cache") == cold

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("analysed again although nothing changed")

    monkeypatch.setattr(engine, "_analyse", refuse)
    assert invoke(*args) == cold


def test_each_way_of_scanning_keeps_its_own_analysis(tmp_path: Path, analyses: list[int]) -> None:
    """Another target, another option that feeds the analysis: another entry, not a wrong hit."""
    cache = str(tmp_path / "cache")
    one = TESTDATA / "terraform" / "aws-us-east"
    invoke(*SCAN, str(one), "--cache-dir", cache)
    invoke(*SCAN, str(one), "--var", "region=eu-west-3", "--cache-dir", cache)
    invoke(*SCAN, str(TESTDATA / "terraform" / "aws-compliant-paris"), "--cache-dir", cache)
    assert len(analyses) == 3
    invoke(*SCAN, str(one), "--cache-dir", cache)
    invoke(*SCAN, str(one), "--var", "region=eu-west-3", "--cache-dir", cache)
    assert len(analyses) == 3


def test_report_options_apply_to_a_reused_analysis(tmp_path: Path) -> None:
    """Selection, levels and suppressions are applied after the analysis, on every run."""
    cache = str(tmp_path / "cache")
    target = str(TESTDATA / "terraform" / "aws-us-east")
    invoke(*SCAN, target, "--cache-dir", cache)
    for extra in (("--select", "HDS003"), ("--ignore", "HDS003"), ("--format", "sarif")):
        assert invoke(*SCAN, target, *extra, "--cache-dir", cache) == invoke(*SCAN, target, *extra, "--no-cache")


# --- 2. anything the analysis read changed: a new analysis -----------------------------------


def test_a_changed_file_in_the_tree(write, tmp_path: Path) -> None:
    write({"live/main.tf": bucket("eu-west-3")})
    runs = Runs(tmp_path / "live", tmp_path / "cache")
    before = runs.cached()
    write({"live/main.tf": bucket("us-east-1")})
    assert runs.cached() != before


def test_a_module_outside_the_scanned_tree(write, tmp_path: Path) -> None:
    """`../modules/store` is never discovered: only the record of what was read knows it."""
    write({"live/main.tf": MODULE_CALLER, "modules/store/main.tf": bucket("eu-west-3")})
    runs = Runs(tmp_path / "live", tmp_path / "cache")
    before = runs.cached()
    write({"modules/store/main.tf": bucket("us-east-1")})
    assert runs.cached() != before
    write({"modules/store/extra.tf": 'resource "aws_db_instance" "d" {\n  tags = { hds = "true" }\n}\n'})
    assert "aws_db_instance" in runs.cached()
    (tmp_path / "modules" / "store" / "extra.tf").unlink()
    (tmp_path / "modules" / "store" / "main.tf").unlink()
    assert "holds no Terraform files" in runs.cached()


def test_an_installed_registry_module_and_its_manifest(write, tmp_path: Path) -> None:
    manifest = '{"Modules": [{"Key": "store", "Source": "x", "Dir": ".terraform/modules/%s"}]}'
    write(
        {
            "live/main.tf": 'module "store" {\n  source = "registry.example/store/aws"\n}\n',
            "live/.terraform/modules/modules.json": manifest % "a",
            "live/.terraform/modules/a/main.tf": bucket("eu-west-3"),
            "live/.terraform/modules/b/main.tf": bucket("us-east-1"),
        }
    )
    runs = Runs(tmp_path / "live", tmp_path / "cache")
    before = runs.cached()
    write({"live/.terraform/modules/modules.json": manifest % "b"})
    after = runs.cached()
    assert after != before and "us-east-1" in after
    write({"live/.terraform/modules/b/main.tf": bucket("eu-west-3")})
    assert "us-east-1" not in runs.cached()


def test_the_selected_workspace(write, tmp_path: Path) -> None:
    source = 'provider "aws" {\n  region = terraform.workspace == "us" ? "us-east-1" : "eu-west-3"\n}\n'
    write({"live/main.tf": source + bucket("eu-west-3").split("\n\n", 1)[1], "live/.terraform/environment": "eu"})
    runs = Runs(tmp_path / "live", tmp_path / "cache")
    before = runs.cached()
    write({"live/.terraform/environment": "us"})
    assert runs.cached() != before
    assert runs.cached(env={"TF_WORKSPACE": "default"}) == before


def test_a_variable_from_the_environment_and_a_variable_file(write, tmp_path: Path) -> None:
    source = 'variable "region" {\n  default = "eu-west-3"\n}\n' + bucket("REGION").replace('"REGION"', "var.region")
    write({"live/main.tf": source, "vars/prod.tfvars": 'region = "eu-west-3"\n'})
    runs = Runs(tmp_path / "live", tmp_path / "cache")
    before = runs.cached()
    assert runs.cached(env={"TF_VAR_region": "us-east-1"}) != before
    runs = Runs(tmp_path / "live", tmp_path / "cache", "--var-file", str(tmp_path / "vars" / "prod.tfvars"))
    assert runs.cached() == before
    write({"vars/prod.tfvars": 'region = "us-east-1"\n'})
    assert runs.cached() != before


def test_a_new_automatic_variable_file(write, tmp_path: Path) -> None:
    source = 'variable "region" {\n  default = "eu-west-3"\n}\n' + bucket("REGION").replace('"REGION"', "var.region")
    write({"live/main.tf": source})
    runs = Runs(tmp_path / "live", tmp_path / "cache")
    before = runs.cached()
    write({"live/zz.auto.tfvars": 'region = "us-east-1"\n'})
    assert runs.cached() != before


def test_a_module_link_pointed_elsewhere(write, tmp_path: Path) -> None:
    write(
        {
            "live/main.tf": MODULE_CALLER,
            "paris/main.tf": bucket("eu-west-3"),
            "virginia/main.tf": bucket("us-east-1"),
        }
    )
    link = tmp_path / "modules" / "store"
    link.parent.mkdir()
    link.symlink_to(tmp_path / "paris", target_is_directory=True)
    runs = Runs(tmp_path / "live", tmp_path / "cache")
    before = runs.cached()
    link.unlink()
    link.symlink_to(tmp_path / "virginia", target_is_directory=True)
    assert runs.cached() != before


def test_a_sibling_of_a_named_file(write, tmp_path: Path) -> None:
    """Pre-commit names changed files; their module's other files are read for context."""
    write(
        {"live/main.tf": bucket("REGION").split("\n\n", 1)[1], "live/provider.tf": bucket("eu-west-3").split("\n\n")[0]}
    )
    runs = Runs(tmp_path / "live" / "main.tf", tmp_path / "cache")
    before = runs.cached()
    write({"live/provider.tf": 'provider "aws" {\n  region = "us-east-1"\n}\n'})
    assert runs.cached() != before


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads any file")
def test_a_file_that_can_no_longer_be_read(write, tmp_path: Path) -> None:
    write({"live/main.tf": bucket("eu-west-3"), "live/other.tf": "locals {\n  a = 1\n}\n"})
    runs = Runs(tmp_path / "live", tmp_path / "cache")
    before = runs.cached()
    (tmp_path / "live" / "other.tf").chmod(0)
    try:
        assert runs.cached() != before
    finally:
        (tmp_path / "live" / "other.tf").chmod(0o644)


def test_a_configuration_change(write, tmp_path: Path) -> None:
    write({"live/main.tf": bucket("eu-west-3", 'tags = { dataclass = "health" }')})
    runs = Runs(tmp_path / "live", tmp_path / "cache", "--config", str(tmp_path / "hds-lint.yaml"))
    write({"hds-lint.yaml": "classification:\n  keys:\n    sensitivity: [phi]\n"})
    before = runs.cached()
    write({"hds-lint.yaml": "classification:\n  keys:\n    dataclass: [health]\n"})
    assert runs.cached() != before


def test_a_suppression_that_expires_after_the_analysis_was_kept(write, tmp_path: Path, monkeypatch) -> None:
    """Expiry is judged on each run's date, not on the date of the analysis reused."""
    tomorrow = date.today() + timedelta(days=1)
    comment = f'# hds-lint: ignore=HDS003 reason="migration" expires={tomorrow.isoformat()}\n'
    write(
        {"live/main.tf": bucket("us-east-1").replace('resource "aws_s3_bucket"', comment + 'resource "aws_s3_bucket"')}
    )
    runs = Runs(tmp_path / "live", tmp_path / "cache")
    before = runs.cached()

    class Later(date):
        @classmethod
        def today(cls) -> date:
            return tomorrow + timedelta(days=1)

    from hds_lint import suppress

    monkeypatch.setattr(suppress, "date", Later)
    assert runs.cached() != before


# --- 3. the entry itself: damage, planted code, slow parses --------------------------------------


@pytest.fixture
def one_result(write, tmp_path: Path) -> tuple[tuple[str, ...], Path, str]:
    write({"live/main.tf": bucket("us-east-1")})
    cache = tmp_path / "cache"
    args = (*SCAN, str(tmp_path / "live"), "--cache-dir", str(cache))
    expected = invoke(*args)
    assert '"rule": "HDS' in expected and len(results(cache)) == 1
    return args, cache, expected


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_result_is_ignored_and_rewritten(damage: str, one_result, analyses: list[int]) -> None:
    args, cache, expected = one_result
    (entry,) = results(cache)
    good = entry.read_bytes()
    entry.write_bytes(DAMAGE[damage](good))
    assert invoke(*args) == expected
    assert analyses == [1]
    assert results(cache) == [entry] and entry.read_bytes()[:32] == hashlib.sha256(entry.read_bytes()[32:]).digest()
    assert invoke(*args) == expected
    assert analyses == [1]


@pytest.mark.parametrize("plant", list(plants(Path("x"))))
def test_planted_result_is_not_run(plant: str, one_result, tmp_path: Path) -> None:
    args, cache, expected = one_result
    marker = tmp_path / "marker"
    (entry,) = results(cache)
    payload = pickle.dumps(({}, plants(marker)[plant]), protocol=pickle.HIGHEST_PROTOCOL)
    entry.write_bytes(hashlib.sha256(payload).digest() + payload)
    assert invoke(*args) == expected
    assert not marker.exists(), "the planted entry was run"


def test_result_of_the_wrong_shape_is_a_miss(one_result, analyses: list[int]) -> None:
    args, cache, expected = one_result
    (entry,) = results(cache)
    for value in ([1, 2], ({("text", 1): "x"}, None), ({}, "analysis")):
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        entry.write_bytes(hashlib.sha256(payload).digest() + payload)
        assert invoke(*args) == expected
    assert len(analyses) == 3


def test_an_analysis_with_a_parse_given_up_for_time_is_not_kept(tmp_path: Path, monkeypatch) -> None:
    from hds_lint.cache import Cache

    slow = LoadProblem("/x/main.tf", 1, "not parsed: parsing took more than 20 seconds")
    found = Analysis((), (), (), (slow,), (), 0, 0, ())
    monkeypatch.setattr(engine, "_analyse", lambda *args: found)
    store = Cache(tmp_path / "cache")
    config, inputs = engine.Config(), modules.Inputs()
    assert engine._reused(store, [str(tmp_path)], [], None, inputs, config) is found  # type: ignore[arg-type]
    assert not results(tmp_path / "cache")


def test_a_scan_of_standard_input_keeps_no_analysis(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    result = CliRunner().invoke(cli, [*SCAN, "-", "--cache-dir", str(cache)], input=bucket("us-east-1"))
    assert result.exit_code == 0, result.output
    assert not results(cache)


# --- 4. what makes the record complete -------------------------------------------------------

# Modules whose code runs inside the analysis must ask the file system through hds_lint.sources,
# which records each question and its answer; a direct call would be an input the record
# misses, and a changed input a stale result. Outside the analysis: the command line, the
# caches, discovery (run afresh every time, its answer is part of the question), reports (after
# the analysis), the baseline and configuration loaders (their content is part of the question).
OUTSIDE_THE_ANALYSIS = {
    "cli.py",
    "cache.py",
    "sources.py",
    "discover.py",
    "baseline.py",
    "ruledoc.py",
    "report/",
}
# Reads of hds-lint's own data (the catalog, the relation and backup packs under rules/):
# part of every entry's name (cache._data_salt), so a change to them is a new question.
PACKAGE_DATA = {"catalog.py": {"read_text", "glob", "is_dir", "exists", "resolve"}, "relations.py": {"read_text"}}
PACKAGE_DATA["backup.py"] = {"read_text"}
# config.py finds and loads the configuration (part of the question) before the analysis runs;
# the grammar file Lark opens is python-hcl2's, part of every entry's name (cache._salt).
PACKAGE_DATA["config.py"] = {"read_text", "is_file", "is_dir", "exists", "resolve", "cwd"}
PACKAGE_DATA["terraform/grammar.py"] = {"open"}
# The working folder is part of the question (engine._reused), and `path.cwd` is the same value.
PACKAGE_DATA["engine.py"] = PACKAGE_DATA["terraform/modules.py"] = {"getcwd"}
FILE_SYSTEM = {
    "open",
    "read_text",
    "read_bytes",
    "iterdir",
    "glob",
    "rglob",
    "exists",
    "is_file",
    "is_dir",
    "is_symlink",
    "stat",
    "lstat",
    "resolve",
    "readlink",
    "realpath",
    "scandir",
    "listdir",
    "walk",
    "getcwd",
    "cwd",
    "environ",
    "getenv",
    "expanduser",
}


def _on_self(node: ast.Attribute) -> bool:
    """`self.resolve(name)` is a method of ours (a module instance resolving a reference)."""
    return isinstance(node.value, ast.Name) and node.value.id == "self"


def _file_system_uses(tree: ast.AST) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in FILE_SYSTEM and not _on_self(node):
            found.add((node.attr, node.lineno))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open":
            found.add(("open", node.lineno))
    return found


def test_the_analysis_asks_the_file_system_only_through_sources() -> None:
    package = ROOT / "hds_lint"
    offenders = []
    for module in sorted(package.rglob("*.py")):
        name = module.relative_to(package).as_posix()
        if name in OUTSIDE_THE_ANALYSIS or any(name.startswith(p) for p in OUTSIDE_THE_ANALYSIS if p.endswith("/")):
            continue
        allowed = PACKAGE_DATA.get(name, set())
        for attribute, line in sorted(_file_system_uses(ast.parse(module.read_text()))):
            if attribute not in allowed:
                offenders.append(f"hds_lint/{name}:{line}: {attribute}")
    assert not offenders, "reads the analysis would not record:\n" + "\n".join(offenders)


def test_the_check_finds_a_direct_read() -> None:
    """The guard above must be able to fail."""
    source = "from pathlib import Path\ndef f(p):\n    return Path(p).read_text(), open(p), p.is_dir()\n"
    assert {name for name, _line in _file_system_uses(ast.parse(source))} == {"read_text", "open", "is_dir"}
