"""`--format github`: GitHub Actions workflow commands, which GitHub shows as annotations on the
pull request's changed lines and in the run summary, without code scanning.

GitHub shows at most 10 error and 10 warning annotations per step (50 per job); the log keeps
every line, and the SARIF upload is the way to see them all as alerts.
"""

from __future__ import annotations

from pathlib import Path

from hds_lint.checks import rule
from hds_lint.model import Finding, ScanResult
from hds_lint.report.paths import relative
from hds_lint.report.text import summary

COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    """The message after `::`: GitHub decodes %25, %0D and %0A (escape % first)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A `key=value` property: also `:` and `,`, which would end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(finding: Finding, root: Path, justification: str | None = None) -> str:
    meta = rule(finding.rule_id)
    title = f"{meta.id} {meta.slug}" + (" (suppressed)" if justification else "")
    properties = {
        "file": relative(finding.location.path, root),
        "line": str(finding.location.start_line),
        "endLine": str(finding.location.end_line),
        "title": title,
    }
    lines = [finding.message]
    lines += [f"- {r.message} ({relative(r.span.path, root)}:{r.span.start_line})" for r in finding.related]
    if justification:
        lines.append(f"suppressed: {justification}")
    # A suppressed finding is shown for audit, as a notice: it must not read as a failure.
    command = "notice" if justification else COMMANDS[finding.level]
    joined = ",".join(f"{k}={escape_property(v)}" for k, v in properties.items())
    return f"::{command} {joined}::{escape_data(chr(10).join(lines))}"


def render(result: ScanResult, root: Path, *, include_suppressed: bool = False) -> str:
    """One workflow command per finding, then the summary as a plain log line."""
    lines = [_command(f, root) for f in result.findings]
    if include_suppressed:
        lines += [_command(f, root, why) for f, why in result.suppressed]
    # Escaped too: a file name with a newline in it must not start a workflow command of its own.
    lines += [escape_data(f"hds-lint: note: {relative(n.path, root)}: {n.message}") for n in result.notices]
    lines.append(summary(result))
    return "\n".join(lines) + "\n"
