"""Which resources hold health data, read from their own tags and labels, with the reason."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hds_lint.model import AttrPath, Classification, Origin, Resource, Span, Unknown

# Where Terraform providers keep tags/labels: aws and azurerm `tags`, google `labels`,
# `user_labels` (Cloud SQL) and `resource_labels` (GKE), hcloud `labels`, scaleway and
# digitalocean `tags` as lists of "key=value" strings, outscale repeated `tags {}` blocks.
TERRAFORM_LABEL_ATTRIBUTES: tuple[AttrPath, ...] = (
    ("tags",),
    ("labels",),
    ("user_labels",),
    ("resource_labels",),
    ("settings", 0, "user_labels"),
)

POD_TEMPLATE_PATHS: dict[str, AttrPath] = {
    "Deployment": ("spec", "template"),
    "StatefulSet": ("spec", "template"),
    "DaemonSet": ("spec", "template"),
    "ReplicaSet": ("spec", "template"),
    "ReplicationController": ("spec", "template"),
    "Job": ("spec", "template"),
    "CronJob": ("spec", "jobTemplate", "spec", "template"),
}


@dataclass(frozen=True)
class ClassificationRules:
    """Label keys and the values that mark health data; keys and values ignore case."""

    keys: dict[str, frozenset[str]]

    def matches(self, key: str, value: Any) -> bool:
        wanted = self.keys.get(key.strip().lower())
        return wanted is not None and isinstance(value, str | bool) and str(value).strip().lower() in wanted


DEFAULT_RULES = ClassificationRules(
    keys={
        "data-classification": frozenset({"health"}),
        "data_classification": frozenset({"health"}),
        "dataclassification": frozenset({"health"}),
        "hds": frozenset({"true"}),
        "health-data": frozenset({"true"}),
    }
)


def _pairs(value: Any) -> Iterator[tuple[Any, Any, AttrPath]]:
    """(key, value, sub-path) of a tag collection in any of the shapes providers use."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item, (key,)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                for separator in ("=", ":"):
                    if separator in item:
                        key, _, text = item.partition(separator)
                        yield key, text, (index,)
                        break
            elif isinstance(item, dict) and "key" in item:
                yield item.get("key"), item.get("value"), (index,)
            elif isinstance(item, Unknown):
                yield item, item, (index,)


def _label_sources(resource: Resource) -> list[AttrPath]:
    if resource.source == "terraform":
        return list(TERRAFORM_LABEL_ATTRIBUTES)
    paths: list[AttrPath] = [("metadata", "labels")]
    template = POD_TEMPLATE_PATHS.get(resource.kind)
    if template:
        paths.append((*template, "metadata", "labels"))
    return paths


def _span(resource: Resource, path: AttrPath) -> Span:
    return resource.attribute_span(path) or resource.span.first_line


def classify(resource: Resource, rules: ClassificationRules = DEFAULT_RULES) -> Classification:
    unknown: Origin | None = None
    for path in _label_sources(resource):
        collection = resource.get(path)
        if collection is None:
            continue
        name = ".".join(str(p) for p in path if not isinstance(p, int))
        if isinstance(collection, Unknown):
            unknown = unknown or Origin(
                _span(resource, path),
                f"{name} = {collection.text} (not known statically)",
                name,
                True,
            )
            continue
        for key, value, sub in _pairs(collection):
            if isinstance(key, Unknown) or isinstance(value, Unknown):
                if isinstance(key, Unknown) or key.strip().lower() in rules.keys:
                    text = key.text if isinstance(key, Unknown) else f"{key} = {value}"
                    unknown = unknown or Origin(
                        _span(resource, (*path, *sub)),
                        f"{name}: {text} (not known statically)",
                        name,
                        True,
                    )
                continue
            if isinstance(key, str) and rules.matches(key, value):
                where = "label" if resource.source == "kubernetes" or "label" in name else "tag"
                return Classification(
                    "in",
                    Origin(_span(resource, (*path, *sub)), f"{where} {key} = {value}", name, True),
                )
    if unknown is not None:
        return Classification("unknown", unknown)
    return Classification("out")
