"""HDS003 service-out-of-scope: a service outside the provider's HDS scope or its HDS conditions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hds_lint.catalog import Constraint, Service, normalize
from hds_lint.checks import unresolved
from hds_lint.checks.base import RuleMeta, Subject
from hds_lint.model import Finding, Origin, Resource, Unknown

META = RuleMeta(
    id="HDS003",
    slug="service-out-of-scope",
    name="ServiceOutOfScope",
    title="Health data on a service outside the provider's HDS scope",
    level="error",
    summary=(
        "Reports a resource that holds health data on a service the provider lists as not "
        "HDS-certified, in a region where that service is not HDS, or configured against the "
        "conditions the provider sets for HDS use (for example Scaleway's HDS object storage: "
        "fr-par only, no lifecycle rules, no GLACIER class). Providers whose certified service "
        "list hds-lint does not hold are not checked; `hds-lint catalog` says which."
    ),
    why=(
        "An HDS certificate covers named services, not everything a provider sells: a service "
        "outside that scope is hosting without a certificate (Public Health Code art. L.1111-8), "
        "and the hosting contract states the certificate's scope (art. R.1111-11)."
    ),
    bad_example=(
        'resource "scaleway_object_bucket" "scans" {\n'
        '  name   = "pacs-scans"\n'
        '  region = "nl-ams"\n'
        '  tags   = { data-classification = "health" }\n'
        "}"
    ),
    good_example=(
        'resource "scaleway_object_bucket" "scans" {\n'
        '  name   = "pacs-scans"\n'
        '  region = "fr-par"\n'
        '  tags   = { data-classification = "health" }\n'
        "}"
    ),
    fix="Use a service, region and configuration the provider's HDS documentation lists as certified.",
    security_severity="7.0",
)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().lower() == b.strip().lower()
    return a == b and type(a) is type(b)


def _violations(resource: Resource, constraint: Constraint) -> Iterator[tuple[Any, Origin]]:
    """Values that break the condition; an Unknown value is yielded too, for the caller to
    report as "cannot verify" rather than pass."""
    found = [(v, p) for v, p in resource.values(constraint.attribute) if v is not None]
    if not found and constraint.allowed is not None and constraint.default is not None:
        if not any(_same(constraint.default, a) for a in constraint.allowed):
            origin = Origin(resource.span.first_line, f"{constraint.attribute} not set", constraint.attribute)
            yield constraint.default, origin
        return
    for value, path in found:
        if isinstance(value, list) and value and all(isinstance(v, Unknown) for v in value):
            value = value[0]  # only `dynamic` blocks: whether any is generated is not known
        origin = Origin(
            resource.span_at(path),
            f"{constraint.attribute} = {value!r}",
            constraint.attribute,
            on_resource=True,
        )
        if (
            isinstance(value, Unknown)
            or constraint.absent
            or (constraint.forbidden is not None and any(_same(value, f) for f in constraint.forbidden))
            or (constraint.allowed is not None and not any(_same(value, a) for a in constraint.allowed))
        ):
            yield value, origin


def _outside_regions(subject: Subject, service: Service) -> Iterator[tuple[str, Origin]]:
    if not service.regions:
        return
    allowed = {normalize(r) for r in service.regions}
    provider = subject.provider
    for value, origin in subject.placement.regions:
        info = provider.region(value) if provider else None
        if normalize(value) in allowed or (info is not None and normalize(info.code) in allowed):
            continue
        yield value, origin


def check(subject: Subject) -> Iterator[Finding]:
    provider = subject.provider
    resource = subject.resource
    if provider is None or provider.status != "certified" or resource.source != "terraform":
        return
    for service in provider.services_for(resource.kind):
        if service.hds == "not_certified":
            yield subject.finding(
                META,
                f"{resource.address} holds health data on {provider.display_name} {service.name}, "
                "which is not among the provider's HDS-certified services. Use a certified service.",
                anchor=f"service:{service.name}",
            )
            continue
        for value, origin in _outside_regions(subject, service):
            yield subject.finding(
                META,
                f"{resource.address} holds health data on {provider.display_name} {service.name} in "
                f"{value!r}; that service is HDS only in {', '.join(service.regions)}. Move it there.",
                origin=origin,
                anchor=f"service-region:{service.name}",
            )
        for constraint in service.constraints:
            for value, origin in _violations(resource, constraint):
                if isinstance(value, Unknown):
                    yield subject.finding(
                        unresolved.META,
                        f"{resource.address}: {constraint.attribute} is {value.text}, which cannot be evaluated "
                        f"statically, so this HDS condition of {provider.display_name} {service.name} cannot be "
                        f"verified: {constraint.message}",
                        origin=origin,
                        anchor=f"constraint:{constraint.attribute}",
                    )
                    continue
                yield subject.finding(
                    META,
                    f"{resource.address}: {constraint.message}",
                    origin=origin,
                    anchor=f"constraint:{constraint.attribute}",
                )
