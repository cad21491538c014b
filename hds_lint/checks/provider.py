"""HDS001 uncertified-provider: health data on a provider with no HDS certificate."""

from __future__ import annotations

from collections.abc import Iterator

from hds_lint.checks.base import RuleMeta, Subject
from hds_lint.model import Finding

META = RuleMeta(
    id="HDS001",
    slug="uncertified-provider",
    name="UncertifiedProvider",
    title="Health data on a provider with no HDS certificate",
    level="error",
    summary=(
        "Reports a resource that holds health data and is hosted by a provider that holds no "
        "HDS certificate, whose certificate hds-lint's catalog cannot confirm, or that the "
        "catalog does not know at all."
    ),
    why=(
        "Hosting personal health data for a data controller requires an HDS certificate "
        "(French Public Health Code, art. L.1111-8 and R.1111-8-8 to R.1111-11); hosting "
        "without one is an offence (art. L.1115-1). The controller must check that its host "
        "is certified."
    ),
    bad_example=(
        'resource "hcloud_volume" "records" {\n  location = "fsn1"\n  labels   = { data-classification = "health" }\n}'
    ),
    good_example=(
        'resource "scaleway_block_volume" "records" {\n  zone = "fr-par-1"\n  tags = ["data-classification=health"]\n}'
    ),
    fix=(
        "Move the resource to an HDS-certified provider, in a region its certificate covers, "
        "and sign its HDS contract. If your provider holds a certificate the catalog does not "
        "know, open an issue with the certificate's source so the catalog can record it."
    ),
    security_severity="8.5",
)


def check(subject: Subject) -> Iterator[Finding]:
    placement = subject.placement
    if placement.unlisted is not None:
        yield subject.finding(
            META,
            f"{subject.resource.address} holds health data on provider {placement.unlisted!r}, "
            "which is not in hds-lint's HDS catalog: no HDS certificate is known for it. Host it "
            "with an HDS-certified provider, or add the provider to the catalog with its certificate.",
            origin=placement.provider_origin,
            anchor="provider",
        )
        return
    provider = subject.provider
    if provider is None or provider.status == "certified":
        return
    if provider.status == "not_certified":
        state = f"{provider.display_name} holds no HDS certificate"
    else:
        state = f"hds-lint found no HDS certificate for {provider.display_name} (catalog checked {provider.verified})"
    outside = ""
    for value, _origin in placement.regions:
        info = provider.region(value)
        if info is not None and info.countries and not all(subject.catalog.in_eea(c) for c in info.countries):
            outside = f" Its location, {info.where}, is also outside the European Economic Area."
            break
    yield subject.finding(
        META,
        f"{subject.resource.address} holds health data, but {state}.{outside} Host it with an "
        "HDS-certified provider under an HDS contract.",
        origin=placement.provider_origin,
        anchor="provider",
    )
