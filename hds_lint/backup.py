"""Backup knowledge (`rules/packs/backup.yaml`): how each data store is backed up, what it
does when the setting is omitted, and where its copies go. HDS activity 6 is backup, and a
copy is health data like the original; the defaults of cloud services are where copies
quietly leave (a geo-redundant default, a backup region chosen by the provider)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from hds_lint import yamlnodes
from hds_lint.catalog import rules_dir
from hds_lint.errors import UsageError
from hds_lint.model import AttrPath, Resource, Unknown


def terraform_equal(value: Any, expected: Any) -> bool:
    """Equality after Terraform's conversions: "true" is true and "0" is 0 for a bool or
    number attribute; strings compare without case (service enums such as GRS, Geo)."""
    if isinstance(expected, bool) and isinstance(value, str):
        value = {"true": True, "false": False}.get(value.strip().lower(), value)
    elif isinstance(expected, int | float) and not isinstance(expected, bool) and isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return False
    if isinstance(value, str) and isinstance(expected, str):
        return value.strip().lower() == expected.strip().lower()
    return value == expected and isinstance(value, bool) == isinstance(expected, bool)


def show_value(value: Any) -> str:
    """A value as Terraform writes it: true, "GRS", 3."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value.text if isinstance(value, Unknown) else value)


@dataclass(frozen=True)
class Setting:
    """An attribute's value on a resource, or the provider's default when it is omitted."""

    value: Any
    path: AttrPath | None  # None when omitted (the default applies)

    @property
    def is_default(self) -> bool:
        return self.path is None


def through_blocks(resource: Resource, dotted: str) -> Iterator[tuple[Any, AttrPath]]:
    """Every value at a dotted path, as `Resource.values` finds them, and also, where a block
    on the way is a `dynamic` block whose for_each cannot be evaluated (or any other value
    hds-lint cannot know stands where blocks should be), that Unknown with its path: the
    blocks it hides may set the attribute, so it is not "omitted"."""

    def walk(value: Any, parts: list[str], path: AttrPath) -> Iterator[tuple[Any, AttrPath]]:
        if isinstance(value, Unknown) and parts:
            yield value, path
        elif isinstance(value, list) and parts:
            for index, item in enumerate(value):
                yield from walk(item, parts, (*path, index))
        elif not parts:
            yield value, path
        elif isinstance(value, dict) and parts[0] in value:
            yield from walk(value[parts[0]], parts[1:], (*path, parts[0]))

    yield from walk(resource.attributes, dotted.split("."), ())


def hidden(value: Any, path: AttrPath | None, dotted: str) -> bool:
    """An Unknown found on the way to `dotted` (a dynamic block), not at it."""
    names = [p for p in path or () if isinstance(p, str)]
    return isinstance(value, Unknown) and path is not None and len(names) < len(dotted.split("."))


def setting(resource: Resource, attribute: str, default: Any) -> Setting:
    found = [(v, p) for v, p in through_blocks(resource, attribute) if v is not None]
    return Setting(found[0][0], found[0][1]) if found else Setting(default, None)


@dataclass(frozen=True)
class Switch:
    """The setting that turns backups on or off."""

    attribute: str
    default: Any  # the provider's value when omitted
    off: tuple[Any, ...] = ()
    on: tuple[Any, ...] = ()
    retention_days: bool = False
    fix: str = ""

    def state(self, value: Any) -> Literal["on", "off", "unknown"]:
        if isinstance(value, Unknown):
            return "unknown"
        if self.on:
            return "on" if any(terraform_equal(value, v) for v in self.on) else "off"
        return "off" if any(terraform_equal(value, v) for v in self.off) else "on"


@dataclass(frozen=True)
class Condition:
    """`attribute` has one of `values` (its `default` when omitted)."""

    attribute: str
    values: tuple[Any, ...]
    default: Any = None

    def holds(self, resource: Resource) -> bool | None:
        value = setting(resource, self.attribute, self.default).value
        if isinstance(value, Unknown):
            return None
        return any(terraform_equal(value, v) for v in self.values)


@dataclass(frozen=True)
class Cover:
    """A resource of `type` that gives the store backups when it refers to it through
    `attribute` (any attribute if None) and meets `condition`."""

    type: str
    attribute: str | None = None
    condition: Condition | None = None


@dataclass(frozen=True)
class Retention:
    attribute: str
    default: Any


@dataclass(frozen=True)
class Copy:
    """A setting that sends copies somewhere: `to` is value, paired, other_region or by_region."""

    attribute: str
    to: str
    description: str
    fix: str
    when: tuple[Any, ...] = ()
    default: Any = None
    by_region: dict[str, str] | None = None
    of_backups: bool = False  # a copy of the store's backups: none when backups are off
    only_if: Condition | None = None  # the copy exists only in this configuration (Periodic backups)

    def creates_copy(self, value: Any) -> bool:
        return not self.when or any(terraform_equal(value, w) for w in self.when)


@dataclass(frozen=True)
class Store:
    type: str
    source: str
    backup: Switch | None = None
    retention: Retention | None = None
    covered_by: tuple[Cover, ...] = ()
    copies: tuple[Copy, ...] = ()
    automatic: bool = False  # the service backs up by itself, with no setting to turn on
    note: str = ""

    def backups_off(self, resource: Resource) -> bool:
        return (
            self.backup is not None
            and self.backup.state(setting(resource, self.backup.attribute, self.backup.default).value) == "off"
        )


# --- loading --------------------------------------------------------------------------------


class _Entry:
    """A mapping of the pack, with typed access and errors that name the entry."""

    def __init__(self, where: str, data: Any, allowed: set[str], required: set[str]) -> None:
        if not isinstance(data, dict):
            raise UsageError(f"{where}: expected a mapping")
        unknown, missing = set(data) - allowed, required - set(data)
        if unknown or missing:
            problem = f"unknown key {sorted(unknown)[0]!r}" if unknown else f"missing {sorted(missing)[0]!r}"
            raise UsageError(f"{where}: {problem} (keys: {', '.join(sorted(allowed))})")
        self.where, self.data = where, data

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = None) -> Any:
        value = self.data.get(key, default)
        if key in self.data and not isinstance(value, kind):
            raise UsageError(f"{self.where}.{key}: expected {getattr(kind, '__name__', kind)}")
        return value

    def values(self, key: str) -> tuple[Any, ...]:
        return tuple(self.get(key, list, []))


def _condition(where: str, data: Any) -> Condition:
    entry = _Entry(where, data, {"attribute", "values", "default"}, {"attribute", "values"})
    return Condition(entry.get("attribute", str), entry.values("values"), entry.data.get("default"))


def _cover(where: str, data: Any) -> Cover:
    if isinstance(data, str):
        return Cover(data)
    entry = _Entry(where, data, {"type", "attribute", "condition"}, {"type"})
    condition = _condition(f"{where}.condition", entry.data["condition"]) if "condition" in entry.data else None
    return Cover(entry.get("type", str), entry.get("attribute", str), condition)


def _store(where: str, rtype: str, data: Any) -> Store:
    entry = _Entry(
        where, data, {"backup", "retention", "covered_by", "copies", "note", "source", "automatic"}, {"source"}
    )
    backup = None
    if "backup" in entry.data:
        b = _Entry(
            f"{where}.backup",
            entry.data["backup"],
            {"attribute", "default", "disabled_when", "enabled_when", "retention_days", "fix"},
            {"attribute", "fix"},
        )
        backup = Switch(
            b.get("attribute", str),
            b.data.get("default"),
            b.values("disabled_when"),
            b.values("enabled_when"),
            bool(b.get("retention_days", bool, False)),
            b.get("fix", str),
        )
    retention = None
    if "retention" in entry.data:
        r = _Entry(f"{where}.retention", entry.data["retention"], {"attribute", "default"}, {"attribute"})
        retention = Retention(r.get("attribute", str), r.data.get("default"))
    copies = []
    for index, raw in enumerate(entry.get("copies", list, [])):
        here = f"{where}.copies[{index}]"
        c = _Entry(
            here,
            raw,
            {
                "attribute",
                "to",
                "description",
                "fix",
                "when",
                "default",
                "by_region",
                "of_backups",
                "only_if",
            },
            {"attribute", "to", "description", "fix"},
        )
        if c.data["to"] not in ("value", "paired", "other_region", "by_region"):
            raise UsageError(f"{here}.to: expected value, paired, other_region or by_region")
        only_if = _condition(f"{here}.only_if", c.data["only_if"]) if "only_if" in c.data else None
        copies.append(
            Copy(
                c.get("attribute", str),
                c.data["to"],
                c.get("description", str),
                c.get("fix", str),
                c.values("when"),
                c.data.get("default"),
                c.get("by_region", dict),
                bool(c.get("of_backups", bool, False)),
                only_if,
            )
        )
    covers = tuple(_cover(f"{where}.covered_by[{i}]", c) for i, c in enumerate(entry.get("covered_by", list, [])))
    return Store(
        rtype,
        entry.get("source", str),
        backup,
        retention,
        covers,
        tuple(copies),
        bool(entry.get("automatic", bool, False)),
        entry.get("note", str, ""),
    )


@cache
def pack_document() -> tuple[Path, Any]:
    path = rules_dir() / "packs" / "backup.yaml"
    try:
        return path, yamlnodes.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UsageError(f"{path}: cannot read the backup pack: {exc}") from exc


@cache
def default_stores() -> dict[str, Store]:
    path, data = pack_document()
    stores = data.get("stores") if isinstance(data, dict) else None
    if not isinstance(stores, dict):
        raise UsageError(f"{path}: expected a mapping `stores`")
    return {rtype: _store(f"{path}: stores.{rtype}", rtype, entry) for rtype, entry in stores.items()}


def covered(store: Store, referrers: tuple[tuple[Resource, str], ...]) -> list[Resource]:
    """The resources that give the store backups, among those that refer to it
    (a condition that cannot be evaluated is given the benefit of the doubt)."""
    found = []
    for cover in store.covered_by:
        for resource, attribute in referrers:
            if resource.kind != cover.type:
                continue
            if cover.attribute and attribute != cover.attribute and not attribute.startswith(cover.attribute + "."):
                continue
            if cover.condition is None or cover.condition.holds(resource) is not False:
                found.append(resource)
    return found


# --- AWS Backup selections ------------------------------------------------------------------
