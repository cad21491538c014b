"""Parsing HCL, and what goes wrong doing it: the linter's one door to python-hcl2.

This module and grammar.py (which runs python-hcl2's grammar) are the only ones that know
python-hcl2's internals, so a parser upgrade breaks them and their tests, not the linter;
cache.py knows only which of its files name its version.
"""

from __future__ import annotations

import re
from typing import Any

from hds_lint.errors import SourceSyntaxError
from hds_lint.model import Span
from hds_lint.terraform import grammar
from hds_lint.terraform.tree import Rule, attribute_expression, attributes, blocks

_TOKEN_WORDS = {
    "$END": "end of file",
    "RBRACE": "'}'",
    "LBRACE": "'{'",
    "RSQB": "']'",
    "LSQB": "'['",
    "RPAR": "')'",
    "LPAR": "'('",
    "EQ": "'='",
    "DBLQUOTE": "'\"'",
    "NAME": "a name",
    "STRING_CHARS": "text",
    "NL_OR_COMMENT": "a new line",
    "COMMA": "','",
    "COLON": "':'",
    "DOT": "'.'",
}


def _describe_token(token: Any) -> str:
    kind = getattr(token, "type", None) or str(token)
    if kind in _TOKEN_WORDS:
        return _TOKEN_WORDS[kind]
    value = str(getattr(token, "value", "")).strip()
    return repr(value[:20]) if value else kind.lower()


def parse(text: str) -> Rule:
    """The tree of an HCL file, its StartRule node (tree.py); SourceSyntaxError, with the line,
    when the file is not valid HCL."""
    from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput

    hcl_parser = grammar.parser()
    try:
        hcl_parser.builder.source = text
        return hcl_parser.parse(text + "\n")  # python-hcl2's workaround: Lark has no end-of-file token
    except UnexpectedInput as exc:
        line = max(int(getattr(exc, "line", 1) or 1), 1)
        expected = sorted(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or [])
        wanted = [_TOKEN_WORDS[e] for e in expected if e in _TOKEN_WORDS]
        if isinstance(exc, UnexpectedCharacters):
            found = repr(getattr(exc, "char", "?"))
        else:
            found = _describe_token(getattr(exc, "token", "?")).removeprefix("a ")  # "unexpected name"
        hint = f"; expected {', '.join(wanted[:4])}" if wanted else ""
        raise SourceSyntaxError(line, f"Terraform syntax error: unexpected {found}{hint}") from exc
    except (LarkError, RecursionError) as exc:  # anything else is a bug of ours: not the file's fault
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        match = re.search(r"line (\d+)", first)
        raise SourceSyntaxError(int(match.group(1)) if match else 1, f"Terraform parse error: {first}") from exc
    finally:
        hcl_parser.builder.source = ""


def span(node: Rule, path: str) -> Span:
    """Lines of a block, attribute or expression."""
    return Span(path, node.line or 1, max(node.end_line, node.line, 1))


def _template_source(text: str) -> str:
    """A JSON-syntax template as an HCL quoted template: literal parts escaped, the
    expressions inside `${...}` kept as written (their quotes are HCL's own)."""
    out, index = ['"'], 0
    while index < len(text):
        if text.startswith("$${", index):
            out.append("$${")
            index += 3
        elif text.startswith("${", index):
            depth, cursor, quote = 1, index + 2, False
            while cursor < len(text) and depth:
                char = text[cursor]
                if quote:
                    cursor += 2 if char == "\\" else 1
                    quote = quote and char != '"'
                    continue
                quote = char == '"'
                depth += {"{": 1, "}": -1}.get(char, 0)
                cursor += 1
            if depth:
                raise SourceSyntaxError(1, f"unterminated ${{ in {text!r}")
            out.append(text[index:cursor])
            index = cursor
        else:
            char = text[index]
            out.append({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(char, char))
            index += 1
    out.append('"')
    return "".join(out)


def parse_template(text: str) -> Rule:
    """The expression node of a JSON-syntax string template (`"${var.region}"`)."""
    (block,) = blocks(parse("t {\n  v = " + _template_source(text) + "\n}\n"))
    (attribute,) = attributes(block)
    return attribute_expression(attribute)


def parse_expression(text: str) -> Rule:
    """The expression node of `text` as written on the right of `=` (for --var values)."""
    document = parse("t {\n  v = " + text + "\n}\n")
    found = blocks(document)
    if len(found) != 1 or len(attributes(found[0])) != 1 or blocks(found[0]) or attributes(document):
        raise SourceSyntaxError(1, "not a single value")
    return attribute_expression(attributes(found[0])[0])
