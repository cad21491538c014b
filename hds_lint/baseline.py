"""Baselines: an old repository starts clean, and only new findings are reported.

A baseline records findings by fingerprint (rule, file, resource address, attribute; no line
numbers), so it survives edits that move lines, with the level each was accepted at: the same
finding grown worse (a warning that an edit makes an error) is reported again. It also names
each finding so a reviewer can read what was accepted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from hds_lint import __version__
from hds_lint.errors import UsageError
from hds_lint.model import LEVELS, ScanResult
from hds_lint.report import jsontext
from hds_lint.report.paths import relative

FORMAT = "hds-lint-baseline"


def render(result: ScanResult) -> str:
    entries = sorted(
        (
            {
                "fingerprint": f.fingerprint(relative(f.location.path, result.root)),
                "rule": f.rule_id,
                "path": relative(f.location.path, result.root),
                "address": f.address,
                "level": f.level,
            }
            for f in result.findings
        ),
        key=lambda e: (e["path"], e["rule"], e["address"], e["fingerprint"]),
    )
    document = {"format": FORMAT, "version": 1, "tool_version": __version__, "findings": entries}
    return jsontext.dumps(document)


def read(path: str) -> dict[str, str]:
    """The fingerprints of a baseline file, each with the level it was accepted at (an entry
    written before levels were recorded accepts any level); a file that is not one is a usage
    error."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the baseline: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}: not a baseline (invalid JSON: {exc.msg})") from exc
    if (
        not isinstance(document, dict)
        or document.get("format") != FORMAT
        or not isinstance(document.get("findings"), list)
    ):
        raise UsageError(f"{path}: not an hds-lint baseline (write one with --write-baseline)")
    entries = [e for e in document["findings"] if isinstance(e, dict)]
    if not all(isinstance(e.get("fingerprint"), str) for e in entries):
        raise UsageError(f"{path}: a baseline entry has no fingerprint")
    accepted: dict[str, str] = {}
    for entry in entries:
        level = entry.get("level", LEVELS[-1])
        if level not in LEVELS:
            raise UsageError(f"{path}: a baseline entry has level {level!r}, not one of {', '.join(LEVELS)}")
        # One fingerprint, several findings (a module called from two stacks): the worst was accepted.
        known = accepted.get(entry["fingerprint"], level)
        accepted[entry["fingerprint"]] = max(known, level, key=LEVELS.index)
    return accepted


def accepted(baseline: Mapping[str, str], fingerprint: str, level: str) -> bool:
    """Whether the baseline accepts this finding at this level (or a worse one)."""
    return fingerprint in baseline and LEVELS.index(level) <= LEVELS.index(baseline[fingerprint])
