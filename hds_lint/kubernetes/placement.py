"""Where a Kubernetes object would run or keep its data, from what its manifest pins down.

Pods land on nodes chosen by `nodeSelector` and required node affinity on the region (or
zone) topology labels; PersistentVolumes carry node affinity; StorageClasses name their
provisioner (which identifies the provider) and `allowedTopologies`. A manifest that pins
nothing can run in any cluster it is applied to: that is "cannot determine", not a pass.
"""

from __future__ import annotations

from typing import Any

from hds_lint.catalog import Catalog
from hds_lint.model import AttrPath, Origin, Placement, Resource, Span
from hds_lint.scope import POD_TEMPLATE_PATHS

REGION_KEYS = ("topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region")
ZONE_KEYS = ("topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone")


def _pod_spec_path(resource: Resource) -> AttrPath | None:
    if resource.kind == "Pod":
        return ("spec",)
    template = POD_TEMPLATE_PATHS.get(resource.kind)
    return (*template, "spec") if template else None


class _Reader:
    """Collects region candidates, provider hints and gaps while walking one object."""

    def __init__(self, resource: Resource) -> None:
        self.resource = resource
        self.regions: list[tuple[str, Origin]] = []
        self.zones: list[tuple[str, Origin]] = []
        self.hints: list[tuple[str, Origin]] = []  # node label keys that may name a provider
        self.unresolved: list[tuple[str, Origin]] = []

    def span(self, path: AttrPath) -> Span:
        return self.resource.attribute_span(path) or self.resource.span.first_line

    def origin(self, path: AttrPath, text: str) -> Origin:
        return Origin(self.span(path), text, ".".join(str(p) for p in path if not isinstance(p, int)), True)

    def selector(self, selector: Any, path: AttrPath) -> None:
        if not isinstance(selector, dict):
            return
        for key, value in selector.items():
            here = (*path, key)
            self.hints.append((key, self.origin(here, f"node label {key}")))
            if key in REGION_KEYS and isinstance(value, str):
                self.regions.append((value, self.origin(here, f"{key}: {value}")))
            elif key in ZONE_KEYS and isinstance(value, str):
                self.zones.append((value, self.origin(here, f"{key}: {value}")))

    def terms(self, terms: Any, path: AttrPath, expressions_key: str = "matchExpressions") -> bool:
        """Read ORed node selector terms; True when every term constrains region or zone."""
        if not isinstance(terms, list) or not terms:
            return False
        every_term_pins = True
        for index, term in enumerate(terms):
            pinned = False
            expressions = term.get(expressions_key) if isinstance(term, dict) else None
            for position, expression in enumerate(expressions if isinstance(expressions, list) else []):
                if not isinstance(expression, dict):
                    continue
                key = expression.get("key")
                here = (*path, index, expressions_key, position)
                if isinstance(key, str):
                    self.hints.append((key, self.origin(here, f"node label {key}")))
                operator = expression.get("operator", "In")
                values = expression.get("values")
                if key not in REGION_KEYS + ZONE_KEYS:
                    continue
                if operator != "In" or not isinstance(values, list) or not values:
                    self.unresolved.append(
                        (
                            f"{key} is constrained with {operator}, which does not name where it runs",
                            self.origin(here, key),
                        )
                    )
                    pinned = True
                    continue
                target = self.regions if key in REGION_KEYS else self.zones
                for item_index, value in enumerate(values):
                    target.append(
                        (
                            str(value),
                            self.origin((*here, "values", item_index), f"{key} In {value}"),
                        )
                    )
                pinned = True
            every_term_pins = every_term_pins and pinned
        return every_term_pins


def _candidates(reader: _Reader, catalog: Catalog) -> tuple[list[str], Origin | None, str]:
    for key, origin in reader.hints:
        provider = catalog.for_node_label(key)
        if provider is not None:
            return [provider.id], origin, key
    return [], None, ""


def place(resource: Resource, catalog: Catalog) -> Placement | None:
    """None for objects whose location is that of the cluster (ConfigMaps, Services, ...)."""
    reader = _Reader(resource)
    providers: list[str] = []
    provider_origin: Origin | None = None
    label = ""
    pod_spec = _pod_spec_path(resource)
    if pod_spec is not None:
        spec = resource.get(pod_spec, {})
        spec = spec if isinstance(spec, dict) else {}
        reader.selector(spec.get("nodeSelector"), (*pod_spec, "nodeSelector"))
        terms_path = (
            *pod_spec,
            "affinity",
            "nodeAffinity",
            "requiredDuringSchedulingIgnoredDuringExecution",
            "nodeSelectorTerms",
        )
        reader.terms(resource.get(terms_path), terms_path)
        what = "its pods may be scheduled on any node"
    elif resource.kind == "PersistentVolume":
        terms_path = ("spec", "nodeAffinity", "required", "nodeSelectorTerms")
        reader.terms(resource.get(terms_path), terms_path)
        driver = resource.get(("spec", "csi", "driver"))
        if isinstance(driver, str):
            provider = catalog.for_provisioner(driver)
            if provider is not None:
                providers, label = [provider.id], driver
                provider_origin = reader.origin(("spec", "csi", "driver"), f"CSI driver {driver}")
        what = "the volume's node affinity does not pin a region"
    elif resource.kind == "StorageClass":
        provisioner = resource.get(("provisioner",))
        if isinstance(provisioner, str):
            label = provisioner
            provider_origin = reader.origin(("provisioner",), f"provisioner {provisioner}")
            provider = catalog.for_provisioner(provisioner)
            if provider is not None:
                providers = [provider.id]
            else:
                reader.unresolved.append(
                    (
                        f"hds-lint's catalog ties no hosting provider to the provisioner {provisioner}",
                        provider_origin,
                    )
                )
        reader.terms(resource.get(("allowedTopologies",)), ("allowedTopologies",), "matchLabelExpressions")
        what = "allowedTopologies does not pin a region, so volumes may be created wherever the cluster runs"
    else:
        return None

    if not providers:
        providers, provider_origin, label = _candidates(reader, catalog)
    regions = reader.regions or reader.zones
    if not regions and not reader.unresolved:
        reader.unresolved.append((what, Origin(resource.span.first_line, "the object", "placement")))
    if not providers and regions:
        # No provider named: every catalog provider that has a region of that name is a candidate.
        found: list[str] = []
        for value, _origin in regions:
            for provider in catalog.for_region(value):
                if provider.id not in found:
                    found.append(provider.id)
        providers = found
        if not providers:
            value, origin = regions[0]
            reader.unresolved.append(
                (
                    f"the region {value!r} is not a region of any provider in hds-lint's catalog",
                    origin,
                )
            )
            regions = []
    return Placement(
        providers=tuple(providers),
        provider_origin=provider_origin,
        provider_label=label,
        regions=tuple(regions),
        unresolved=tuple(reader.unresolved),
    )
