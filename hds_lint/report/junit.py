"""`--format junit`: JUnit XML, so CI test dashboards (GitLab, Jenkins, Azure) list HDS findings.

One testsuite per rule that has findings, one testcase per rule and resource (a resource's
findings of one rule share a testcase, so a dashboard shows each resource once per rule).
Findings without a resource (suppression comments, unreadable files) are their own resource,
named by file and line. `file` and `line` attributes are set where GitLab and test-report
actions read them; Jenkins shows `classname` (the rule ID, then its slug as the class) and
`name` (the resource).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from hds_lint.checks import RULES, rule
from hds_lint.model import Finding, ScanResult
from hds_lint.report.paths import relative
from hds_lint.report.text import summary

_SEVERITY = {"error": 2, "warning": 1, "note": 0}
# Characters XML 1.0 cannot hold even escaped; a message quoting a binary file must not break the report.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _resource(finding: Finding, root: Path) -> str:
    return finding.address or f"{relative(finding.location.path, root)}:{finding.location.start_line}"


def _details(findings: list[Finding], root: Path) -> str:
    """What a failure's body says: each finding with its place, message, context and fix."""
    lines: list[str] = []
    for f in findings:
        meta = rule(f.rule_id)
        lines.append(f"{relative(f.location.path, root)}:{f.location.start_line}: {f.level} {f.rule_id} {meta.slug}")
        lines.append(f.message)
        lines += [f"- {r.message} ({relative(r.span.path, root)}:{r.span.start_line})" for r in f.related]
        lines.append(f"fix: {meta.fix}")
    return _xml("\n".join(lines))


def _testcase(
    suite: ET.Element, findings: list[Finding], root: Path, justifications: list[str], counts: dict[str, int]
) -> None:
    """Error and warning findings fail the testcase. A testcase whose findings are all notes
    passes, with the notes in `system-out`: the check ran and found something worth reading,
    which `skipped` (dashboards read it as "did not run") would misstate. `skipped` is kept for
    suppressed findings (with --include-suppressed): a check deliberately set aside, with its
    justification as the message."""
    first = findings[0]
    meta = rule(first.rule_id)
    case = ET.SubElement(
        suite,
        "testcase",
        classname=f"{meta.id}.{meta.slug}",
        name=_xml(_resource(first, root)),
        file=_xml(relative(first.location.path, root)),
        line=str(first.location.start_line),
        time="0",
    )
    counts["tests"] += 1
    details = _details(findings, root)
    if justifications:
        ET.SubElement(case, "skipped", message=_xml(f"suppressed: {'; '.join(justifications)}")).text = details
        counts["skipped"] += 1
        return
    worst = max(findings, key=lambda f: _SEVERITY[f.level])
    if worst.level == "note":
        ET.SubElement(case, "system-out").text = details
        return
    ET.SubElement(case, "failure", message=_xml(worst.message), type=worst.level).text = details
    counts["failures"] += 1


def render(result: ScanResult, root: Path, *, include_suppressed: bool = False) -> str:
    """A scan with no findings gives one passing testcase, not an empty report: Jenkins fails a
    build on a report with no tests unless told otherwise."""
    groups: dict[tuple[str, ...], tuple[list[Finding], list[str]]] = {}
    shown = [(f, None) for f in result.findings]
    if include_suppressed:
        shown += list(result.suppressed)
    for finding, justification in shown:
        key = (finding.rule_id, relative(finding.location.path, root), _resource(finding, root))
        # A resource's suppressed and reported findings of one rule stay in separate testcases.
        key += ("suppressed",) if justification else ()
        findings, justifications = groups.setdefault(key, ([], []))
        findings.append(finding)
        if justification:
            justifications.append(justification)

    total = {"tests": 0, "failures": 0, "skipped": 0}
    top = ET.Element("testsuites", name="hds-lint")
    for meta in RULES:
        keys = sorted(k for k in groups if k[0] == meta.id)
        if not keys:
            continue
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        suite = ET.SubElement(top, "testsuite", name=f"{meta.id} {meta.slug}")
        for key in keys:
            findings, justifications = groups[key]
            _testcase(suite, findings, root, justifications, counts)
        suite.attrib.update({k: str(v) for k, v in counts.items()}, errors="0", time="0")
        for k in total:
            total[k] += counts[k]
    if not groups:
        zero = {"failures": "0", "errors": "0", "skipped": "0", "time": "0"}
        suite = ET.SubElement(top, "testsuite", name="hds-lint", tests="1", **zero)
        case = ET.SubElement(suite, "testcase", classname="hds-lint", name="no findings", time="0")
        ET.SubElement(case, "system-out").text = _xml(summary(result))
        total["tests"] = 1
    top.attrib.update({k: str(v) for k, v in total.items()}, errors="0", time="0")
    ET.indent(top)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(top, encoding="unicode") + "\n"
