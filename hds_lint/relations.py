"""Scope that follows the data: copies, replicas, backups, volumes and namespaces.

Teams tag the database, not its replica, snapshot, backup vault or the bucket it replicates
to; they label the Kubernetes namespace, not every pod and volume. HDS applies to every copy.
Relations are edges "the data of A also lands in B"; a resource in scope puts every resource
downstream of it in scope, and each carries the chain of reasons back to the label.
Terraform relations are data (`rules/packs/relations.yaml`); Kubernetes ones follow the API.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import yaml

from hds_lint.catalog import rules_dir
from hds_lint.errors import UsageError
from hds_lint.kubernetes.loader import CLUSTER_SCOPED
from hds_lint.model import Classification, Origin, Resource
from hds_lint.scope import POD_TEMPLATE_PATHS


@dataclass(frozen=True)
class Relation:
    type: str
    source: str  # attribute path, or "self"
    target: str
    copy: bool  # the target holds a copy of the source's data (its location is HDS011's)
    description: str


@dataclass(frozen=True)
class Pack:
    relations: tuple[Relation, ...]
    location_from: dict[str, tuple[str, ...]]  # resource type -> attributes naming its parent

    def for_type(self, resource_type: str) -> list[Relation]:
        return [r for r in self.relations if r.type == resource_type]


@cache
def default_pack() -> Pack:
    path = rules_dir() / "packs" / "relations.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UsageError(f"{path}: cannot read the relations pack: {exc}") from exc
    relations = []
    for index, entry in enumerate(data.get("relations", [])):
        if not isinstance(entry, dict) or set(entry) != {"type", "source", "target", "copy", "description"}:
            raise UsageError(f"{path}: relations[{index}]: expected type, source, target, copy and description")
        if not isinstance(entry["copy"], bool):
            raise UsageError(f"{path}: relations[{index}].copy: expected true or false")
        relations.append(Relation(entry["type"], entry["source"], entry["target"], entry["copy"], entry["description"]))
    location_from: dict[str, tuple[str, ...]] = defaultdict(tuple)
    for index, entry in enumerate(data.get("location_from", [])):
        if not isinstance(entry, dict) or set(entry) != {"type", "attribute"}:
            raise UsageError(f"{path}: location_from[{index}]: expected type and attribute")
        location_from[entry["type"]] += (entry["attribute"],)
    return Pack(tuple(relations), dict(location_from))


@dataclass(frozen=True)
class Edge:
    """The data of `source` also lands in `target`, as `origin` (a line of the config) says."""

    source: Resource
    target: Resource
    origin: Origin


def _base(address: str) -> str:
    return re.sub(r"\[[^\]]*\]$", "", address)


class Index:
    """Resources by the names other resources use for them."""

    def __init__(self, resources: list[Resource]) -> None:
        self.terraform: dict[tuple[str, str], list[Resource]] = defaultdict(list)
        self.kubernetes: dict[str, Resource] = {}
        for resource in resources:
            if resource.source == "terraform":
                self.terraform[(resource.root, _base(resource.address))].append(resource)
            else:
                self.kubernetes[resource.address] = resource

    def referenced(self, resource: Resource, attribute: str) -> list[Resource]:
        if attribute == "self":
            return [resource]
        found: list[Resource] = []
        for address in resource.references.get(attribute, ()):
            found.extend(self.terraform.get((resource.root, address), []))
        return found


def _terraform_edges(resource: Resource, index: Index, pack: Pack) -> Iterator[Edge]:
    for relation in pack.for_type(resource.kind):
        sources = index.referenced(resource, relation.source)
        targets = index.referenced(resource, relation.target)
        attribute = relation.source if relation.source != "self" else relation.target
        span = resource.span_at(tuple(attribute.split(".")[:1])) if attribute != "self" else resource.span.first_line
        for source in sources:
            for target in targets:
                if source is not target:
                    through = "" if resource in (source, target) else f" (through {resource.address})"
                    description = f"{relation.description} {source.address}{through}"
                    key = "copy" if relation.copy else "relation"
                    yield Edge(source, target, Origin(span, description, key, on_resource=target is resource))


# --- Kubernetes ------------------------------------------------------------------------------

VELERO_KINDS = ("Schedule", "Backup")


def _namespace(resource: Resource) -> str | None:
    metadata = resource.attributes.get("metadata")
    if resource.kind in CLUSTER_SCOPED or not isinstance(metadata, dict):
        return None
    namespace = metadata.get("namespace")
    return namespace if isinstance(namespace, str) else "default"


def _pod_spec(resource: Resource) -> tuple[tuple[str | int, ...], dict[str, Any]] | None:
    path = ("spec",) if resource.kind == "Pod" else (*POD_TEMPLATE_PATHS.get(resource.kind, ()), "spec")
    if resource.kind != "Pod" and resource.kind not in POD_TEMPLATE_PATHS:
        return None
    spec = resource.get(path)
    return (path, spec) if isinstance(spec, dict) else None


def _kubernetes_edges(resource: Resource, index: Index, resources: list[Resource]) -> Iterator[Edge]:
    namespace = _namespace(resource)
    kinds = index.kubernetes
    if namespace is not None and resource.kind != "Namespace":
        parent = kinds.get(f"Namespace/{namespace}")
        if parent is not None:
            yield Edge(
                parent,
                resource,
                Origin(parent.span_at(("metadata", "labels")), f"in namespace {namespace}", "namespace"),
            )
    pod = _pod_spec(resource)
    if pod is not None:
        path, spec = pod
        for position, volume in enumerate(spec.get("volumes") or []):
            claim = volume.get("persistentVolumeClaim") if isinstance(volume, dict) else None
            name = claim.get("claimName") if isinstance(claim, dict) else None
            target = kinds.get(f"PersistentVolumeClaim/{namespace}/{name}") if isinstance(name, str) else None
            if target is not None:
                span = resource.span_at((*path, "volumes", position))
                yield Edge(resource, target, Origin(span, f"mounted by {resource.address}", "volume"))
        for position, template in enumerate(resource.get(("spec", "volumeClaimTemplates")) or []):
            storage_class = template.get("spec", {}).get("storageClassName") if isinstance(template, dict) else None
            target = kinds.get(f"StorageClass/{storage_class}") if isinstance(storage_class, str) else None
            if target is not None:
                span = resource.span_at(("spec", "volumeClaimTemplates", position))
                yield Edge(
                    resource, target, Origin(span, f"storage class of {resource.address}'s volumes", "storageclass")
                )
    if resource.kind == "PersistentVolumeClaim":
        storage_class = resource.get(("spec", "storageClassName"))
        target = kinds.get(f"StorageClass/{storage_class}") if isinstance(storage_class, str) else None
        if target is not None:
            span = resource.span_at(("spec", "storageClassName"))
            yield Edge(resource, target, Origin(span, f"storage class of {resource.address}", "storageclass"))
        volume = resource.get(("spec", "volumeName"))
        target = kinds.get(f"PersistentVolume/{volume}") if isinstance(volume, str) else None
        if target is not None:
            yield Edge(
                resource,
                target,
                Origin(resource.span_at(("spec", "volumeName")), f"volume of {resource.address}", "volume"),
            )
    if resource.kind in VELERO_KINDS:
        yield from _velero_edges(resource, index, resources)


def _velero_edges(resource: Resource, index: Index, resources: list[Resource]) -> Iterator[Edge]:
    """A Velero backup covers the objects of the namespaces it includes; its copies go to
    its BackupStorageLocation and VolumeSnapshotLocations."""
    spec_path = ("spec", "template") if resource.kind == "Schedule" else ("spec",)
    spec = resource.get(spec_path)
    if not isinstance(spec, dict):
        return
    included = spec.get("includedNamespaces") or ["*"]
    excluded = set(spec.get("excludedNamespaces") or [])
    span = resource.span_at((*spec_path, "includedNamespaces"))
    for other in resources:
        namespace = _namespace(other)
        if other.source != "kubernetes" or namespace is None or namespace in excluded:
            continue
        if "*" in included or namespace in included:
            yield Edge(other, resource, Origin(span, f"backs up namespace {namespace}", "velero", on_resource=True))
    for namespace_object in resources:  # a labelled namespace whose workloads are deployed elsewhere
        if namespace_object.kind == "Namespace":
            name = namespace_object.address.split("/", 1)[1]
            if name not in excluded and ("*" in included or name in included):
                origin = Origin(span, f"backs up namespace {name}", "velero", on_resource=True)
                yield Edge(namespace_object, resource, origin)
    velero_namespace = _namespace(resource) or "velero"
    location = spec.get("storageLocation") or "default"
    targets = [(f"BackupStorageLocation/{velero_namespace}/{location}", ("storageLocation",))]
    for position, name in enumerate(spec.get("volumeSnapshotLocations") or []):
        targets.append((f"VolumeSnapshotLocation/{velero_namespace}/{name}", ("volumeSnapshotLocations", position)))
    for address, path in targets:
        target = index.kubernetes.get(address)
        if target is not None:
            origin = Origin(resource.span_at((*spec_path, *path)), f"backup destination of {resource.address}", "copy")
            yield Edge(resource, target, origin)


def _resource_group_edges(resource: Resource, index: Index) -> Iterator[Edge]:
    """Azure does not pass a resource group's tags to its resources; an organisation whose
    policy does (config classification.inherit_resource_group_tags) gets it here."""
    for group in index.referenced(resource, "resource_group_name"):
        if group.kind == "azurerm_resource_group":
            origin = Origin(
                resource.span_at(("resource_group_name",)), f"in resource group {group.address}", "group", True
            )
            yield Edge(group, resource, origin)


def edges(resources: list[Resource], pack: Pack | None = None, resource_group_tags: bool = False) -> list[Edge]:
    pack = pack or default_pack()
    index = Index(resources)
    found: list[Edge] = []
    for resource in resources:
        if resource.source == "terraform":
            found.extend(_terraform_edges(resource, index, pack))
            if resource_group_tags:
                found.extend(_resource_group_edges(resource, index))
        else:
            found.extend(_kubernetes_edges(resource, index, resources))
    return found


def propagate(
    resources: list[Resource], classifications: list[Classification], found: Iterable[Edge], blocked: set[int]
) -> list[Classification]:
    """Classifications after following every edge from what is in scope (breadth first, so
    each resource keeps its shortest chain). `blocked` resources (excluded by configuration)
    are never put in scope."""
    position = {id(r): i for i, r in enumerate(resources)}
    outgoing: dict[int, list[Edge]] = defaultdict(list)
    for edge in found:
        outgoing[id(edge.source)].append(edge)
    result = list(classifications)
    queue = deque(r for r, c in zip(resources, result, strict=True) if c.state == "in")
    while queue:
        source = queue.popleft()
        here = result[position[id(source)]]
        for edge in outgoing.get(id(source), []):
            target_index = position.get(id(edge.target))
            if target_index is None or id(edge.target) in blocked:
                continue
            target = result[target_index]
            chain = tuple(o for o in (here.reason, *here.chain) if o is not None)
            is_copy = edge.origin.key == "copy"
            if target.state == "in":
                if is_copy and target.copy_of is None:  # tagged like its source, still a copy of it
                    result[target_index] = replace(target, copy_of=edge.origin, chain=(*target.chain, *chain))
                continue
            result[target_index] = Classification("in", edge.origin, chain, edge.origin if is_copy else None)
            queue.append(edge.target)
    return result


def parent_for_location(resource: Resource, index: Index, pack: Pack) -> Resource | None:
    """The resource whose location a child without its own takes (an Azure SQL database, its
    server)."""
    for attribute in pack.location_from.get(resource.kind, ()):
        for parent in index.referenced(resource, attribute):
            return parent
    return None
