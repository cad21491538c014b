"""HDS012 backup-retention-too-short: backups kept fewer days than the organisation's policy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hds_lint.backup import default_stores
from hds_lint.checks.base import RuleMeta, Subject
from hds_lint.model import AttrPath, Finding, Origin, attr_name

META = RuleMeta(
    id="HDS012",
    slug="backup-retention-too-short",
    name="BackupRetentionTooShort",
    title="Backups kept for less than the backup policy",
    level="warning",
    summary=(
        "Reports backups of health data kept for fewer days than backup.min_retention_days in "
        ".hds-lint.yaml (7 when unset), counting the provider's default when the setting is omitted."
    ),
    why=(
        "How long backups are kept is the organisation's policy, agreed in the hosting contract "
        "(Public Health Code art. R.1111-11) and the ISMS; a backup that expires before an incident "
        "is noticed does not restore health data."
    ),
    bad_example='resource "aws_db_instance" "patients" {\n  # backup_retention_period omitted: 1 day\n}',
    good_example='resource "aws_db_instance" "patients" {\n  backup_retention_period = 14\n}',
    fix="Keep backups at least as long as the policy says, or change the policy in .hds-lint.yaml.",
    security_severity="4.0",
)


def check(subject: Subject) -> Iterator[Finding]:
    resource = subject.resource
    store = default_stores().get(resource.kind)
    if store is None or subject.is_copy or store.backups_off(resource):
        return  # no backups is HDS010's, not a short retention
    if store.retention is not None:
        attribute, default = store.retention.attribute, store.retention.default
    elif store.backup is not None and store.backup.retention_days:
        attribute, default = store.backup.attribute, store.backup.default
    else:
        return
    policy = subject.min_retention_days
    values: list[tuple[Any, AttrPath | None]] = [(v, p) for v, p in resource.values(attribute) if v is not None]
    if not values and default is not None:
        values = [(default, None)]
    for value, path in values:
        days = _days(value)
        if days is None or days == 0 or days >= policy:
            continue  # 0 means "off" (HDS010); unknown values cannot be compared
        where = f"{attribute} = {days:g}" if path else f"{attribute} not set, the default is {days:g}"
        origin = Origin(resource.span_at(path), where, attribute, on_resource=True) if path else None
        yield subject.finding(
            META,
            f"{resource.address} keeps backups of health data {days:g} day{'s' if days != 1 else ''} ({where}), "
            f"less than the {policy} days of the backup policy (backup.min_retention_days). Keep them longer, or "
            "change the policy if it allows this.",
            origin=origin,
            anchor=f"retention:{attr_name(path) if path else attribute}:{_position(path)}",
        )


def _days(value: Any) -> float | None:
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _position(path: AttrPath | None) -> str:
    """Which element of a list of blocks (two backup plan rules are two findings)."""
    return ".".join(str(p) for p in path or () if isinstance(p, int))
