"""Baselines: an old repository starts clean, and only new findings are reported.

A baseline records findings by fingerprint (rule, file, resource address, attribute; no line
numbers), so it survives edits that move lines; it also names each finding so a reviewer can
read what was accepted.
"""

from __future__ import annotations

import json
from pathlib import Path

from hds_lint import __version__
from hds_lint.errors import UsageError
from hds_lint.model import ScanResult
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
            }
            for f in result.findings
        ),
        key=lambda e: (e["path"], e["rule"], e["address"], e["fingerprint"]),
    )
    document = {"format": FORMAT, "version": 1, "tool_version": __version__, "findings": entries}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def read(path: str) -> frozenset[str]:
    """The fingerprints of a baseline file; a file that is not one is a usage error."""
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
    prints = [e.get("fingerprint") for e in document["findings"] if isinstance(e, dict)]
    if not all(isinstance(p, str) for p in prints):
        raise UsageError(f"{path}: a baseline entry has no fingerprint")
    return frozenset(prints)
