"""HDS010 backup-disabled: a data store holding health data with no backup, or backups off."""

from __future__ import annotations

from collections.abc import Iterator

from hds_lint.backup import Store, covered, default_stores, setting, show_value
from hds_lint.backup_selection import UNDETERMINED, selection_of
from hds_lint.checks import unresolved
from hds_lint.checks.base import RuleMeta, Subject
from hds_lint.kubernetes.relations import VELERO_KINDS, namespace_of, velero_scope
from hds_lint.model import Classification, Finding, Origin, Resource

META = RuleMeta(
    id="HDS010",
    slug="backup-disabled",
    name="BackupDisabled",
    title="Health data with no backup, or backups switched off",
    level="error",
    summary=(
        "Reports a data store holding health data whose backups are switched off (error), or that "
        "no backup mechanism hds-lint knows covers, counting the provider's default when the "
        "setting is omitted (warning): automated backups, point-in-time recovery, versioning, an "
        "AWS Backup selection, a Recovery Services protected item, a Velero schedule."
    ),
    why=(
        "Backup of health data is hosting activity 6 (Public Health Code art. R.1111-9); the HDS "
        "referential puts backups inside the certified ISMS scope (requirement 4), and availability "
        "of health data is part of what the host guarantees."
    ),
    bad_example=(
        'resource "aws_db_instance" "patients" {\n'
        "  backup_retention_period = 0\n"
        '  tags                    = { data-classification = "health" }\n'
        "}"
    ),
    good_example=(
        'resource "aws_db_instance" "patients" {\n'
        "  backup_retention_period = 14\n"
        '  tags                    = { data-classification = "health" }\n'
        "}"
    ),
    fix="Turn on the store's backups, or cover it with a backup plan; the message names the setting.",
    security_severity="6.0",
)


def check(subject: Subject) -> Iterator[Finding]:
    resource = subject.resource
    store = default_stores().get(resource.kind)
    if store is None or subject.is_copy or store.automatic or covered(store, subject.referrers):
        return
    kinds = {c.type for c in store.covered_by}
    maybe = [r for r, a in subject.referrers if a.startswith(UNDETERMINED) and r.kind in kinds]
    for finding in _findings(subject, store):
        if maybe and finding.rule_id == META.id:
            yield _undetermined(subject, maybe[0], finding)
        else:
            yield finding


def _undetermined(subject: Subject, selection: Resource, finding: Finding) -> Finding:
    """No backup, unless a selection whose criteria cannot be evaluated selects the store."""
    resource = subject.resource
    how = selection_of(selection, resource)
    origin = Origin(selection.span_at(how.path), f"{selection.address}: {how.why}", "backup")
    return subject.finding(
        unresolved.META,
        f"{resource.address} holds health data, and whether a backup covers it cannot be determined: "
        f"{selection.address} may select it ({how.why}). If it does not, {META.id} applies: {finding.message}",
        origin=origin,
        anchor=finding.anchor,
    )


def _findings(subject: Subject, store: Store) -> Iterator[Finding]:
    resource = subject.resource
    others = f"no {' or '.join(c.type for c in store.covered_by)} refers to it" if store.covered_by else ""
    if store.backup is None:
        if store.covered_by:
            yield subject.finding(
                META,
                f"{resource.address} holds health data and no backup covers it: {others}. Fix: cover it with "
                "a backup plan or policy.",
                level="warning",
                anchor="backup",
            )
        return
    switch = store.backup
    current = setting(resource, switch.attribute, switch.default)
    state = switch.state(current.value)
    origin = None
    if not current.is_default:
        where = f"{switch.attribute} = {show_value(current.value)}"
        origin = Origin(resource.span_at(current.path), where, switch.attribute, on_resource=True)
    if state == "unknown":
        yield subject.finding(
            unresolved.META,
            f"{resource.address} holds health data and whether its backups are on cannot be determined: "
            f"{switch.attribute} is {show_value(current.value)}"
            + (f" ({current.value.reason})" if current.value.reason else "")
            + f". Fix: {switch.fix}, or give the value (--var, a .tfvars file).",
            origin=origin,
            anchor=f"backup:{switch.attribute}",
        )
    elif state == "off" and not current.is_default:
        yield subject.finding(
            META,
            f"{resource.address} holds health data and its backups are off ({switch.attribute} = "
            f"{show_value(current.value)}). Fix: {switch.fix}.",
            origin=origin,
            anchor=f"backup:{switch.attribute}",
        )
    elif state == "off":
        yield subject.finding(
            META,
            f"{resource.address} holds health data and no backup covers it: {switch.attribute} is not set "
            f"(the provider's default, {show_value(switch.default)}, means no backup)"
            + (f", and {others}" if others else "")
            + f". Fix: {switch.fix}.",
            level="warning",
            anchor=f"backup:{switch.attribute}",
        )


def velero_gaps(resources: list[Resource], classifications: list[Classification]) -> list[Finding]:
    """When the manifests use Velero, a namespace holding health data that no Schedule covers
    has no backup."""
    scopes = [velero_scope(r) for r in resources if r.source == "kubernetes" and r.kind == "Schedule"]
    scopes = [s for s in scopes if s is not None]
    if not scopes:
        return []
    places: dict[str, Resource] = {}
    for resource, classification in zip(resources, classifications, strict=True):
        if resource.source != "kubernetes" or classification.state != "in" or resource.kind in VELERO_KINDS:
            continue  # Velero's own objects hold copies, not the namespace's data
        name = resource.address.split("/", 1)[1] if resource.kind == "Namespace" else namespace_of(resource)
        if name and (resource.kind == "Namespace" or name not in places):
            places[name] = resource
    findings = []
    for name, where in sorted(places.items()):
        if any(scope.covers(name) for scope in scopes):
            continue
        findings.append(
            Finding(
                rule_id=META.id,
                level="warning",
                message=(
                    f"Namespace {name} holds health data, and these manifests back up with Velero, but no "
                    f"Schedule includes {name}. Fix: add {name} to a Schedule's spec.template.includedNamespaces."
                ),
                location=where.span.first_line,
                address=where.address,
                kind=where.kind,
                anchor=f"velero:{name}",
                resource_span=where.span,
            )
        )
    return findings
