"""The analysis cache: a run whose inputs did not change gives back the last analysis, and
any change to anything the analysis read, inside the scanned tree or outside it, gives a new
one. Every case compares a cached run with `--no-cache` on the same files: a stale answer
is the failure these tests exist for."""

from __future__ import annotations

import ast
import hashlib
import os
import pickle
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from snippets import VERSIONING
from test_parse_cache import DAMAGE, plants

from hds_lint import checking
from hds_lint.cli import cli
from hds_lint.kubernetes import loader as kubernetes_loader
from hds_lint.sources import ParseTimeout
from hds_lint.terraform import loader as terraform_loader

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
def analyses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The parts checked again, by root ("" for the plans and manifests); a reused part is not."""
    ran: list[str] = []
    check_part = checking.check_part

    def counting(resources, *args, **kwargs):
        ran.append(next((r.root for r in resources if r.source == "terraform"), ""))
        return check_part(resources, *args, **kwargs)

    monkeypatch.setattr(checking, "check_part", counting)
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
        raise AssertionError("loaded or checked again although nothing changed")

    monkeypatch.setattr(checking, "check_part", refuse)
    monkeypatch.setattr(kubernetes_loader, "load_kubernetes", refuse)
    monkeypatch.setattr(terraform_loader, "_parse_files", lambda items: refuse() if items else [])
    assert invoke(*args) == cold


def test_each_way_of_scanning_keeps_its_own_analysis(tmp_path: Path, analyses: list[str]) -> None:
    """Another target, another option that feeds the analysis: another entry, not a wrong hit."""
    cache = str(tmp_path / "cache")
    one = TESTDATA / "terraform" / "aws-us-east"
    invoke(*SCAN, str(one), "--cache-dir", cache)
    invoke(*SCAN, str(one), "--var", "region=eu-west-3", "--cache-dir", cache)
    invoke(*SCAN, str(TESTDATA / "terraform" / "aws-compliant-paris"), "--cache-dir", cache)
    checked = len(analyses)
    invoke(*SCAN, str(one), "--cache-dir", cache)
    invoke(*SCAN, str(one), "--var", "region=eu-west-3", "--cache-dir", cache)
    assert len(analyses) == checked
    assert len(results(tmp_path / "cache")) == 3


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


# --- 3. one part changed: only that part is loaded and checked again --------------------------

NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: care\n  labels:\n    hds: "true"\n'
SHARED_CALLER = 'module "store" {\n  source = "../shared"\n}\n'


@pytest.fixture
def estate(write, tmp_path: Path) -> tuple[Path, Path]:
    """Three root modules (two of them calling one shared module), a folder of manifests."""
    write(
        {
            "repo/a/main.tf": bucket("eu-west-3"),
            "repo/b/main.tf": SHARED_CALLER,
            "repo/c/main.tf": SHARED_CALLER.replace('"store"', '"other"'),
            "repo/shared/main.tf": bucket("eu-west-3"),
            "repo/k8s/ns.yaml": NAMESPACE,
        }
    )
    repo, cache = (tmp_path / "repo").resolve(), tmp_path / "cache"
    invoke(*SCAN, str(repo), "--cache-dir", str(cache))
    return repo, cache


def checked_after(repo: Path, cache: Path, analyses: list[str]) -> list[str]:
    """The parts a cached run checked again, after it was compared with a run without cache."""
    analyses.clear()
    cached = invoke(*SCAN, str(repo), "--cache-dir", str(cache))
    again = sorted(Path(root).name if root else "rest" for root in analyses)
    assert cached == invoke(*SCAN, str(repo), "--no-cache"), "the cached run reported something else"
    return again


def test_nothing_changed_checks_nothing(estate, analyses: list[str]) -> None:
    assert checked_after(*estate, analyses) == []


def test_a_changed_root_is_the_only_part_checked_again(estate, analyses: list[str]) -> None:
    repo, cache = estate
    (repo / "a" / "main.tf").write_text(bucket("us-east-1"))
    assert checked_after(repo, cache, analyses) == ["a"]


def test_a_changed_shared_module_checks_each_root_that_calls_it(estate, analyses: list[str]) -> None:
    repo, cache = estate
    (repo / "shared" / "main.tf").write_text(bucket("us-east-1"))
    assert checked_after(repo, cache, analyses) == ["b", "c"]


def test_a_changed_manifest_leaves_terraform_alone(estate, analyses: list[str]) -> None:
    repo, cache = estate
    (repo / "k8s" / "ns.yaml").write_text(NAMESPACE.replace("care", "records"))
    assert checked_after(repo, cache, analyses) == ["rest"]


def test_a_new_file_in_a_folder_a_root_uses(estate, analyses: list[str]) -> None:
    repo, cache = estate
    (repo / "shared" / "extra.tf").write_text('resource "aws_db_instance" "d" {\n  tags = { hds = "true" }\n}\n')
    assert checked_after(repo, cache, analyses) == ["b", "c"]


def test_a_new_root_and_a_removed_one(estate, analyses: list[str]) -> None:
    repo, cache = estate
    (repo / "d").mkdir()
    (repo / "d" / "main.tf").write_text(bucket("us-east-1"))
    assert checked_after(repo, cache, analyses) == ["d"]
    (repo / "a" / "main.tf").unlink()
    assert checked_after(repo, cache, analyses) == []


def test_a_root_that_becomes_a_module_of_another(estate, analyses: list[str]) -> None:
    """`a` calls `c` now: `c` is no longer a root, and its part of the last run must go."""
    repo, cache = estate
    (repo / "shared" / "main.tf").write_text(bucket("us-east-1"))
    assert checked_after(repo, cache, analyses) == ["b", "c"]
    (repo / "a" / "main.tf").write_text(bucket("eu-west-3") + 'module "c" {\n  source = "../c"\n}\n')
    assert checked_after(repo, cache, analyses) == ["a"]
    report = invoke(*SCAN, str(repo), "--cache-dir", str(cache))
    assert '"address": "module.c.module.other.aws_s3_bucket.b"' in report
    assert '"address": "module.other.aws_s3_bucket.b"' not in report


def test_a_folder_that_becomes_the_repository_root(estate) -> None:
    """Paths and the findings moved out of modules outside the repository follow the root."""
    repo, cache = estate
    (repo / "a" / "main.tf").write_text(bucket("us-east-1"))
    before = Runs(repo / "a", cache).cached()
    (repo / ".git").mkdir()
    assert Runs(repo / "a", cache).cached() != before


def test_other_bytes_that_are_not_utf8_either(write, tmp_path: Path) -> None:
    write({"live/main.tf": b"# \xff" + b"a" * 40 + b"\n"})
    runs = Runs(tmp_path / "live", tmp_path / "cache")
    before = runs.cached()
    write({"live/main.tf": b"# " + b"a" * 40 + b"\xff\n"})
    assert runs.cached() != before


def provider(region: str) -> str:
    return f'provider "aws" {{\n  region = "{region}"\n}}\n'


def tagged(name: str) -> str:
    return (
        f'resource "aws_s3_bucket" "{name}" {{\n  bucket = "{name}"\n  tags = {{ hds = "true" }}\n' + VERSIONING + "}\n"
    )


def call(name: str, source: str) -> str:
    return f'module "{name}" {{\n  source = {source}\n}}\n'


def same_as_without_cache(target: Path, cache: Path, *extra: str) -> str:
    cached = invoke(*SCAN, str(target), *extra, "--cache-dir", str(cache))
    assert cached == invoke(*SCAN, str(target), *extra, "--no-cache"), "the cached run reported something else"
    return cached


def test_a_cycle_of_roots_that_a_new_folder_calls(write, tmp_path: Path) -> None:
    """`a` and `b` call each other, so both were roots; `n` now calls `a`: neither is a root."""
    repo = (
        write(
            {
                "r/a/main.tf": provider("us-east-1") + tagged("a") + call("b", '"../b"'),
                "r/b/main.tf": tagged("b") + call("a", '"../a"'),
            }
        )
        / "r"
    )
    same_as_without_cache(repo, tmp_path / "cache")
    (repo / "n").mkdir()
    (repo / "n" / "main.tf").write_text(provider("eu-west-3") + call("a", '"../a"'))
    same_as_without_cache(repo, tmp_path / "cache")


def test_a_root_inside_a_part_kept_when_its_last_caller_goes(write, tmp_path: Path) -> None:
    """`k` reaches `x` through a source that is not a literal (not a call for roots); `y`
    called it: when `y` stops, `x` is a root again, though its folder is in `k`'s part."""
    repo = (
        write(
            {
                "r/x/main.tf": provider("us-east-1") + tagged("x"),
                "r/k/main.tf": provider("eu-west-3") + 'locals {\n  src = "../x"\n}\n' + call("x", "local.src"),
                "r/y/main.tf": provider("eu-west-3") + call("x", '"../x"'),
            }
        )
        / "r"
    )
    same_as_without_cache(repo, tmp_path / "cache")
    (repo / "y" / "main.tf").write_text(provider("eu-west-3"))
    assert '"address": "aws_s3_bucket.x"' in same_as_without_cache(repo, tmp_path / "cache")


def test_a_root_read_changes_inside_a_part_kept(write, tmp_path: Path) -> None:
    region = 'provider "aws" {\n  region = terraform.workspace == "prod" ? "eu-west-3" : "us-east-1"\n}\n'
    repo = (
        write(
            {
                "r/m/main.tf": region + tagged("m"),
                "r/m/.terraform/environment": "prod",
                "r/r/main.tf": provider("eu-west-3") + 'locals {\n  src = "../m"\n}\n' + call("m", "local.src"),
            }
        )
        / "r"
    )
    same_as_without_cache(repo, tmp_path / "cache")
    (repo / "m" / ".terraform" / "environment").write_text("dev")
    assert '"address": "aws_s3_bucket.m"' in same_as_without_cache(repo, tmp_path / "cache")


def test_a_variable_file_in_a_folder_no_root_uses(write, tmp_path: Path) -> None:
    repo = (
        write(
            {
                "r/live/main.tf": 'variable "region" {}\n' + provider("X").replace('"X"', "var.region") + tagged("b"),
                "r/envs/prod.tfvars": 'region = "eu-west-3"\n',
            }
        )
        / "r"
    )
    var_file = ("--var-file", str(repo / "envs" / "prod.tfvars"))
    same_as_without_cache(repo, tmp_path / "cache", *var_file)
    (repo / "envs" / "prod.tfvars").write_text('region = "us-east-1"\n')
    assert '"rule": "HDS002"' in same_as_without_cache(repo, tmp_path / "cache", *var_file)


def test_a_file_too_large_to_parse_is_no_module_context(write, tmp_path: Path) -> None:
    """Left out as too large, a file must not be read anyway as the context of its folder."""
    repo = write(
        {
            "r/main.tf": tagged("b"),
            "r/providers.tf": provider("us-east-1") + "# padding\n" * 200,
            "hds-lint.yaml": "limits:\n  max_file_mb: 0.001\n",
        }
    )
    config = ("--config", str(repo / "hds-lint.yaml"))
    report = same_as_without_cache(repo / "r", tmp_path / "cache", *config)
    assert "max_file_mb" in report and '"rule": "HDS002"' not in report


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
def test_damaged_result_is_ignored_and_rewritten(damage: str, one_result, analyses: list[str]) -> None:
    args, cache, expected = one_result
    (entry,) = results(cache)
    entry.write_bytes(DAMAGE[damage](entry.read_bytes()))
    assert invoke(*args) == expected
    assert analyses, "the damaged entry was trusted"
    assert results(cache) == [entry] and entry.read_bytes()[:32] == hashlib.sha256(entry.read_bytes()[32:]).digest()
    analyses.clear()
    assert invoke(*args) == expected
    assert analyses == [], "the rewritten entry was not used"


@pytest.mark.parametrize("plant", list(plants(Path("x"))))
def test_planted_result_is_not_run(plant: str, one_result, tmp_path: Path) -> None:
    args, cache, expected = one_result
    marker = tmp_path / "marker"
    (entry,) = results(cache)
    payload = pickle.dumps(({}, plants(marker)[plant]), protocol=pickle.HIGHEST_PROTOCOL)
    entry.write_bytes(hashlib.sha256(payload).digest() + payload)
    assert invoke(*args) == expected
    assert not marker.exists(), "the planted entry was run"


def test_result_of_the_wrong_shape_is_a_miss(one_result, analyses: list[str]) -> None:
    args, cache, expected = one_result
    (entry,) = results(cache)
    good = pickle.loads(entry.read_bytes()[32:])
    wrong = [
        [1, 2],
        ({("text", 1): "x"}, None),
        ({}, "analysis"),
        tuple(replace(unit, findings=None) for unit in good),
        tuple(replace(unit, reads={**unit.reads, ("mtime", "x"): 1}) for unit in good),
    ]
    for value in wrong:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        entry.write_bytes(hashlib.sha256(payload).digest() + payload)
        analyses.clear()
        assert invoke(*args) == expected
        assert analyses, f"trusted {value!r:.80}"


def test_a_planted_part_that_read_nothing_is_not_trusted(one_result, tmp_path: Path) -> None:
    """A part must have read each file it stands for: a record emptied by hand proves nothing."""
    args, cache, expected = one_result
    (entry,) = results(cache)
    parts = pickle.loads(entry.read_bytes()[32:])
    payload = pickle.dumps(tuple(replace(unit, reads={}) for unit in parts), protocol=pickle.HIGHEST_PROTOCOL)
    entry.write_bytes(hashlib.sha256(payload).digest() + payload)
    (tmp_path / "live" / "main.tf").write_text(bucket("eu-west-3"))
    fixed = invoke(*args)
    assert fixed == invoke(*SCAN, str(tmp_path / "live"), "--no-cache") and fixed != expected


def test_a_parse_given_up_for_time_is_not_reused(write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write({"live/main.tf": MODULE_CALLER, "modules/store/main.tf": bucket("us-east-1")})
    parse = terraform_loader._parse
    slow = {"count": 0}

    def once_too_slow(path: str, text: str):
        if path.endswith("store/main.tf") and slow["count"] == 0:
            slow["count"] += 1
            raise ParseTimeout("parsing took more than 20 seconds")
        return parse(path, text)

    monkeypatch.setattr(terraform_loader, "_parse", once_too_slow)
    runs = Runs(tmp_path / "live", tmp_path / "cache")
    first = invoke(*runs.args, "--cache-dir", str(runs.cache))
    assert "parsing took more than" in first
    assert runs.cached() == invoke(*runs.args, "--no-cache")
    assert "parsing took more than" not in runs.cached()


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
    "isfile",
    "isdir",
    "islink",
    "getsize",
    "getmtime",
    "abspath",
    "access",
    "absolute",
    "samefile",
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
    """Attributes and functions that ask the file system or the environment, called or
    imported by name (`from os.path import isfile`)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in FILE_SYSTEM and not _on_self(node):
            found.add((node.attr, node.lineno))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open":
            found.add(("open", node.lineno))
        elif isinstance(node, ast.ImportFrom) and node.module in ("os", "os.path", "posixpath", "shutil", "glob"):
            found.update((alias.name, node.lineno) for alias in node.names)
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
    source = (
        "from os.path import isfile\nimport os\nfrom pathlib import Path\n"
        "def f(p):\n    return Path(p).read_text(), open(p), p.is_dir(), os.path.getsize(p), isfile(p)\n"
        "def g(self, p):\n    return self.resolve(p)\n"
    )
    found = {name for name, _line in _file_system_uses(ast.parse(source))}
    assert found == {"read_text", "open", "is_dir", "getsize", "isfile"}


def test_resolving_with_remembered_folders_is_realpath(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hds_lint.sources import _realpath, reading_once

    (tmp_path / "a" / "b" / "c").mkdir(parents=True)
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "l").symlink_to(tmp_path / "a" / "b")
    (tmp_path / "x" / "rel").symlink_to("../a")
    (tmp_path / "x" / "loop").symlink_to(tmp_path / "x" / "loop")
    (tmp_path / "x" / "dangling").symlink_to(tmp_path / "nowhere")
    monkeypatch.chdir(tmp_path / "a")
    cases = ["a/b/c", "x/l/c", "x/l/../b", "x/rel/b/c/../..", "x/loop/y", "x/dangling/z", "a/./b", "a/b/c/", "q/.."]
    with reading_once():
        for case in cases:
            for path in (str(tmp_path / case), os.path.relpath(tmp_path / case)):
                assert _realpath(path) == os.path.realpath(path), path


def test_deep_folders_resolve_and_walk(tmp_path: Path) -> None:
    """Resolving and discovery loop rather than recurse: a module 600 folders deep is scanned."""
    deep = tmp_path.joinpath(*(["d"] * 600))
    deep.mkdir(parents=True)
    (deep / "main.tf").write_text(bucket("us-east-1"))
    report = invoke(*SCAN, str(tmp_path), "--no-cache")
    assert '"rule": "HDS002"' in report


def test_a_variable_file_given_is_checked_even_when_every_part_is_reused(write, tmp_path: Path) -> None:
    """A root that sets no variable never reads --var-file: broken later, it is still an error."""
    write({"live/main.tf": bucket("eu-west-3"), "prod.tfvars": 'region = "eu-west-3"\n'})
    args = [*SCAN, str(tmp_path / "live"), "--var-file", str(tmp_path / "prod.tfvars")]
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert CliRunner().invoke(cli, [*args, *cache]).exit_code == 0
    (tmp_path / "prod.tfvars").write_text("region = \n")
    for extra in (cache, ["--no-cache"]):
        result = CliRunner().invoke(cli, [*args, *extra])
        assert "variable file not read" in str(result.exception), result.output  # exit 2 from main()
