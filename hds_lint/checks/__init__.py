"""The rule registry: one module a rule, each with its META beside its check."""

from __future__ import annotations

from hds_lint.checks import (
    backup_disabled,
    backup_out_of_scope,
    backup_retention,
    parse_error,
    provider,
    region,
    service,
    suppression_expired,
    suppression_unused,
    suppression_without_reason,
    unresolved,
)
from hds_lint.checks.base import RuleMeta
from hds_lint.errors import UsageError

# Checks run on each in-scope resource, in this order.
RESOURCE_CHECKS = (provider, region, service, unresolved, backup_disabled, backup_out_of_scope, backup_retention)
# Checked over all findings at once, in suppress.py.
SUPPRESSION_RULES = (suppression_expired, suppression_unused, suppression_without_reason)
RULES: tuple[RuleMeta, ...] = tuple(
    m.META for m in sorted((*RESOURCE_CHECKS, *SUPPRESSION_RULES, parse_error), key=lambda m: m.META.id)
)


def rule(id_or_slug: str) -> RuleMeta:
    """A rule by ID (case-insensitive) or slug; raises UsageError naming the choices."""
    wanted = id_or_slug.strip().lower()
    for meta in RULES:
        if wanted in (meta.id.lower(), meta.slug):
            return meta
    known = ", ".join(f"{m.id} ({m.slug})" for m in RULES)
    raise UsageError(f"unknown rule {id_or_slug!r}; known rules: {known}")
