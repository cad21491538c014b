"""HDS012 backup-retention-too-short: backups kept fewer days than the organisation's policy."""

from __future__ import annotations

from collections.abc import Iterator

from hds_lint.backup import default_stores
from hds_lint.checks.base import RuleMeta, Subject
from hds_lint.model import Finding, Origin

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
    store = default_stores().get(subject.resource.kind)
    if store is None or subject.is_copy:
        return
    if store.retention is not None:
        attribute, default = store.retention.attribute, store.retention.default
    elif store.backup is not None and store.backup.retention_days:
        attribute, default = store.backup.attribute, store.backup.default
        if store.backup.is_off(default):
            default = None  # "no backup" is HDS010's, not a short retention
    else:
        return
    resource = subject.resource
    policy = subject.min_retention_days
    values = [(v, p) for v, p in resource.values(attribute) if v is not None]
    if not values and default is not None:
        values = [(default, None)]
    for value, path in values:
        if isinstance(value, bool) or not isinstance(value, int | float) or value == 0 or value >= policy:
            continue  # 0 means "off" (HDS010); unknown values cannot be compared
        where = f"{attribute} = {value}" if path else f"{attribute} not set, the default is {value}"
        origin = Origin(resource.span_at(path), where, attribute, on_resource=True) if path else None
        yield subject.finding(
            META,
            f"{resource.address} keeps backups of health data {value:g} day{'s' if value != 1 else ''} ({where}), "
            "less than the "
            f"{policy} days of the backup policy (backup.min_retention_days). Keep them longer, or change "
            "the policy if it allows this.",
            origin=origin,
            anchor=f"retention:{attribute}",
        )
