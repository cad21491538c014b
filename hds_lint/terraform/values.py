"""Static values of HCL expressions, read from python-hcl2's typed tree.

Literals, string templates, objects and tuples are evaluated; references (`var.x`,
`local.y`, `aws_s3_bucket.b.id`) go through a resolver the caller supplies; whatever
cannot be known here becomes an explicit `Unknown` that carries the expression as
written, so a rule can say "cannot verify" instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from hds_lint.model import Unknown, unknown_key

# A resolver receives a reference as its parts (("var", "region")) and returns its value,
# or None when it does not know the name at all.
Resolver = Callable[[tuple[str, ...]], Any]

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE_RE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, match.group(0))

    return _ESCAPE_RE.sub(one, text)


def expression_text(node: Any) -> str:
    """The expression as a reader would write it, for messages."""
    try:
        text = node.serialize()
    except Exception:  # the serializer is best effort; a message must never crash the scan
        return "<expression>"
    if not isinstance(text, str):
        return str(text)
    if text.startswith("${") and text.endswith("}") and text.count("${") == 1:
        return text[2:-1]
    return text


def _children(node: Any) -> list[Any]:
    return [c for c in getattr(node, "children", []) if c is not None]


def _is_token(node: Any) -> bool:
    """Leaves of python-hcl2's tree (tokens) have no children; rules do."""
    return not hasattr(node, "children")


def _rules(node: Any) -> list[Any]:
    return [c for c in _children(node) if not _is_token(c)]


def _name(node: Any) -> str:
    return type(node).__name__


def reference_parts(node: Any) -> tuple[str, ...] | None:
    """`var.region` -> ("var", "region"); None when the node is not a plain dotted name."""
    kind = _name(node)
    if kind == "ExprTermRule":
        inner = _children(node)
        return reference_parts(inner[0]) if len(inner) == 1 else None
    if kind == "IdentifierRule":
        return (str(node.serialize()),)
    if kind == "GetAttrExprTermRule":
        base, attr = _children(node)
        parts = reference_parts(base)
        names = [c for c in _children(attr) if _name(c) == "IdentifierRule"]
        if parts is None or len(names) != 1:
            return None
        return (*parts, str(names[0].serialize()))
    return None


class Evaluator:
    """Evaluates expressions; `resolver` supplies references (None: every reference is Unknown)."""

    def __init__(self, resolver: Resolver | None = None) -> None:
        self._resolver = resolver

    def evaluate(self, node: Any) -> Any:
        method = getattr(self, "_eval_" + _name(node), None)
        if method is None:
            return Unknown(expression_text(node))
        return method(node)

    # --- wrappers -------------------------------------------------------------------------
    def _eval_ExprTermRule(self, node: Any) -> Any:
        inner = _rules(node)
        if len(inner) != 1:
            return Unknown(expression_text(node))
        return self.evaluate(inner[0])

    # --- literals -------------------------------------------------------------------------
    def _eval_IntLitRule(self, node: Any) -> Any:
        return int(str(_children(node)[0]))

    def _eval_FloatLitRule(self, node: Any) -> Any:
        return float(str(_children(node)[0]))

    def _eval_LiteralValueRule(self, node: Any) -> Any:
        token = str(_children(node)[0])
        return {"true": True, "false": False, "null": None}.get(token, Unknown(token))

    def _eval_UnaryOpRule(self, node: Any) -> Any:
        operator, operand = _children(node)
        value = self.evaluate(operand)
        if str(operator) == "-" and isinstance(value, int | float) and not isinstance(value, bool):
            return -value
        if str(operator) == "!" and isinstance(value, bool):
            return not value
        return Unknown(expression_text(node))

    # --- strings --------------------------------------------------------------------------
    def _eval_StringRule(self, node: Any) -> Any:
        pieces: list[str] = []
        unknown = False
        for part in _children(node):
            if _name(part) != "StringPartRule":
                continue  # the quotes
            content = part.content
            if _is_token(content):
                text = str(content)
                if content.lark_name() == "ESCAPED_INTERPOLATION":
                    pieces.append(text[1:])  # $${x} is the literal text ${x}
                elif content.lark_name() == "ESCAPED_DIRECTIVE":
                    pieces.append(text[1:])
                else:
                    pieces.append(_unescape(text))
            elif _name(content) == "InterpolationRule":
                inner = _rules(content)
                value = self.evaluate(inner[0]) if len(inner) == 1 else Unknown("")
                if isinstance(value, str | int | float) and not isinstance(value, bool):
                    pieces.append(str(value))
                elif isinstance(value, bool):
                    pieces.append("true" if value else "false")
                else:
                    unknown = True
            else:
                unknown = True  # %{ if } / %{ for } directives
        if unknown:
            return Unknown(expression_text(node))
        return "".join(pieces)

    def _heredoc(self, node: Any, trim: bool) -> Any:
        raw = str(_children(node)[0])
        if "${" in raw.replace("$${", "") or "%{" in raw.replace("%%{", ""):
            return Unknown(expression_text(node))
        lines = raw.split("\n")
        body = lines[1:-1] if lines[-1].strip() else lines[1:-2]
        if trim:
            indents = [len(ln) - len(ln.lstrip()) for ln in body if ln.strip()]
            cut = min(indents, default=0)
            body = [ln[cut:] for ln in body]
        return "\n".join(body) + "\n"

    def _eval_HeredocTemplateRule(self, node: Any) -> Any:
        return self._heredoc(node, trim=False)

    def _eval_HeredocTrimTemplateRule(self, node: Any) -> Any:
        return self._heredoc(node, trim=True)

    # --- collections ----------------------------------------------------------------------
    def _eval_TupleRule(self, node: Any) -> Any:
        return [self.evaluate(c) for c in _rules(node)]

    def _eval_ObjectRule(self, node: Any) -> Any:
        result: dict[str, Any] = {}
        for elem in _children(node):
            if _name(elem) != "ObjectElemRule":
                continue
            key_rule, *_, value_rule = _rules(elem)
            key = self.object_key(key_rule)
            if isinstance(key, Unknown):
                # A computed key: the object is only partly known. Keep the known keys and
                # record the unknown one under its text, so classification can say so.
                result[unknown_key(key.text)] = Unknown(key.text)
                continue
            result[key] = self.evaluate(value_rule)
        return result

    def object_key(self, key_rule: Any) -> str | Unknown:
        inner = _children(key_rule)
        if _name(key_rule) == "ObjectElemKeyRule" and len(inner) == 1:
            only = inner[0]
            if _name(only) == "IdentifierRule":
                return str(only.serialize())
            value = self.evaluate(only)
        else:
            value = self.evaluate(inner[0]) if len(inner) == 1 else Unknown("<key>")
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
        return value if isinstance(value, Unknown) else Unknown(expression_text(key_rule))

    # --- references -----------------------------------------------------------------------
    def _reference(self, node: Any) -> Any:
        parts = reference_parts(node)
        if parts is not None and self._resolver is not None:
            value = self._resolver(parts)
            if value is not None:
                return value
        return Unknown(expression_text(node))

    _eval_IdentifierRule = _reference
    _eval_GetAttrExprTermRule = _reference
