"""The HDS catalog: which providers hold an HDS certificate, for which regions and services.

The facts live as YAML in `rules/catalog/` (shipped inside the wheel), each with its sources
and the date it was verified; this module loads and validates them and answers lookups.
A catalog file with an unknown key or a wrong type is an error naming the file and key:
a silently ignored fact would be a silently wrong verdict.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from hds_lint import yamlnodes
from hds_lint.errors import UsageError

STATUSES = ("certified", "not_certified", "unknown")
COVERAGE = ("covered", "not_covered", "unknown")
CONFIDENCES = ("confirmed", "secondary", "inferred", "unverified")


def rules_dir() -> Path:
    """`rules/` inside the installed wheel, else the one at the top of a source checkout."""
    packaged = Path(__file__).parent / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


def normalize(code: str) -> str:
    """Region codes compare case-insensitively and without spaces ("France Central")."""
    return re.sub(r"\s+", "", code).lower()


@dataclass(frozen=True)
class RegionInfo:
    code: str
    name: str | None
    countries: tuple[str, ...]  # one for a region; several (or none if unknown) for a multi-region
    hds: str  # covered | not_covered | unknown
    confidence: str
    note: str | None = None
    multi: bool = False

    @property
    def where(self) -> str:
        place = self.name or self.code
        if self.multi:
            return f"multi-region {self.code}" + (f" ({', '.join(self.countries)})" if self.countries else "")
        return f"{self.code} ({place}, {self.countries[0]})" if self.countries else self.code


@dataclass(frozen=True)
class Constraint:
    attribute: str
    message: str
    forbidden: tuple[Any, ...] | None = None
    allowed: tuple[Any, ...] | None = None
    absent: bool = False
    default: Any = None  # the provider's value when the attribute is omitted


@dataclass(frozen=True)
class Service:
    name: str
    resource_types: tuple[str, ...]
    hds: str  # certified | not_certified | unknown
    regions: tuple[str, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    note: str | None = None
    sources: tuple[str, ...] = ()

    def matches(self, resource_type: str) -> bool:
        return any(fnmatch.fnmatchcase(resource_type, pattern) for pattern in self.resource_types)


@dataclass(frozen=True)
class ProviderDefault:
    """Which provider-block location attributes a resource type takes when it sets none itself.

    `attributes` are tried in order and the first one the block sets is the location (a zone
    maps to its region as usual). A zonal Scaleway server takes only the provider's `zone`;
    a regional Scaleway database only its `region`, never the region of its `zone`; a regional
    Google resource takes `region`, else the region of the provider's `zone`.
    """

    attributes: tuple[str, ...]
    resource_types: tuple[str, ...]
    note: str | None = None
    sources: tuple[str, ...] = ()

    def matches(self, resource_type: str) -> bool:
        return any(fnmatch.fnmatchcase(resource_type, pattern) for pattern in self.resource_types)


@dataclass(frozen=True)
class Provider:
    id: str
    display_name: str
    sources: tuple[str, ...]
    local_names: tuple[str, ...]
    provider_location_attributes: tuple[str, ...]
    resource_location_attributes: tuple[str, ...]
    type_location_attributes: dict[str, tuple[str, ...]]
    provider_defaults: tuple[ProviderDefault, ...]
    location_prefixes: tuple[str, ...]
    status: str
    confidence: str
    certificate: str
    activities: tuple[int, ...] | None
    note: str | None
    certification_sources: tuple[str, ...]
    verified: str
    regions: dict[str, RegionInfo] = field(repr=False)
    zone_pattern: re.Pattern[str] | None = None
    paired_regions: dict[str, str] = field(default_factory=dict)
    csi_provisioners: tuple[str, ...] = ()
    node_label_prefixes: tuple[str, ...] = ()
    services_status: str = "unverified"
    services_note: str | None = None
    services: tuple[Service, ...] = ()
    file: str = ""

    def region(self, value: str) -> RegionInfo | None:
        """The region (or multi-region) a location value names; zones map to their region."""
        key = normalize(value)
        for prefix in self.location_prefixes:  # "regional-europe-west9" names europe-west9
            if key.startswith(prefix) and key[len(prefix) :] in self.regions:
                return self.regions[key[len(prefix) :]]
        if key in self.regions:
            return self.regions[key]
        if self.zone_pattern is not None:
            match = self.zone_pattern.match(value.strip()) or self.zone_pattern.match(key)
            if match and normalize(match.group("region")) in self.regions:
                return self.regions[normalize(match.group("region"))]
        return None

    def provider_default(self, resource_type: str) -> ProviderDefault | None:
        """The first `provider_location_by_type` entry naming this type, if any."""
        return next((d for d in self.provider_defaults if d.matches(resource_type)), None)

    def services_for(self, resource_type: str) -> list[Service]:
        return [s for s in self.services if s.matches(resource_type)]


@dataclass(frozen=True)
class Platform:
    """A Terraform provider that hosts nothing itself: a cluster API or a utility."""

    kind: str  # cluster | utility
    sources: tuple[str, ...]
    local_names: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Catalog:
    """The loaded catalog, indexed for the lookups each resource makes."""

    eea: dict[str, str]
    providers: dict[str, Provider]
    platforms: tuple[Platform, ...]
    by_source: dict[str, Provider | Platform] = field(default_factory=dict, repr=False)
    by_local_name: dict[str, Provider | Platform] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for entry in [*self.providers.values(), *self.platforms]:
            for source in entry.sources:
                self.by_source.setdefault(_source_key(source), entry)
            for name in entry.local_names:
                self.by_local_name.setdefault(name, entry)

    def in_eea(self, country: str) -> bool:
        return country.upper() in self.eea

    def for_terraform(self, source: str | None, local_name: str) -> Provider | Platform | None:
        """By `required_providers` source when declared, else by the local name Terraform
        would default to hashicorp/<name> for."""
        if source:
            return self.by_source.get(_source_key(source))
        return self.by_local_name.get(local_name)

    def for_region(self, value: str) -> list[Provider]:
        return [p for p in self.providers.values() if p.region(value) is not None]

    def for_provisioner(self, name: str) -> Provider | None:
        return next((p for p in self.providers.values() if name in p.csi_provisioners), None)

    def for_node_label(self, key: str) -> Provider | None:
        return next(
            (p for p in self.providers.values() if any(key.startswith(x) for x in p.node_label_prefixes)),
            None,
        )


def _source_key(source: str) -> str:
    """hashicorp/aws, registry.terraform.io/hashicorp/aws and HashiCorp/AWS are one provider."""
    parts = source.strip().lower().split("/")
    return "/".join(parts[-2:])


# --- loading and validation ---------------------------------------------------------------


class _Reader:
    """Typed access to a YAML mapping that reports the file and key of any mistake."""

    def __init__(self, data: Any, file: str, where: str = "") -> None:
        if not isinstance(data, dict):
            raise UsageError(f"{file}: {where or 'top level'}: expected a mapping")
        self.data, self.file, self.where, self.used = data, file, where, set()

    def _fail(self, key: str, expected: str) -> UsageError:
        path = f"{self.where}.{key}" if self.where else key
        return UsageError(f"{self.file}: {path}: expected {expected}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ..., expected: str = "") -> Any:
        self.used.add(key)
        if key not in self.data:
            if default is ...:
                raise self._fail(key, (expected or _type_words(kind)) + " (missing)")
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
            raise self._fail(key, expected or _type_words(kind))
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: Any = ...) -> str:
        value = self.get(key, str, default, expected="one of " + ", ".join(choices))
        if value not in choices:
            raise self._fail(key, "one of " + ", ".join(choices) + f", not {value!r}")
        return value

    def strings(self, key: str, default: Any = ()) -> tuple[str, ...]:
        value = self.get(key, list, list(default), expected="a list of strings")
        if not all(isinstance(v, str) for v in value):
            raise self._fail(key, "a list of strings")
        return tuple(value)

    def child(self, key: str) -> _Reader:
        path = f"{self.where}.{key}" if self.where else key
        return _Reader(self.get(key, dict), self.file, path)

    def done(self) -> None:
        extra = sorted(set(map(str, self.data)) - self.used)
        if extra:
            raise self._fail(extra[0], "no such key here (known: " + ", ".join(sorted(self.used)) + ")")


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _type_words(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", list: "a list", dict: "a mapping", int: "a number", bool: "true or false"}
    return " or ".join(names.get(k, k.__name__) for k in _as_tuple(kind))


def _date(reader: _Reader, key: str) -> str:
    value = reader.get(key, (str,), expected='a date "YYYY-MM-DD" in quotes')
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise reader._fail(key, 'a date "YYYY-MM-DD"')
    return value


def _region(code: str, reader: _Reader, default_confidence: str, eea: dict[str, str], multi: bool) -> RegionInfo:
    if multi:
        countries_value = reader.get("countries", (list, str), expected='a list of country codes or "unknown"')
        countries = () if countries_value == "unknown" else tuple(countries_value)
        name = reader.get("name", str, None)
        reader.strings("sources")
    else:
        countries = (reader.get("country", str, expected="an ISO 3166-1 alpha-2 country code"),)
        name = reader.get("name", str, None)
    for country in countries:
        if not re.fullmatch(r"[A-Z]{2}", str(country)):
            raise reader._fail("country", f"an ISO 3166-1 alpha-2 code, not {country!r}")
    hds = reader.choice("hds", COVERAGE)
    # A multi-region may be recorded as covered with its member countries unknown when the
    # provider documents it as staying inside the EEA (GCS "EU"); a region needs its country.
    if hds == "covered" and (not all(c in eea for c in countries) or not (countries or multi)):
        raise reader._fail("hds", "covered only for a location inside the EEA")
    info = RegionInfo(
        code=code,
        name=name,
        countries=countries,
        hds=hds,
        confidence=reader.choice("confidence", CONFIDENCES, default_confidence),
        note=reader.get("note", str, None),
        multi=multi,
    )
    reader.strings("aliases")
    reader.done()
    return info


def _constraint(reader: _Reader) -> Constraint:
    forbidden = reader.get("forbidden", list, None)
    allowed = reader.get("allowed", list, None)
    constraint = Constraint(
        attribute=reader.get("attribute", str),
        message=reader.get("message", str),
        forbidden=tuple(forbidden) if forbidden is not None else None,
        allowed=tuple(allowed) if allowed is not None else None,
        absent=reader.get("absent", bool, False),
        default=reader.get("default", (str, bool, int, float), None),
    )
    reader.done()
    if constraint.forbidden is None and constraint.allowed is None and not constraint.absent:
        raise reader._fail("attribute", "one of forbidden, allowed or absent: true beside it")
    return constraint


def _service(reader: _Reader) -> Service:
    constraints = tuple(
        _constraint(_Reader(c, reader.file, f"{reader.where}.constraints[{i}]"))
        for i, c in enumerate(reader.get("constraints", list, []))
    )
    service = Service(
        name=reader.get("name", str),
        resource_types=reader.strings("resource_types"),
        hds=reader.choice("hds", ("certified", "not_certified", "unknown")),
        regions=reader.strings("regions"),
        constraints=constraints,
        note=reader.get("note", str, None),
        sources=reader.strings("sources"),
    )
    reader.get("confidence", str, None)
    reader.done()
    return service


def _provider_defaults(reader: _Reader, provider_attributes: tuple[str, ...]) -> tuple[ProviderDefault, ...]:
    result = []
    for index, body in enumerate(reader.get("provider_location_by_type", list, [])):
        entry = _Reader(body, reader.file, f"{reader.where}.provider_location_by_type[{index}]")
        default = ProviderDefault(
            attributes=entry.strings("attributes"),
            resource_types=entry.strings("resource_types"),
            note=entry.get("note", str, None),
            sources=entry.strings("sources"),
        )
        entry.get("verified", str, None)
        entry.done()
        if not default.attributes or not set(default.attributes) <= set(provider_attributes):
            raise entry._fail("attributes", "a non-empty list drawn from provider_location_attributes")
        if not default.resource_types:
            raise entry._fail("resource_types", "a non-empty list of resource type patterns")
        if not default.sources:
            raise entry._fail("sources", "the documentation this fact was read from")
        result.append(default)
    return tuple(result)


def _provider(data: Any, file: str, eea: dict[str, str]) -> Provider:
    top = _Reader(data, file)
    terraform = top.child("terraform")
    cert = top.child("certification")
    status = cert.choice("status", STATUSES)
    confidence = cert.choice("confidence", CONFIDENCES)
    activities = cert.get("activities", (list, str), "unknown", expected='a list of 1-6 or "unknown"')
    regions: dict[str, RegionInfo] = {}
    for group, multi in (("regions", False), ("multi_regions", True)):
        for code, body in (top.get(group, dict, None) or {}).items():
            reader = _Reader(body, file, f"{group}.{code}")
            info = _region(str(code), reader, confidence, eea, multi)
            for name in (str(code), *(body.get("aliases") or [])):
                regions[normalize(str(name))] = info
    zone_pattern = top.get("zone_pattern", str, None)
    try:
        compiled = re.compile(zone_pattern) if zone_pattern else None
    except re.error as exc:
        raise top._fail("zone_pattern", f"a regular expression ({exc})") from exc
    if compiled is not None and "region" not in compiled.groupindex:
        raise top._fail("zone_pattern", "a regular expression with a group named 'region'")
    kubernetes = top.child("kubernetes") if "kubernetes" in top.data else None
    services_reader = top.child("services") if "services" in top.data else None
    services: tuple[Service, ...] = ()
    services_status, services_note = "unverified", None
    if services_reader is not None:
        services_status = services_reader.choice("status", ("listed", "unverified"))
        services_note = services_reader.get("note", str, None)
        services_reader.strings("sources")
        services_reader.get("verified", str, None)
        services = tuple(
            _service(_Reader(s, file, f"services.entries[{i}]"))
            for i, s in enumerate(services_reader.get("entries", list, []))
        )
        services_reader.done()
    provider = Provider(
        id=top.get("id", str),
        display_name=top.get("display_name", str),
        sources=terraform.strings("sources"),
        local_names=terraform.strings("local_names"),
        provider_location_attributes=terraform.strings("provider_location_attributes"),
        resource_location_attributes=terraform.strings("resource_location_attributes"),
        type_location_attributes={
            str(k): tuple(v) for k, v in (terraform.get("type_location_attributes", dict, None) or {}).items()
        },
        provider_defaults=_provider_defaults(terraform, terraform.strings("provider_location_attributes")),
        location_prefixes=top.strings("location_prefixes"),
        status=status,
        confidence=confidence,
        certificate=str(cert.get("certificate", (str, dict), "unknown")),
        activities=tuple(activities) if isinstance(activities, list) else None,
        note=cert.get("note", str, None),
        certification_sources=cert.strings("sources"),
        verified=_date(cert, "verified"),
        regions=regions,
        zone_pattern=compiled,
        paired_regions={normalize(k): normalize(v) for k, v in (top.get("paired_regions", dict, None) or {}).items()},
        csi_provisioners=kubernetes.strings("csi_provisioners") if kubernetes else (),
        node_label_prefixes=kubernetes.strings("node_label_prefixes") if kubernetes else (),
        services_status=services_status,
        services_note=services_note,
        services=services,
        file=file,
    )
    cert.get("activities_confidence", str, None)
    cert.done()
    terraform.done()
    if kubernetes:
        kubernetes.done()
    top.strings("region_sources")
    top.get("region_verified", str, None)
    top.done()
    if provider.id != Path(file).stem:
        raise top._fail("id", f"the file name's stem {Path(file).stem!r}")
    return provider


def _platforms(data: Any, file: str) -> tuple[Platform, ...]:
    top = _Reader(data, file)
    result = []
    for index, entry in enumerate(top.get("platforms", list)):
        reader = _Reader(entry, file, f"platforms[{index}]")
        result.append(
            Platform(
                kind=reader.choice("kind", ("cluster", "utility")),
                sources=reader.strings("terraform_sources"),
                local_names=reader.strings("local_names"),
                note=reader.get("note", str, ""),
            )
        )
        reader.done()
    top.strings("sources")
    top.get("verified", str, None)
    top.done()
    return tuple(result)


def _read_yaml(path: Path) -> Any:
    try:
        return yamlnodes.load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise UsageError(f"{path}{line}: invalid YAML in the HDS catalog: {getattr(exc, 'problem', exc)}") from exc
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the HDS catalog: {exc.strerror}") from exc


def load_catalog(directory: Path | None = None) -> Catalog:
    """Load and validate `<directory>/catalog`; any mistake is a UsageError naming file and key."""
    base = (directory or rules_dir()) / "catalog"
    eea_file = base / "eea.yaml"
    eea_reader = _Reader(_read_yaml(eea_file), str(eea_file))
    eea = {str(k): str(v) for k, v in eea_reader.get("countries", dict).items()}
    eea_reader.get("description", str, None)
    eea_reader.strings("sources")
    eea_reader.get("verified", str, None)
    eea_reader.done()
    providers = {}
    for path in sorted((base / "providers").glob("*.yaml")):
        provider = _provider(_read_yaml(path), str(path), eea)
        providers[provider.id] = provider
    platforms_file = base / "platforms.yaml"
    platforms = _platforms(_read_yaml(platforms_file), str(platforms_file)) if platforms_file.exists() else ()
    if not providers:
        raise UsageError(f"{base}: the HDS catalog holds no provider files")
    return Catalog(eea=eea, providers=providers, platforms=platforms)


@cache
def default_catalog() -> Catalog:
    return load_catalog()


def with_overrides(catalog: Catalog, overrides: tuple[Any, ...], source_file: str) -> Catalog:
    """The catalog with an organisation's contract-specific region facts (config `catalog.overrides`).
    Each names its source; the region must be one the catalog knows, so its country is known."""
    if not overrides:
        return catalog
    providers = dict(catalog.providers)
    for override in overrides:
        provider = providers.get(override.provider)
        if provider is None:
            raise UsageError(
                f"{source_file}:{override.line}: catalog.overrides: no provider {override.provider!r} in the catalog "
                f"(known: {', '.join(sorted(providers))})"
            )
        info = provider.region(override.region)
        if info is None or info.multi:
            raise UsageError(
                f"{source_file}:{override.line}: catalog.overrides: {override.provider} has no region "
                f"{override.region!r} in the catalog, so its country is unknown"
            )
        if override.hds == "covered" and not all(catalog.in_eea(c) for c in info.countries):
            raise UsageError(
                f"{source_file}:{override.line}: catalog.overrides: {override.region} is outside the EEA "
                "and cannot be covered (HDS requirement 28)"
            )
        replaced = RegionInfo(
            code=info.code,
            name=info.name,
            countries=info.countries,
            hds=override.hds,
            confidence="confirmed",
            note=f"set by {source_file}: {override.source}",
        )
        regions = {key: (replaced if value is info else value) for key, value in provider.regions.items()}
        providers[provider.id] = replace(provider, regions=regions)
    return Catalog(eea=catalog.eea, providers=providers, platforms=catalog.platforms)
