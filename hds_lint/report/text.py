"""The report a person reads in a terminal: findings grouped by file, the fix, a summary."""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from pathlib import Path

from hds_lint.checks import rule
from hds_lint.model import ScanResult, Span
from hds_lint.report.paths import relative
from hds_lint.sources import READ_ERRORS, read_text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(result: ScanResult) -> str:
    """One line of counts: also printed on stderr when the report goes to a file."""
    levels = Counter(f.level for f in result.findings)
    counts = ", ".join(_plural(levels[lv], lv) for lv in ("error", "warning", "note") if levels[lv])
    head = _plural(len(result.findings), "finding") + (f" ({counts})" if counts else "")
    tail = (
        f"{_plural(len(result.files), 'file')} scanned, {_plural(result.resources, 'resource')}, "
        f"{result.in_scope} holding or possibly holding health data"
    )
    if result.problems:
        tail += f"; {_plural(len(result.problems), 'file')} could not be parsed (HDS900)"
    if result.suppressed:
        tail += f"; {len(result.suppressed)} suppressed inline"
    if result.baselined:
        tail += f"; {result.baselined} in the baseline"
    return f"{head}; {tail}."


_COLORS = {"error": "31", "warning": "33", "note": "36", "bold": "1", "dim": "2"}
SNIPPET_LINES = 3


def _paint(text: str, style: str, color: bool) -> str:
    return f"\033[{_COLORS[style]}m{text}\033[0m" if color else text


class _Sources:
    """The scanned files' lines, read once, to show the offending lines under a finding."""

    def __init__(self) -> None:
        self._lines: dict[str, list[str]] = {}

    def snippet(self, span: Span) -> list[tuple[int, str]]:
        if span.path not in self._lines:
            try:
                self._lines[span.path] = read_text(span.path).splitlines()  # the text that was scanned
            except READ_ERRORS:
                self._lines[span.path] = []
        lines = self._lines[span.path]
        last = min(span.end_line, span.start_line + SNIPPET_LINES - 1, len(lines))
        return [(n, lines[n - 1]) for n in range(span.start_line, last + 1)]


def render(result: ScanResult, root: Path, *, include_suppressed: bool = False, color: bool = False) -> str:
    """Findings grouped by file, each with the offending lines, why the resource is in scope
    and the fix. Suppressed findings are counted in the summary, shown only when asked for.
    `color` for a terminal (the command decides: a tty, and NO_COLOR unset)."""
    sources = _Sources()
    lines: list[str] = []
    shown = [(f, None) for f in result.findings]
    if include_suppressed:
        shown += list(result.suppressed)
    shown.sort(key=lambda pair: (pair[0].location.path, pair[0].location.start_line, pair[0].rule_id))
    for path, group in groupby(shown, key=lambda pair: pair[0].location.path):
        where = relative(path, root)
        lines.append(_paint(where, "bold", color))
        for finding, justification in group:
            meta = rule(finding.rule_id)
            state = f" (suppressed: {justification})" if justification else ""
            level = _paint(finding.level, finding.level, color)
            lines.append(
                f"  {where}:{finding.location.start_line}: {level} {_paint(finding.rule_id, 'bold', color)}"
                f" {meta.slug}{state}"
            )
            lines.append(f"    {finding.message}")
            for number, text in sources.snippet(finding.location):
                lines.append(_paint(f"    {number:>5} | {text}", "dim", color))
            for related in finding.related:
                lines.append(f"    - {related.message} ({relative(related.span.path, root)}:{related.span.start_line})")
            lines.append(f"    fix: {meta.fix}")
        lines.append("")
    for notice in result.notices:
        where = relative(notice.path, root)
        if not Path(notice.path).is_dir():  # a folder that cannot be read has no line
            where = f"{where}:{notice.line}"
        lines.append(f"note: {where}: {notice.message}")
    if result.notices:
        lines.append("")
    lines.append(summary(result))
    return "\n".join(lines) + "\n"
