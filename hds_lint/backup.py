"""Backup knowledge (`rules/packs/backup.yaml`): how each data store is backed up, what it
does when the setting is omitted, and where its copies go. HDS activity 6 is backup, and a
copy is health data like the original; the defaults of cloud services are where copies
quietly leave (a geo-redundant default, a backup region chosen by the provider)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from hds_lint.catalog import rules_dir
from hds_lint.errors import UsageError


@dataclass(frozen=True)
class Switch:
    """The setting that turns backups on or off."""

    attribute: str
    default: Any  # the provider's value when omitted
    off: tuple[Any, ...] = ()
    on: tuple[Any, ...] = ()
    retention_days: bool = False
    fix: str = ""

    def is_off(self, value: Any) -> bool:
        if self.on:
            return not any(_same(value, v) for v in self.on)
        return any(_same(value, v) for v in self.off)


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
    default_note: str = ""
    of_backups: bool = False  # a copy of the store's backups: none when backups are off

    def creates_copy(self, value: Any) -> bool:
        return not self.when or any(_same(value, w) for w in self.when)


@dataclass(frozen=True)
class Store:
    type: str
    source: str
    backup: Switch | None = None
    retention: Retention | None = None
    covered_by: tuple[str, ...] = ()
    copies: tuple[Copy, ...] = ()
    note: str = ""


def show_value(value: Any) -> str:
    """A value as Terraform writes it: true, "GRS", 3."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(getattr(value, "text", value))


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().lower() == b.strip().lower()
    return a == b and isinstance(a, bool) == isinstance(b, bool)


def _check_keys(where: str, entry: Any, allowed: set[str], required: set[str]) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise UsageError(f"{where}: expected a mapping")
    unknown = set(entry) - allowed
    missing = required - set(entry)
    if unknown or missing:
        problem = f"unknown key {sorted(unknown)[0]!r}" if unknown else f"missing {sorted(missing)[0]!r}"
        raise UsageError(f"{where}: {problem} (keys: {', '.join(sorted(allowed))})")
    return entry


@cache
def default_stores() -> dict[str, Store]:
    path = rules_dir() / "packs" / "backup.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UsageError(f"{path}: cannot read the backup pack: {exc}") from exc
    stores = {}
    for rtype, entry in (data.get("stores") or {}).items():
        where = f"{path}: stores.{rtype}"
        entry = _check_keys(where, entry, {"backup", "retention", "covered_by", "copies", "note", "source"}, {"source"})
        backup = None
        if "backup" in entry:
            b = _check_keys(
                f"{where}.backup",
                entry["backup"],
                {"attribute", "default", "disabled_when", "enabled_when", "retention_days", "fix"},
                {"attribute", "fix"},
            )
            backup = Switch(
                b["attribute"],
                b.get("default"),
                tuple(b.get("disabled_when", ())),
                tuple(b.get("enabled_when", ())),
                bool(b.get("retention_days")),
                b["fix"],
            )
        retention = None
        if "retention" in entry:
            r = _check_keys(f"{where}.retention", entry["retention"], {"attribute", "default"}, {"attribute"})
            retention = Retention(r["attribute"], r.get("default"))
        copies = []
        for index, c in enumerate(entry.get("copies") or []):
            c = _check_keys(
                f"{where}.copies[{index}]",
                c,
                {"attribute", "to", "description", "fix", "when", "default", "by_region", "default_note", "of_backups"},
                {"attribute", "to", "description", "fix"},
            )
            if c["to"] not in ("value", "paired", "other_region", "by_region"):
                raise UsageError(f"{where}.copies[{index}].to: expected value, paired, other_region or by_region")
            copies.append(
                Copy(
                    c["attribute"],
                    c["to"],
                    c["description"],
                    c["fix"],
                    tuple(c.get("when", ())),
                    c.get("default"),
                    c.get("by_region"),
                    c.get("default_note", ""),
                    bool(c.get("of_backups")),
                )
            )
        stores[rtype] = Store(
            rtype,
            entry["source"],
            backup,
            retention,
            tuple(entry.get("covered_by", ())),
            tuple(copies),
            entry.get("note", ""),
        )
    return stores
