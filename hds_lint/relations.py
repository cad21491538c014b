"""Scope that follows the data: copies, replicas, backups, volumes and namespaces.

Teams tag the database, not its replica, snapshot, backup vault or the bucket it replicates
to; they label the Kubernetes namespace, not every pod and volume. HDS applies to every copy.
Relations are edges "the data of A also lands in B"; a resource in scope puts every resource
downstream of it in scope, and each carries the chain of reasons back to the label.
Terraform relations are data (`rules/packs/relations.yaml`); Kubernetes ones follow the API
(`kubernetes/relations.py`).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache

import yaml

from hds_lint import yamlnodes
from hds_lint.backup_selection import UNDETERMINED, Candidate, Criteria, Selected, aws_tags, selectable_arns
from hds_lint.catalog import rules_dir
from hds_lint.errors import UsageError
from hds_lint.kubernetes.relations import KubernetesIndex, flows
from hds_lint.model import Classification, Origin, Resource, base_address


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
        data = yamlnodes.load(path.read_text(encoding="utf-8"))
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


# The key of an edge that may or may not exist (an AWS Backup selection whose criteria cannot
# be evaluated): what it reaches is "unknown", reported as HDS004 when that would matter.
MAYBE = "maybe"


class Index:
    """Resources by the names other resources use for them."""

    def __init__(self, resources: list[Resource]) -> None:
        self.resources = resources
        self.terraform: dict[tuple[str, str], list[Resource]] = defaultdict(list)
        self.kubernetes: dict[str, Resource] = {}
        self.by_root: dict[str, list[Resource]] = defaultdict(list)  # Terraform resources of each root module
        for resource in resources:
            if resource.source == "terraform":
                self.terraform[(resource.root, base_address(resource.address))].append(resource)
                self.by_root[resource.root].append(resource)
            else:
                self.kubernetes[resource.address] = resource
        self._selected: list[tuple[Resource, Resource, Selected]] | None = None

    def selected(self) -> list[tuple[Resource, Resource, Selected]]:
        """(selection, resource, how) for each aws_backup_selection and each resource of its root
        that it selects, or may select, by ARN pattern or tags. Resources its `resources` list
        names are the pack's relations already."""
        if self._selected is None:
            arns = selectable_arns()
            selections = [r for r in self.resources if r.source == "terraform" and r.kind == "aws_backup_selection"]
            candidates: dict[str, list[Candidate]] = defaultdict(list)  # by root: a selection stays in its own
            for root in {selection.root for selection in selections}:
                candidates[root] = [Candidate.of(r, arns[r.kind]) for r in self.by_root[root] if r.kind in arns]
            self._selected = []
            for selection in selections:
                named = selection.references.get("resources", ())
                excluded = selection.references.get("not_resources", ())
                criteria = Criteria.of(selection)
                region = _aws_region(selection)
                for candidate in candidates[selection.root]:
                    resource = candidate.resource
                    base = base_address(resource.address)
                    if base in named:
                        continue
                    elsewhere = _aws_region(resource)
                    if region and elsewhere and elsewhere != region:
                        continue  # a backup plan backs up its own region; other regions get copies
                    # references name resources, not instances: `t["staging"]` excludes one of t's
                    instance_of = base in excluded and base != resource.address
                    found = criteria.selects(candidate, (False, None if instance_of else base in excluded))
                    if found.state is not False:
                        self._selected.append((selection, resource, found))
        return self._selected

    def referrers(self) -> dict[tuple[str, str], list[tuple[Resource, str]]]:
        """For each (root, address): the resources that refer to it, and through which attribute.
        An AWS DLM policy also refers, by its target_tags, to the volumes and instances they match;
        an AWS Backup selection, as `resources`, to what its patterns and tags select (as
        `?resources` when that cannot be told)."""
        found: dict[tuple[str, str], list[tuple[Resource, str]]] = defaultdict(list)
        for resource in self.resources:
            for attribute, addresses in resource.references.items():
                for address in addresses:
                    found[(resource.root, address)].append((resource, attribute))
            for target in self.tag_targets(resource):
                found[(target.root, base_address(target.address))].append((resource, "policy_details.target_tags"))
        for selection, resource, how in self.selected():
            attribute = "resources" if how.state else UNDETERMINED + "resources"
            found[(resource.root, base_address(resource.address))].append((selection, attribute))
        return found

    def tag_targets(self, resource: Resource) -> list[Resource]:
        """What a DLM lifecycle policy selects: volumes or instances carrying all its target_tags."""
        if resource.kind != "aws_dlm_lifecycle_policy":
            return []
        wanted = next((v for v, _p in resource.values("policy_details.target_tags") if isinstance(v, dict)), None)
        if not wanted:
            return []
        found = []
        for r in self.by_root[resource.root]:
            if r.kind not in ("aws_ebs_volume", "aws_instance"):
                continue
            tags = aws_tags(r)  # the provider's default_tags too, as AWS sees them
            if isinstance(tags, dict) and all(tags.get(k) == v for k, v in wanted.items()):
                found.append(r)
        return found

    def referenced(self, resource: Resource, attribute: str) -> list[Resource]:
        if attribute == "self":
            return [resource]
        found: list[Resource] = []
        for address in resource.references.get(attribute, ()):
            found.extend(self.terraform.get((resource.root, address), []))
        return found


def _aws_region(resource: Resource) -> str | None:
    """The region an AWS resource lives in, when written: its own `region` (provider 6.x), else
    its provider configuration's."""
    own = resource.attributes.get("region")
    if isinstance(own, str):
        return own
    configured = resource.provider.config.get("region") if resource.provider is not None else None
    return configured if isinstance(configured, str) else None


def _terraform_edges(resource: Resource, index: Index, pack: Pack) -> Iterator[Edge]:
    for relation in pack.for_type(resource.kind):
        sources = index.referenced(resource, relation.source)
        targets = index.referenced(resource, relation.target)
        # Point at the setting that sends the data there: the target's attribute, else the source's.
        attribute = relation.target if relation.target != "self" else relation.source
        paths = [path for _value, path in resource.values(attribute)] if attribute != "self" else []
        span = resource.span_at(paths[0]) if paths else resource.span.first_line
        for source in sources:
            for target in targets:
                if source is not target:
                    through = "" if resource in (source, target) else f" (through {resource.address})"
                    description = f"{relation.description} {source.address}{through}"
                    key = "copy" if relation.copy else "relation"
                    yield Edge(source, target, Origin(span, description, key, on_resource=target is resource))


def _selection_edges(index: Index) -> Iterator[Edge]:
    """An AWS Backup selection puts in scope itself and its plan (then, by the pack, the plan's
    vaults and copy destinations) for every resource it selects by ARN pattern or tags; a
    selection whose criteria cannot be evaluated may: MAYBE edges."""
    for selection, resource, how in index.selected():
        key = "relation" if how.state else MAYBE
        span = selection.span_at(how.path) if how.path else selection.span.first_line
        if how.state:
            how_text = f"selects {resource.address} ({how.why})"
        else:
            how_text = f"may select {resource.address}: {how.why}"
        origin = Origin(span, f"backup selection that {how_text}", key, on_resource=True)
        yield Edge(resource, selection, origin)
        for plan in index.referenced(selection, "plan_id"):
            yield Edge(resource, plan, Origin(span, f"backup plan of {selection.address}, which {how_text}", key))


def _resource_group_edges(resource: Resource, index: Index) -> Iterator[Edge]:
    """Azure does not pass a resource group's tags to its resources; an organisation whose
    policy does (config classification.inherit_resource_group_tags) gets it here."""
    for group in index.referenced(resource, "resource_group_name"):
        if group.kind == "azurerm_resource_group":
            origin = Origin(
                resource.span_at(("resource_group_name",)), f"in resource group {group.address}", "group", True
            )
            yield Edge(group, resource, origin)


def edges(index: Index, pack: Pack, resource_group_tags: bool = False) -> list[Edge]:
    """Every flow of data between the resources of one scan."""
    found: list[Edge] = []
    kubernetes = KubernetesIndex(index.resources)
    for resource in index.resources:
        if resource.source == "terraform":
            found.extend(_terraform_edges(resource, index, pack))
            for target in index.tag_targets(resource):  # a DLM policy snapshots what its tags select
                span = resource.span_at(("policy_details",))
                origin = Origin(span, f"snapshot policy selecting {target.address} by its tags", "relation", True)
                found.append(Edge(target, resource, origin))
            if resource_group_tags:
                found.extend(_resource_group_edges(resource, index))
        else:
            found.extend(Edge(f.source, f.target, f.origin) for f in flows(resource, kubernetes))
    found.extend(_selection_edges(index))
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
            if target_index is None or id(edge.target) in blocked or edge.origin.key == MAYBE:
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
    return _propagate_maybe(result, position, outgoing, blocked)


def _propagate_maybe(
    result: list[Classification], position: dict[int, int], outgoing: dict[int, list[Edge]], blocked: set[int]
) -> list[Classification]:
    """From what is in scope along MAYBE edges, then along every edge: what is still out of
    scope becomes "unknown" (checked as if it held health data, reported as HDS004 only where
    a rule would then fail), with the edge that may exist as its reason."""
    pending = deque(
        (edge, result[i])
        for id_source, edges_out in outgoing.items()
        if (i := position.get(id_source)) is not None and result[i].state == "in"
        for edge in edges_out
        if edge.origin.key == MAYBE
    )
    while pending:
        edge, here = pending.popleft()
        target_index = position.get(id(edge.target))
        if target_index is None or id(edge.target) in blocked or result[target_index].state != "out":
            continue
        chain = tuple(o for o in (here.reason, *here.chain) if o is not None)
        copy_of = edge.origin if edge.origin.key == "copy" else None
        result[target_index] = Classification("unknown", edge.origin, chain, copy_of)
        pending.extend((after, result[target_index]) for after in outgoing.get(id(edge.target), []))
    return result


def parent_for_location(resource: Resource, index: Index, pack: Pack) -> Resource | None:
    """The resource whose location a child without its own takes (an Azure SQL database, its
    server)."""
    for attribute in pack.location_from.get(resource.kind, ()):
        for parent in index.referenced(resource, attribute):
            return parent
    return None
