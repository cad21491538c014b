"""Terraform's built-in functions that real code uses for tags and locations.

Each follows Terraform's documented semantics, not an approximation of them (`trimprefix`
removes one prefix, not a set of characters): a function that is not here, or that is
called with arguments it would reject, yields Unknown rather than a guess. Arguments
reach a function already evaluated; Unknown arguments are handled by the evaluator except
for the functions listed in PARTIAL, which can still say something about them.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from hds_lint.model import Unknown, is_unknown_key, unknown_key


class FunctionError(Exception):
    """Terraform would reject this call (wrong type, wrong count, index out of range)."""


def _string(value: Any, name: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, str):
        return value
    raise FunctionError(f"{name}: expected a string, got {_type(value)}")


def number_text(value: float) -> str:
    """Terraform prints whole numbers without a decimal point: 2.0 is "2"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _list(value: Any, name: str) -> list[Any]:
    if isinstance(value, list):
        return value
    raise FunctionError(f"{name}: expected a list, got {_type(value)}")


def _map(value: Any, name: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise FunctionError(f"{name}: expected a map or object, got {_type(value)}")


def _type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "bool", int: "number", float: "number", str: "string", list: "list", dict: "map"}.get(
        type(value), type(value).__name__
    )


def _arity(args: list[Any], name: str, low: int, high: int | None = None) -> None:
    high = low if high is None else high
    if not low <= len(args) <= high:
        expected = str(low) if low == high else f"{low} to {high}"
        raise FunctionError(f"{name}: expected {expected} arguments, got {len(args)}")


def _merge(args: list[Any]) -> Any:
    """Later arguments win. Past an Unknown argument, only the keys set after it are certain."""
    result: dict[str, Any] = {}
    for arg in args:
        if arg is None:
            continue
        if isinstance(arg, Unknown):
            result = {k: Unknown(f"{k} (may be overridden by {arg.text})", arg.reason) for k in result}
            result[unknown_key(arg.text)] = Unknown(arg.text, arg.reason)
            continue
        result.update(_map(arg, "merge"))
    return result


def _lookup(args: list[Any]) -> Any:
    _arity(args, "lookup", 2, 3)
    table, key = args[0], args[1]
    if isinstance(table, Unknown) or isinstance(key, Unknown):
        return Unknown("lookup(...)", (table if isinstance(table, Unknown) else key).reason)
    table = _map(table, "lookup")
    key = _string(key, "lookup")
    if key in table:
        return table[key]
    partial = next((v for k, v in table.items() if is_unknown_key(k)), None)
    if partial is not None:
        return Unknown("lookup(...)", partial.reason if isinstance(partial, Unknown) else "")
    if len(args) == 3:
        return args[2]
    raise FunctionError(f"lookup: no key {key!r} and no default")


def _coalesce(args: list[Any]) -> Any:
    for arg in args:
        if isinstance(arg, Unknown):
            return Unknown("coalesce(...)", arg.reason)
        if arg is not None and arg != "":
            return arg
    raise FunctionError("coalesce: no non-null, non-empty argument")


def _coalescelist(args: list[Any]) -> Any:
    for arg in args:
        if isinstance(arg, Unknown):
            return Unknown("coalescelist(...)", arg.reason)
        if _list(arg, "coalescelist"):
            return arg
    raise FunctionError("coalescelist: no non-empty list")


_VERB = re.compile(r"%(?P<flags>[-+# 0]*)(?P<width>\d+)?(?:\.(?P<precision>\d+))?(?P<verb>[a-zA-Z%])")


def _format(args: list[Any]) -> str:
    if not args:
        raise FunctionError("format: expected a format string")
    spec = _string(args[0], "format")
    values = list(args[1:])

    def one(match: re.Match[str]) -> str:
        verb = match.group("verb")
        if verb == "%":
            return "%"
        if not values:
            raise FunctionError("format: not enough arguments")
        value = values.pop(0)
        if verb in "sv":
            text = json.dumps(value) if isinstance(value, list | dict) else _string(value, "format")
        elif verb == "q":
            text = json.dumps(_string(value, "format"))
        elif verb == "d":
            if isinstance(value, bool) or not isinstance(value, int | float) or not float(value).is_integer():
                raise FunctionError("format: %d needs a whole number")
            text = str(int(value))
        elif verb == "f":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise FunctionError("format: %f needs a number")
            text = f"{value:.{int(match.group('precision') or 6)}f}"
        elif verb == "t":
            if not isinstance(value, bool):
                raise FunctionError("format: %t needs a bool")
            text = "true" if value else "false"
        else:
            raise FunctionError(f"format: verb %{verb} is not supported")
        flags = match.group("flags")
        if verb in "df" and "+" in flags and not text.startswith("-"):
            text = "+" + text
        width = int(match.group("width") or 0)
        if "-" in flags:
            return text.ljust(width)
        if "0" in flags and verb in "df" and text[:1] in "+-":
            return text[0] + text[1:].rjust(width - 1, "0")  # %05d of -3 is -0003
        return text.rjust(width, "0" if "0" in flags and verb in "df" else " ")

    result = _VERB.sub(one, spec)
    if values:
        raise FunctionError("format: too many arguments")
    return result


def _replace(args: list[Any]) -> str:
    _arity(args, "replace", 3)
    text, search, replacement = (_string(a, "replace") for a in args)
    if len(search) > 1 and search.startswith("/") and search.endswith("/"):
        try:
            pattern = re.compile(search[1:-1])
            return pattern.sub(lambda m: _expand(replacement, m), text)
        except (re.error, IndexError) as exc:
            raise FunctionError(
                f"replace: a regular expression hds-lint cannot apply as Terraform would ({exc})"
            ) from exc
    return text.replace(search, replacement)


def _expand(template: str, match: re.Match[str]) -> str:
    """Go's regexp Expand: $1, ${1}, $name, ${name}, $$; everything else, backslashes
    included, is literal."""

    def group(m: re.Match[str]) -> str:
        if m.group(0) == "$$":
            return "$"
        name = m.group(1) or m.group(2)
        value = match.group(int(name)) if name.isdigit() else match.groupdict().get(name)
        return value or ""

    return re.sub(r"\$\$|\$\{(\w+)\}|\$(\w+)", group, template)


def _element(args: list[Any]) -> Any:
    _arity(args, "element", 2)
    items = _list(args[0], "element")
    index = args[1]
    if not is_number(index) or not float(index).is_integer() or index < 0 or not items:
        raise FunctionError("element: needs a non-empty list and a whole, non-negative index")
    return items[int(index) % len(items)]


def _length(args: list[Any]) -> int:
    _arity(args, "length", 1)
    value = args[0]
    if isinstance(value, str | list | dict):
        return len(value)
    raise FunctionError(f"length: cannot measure a {_type(value)}")


def _set(values: list[Any]) -> list[Any]:
    """Terraform sets of strings iterate in lexical order; keep the first of duplicates."""
    unique: list[Any] = []
    for value in values:
        if value not in unique:
            unique.append(value)
    if all(isinstance(v, str) for v in unique) or all(is_number(v) for v in unique):
        unique.sort()
    return unique


def _jsonencode(args: list[Any]) -> str:
    """As Go's encoding/json: sorted keys, 1.0 as 1, and <, >, & escaped for HTML safety."""
    _arity(args, "jsonencode", 1)

    def whole(value: Any) -> Any:
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
            return int(value)
        if isinstance(value, dict):
            return {k: whole(v) for k, v in value.items()}
        if isinstance(value, list):
            return [whole(v) for v in value]
        return value

    text = json.dumps(whole(args[0]), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _flatten(value: Any) -> list[Any]:
    out: list[Any] = []
    for item in _list(value, "flatten"):
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


def _tonumber(args: list[Any]) -> Any:
    _arity(args, "tonumber", 1)
    value = args[0]
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    try:
        number = float(_string(value, "tonumber"))
    except ValueError as exc:
        raise FunctionError(f"tonumber: {value!r} is not a number") from exc
    return int(number) if number.is_integer() and math.isfinite(number) else number


def _tobool(args: list[Any]) -> Any:
    _arity(args, "tobool", 1)
    value = args[0]
    if value is None or isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise FunctionError(f"tobool: {value!r} is not a bool")


def _trim_prefix(args: list[Any]) -> str:
    _arity(args, "trimprefix", 2)
    text, prefix = _string(args[0], "trimprefix"), _string(args[1], "trimprefix")
    return text[len(prefix) :] if prefix and text.startswith(prefix) else text


def _trim_suffix(args: list[Any]) -> str:
    _arity(args, "trimsuffix", 2)
    text, suffix = _string(args[0], "trimsuffix"), _string(args[1], "trimsuffix")
    return text[: -len(suffix)] if suffix and text.endswith(suffix) else text


def _one(args: list[Any]) -> Any:
    _arity(args, "one", 1)
    items = _list(args[0], "one")
    if len(items) > 1:
        raise FunctionError("one: the list has more than one element")
    return items[0] if items else None


def _zipmap(args: list[Any]) -> dict[str, Any]:
    _arity(args, "zipmap", 2)
    keys, values = _list(args[0], "zipmap"), _list(args[1], "zipmap")
    if len(keys) != len(values):
        raise FunctionError("zipmap: the lists differ in length")
    return {_string(k, "zipmap"): v for k, v in zip(keys, values, strict=True)}


def _numbers(args: list[Any], name: str) -> list[float]:
    if not args or any(isinstance(a, bool) or not isinstance(a, int | float) for a in args):
        raise FunctionError(f"{name}: expected numbers")
    return args


def _unary(name: str, apply: Callable[[Any], Any]) -> Callable[[list[Any]], Any]:
    def call(args: list[Any]) -> Any:
        _arity(args, name, 1)
        return apply(args[0])

    return call


def _binary(name: str, apply: Callable[[Any, Any], Any]) -> Callable[[list[Any]], Any]:
    def call(args: list[Any]) -> Any:
        _arity(args, name, 2)
        return apply(args[0], args[1])

    return call


def _join(args: list[Any]) -> str:
    if len(args) < 2:
        raise FunctionError("join: expected a separator and at least one list")
    separator = _string(args[0], "join")
    return separator.join(_string(item, "join") for arg in args[1:] for item in _list(arg, "join"))


def _split(separator: str, text: str) -> list[str]:
    return list(text) if separator == "" else text.split(separator)


def _range(args: list[Any]) -> list[Any]:
    numbers = _numbers(args, "range")
    if len(numbers) > 3:
        raise FunctionError("range: expected 1 to 3 numbers")
    start, stop, step = (
        (0, numbers[0], 1)
        if len(numbers) == 1
        else (numbers[0], numbers[1], numbers[2] if len(numbers) == 3 else (1 if numbers[1] >= numbers[0] else -1))
    )
    if step == 0 or (stop - start) / step > 1024:
        raise FunctionError("range: a step of 0, or more than 1024 elements")
    values, value = [], start
    while (step > 0 and value < stop) or (step < 0 and value > stop):
        values.append(int(value) if float(value).is_integer() else value)
        value += step
    return values


def _formatlist(args: list[Any]) -> list[str]:
    if not args:
        raise FunctionError("formatlist: expected a format string")
    lists = [a for a in args[1:] if isinstance(a, list)]
    length = len(lists[0]) if lists else 1
    if any(len(a) != length for a in lists):
        raise FunctionError("formatlist: the lists differ in length")
    return [_format([args[0], *[a[i] if isinstance(a, list) else a for a in args[1:]]]) for i in range(length)]


FUNCTIONS: dict[str, Callable[[list[Any]], Any]] = {
    "merge": _merge,
    "lookup": _lookup,
    "concat": lambda args: [item for arg in args for item in _list(arg, "concat")],
    "coalesce": _coalesce,
    "coalescelist": _coalescelist,
    "format": _format,
    "join": lambda args: _join(args),
    "split": _binary("split", lambda sep, text: _split(_string(sep, "split"), _string(text, "split"))),
    "lower": _unary("lower", lambda v: _string(v, "lower").lower()),
    "upper": _unary("upper", lambda v: _string(v, "upper").upper()),
    "title": _unary("title", lambda v: re.sub(r"\b\w", lambda m: m.group(0).upper(), _string(v, "title"))),
    "trimspace": _unary("trimspace", lambda v: _string(v, "trimspace").strip()),
    "trimprefix": _trim_prefix,
    "trimsuffix": _trim_suffix,
    "startswith": _binary("startswith", lambda t, p: _string(t, "startswith").startswith(_string(p, "startswith"))),
    "endswith": _binary("endswith", lambda t, s: _string(t, "endswith").endswith(_string(s, "endswith"))),
    "replace": _replace,
    "tostring": _unary("tostring", lambda v: v if v is None else _string(v, "tostring")),
    "tonumber": _tonumber,
    "tobool": _tobool,
    "tomap": _unary("tomap", lambda v: dict(_map(v, "tomap"))),
    "tolist": _unary("tolist", lambda v: list(_list(v, "tolist"))),
    "toset": _unary("toset", lambda v: _set(_list(v, "toset"))),
    "distinct": _unary("distinct", lambda v: [x for i, x in enumerate(_list(v, "distinct")) if x not in v[:i]]),
    "compact": _unary("compact", lambda v: [x for x in _list(v, "compact") if x not in (None, "")]),
    "flatten": _unary("flatten", _flatten),
    "element": _element,
    "keys": _unary("keys", lambda v: sorted(_map(v, "keys"))),
    "values": _unary("values", lambda v: [_map(v, "values")[k] for k in sorted(v)]),
    "length": _length,
    "contains": _binary("contains", lambda items, value: value in _list(items, "contains")),
    "zipmap": _zipmap,
    "one": _one,
    "jsonencode": _jsonencode,
    "range": lambda args: _range(args),
    "formatlist": lambda args: _formatlist(args),
    "sensitive": _unary("sensitive", lambda v: v),
    "nonsensitive": _unary("nonsensitive", lambda v: v),
    "max": lambda args: max(_numbers(args, "max")),
    "min": lambda args: min(_numbers(args, "min")),
}

# Functions that decide on some Unknown arguments themselves (the rest propagate Unknown).
PARTIAL = frozenset({"merge", "coalesce", "coalescelist", "lookup"})
