"""HDS004 for a Velero Schedule or Backup holding health data whose destination cannot be told.

The locations themselves are checked as copies (HDS011) once relations put them in scope; this
covers the backup that names no location Velero would certainly pick: several BackupStorageLocations
marked default, a location missing from the manifests, several snapshot locations for one plugin.
"""

from __future__ import annotations

from hds_lint.catalog import Catalog
from hds_lint.checks import unresolved
from hds_lint.checks.base import Subject
from hds_lint.kubernetes.relations import KubernetesIndex, velero_destinations, velero_scope
from hds_lint.model import Classification, Finding, Origin, Placement, Related, Resource


def unresolved_destinations(
    resources: list[Resource], classifications: list[Classification], catalog: Catalog
) -> list[Finding]:
    """One HDS004 per undetermined destination of each in-scope Schedule or Backup."""
    index = KubernetesIndex(resources)
    findings: list[Finding] = []
    for resource, classification in zip(resources, classifications, strict=True):
        scope = velero_scope(resource) if resource.source == "kubernetes" and not resource.context else None
        if scope is None or classification.state != "in":
            continue
        subject = Subject(resource, classification, Placement(), None, catalog)
        for destination in velero_destinations(resource, scope, index):
            if destination.unresolved is None:
                continue
            span = resource.span_at((*scope.spec_path, *destination.path))
            origin = Origin(span, destination.how, "velero", on_resource=True)
            candidates = tuple(
                Related(
                    c.span_at(("spec", "default")) if c.get(("spec", "default")) is True else c.span.first_line,
                    f"a possible destination: {c.address}",
                )
                for c in destination.candidates
            )
            findings.append(
                subject.finding(
                    unresolved.META,
                    f"{resource.address} backs up health data, but where its copies go cannot be determined: "
                    f"{destination.unresolved}. Fix: {destination.fix}.",
                    origin=origin,
                    anchor=f"velero:{destination.path[0]}:{destination.how}",
                    extra=candidates,
                )
            )
    return findings
