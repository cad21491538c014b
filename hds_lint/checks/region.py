"""HDS002 region-out-of-scope: a region outside the EEA, or one the certificate does not cover."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from hds_lint.catalog import Catalog, Provider
from hds_lint.checks.base import RuleMeta, Subject
from hds_lint.model import Finding, Level

META = RuleMeta(
    id="HDS002",
    slug="region-out-of-scope",
    name="RegionOutOfScope",
    title="Health data in a region outside the EEA or outside the provider's HDS certificate",
    level="error",
    summary=(
        "Reports a resource that holds health data in a region or location that lies outside the "
        "European Economic Area, that the provider's HDS certificate does not cover, or whose "
        "coverage is unknown (reported as a warning that says so)."
    ),
    why=(
        "Health data must be stored exclusively inside the EEA (HDS certification referential "
        "v2, requirement 28; Public Health Code art. R.1111-9-1, from decree 2026-209). An HDS "
        "certificate covers named sites: a region outside its scope is hosting without a "
        "certificate (art. L.1111-8), and the hosting contract must state the hosting locations "
        "(art. R.1111-11)."
    ),
    bad_example=(
        'provider "aws" {\n  region = "us-east-1"\n}\n\n'
        'resource "aws_db_instance" "patients" {\n'
        '  engine = "postgres"\n'
        '  tags   = { data-classification = "health" }\n'
        "}"
    ),
    good_example=(
        'provider "aws" {\n  region = "eu-west-3" # Paris: in the EEA, covered by the AWS HDS certificate\n}\n\n'
        'resource "aws_db_instance" "patients" {\n'
        '  engine = "postgres"\n'
        '  tags   = { data-classification = "health" }\n'
        "}"
    ),
    fix=(
        "Move the resource to a region the provider's HDS certificate covers, inside the EEA. "
        "For a region whose coverage is unknown, check the provider's current certificate (the "
        "hosting contract lists the sites); if it covers the region, open an issue with the "
        "source so the catalog can record it."
    ),
    security_severity="8.5",
)


@dataclass(frozen=True)
class Verdict:
    """Why a location fails HDS, in words that fit after "in" or "to"."""

    level: Level
    problem: str  # "us-east-1 (N. Virginia, US), outside the European Economic Area (US)"
    advice: str


def verdict(provider: Provider, value: str, catalog: Catalog) -> Verdict | None:
    """None when the provider's certificate covers the location; else what is wrong.
    One test for primaries (HDS002) and copies (HDS011)."""
    info = provider.region(value)
    if info is None:
        return Verdict(
            "error",
            f"{value!r}, which is not among the regions of {provider.display_name} that hds-lint's catalog "
            "knows, so it cannot be shown to be covered by the HDS certificate",
            "Check the spelling; if the region is real and covered, open an issue with the source.",
        )
    if info.hds == "covered":
        return None
    outside = [c for c in info.countries if not catalog.in_eea(c)]
    if outside or (info.multi and not info.countries and info.hds == "not_covered"):
        where = ", ".join(outside) if outside else "countries outside the EEA"
        return Verdict(
            "error",
            f"{info.where}, outside the European Economic Area ({where})",
            "Health data may only be stored inside the EEA (HDS requirement 28, art. R.1111-9-1): use a "
            "covered EEA region.",
        )
    if info.hds == "not_covered":
        return Verdict(
            "error",
            f"{info.where}, which the HDS certificate of {provider.display_name} does not cover",
            "Use a region the certificate covers.",
        )
    note = f" ({info.note})" if info.note else ""
    inside = "inside the EEA" if info.countries else "in countries hds-lint's catalog does not know"
    return Verdict(
        "warning",
        f"{info.where}, {inside}, but whether the HDS certificate of {provider.display_name} "
        f"covers it is unknown{note}",
        "Check the certificate's scope, or use a region known to be covered.",
    )


def check(subject: Subject) -> Iterator[Finding]:
    provider = subject.provider
    if provider is None or provider.status != "certified":
        return  # HDS001 already says the provider itself is the problem
    if subject.is_copy:
        return  # a copy out of scope is HDS011, with the copy's source
    for value, origin in subject.placement.regions:
        found = verdict(provider, value, subject.catalog)
        if found is not None:
            yield subject.finding(
                META,
                f"{subject.resource.address} holds health data in {found.problem}. {found.advice}",
                origin=origin,
                level=found.level,
            )


def outside_eea_everywhere(subject: Subject, candidates: list[Provider]) -> Iterator[Finding]:
    """A region name several providers use: outside the EEA at all of them is still definite."""
    catalog = subject.catalog
    for value, origin in subject.placement.regions:
        infos = [(p, p.region(value)) for p in candidates]
        if not all(info is not None and info.countries for _p, info in infos):
            continue
        if any(catalog.in_eea(c) for _p, info in infos for c in info.countries):
            continue
        where = "; ".join(f"{p.display_name}: {info.where}" for p, info in infos)
        yield subject.finding(
            META,
            f"{subject.resource.address} holds health data in {value!r}, outside the European "
            f"Economic Area at every provider that uses this region name ({where}): health data "
            "may only be stored inside the EEA (HDS requirement 28, art. R.1111-9-1).",
            origin=origin,
        )
