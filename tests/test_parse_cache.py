"""The parse cache and parallel parsing change how fast a scan runs, never what it reports:
the same bytes with one process or several, with no cache, a cold one or a warm one; a
damaged, planted or unwritable cache only costs a parse."""

from __future__ import annotations

import concurrent.futures
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from snippets import VERSIONING

from hds_lint.cache import Cache
from hds_lint.cli import cli
from hds_lint.terraform import hcl
from hds_lint.terraform import loader as terraform_loader
from hds_lint.terraform.loader import Block

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "testdata"
COMMANDS = {
    "scan": ("scan", "--format", "json", "--fail-on", "never"),
    "inventory": ("inventory", "--format", "json"),
}
NON_COMPLIANT = (
    'provider "aws" {\n  region = "us-east-1"\n}\n\n'
    'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n  tags = { hds = "true" }\n' + VERSIONING + "}\n"
)


def _anything(value: object) -> bool:
    """A shape check that accepts every value: these tests are about the entry, not its shape."""
    return True


def invoke(*args: str) -> str:
    """The report of one in-process run; any exception of the scan fails the test."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command as a user runs it, through main() and its error handling."""
    return subprocess.run(
        [sys.executable, "-c", "from hds_lint.cli import main; main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )


def entries(cache: Path) -> list[Path]:
    """The parsed files in a cache folder (analysis results aside)."""
    found = (cache / "v1").rglob("*")
    return sorted(p for p in found if p.is_file() and not p.name.startswith(".tmp-") and p.parent.name != "results")


def forget_results(cache: Path) -> None:
    """Drop the analysis results, so that the next run must load every file: from the parse cache."""
    shutil.rmtree(cache / "v1" / "results", ignore_errors=True)


def is_valid(entry: Path) -> bool:
    data = entry.read_bytes()
    return len(data) > 32 and hashlib.sha256(data[32:]).digest() == data[:32]


def terraform_files(tree: Path) -> list[Path]:
    """The files the Terraform loader parses (and so caches) in a tree, variable files aside."""
    return [p for p in tree.rglob("*") if p.is_file() and p.name.endswith((".tf", ".tf.json"))]


def variable_files(tree: Path) -> list[Path]:
    """Variable files: parsed in the same batch and cached alike (HCL and JSON)."""
    return [p for p in tree.rglob("*") if p.is_file() and p.name.endswith((".tfvars", ".tfvars.json"))]


@pytest.fixture
def forbid_parsing(monkeypatch: pytest.MonkeyPatch):
    """Make every Terraform parse fail loudly, to prove a run reads the cache only."""

    def install() -> None:
        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError(f"parsed although cached: {args[0] if args else ''!r:.80}")

        monkeypatch.setattr(terraform_loader, "_parse", refuse)
        monkeypatch.setattr(hcl, "parse", refuse)  # also read_tfvars and JSON-syntax templates

    return install


@pytest.fixture
def parse_calls(monkeypatch: pytest.MonkeyPatch):
    """Paths given to the Terraform file parser, and the number of HCL parses (tfvars included)."""
    calls: dict[str, list] = {"files": [], "hcl": []}
    parse_file, parse_hcl = terraform_loader._parse, hcl.parse

    def counting_parse(path: str, text: str):
        calls["files"].append(path)
        return parse_file(path, text)

    def counting_hcl(text: str):
        calls["hcl"].append(text)
        return parse_hcl(text)

    monkeypatch.setattr(terraform_loader, "_parse", counting_parse)
    monkeypatch.setattr(hcl, "parse", counting_hcl)
    return calls


@pytest.fixture
def small_tree(write, tmp_path: Path) -> tuple[Path, Path, str]:
    """A one-file module with a finding, its cache folder, and the report without a cache."""
    write({"infra/main.tf": NON_COMPLIANT})
    tree = (tmp_path / "infra").resolve()
    expected = invoke(*COMMANDS["scan"], str(tree), "-j", "1", "--no-cache")
    assert '"rule": "HDS' in expected
    return tree, tmp_path / "cache", expected


# --- 1. the same report whatever the processes and the cache --------------------------------


@pytest.mark.parametrize("command", list(COMMANDS))
def test_report_is_byte_identical_with_any_jobs_and_cache_state(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools: list[int] = []

    class RecordingPool(ProcessPoolExecutor):
        def map(self, fn, *iterables, **kwargs):
            results = list(super().map(fn, *iterables, **kwargs))
            pools.append(len(results))
            return iter(results)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", RecordingPool)
    args = (*COMMANDS[command], str(TESTDATA))
    cache = str(tmp_path / "cache")
    serial = invoke(*args, "-j", "1", "--no-cache")
    assert pools == []
    parallel = invoke(*args, "-j", "2", "--no-cache")
    assert pools and sum(pools) >= len(terraform_files(TESTDATA)), "-j 2 did not parse in worker processes"
    pools.clear()
    cold = invoke(*args, "-j", "2", "--cache-dir", cache)
    assert pools, "a cold cache parses in worker processes too"
    pools.clear()
    warm = invoke(*args, "-j", "2", "--cache-dir", cache)
    assert pools == [], "a warm cache left files to parse"
    warm_serial = invoke(*args, "-j", "1", "--cache-dir", cache)
    assert serial.startswith("{")
    assert parallel == serial
    assert cold == serial
    assert warm == serial
    assert warm_serial == serial


def test_the_installed_command_gives_the_same_report_cold_and_warm(tmp_path: Path) -> None:
    """Through a fresh interpreter each time: the warm run unpickles what another process wrote."""
    args = (*COMMANDS["scan"], str(TESTDATA))
    cache = str(tmp_path / "cache")
    reports = [
        run(*args, "-j", "1", "--no-cache", cwd=ROOT),
        run(*args, "-j", "2", "--cache-dir", cache, cwd=ROOT),
        run(*args, "-j", "2", "--cache-dir", cache, cwd=ROOT),
    ]
    for report in reports:
        assert report.returncode == 0, report.stderr
        assert report.stderr == ""
    assert reports[0].stdout == reports[1].stdout == reports[2].stdout


# --- 2. a warm run parses nothing -------------------------------------------------------------


def test_warm_run_reads_every_terraform_file_from_the_cache(tmp_path: Path, forbid_parsing) -> None:
    cache = tmp_path / "cache"
    args = (*COMMANDS["scan"], str(TESTDATA), "-j", "1", "--cache-dir", str(cache))
    cold = invoke(*args)
    stored = entries(cache)
    assert len(stored) >= len(terraform_files(TESTDATA)) + len(variable_files(TESTDATA))
    for entry in stored:
        assert len(entry.name) == 64 and entry.parent.name == entry.name[:2], entry
        assert is_valid(entry), entry
    assert not [p for p in cache.rglob(".tmp-*")], "temporary files were left behind"
    forget_results(cache)
    forbid_parsing()
    assert invoke(*args) == cold
    assert invoke(*COMMANDS["inventory"], str(TESTDATA), "-j", "1", "--cache-dir", str(cache))


def test_warm_run_reads_kubernetes_files_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forbid_parsing
) -> None:
    from hds_lint.kubernetes import loader as kubernetes_loader

    cache = tmp_path / "cache"
    args = (*COMMANDS["scan"], str(TESTDATA / "kubernetes"), "-j", "1", "--cache-dir", str(cache))
    cold = invoke(*args)
    assert '"rule": "HDS' in cold

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("Kubernetes file parsed although cached")

    monkeypatch.setattr(kubernetes_loader, "_load_text", refuse)
    forget_results(cache)
    forbid_parsing()
    assert invoke(*args) == cold


# --- 3. a changed file is parsed again, alone -------------------------------------------------


def test_changing_one_file_reparses_only_that_file(tmp_path: Path, parse_calls) -> None:
    tree = (tmp_path / "tree").resolve()
    shutil.copytree(TESTDATA, tree)
    cache = str(tmp_path / "cache")
    args = (*COMMANDS["scan"], str(tree), "-j", "1")
    before = invoke(*args, "--cache-dir", cache)
    every = terraform_files(tree) + variable_files(tree)
    assert sorted(parse_calls["files"]) == sorted(str(p) for p in every)
    hcl_files = [p for p in every if not p.name.endswith(".json")]
    assert len(parse_calls["hcl"]) == len(hcl_files), "a file was parsed twice in one run"

    changed = tree / "terraform" / "aws-us-east" / "main.tf"
    changed.write_text(changed.read_text().replace('region = "us-east-1"', 'region = "eu-west-3"'))
    parse_calls["files"].clear()
    parse_calls["hcl"].clear()
    after = invoke(*args, "--cache-dir", cache)
    assert parse_calls["files"] == [str(changed)]
    assert len(parse_calls["hcl"]) == 1
    assert after != before, "the cache gave back the old parse of a changed file"
    assert after == invoke(*args, "--no-cache")

    variables = tree / "terraform" / "eval-locals-merge" / "terraform.tfvars"
    variables.write_text(variables.read_text().replace('env = "preprod"', 'env = "prod"'))
    parse_calls["files"].clear()
    parse_calls["hcl"].clear()
    again = invoke(*args, "--cache-dir", cache)
    assert parse_calls["files"] == [str(variables)]
    assert parse_calls["hcl"] == [variables.read_text()]
    assert again == invoke(*args, "--no-cache")


def test_same_content_at_another_path_is_another_entry(write, tmp_path: Path, parse_calls) -> None:
    """Spans carry the path: a copy of a file must not reuse the original's parse."""
    write({"src/a/main.tf": NON_COMPLIANT, "src/b/main.tf": NON_COMPLIANT})
    source = (tmp_path / "src").resolve()
    cache = str(tmp_path / "cache")
    invoke(*COMMANDS["scan"], str(source / "a"), "-j", "1", "--cache-dir", cache)
    both = invoke(*COMMANDS["scan"], str(source), "-j", "1", "--cache-dir", cache)
    assert parse_calls["files"] == [str(source / "a" / "main.tf"), str(source / "b" / "main.tf")]
    assert both == invoke(*COMMANDS["scan"], str(source), "-j", "1", "--no-cache")
    assert '"path": "a/main.tf"' in both and '"path": "b/main.tf"' in both


# --- 4. a damaged entry is parsed again and rewritten -----------------------------------------

DAMAGE = {
    "empty": lambda data: b"",
    "checksum only": lambda data: data[:32],
    "truncated": lambda data: data[: len(data) // 2],
    "payload byte flipped": lambda data: data[:-5] + bytes([data[-5] ^ 0xFF]) + data[-4:],
    "checksum byte flipped": lambda data: bytes([data[0] ^ 0x01]) + data[1:],
    "garbage": lambda data: os.urandom(len(data)),
    "text": lambda data: b"not a cache entry\n" * 10,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_entry_is_ignored_and_rewritten(damage: str, small_tree, parse_calls) -> None:
    tree, cache, expected = small_tree
    args = (*COMMANDS["scan"], str(tree), "-j", "1", "--cache-dir", str(cache))
    assert invoke(*args) == expected
    (entry,) = entries(cache)
    good = entry.read_bytes()
    entry.write_bytes(DAMAGE[damage](good))
    forget_results(cache)
    parse_calls["files"].clear()

    assert invoke(*args) == expected
    assert parse_calls["files"] == [str(tree / "main.tf")], "the damaged entry was not parsed again"
    assert entries(cache) == [entry]
    assert is_valid(entry), "the damaged entry was not rewritten"
    value = Cache(cache).get(str(tree / "main.tf"), NON_COMPLIANT, _anything)
    assert isinstance(value, list) and value and all(isinstance(b, Block) for b in value)
    forget_results(cache)
    parse_calls["files"].clear()
    assert invoke(*args) == expected
    assert parse_calls["files"] == []


# --- 5. a planted entry is never run ----------------------------------------------------------


class Planted:
    def __init__(self, function, *arguments) -> None:
        self.call = (function, arguments)

    def __reduce__(self):
        return self.call


def plants(marker: Path) -> dict[str, object]:
    import builtins

    touch = f"__import__('pathlib').Path({str(marker)!r}).write_text('ran')"
    return {
        "os.system": Planted(os.system, f"touch {marker}"),
        "builtins.eval": Planted(builtins.eval, touch),
        "builtins.exec": Planted(builtins.exec, touch),
        "subprocess.call": Planted(subprocess.call, ["touch", str(marker)]),
        "inside a list": [Planted(os.system, f"touch {marker}")],
        "after a block": ["first", {"body": Planted(builtins.exec, touch)}],
    }


@pytest.mark.parametrize("plant", list(plants(Path("x"))))
def test_planted_entry_with_a_valid_checksum_is_not_run(plant: str, small_tree, tmp_path: Path) -> None:
    tree, cache, expected = small_tree
    marker = tmp_path / "marker"
    args = (*COMMANDS["scan"], str(tree), "-j", "1", "--cache-dir", str(cache))
    invoke(*args)
    (entry,) = entries(cache)
    payload = pickle.dumps(plants(marker)[plant], protocol=pickle.HIGHEST_PROTOCOL)
    entry.write_bytes(hashlib.sha256(payload).digest() + payload)
    assert is_valid(entry)

    assert Cache(cache).get(str(tree / "main.tf"), NON_COMPLIANT, _anything) is None
    assert not marker.exists(), "the planted entry was run"
    assert not entry.exists(), "the planted entry was kept"

    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_bytes(hashlib.sha256(payload).digest() + payload)
    forget_results(cache)
    assert invoke(*args) == expected
    assert not marker.exists(), "the planted entry was run"
    assert is_valid(entry) and entry.read_bytes() != hashlib.sha256(payload).digest() + payload
    assert b"system" not in entry.read_bytes() and b"builtins" not in entry.read_bytes()


def test_planted_entry_of_the_wrong_shape_does_not_crash_the_scan(small_tree) -> None:
    """Plain values need no class to be built, so the unpickler lets them through: a list that
    holds no blocks must still be a miss, not an internal error."""
    tree, cache, expected = small_tree
    args = (*COMMANDS["scan"], str(tree), "-j", "1", "--cache-dir", str(cache))
    invoke(*args)
    (entry,) = entries(cache)
    payload = pickle.dumps([1, 2], protocol=pickle.HIGHEST_PROTOCOL)
    entry.write_bytes(hashlib.sha256(payload).digest() + payload)
    forget_results(cache)
    assert invoke(*args) == expected


# --- 6. a cache folder that is a file ---------------------------------------------------------


@pytest.mark.parametrize("command", list(COMMANDS))
def test_cache_dir_that_is_a_file_is_a_one_line_usage_error(command: str, write, tmp_path: Path) -> None:
    write({"infra/main.tf": NON_COMPLIANT, "notes.txt": "a file, not a folder\n"})
    result = run(*COMMANDS[command], "infra", "--cache-dir", "notes.txt", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("hds-lint: error:") and "notes.txt" in lines[0]
    assert (tmp_path / "notes.txt").read_text() == "a file, not a folder\n"


def test_cache_dir_below_a_file_does_not_crash(write, tmp_path: Path) -> None:
    write({"infra/main.tf": NON_COMPLIANT, "notes.txt": "a file, not a folder\n"})
    expected = run(*COMMANDS["scan"], "infra", "--no-cache", cwd=tmp_path)
    result = run(*COMMANDS["scan"], "infra", "--cache-dir", "notes.txt/cache", cwd=tmp_path)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if result.returncode == 2:
        assert len(result.stderr.strip().splitlines()) == 1 and "notes.txt" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
        assert result.stdout == expected.stdout


# --- 7. a cache that cannot be written --------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_cache_folder_does_not_break_the_scan(small_tree) -> None:
    tree, cache, expected = small_tree
    args = (*COMMANDS["scan"], str(tree), "-j", "1", "--cache-dir", str(cache))
    invoke(*args)
    (entry,) = entries(cache)
    entry.write_bytes(b"damaged")  # to be dropped, in a folder where nothing can be dropped
    folders = [cache, *(p for p in cache.rglob("*") if p.is_dir())]
    try:
        for folder in folders:
            folder.chmod(0o500)
        assert invoke(*args) == expected
        assert invoke(*args) == expected
        other = tree.parent / "other"
        other.mkdir()
        (other / "main.tf").write_text(NON_COMPLIANT)  # a new entry that cannot be written
        assert invoke(*COMMANDS["scan"], str(other), "-j", "1", "--cache-dir", str(cache))
    finally:
        for folder in folders:
            folder.chmod(0o700)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_empty_cache_folder_does_not_break_the_scan(small_tree) -> None:
    tree, cache, expected = small_tree
    cache.mkdir()
    cache.chmod(0o500)
    try:
        assert invoke(*COMMANDS["scan"], str(tree), "-j", "1", "--cache-dir", str(cache)) == expected
        assert entries(cache) == []
    finally:
        cache.chmod(0o700)


def test_unwritable_cache_does_not_break_the_scan(small_tree, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a read-only cache folder does, also where the tests run as root: every write,
    folder creation and removal inside the cache fails with EACCES."""
    import pathlib
    import tempfile

    tree, cache, expected = small_tree
    args = (*COMMANDS["scan"], str(tree), "-j", "1", "--cache-dir", str(cache))
    invoke(*args)
    (entry,) = entries(cache)
    entry.write_bytes(b"damaged")
    inside = str(cache.resolve())

    def guarded(original):
        def call(self, *a, **k):
            if str(Path(self).resolve()).startswith(inside):
                raise PermissionError(13, "Permission denied", str(self))
            return original(self, *a, **k)

        return call

    def no_temporary(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pathlib.Path, "unlink", guarded(pathlib.Path.unlink))
    monkeypatch.setattr(pathlib.Path, "mkdir", guarded(pathlib.Path.mkdir))
    monkeypatch.setattr(tempfile, "mkstemp", no_temporary)
    assert invoke(*args) == expected
    assert entry.read_bytes() == b"damaged"


def test_a_filled_cache_that_cannot_be_written_is_still_read(
    small_tree, monkeypatch: pytest.MonkeyPatch, parse_calls
) -> None:
    """A CI cache restored read-only: its entries save the work, with a warning that nothing
    is written."""
    from hds_lint import cli as command_line

    tree, cache, expected = small_tree
    args = [*COMMANDS["scan"], str(tree), "-j", "1", "--cache-dir", str(cache)]
    invoke(*args)
    forget_results(cache)
    parse_calls["files"].clear()
    monkeypatch.setattr(command_line, "usable", lambda directory: "Read-only file system")
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.stdout == expected and parse_calls["files"] == [], "the entries were not read"
    assert "cannot write the cache in" in result.stderr and "reading it only" in result.stderr


def test_a_cache_folder_that_is_a_dangling_link_says_so(small_tree, tmp_path: Path) -> None:
    tree, _cache, expected = small_tree
    link = tmp_path / "cache-link"
    link.symlink_to(tmp_path / "gone")
    result = CliRunner().invoke(cli, [*COMMANDS["scan"], str(tree), "-j", "1", "--cache-dir", str(link)])
    assert result.stdout == expected
    assert f"a link to {tmp_path / 'gone'}, which does not exist" in result.stderr


def test_unreadable_entry_is_a_miss(small_tree, monkeypatch: pytest.MonkeyPatch) -> None:
    import pathlib

    tree, cache, expected = small_tree
    args = (*COMMANDS["scan"], str(tree), "-j", "1", "--cache-dir", str(cache))
    invoke(*args)
    read_bytes = pathlib.Path.read_bytes

    def denied(self):
        if str(self).startswith(str(cache)):
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", denied)
    assert invoke(*args) == expected


# --- 8. what cannot be pickled is not kept ----------------------------------------------------


def _generator():
    yield 1


def _local_function():
    def inner() -> None:
        return None

    return inner


def _nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


UNPICKLABLE = {
    "lambda": lambda: [lambda: None],
    "local function": lambda: [_local_function()],
    "generator": lambda: [_generator()],
    "lock": lambda: [threading.Lock()],
    "open file": lambda: [open(os.devnull)],  # noqa: SIM115
    "too deep": lambda: _nested(200_000),
}


@pytest.mark.parametrize("kind", list(UNPICKLABLE))
def test_put_of_an_unpicklable_value_does_not_raise(kind: str, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    value = UNPICKLABLE[kind]()
    try:
        cache.put("/x/main.tf", "text", value)
    finally:
        for item in value if isinstance(value, list) else []:
            if hasattr(item, "close"):
                item.close()
    assert cache.get("/x/main.tf", "text", _anything) is None
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]


def test_put_into_a_cache_that_is_a_file_does_not_raise(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    cache = Cache(tmp_path / "file")
    cache.put("/x/main.tf", "text", [1, 2, 3])
    assert cache.get("/x/main.tf", "text", _anything) is None


def test_put_then_get_round_trips_and_keys_on_path_and_text(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    cache.put("/x/main.tf", "text", {"region": "eu-west-3"})
    assert cache.get("/x/main.tf", "text", _anything) == {"region": "eu-west-3"}
    assert cache.get("/x/main.tf", "text ", _anything) is None
    assert cache.get("/y/main.tf", "text", _anything) is None


def test_unwritable_cache_dir_is_said_once_and_the_scan_goes_on(write, tmp_path: Path) -> None:
    write({"infra/main.tf": NON_COMPLIANT, "notes.txt": "a file, not a folder\n"})
    expected = run(*COMMANDS["scan"], "infra", "--no-cache", cwd=tmp_path)
    result = run(*COMMANDS["scan"], "infra", "--cache-dir", "notes.txt/cache", cwd=tmp_path)
    assert result.returncode == expected.returncode and result.stdout == expected.stdout
    warnings = [line for line in result.stderr.splitlines() if "the cache" in line]
    assert len(warnings) == 1 and "notes.txt/cache" in warnings[0] and "without it" in warnings[0]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [(("--no-cache", "--cache-dir", "c"), "choose one"), (("--cache-dir", " "), "empty folder name")],
)
def test_contradictory_or_empty_cache_options_are_usage_errors(arguments, message, write, tmp_path: Path) -> None:
    write({"infra/main.tf": NON_COMPLIANT})
    result = run(*COMMANDS["scan"], "infra", *arguments, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "c").exists()


def test_default_cache_folder_never_lands_in_the_working_directory(monkeypatch, tmp_path: Path) -> None:
    from hds_lint.cache import default_directory

    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # the XDG specification: ignore it
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_directory() == tmp_path / ".cache" / "hds-lint"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_directory() == tmp_path / "xdg" / "hds-lint"
    monkeypatch.delenv("XDG_CACHE_HOME")
    for home in ("", "/", str(tmp_path / "missing"), "relative"):
        monkeypatch.setenv("HOME", home)
        assert default_directory() is None, home


def test_no_home_means_no_cache_with_a_warning(write, tmp_path: Path) -> None:
    write({"infra/main.tf": NON_COMPLIANT})
    expected = run(*COMMANDS["scan"], "infra", "--no-cache", cwd=tmp_path)
    environment = {k: v for k, v in os.environ.items() if k != "XDG_CACHE_HOME"}
    environment["HOME"] = str(tmp_path / "missing")
    result = subprocess.run(
        [sys.executable, "-c", "from hds_lint.cli import main; main()", *COMMANDS["scan"], "infra"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert result.stdout == expected.stdout and result.returncode == expected.returncode
    assert "no home folder for the cache" in result.stderr
    assert not (tmp_path / "missing").exists()


def test_jobs_beyond_the_number_of_files_start_no_more_workers(monkeypatch, write, tmp_path: Path) -> None:
    files = {f"infra/f{n}.tf": f'resource "aws_s3_bucket" "b{n}" {{\n  bucket = "b{n}"\n}}\n' for n in range(9)}
    root = write(files)
    started: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor

    def counting(*args, **kwargs):
        started.append(kwargs["max_workers"])
        return real(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counting)
    invoke("scan", str(root / "infra"), "--no-cache", "-j", "200", "--format", "json", "--fail-on", "never")
    assert started == [9]


def test_the_cache_key_changes_with_the_parsers_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries are keyed by the bytes of python-hcl2's grammar and version and of Lark's and
    PyYAML's version files: another Lark must not read this Lark's parses."""
    import importlib.machinery
    import importlib.util

    from hds_lint import cache

    cache._salt.cache_clear()
    before = cache._salt()
    fake = tmp_path / "lark"
    fake.mkdir()
    (fake / "__init__.py").write_text('__version__ = "9.9.9"\n')
    real = importlib.util.find_spec

    def find(name: str, *args: object):
        if name == "lark":
            spec = importlib.machinery.ModuleSpec("lark", None, is_package=True)
            spec.submodule_search_locations = [str(fake)]
            return spec
        return real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find)
    cache._salt.cache_clear()
    try:
        assert cache._salt() != before
    finally:
        monkeypatch.undo()
        cache._salt.cache_clear()
    assert cache._salt() == before
