"""The scan pipeline: discover, load, classify, place, check; plain data in and out."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from hds_lint import suppress
from hds_lint.backup import covered, default_stores, setting, show_value
from hds_lint.cache import Cache, canonical, current
from hds_lint.catalog import Catalog, default_catalog, with_overrides
from hds_lint.checks import RESOURCE_CHECKS, backup_disabled, backup_out_of_scope, parse_error, region, unresolved
from hds_lint.checks.base import Subject
from hds_lint.config import Config
from hds_lint.discover import STDIN, DiscoveredFile, discover, is_terraform
from hds_lint.errors import UsageError
from hds_lint.kubernetes import placement as kubernetes_placement
from hds_lint.kubernetes.loader import load_kubernetes
from hds_lint.kubernetes.velero import unresolved_destinations
from hds_lint.model import (
    Analysis,
    Classification,
    Finding,
    LoadProblem,
    Resource,
    ScanResult,
    Span,
    StoreEntry,
    Unknown,
    base_address,
)
from hds_lint.relations import Index, default_pack, edges, parent_for_location, propagate
from hds_lint.report.paths import relative, report_root
from hds_lint.scope import DEFAULT_RULES, classify, excluded, rules_from
from hds_lint.sources import READ_ERRORS, read_text, reading_once, recording, timed_out, unchanged
from hds_lint.sources import size as file_size
from hds_lint.terraform import placement as terraform_placement
from hds_lint.terraform.loader import load_terraform
from hds_lint.terraform.modules import Evaluation, Inputs
from hds_lint.terraform.plan import load_plans


def _run_checks(subject: Subject) -> list[Finding]:
    return [finding for module in RESOURCE_CHECKS for finding in module.check(subject)]


def _ambiguous(subject: Subject, outcomes: list[tuple[str | None, list[Finding]]]) -> list[Finding]:
    """One region name, several providers, different verdicts: say so rather than pick one."""
    catalog = subject.catalog
    candidates = [catalog.providers[provider_id] for provider_id, _ in outcomes if provider_id]
    definite = list(region.outside_eea_everywhere(subject, candidates))
    if definite:
        return definite
    verdicts = []
    for provider, (_id, findings) in zip(candidates, outcomes, strict=True):
        verdict = ", ".join(sorted({f"{f.rule_id} {f.level}" for f in findings})) or "no finding"
        verdicts.append(f"{provider.display_name}: {verdict}")
    names = ", ".join(repr(value) for value, _origin in subject.placement.regions)
    return [
        subject.finding(
            unresolved.META,
            f"{subject.resource.address} holds health data in {names}, a region name used by several "
            f"providers with different HDS verdicts ({'; '.join(verdicts)}). Add a node selector "
            "that names the provider (such as eks.amazonaws.com/nodegroup) so it can be verified.",
            origin=subject.placement.regions[0][1],
        )
    ]


def _hypothetical(subject: Subject, findings: list[Finding]) -> list[Finding]:
    """Tags that cannot be read: report only if the resource would break a rule if in scope."""
    definite = [f for f in findings if f.rule_id != unresolved.META.id]
    reason = subject.classification.reason
    if not definite or reason is None:
        return []
    first = definite[0]
    return [
        subject.finding(
            unresolved.META,
            f"{subject.resource.address}: whether it holds health data cannot be determined "
            f"({reason.description}). If it does, {first.rule_id} applies: {first.message}",
            origin=reason,
            anchor="classification",
            extra=first.related,
        )
    ]


def check_resource(
    resource: Resource,
    catalog: Catalog,
    config: Config | None = None,
    classification: Classification | None = None,
    parent: Resource | None = None,
    referrers: tuple[tuple[Resource, str], ...] = (),
) -> list[Finding]:
    """What is wrong with where a resource holding health data is hosted. `parent` is the
    resource whose location it takes when it has none of its own (an Azure SQL database)."""
    classification = classification or classify(resource, DEFAULT_RULES)
    if classification.state == "out":
        return []
    if resource.source == "terraform":
        placement = terraform_placement.place(resource, catalog, config, parent)
    else:
        placement = kubernetes_placement.place(resource, catalog, config)
    if placement is None:
        return []
    policy = (config.min_retention_days if config else None) or 7
    outcomes: list[tuple[str | None, list[Finding]]] = []
    for provider_id in placement.providers or (None,):
        provider = catalog.providers.get(provider_id) if provider_id else None
        subject = Subject(resource, classification, placement, provider, catalog, referrers, policy)
        outcomes.append((provider_id, _run_checks(subject)))
    subject = Subject(resource, classification, placement, None, catalog, referrers, policy)
    verdicts = {frozenset((f.rule_id, f.level) for f in findings) for _id, findings in outcomes}
    findings = outcomes[0][1] if len(verdicts) == 1 else _ambiguous(subject, outcomes)
    if classification.state == "unknown":
        return _hypothetical(subject, findings)
    return findings


def _within_size(files: list[DiscoveredFile], max_mb: float) -> tuple[list[DiscoveredFile], list[LoadProblem]]:
    """Files small enough to parse, and a problem for each one that is not."""
    kept, too_big = [], []
    for file in files:
        size = file_size(file.path)  # 0 when unreadable: the loader says so
        if size > max_mb * 1_000_000:
            message = f"{size / 1_000_000:.1f} MB, more than limits.max_file_mb ({max_mb:g} MB): not parsed"
            too_big.append(LoadProblem(file.path, 1, message))
        else:
            kept.append(file)
    return kept, too_big


def _store(
    resource: Resource,
    classification: Classification,
    catalog: Catalog,
    config: Config,
    parent: Resource | None,
    copies_to: list[str],
) -> StoreEntry:
    """Where one in-scope resource lives and why it is in scope, in words."""
    if resource.source == "terraform":
        placement = terraform_placement.place(resource, catalog, config, parent)
    else:
        placement = kubernetes_placement.place(resource, catalog, config)
    provider, locations = "-", []
    if placement is not None:
        names = [catalog.providers[p].display_name for p in placement.providers if p in catalog.providers]
        provider = " or ".join(names) or placement.unlisted or "unknown"
        for value, _origin in placement.regions:
            infos = [catalog.providers[p].region(value) for p in placement.providers if p in catalog.providers]
            info = next((i for i in infos if i is not None), None)
            locations.append(f"{info.where}: {info.hds}" if info else f"{value}: not in the catalog")
        locations += [f"unknown ({why})" for why, _origin in placement.unresolved]
    store = default_stores().get(resource.kind)
    if placement is not None and store is not None:  # copies that settings send elsewhere
        entry = next((catalog.providers[p] for p in placement.providers if p in catalog.providers), None)
        subject = Subject(resource, classification, placement, entry, catalog)
        for copy in store.copies:
            if copy.of_backups and store.backups_off(resource):
                continue
            for destination, _path, _how in backup_out_of_scope.destinations(subject, copy):
                where = destination.text if isinstance(destination, Unknown) else destination
                copies_to.append(f"{copy.description} in {where}")
    reasons = [o.description for o in (classification.reason, *classification.chain) if o is not None]
    return StoreEntry(
        address=resource.address,
        kind=resource.kind,
        span=resource.span.first_line,
        provider=provider,
        locations=tuple(locations) or ("not placed by the manifest (where its cluster runs)",),
        reason=" <- ".join(reasons),
        copies_to=tuple(dict.fromkeys(copies_to)),
    )


def _backup_mechanism(resource: Resource, referrers: tuple[tuple[Resource, str], ...]) -> str:
    """How the store is backed up, in a few words, from the backup knowledge."""
    store = default_stores().get(resource.kind)
    if store is None:
        return "not a store hds-lint has backup knowledge of"
    parts = [f"covered by {address}" for address in dict.fromkeys(r.address for r in covered(store, referrers))]
    if store.automatic:
        parts.insert(0, "automatic backups by the service")
    if store.backup is not None and not parts:
        current = setting(resource, store.backup.attribute, store.backup.default)
        default = ", the default" if current.is_default else ""
        parts.append(
            f"{store.backup.attribute} = {show_value(current.value)} ({store.backup.state(current.value)}{default})"
        )
    return "; ".join(parts) or "none found"


def _outside(span: Span, root: Path) -> bool:
    return _outside_path(span.path, root)


@lru_cache(maxsize=4096)
def _outside_path(path: str, root: Path) -> bool:
    """Asked for every finding and call of a resource: once per file is enough."""
    where = Path(path)
    return not where.is_relative_to(root) or ".terraform" in where.relative_to(root).parts


def _relocate(finding: Finding, resource: Resource, root: Path) -> Finding:
    """A finding in a module outside the repository (a registry module under .terraform/,
    a source beyond the root) goes on the outermost call inside it, as GitHub can show."""
    if not _outside(finding.location, root):
        return finding
    call = next((c for c in reversed(resource.calls) if not _outside(c, root)), None)
    if call is None:
        return finding
    related = tuple(r for r in finding.related if not _outside(r.span, root))
    message = f"{finding.message} (in {resource.address}, from a module outside this repository)"
    return replace(finding, location=call, related=related, message=message)


@dataclass(frozen=True)
class Selection:
    """What is reported: rules selected or ignored (command line over configuration), and the
    fingerprints of a baseline, whose findings are counted but not shown."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    baseline: frozenset[str] = frozenset()


def _suppressions(files: list[DiscoveredFile], resources: list[Resource]) -> list:
    entries: list = []
    for file in files:
        if file.kind in ("terraform", "tfvars", "yaml"):
            try:
                text = read_text(file.path)
            except READ_ERRORS:
                continue
            if suppress.MARKER in text:
                entries.extend(suppress.comments(file.path, text, yaml=file.kind == "yaml"))
    for resource in resources:
        if resource.source == "kubernetes":
            entries.extend(suppress.annotations(resource))
    return entries


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
    catalog = with_overrides(catalog or default_catalog(), config.overrides, config.path or "")
    for cluster in config.clusters:
        if cluster.provider not in catalog.providers:
            known = ", ".join(sorted(catalog.providers))
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
    files = [f for f in files if not config.excluded(f.path)]
    store = current().cache
    if store is None or given_catalog or any(f.path == STDIN for f in files):
        analysis = _analyse(paths, files, catalog, inputs, config)
    else:
        analysis = _reused(store, paths, files, catalog, inputs, config)
    root = report_root(paths, list(analysis.files))
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
    new = [f for f in reported if f.fingerprint(relative(f.location.path, root)) not in selection.baseline]
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


def _reused(
    store: Cache, paths: list[str], files: list[DiscoveredFile], catalog: Catalog, inputs: Inputs, config: Config
) -> Analysis:
    """The analysis of the last run asked the same question, when nothing it read has changed
    since (every file's text, every folder listing, every link); else a new one, kept with
    what it read. The question is everything the analysis is given rather than reads: the
    command line's paths and inputs, the configuration, the working folder, the files found."""
    question = repr(canonical((paths, os.getcwd(), inputs, config, [(f.path, f.kind) for f in files])))
    found = store.result(question)
    if found is not None and unchanged(found[0].items()):
        return found[1]
    with recording() as reads:
        analysis = _analyse(paths, files, catalog, inputs, config)
    if not any(timed_out(p) for p in analysis.problems):  # a slow parse may not be slow next time
        store.keep_result(question, reads, analysis)
    return analysis


def _analyse(
    paths: list[str], files: list[DiscoveredFile], catalog: Catalog, inputs: Inputs, config: Config
) -> Analysis:
    """Load, classify, place and check: everything a scan learns from the files it reads."""
    rules = rules_from(config)
    files, oversized = _within_size(files, config.max_file_mb)
    root = report_root(paths, [f.path for f in files])
    modules, variables, problems = load_terraform([f for f in files if is_terraform(f.kind)])
    evaluation = Evaluation(modules, inputs, variables, frozenset(p.path for p in problems))
    resources = evaluation.run()
    notices = list(evaluation.notices)
    others = [f for f in files if not is_terraform(f.kind)]
    plan_resources, plan_problems, plans = load_plans([f for f in others if f.kind == "json"])
    resources.extend(plan_resources)
    problems.extend(plan_problems)
    k8s_resources, k8s_problems, k8s_notices = load_kubernetes([f for f in others if f.path not in plans])
    resources.extend(k8s_resources)
    problems.extend(k8s_problems)
    notices.extend(k8s_notices)
    problems.extend(oversized)
    findings = [parse_error.finding(p) for p in problems]
    pack = default_pack()
    index = Index(resources)
    found_edges = edges(index, pack, config.inherit_resource_group_tags)
    classifications = propagate(
        resources,
        [classify(r, rules) for r in resources],
        found_edges,
        blocked={id(r) for r in resources if excluded(r, rules)},
    )
    in_scope = sum(c.state != "out" for r, c in zip(resources, classifications, strict=True) if not r.context)
    copies: dict[int, list[str]] = {}  # for the inventory: copies only, not a server holding a database
    for edge in found_edges:
        if edge.origin.key == "copy":
            copies.setdefault(id(edge.source), []).append(edge.target.address)
    referrers = index.referrers()
    inventory = []
    for resource, classification in zip(resources, classifications, strict=True):
        if resource.context:
            continue  # a sibling of a named file: it informs relations, it is not reported
        parent = parent_for_location(resource, index, pack)
        kinds = tuple(referrers.get((resource.root, base_address(resource.address)), ()))
        resource_findings = check_resource(resource, catalog, config, classification, parent, kinds)
        findings.extend(_relocate(f, resource, root) for f in resource_findings)
        if classification.state == "in":
            entry = _store(resource, classification, catalog, config, parent, copies.get(id(resource), []))
            inventory.append(replace(entry, backup=_backup_mechanism(resource, kinds)))
    findings.extend(backup_disabled.velero_gaps(resources, classifications))
    findings.extend(unresolved_destinations(resources, classifications, catalog))
    unique = list({(f.identity, f.location, f.message): f for f in findings}.values())
    return Analysis(
        files=tuple(f.path for f in files),
        findings=tuple(unique),
        suppressions=tuple(_suppressions(files, resources)),
        problems=tuple(problems),
        notices=tuple(notices),
        resources=len(resources),
        in_scope=in_scope,
        inventory=tuple(sorted(inventory, key=lambda e: (e.span.path, e.span.start_line, e.address))),
    )
