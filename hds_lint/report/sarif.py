"""SARIF 2.1.0 for GitHub code scanning, built with sarif-om and serialised here.

sarif-om is an object model only: `to_dict` turns its attrs classes into the JSON names the
schema uses, leaving out what is unset. Choices GitHub imposes are explained where made.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attr
import sarif_om as om

from hds_lint import __version__
from hds_lint.checks import RULES
from hds_lint.checks.base import RuleMeta
from hds_lint.model import Finding, LoadProblem, ScanResult, Span
from hds_lint.report import jsontext
from hds_lint.report.paths import relative, uri
from hds_lint.ruledoc import as_markdown, as_text

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"


def to_dict(value: Any) -> Any:
    if attr.has(type(value)):
        out = {}
        for field in attr.fields(type(value)):
            item = getattr(value, field.name)
            if item is None or (field.default is not attr.NOTHING and item == field.default and field.name != "level"):
                continue
            out[field.metadata.get("schema_property_name", field.name)] = to_dict(item)
        return out
    if isinstance(value, dict):
        return {k: to_dict(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [to_dict(v) for v in value]
    return value


def _escape(text: str) -> str:
    """Brackets in a message would read as SARIF embedded links (`local.m["k"]`)."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _rule(meta: RuleMeta) -> om.ReportingDescriptor:
    properties: dict[str, Any] = {"tags": list(meta.tags), "precision": meta.precision}
    if meta.security_severity:
        properties["security-severity"] = meta.security_severity
    else:
        properties["problem.severity"] = "warning" if meta.level != "error" else "error"
    return om.ReportingDescriptor(
        id=meta.id,
        name=meta.name,
        short_description=om.MultiformatMessageString(text=meta.title),
        full_description=om.MultiformatMessageString(text=meta.summary),
        help=om.MultiformatMessageString(text=as_text(meta), markdown=as_markdown(meta)),
        default_configuration=om.ReportingConfiguration(level=meta.level),
        properties=properties,
    )


def _location(span: Span, root: Path, message: str | None = None, ident: int | None = None) -> om.Location:
    return om.Location(
        id=ident,
        physical_location=om.PhysicalLocation(
            artifact_location=om.ArtifactLocation(uri=uri(span.path, root), uri_base_id=SRCROOT),
            region=om.Region(start_line=span.start_line, end_line=span.end_line),
        ),
        message=om.Message(text=message) if message else None,
    )


def _result(finding: Finding, index: dict[str, int], root: Path, justification: str | None = None) -> om.Result:
    related = [_location(r.span, root, r.message, i) for i, r in enumerate(finding.related, start=1)]
    text = _escape(finding.message)
    if related:
        links = "; ".join(f"[{_escape(r.message)}]({i})" for i, r in enumerate(finding.related, start=1))
        text = f"{text} ({links})"
    return om.Result(
        rule_id=finding.rule_id,
        rule_index=index[finding.rule_id],
        level=finding.level,
        message=om.Message(text=text),
        locations=[_location(finding.location, root)],
        related_locations=related or None,
        partial_fingerprints={"primaryLocationLineHash": finding.fingerprint(relative(finding.location.path, root))},
        properties={"address": finding.address, "kind": finding.kind} if finding.address else None,
        suppressions=[om.Suppression(kind="inSource", justification=justification)] if justification else None,
    )


def _notification(problem: LoadProblem, level: str, root: Path) -> om.Notification:
    return om.Notification(
        message=om.Message(text=problem.message),
        level=level,
        locations=[_location(Span(problem.path, problem.line, problem.line), root)],
    )


def render(result: ScanResult, root: Path, *, include_suppressed: bool = False) -> str:
    """One run, every rule described, URIs relative to `root` (the repository root).

    GitHub code scanning opens alerts even for results that carry `suppressions`
    (github/codeql-action#1230), so suppressed results are left out unless asked for, for
    audit trails and dismissal tools.
    """
    index = {meta.id: i for i, meta in enumerate(RULES)}
    notifications = [_notification(p, "warning", root) for p in result.problems]
    notifications += [_notification(p, "note", root) for p in result.notices]
    run = om.Run(
        tool=om.Tool(
            driver=om.ToolComponent(
                name="hds-lint",
                semantic_version=__version__,
                rules=[_rule(meta) for meta in RULES],
            )
        ),
        original_uri_base_ids={SRCROOT: om.ArtifactLocation(description=om.Message(text="The repository root."))},
        invocations=[om.Invocation(execution_successful=True, tool_execution_notifications=notifications or None)],
        results=[_result(f, index, root) for f in result.findings]
        + ([_result(f, index, root, why) for f, why in result.suppressed] if include_suppressed else []),
    )
    log = om.SarifLog(runs=[run], version="2.1.0", schema_uri=SCHEMA)
    return jsontext.dumps(to_dict(log))
