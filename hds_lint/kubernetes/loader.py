"""Kubernetes manifests (multi-document YAML, JSON, `List` kinds) into Resources with line spans."""

from __future__ import annotations

import json
from typing import Any

import yaml

from hds_lint.discover import DiscoveredFile
from hds_lint.model import AttrPath, LoadProblem, Resource, Span
from hds_lint.terraform.loader import read_text
from hds_lint.yamlnodes import YamlSyntaxError, compose_documents, node_span, to_value

CLUSTER_SCOPED = frozenset(
    {
        "APIService",
        "CSIDriver",
        "ClusterRole",
        "ClusterRoleBinding",
        "CustomResourceDefinition",
        "IngressClass",
        "MutatingWebhookConfiguration",
        "Namespace",
        "Node",
        "PersistentVolume",
        "PriorityClass",
        "RuntimeClass",
        "StorageClass",
        "ValidatingWebhookConfiguration",
        "VolumeSnapshotClass",
    }
)


def is_plan_json(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and "format_version" in value
        and ("planned_values" in value or "resource_changes" in value)
    )


def _address(kind: str, metadata: Any) -> str:
    metadata = metadata if isinstance(metadata, dict) else {}
    name = metadata.get("name") or metadata.get("generateName") or "<unnamed>"
    if kind in CLUSTER_SCOPED:
        return f"{kind}/{name}"
    return f"{kind}/{metadata.get('namespace') or 'default'}/{name}"


def _objects(value: Any, spans: dict[AttrPath, Span], whole: Span, prefix: AttrPath = ()) -> list[Resource]:
    if not isinstance(value, dict):
        return []
    kind, api_version = value.get("kind"), value.get("apiVersion")
    if not isinstance(kind, str) or not isinstance(api_version, str):
        return []  # not a Kubernetes object (values files, CI config, ...)
    if kind == "List" or (kind.endswith("List") and isinstance(value.get("items"), list)):
        objects = []
        for index, item in enumerate(value.get("items") or []):
            here = (*prefix, "items", index)
            objects.extend(_objects(item, spans, spans.get(here, whole), here))
        return objects
    local = {
        key[len(prefix) :]: s
        for key, s in spans.items()
        if key[: len(prefix)] == prefix and len(key) > len(prefix)
    }
    return [
        Resource(
            source="kubernetes",
            kind=kind,
            address=_address(kind, value.get("metadata")),
            span=whole,
            attributes=value,
            attribute_spans=local,
            api_version=api_version,
        )
    ]


def _load_text(path: str, text: str) -> list[Resource]:
    resources = []
    for document in compose_documents(text):
        spans: dict[AttrPath, Span] = {}
        value = to_value(document, path, spans)
        resources.extend(_objects(value, spans, node_span(document, path)))
    return resources


def load_kubernetes(
    files: list[DiscoveredFile],
) -> tuple[list[Resource], list[LoadProblem], list[LoadProblem]]:
    """Resources, problems (unreadable files) and notices (files seen but not used)."""
    resources: list[Resource] = []
    problems: list[LoadProblem] = []
    notices: list[LoadProblem] = []
    for file in files:
        try:
            text = read_text(file.path)
            if file.kind == "json":
                try:
                    parsed = json.loads(text)
                except json.JSONDecodeError as exc:
                    problems.append(LoadProblem(file.path, exc.lineno, f"invalid JSON: {exc.msg}"))
                    continue
                if is_plan_json(parsed):
                    notices.append(
                        LoadProblem(
                            file.path,
                            1,
                            "Terraform plan JSON is not read yet: scan the .tf sources instead",
                        )
                    )
                    continue
                if not isinstance(parsed, dict) or "kind" not in parsed:
                    continue  # package.json, tsconfig.json and friends
            resources.extend(_load_text(file.path, text))
        except YamlSyntaxError as exc:
            problems.append(LoadProblem(file.path, exc.line, exc.message))
        except UnicodeDecodeError as exc:
            problems.append(
                LoadProblem(file.path, 1, f"not UTF-8 text (byte {exc.start}): cannot read it as YAML")
            )
        except OSError as exc:
            problems.append(LoadProblem(file.path, 1, f"cannot read the file: {exc.strerror}"))
        except (yaml.YAMLError, RecursionError) as exc:
            problems.append(LoadProblem(file.path, 1, f"YAML error: {type(exc).__name__}"))
    return resources, problems, notices
