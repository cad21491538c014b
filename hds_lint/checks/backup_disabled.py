"""HDS010 backup-disabled: a data store holding health data with no backup, or backups off."""

from __future__ import annotations

from collections.abc import Iterator

from hds_lint.backup import default_stores, show_value
from hds_lint.checks.base import RuleMeta, Subject
from hds_lint.kubernetes.loader import CLUSTER_SCOPED
from hds_lint.model import Classification, Finding, Origin, Resource, Unknown

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
    store = default_stores().get(subject.resource.kind)
    if store is None or store.backup is None or subject.is_copy:
        return
    if set(store.covered_by) & subject.referrers:
        return  # a backup selection, versioning or protected item refers to it
    switch = store.backup
    found = [(v, p) for v, p in subject.resource.values(switch.attribute) if v is not None]
    resource = subject.resource
    if found:
        value, path = found[0]
        if isinstance(value, Unknown) or not switch.is_off(value):
            return
        origin = Origin(
            resource.span_at(path), f"{switch.attribute} = {show_value(value)}", switch.attribute, on_resource=True
        )
        yield subject.finding(
            META,
            f"{resource.address} holds health data and its backups are off ({switch.attribute} = {show_value(value)}). "
            f"Fix: {switch.fix}.",
            origin=origin,
            anchor=f"backup:{switch.attribute}",
        )
    elif switch.is_off(switch.default):
        others = f", and no {' or '.join(store.covered_by)} refers to it" if store.covered_by else ""
        yield subject.finding(
            META,
            f"{resource.address} holds health data and no backup covers it: {switch.attribute} is not set "
            f"(the provider's default, {show_value(switch.default)}, means no backup){others}. Fix: {switch.fix}.",
            level="warning",
            anchor=f"backup:{switch.attribute}",
        )


VELERO_KINDS = frozenset({"Schedule", "Backup", "Restore", "BackupStorageLocation", "VolumeSnapshotLocation"})


def velero_gaps(resources: list[Resource], classifications: list[Classification]) -> list[Finding]:
    """When the manifests use Velero, a namespace holding health data that no Schedule covers
    has no backup."""
    schedules = [r for r in resources if r.source == "kubernetes" and r.kind == "Schedule"]
    if not schedules:
        return []
    covered: set[str] = set()
    everything_but: list[set[str]] = []
    for schedule in schedules:
        spec = schedule.get(("spec", "template"))
        spec = spec if isinstance(spec, dict) else {}
        included = spec.get("includedNamespaces") or ["*"]
        excluded = set(spec.get("excludedNamespaces") or [])
        if "*" in included:
            everything_but.append(excluded)
        covered.update(n for n in included if isinstance(n, str) and n not in excluded)
    places: dict[str, Resource] = {}
    for resource, classification in zip(resources, classifications, strict=True):
        if resource.source != "kubernetes" or classification.state != "in" or resource.kind in VELERO_KINDS:
            continue  # Velero's own objects hold copies, not the namespace's data
        name = resource.address.split("/")[1] if resource.kind == "Namespace" else _namespace_of(resource)
        if name and (resource.kind == "Namespace" or name not in places):
            places[name] = resource
    findings = []
    for name, where in sorted(places.items()):
        if name in covered or any(name not in excluded for excluded in everything_but):
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


def _namespace_of(resource: Resource) -> str | None:
    metadata = resource.attributes.get("metadata")
    if resource.kind in CLUSTER_SCOPED:
        return None
    if not isinstance(metadata, dict):
        return None
    namespace = metadata.get("namespace")
    return namespace if isinstance(namespace, str) else "default"
