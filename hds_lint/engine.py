"""The scan pipeline: discover, load, classify, place, check; plain data in and out."""

from __future__ import annotations

from hds_lint.catalog import Catalog, default_catalog
from hds_lint.checks import RESOURCE_CHECKS, parse_error, region, unresolved
from hds_lint.checks.base import Subject
from hds_lint.discover import discover
from hds_lint.kubernetes import placement as kubernetes_placement
from hds_lint.kubernetes.loader import load_kubernetes
from hds_lint.model import Classification, Finding, Placement, Resource, ScanResult
from hds_lint.scope import classify
from hds_lint.terraform import placement as terraform_placement
from hds_lint.terraform.loader import load_terraform

TERRAFORM_KINDS = ("terraform", "terraform-json", "tfvars")


def _run_checks(subject: Subject) -> list[Finding]:
    return [finding for module in RESOURCE_CHECKS for finding in module.check(subject)]


def _ambiguous(
    resource: Resource,
    classification: Classification,
    placement: Placement,
    catalog: Catalog,
    outcomes: list[tuple[str, list[Finding]]],
) -> list[Finding]:
    """One region name, several providers, different verdicts: say so rather than pick one."""
    subject = Subject(resource, classification, placement, None, catalog)
    candidates = [catalog.providers[provider_id] for provider_id, _ in outcomes]
    definite = list(region.outside_eea_everywhere(subject, candidates))
    if definite:
        return definite
    parts = []
    for provider_id, findings in outcomes:
        name = catalog.providers[provider_id].display_name
        verdict = ", ".join(sorted({f"{f.rule_id} {f.level}" for f in findings})) or "no finding"
        parts.append(f"{name}: {verdict}")
    value, origin = placement.regions[0]
    return [
        subject.finding(
            unresolved.META,
            f"{resource.address} holds health data in {value!r}, a region name used by several "
            f"providers with different HDS verdicts ({'; '.join(parts)}). Add a node selector "
            "that names the provider (such as eks.amazonaws.com/nodegroup) so it can be verified.",
            origin=origin,
        )
    ]


def _hypothetical(
    resource: Resource, classification: Classification, findings: list[Finding]
) -> list[Finding]:
    """Tags that cannot be read: report only if the resource would be out of scope if in scope."""
    definite = [f for f in findings if f.rule_id != unresolved.META.id]
    if not definite or classification.reason is None:
        return []
    first = definite[0]
    origin = classification.reason
    return [
        Finding(
            rule_id=unresolved.META.id,
            level=unresolved.META.level,
            message=(
                f"{resource.address}: whether it holds health data cannot be determined "
                f"({origin.description}). If it does, {first.rule_id} applies: {first.message}"
            ),
            location=origin.span,
            address=resource.address,
            kind=resource.kind,
            anchor="classification",
            related=first.related[1:],
        )
    ]


def check_resource(resource: Resource, catalog: Catalog) -> list[Finding]:
    classification = classify(resource)
    if classification.state == "out":
        return []
    place = terraform_placement.place if resource.source == "terraform" else kubernetes_placement.place
    placement = place(resource, catalog)
    if placement is None:
        return []
    candidates = placement.providers or (None,)
    outcomes = []
    for provider_id in candidates:
        provider = catalog.providers.get(provider_id) if provider_id else None
        outcomes.append(
            (
                provider_id,
                _run_checks(Subject(resource, classification, placement, provider, catalog)),
            )
        )
    verdicts = {frozenset((f.rule_id, f.level) for f in findings) for _id, findings in outcomes}
    if len(verdicts) == 1:
        findings = outcomes[0][1]
    else:
        findings = _ambiguous(resource, classification, placement, catalog, outcomes)  # type: ignore[arg-type]
    if classification.state == "unknown":
        return _hypothetical(resource, classification, findings)
    return findings


def scan(paths: list[str], catalog: Catalog | None = None) -> ScanResult:
    catalog = catalog or default_catalog()
    files = discover(paths)
    terraform_files = [f for f in files if f.kind in TERRAFORM_KINDS]
    other_files = [f for f in files if f.kind not in TERRAFORM_KINDS]
    resources, problems = load_terraform(terraform_files)
    k8s_resources, k8s_problems, notices = load_kubernetes(other_files)
    resources.extend(k8s_resources)
    problems.extend(k8s_problems)
    findings = [parse_error.finding(p) for p in problems]
    in_scope = 0
    for resource in resources:
        resource_findings = check_resource(resource, catalog)
        findings.extend(resource_findings)
        in_scope += classify(resource).state != "out"
    unique = {(f.identity, f.location, f.message): f for f in findings}
    ordered = sorted(
        unique.values(),
        key=lambda f: (f.location.path, f.location.start_line, f.rule_id, f.address, f.anchor),
    )
    return ScanResult(
        findings=ordered,
        problems=problems,
        notices=notices,
        files=[f.path for f in files],
        resources=len(resources),
        in_scope=in_scope,
    )
