"""Expressions as small plain objects: what python-hcl2's typed tree holds, built by grammar.py.

python-hcl2 builds its token classes at run time, so its trees cannot be pickled: they could
neither cross to a worker process (`--jobs`) nor go into the parse cache. These nodes keep
only what evaluation reads: the rule or token name, the children, the lines, and the text
as written (a slice of the file's source, which every node of a file shares).
"""

from __future__ import annotations

from typing import Any


class Token:
    """A leaf: `kind` is the grammar's token name (NAME, STRING_CHARS, ELLIPSIS...)."""

    __slots__ = ("kind", "value")

    def __init__(self, kind: str, value: Any) -> None:
        self.kind = kind
        self.value = value

    def __reduce__(self) -> tuple[Any, ...]:
        return Token, (self.kind, self.value)

    def __str__(self) -> str:
        return str(self.value)

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.value!r})"


class Rule:
    """An inner node: `kind` is python-hcl2's rule class name (ExprTermRule, ObjectRule...)."""

    __slots__ = ("children", "depth", "end", "end_line", "kind", "line", "source", "start")

    def __init__(
        self,
        kind: str,
        children: list[Any],
        line: int,
        end_line: int,
        start: int,
        end: int,
        source: str,
        depth: int = 1,
    ) -> None:
        self.kind = kind
        self.children = children
        self.line = line
        self.end_line = end_line
        self.start = start
        self.end = end
        self.source = source
        self.depth = depth  # levels of rules from here down, counted by the parser; not cached

    def __reduce__(self) -> tuple[Any, ...]:
        return Rule, (self.kind, self.children, self.line, self.end_line, self.start, self.end, self.source)

    @property
    def text(self) -> str:
        """The expression as written in the file."""
        return self.source[self.start : self.end]

    @property
    def content(self) -> Any:
        """The one child of a string part (text, escape or interpolation)."""
        return self.children[0]

    def __repr__(self) -> str:
        return f"Rule({self.kind}, line {self.line})"


def object_elements(node: Any) -> list[Rule]:
    """The `key = value` elements of an object constructor, through the wrappers python-hcl2
    puts around it; none when the node is anything else."""
    while isinstance(node, Rule) and node.kind == "ExprTermRule":
        inner = [c for c in node.children if isinstance(c, Rule)]
        if len(inner) != 1:
            return []
        node = inner[0]
    if not isinstance(node, Rule) or node.kind != "ObjectRule":
        return []
    return [e for e in node.children if isinstance(e, Rule) and e.kind == "ObjectElemRule"]


def _body(node: Rule) -> Rule | None:
    """The body of a document (StartRule) or of a block."""
    return next((c for c in node.children if isinstance(c, Rule) and c.kind == "BodyRule"), None)


def blocks(node: Rule) -> list[Rule]:
    """The blocks of a document or block, in order."""
    body = _body(node)
    return [c for c in body.children if isinstance(c, Rule) and c.kind == "BlockRule"] if body else []


def attributes(node: Rule) -> list[Rule]:
    """The `name = expression` attributes of a document or block, in order."""
    body = _body(node)
    return [c for c in body.children if isinstance(c, Rule) and c.kind == "AttributeRule"] if body else []


def attribute_name(attribute: Rule) -> str:
    return str(attribute.children[0].children[0].value)


def attribute_expression(attribute: Rule) -> Any:
    return attribute.children[-1]


def block_labels(block: Rule) -> list[str]:
    """The block's type and labels, as written (`resource "aws_db_instance" "x"`): names, and
    quoted labels without their quotes."""
    labels = []
    for child in block.children:
        if isinstance(child, Rule) and child.kind == "IdentifierRule":
            labels.append(str(child.children[0].value))
        elif isinstance(child, Rule) and child.kind == "StringRule":
            labels.append(child.text[1:-1])
    return labels
