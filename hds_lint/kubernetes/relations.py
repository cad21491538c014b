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
    storage_location: str | None  # None: not named, Velero picks its default location
    snapshot_locations: tuple[str, ...]
    snapshot_volumes: bool = True  # false: no volume snapshots, so no VolumeSnapshotLocation is used

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
        location if isinstance(location, str) and location else None,
        snapshots,
        spec.get("snapshotVolumes") is not False,
    )


class KubernetesIndex:
    """Objects by address and by namespace, built once per scan."""

    def __init__(self, resources: list[Resource]) -> None:
        self.by_address: dict[str, Resource] = {}
        self.by_namespace: dict[str, list[Resource]] = defaultdict(list)
        self.namespaces: dict[str, Resource] = {}
        # Velero's BackupStorageLocations and VolumeSnapshotLocations, by (kind, namespace).
        self.velero_locations: dict[tuple[str, str], list[Resource]] = defaultdict(list)
        for resource in resources:
            if resource.source != "kubernetes":
                continue
            self.by_address[resource.address] = resource
            namespace = namespace_of(resource)
            if resource.kind == "Namespace":
                self.namespaces[resource.address.split("/", 1)[1]] = resource
            elif resource.kind in ("BackupStorageLocation", "VolumeSnapshotLocation") and namespace is not None:
                self.velero_locations[(resource.kind, namespace)].append(resource)
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
    BackupStorageLocation and VolumeSnapshotLocations, chosen as Velero chooses them
    (`velero_destinations`)."""
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
    for destination in velero_destinations(resource, scope, index):
        if destination.target is not None and destination.target is not resource:
            span = resource.span_at((*scope.spec_path, *destination.path))
            origin = Origin(span, f"backup destination of {resource.address} ({destination.how})", "copy")
            yield Flow(resource, destination.target, origin)


# How Velero picks where a backup goes when the backup does not say (vmware-tanzu/velero,
# pkg/controller/backup_controller.go, prepareBackupRequest and validateAndGetSnapshotLocations;
# https://velero.io/docs/main/locations/; read 2026-11-28):
# - BackupStorageLocation: the one whose spec.default is true; else the one named by the server's
#   --default-backup-storage-location flag, "default" when the flag is not given. Several marked
#   default: Velero takes the first its client lists, an order nobody controls.
# - VolumeSnapshotLocations: per plugin, the one the backup names; else the only one of that
#   plugin; else the one the server's --default-volume-snapshot-locations names for it (none
#   named: the backup fails validation). spec.snapshotVolumes false: no volume snapshots.
DEFAULT_BACKUP_LOCATION_FLAG = "--default-backup-storage-location"
DEFAULT_SNAPSHOT_LOCATIONS_FLAG = "--default-volume-snapshot-locations"


@dataclass(frozen=True)
class Destination:
    """Where a Velero Schedule or Backup writes: a location object, or why that cannot be told.
    `path` is under the backup's spec (`storageLocation`, `volumeSnapshotLocations`)."""

    path: tuple[str | int, ...]
    how: str
    target: Resource | None = None
    unresolved: str | None = None
    candidates: tuple[Resource, ...] = ()
    fix: str = ""  # what makes it known, when it is not


def velero_server_flags(index: KubernetesIndex, namespace: str) -> dict[str, str]:
    """The flags of the Velero server Deployment in `namespace`, when the manifests hold exactly
    one (a container running `velero server`); empty otherwise."""
    found: list[dict[str, str]] = []
    for resource in index.by_namespace.get(namespace, []):
        if resource.kind != "Deployment":
            continue
        spec = _dict(_dict(_dict(resource.get(("spec", "template"))).get("spec")))
        for container in _list(spec.get("containers")):
            container = _dict(container)
            image = container.get("image")
            words = [w for w in _list(container.get("command")) + _list(container.get("args")) if isinstance(w, str)]
            name = image.rsplit("/", 1)[-1].split("@", 1)[0].split(":", 1)[0] if isinstance(image, str) else ""
            if name != "velero" or "server" not in words:
                continue
            flags: dict[str, str] = {}
            for position, word in enumerate(words):
                if not word.startswith("--"):
                    continue
                if "=" in word:
                    key, value = word.split("=", 1)
                    flags[key] = value
                elif position + 1 < len(words) and not words[position + 1].startswith("--"):
                    flags[word] = words[position + 1]
            found.append(flags)
    return found[0] if len(found) == 1 else {}


def _names(resources: list[Resource]) -> str:
    return ", ".join(r.address.rsplit("/", 1)[-1] for r in resources)


def velero_destinations(resource: Resource, scope: VeleroScope, index: KubernetesIndex) -> list[Destination]:
    """The BackupStorageLocation and VolumeSnapshotLocations a Velero Schedule or Backup writes
    to, each found in the manifests or said to be unknown, never guessed."""
    namespace = namespace_of(resource) or "velero"
    storage = index.velero_locations.get(("BackupStorageLocation", namespace), [])
    snapshots = index.velero_locations.get(("VolumeSnapshotLocation", namespace), [])
    flags = velero_server_flags(index, namespace)
    spec = ".".join(scope.spec_path)
    found = [_storage_destination(scope, spec, namespace, storage, flags)]
    if scope.snapshot_volumes:
        found += _snapshot_destinations(scope, spec, namespace, snapshots, flags)
    return found


def _by_name(locations: list[Resource], name: str) -> Resource | None:
    return next((r for r in locations if r.address.rsplit("/", 1)[-1] == name), None)


def _storage_destination(
    scope: VeleroScope, spec: str, namespace: str, locations: list[Resource], flags: dict[str, str]
) -> Destination:
    path = ("storageLocation",)
    if scope.storage_location is not None:
        name = scope.storage_location
        target = _by_name(locations, name)
        if target is not None:
            return Destination(path, f"storageLocation {name}", target)
        return Destination(
            path,
            f"storageLocation {name}",
            unresolved=f"its BackupStorageLocation {name} is not among the scanned manifests (namespace {namespace})",
            fix=f"scan the manifests that define {name} with these, so its region can be checked",
        )
    marked = [r for r in locations if r.get(("spec", "default")) is True]
    if len(marked) == 1:
        name = marked[0].address.rsplit("/", 1)[-1]
        return Destination(path, f"no storageLocation: {name}, the location marked default: true", marked[0])
    if len(marked) > 1:
        return Destination(
            path,
            "no storageLocation",
            unresolved=(
                f"it names no storageLocation, and several BackupStorageLocations are marked default: true "
                f"({_names(marked)}); Velero takes whichever it lists first"
            ),
            candidates=tuple(marked),
            fix=f"mark a single BackupStorageLocation default: true, or set {spec}.storageLocation",
        )
    flag = flags.get(DEFAULT_BACKUP_LOCATION_FLAG)
    name = flag or "default"
    target = _by_name(locations, name)
    if flag:
        where = f"the server's {DEFAULT_BACKUP_LOCATION_FLAG}"
    else:
        where = f"the server's default location unless its {DEFAULT_BACKUP_LOCATION_FLAG} names another"
    if target is not None:
        return Destination(path, f"no storageLocation: {name}, {where}", target)
    others = f" (it has {_names(locations)})" if locations else ""
    return Destination(
        path,
        "no storageLocation",
        unresolved=(
            f"it names no storageLocation, no BackupStorageLocation in namespace {namespace} is marked "
            f"default: true, and none is named {name!r} ({where}) among the scanned manifests{others}"
        ),
        candidates=tuple(locations),
        fix=(
            f"set {spec}.storageLocation, mark the location to use default: true, or scan the manifests that "
            "define it with these"
        ),
    )


def _plugin(location: Resource) -> str:
    plugin = location.get(("spec", "provider"))
    plugin = plugin if isinstance(plugin, str) else ""
    return plugin.removeprefix("velero.io/")  # "aws" and "velero.io/aws" are the same plugin


def _snapshot_destinations(
    scope: VeleroScope, spec: str, namespace: str, locations: list[Resource], flags: dict[str, str]
) -> list[Destination]:
    found: list[Destination] = []
    named: set[str] = set()
    for position, name in enumerate(scope.snapshot_locations):
        path = ("volumeSnapshotLocations", position)
        target = _by_name(locations, name)
        if target is None:
            why = f"its VolumeSnapshotLocation {name} is not among the scanned manifests (namespace {namespace})"
            fix = f"scan the manifests that define {name} with these, so its region can be checked"
            found.append(Destination(path, f"volumeSnapshotLocations {name}", unresolved=why, fix=fix))
        else:
            named.add(_plugin(target))
            found.append(Destination(path, f"volumeSnapshotLocations {name}", target))
    defaults: dict[str, str] = {}
    for item in flags.get(DEFAULT_SNAPSHOT_LOCATIONS_FLAG, "").split(","):
        plugin, _colon, name = item.strip().partition(":")
        if name:
            defaults[plugin.removeprefix("velero.io/")] = name
    by_plugin: dict[str, list[Resource]] = defaultdict(list)
    for location in locations:
        by_plugin[_plugin(location)].append(location)
    path = ("volumeSnapshotLocations",)
    for plugin, candidates in sorted(by_plugin.items()):
        if plugin in named:
            continue
        if len(candidates) == 1:
            name = candidates[0].address.rsplit("/", 1)[-1]
            how = f"no volumeSnapshotLocations for the {plugin} plugin: {name}, its only location"
            found.append(Destination(path, how, candidates[0]))
            continue
        default = _by_name(candidates, defaults.get(plugin, ""))
        if default is not None:
            how = f"no volumeSnapshotLocations for the {plugin} plugin: {defaults[plugin]}, the server's default"
            found.append(Destination(path, how, default))
            continue
        why = (
            f"it names no VolumeSnapshotLocation for the {plugin} plugin, which has several ({_names(candidates)}), "
            f"and the manifests show no server {DEFAULT_SNAPSHOT_LOCATIONS_FLAG} choosing one"
        )
        fix = (
            f"name the one to use in {spec}.volumeSnapshotLocations, or set the server's "
            f"{DEFAULT_SNAPSHOT_LOCATIONS_FLAG} (in a Deployment scanned with these)"
        )
        how = f"no volumeSnapshotLocations for the {plugin} plugin"
        found.append(Destination(path, how, None, why, tuple(candidates), fix))
    return found
