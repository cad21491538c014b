"""Where health data flows between Kubernetes objects: namespaces, volumes, Velero backups.

Manifests are untrusted input: every list or mapping read here is checked before use, so a
malformed object costs its own relations, never the scan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hds_lint.kubernetes.loader import CLUSTER_SCOPED
from hds_lint.model import Origin, Resource
from hds_lint.scope import POD_TEMPLATE_PATHS

# Velero's own objects: they hold copies of other namespaces' data, not their own.
VELERO_KINDS = frozenset({"Schedule", "Backup", "Restore", "BackupStorageLocation", "VolumeSnapshotLocation"})


@dataclass(frozen=True)
class Flow:
    """The data of `source` also lands in `target`, as `origin` says."""

    source: Resource
    target: Resource
    origin: Origin


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def namespace_of(resource: Resource) -> str | None:
    """The namespace of a namespaced object ("default" when unset); None if cluster-scoped."""
    metadata = resource.attributes.get("metadata")
    if resource.kind in CLUSTER_SCOPED or not isinstance(metadata, dict):
        return None
    namespace = metadata.get("namespace")
    return namespace if isinstance(namespace, str) else "default"


@dataclass(frozen=True)
class VeleroScope:
    """Which namespaces a Velero Schedule or Backup takes, and where it writes."""

    spec_path: tuple[str, ...]
    included: frozenset[str]  # "*" for all
    excluded: frozenset[str]
    storage_location: str
    snapshot_locations: tuple[str, ...]

    def covers(self, namespace: str) -> bool:
        return namespace not in self.excluded and ("*" in self.included or namespace in self.included)


def velero_scope(resource: Resource) -> VeleroScope | None:
    if resource.kind not in ("Schedule", "Backup"):
        return None
    spec_path = ("spec", "template") if resource.kind == "Schedule" else ("spec",)
    spec = _dict(resource.get(spec_path))
    included = [n for n in _list(spec.get("includedNamespaces")) if isinstance(n, str)] or ["*"]
    excluded = [n for n in _list(spec.get("excludedNamespaces")) if isinstance(n, str)]
    location = spec.get("storageLocation")
    snapshots = tuple(n for n in _list(spec.get("volumeSnapshotLocations")) if isinstance(n, str))
    return VeleroScope(
        spec_path,
        frozenset(included),
        frozenset(excluded),
        location if isinstance(location, str) else "default",
        snapshots,
    )


class KubernetesIndex:
    """Objects by address and by namespace, built once per scan."""

    def __init__(self, resources: list[Resource]) -> None:
        self.by_address: dict[str, Resource] = {}
        self.by_namespace: dict[str, list[Resource]] = defaultdict(list)
        self.namespaces: dict[str, Resource] = {}
        self.snapshot_locations: list[Resource] = []
        for resource in resources:
            if resource.source != "kubernetes":
                continue
            self.by_address[resource.address] = resource
            if resource.kind == "Namespace":
                self.namespaces[resource.address.split("/", 1)[1]] = resource
            elif resource.kind == "VolumeSnapshotLocation":
                self.snapshot_locations.append(resource)
            namespace = namespace_of(resource)
            if namespace is not None and resource.kind not in VELERO_KINDS:
                self.by_namespace[namespace].append(resource)


def _pod_spec(resource: Resource) -> tuple[tuple[str | int, ...], dict[str, Any]] | None:
    if resource.kind == "Pod":
        path: tuple[str | int, ...] = ("spec",)
    elif resource.kind in POD_TEMPLATE_PATHS:
        path = (*POD_TEMPLATE_PATHS[resource.kind], "spec")
    else:
        return None
    spec = resource.get(path)
    return (path, spec) if isinstance(spec, dict) else None


def flows(resource: Resource, index: KubernetesIndex) -> Iterator[Flow]:
    namespace = namespace_of(resource)
    objects = index.by_address
    if namespace is not None and resource.kind != "Namespace" and namespace in index.namespaces:
        parent = index.namespaces[namespace]
        yield Flow(
            parent, resource, Origin(parent.span_at(("metadata", "labels")), f"in namespace {namespace}", "namespace")
        )
    pod = _pod_spec(resource)
    if pod is not None:
        path, spec = pod
        for position, volume in enumerate(_list(spec.get("volumes"))):
            name = _dict(_dict(volume).get("persistentVolumeClaim")).get("claimName")
            target = objects.get(f"PersistentVolumeClaim/{namespace}/{name}") if isinstance(name, str) else None
            if target is not None:
                span = resource.span_at((*path, "volumes", position))
                yield Flow(resource, target, Origin(span, f"mounted by {resource.address}", "volume"))
        for position, template in enumerate(_list(resource.get(("spec", "volumeClaimTemplates")))):
            storage_class = _dict(_dict(template).get("spec")).get("storageClassName")
            target = objects.get(f"StorageClass/{storage_class}") if isinstance(storage_class, str) else None
            if target is not None:
                span = resource.span_at(("spec", "volumeClaimTemplates", position))
                origin = Origin(span, f"storage class of {resource.address}'s volumes", "storageclass")
                yield Flow(resource, target, origin)
    if resource.kind == "PersistentVolumeClaim":
        for attribute, kind, words in (
            ("storageClassName", "StorageClass", "storage class"),
            ("volumeName", "PersistentVolume", "volume"),
        ):
            name = resource.get(("spec", attribute))
            target = objects.get(f"{kind}/{name}") if isinstance(name, str) else None
            if target is not None:
                span = resource.span_at(("spec", attribute))
                yield Flow(resource, target, Origin(span, f"{words} of {resource.address}", "volume"))
    scope = velero_scope(resource)
    if scope is not None:
        yield from _velero_flows(resource, scope, index)


def _velero_flows(resource: Resource, scope: VeleroScope, index: KubernetesIndex) -> Iterator[Flow]:
    """A Velero backup covers the objects of the namespaces it includes (and a labelled
    Namespace whose workloads are deployed from elsewhere); its copies go to its
    BackupStorageLocation and VolumeSnapshotLocations (all of them when it names none)."""
    span = resource.span_at((*scope.spec_path, "includedNamespaces"))
    names = set(index.by_namespace) | set(index.namespaces)
    if "*" not in scope.included:
        names &= set(scope.included)  # one schedule per namespace must not visit every namespace
    for name in sorted(names):
        if not scope.covers(name):
            continue
        origin = Origin(span, f"backs up namespace {name}", "velero", on_resource=True)
        if name in index.namespaces:
            yield Flow(index.namespaces[name], resource, origin)
        for other in index.by_namespace.get(name, []):
            yield Flow(other, resource, origin)
    velero_namespace = namespace_of(resource) or "velero"
    targets = [
        (
            index.by_address.get(f"BackupStorageLocation/{velero_namespace}/{scope.storage_location}"),
            ("storageLocation",),
        )
    ]
    if scope.snapshot_locations:
        for position, name in enumerate(scope.snapshot_locations):
            targets.append(
                (
                    index.by_address.get(f"VolumeSnapshotLocation/{velero_namespace}/{name}"),
                    ("volumeSnapshotLocations", position),
                )
            )
    else:  # Velero then uses the provider's default location: any of them may receive snapshots
        targets += [(location, ("volumeSnapshotLocations",)) for location in index.snapshot_locations]
    for target, path in targets:
        if target is not None and target is not resource:
            origin = Origin(
                resource.span_at((*scope.spec_path, *path)), f"backup destination of {resource.address}", "copy"
            )
            yield Flow(resource, target, origin)
