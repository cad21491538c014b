"""The one place that knows python-hcl2's internals: parsing, line numbers, parse errors.

python-hcl2 8.x keeps Lark's position metadata on every rule of its typed tree, under a
private name; reading it here, and only here, means a parser upgrade breaks one module
(and its tests), not the whole linter.
"""

from __future__ import annotations

import re
from typing import Any

from hds_lint.errors import SourceSyntaxError, UsageError
from hds_lint.model import Span
from hds_lint.terraform.tree import Rule, Token

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


def check_parser() -> None:
    """Fail with one clear line when the `hcl2` module is not python-hcl2 8.x.

    Checkov's dependency bc-python-hcl2 installs a module also named `hcl2` over
    python-hcl2's files, and `pip check` does not notice.
    """
    try:
        import hcl2
        from hcl2.query import DocumentView  # noqa: F401
    except ImportError as exc:
        raise UsageError(
            f"the installed 'hcl2' module is not python-hcl2 8.x ({exc}); another package such "
            "as Checkov's bc-python-hcl2 has overwritten it: install hds-lint in its own "
            "virtual environment (python3 -m venv, or pipx install hds-lint)"
        ) from exc
    if not hasattr(hcl2, "parses"):
        raise UsageError(
            "the installed 'hcl2' module is not python-hcl2 8.x (probably Checkov's "
            "bc-python-hcl2): install hds-lint in its own virtual environment or with pipx"
        )


def _describe_token(token: Any) -> str:
    kind = getattr(token, "type", None) or str(token)
    if kind in _TOKEN_WORDS:
        return _TOKEN_WORDS[kind]
    value = str(getattr(token, "value", "")).strip()
    return repr(value[:20]) if value else kind.lower()


def parse(text: str) -> Any:
    """Parse HCL text into a python-hcl2 DocumentView; raises SourceSyntaxError."""
    import hcl2
    from hcl2.query import DocumentView
    from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput

    try:
        return DocumentView(hcl2.parses(text))
    except UnexpectedInput as exc:
        line = max(int(getattr(exc, "line", 1) or 1), 1)
        expected = sorted(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or [])
        wanted = [_TOKEN_WORDS[e] for e in expected if e in _TOKEN_WORDS]
        if isinstance(exc, UnexpectedCharacters):
            found = repr(getattr(exc, "char", "?"))
        else:
            found = _describe_token(getattr(exc, "token", "?"))
        hint = f"; expected {', '.join(wanted[:4])}" if wanted else ""
        raise SourceSyntaxError(line, f"Terraform syntax error: unexpected {found}{hint}") from exc
    except (LarkError, RecursionError, ValueError, TypeError, AttributeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        match = re.search(r"line (\d+)", first)
        raise SourceSyntaxError(int(match.group(1)) if match else 1, f"Terraform parse error: {first}") from exc


def span(node: Any, path: str) -> Span:
    """Lines of a block, attribute or expression rule (accepts a view or the rule itself)."""
    rule = getattr(node, "raw", node)
    meta = rule if isinstance(rule, Rule) else getattr(rule, "_meta", None)
    start = getattr(meta, "line", None) or 1
    end = getattr(meta, "end_line", None) or start
    return Span(path, int(start), int(max(end, start)))


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


def parse_template(text: str) -> Any:
    """The expression node of a JSON-syntax string template (`"${var.region}"`)."""
    source = "t {\n  v = " + _template_source(text) + "\n}\n"
    (block,) = parse(source).blocks()
    (attribute,) = block.attributes()
    return lighten(attribute.raw.expression, source)


def parse_expression(text: str) -> Any:
    """The expression node of `text` as written on the right of `=` (for --var values)."""
    source = "t {\n  v = " + text + "\n}\n"
    document = parse(source)
    blocks = document.blocks()
    if len(blocks) != 1 or len(blocks[0].attributes()) != 1 or blocks[0].blocks() or document.attributes():
        raise SourceSyntaxError(1, "not a single value")
    return lighten(blocks[0].attributes()[0].raw.expression, source)


def lighten(node: Any, source: str) -> Any:
    """The light copy of a python-hcl2 rule or token (None stays None)."""
    if node is None:
        return None
    children = getattr(node, "children", None)
    if children is None:
        return Token(node.lark_name(), node.value)
    meta = getattr(node, "_meta", None)
    line = int(getattr(meta, "line", 0) or 0)
    end_line = int(getattr(meta, "end_line", 0) or line)
    start = int(getattr(meta, "start_pos", 0) or 0)
    end = int(getattr(meta, "end_pos", 0) or start)
    return Rule(
        type(node).__name__,
        [lighten(child, source) for child in children if child is not None],
        line,
        end_line,
        start,
        end,
        source,
    )
