"""Which resources hold health data, read from their own tags and labels, with the reason."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hds_lint.config import Config
from hds_lint.model import AttrPath, Classification, Origin, Resource, Span, Unknown, attr_name, is_unknown_key

# Where Terraform providers keep tags/labels: aws and azurerm `tags`, google `labels`,
# `user_labels` (Cloud SQL settings) and `resource_labels` (GKE), hcloud `labels`, oci
# `freeform_tags`, scaleway and digitalocean `tags` as lists of "key=value" strings, outscale
# repeated `tags {}` blocks.
TERRAFORM_LABEL_ATTRIBUTES = (
    "tags",
    "tags_all",  # in plans: the resource's tags merged with the provider's default_tags
    "labels",
    "effective_labels",  # in plans: google labels merged with default_labels
    "user_labels",
    "resource_labels",
    "settings.user_labels",
    "freeform_tags",
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
    """Label keys and the values that mark health data (keys and values ignore case), and the
    resources a configuration puts in or out of scope by address glob."""

    keys: dict[str, frozenset[str]]
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    source: str = ""  # the configuration file that set include/exclude

    def matches(self, key: str, value: Any) -> bool:
        wanted = self.keys.get(key.strip().lower())
        return wanted is not None and isinstance(value, str | bool) and str(value).strip().lower() in wanted


DEFAULT_KEYS = {
    "data-classification": frozenset({"health"}),
    "data_classification": frozenset({"health"}),
    "dataclassification": frozenset({"health"}),
    "hds": frozenset({"true"}),
    "health-data": frozenset({"true"}),
}
DEFAULT_RULES = ClassificationRules(keys=DEFAULT_KEYS)


def rules_from(config: Config) -> ClassificationRules:
    """The defaults plus the configuration's extra keys and values, and its include/exclude."""
    keys = dict(DEFAULT_KEYS)
    for key, values in config.classification_keys.items():
        keys[key] = keys.get(key, frozenset()) | frozenset(values)
    return ClassificationRules(keys, config.include, config.exclude, config.path or "")


def _pairs(value: Any) -> Iterator[tuple[Any, Any, AttrPath]]:
    """(key, value, sub-path) of a tag collection in any of the shapes providers use."""
    if isinstance(value, dict) and set(value) == {"key", "value"}:
        value = [value]  # one outscale `tags {}` block, as .tf.json writes it
    if isinstance(value, dict):
        for key, item in value.items():
            yield (Unknown(key[1:-1]) if is_unknown_key(key) else key), item, (key,)
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


def _label_sources(resource: Resource) -> Iterator[tuple[Any, AttrPath]]:
    if resource.source == "terraform":
        for dotted in TERRAFORM_LABEL_ATTRIBUTES:
            yield from resource.values(dotted)
        return
    paths: list[AttrPath] = [("metadata", "labels")]
    template = POD_TEMPLATE_PATHS.get(resource.kind)
    if template:
        paths.append((*template, "metadata", "labels"))
    for path in paths:
        yield resource.get(path), path


def _text(value: Any) -> str:
    return str(value).strip()


def excluded(resource: Resource, rules: ClassificationRules) -> bool:
    """Put out of scope by the configuration: neither tags nor relations bring it back."""
    return _listed(resource, rules.exclude)


def _listed(resource: Resource, globs: tuple[str, ...]) -> bool:
    bare = re.sub(r"\[[^\]]*\]", "", resource.address)  # instances match their resource's glob
    return any(fnmatch.fnmatchcase(a, g) for g in globs for a in (resource.address, bare))


def classify(resource: Resource, rules: ClassificationRules = DEFAULT_RULES) -> Classification:
    """In scope from the resource's own tags or labels; "unknown" when they cannot be read.
    A configuration's exclude wins over everything, its include over the tags."""
    if _listed(resource, rules.exclude):
        return Classification("out")
    if _listed(resource, rules.include):
        where = Span(rules.source, 1, 1) if rules.source else resource.span.first_line
        return Classification("in", Origin(where, "listed in classification.include of the configuration", "include"))
    unknown: Origin | None = None
    for collection, path in _label_sources(resource):
        if collection is None:
            continue
        name = attr_name(path)
        if isinstance(collection, Unknown):
            unknown = unknown or Origin(
                resource.span_at(path),
                f"{name} = {collection.text} (not known statically)",
                name,
                on_resource=True,
            )
            continue
        for key, value, sub in _pairs(collection):
            if isinstance(key, Unknown) or isinstance(value, Unknown):
                if isinstance(key, Unknown) or (isinstance(key, str) and _text(key).lower() in rules.keys):
                    text = key.text if isinstance(key, Unknown) else f"{key} = {value}"
                    unknown = unknown or Origin(
                        resource.span_at((*path, *sub)),
                        f"{name}: {text} (not known statically)",
                        name,
                        on_resource=True,
                    )
                continue
            if isinstance(key, str) and rules.matches(key, value):
                where = "label" if resource.source == "kubernetes" or "label" in name else "tag"
                return Classification(
                    "in",
                    Origin(
                        resource.span_at((*path, *sub)),
                        f"{where} {_text(key)} = {_text(value)}",
                        name,
                        on_resource=True,
                    ),
                )
    inherited = _provider_default(resource, rules)
    if inherited is not None:
        return Classification("in", inherited)
    if unknown is not None:
        return Classification("unknown", unknown)
    return Classification("out")


# Provider-level tags every resource of the provider receives, and the resource attribute they
# merge into: AWS `default_tags { tags = {...} }`, Google `default_labels = {...}`.
PROVIDER_DEFAULTS = (("default_tags.tags", "tags"), ("default_labels", "labels"))


def _provider_default(resource: Resource, rules: ClassificationRules) -> Origin | None:
    """A health tag from the provider configuration, unless the resource overrides that key."""
    binding = resource.provider
    if binding is None or not binding.config:
        return None
    holder = Resource("terraform", "provider", binding.display, binding.span or resource.span, binding.config)
    for dotted, own_attribute in PROVIDER_DEFAULTS:
        own = resource.get((own_attribute,))
        own_keys = {k.strip().lower() for k in own} if isinstance(own, dict) else set()
        for collection, _path in holder.values(dotted):
            for key, value, _sub in _pairs(collection):
                if isinstance(key, str) and rules.matches(key, value) and key.strip().lower() not in own_keys:
                    span = binding.config_spans.get(dotted.split(".")[0]) or binding.span or resource.span
                    where = f'provider "{binding.display}" {dotted.split(".")[0]}'
                    return Origin(span, f"tag {_text(key)} = {_text(value)} from the {where}", dotted)
    return None
