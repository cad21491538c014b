"""The `hds-lint` command: argument handling only; the work happens in the engine and reports."""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import re
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from hds_lint import __version__, baseline
from hds_lint.cache import Cache, Parsing, default_directory, parsing, usable
from hds_lint.catalog import default_catalog
from hds_lint.checks import RULES, rule
from hds_lint.config import CONFIG_NAMES, STARTER, Config, find_config
from hds_lint.discover import STDIN, kind_from_name
from hds_lint.errors import UsageError
from hds_lint.model import LEVELS, ScanResult
from hds_lint.report import catalog_view, inventory, text
from hds_lint.ruledoc import as_text
from hds_lint.sources import reading_once

FORMATS = ("text", "json", "sarif", "junit", "github", "markdown")  # modules of hds_lint.report
FAIL_ON = ("error", "warning", "note", "never")


def _cores() -> int:
    """Cores this process may use (a container's CPU set, not the host's count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _parsing_options(command: Callable[..., None]) -> Callable[..., None]:
    """--jobs, --cache-dir and --no-cache, shared by every command that scans."""
    command = click.option(
        "--no-cache", is_flag=True, help="Parse and analyse everything again; read and write no cache."
    )(command)
    command = click.option(
        "--cache-dir",
        type=click.Path(file_okay=False, readable=False),  # one that cannot be used is warned of, not fatal
        help=(
            "Keep parsed files and the last analysis here between runs "
            "(default: $XDG_CACHE_HOME/hds-lint, else ~/.cache/hds-lint)."
        ),
    )(command)
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1, max=256),
        default=_cores(),
        show_default="the cores this process may use",
        help="Processes that parse files and analyse root modules in parallel (1: all in this process).",
    )(command)


def _cache(cache_dir: str | None, no_cache: bool) -> Cache | None:
    if no_cache:
        if cache_dir is not None:
            raise UsageError("--cache-dir and --no-cache: choose one")
        return None
    if cache_dir is not None and not cache_dir.strip():
        raise UsageError("--cache-dir: empty folder name")
    directory = Path(cache_dir) if cache_dir else default_directory()
    if directory is None:
        click.echo("hds-lint: warning: no home folder for the cache; scanning without it", err=True)
        return None
    try:
        found = directory.stat()
    except (FileNotFoundError, NotADirectoryError):
        found = None  # to be made; usable() says why it cannot be
    except OSError as exc:  # a folder on the way that cannot be searched: as if it could not be written
        return _without_cache(directory, exc.strerror or str(exc))
    if found is not None and not stat.S_ISDIR(found.st_mode):
        raise UsageError(f"--cache-dir {directory}: not a folder")
    if found is None and directory.is_symlink():
        return _without_cache(directory, f"a link to {os.readlink(directory)}, which does not exist")
    reason = usable(directory)
    if reason is not None and found is not None and os.access(directory, os.R_OK | os.X_OK):
        # A filled cache mounted or restored read-only still saves the work it holds.
        click.echo(f"hds-lint: warning: cannot write the cache in {directory} ({reason}); reading it only", err=True)
        return Cache(directory)
    if reason is not None:
        return _without_cache(directory, reason)
    return Cache(directory)


def _without_cache(directory: Path, reason: str) -> None:
    click.echo(f"hds-lint: warning: cannot write the cache in {directory} ({reason}); scanning without it", err=True)


def write_atomically(path: str, content: str) -> None:
    """Write beside the target, then rename: a crash never leaves half a report in its place.
    A link is followed: the file it points to is replaced, the link stays. A device, pipe or
    socket is written in place (replacing /dev/null with a regular file would break the
    machine), and so is an open file named by its descriptor (/dev/stdout, /proc/self/fd/1)."""
    try:
        found = os.stat(path)  # through links
    except (FileNotFoundError, NotADirectoryError):
        found = None
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the report: {exc.strerror or exc}") from exc
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise UsageError(f"{path}: is a directory, not a file to write the report to")
    target = Path(os.path.realpath(path))  # where a link leads; a missing target is made there
    # in place: a device, pipe or socket; an open descriptor; or a link that names no path to replace
    if found is not None and (not stat.S_ISREG(found.st_mode) or _names_a_descriptor(path) or not _is(target, found)):
        _write_in_place(path, content)
        return
    if not os.path.isdir(target.parent):
        folder = target.parent if os.path.islink(path) else Path(path).parent
        raise UsageError(f"{path}: the folder {folder} does not exist")
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8", errors="surrogateescape") as stream:
            stream.write(content)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; a report is an ordinary file
        os.replace(temporary, target)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the report: {exc.strerror or exc}") from exc
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _is(path: Path, found: os.stat_result | None) -> bool:
    """Whether `path` is the file `found` describes (links and hard links included)."""
    try:
        return found is not None and os.path.samestat(path.stat(), found)
    except OSError:
        return False


def _names_a_descriptor(path: str) -> bool:
    """Whether `path` is, or links to, an open file descriptor (/dev/stdout, /dev/fd/3,
    /proc/self/fd/1): the file the shell opened for it, to be written as it was opened."""
    hop = os.path.abspath(path)
    try:
        for _ in range(40):  # the kernel's limit on links followed
            folder = os.path.realpath(os.path.dirname(hop))
            if re.fullmatch(r"/proc/[^/]+(/task/[^/]+)?/fd", folder):
                return True
            if not os.path.islink(hop):
                return False
            hop = os.path.join(folder, os.readlink(hop))
    except OSError:
        pass
    return False


def _write_in_place(path: str, content: str) -> None:
    try:
        # appended: truncating /dev/stdout would empty a log it is appended to (>>); pipes and devices have no end
        with open(path, "a", encoding="utf-8", errors="surrogateescape") as stream:
            stream.write(content)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the report: {exc.strerror or exc}") from exc


def refuse_scanned(path: str, result: ScanResult, config: Config, var_files: tuple[str, ...] = ()) -> None:
    """Nothing the scan read is written (the README promises it): not a scanned file, not a
    Terraform file read beside a named one, not a variable or configuration file. A JSON file
    that is neither a Kubernetes object nor a plan is read and left: a report of an earlier run
    in the scanned folder is replaced, as -o asks."""
    try:
        written = os.stat(path)
    except OSError:
        written = None  # nothing there yet: nothing to lose, but see the end
    if written is not None and not stat.S_ISREG(written.st_mode):
        return  # a device or a pipe is never scanned
    if written is not None:
        _refuse_read(path, written, result, config, var_files)


def refuse_scannable_name(path: str | None) -> None:
    """Before scanning: a report named like Terraform or YAML would be scanned next time."""
    if path and kind_from_name(os.path.basename(path)) in ("terraform", "terraform-json", "tfvars", "yaml"):
        raise UsageError(f"{path}: a report written there would be scanned as Terraform or YAML; choose another name")


def _refuse_read(
    path: str, written: os.stat_result, result: ScanResult, config: Config, var_files: tuple[str, ...]
) -> None:
    from hds_lint.terraform.modules import AUTO_VAR_FILES

    real = os.path.realpath(path)
    folders = {os.path.dirname(f) for f in result.files if f.lower().endswith((".tf", ".tf.json"))}
    name = os.path.basename(real).lower()
    # a module's files and automatic variable files are read even when only one of its files was named
    module = name.endswith((".tf", ".tf.json", ".auto.tfvars", ".auto.tfvars.json")) or name in AUTO_VAR_FILES
    inputs = (*var_files, *config.var_files, *([config.path] if config.path else []))
    if (module and os.path.dirname(real) in folders) or any(_is(Path(other), written) for other in inputs):
        read = True
    else:
        scanned = next((f for f in result.files if f != STDIN and _is(Path(f), written)), None)
        read = scanned is not None and (kind_from_name(os.path.basename(scanned)) != "json" or _used_json(scanned))
    if read:
        raise UsageError(f"{path}: is a file being scanned; choose another output path")


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _used_json(path: str) -> bool:
    """Whether the scan takes this JSON file for a Kubernetes object or a Terraform plan, as its
    loaders decide (package.json, a report or a baseline: not)."""
    from hds_lint.kubernetes.loader import reads_json
    from hds_lint.terraform.plan import is_plan_json

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return True  # cannot tell: keep it
    try:
        if reads_json(text):
            return True
    except json.JSONDecodeError:
        return True  # broken Kubernetes JSON: the scan reports it, so it read it
    try:
        return is_plan_json(json.loads(text))
    except json.JSONDecodeError:
        return False


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hds-lint")
def cli() -> None:
    """Keep French health data (HDS) on certified hosting, inside the EEA.

    Reads Terraform and Kubernetes files, finds the resources that hold health data, and
    reports those hosted on a provider, region or service outside HDS certification.
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "-f", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE (atomically).")
@click.option(
    "--var-file",
    "var_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Terraform variable file for root modules (repeatable; after terraform.tfvars and *.auto.tfvars).",
)
@click.option(
    "--var",
    "variables",
    multiple=True,
    metavar="NAME=VALUE",
    help="Terraform variable for root modules (repeatable; wins over every file).",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="Exit 1 when a finding is at or above this level (default: the configuration's fail_on, else error).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Configuration file (default: .hds-lint.yaml found upward).",
)
@click.option("--select", multiple=True, help="Report only these rules (IDs or slugs, comma-separated or repeated).")
@click.option("--ignore", multiple=True, help="Do not report these rules (IDs or slugs).")
@click.option("--include-suppressed", is_flag=True, help="Report suppressed findings too, with their justification.")
@click.option(
    "--baseline", "baseline_path", type=click.Path(dir_okay=False), help="Report only findings not in this baseline."
)
@click.option(
    "--write-baseline",
    "write_baseline_path",
    type=click.Path(dir_okay=False),
    help="Record the current findings as the baseline FILE.",
)
@_parsing_options
def scan(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    var_files: tuple[str, ...],
    variables: tuple[str, ...],
    fail_on: str | None,
    config_path: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    include_suppressed: bool,
    baseline_path: str | None,
    write_baseline_path: str | None,
    jobs: int,
    cache_dir: str | None,
    no_cache: bool,
) -> None:
    """Scan PATHS (files or folders; default: the current folder)."""
    refuse_scannable_name(write_baseline_path or output)
    baseline_prints = baseline.read(baseline_path) if baseline_path and not write_baseline_path else {}
    result, config = _run(
        paths,
        config_path,
        var_files,
        variables,
        Parsing(cache=_cache(cache_dir, no_cache), jobs=jobs),
        (_rule_ids(select), _rule_ids(ignore), baseline_prints),
    )
    if write_baseline_path or output:  # the baseline, when asked for, is all that is written
        refuse_scanned(write_baseline_path or output, result, config, var_files)
    if output and baseline_path and not write_baseline_path and _is(Path(baseline_path), _stat(output)):
        raise UsageError(f"{output}: is the baseline being read; choose another output path")
    if write_baseline_path:
        write_atomically(write_baseline_path, baseline.render(result))
        click.echo(
            f"hds-lint: recorded {len(result.findings)} findings in the baseline {write_baseline_path}", err=True
        )
        return
    if fmt == "text":
        color = not output and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        report = text.render(result, result.root, include_suppressed=include_suppressed, color=color)
    else:
        render = importlib.import_module(f"hds_lint.report.{fmt}").render  # only the one asked for: SARIF's take 50 ms
        report = render(result, result.root, include_suppressed=include_suppressed)
    if output:
        write_atomically(output, report)
        click.echo(text.summary(result), err=True)
    else:
        click.echo(report, nl=False)
    fail_on = fail_on or config.fail_on or "error"
    if fail_on != "never":
        threshold = LEVELS.index(fail_on)  # type: ignore[arg-type]
        if any(LEVELS.index(f.level) >= threshold for f in result.findings):
            sys.exit(1)


@contextlib.contextmanager
def _progress() -> Iterator[None]:
    """On a terminal, say that a scan taking more than two seconds is still running."""
    if not sys.stderr.isatty():
        yield
        return
    shown = threading.Event()

    def show() -> None:
        shown.set()
        click.echo("hds-lint: scanning...", err=True, nl=False)

    timer = threading.Timer(2.0, show)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        if shown.is_set():
            click.echo("\r\033[K", err=True, nl=False)  # erase the line before the report


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector walks every live object, and a scan holds millions of them
    for its whole, short life while making little cyclic garbage: collecting halved the
    speed of a 4,000-file scan and freed 3% of its memory (benchmarks/RESULTS.md). What is
    alive at the end is the result, kept until the process exits: frozen, so that the
    collector, enabled again, does not walk it once more while the report is written."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def _run(
    paths: tuple[str, ...],
    config_path: str | None,
    var_files: tuple[str, ...],
    variables: tuple[str, ...],
    settings: Parsing,
    selection: tuple[tuple[str, ...], tuple[str, ...], dict[str, str]] | None = None,
) -> tuple[ScanResult, Config]:
    """The scan both `scan` and `inventory` run, with the configuration it found."""
    from hds_lint.engine import Selection
    from hds_lint.engine import scan as run_scan
    from hds_lint.model import Inputs

    pairs = []
    for item in variables:
        name, equals, value = item.partition("=")
        if not equals or not name.strip():
            raise UsageError(f"--var {item!r}: expected NAME=VALUE")
        pairs.append((name.strip(), value))
    environment = {k: v for k, v in os.environ.items() if k.startswith("TF_VAR_") or k == "TF_WORKSPACE"}
    targets = list(paths) or ["."]
    config = find_config(targets, config_path)
    inputs = Inputs(tuple(var_files), tuple(pairs), environment)
    with _progress(), _no_cycle_collection(), parsing(settings):
        result = run_scan(targets, inputs=inputs, config=config, selection=Selection(*(selection or ((), (), {}))))
    if not result.files:
        click.echo(f"hds-lint: warning: no Terraform or Kubernetes files found in {', '.join(targets)}", err=True)
    return result, config


@cli.command("inventory")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "-f", "fmt", type=click.Choice(list(inventory.RENDERERS)), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the inventory to FILE (atomically).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file.")
@click.option("--var-file", "var_files", multiple=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--var", "variables", multiple=True, metavar="NAME=VALUE")
@_parsing_options
def inventory_command(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    config_path: str | None,
    var_files: tuple[str, ...],
    variables: tuple[str, ...],
    jobs: int,
    cache_dir: str | None,
    no_cache: bool,
) -> None:
    """Where health data lives: every resource in scope, its provider, location, reason and copies."""
    refuse_scannable_name(output)
    settings = Parsing(cache=_cache(cache_dir, no_cache), jobs=jobs)
    result, config = _run(paths, config_path, var_files, variables, settings)
    if output:
        refuse_scanned(output, result, config, var_files)
    report = inventory.RENDERERS[fmt](result, result.root)
    if output:
        write_atomically(output, report)
    else:
        click.echo(report, nl=False)


def _rule_ids(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(rule(item).id for value in values for item in value.split(",") if item.strip())


@cli.command()
@click.option("--force", is_flag=True, help="Replace an existing .hds-lint.yaml.")
def init(force: bool) -> None:
    """Write a commented starter .hds-lint.yaml in the current folder."""
    target = Path(CONFIG_NAMES[0])
    if target.exists() and not force:
        raise UsageError(f"{target}: already exists; nothing was changed (use --force to replace it)")
    write_atomically(str(target), STARTER)
    click.echo(f"wrote {target}: every setting is commented; edit what you need")


@cli.command("rules")
def rules_command() -> None:
    """List the rules: ID, slug, default level, title."""
    click.echo(f"{'ID':<8}{'SLUG':<28}{'LEVEL':<9}TITLE")
    for meta in RULES:
        click.echo(f"{meta.id:<8}{meta.slug:<28}{meta.level:<9}{meta.title}")


@cli.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Explain a rule (by ID or slug): what, why, examples, fix."""
    click.echo(as_text(rule(rule_id)))


@cli.command("catalog")
@click.argument("provider_id", required=False)
def catalog_command(provider_id: str | None) -> None:
    """Print the HDS catalog as a table, or one PROVIDER in full with its sources."""
    catalog = default_catalog()
    if provider_id is None:
        click.echo(catalog_view.overview(catalog), nl=False)
        return
    provider = catalog.providers.get(provider_id.lower())
    if provider is None:
        raise UsageError(f"no provider {provider_id!r} in the catalog; known: {', '.join(sorted(catalog.providers))}")
    click.echo(catalog_view.detail(catalog, provider), nl=False)


def main() -> None:
    try:
        with reading_once():  # the scan and the report read each file once, standard input too
            cli.main(prog_name="hds-lint", standalone_mode=False)
    except UsageError as exc:
        click.echo(f"hds-lint: error: {exc}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("hds-lint: interrupted", err=True)
        sys.exit(130)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.format_message(), err=True)
        sys.exit(2)
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "hds-lint"
        click.echo(f"hds-lint: error: {exc.format_message()} (see '{command} --help')", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"hds-lint: error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except Exception as exc:  # a bug of ours: one line, and how to see more
        if os.environ.get("HDS_LINT_DEBUG"):
            raise
        click.echo(
            f"hds-lint: internal error: {type(exc).__name__}: {exc} "
            "(please report it; set HDS_LINT_DEBUG=1 to see the traceback)",
            err=True,
        )
        sys.exit(3)
