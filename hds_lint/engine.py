"""The scan pipeline: discover, load, classify, place, check; plain data in and out."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache

from hds_lint import suppress
from hds_lint.analysis import analyse, within_size
from hds_lint.baseline import accepted
from hds_lint.cache import canonical, current
from hds_lint.catalog import Catalog, default_catalog, with_overrides
from hds_lint.config import Config
from hds_lint.discover import STDIN, discover
from hds_lint.errors import UsageError
from hds_lint.model import Inputs, ScanResult
from hds_lint.report.paths import relative, report_root
from hds_lint.sources import reading_once


@dataclass(frozen=True)
class Selection:
    """What is reported: rules selected or ignored (command line over configuration), and the
    fingerprints of a baseline, whose findings are counted but not shown."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    baseline: Mapping[str, str] = field(default_factory=dict)  # fingerprint: the level it was accepted at


def scan(
    paths: list[str],
    catalog: Catalog | None = None,
    inputs: Inputs | None = None,
    config: Config | None = None,
    selection: Selection | None = None,
) -> ScanResult:
    """Everything the reports need from one run over the given files and folders."""
    with reading_once():
        return _scan(paths, catalog, inputs, config, selection)


def _scan(
    paths: list[str],
    catalog: Catalog | None,
    inputs: Inputs | None,
    config: Config | None,
    selection: Selection | None,
) -> ScanResult:
    config = config or Config()
    selection = selection or Selection()
    given_catalog = catalog is not None
    # Loaded when a part is analysed: a scan that reuses every part never reads the catalog.
    the_catalog = cache(lambda: with_overrides(catalog or default_catalog(), config.overrides, config.path or ""))
    for cluster in config.clusters:
        if cluster.provider not in the_catalog().providers:
            known = ", ".join(sorted(the_catalog().providers))
            raise UsageError(
                f"{config.path}:{cluster.line}: kubernetes.clusters: no provider {cluster.provider!r} in the "
                f"catalog (known: {known})"
            )
    inputs = inputs or Inputs()
    inputs = Inputs(
        var_files=config.var_files + inputs.var_files,
        variables=tuple(config.variables.items()) + inputs.variables,
        environment=inputs.environment,
    )
    files, notices = discover(paths)
    found = {f.path for f in files}
    files, oversized = within_size([f for f in files if not config.excluded(f.path)], config.max_file_mb)
    skipped = found - {f.path for f in files}  # excluded or too large: not read as a module's context either
    root = report_root(paths, [f.path for f in files])
    store = current().cache
    if store is None or given_catalog or any(f.path == STDIN for f in files):
        analysis, _parts = analyse(files, oversized, skipped, root, the_catalog, inputs, config)
    else:
        # What the analysis is given rather than reads names its entry; what it reads is recorded.
        question = repr(canonical((paths, os.getcwd(), str(root), inputs, config)))
        analysis, parts = analyse(
            files, oversized, skipped, root, the_catalog, inputs, config, store.result(question) or ()
        )
        if parts is not None:
            store.keep_result(question, parts)
    notices.extend(analysis.notices)
    outcome = suppress.apply(
        analysis.findings,
        list(analysis.suppressions),
        allow_inline=config.allow_inline,
        require_reason=config.require_reason,
    )
    select = selection.select or config.select
    ignore = set(selection.ignore) | set(config.ignore)
    reported = [
        replace(f, level=config.levels[f.rule_id]) if f.rule_id in config.levels else f
        for f in outcome.findings
        if (not select or f.rule_id in select) and f.rule_id not in ignore
    ]
    new = [
        f
        for f in reported
        if not selection.baseline
        or not accepted(selection.baseline, f.fingerprint(relative(f.location.path, root)), f.level)
    ]
    ordered = sorted(new, key=lambda f: (f.location.path, f.location.start_line, f.rule_id, f.address, f.anchor))
    return ScanResult(
        root=root,
        findings=tuple(ordered),
        problems=analysis.problems,
        notices=tuple(dict.fromkeys(notices)),
        files=analysis.files,
        resources=analysis.resources,
        in_scope=analysis.in_scope,
        suppressed=outcome.suppressed,
        baselined=len(reported) - len(new),
        inventory=analysis.inventory,
    )
