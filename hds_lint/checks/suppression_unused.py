"""HDS031 suppression-unused: an inline suppression that silenced nothing (checked in suppress.py)."""

from __future__ import annotations

from hds_lint.checks.base import RuleMeta

META = RuleMeta(
    id="HDS031",
    slug="suppression-unused",
    name="SuppressionUnused",
    title="An inline suppression silenced nothing, or could not be read",
    level="note",
    summary=(
        "Reports an inline suppression that matched no finding (the problem was fixed, or it sits "
        "on the wrong line), and a `hds-lint:` comment or annotation that cannot be read (a typo, "
        "an unknown rule), which therefore suppresses nothing."
    ),
    why=(
        "A stale or misspelt suppression looks like an accepted risk to a reviewer while it does "
        "nothing; worse, it silently starts suppressing if the problem comes back."
    ),
    bad_example='# hds-lint: ignore=HDS002 reason="old exception"\nresource "aws_s3_bucket" "fixed_long_ago" {}',
    good_example='resource "aws_s3_bucket" "fixed_long_ago" {}',
    fix=(
        "Delete the suppression, or move it to the line above the resource or attribute it is "
        'about. The syntax is: hds-lint: ignore=HDS002[,HDS004] reason="..." [expires=YYYY-MM-DD].'
    ),
    security_severity=None,
    tags=("hds", "suppression"),
)
