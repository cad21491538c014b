"""Kubernetes manifests (multi-document YAML, JSON, `List` kinds) into Resources with line spans."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from hds_lint.cache import cached
from hds_lint.discover import STDIN, DiscoveredFile
from hds_lint.errors import SourceSyntaxError
from hds_lint.model import AttrPath, LoadProblem, Resource, Span, Unknown, map_strings
from hds_lint.sources import READ_ERRORS, problem, read_text, time_limit
from hds_lint.yamlnodes import Walk, compose_documents, node_span, to_value

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
        key[len(prefix) :]: s for key, s in spans.items() if key[: len(prefix)] == prefix and len(key) > len(prefix)
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


def _templated(text: str) -> str | Unknown:
    """Helm/Go template placeholders (`{{ .Values.region }}`) are values not known statically."""
    return Unknown(text) if "{{" in text and "}}" in text else text


def _documents(path: str, text: str, notices: list[LoadProblem]) -> list[Resource]:
    resources = []
    for document in compose_documents(text):
        spans: dict[AttrPath, Span] = {}
        walk = Walk()
        value = map_strings(to_value(document, path, spans, walk=walk), _templated)
        for line, key in walk.duplicates:
            notices.append(
                LoadProblem(path, line, f"duplicate key {key!r}: YAML keeps the last value, the API server may not")
            )
        found = _objects(value, spans, node_span(document, path))
        if not found and isinstance(value, dict) and ("metadata" in value or "spec" in value):
            line = node_span(document, path).start_line
            notices.append(
                LoadProblem(path, line, "looks like a Kubernetes object but has no kind or apiVersion: not checked")
            )
        resources.extend(found)
    return resources


_DOCUMENT_START = re.compile(r"^---(?=\s|$)", re.MULTILINE)


HELM_HINT = (
    "; it holds Helm/Go template syntax ({{ }}), which is not YAML until rendered: scan the output of "
    "`helm template` (hds-lint scan - < rendered.yaml)"
)


def _load_text(path: str, text: str, notices: list[LoadProblem]) -> tuple[list[Resource], list[LoadProblem]]:
    """All objects of a file; a broken document costs only itself, not its neighbours."""
    try:
        return _documents(path, text, notices), []
    except SourceSyntaxError:
        pass
    resources: list[Resource] = []
    problems: list[LoadProblem] = []
    starts = [0] + [m.start() for m in _DOCUMENT_START.finditer(text) if m.start() > 0]
    for begin, end in zip(starts, [*starts[1:], len(text)], strict=True):
        # Blank lines in front keep every mark at its line in the whole file.
        chunk = "\n" * text.count("\n", 0, begin) + text[begin:end]
        try:
            resources.extend(_documents(path, chunk, notices))
        except SourceSyntaxError as exc:
            found = problem(path, text[:end], exc, "YAML")
            if "{{" in text[begin:end]:
                found = LoadProblem(found.path, found.line, found.message + HELM_HINT)
            problems.append(found)
    return resources, problems


def reads_json(text: str) -> bool:
    """Whether a `.json` file is a Kubernetes object for this loader: an object with a kind, or
    broken JSON that looks like one, raised as invalid JSON so that it is reported (package.json,
    a report, tsconfig.json with comments: not). The command line asks it too, to know which
    JSON files a scan reads."""
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        if '"apiVersion"' in text and '"kind"' in text:
            raise
        return False
    return isinstance(parsed, dict) and "kind" in parsed


def _is_loaded(value: Any) -> bool:
    if not (isinstance(value, tuple) and len(value) == 3 and all(isinstance(part, list) for part in value)):
        return False
    resources, problems, notices = value
    return all(isinstance(r, Resource) for r in resources) and all(
        isinstance(p, LoadProblem) for p in (*problems, *notices)
    )


def _load_file(path: str, text: str) -> tuple[list[Resource], list[LoadProblem], list[LoadProblem]]:
    """Objects, problems and notices of one file, from the parse cache when it has them."""

    def load() -> tuple[list[Resource], list[LoadProblem], list[LoadProblem]]:
        notices: list[LoadProblem] = []
        with time_limit():
            resources, problems = _load_text(path, text, notices)
        return resources, problems, notices

    return load() if path == STDIN else cached(path, text, _is_loaded, load)


def load_kubernetes(
    files: list[DiscoveredFile],
) -> tuple[list[Resource], list[LoadProblem], list[LoadProblem]]:
    """Resources, problems (unreadable files) and notices (files seen but not used)."""
    resources: list[Resource] = []
    problems: list[LoadProblem] = []
    notices: list[LoadProblem] = []
    for file in files:
        text = ""
        try:
            text = read_text(file.path)
            if file.kind == "json" and not reads_json(text):
                continue  # package.json, tsconfig.json with comments and friends: not ours to judge
            found, broken, seen = _load_file(file.path, text)
            resources.extend(found)
            problems.extend(broken)
            notices.extend(seen)
        except (*READ_ERRORS, yaml.YAMLError) as exc:
            problems.append(problem(file.path, text, exc, "YAML"))
    return resources, problems, notices
