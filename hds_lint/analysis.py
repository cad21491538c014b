"""The analysis of a scan in parts that stand on their own, each reused from the last run
when nothing it read has changed.

A part is a Terraform root module with the scanned folders its calls use, or the rest (the
plans and Kubernetes manifests): relations, scope and backup selections never cross parts.
Each part is evaluated and checked inside `sources.recording`, and kept with what it read. A
later run with the same question keeps the parts whose reads all give the same answers and
whose folders hold the same files; it loads and evaluates only the others, and the folders a
changed module now calls. The result is merged in the order a full run gives, so a report is
the same whatever was reused.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hds_lint import suppress
from hds_lint.cache import current
from hds_lint.catalog import Catalog
from hds_lint.checks import parse_error
from hds_lint.config import Config
from hds_lint.discover import DiscoveredFile, is_terraform
from hds_lint.model import Analysis, Inputs, LoadProblem, Unit
from hds_lint.scope import ClassificationRules, rules_from
from hds_lint.sources import READ_ERRORS, read_text, reading_once, recording, unchanged
from hds_lint.sources import size as file_size
from hds_lint.terraform.calls import find_roots, reachable
from hds_lint.workers import FORKS, in_workers, no_workers

if TYPE_CHECKING:
    from hds_lint.terraform.modules import Evaluation

REST = ""  # the root of the part that holds the plans and Kubernetes manifests
PARTS_PER_POOL = 16  # fewer parts to analyse than this: starting processes costs more than it saves


def analyse(
    files: list[DiscoveredFile],
    oversized: list[LoadProblem],
    skipped: set[str],
    root: Path,
    catalog: Callable[[], Catalog],
    inputs: Inputs,
    config: Config,
    previous: tuple[Unit, ...] = (),
) -> tuple[Analysis, tuple[Unit, ...] | None]:
    """The analysis of `files` (`oversized`: the problems of those too large to parse;
    `skipped`: files discovered but not analysed, excluded or too large; the report relative
    to `root`), reusing the parts of `previous` that still hold, and its parts, to keep for
    the next run (None when they are those of `previous`)."""
    rules = rules_from(config)
    if inputs.var_files:
        from hds_lint.terraform.loader import check_var_files

        check_var_files(inputs.var_files)
    terraform = [f for f in files if is_terraform(f.kind)]
    others = [f for f in files if not is_terraform(f.kind)]
    folders: dict[str, list[DiscoveredFile]] = defaultdict(list)  # discovery gives resolved paths
    for file in terraform:
        folders[os.path.dirname(file.path)].append(file)
    named = {f.path for f in files} | skipped  # files discovery found: none of them is a sibling read for context

    earlier = [u for u in previous if u.root != REST]
    kept = [u for u in earlier if _holds(u, folders)]
    while True:  # until every part kept is still a root
        used = {folder for unit in kept for folder in unit.folders}
        remaining = [f for f in terraform if os.path.dirname(f.path) not in used]
        # Which folders are roots is a question of the whole graph: the calls of the folders
        # loaded now, and those the kept parts recorded of theirs (their files have not changed).
        calls = {Path(folder): {Path(t) for t in targets} for unit in kept for folder, targets in unit.calls}
        evaluation, problems = _evaluation(remaining, named, inputs, folders, used) if remaining else (None, [])
        if evaluation is not None:
            calls.update(evaluation.calls())
        roots = find_roots(calls)
        now = {str(path) for path in roots}
        stale = {id(u) for u in kept if u.root not in now}  # now called by a changed folder
        if not stale:
            break
        kept = [u for u in kept if id(u) not in stale]

    rest = next((u for u in previous if u.root == REST), None)
    reused = rest is not None and _read_by(rest, tuple(f.path for f in others)) and unchanged(rest.reads.items())
    standing = {u.root for u in kept}
    missing = [path for path in roots if str(path) not in standing]
    if evaluation is None and missing:  # roots inside the folders of parts kept: loaded on first use
        evaluation, problems = _evaluation([], named, inputs, folders, used)
    task = _Parts(evaluation, calls, folders, named, others, problems, catalog, config, rules, root)
    parts = [*kept, *_each_part(task, [*([] if reused else [REST]), *missing])]
    if reused:
        parts.append(rest)
    order = {str(path): place for place, path in enumerate(roots)}  # as a full run evaluates them
    parts.sort(key=lambda u: order.get(u.root, len(order)))  # the rest, last
    *parts, rest = parts
    used = {folder for unit in parts for folder in unit.folders}
    loose = [p for p in problems if os.path.dirname(p.path) not in used]  # folders no root uses
    analysis = _merged([*parts, rest], loose, oversized, files)
    same = reused and not missing and len(kept) == len(earlier)
    return analysis, None if same else (*parts, rest)


def _evaluation(
    remaining: list[DiscoveredFile],
    named: set[str],
    inputs: Inputs,
    folders: dict[str, list[DiscoveredFile]],
    used: set[str],
) -> tuple[Evaluation, list[LoadProblem]]:
    """The files not covered by a kept part loaded, the others to be loaded on first use; and
    the problems of loading. (The evaluator is imported here: a run that reuses every part
    never needs it, nor its start-up time.)"""
    from hds_lint.terraform.loader import load_terraform
    from hds_lint.terraform.modules import Evaluation

    loaded = load_terraform(remaining, named)
    evaluation = Evaluation(
        loaded.modules,
        inputs,
        loaded.variables,
        frozenset(p.path for p in loaded.problems),
        discovered={Path(folder): found for folder, found in folders.items() if folder in used},
        named=frozenset(named),
    )
    return evaluation, loaded.problems


@dataclass(frozen=True)
class _Parts:
    """What analysing one part needs: the same for every part of a run."""

    evaluation: Evaluation | None  # None when no root is to be evaluated
    calls: dict[Path, set[Path]]
    folders: dict[str, list[DiscoveredFile]]
    named: set[str]  # files discovery found: not siblings read for context
    others: list[DiscoveredFile]  # plans and manifests
    problems: list[LoadProblem]  # of the files loaded for the run
    catalog: Callable[[], Catalog]  # loaded on first use
    config: Config
    rules: ClassificationRules
    root: Path

    def part(self, path: Path | str) -> Unit:
        """One root module's part (or the rest's, for REST), with what it read."""
        if path == REST:
            return _rest(self.others, self.root, self.catalog, self.config, self.rules)
        from hds_lint.checking import check_part
        from hds_lint.terraform.loader import context_files

        assert isinstance(path, Path) and self.evaluation is not None
        evaluation = self.evaluation
        with recording() as reads:
            resources = evaluation.evaluate_root(path, sorted(reachable([path], self.calls)))
            used = [str(folder) for folder in evaluation.folders]
            claimed = [f for folder in used for f in self.folders.get(folder, [])]
            _read_all(f.path for f in claimed)  # recorded: the texts of its files, and which files
            calls = []
            for folder in evaluation.folders:
                context_files(folder, self.named)
                calls.append(
                    (str(folder), tuple(sorted(str(t) for t in evaluation.local_calls(evaluation.dirs[folder]))))
                )
            checked = check_part(resources, self.catalog(), self.config, self.rules, self.root)
        problems = [p for p in self.problems if os.path.dirname(p.path) in used]
        problems += [p for folder in evaluation.folders for p in evaluation.load_problems.get(folder, [])]
        return Unit(
            root=str(path),
            files=tuple(f.path for f in claimed),
            folders=tuple(used),
            calls=tuple(calls),
            reads=reads,
            findings=tuple(checked.findings),
            problems=tuple(dict.fromkeys(problems)),
            notices=tuple(evaluation.notices),
            annotations=(),
            resources=len(resources),
            in_scope=checked.in_scope,
            inventory=tuple(checked.inventory),
        )


_TASK: _Parts | None = None  # in a forked worker: the parent's, as it was when the worker started


def _part_in_worker(path: Path | str) -> Unit:
    assert _TASK is not None
    with reading_once():
        return _TASK.part(path)


def _each_part(task: _Parts, paths: list[Path | str]) -> list[Unit]:
    """Each part: in forked workers when there are enough (parts stand on their own, and the
    workers start with everything loaded), else here. The rest, the longest, comes first."""
    global _TASK
    jobs = min(current().jobs, len(paths))
    if FORKS and jobs > 1 and len(paths) >= PARTS_PER_POOL:
        task.catalog()  # loaded once, before the workers are forked with it
        _TASK = task
        try:
            return list(in_workers(_part_in_worker, paths, jobs, max(1, len(paths) // (jobs * 8))))
        except no_workers():
            pass  # no processes to be had: analysed here
        finally:
            _TASK = None
    return [task.part(path) for path in paths]


def _holds(unit: Unit, folders: dict[str, list[DiscoveredFile]]) -> bool:
    """A part of the last run still holds when its folders hold the same scanned files and
    every read it made gives the same answer."""
    now = tuple(f.path for folder in unit.folders for f in folders.get(folder, []))
    return _read_by(unit, now) and unchanged(unit.reads.items())


def _read_by(unit: Unit, files: tuple[str, ...]) -> bool:
    """The part stands for exactly these files, and its record holds the text of each."""
    return unit.files == files and all(("text", path) in unit.reads for path in files)


def _read_all(paths: Iterable[str]) -> None:
    for path in paths:
        try:
            read_text(path)
        except READ_ERRORS:
            continue  # recorded as unreadable all the same


def _rest(
    others: list[DiscoveredFile], root: Path, catalog: Callable[[], Catalog], config: Config, rules: ClassificationRules
) -> Unit:
    """The plans and Kubernetes manifests: one part, for Kubernetes objects relate across files."""
    from hds_lint.checking import check_part
    from hds_lint.kubernetes.loader import load_kubernetes
    from hds_lint.terraform.plan import load_plans

    with recording() as reads:
        resources, problems, plans = load_plans([f for f in others if f.kind == "json"])
        k8s_resources, k8s_problems, notices = load_kubernetes([f for f in others if f.path not in plans])
        resources.extend(k8s_resources)
        problems.extend(k8s_problems)
        checked = check_part(resources, catalog(), config, rules, root)
    annotations = [entry for r in resources if r.source == "kubernetes" for entry in suppress.annotations(r)]
    return Unit(
        root=REST,
        files=tuple(f.path for f in others),
        folders=(),
        calls=(),
        reads=reads,
        findings=tuple(checked.findings),
        problems=tuple(problems),
        notices=tuple(notices),
        annotations=tuple(annotations),
        resources=len(resources),
        in_scope=checked.in_scope,
        inventory=tuple(checked.inventory),
    )


def _merged(
    parts: list[Unit], loose: list[LoadProblem], oversized: list[LoadProblem], files: list[DiscoveredFile]
) -> Analysis:
    """The parts as one analysis, in the order of a run that reused nothing: Terraform files
    that could not be loaded in discovery order, then the plans' and manifests' problems,
    then files too large to parse; findings and notices part after part."""
    *roots, rest = parts
    place = {f.path: index for index, f in enumerate(files)}
    terraform = dict.fromkeys([p for unit in roots for p in unit.problems] + loose)
    problems = [*sorted(terraform, key=lambda p: place.get(p.path, len(place))), *rest.problems, *oversized]
    findings = [parse_error.finding(p) for p in problems] + [f for unit in parts for f in unit.findings]
    unique = {(f.identity, f.location, f.message): f for f in findings}
    return Analysis(
        files=tuple(f.path for f in files),
        findings=tuple(unique.values()),
        suppressions=(*_comments(files), *rest.annotations),
        problems=tuple(problems),
        notices=tuple(n for unit in parts for n in unit.notices),
        resources=sum(unit.resources for unit in parts),
        in_scope=sum(unit.in_scope for unit in parts),
        inventory=tuple(
            sorted(
                (entry for unit in parts for entry in unit.inventory),
                key=lambda e: (e.span.path, e.span.start_line, e.address),
            )
        ),
    )


def _comments(files: list[DiscoveredFile]) -> list[suppress.Suppression | suppress.Malformed]:
    """Suppression comments, read afresh on every run: a comment's file is read anyway."""
    entries: list[suppress.Suppression | suppress.Malformed] = []
    for file in files:
        if file.kind in ("terraform", "tfvars", "yaml"):
            try:
                text = read_text(file.path)
            except READ_ERRORS:
                continue
            if suppress.MARKER in text:
                entries.extend(suppress.comments(file.path, text, yaml=file.kind == "yaml"))
    return entries


def within_size(files: list[DiscoveredFile], max_mb: float) -> tuple[list[DiscoveredFile], list[LoadProblem]]:
    """Files small enough to parse, and a problem for each one that is not (asked afresh on
    every run, before the analysis)."""
    kept, too_big = [], []
    for file in files:
        size = file_size(file.path)  # 0 when unreadable: the loader says so
        if size > max_mb * 1_000_000:
            message = f"{size / 1_000_000:.1f} MB, more than limits.max_file_mb ({max_mb:g} MB): not parsed"
            too_big.append(LoadProblem(file.path, 1, message))
        else:
            kept.append(file)
    return kept, too_big
