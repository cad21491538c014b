"""`--format markdown`: a report for `$GITHUB_STEP_SUMMARY` (or a pull request comment).

GitHub Flavored Markdown: counts first, so the page answers "how bad" at a glance, then one
table row per finding. GitHub refuses a step summary over 1 MiB, so the findings table stops
at MAX_ROWS with a line saying how many were left out (the counts still include them).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from hds_lint.checks import RULES, rule
from hds_lint.model import Finding, ScanResult
from hds_lint.report.paths import relative
from hds_lint.report.text import summary

MAX_ROWS = 1000
LEVELS = ("error", "warning", "note")


_ESCAPED = str.maketrans({c: "\\" + c for c in "\\`*[]|"} | {"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def cell(text: str) -> str:
    """Table cell text, shown as written: a pipe would split the cell, `<` open HTML, `*` or `[`
    start emphasis or a link (`local.m["k"]`), a newline end the row."""
    text = text.translate(_ESCAPED)
    return "<br>".join(line.strip() for line in text.splitlines()) or " "


def _counts(result: ScanResult) -> list[str]:
    by_rule = Counter((f.rule_id, f.level) for f in result.findings)
    lines = ["| rule | " + " | ".join(LEVELS) + " | total |", "|---|" + "---:|" * (len(LEVELS) + 1)]
    for meta in RULES:
        row = [by_rule[(meta.id, level)] for level in LEVELS]
        if sum(row):
            lines.append(f"| {meta.id} {meta.slug} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    totals = [sum(f.level == level for f in result.findings) for level in LEVELS]
    lines.append("| **total** | " + " | ".join(map(str, totals)) + f" | {sum(totals)} |")
    return lines


def _rows(findings: list[Finding], root: Path, justifications: list[str] | None = None) -> list[str]:
    head = "| level | rule | file:line | resource | message |"
    lines = [head + (" justification |" if justifications else ""), "|---" * (5 + bool(justifications)) + "|"]
    for index, f in enumerate(findings[:MAX_ROWS]):
        where = f"{relative(f.location.path, root)}:{f.location.start_line}"
        row = [f.level, f"{f.rule_id} {rule(f.rule_id).slug}", where, f.address or " ", f.message]
        if justifications:
            row.append(justifications[index])
        lines.append("| " + " | ".join(cell(c) for c in row) + " |")
    if len(findings) > MAX_ROWS:
        lines += ["", f"... and {len(findings) - MAX_ROWS} more: see the full report (`--format sarif` or `json`)."]
    return lines


def render(result: ScanResult, root: Path, *, include_suppressed: bool = False) -> str:
    """Title, counts by rule and level, the findings, and what was set aside (suppressed, baselined)."""
    lines = ["## hds-lint: HDS hosting compliance", "", summary(result), ""]
    if result.findings:
        lines += [*_counts(result), "", "### Findings", "", *_rows(list(result.findings), root)]
    else:
        lines.append("No findings.")
    lines += [
        "",
        f"Suppressed inline: {len(result.suppressed)}. In the baseline: {result.baselined}. "
        "Neither is listed above, and neither fails the build.",
    ]
    if include_suppressed and result.suppressed:
        findings, why = [f for f, _ in result.suppressed], [j for _, j in result.suppressed]
        lines += ["", "### Suppressed findings", "", *_rows(findings, root, why)]
    return "\n".join(lines) + "\n"
