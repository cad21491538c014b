"""HDS900 parse-error: a file that could not be read or parsed; the scan goes on without it."""

from __future__ import annotations

from hds_lint.checks.base import RuleMeta
from hds_lint.model import Finding, LoadProblem, Span

META = RuleMeta(
    id="HDS900",
    slug="parse-error",
    name="ParseError",
    title="A file could not be read or parsed",
    level="warning",
    summary=(
        "Reports a Terraform, tfvars, YAML or JSON file that could not be read or parsed. The "
        "rest of the scan goes on; the resources of this file were not checked."
    ),
    why=(
        "A file that is not checked may hide health data hosted out of scope: a skipped file "
        "must be visible, never silent."
    ),
    bad_example='resource "aws_s3_bucket" "scans" {\n  bucket = "pacs-scans"\n',
    good_example='resource "aws_s3_bucket" "scans" {\n  bucket = "pacs-scans"\n}',
    fix=(
        "Fix the syntax error at the line given (`terraform validate` or a YAML linter helps). "
        "For a Helm chart, save the output of `helm template` to a file and scan that file."
    ),
    security_severity=None,
    tags=("hds", "tool"),
    precision="very-high",
)


def finding(problem: LoadProblem) -> Finding:
    return Finding(
        rule_id=META.id,
        level=META.level,
        message=f"Not scanned: {problem.message}.",
        location=Span(problem.path, problem.line, problem.line),
        address="",  # a file, not a resource: reports name it by its location
        kind="file",
        anchor="parse",
    )
