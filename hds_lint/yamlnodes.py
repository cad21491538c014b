"""YAML (and JSON) documents as plain values with the line span of every key.

PyYAML's composer keeps start and end marks on each node; `safe_load` throws them away.
Kubernetes manifests and `.tf.json` files both go through here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from hds_lint.errors import SourceSyntaxError
from hds_lint.model import AttrPath, Span

try:
    _Loader: type = yaml.CSafeLoader  # about 11x faster than the pure-Python loader
except AttributeError:  # libyaml missing: correct, only slower
    _Loader = yaml.SafeLoader


def node_span(node: yaml.Node, path: str) -> Span:
    start = node.start_mark.line + 1
    end = node.end_mark.line + 1
    # A block ends at the mark of the next token: when that is column 0 of a new line,
    # the node really ended on the line before.
    if node.end_mark.column == 0 and end > start:
        end -= 1
    return Span(path, start, end)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.ScalarNode) -> Any:
    """The scalar as safe_load would read it (ints, bools, nulls); dates stay text.

    The constructor's own `construct_object` caches every node for the life of the process;
    calling the tag's constructor directly does not.
    """
    construct = _CONSTRUCTOR.yaml_constructors.get(node.tag)
    value = construct(_CONSTRUCTOR, node) if construct else node.value
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return node.value


MAX_NODES = 1_000_000  # beyond, aliases have made the document explode ("billion laughs")


class Walk:
    """One document's conversion: a budget against alias bombs, and the duplicate keys met
    (YAML keeps the last; the API server may reject or merge them differently)."""

    def __init__(self, limit: int = MAX_NODES) -> None:
        self.left = limit
        self.duplicates: list[tuple[int, str]] = []

    def spend(self, node: yaml.Node) -> None:
        self.left -= 1
        if self.left < 0:
            raise SourceSyntaxError(
                node.start_mark.line + 1, f"the document expands to more than {MAX_NODES:,} values (YAML aliases)"
            )


def to_value(
    node: yaml.Node, path: str, spans: dict[AttrPath, Span], prefix: AttrPath = (), walk: Walk | None = None
) -> Any:
    """Convert a node to plain data, recording the span of every mapping key and list item."""
    walk = walk or Walk()
    walk.spend(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # `<<: *defaults`: keys written here win
                merged = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                for source in merged:
                    inherited = to_value(source, path, spans, prefix, walk)
                    if isinstance(inherited, dict):
                        for key, value in inherited.items():
                            result.setdefault(key, value)
                continue
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            key = str(key)
            here = (*prefix, key)
            start = key_node.start_mark.line + 1
            spans[here] = Span(path, start, max(start, node_span(value_node, path).end_line))
            if key in result:
                walk.duplicates.append((start, key))
            result[key] = to_value(value_node, path, spans, here, walk)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            here = (*prefix, index)
            spans[here] = node_span(item, path)
            items.append(to_value(item, path, spans, here, walk))
        return items
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        try:
            return _scalar(node)
        except (yaml.YAMLError, ValueError):
            return node.value
    return None


def load(text: str) -> Any:
    """Plain data from YAML text (rule packs, the catalog), with the fast loader when present."""
    return yaml.load(text, Loader=_Loader)


def compose_documents(text: str) -> Iterator[yaml.Node]:
    """Each document's root node; raises SourceSyntaxError with the line of the fault."""
    try:
        for document in yaml.compose_all(text, Loader=_Loader):
            if document is not None:
                yield document
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise SourceSyntaxError(line, f"YAML syntax error: {problem}") from exc
    except yaml.YAMLError as exc:
        raise SourceSyntaxError(1, f"YAML error: {str(exc).splitlines()[0]}") from exc
