"""Static values of HCL expressions, read from python-hcl2's typed tree.

Literals, templates, collections, references, index and attribute access, splats,
conditionals, operators, `for` expressions and the common functions are evaluated. The
names at the root of a reference (`var`, `local`, `module`, `each`, a resource type) come
from a resolver the caller supplies, typically `Lazy` namespaces computed on first use.
Whatever cannot be known becomes an explicit `Unknown` carrying the expression as written
and the root cause, so a rule says "cannot verify" and names the input to supply.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from hds_lint.model import Unknown, has_unknown, is_unknown_key, unknown_key
from hds_lint.terraform.functions import FUNCTIONS, PARTIAL, FunctionError
from hds_lint.terraform.functions import is_number as _is_number
from hds_lint.terraform.functions import number_text as _number_text
from hds_lint.terraform.tree import Rule, Token

# A resolver receives the root name of a reference (`var`, `local`, `aws_s3_bucket`) and
# returns what it stands for (a dict, a Lazy namespace, a value), or None if it is unknown.
Resolver = Callable[[str], Any]
MISSING = object()


class Computed(dict):
    """A resource's configured attributes: a key it does not set is computed by the provider,
    known only after apply (an id, an ARN), not an error."""


class Lazy:
    """A namespace whose entries are computed on first use: locals, variables, outputs.

    Terraform evaluates them in dependency order; computing on demand gives that order, and
    an entry asked for while it is being computed is a cycle, reported as Unknown.
    """

    def __init__(self, label: str, names: Iterable[str], compute: Callable[[str], Any]) -> None:
        self.label = label
        self.names = dict.fromkeys(names)  # ordered, and a set for lookups
        self._compute = compute
        self._done: dict[str, Any] = {}
        self._busy: set[str] = set()

    def get(self, name: str) -> Any:
        if name not in self.names:
            return MISSING
        if name in self._done:
            return self._done[name]
        if name in self._busy:
            return Unknown(f"{self.label}.{name}", f"{self.label}.{name} refers to itself (a cycle)", error=True)
        self._busy.add(name)
        try:
            value = self._compute(name)
        finally:
            self._busy.discard(name)
        self._done[name] = value
        return value

    def items(self) -> Iterator[tuple[str, Any]]:
        for name in self.names:
            yield name, self.get(name)


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_LINE_BREAK = re.compile(r"\s*\n\s*")
_ESCAPE_RE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, match.group(0))

    return _ESCAPE_RE.sub(one, text)


def _without_comments(text: str) -> str:
    """`#`, `//` and `/* */` comments cut out of an expression's source (joined on one line, a
    `# note` would seem to comment out the rest); text inside quotes is left alone."""
    out, index, quoted = [], 0, False
    while index < len(text):
        char = text[index]
        if quoted:
            out.append(text[index : index + 2] if char == "\\" else char)
            index += 2 if char == "\\" else 1
            quoted = char != '"'
            continue
        if char == '"':
            quoted = True
        elif char == "#" or text.startswith("//", index):
            index = text.find("\n", index)
            index = len(text) if index < 0 else index
            continue
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            index = len(text) if end < 0 else end + 2
            out.append(" ")
            continue
        out.append(char)
        index += 1
    return "".join(out)


def expression_text(node: Any) -> str:
    """The expression as the user wrote it (on one line), for messages."""
    text = getattr(node, "text", None)
    if not isinstance(text, str) or not text:
        return "<expression>"
    text = _LINE_BREAK.sub(" ", _without_comments(text).strip())
    if text.startswith('"${') and text.endswith('}"') and text.count("${") == 1:
        text = text[1:-1]  # "${var.x}" is just var.x
    if text.startswith("${") and text.endswith("}") and text.count("${") == 1:
        return text[2:-1]
    return text


def _children(node: Any) -> list[Any]:
    return node.children if isinstance(node, Rule) else []


def _is_token(node: Any) -> bool:
    return not isinstance(node, Rule)


def _rules(node: Any) -> list[Any]:
    """Child rules that carry meaning: not tokens, not the new lines and comments between them."""
    if not isinstance(node, Rule):
        return []
    return [c for c in node.children if isinstance(c, Rule) and c.kind != "NewLineOrCommentRule"]


def _name(node: Any) -> str:
    """python-hcl2's rule class name, or the token's grammar name (see tree.py)."""
    return node.kind if isinstance(node, (Rule, Token)) else ""


def reference_parts(node: Any) -> tuple[str, ...] | None:
    """`var.region` -> ("var", "region"); None when the node is not a plain dotted name."""
    kind = _name(node)
    if kind == "ExprTermRule":
        inner = _children(node)
        return reference_parts(inner[0]) if len(inner) == 1 else None
    if kind == "IdentifierRule":
        return (str(node.text),)
    if kind == "GetAttrExprTermRule":
        base, attr = _children(node)
        parts = reference_parts(base)
        names = [c for c in _children(attr) if _name(c) == "IdentifierRule"]
        if parts is None or len(names) != 1:
            return None
        return (*parts, str(names[0].text))
    return None


class Evaluator:
    """Evaluates expressions of one file in one module instance.

    `notes` collects what the user should know about values hds-lint could not compute
    (an unknown function, an expression Terraform would reject), as (line, message).
    """

    def __init__(
        self,
        resolver: Resolver | None = None,
        notes: list[tuple[int, str]] | None = None,
        bound: dict[str, Any] | None = None,
    ) -> None:
        self._resolver = resolver
        # Names bound around the expression (`each`, `count`), then `for` variables, innermost last.
        self._bound: list[dict[str, Any]] = [bound] if bound else []
        self.notes = notes if notes is not None else []

    def evaluate(self, node: Any) -> Any:
        method = _METHODS.get(_name(node))
        if method is None:
            return Unknown(expression_text(node), "an expression hds-lint does not evaluate")
        try:
            return method(self, node)
        except RecursionError:
            return Unknown(expression_text(node), "nested too deeply to evaluate", error=True)
        except (ValueError, OverflowError) as exc:  # a 5,000-digit literal, an infinite float
            return Unknown(expression_text(node), f"a value too large to compute ({exc})", error=True)

    def _note(self, node: Any, message: str) -> None:
        self.notes.append((int(getattr(node, "line", 0) or 0), message))

    def _unknown(self, node: Any, *operands: Any, reason: str = "", error: bool = False) -> Unknown:
        """Unknown for `node`, keeping the root cause of the first Unknown operand."""
        for operand in operands:
            if isinstance(operand, Unknown):
                return Unknown(expression_text(node), reason or operand.reason, error or operand.error)
        return Unknown(expression_text(node), reason, error)

    # --- wrappers -------------------------------------------------------------------------
    def _eval_TooDeepRule(self, node: Any) -> Any:
        """What the parser cut off below its depth limit (grammar.MAX_DEPTH)."""
        return Unknown(expression_text(node), "an expression nested too deeply for hds-lint to evaluate")

    def _eval_ExprTermRule(self, node: Any) -> Any:
        inner = _rules(node)
        if len(inner) != 1:
            return self._unknown(node, reason="an expression hds-lint does not evaluate")
        return self.evaluate(inner[0])

    # --- literals -------------------------------------------------------------------------
    def _eval_IntLitRule(self, node: Any) -> Any:
        return int(str(_children(node)[0]))

    def _eval_FloatLitRule(self, node: Any) -> Any:
        return float(str(_children(node)[0]))

    def _eval_LiteralValueRule(self, node: Any) -> Any:
        token = str(_children(node)[0])
        return {"true": True, "false": False, "null": None}.get(token, Unknown(token))

    # --- operators ------------------------------------------------------------------------
    def _eval_UnaryOpRule(self, node: Any) -> Any:
        operator, operand = _children(node)
        value = self.evaluate(operand)
        if isinstance(value, Unknown):
            return self._unknown(node, value)
        if str(operator) == "-" and _is_number(value):
            return -value
        if str(operator) == "!" and isinstance(value, bool):
            return not value
        return self._unknown(node, reason=f"{operator} cannot apply to {value!r}", error=True)

    def _eval_BinaryOpRule(self, node: Any) -> Any:
        left_node, *terms = _rules(node)
        value = self.evaluate(left_node)
        for term in terms:
            if _name(term) != "BinaryTermRule":
                continue
            operator_rule, right_node = _rules(term)
            operator = str(_children(operator_rule)[0])
            value = self._binary(node, operator, value, lambda right_node=right_node: self.evaluate(right_node))
        return value

    def _binary(self, node: Any, operator: str, left: Any, right_of: Callable[[], Any]) -> Any:
        if operator in ("&&", "||"):
            if left is (operator == "||") and isinstance(left, bool):
                return left  # false && x, true || x: decided without x
            right = right_of()
            if isinstance(left, Unknown) or isinstance(right, Unknown):
                if right is (operator == "||") and isinstance(right, bool):
                    return right
                return self._unknown(node, left, right)
            if not isinstance(left, bool) or not isinstance(right, bool):
                return self._unknown(node, reason=f"{operator} needs two bools", error=True)
            return left and right if operator == "&&" else left or right
        right = right_of()
        if has_unknown(left) or has_unknown(right):
            return self._unknown(node, _first_unknown(left), _first_unknown(right))
        if operator in ("==", "!="):
            equal = (
                left == right if _is_number(left) and _is_number(right) else type(left) is type(right) and left == right
            )
            return equal if operator == "==" else not equal
        left, right = _as_number(left), _as_number(right)  # Terraform converts "3" to 3 here
        if not (_is_number(left) and _is_number(right)):
            return self._unknown(node, reason=f"{operator} needs two numbers", error=True)
        try:
            result = {
                "+": lambda: left + right,
                "-": lambda: left - right,
                "*": lambda: left * right,
                "/": lambda: left / right,
                "%": lambda: math.fmod(left, right),  # the sign of the dividend, as in Go
                "<": lambda: left < right,
                ">": lambda: left > right,
                "<=": lambda: left <= right,
                ">=": lambda: left >= right,
            }[operator]()
        except (KeyError, ZeroDivisionError):
            return self._unknown(node, reason=f"{left!r} {operator} {right!r} cannot be computed", error=True)
        if isinstance(result, float) and result.is_integer() and operator != "/":
            return int(result)
        return result

    def _eval_ConditionalRule(self, node: Any) -> Any:
        condition, if_true, if_false = _rules(node)
        test = self.evaluate(condition)
        test = {"true": True, "false": False}.get(test, test) if isinstance(test, str) else test
        if isinstance(test, bool):
            return self.evaluate(if_true if test else if_false)
        if isinstance(test, Unknown):
            first, second = self.evaluate(if_true), self.evaluate(if_false)
            if first == second and not isinstance(first, Unknown):
                return first  # both branches agree: the condition does not matter
            return self._unknown(node, test)
        return self._unknown(node, reason="a condition must be a bool", error=True)

    # --- strings --------------------------------------------------------------------------
    def _eval_StringRule(self, node: Any) -> Any:
        parts = [p for p in _children(node) if _name(p) == "StringPartRule"]
        if len(parts) == 1 and _name(parts[0].content) == "InterpolationRule":
            inner = _rules(parts[0].content)
            if len(inner) == 1:
                return self.evaluate(inner[0])  # "${local.tags}" is the map itself, not text
        pieces: list[str] = []
        cause: Unknown | None = None
        for part in _children(node):
            if _name(part) != "StringPartRule":
                continue  # the quotes
            content = part.content
            if _is_token(content):
                text = str(content)
                if content.kind in ("ESCAPED_INTERPOLATION", "ESCAPED_DIRECTIVE"):
                    pieces.append(text[1:])  # $${x} is the literal text ${x}
                else:
                    pieces.append(_unescape(text))
            elif _name(content) == "InterpolationRule":
                inner = _rules(content)
                value = self.evaluate(inner[0]) if len(inner) == 1 else Unknown("")
                if isinstance(value, Unknown):
                    cause = cause or value
                elif isinstance(value, bool):
                    pieces.append("true" if value else "false")
                elif _is_number(value):
                    pieces.append(_number_text(value))
                elif isinstance(value, str):
                    pieces.append(value)
                else:
                    cause = cause or Unknown("", f"a {type(value).__name__} cannot go in a string", error=True)
            else:
                cause = cause or Unknown("", "a %{ } template directive")
        if cause is not None:
            return self._unknown(node, cause)
        return "".join(pieces)

    def _heredoc(self, node: Any, trim: bool) -> Any:
        raw = str(_children(node)[0])
        if "${" in raw.replace("$${", "") or "%{" in raw.replace("%%{", ""):
            return self._unknown(node, reason="a heredoc template with interpolations")
        lines = raw.split("\n")
        body = lines[1:-1] if lines[-1].strip() else lines[1:-2]
        if trim:
            indents = [len(ln) - len(ln.lstrip()) for ln in body if ln.strip()]
            cut = min(indents, default=0)
            body = [ln[cut:] for ln in body]
        return ("\n".join(body) + "\n").replace("$${", "${").replace("%%{", "%{")

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
                # record the unknown one, so classification can say so.
                result[unknown_key(key.text)] = key
                continue
            result[key] = self.evaluate(value_rule)
        return result

    def object_key(self, key_rule: Any) -> str | Unknown:
        inner = _children(key_rule)
        if _name(key_rule) == "ObjectElemKeyRule" and len(inner) == 1:
            only = inner[0]
            if _name(only) == "IdentifierRule":
                return str(only.text)
            value = self.evaluate(only)
        else:
            value = self.evaluate(inner[0]) if len(inner) == 1 else Unknown("<key>")
        if isinstance(value, str):
            return value
        if _is_number(value):
            return _number_text(value)
        return value if isinstance(value, Unknown) else Unknown(expression_text(key_rule), error=True)

    # --- references and traversal ---------------------------------------------------------
    def _eval_IdentifierRule(self, node: Any) -> Any:
        name = str(node.text)
        for frame in reversed(self._bound):
            if name in frame:
                return frame[name]
        value = self._resolver(name) if self._resolver is not None else None
        if value is None:
            return Unknown(name, f"{name} is not something hds-lint can read statically")
        return value

    def _eval_GetAttrExprTermRule(self, node: Any) -> Any:
        base_node, attr = _rules(node)
        return self._get(node, self.evaluate(base_node), _attr_name(attr))

    def _eval_IndexExprTermRule(self, node: Any) -> Any:
        base_node, index_rule = _rules(node)
        base = self.evaluate(base_node)
        (key_node,) = _rules(index_rule) or [None]
        key = self.evaluate(key_node) if key_node is not None else Unknown("")
        return self._get(node, base, key)

    def _get(self, node: Any, base: Any, key: Any) -> Any:
        """`base.key` or `base[key]`, as Terraform would, with Unknown where it cannot know."""
        if isinstance(base, Unknown) or isinstance(key, Unknown):
            return self._unknown(node, base, key)
        if isinstance(base, Lazy):
            value = base.get(str(key))
            if value is MISSING:
                return Unknown(expression_text(node), f"{base.label}.{key} is not declared", error=True)
            return value
        if isinstance(base, dict):
            text_key = _number_text(key) if _is_number(key) else key
            if text_key in base:
                return base[text_key]
            partial = [v for k, v in base.items() if isinstance(v, Unknown) and is_unknown_key(k)]
            if partial:
                return self._unknown(node, partial[0])
            if isinstance(base, Computed):
                return Unknown(expression_text(node), f"{key} is known only after apply")
            return Unknown(expression_text(node), f"no {key!r} in this object", error=True)
        if isinstance(base, list) and _is_number(key) and float(key).is_integer():
            index = int(key)
            if 0 <= index < len(base):
                return base[index]
            return Unknown(expression_text(node), f"index {index} is out of range", error=True)
        return Unknown(expression_text(node), f"cannot take {key!r} from a {type(base).__name__}", error=True)

    def _splat(self, node: Any) -> Any:
        base_node, splat = _rules(node)
        base = self.evaluate(base_node)
        if isinstance(base, Unknown):
            return self._unknown(node, base)
        items = base if isinstance(base, list) else ([] if base is None else [base])
        results = []
        for item in items:
            value = item
            for step in _rules(splat):
                if _name(step) == "GetAttrRule":
                    value = self._get(node, value, _attr_name(step))
                elif _name(step) in ("SqbIndexRule", "ShortIndexRule"):
                    inner = _rules(step)
                    value = self._get(node, value, self.evaluate(inner[0]) if inner else Unknown(""))
            results.append(value)
        return results

    _eval_FullSplatExprTermRule = _splat
    _eval_AttrSplatExprTermRule = _splat

    # --- for expressions ------------------------------------------------------------------
    def _iterate(self, node: Any, intro: Any) -> Iterator[dict[str, Any]] | Unknown:
        names = [str(c.text) for c in _rules(intro) if _name(c) == "IdentifierRule"]
        collection_nodes = [c for c in _rules(intro) if _name(c) != "IdentifierRule"]
        collection = self.evaluate(collection_nodes[0]) if collection_nodes else Unknown("")
        if isinstance(collection, Lazy):
            collection = dict(collection.items())
        if isinstance(collection, Unknown):
            return self._unknown(node, collection)
        if isinstance(collection, dict) and any(is_unknown_key(k) for k in collection):
            return self._unknown(node, _first_unknown(collection))
        if isinstance(collection, dict):
            pairs = [(k, collection[k]) for k in sorted(collection)]
        elif isinstance(collection, list):
            pairs = list(enumerate(collection))
        else:
            return self._unknown(node, reason="a for expression needs a list or a map", error=True)

        def frames() -> Iterator[dict[str, Any]]:
            for key, value in pairs:
                yield {names[0]: key, names[1]: value} if len(names) == 2 else {names[0]: value}

        return frames()

    @contextlib.contextmanager
    def bound(self, frame: dict[str, Any]) -> Iterator[None]:
        """Names bound within the block (a `for` variable, a dynamic block's iterator)."""
        self._bound.append(frame)
        try:
            yield
        finally:
            self._bound.pop()

    def _with(self, frame: dict[str, Any], node: Any) -> Any:
        with self.bound(frame):
            return self.evaluate(node)

    def _keeps(self, frame: dict[str, Any], condition: Any) -> Any:
        """Whether a `for` expression keeps an element: its `if` clause's value, else True."""
        return True if condition is None else self._with(frame, _rules(condition)[0])

    def _eval_ForTupleExprRule(self, node: Any) -> Any:
        intro, *rest = _rules(node)
        value_node = rest[0]
        condition = rest[1] if len(rest) > 1 else None
        frames = self._iterate(node, intro)
        if isinstance(frames, Unknown):
            return frames
        result = []
        for frame in frames:
            keep = self._keeps(frame, condition)
            if isinstance(keep, Unknown):
                return self._unknown(node, keep)
            if not keep:
                continue
            result.append(self._with(frame, value_node))
        return result

    def _eval_ForObjectExprRule(self, node: Any) -> Any:
        intro, key_node, value_node, *rest = _rules(node)
        grouping = any(_is_token(c) and c.kind == "ELLIPSIS" for c in _children(node))
        condition = rest[0] if rest else None
        frames = self._iterate(node, intro)
        if isinstance(frames, Unknown):
            return frames
        result: dict[str, Any] = {}
        for frame in frames:
            keep = self._keeps(frame, condition)
            if isinstance(keep, Unknown):
                return self._unknown(node, keep)
            if not keep:
                continue
            key = self._with(frame, key_node)
            if isinstance(key, Unknown):
                return self._unknown(node, key)
            key = (
                ("true" if key else "false") if isinstance(key, bool) else _number_text(key) if _is_number(key) else key
            )
            value = self._with(frame, value_node)
            if grouping:
                result.setdefault(str(key), []).append(value)
            elif str(key) in result:
                return self._unknown(node, reason=f"duplicate key {key!r} (Terraform needs ... to group)", error=True)
            else:
                result[str(key)] = value
        return result

    # --- functions ------------------------------------------------------------------------
    def _eval_FunctionCallRule(self, node: Any) -> Any:
        names = [r for r in _rules(node) if _name(r) == "IdentifierRule"]
        rest = [r for r in _rules(node) if _name(r) != "IdentifierRule"]
        name = "::".join(str(n.text) for n in names)  # provider::aws::arn_parse
        arguments = next((r for r in rest if _name(r) == "ArgumentsRule"), None)
        argument_nodes = _rules(arguments) if arguments is not None else []
        expand = arguments is not None and any(_is_token(c) and c.kind == "ELLIPSIS" for c in _children(arguments))
        if name in ("try", "can"):
            return self._try(node, name, argument_nodes)
        function = FUNCTIONS.get(name)
        if function is None:
            self._note(node, f"function {name}() is not evaluated by hds-lint; values that depend on it are unknown")
            return Unknown(expression_text(node), f"{name}() is not evaluated by hds-lint")
        args = [self.evaluate(a) for a in argument_nodes]
        if expand and args:
            last = args.pop()
            if isinstance(last, Unknown):
                return self._unknown(node, last)
            args.extend(last if isinstance(last, list) else [last])
        if name not in PARTIAL and any(has_unknown(a) for a in args):
            return self._unknown(node, *[_first_unknown(a) for a in args])
        try:
            return function(args)
        except FunctionError as exc:
            self._note(node, f"{exc}; the value is treated as unknown")
            return Unknown(expression_text(node), str(exc), error=True)
        except (TypeError, ValueError, KeyError, IndexError, OverflowError) as exc:
            self._note(node, f"{name}(): {exc}; the value is treated as unknown")
            return Unknown(expression_text(node), f"{name}(): {exc}", error=True)

    def _try(self, node: Any, name: str, argument_nodes: list[Any]) -> Any:
        """try() takes the first argument that evaluates without error; can() says whether
        its argument does. An Unknown that is not an error could still fail at plan time."""
        for argument in argument_nodes:
            value = self.evaluate(argument)
            if isinstance(value, Unknown):
                if value.error:
                    if name == "can":
                        return False
                    continue
                return self._unknown(node, value)
            return True if name == "can" else value
        return Unknown(expression_text(node), "no argument of try() can be evaluated", error=True)


def _attr_name(attr_rule: Any) -> str:
    names = [c for c in _rules(attr_rule) if _name(c) == "IdentifierRule"]
    return str(names[0].text) if names else ""


def _as_number(value: Any) -> Any:
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() else number
    return value


def _first_unknown(value: Any) -> Any:
    """The first Unknown inside a value (for its reason), or the value itself."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, dict):
        return next((_first_unknown(v) for v in value.values() if has_unknown(v)), value)
    if isinstance(value, list):
        return next((_first_unknown(v) for v in value if has_unknown(v)), value)
    return value


# The evaluator's method for each node kind, looked up once rather than by name per node.
_METHODS: dict[str, Callable[[Evaluator, Any], Any]] = {
    name.removeprefix("_eval_"): method for name, method in vars(Evaluator).items() if name.startswith("_eval_")
}
