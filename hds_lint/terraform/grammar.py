"""python-hcl2's grammar, run by Lark, building our light nodes while it parses.

`hcl2.parses` builds a Lark tree with positions, then a second pass (its RuleTransformer)
turns it into typed rules, which we used to copy into plain nodes (tree.py): three trees
for one file, about 45% of parse time beyond Lark's own. Lark can instead call a
transformer as each rule is reduced (LALR only): here that transformer builds the plain
nodes at once, the same nodes, with the reshaping RuleTransformer does (labels made
identifiers, template directives nested, for-expression parts in place). The parse table
is python-hcl2's own, from the cache file it writes beside its grammar on first use, so
this is python-hcl2's parser, not a copy; `tests/test_hcl_grammar.py` holds the result
equal to python-hcl2's typed tree, node for node, so an upgrade that changes it fails.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from hds_lint.errors import SourceSyntaxError, UsageError
from hds_lint.terraform.tree import Rule, Token

# Grammar rule (or alias) -> python-hcl2's rule class name, our node kind.
_KINDS = {
    "start": "StartRule",
    "body": "BodyRule",
    "block": "BlockRule",
    "attribute": "AttributeRule",
    "new_line_or_comment": "NewLineOrCommentRule",
    "identifier": "IdentifierRule",
    "keyword": "KeywordRule",
    "literal_value": "LiteralValueRule",
    "int_lit": "IntLitRule",
    "float_lit": "FloatLitRule",
    "string": "StringRule",
    "string_part": "StringPartRule",
    "interpolation": "InterpolationRule",
    "heredoc_template": "HeredocTemplateRule",
    "heredoc_template_trim": "HeredocTrimTemplateRule",
    "expr_term": "ExprTermRule",
    "conditional": "ConditionalRule",
    "binary_operator": "BinaryOperatorRule",
    "binary_term": "BinaryTermRule",
    "unary_op": "UnaryOpRule",
    "binary_op": "BinaryOpRule",
    "tuple": "TupleRule",
    "object": "ObjectRule",
    "object_elem": "ObjectElemRule",
    "object_elem_key": "ObjectElemKeyRule",  # or ObjectElemKeyExpressionRule, see _object_elem_key
    "arguments": "ArgumentsRule",
    "function_call": "FunctionCallRule",
    "index_expr_term": "IndexExprTermRule",
    "braces_index": "SqbIndexRule",
    "short_index": "ShortIndexRule",
    "get_attr": "GetAttrRule",
    "get_attr_expr_term": "GetAttrExprTermRule",
    "attr_splat": "AttrSplatRule",
    "attr_splat_expr_term": "AttrSplatExprTermRule",
    "full_splat": "FullSplatRule",
    "full_splat_expr_term": "FullSplatExprTermRule",
    "for_tuple_expr": "ForTupleExprRule",
    "for_object_expr": "ForObjectExprRule",
    "for_intro": "ForIntroRule",
    "for_cond": "ForCondRule",
    "template_if_start": "TemplateIfStartRule",
    "template_else": "TemplateElseRule",
    "template_endif": "TemplateEndifRule",
    "template_for_start": "TemplateForStartRule",
    "template_endfor": "TemplateEndforRule",
    "template_string": "TemplateStringRule",
}

# Tokens python-hcl2 keeps under their own name even when their text is a keyword's (`x.in`).
_VERBATIM_TOKENS = frozenset(
    {"STRING_CHARS", "ESCAPED_INTERPOLATION", "ESCAPED_DIRECTIVE", "NAME", "INT_LITERAL", "FLOAT_LITERAL"}
)
# Evaluation and pickling walk trees recursively: a part deeper than this (a chain of 200
# `+`, 100 nested parentheses) is kept as a TooDeepRule with no children, which evaluates to
# an unknown value; the rest of the file is read as usual. A 20-level nested object is
# about 60 levels.
MAX_DEPTH = 200
_LITERAL_KEYS = frozenset({"IdentifierRule", "StringRule", "IntLitRule", "FloatLitRule", "LiteralValueRule"})
_NO_PLACE = (0, 0)


class Builder:
    """A Lark inline transformer: one method per grammar rule, each given the rule's children
    (Lark tokens and nodes already built) and returning the node. `source` is the text being
    parsed, which every node of a file shares."""

    def __init__(self, static_kinds: dict[str, str]) -> None:
        self.source = ""
        self._static = static_kinds
        for name, kind in _KINDS.items():
            setattr(self, name, partial(self._rule, kind))
        # The rules python-hcl2 reshapes (its RuleTransformer and rule constructors).
        self.block, self.attribute, self.get_attr = self._block, self._attribute, self._get_attr
        self.object_elem_key, self.string = self._object_elem_key, self._string
        self.binary_term, self.conditional = self._binary_term, self._conditional
        for name in ("for_intro", "for_tuple_expr", "for_object_expr"):
            setattr(self, name, partial(self._for, _KINDS[name]))

    # --- nodes ------------------------------------------------------------------------------

    def _token(self, token: Any) -> Token:
        kind = token.type
        if kind not in _VERBATIM_TOKENS:
            kind = self._static.get(token.value, kind)
        return Token(kind, token.value)

    def _make(self, kind: str, children: Iterable[Any], place: tuple[int, int, int, int] | None = None) -> Rule:
        """A node of `children` (Lark tokens become Tokens), placed from its first to its last
        child with a place, as Lark's propagate_positions does; or at `place`."""
        nodes: list[Any] = []
        first = last = None
        depth = 1
        for child in children:
            if child is None:
                continue
            if isinstance(child, Rule):
                if child.line:
                    first = first or (child.line, child.start)
                    last = (child.end_line, child.end)
                if child.depth >= MAX_DEPTH:
                    child = Rule("TooDeepRule", [], child.line, child.end_line, child.start, child.end, self.source)
                depth = max(depth, child.depth + 1)
                nodes.append(child)
            elif isinstance(child, Token):  # made here, placeless (python-hcl2 makes a few)
                nodes.append(child)
            else:
                first = first or (child.line, child.start_pos)
                last = (child.end_line, child.end_pos)
                nodes.append(self._token(child))
        if place is not None:
            return Rule(kind, nodes, place[0], place[1], place[2], place[3], self.source, depth)
        line, start = first or _NO_PLACE
        end_line, end = last or _NO_PLACE
        return Rule(kind, nodes, line, end_line, start, end, self.source, depth)

    def _rule(self, kind: str, children: list[Any]) -> Rule:
        return self._make(kind, children)

    @staticmethod
    def _place(node: Rule) -> tuple[int, int, int, int]:
        return (node.line, node.end_line, node.start, node.end)

    def _identifier(self, node: Rule, place: tuple[int, int, int, int]) -> Rule:
        """A keyword or literal (`in`, `true`) where a name is meant, as an identifier placed
        where its parent is (python-hcl2 gives it the parent's position)."""
        return self._make("IdentifierRule", [Token("NAME", node.children[0].value)], place)

    # --- python-hcl2's RuleTransformer, rule by rule ----------------------------------------

    def _block(self, children: list[Any]) -> Rule:
        node = self._make("BlockRule", children)
        place = self._place(node)
        node.children = [
            self._identifier(c, place) if isinstance(c, Rule) and c.kind in ("KeywordRule", "LiteralValueRule") else c
            for c in node.children
        ]
        return node

    def _attribute(self, children: list[Any]) -> Rule:
        node = self._make("AttributeRule", children)
        name = node.children[0]
        if name.kind in ("KeywordRule", "LiteralValueRule"):
            node.children[0] = self._identifier(name, self._place(node))
        return node

    def _get_attr(self, children: list[Any]) -> Rule:
        node = self._make("GetAttrRule", children)
        if len(node.children) >= 2 and _is(node.children[1], "LiteralValueRule"):
            node.children[1] = self._identifier(node.children[1], self._place(node))
        return node

    def _object_elem_key(self, children: list[Any]) -> Rule:
        node = self._make("ObjectElemKeyRule", children)
        place, key = self._place(node), node.children[0]
        if key.kind == "KeywordRule":
            node.children = [self._identifier(key, place)]
            return node
        if key.kind == "ExprTermRule":
            inner = _expr_term_slots(key.children)[2]
            if isinstance(inner, Rule) and inner.kind in _LITERAL_KEYS:
                node.children = [self._identifier(inner, place) if inner.kind == "LiteralValueRule" else inner]
                return node
        node.kind = "ObjectElemKeyExpressionRule"
        return node

    def _nl_prefix(self, token: Any) -> Rule | None:
        """python-hcl2's post-lexer glues a line break before an operator onto the operator
        (`a\\n  + b`); its transformer moves it back out into a placeless comment node."""
        value = str(token.value)
        stripped = value.lstrip("\n \t")
        if len(stripped) == len(value):
            return None
        token.value = stripped
        line_break = Token("NL_OR_COMMENT", value[: len(value) - len(stripped)])
        return Rule("NewLineOrCommentRule", [line_break], 0, 0, 0, 0, self.source)

    def _binary_term(self, children: list[Any]) -> Rule:
        node = self._make("BinaryTermRule", children)
        operator = node.children[0]
        prefix = self._nl_prefix(operator.children[0])
        if prefix is not None:
            node.children.insert(0, prefix)
        return node

    def _conditional(self, children: list[Any]) -> Rule:
        node = self._make("ConditionalRule", children)
        prefix = self._nl_prefix(node.children[1])
        if prefix is not None:
            node.children.insert(1, prefix)
        return node

    def _string(self, children: list[Any]) -> Rule:
        node = self._make("StringRule", children)
        try:
            node.children = _nest_directives(node.children, self._place(node), self.source)
        except RecursionError:
            message = f"Terraform parse error: template directives nested more than {MAX_DEPTH} levels deep"
            raise SourceSyntaxError(node.line, message) from None
        node.depth = 1 + max((c.depth for c in node.children if isinstance(c, Rule)), default=0)
        return node

    def _for(self, kind: str, children: list[Any]) -> Rule:
        """For expressions: python-hcl2 lays their parts out in fixed slots and rewrites some
        of them (the comma between two iterators, the condition, the ellipsis)."""
        node = self._make(kind, children)
        slots: list[Any] = list(node.children)
        if kind == "ForIntroRule":
            names = [c for c in slots if _is(c, "IdentifierRule")]
            second = names[1] if len(names) == 2 else None
            _insert_optionals(slots, sorted([1, 5, 7, 9, 11] + ([] if second else [3, 4])))
            if second is not None:
                slots[3], slots[4] = Token("COMMA", ","), second
        elif kind == "ForTupleExprRule":
            condition = next((c for c in slots if _is(c, "ForCondRule")), None)
            _insert_optionals(slots, sorted([1, 3, 5, 7] + ([] if condition else [6])))
            slots[6] = condition
        else:
            ellipsis = next((c for c in slots if isinstance(c, Token) and c.kind == "ELLIPSIS"), None)
            condition = next((c for c in slots if _is(c, "ForCondRule")), None)
            extra = ([] if ellipsis else [9]) + ([] if condition else [11])
            _insert_optionals(slots, sorted([1, 3, 6, 8, 10, 12, *extra]))
            slots[9], slots[11] = ellipsis, condition
        node.children = [c for c in slots if c is not None]
        return node


def _is(node: Any, kind: str) -> bool:
    return isinstance(node, Rule) and node.kind == kind


def _insert_optionals(slots: list[Any], indexes: list[int]) -> None:
    """python-hcl2's placeholders for optional comments, so that slots land where it reads them."""
    for index in indexes:
        if index >= len(slots) or not _is(slots[index], "NewLineOrCommentRule"):
            slots.insert(index, None)


def _expr_term_slots(children: list[Any]) -> list[Any]:
    """An expression term's children in python-hcl2's five slots: `(`, comment, the
    expression, comment, `)`; the slots of a term without parentheses are empty."""
    wrapped = (
        bool(children)
        and isinstance(children[0], Token)
        and children[0].kind == "LPAR"
        and isinstance(children[-1], Token)
        and children[-1].kind == "RPAR"
    )
    slots = list(children) if wrapped else [None, *children, None]
    _insert_optionals(slots, [1, 3])
    return slots


def _nest_directives(parts: list[Any], place: tuple[int, int, int, int], source: str) -> list[Any]:
    """`%{ if }...%{ else }...%{ endif }` and `%{ for }...%{ endfor }` arrive as flat string
    parts; python-hcl2 nests each into one TemplateIfRule or TemplateForRule part."""

    def node(kind: str, children: list[Any]) -> Rule:
        depth = 1 + max((c.depth for c in children if isinstance(c, Rule)), default=0)
        if depth > MAX_DEPTH:
            raise RecursionError  # said as the string's error by Builder._string
        return Rule(kind, children, *place, source, depth)

    def collect(index: int, ends: tuple[str, ...]) -> tuple[list[Any], Any, int]:
        body: list[Any] = []
        while index < len(parts):
            part = parts[index]
            if any(_is(part, "StringPartRule") and _is(part.children[0], end) for end in ends):
                return body, part.children[0], index + 1
            nested, index = assemble(index)
            body.append(nested)
        return body, None, index

    def assemble(index: int) -> tuple[Any, int]:
        part = parts[index]
        if not _is(part, "StringPartRule"):
            return part, index + 1
        content = part.children[0]
        if _is(content, "TemplateIfStartRule"):
            if_body, end, index = collect(index + 1, ("TemplateElseRule", "TemplateEndifRule"))
            children = [content, *if_body]
            if _is(end, "TemplateElseRule"):
                else_body, closing, index = collect(index, ("TemplateEndifRule",))
                children += [end, *else_body]
                end = closing
            if not _is(end, "TemplateEndifRule"):
                message = "Terraform syntax error: %{ if } without %{ endif } in a string"
                raise SourceSyntaxError(content.line, message)
            return node("StringPartRule", [node("TemplateIfRule", [*children, end])]), index
        if _is(content, "TemplateForStartRule"):
            body, end, index = collect(index + 1, ("TemplateEndforRule",))
            if not _is(end, "TemplateEndforRule"):
                message = "Terraform syntax error: %{ for } without %{ endfor } in a string"
                raise SourceSyntaxError(content.line, message)
            return node("StringPartRule", [node("TemplateForRule", [content, *body, end])]), index
        return part, index + 1

    result, index = [], 0
    while index < len(parts):
        nested, index = assemble(index)
        result.append(nested)
    return result


def _check_parser() -> None:
    """Fail with one clear line when the `hcl2` module is not python-hcl2 8.x.

    Checkov's dependency bc-python-hcl2 installs a module also named `hcl2` over
    python-hcl2's files, and `pip check` does not notice.
    """
    try:
        import hcl2
        from hcl2.parser import PARSER_FILE  # noqa: F401
        from hcl2.postlexer import PostLexer  # noqa: F401
        from hcl2.rules.tokens import StaticStringToken  # noqa: F401
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


class _Parser:
    """python-hcl2's grammar and parse table in a Lark parser that calls our Builder. One
    parse at a time: the Builder holds the text being parsed (hds-lint parses on the main
    thread of each process)."""

    def __init__(self) -> None:
        _check_parser()  # before anything imports python-hcl2's modules
        import hcl2
        from hcl2.parser import PARSER_FILE
        from hcl2.postlexer import PostLexer
        from hcl2.rules.tokens import StaticStringToken
        from lark import Lark

        self.builder = Builder({v: c.lark_name() for v, c in StaticStringToken.classes_by_value.items() if v})
        # The grammar and options of python-hcl2's parser(), in its order, so that Lark's
        # cache key matches and it loads python-hcl2's table (or builds it and writes it there
        # as python-hcl2 would); a transformer is an option a cached table accepts. Positions
        # stay on, as part of that key: Lark places only its own trees, so our nodes place
        # themselves (Builder._make).
        self.lark = Lark.open(
            "hcl2.lark",
            parser="lalr",
            cache=str(PARSER_FILE),
            rel_to=str(Path(hcl2.__file__)),
            propagate_positions=True,
            postlex=PostLexer(),
            transformer=self.builder,
        )

    def parse(self, text: str) -> Any:
        return self.lark.parse(text)


@lru_cache(maxsize=1)
def parser() -> _Parser:
    """One per process, made at the first parse, so that a run whose files all come from the
    cache never imports python-hcl2. Raises UsageError when the installed `hcl2` is not
    python-hcl2."""
    return _Parser()
