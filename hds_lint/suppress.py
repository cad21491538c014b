"""Inline suppressions: `hds-lint: ignore=...` comments and `hds-lint.io/*` annotations.

    # hds-lint: ignore=HDS002,region-out-of-scope reason="approved by the DPO, SEC-42" expires=2027-06-30
    # hds-lint: ignore-file=HDS004 reason="regions are set per hospital by the pipeline"

A comment on a line of its own applies to the block or attribute that starts on the next code
line; at the end of a line, to what starts on that line; `ignore-file` to the whole file. The
comment is read from the raw text, as parsers drop comments. A suppression that cannot be read,
has expired, matches nothing or gives no reason is itself reported (HDS031, HDS030, HDS032):
a silent typo would be an accepted risk nobody accepted.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from hds_lint.checks import rule, suppression_expired, suppression_unused, suppression_without_reason
from hds_lint.checks.base import RuleMeta
from hds_lint.errors import UsageError
from hds_lint.model import Finding, Resource, Span

MARKER = "hds-lint:"
ANNOTATION_PREFIX = "hds-lint.io/"
_PAIR = re.compile(r"""([A-Za-z][\w-]*)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^\s"']+)""")
# Where a multi-line string opens, at the end of a line's code: an HCL heredoc `<<EOT` or `<<-EOT`;
# a YAML block scalar `|`, `>-`, `|2`... after a key or a sequence dash, maybe with a tag or anchor.
_HEREDOC = re.compile(r"<<-?([A-Za-z_][\w-]*)$")
_BLOCK_SCALAR = re.compile(r"(?:(?:^|\s)-|:)\s+(?:[!&]\S*\s+)*[|>][1-9+-]{0,2}$")
_ENTRY_DASHES = re.compile(r" *(?:-[ \t]+)*")


@dataclass
class Suppression:
    path: str
    line: int  # where the comment or annotation is
    target: int | None  # the line it applies to; None: the whole file (or the whole object)
    rules: frozenset[str]
    reason: str | None
    expires: date | None
    address: str | None = None  # annotations apply to one Kubernetes object
    text: str = ""  # the comment as written: with the file, what identifies it across line moves
    used: int = field(default=0, compare=False)

    @property
    def expired(self) -> bool:
        return self.expires is not None and self.expires < date.today()

    def applies(self, finding: Finding) -> bool:
        if finding.rule_id not in self.rules:
            return False
        if self.address is not None:  # an annotation: that object, in that file
            span = finding.resource_span
            return finding.address == self.address and span is not None and span.path == self.path
        if self.target is None:
            return self.path in (finding.location.path, finding.resource_span.path if finding.resource_span else "")
        lines = {(finding.location.path, finding.location.start_line)}
        if finding.resource_span is not None:
            lines.add((finding.resource_span.path, finding.resource_span.start_line))
        return (self.path, self.target) in lines


@dataclass(frozen=True)
class Malformed:
    path: str
    line: int
    message: str
    text: str = ""


def _parse(text: str, path: str, line: int) -> tuple[str, dict[str, str]] | Malformed:
    """`ignore=A,B reason="..." expires=...` -> ("ignore", {...}), or why it cannot be read."""
    body = text.split(MARKER, 1)[1].strip()
    if body.endswith("*/"):
        body = body[:-2].strip()
    pairs = {}
    position = 0
    for match in _PAIR.finditer(body):
        if body[position : match.start()].strip():
            return Malformed(path, line, f"cannot read {body[position : match.start()].strip()!r}")
        value = match.group(2)
        if value[:1] in "\"'" and value[-1:] == value[:1] and len(value) >= 2:
            value = value[1:-1].replace('\\"', '"')
        pairs[match.group(1).lower()] = value
        position = match.end()
    if body[position:].strip():
        return Malformed(path, line, f"cannot read {body[position:].strip()!r}")
    kinds = [k for k in pairs if k in ("ignore", "ignore-file")]
    if len(kinds) != 1:
        return Malformed(path, line, "expected ignore=RULES or ignore-file=RULES")
    unknown = set(pairs) - {"ignore", "ignore-file", "reason", "expires"}
    if unknown:
        return Malformed(path, line, f"unknown setting {sorted(unknown)[0]!r} (known: reason, expires)")
    return kinds[0], pairs


def _build(
    path: str, line: int, target: int | None, kind: str, pairs: dict[str, str], address: str | None = None
) -> Suppression | Malformed:
    rules = []
    for item in pairs[kind].split(","):
        if not item.strip():
            continue
        try:
            rules.append(rule(item).id)
        except UsageError:
            return Malformed(path, line, f"unknown rule {item.strip()!r}")
    if not rules:
        return Malformed(path, line, "no rule to ignore")
    expires = None
    if "expires" in pairs:
        try:
            expires = date.fromisoformat(pairs["expires"])
        except ValueError:
            return Malformed(path, line, f"expires={pairs['expires']!r} is not a date YYYY-MM-DD")
    reason = pairs.get("reason", "").strip() or None
    return Suppression(
        path, line, None if kind == "ignore-file" else target, frozenset(rules), reason, expires, address
    )


def _comment_start(line: str, hcl: bool) -> int | None:
    """Index of the comment marker outside string literals, or None."""
    quote = ""
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\":
                index += 2
                continue
            if char == quote:
                quote = ""
        elif char == '"' or (char == "'" and not hcl):
            quote = char
        elif char == "#" or (hcl and line.startswith(("//", "/*"), index)):
            return index
        index += 1
    return None


def _block_scalar_parent(line: str) -> int:
    """The column a YAML block scalar's content must be indented past: its key's, or the dash's
    when the scalar is a sequence entry itself (`- |`)."""
    column = _ENTRY_DASHES.match(line).end()
    dash = line.rfind("-", 0, column)
    return dash if dash >= 0 and line[column] in "|>!&" else column


def comments(path: str, text: str, yaml: bool | None = None) -> list[Suppression | Malformed]:
    """Every `hds-lint:` comment of a file, with the line it applies to.

    The inside of a heredoc or a YAML block scalar is a string, often a script with comments of
    its own: it is skipped whole, so that a `# hds-lint: ignore-file=` line in a script does not
    silence the file. The line that opens the string is code, and a comment above applies to it.
    `yaml`: whether the file is YAML, as discovery found (standard input, a manifest without
    the extension); told by the name when not given.
    """
    hcl = not (path.lower().endswith((".yaml", ".yml")) if yaml is None else yaml)
    lines = text.splitlines()
    found: list[Suppression | Malformed] = []
    pending: list[tuple[int, str]] = []  # comments waiting for the next code line
    in_block = False
    heredoc: str | None = None  # the closing marker of the heredoc we are in
    scalar_parent: int | None = None  # inside a block scalar: lines indented past this column, or blank
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if heredoc is not None:
            if stripped == heredoc:
                heredoc = None
            continue
        if scalar_parent is not None:
            if not stripped or len(line) - len(line.lstrip(" ")) > scalar_parent:
                continue
            scalar_parent = None
        if in_block:
            if MARKER in line:
                pending.append((number, line))
            in_block = "*/" not in line
            continue
        start = _comment_start(line, hcl)
        code = line[:start].strip() if start is not None else stripped
        if not hcl and code.startswith(("---", "...", "%")):
            code = ""  # a document marker or directive is not what a comment above it is about
        comment = line[start:] if start is not None else ""
        if hcl and comment.startswith("/*") and "*/" not in comment:
            in_block = True
        if MARKER in comment:
            if code:
                found.append(_entry(path, number, number, comment))
            else:
                pending.append((number, comment))
        if code:
            for comment_line, pending_comment in pending:
                found.append(_entry(path, comment_line, number, pending_comment))
            pending.clear()
            opener = _HEREDOC.search(code) if hcl else None
            heredoc = opener.group(1) if opener else None
            if not hcl and _BLOCK_SCALAR.search(code):
                scalar_parent = _block_scalar_parent(line)
    for comment_line, pending_comment in pending:  # comments after the last code line
        found.append(_entry(path, comment_line, None, pending_comment))
    return found


def _entry(path: str, line: int, target: int | None, comment: str) -> Suppression | Malformed:
    text = comment.strip()
    parsed = _parse(comment, path, line)
    if isinstance(parsed, Malformed):
        return replace(parsed, text=text)
    kind, pairs = parsed
    if kind == "ignore" and target is None:
        return Malformed(path, line, "ignore= applies to the next line, and nothing follows", text)
    return replace(_build(path, line, target, kind, pairs), text=text)


def annotations(resource: Resource) -> list[Suppression | Malformed]:
    """`hds-lint.io/ignore`, `hds-lint.io/reason`, `hds-lint.io/expires` on a Kubernetes object."""
    metadata = resource.attributes.get("metadata")
    values = metadata.get("annotations") if isinstance(metadata, dict) else None
    if not isinstance(values, dict) or not any(str(k).startswith(ANNOTATION_PREFIX) for k in values):
        return []
    span = resource.span_at(("metadata", "annotations", ANNOTATION_PREFIX + "ignore"))
    pairs = {
        str(k)[len(ANNOTATION_PREFIX) :]: str(v) for k, v in values.items() if str(k).startswith(ANNOTATION_PREFIX)
    }
    unknown = set(pairs) - {"ignore", "reason", "expires"}
    if unknown or "ignore" not in pairs:
        what = (
            f"unknown annotation {ANNOTATION_PREFIX}{sorted(unknown)[0]}"
            if unknown
            else f"no {ANNOTATION_PREFIX}ignore"
        )
        return [Malformed(span.path, span.start_line, what, f"{resource.address} {sorted(pairs.items())}")]
    built = _build(span.path, span.start_line, resource.span.start_line, "ignore", pairs, resource.address)
    return [replace(built, text=f"{resource.address} {sorted(pairs.items())}")]


@dataclass(frozen=True)
class Outcome:
    findings: tuple[Finding, ...]  # what is still reported, HDS030-HDS032 included
    suppressed: tuple[tuple[Finding, str], ...]  # (finding, justification)


def _meta_finding(meta: RuleMeta, path: str, line: int, message: str, anchor: str, level: str = "") -> Finding:
    return Finding(
        rule_id=meta.id,
        level=level or meta.level,
        message=message,
        location=Span(path, line, line),
        address="",
        kind="suppression",
        anchor=anchor,
    )


def apply(
    findings: Iterable[Finding],
    entries: list[Suppression | Malformed],
    *,
    allow_inline: bool,
    require_reason: bool,
) -> Outcome:
    """Suppressed findings set aside with their justification; problems with suppressions added."""
    findings = list(findings)
    if not allow_inline:
        return Outcome(tuple(findings), ())
    suppressions = [e for e in entries if isinstance(e, Suppression)]
    kept: list[Finding] = []
    suppressed: list[tuple[Finding, str]] = []
    for finding in findings:
        match = next((s for s in suppressions if not s.expired and s.applies(finding)), None)
        if match is None:
            kept.append(finding)
            continue
        match.used += 1
        suppressed.append((finding, match.reason or "no reason given"))
    extra: list[Finding] = []
    seen: Counter[tuple[str, str]] = Counter()
    for entry in entries:
        name = Path(entry.path).name
        seen[(entry.path, entry.text)] += 1
        # The comment's text and its rank among identical ones: stable when lines move.
        key = f"{hashlib.sha256(entry.text.encode()).hexdigest()[:12]}#{seen[(entry.path, entry.text)]}"
        if isinstance(entry, Malformed):
            extra.append(
                _meta_finding(
                    suppression_unused.META,
                    entry.path,
                    entry.line,
                    f"This hds-lint suppression cannot be read, so it suppresses nothing: {entry.message}.",
                    f"malformed:{key}",
                    level="warning",  # a typo is a risk nobody accepted, louder than a stale one
                )
            )
            continue
        rules = ",".join(sorted(entry.rules))
        if entry.expired:
            extra.append(
                _meta_finding(
                    suppression_expired.META,
                    entry.path,
                    entry.line,
                    f"The suppression of {rules} expired on {entry.expires}; the findings it silenced are "
                    "reported again. Fix them, or renew the decision with a new date and reason.",
                    f"expired:{rules}:{key}",
                )
            )
        elif entry.used == 0:
            where = "in this file" if entry.target is None else f"at {name}:{entry.target}"
            extra.append(
                _meta_finding(
                    suppression_unused.META,
                    entry.path,
                    entry.line,
                    f"The suppression of {rules} silenced nothing {where}: delete it, or move it above the "
                    "resource or attribute it is about.",
                    f"unused:{rules}:{key}",
                )
            )
        if require_reason and entry.reason is None:
            extra.append(
                _meta_finding(
                    suppression_without_reason.META,
                    entry.path,
                    entry.line,
                    f'The suppression of {rules} gives no reason: add reason="..." saying why it is accepted.',
                    f"reason:{rules}:{key}",
                )
            )
    return Outcome(tuple(kept + extra), tuple(suppressed))
