"""What is wrong with where each resource of one part of a scan is hosted, and where the
data of those in scope lives: classification through relations, placement, the rules."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from hds_lint.backup import covered, default_stores, setting, show_value
from hds_lint.catalog import Catalog
from hds_lint.checks import RESOURCE_CHECKS, backup_disabled, backup_out_of_scope, region, unresolved
from hds_lint.checks.base import Subject
from hds_lint.config import Config
from hds_lint.kubernetes import placement as kubernetes_placement
from hds_lint.kubernetes.velero import unresolved_destinations
from hds_lint.model import Classification, Finding, Resource, Span, StoreEntry, Unknown, base_address
from hds_lint.relations import Index, default_pack, edges, parent_for_location, propagate
from hds_lint.scope import DEFAULT_RULES, ClassificationRules, classify, excluded
from hds_lint.terraform import placement as terraform_placement


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
class Checked:
    """What the checks found among the resources of one part of a scan."""

    findings: list[Finding]
    inventory: list[StoreEntry]
    in_scope: int


def check_part(
    resources: list[Resource], catalog: Catalog, config: Config, rules: ClassificationRules, root: Path
) -> Checked:
    """Classify, place and check resources that relate only to each other (one Terraform root
    module, or the plans and Kubernetes manifests): relations never cross parts."""
    findings: list[Finding] = []
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
    if any(r.source == "kubernetes" for r in resources):
        findings.extend(backup_disabled.velero_gaps(resources, classifications))
        findings.extend(unresolved_destinations(resources, classifications, catalog))
    return Checked(findings, inventory, in_scope)
