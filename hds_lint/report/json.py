"""`--format json`: a stable, versioned document for scripts (schema in the README)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hds_lint import __version__
from hds_lint.checks import rule
from hds_lint.model import Finding, LoadProblem, ScanResult, Span
from hds_lint.report import jsontext
from hds_lint.report.paths import relative

SCHEMA_VERSION = 1


def _span(span: Span, root: Path) -> dict[str, Any]:
    return {
        "path": relative(span.path, root),
        "start_line": span.start_line,
        "end_line": span.end_line,
    }


def _problem(problem: LoadProblem, root: Path) -> dict[str, Any]:
    return {"path": relative(problem.path, root), "line": problem.line, "message": problem.message}


def _finding(f: Finding, root: Path) -> dict[str, Any]:
    return {
        "rule": f.rule_id,
        "slug": rule(f.rule_id).slug,
        "level": f.level,
        "message": f.message,
        "address": f.address or None,
        "kind": f.kind,
        "location": _span(f.location, root),
        "related": [{"message": r.message, **_span(r.span, root)} for r in f.related],
        "fingerprint": f.fingerprint(relative(f.location.path, root)),
    }


def render(result: ScanResult, root: Path, *, include_suppressed: bool = False) -> str:
    """Paths relative to `root`; fields are only ever added within a schema version."""
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "hds-lint", "version": __version__},
        "summary": {
            "files": len(result.files),
            "resources": result.resources,
            "in_scope": result.in_scope,
            "findings": len(result.findings),
            "by_level": {lv: sum(f.level == lv for f in result.findings) for lv in ("error", "warning", "note")},
            "suppressed": len(result.suppressed),
            "baselined": result.baselined,
        },
        "findings": [_finding(f, root) for f in result.findings],
        "problems": [_problem(p, root) for p in result.problems],
        "notices": [_problem(p, root) for p in result.notices],
    }
    if include_suppressed:
        document["suppressed"] = [{**_finding(f, root), "justification": why} for f, why in result.suppressed]
    return jsontext.dumps(document)
