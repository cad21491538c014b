"""Where a Terraform resource lives: its provider in the catalog, and its region or location.

The resource's own location attribute wins (azurerm `location`, google `region`/`zone`,
aws `region` since provider v6); otherwise the default of the provider configuration it is
bound to that its type takes (a zonal Scaleway server the provider's `zone`, a regional
database its `region`: `provider_location_by_type` in the catalog). Each value keeps where
it was read, so a finding can point at the line to change.
"""

from __future__ import annotations

from typing import Any

from hds_lint.catalog import Catalog, Platform, Provider, normalize
from hds_lint.config import Config
from hds_lint.model import Origin, Placement, Resource, Span, Unknown
from hds_lint.terraform.modules import UNREADABLE


def _text(value: Any) -> str:
    return value.text if isinstance(value, Unknown) else repr(value)


def _unresolvable(subject: str, value: Any) -> str:
    """`region = var.region` and why it has no value, with the way to supply one."""
    if isinstance(value, Unknown) and value.reason:
        return f"{subject} is {value.text}: {value.reason}"
    if isinstance(value, Unknown):
        return f"{subject} is {value.text}, which cannot be evaluated statically"
    return f"{subject} is {value!r}, not a region name"


def _resource_locations(resource: Resource, provider: Provider) -> tuple[list, list]:
    regions, unresolved = [], []
    for attribute in provider.type_location_attributes.get(resource.kind, provider.resource_location_attributes):
        for value, path in resource.values(attribute):
            if value is None:
                continue
            origin = Origin(resource.span_at(path), f"{attribute} = {_text(value)}", attribute, on_resource=True)
            if isinstance(value, str):
                regions.append((value, origin))
            else:
                unresolved.append((_unresolvable(attribute, value), origin))
        if regions or unresolved:
            break
    return regions, unresolved


def _same_region(provider: Provider, values: list[str]) -> bool:
    """Whether location values (regions or zones) all lie in one region."""
    codes = set()
    for value in values:
        info = provider.region(value)
        codes.add(normalize(info.code) if info is not None else normalize(value))
    return len(codes) <= 1


def _provider_locations(resource: Resource, provider: Provider) -> tuple[list, list]:
    """The location the provider block gives a resource that sets none itself.

    A provider block may hold several defaults (Scaleway and Google: `region` and `zone`), and
    which one a resource takes depends on its type: a zonal server takes `zone`, a regional
    database `region`. The catalog's `provider_location_by_type` says which; for a type it does
    not list, the attributes are taken in priority order, and a block whose values name
    different regions is reported as unknown rather than guessed.
    """
    binding = resource.provider
    assert binding is not None
    header = resource.span.first_line
    block = f'provider "{binding.local_name}"' + (f" (alias {binding.alias})" if binding.alias else "")
    default = provider.provider_default(resource.kind)
    attributes = default.attributes if default is not None else provider.provider_location_attributes
    found: list[tuple[str, str, Origin]] = []
    for attribute in attributes:
        value = binding.config.get(attribute)
        if value is None:
            continue
        span: Span = binding.config_spans.get(attribute) or binding.span or header
        origin = Origin(span, f"{block}: {attribute} = {_text(value)}", f"provider.{attribute}")
        if not isinstance(value, str):
            if found:
                break
            return [], [(_unresolvable(f"the {block} {attribute}", value), origin)]
        found.append((attribute, value, origin))
        if default is not None:
            break
    if found:
        if not _same_region(provider, [value for _attribute, value, _origin in found]):
            settings = " and ".join(f"{attribute} = {value!r}" for attribute, value, _origin in found)
            return [], [
                (
                    f"the {block} block sets {settings}, which are in different regions, and hds-lint's "
                    f"catalog does not say which of them {resource.kind} takes; set its location on the resource",
                    found[0][2],
                )
            ]
        _attribute, value, origin = found[0]
        return [(value, origin)], []
    if not provider.provider_location_attributes:
        where = " or ".join(provider.resource_location_attributes) or "location"
        return [], [
            (
                f"it sets no {where} and {provider.display_name} provider blocks carry none, so its "
                "location cannot be read from this configuration",
                Origin(header, "the resource block", "location"),
            )
        ]
    key = f"provider.{attributes[0]}"
    if binding.span is None:
        missing = f"no {block} block configures a {attributes[0]} for it"
        if binding.alias:
            missing += f" (the resource asks for {binding.display})"
        source = "the environment (such as AWS_REGION)" if attributes[0] == "region" else "the environment"
        return [], [
            (
                missing + f"; Terraform would take the {attributes[0]} from {source}",
                Origin(header, "the resource block", key),
            )
        ]
    wanted = " or ".join(attributes)
    missing = f"the {block} block sets no {wanted}"
    others = [
        f"{attribute} = {binding.config[attribute]!r}"
        for attribute in provider.provider_location_attributes
        if attribute not in attributes and isinstance(binding.config.get(attribute), str)
    ]
    if default is not None and others:
        # `zone = "nl-ams-1"` on the provider does not place a regional Scaleway database.
        missing += (
            f", and {resource.kind} takes the provider's {wanted}, not its {' or '.join(others)}, so its "
            f"{attributes[0]} comes from outside this configuration (the environment or the provider's default)"
        )
    return [], [(missing, Origin(binding.span.first_line, block, key))]


def place(
    resource: Resource, catalog: Catalog, config: Config | None = None, parent: Resource | None = None
) -> Placement | None:
    """None when the resource is not hosted anywhere (utility providers such as random)."""
    if resource.kind == "module":  # a module call whose source could not be read
        why = resource.attributes.get(UNREADABLE, "its source cannot be read")
        return Placement(
            unresolved=((f"it is a module call and {why}", Origin(resource.span.first_line, "the call", "source")),)
        )
    binding = resource.provider
    if binding is None:
        return None
    entry = catalog.for_terraform(binding.source, binding.local_name)
    header = resource.span.first_line
    provider_origin = None
    if binding.span is not None:
        provider_origin = Origin(binding.span, f'provider "{binding.display}"', "provider")
    if entry is None:
        return Placement(provider_origin=provider_origin, unlisted=binding.source or binding.local_name)
    if isinstance(entry, Platform):
        if entry.kind == "utility":
            return None
        return Placement(
            provider_origin=provider_origin,
            unresolved=(
                (
                    f"it is deployed through the {binding.local_name} provider into a cluster whose "
                    "hosting provider and region this configuration does not say",
                    Origin(header, "the resource block", "cluster"),
                ),
            ),
        )
    regions, unresolved = _resource_locations(resource, entry)
    if not regions and not unresolved and parent is not None:
        # No location of its own: it lives where the parent it belongs to lives.
        parent_regions, unresolved = _resource_locations(parent, entry)
        regions = [
            (value, Origin(origin.span, f"{parent.address} {origin.description}", origin.key))
            for value, origin in parent_regions
        ]
        unresolved = [(f"its parent {parent.address}: {why}", origin) for why, origin in unresolved]
    if not regions and not unresolved:
        regions, unresolved = _provider_locations(resource, entry)
    return Placement(
        providers=(entry.id,),
        provider_origin=provider_origin,
        regions=tuple(regions),
        unresolved=tuple(unresolved),
    )
