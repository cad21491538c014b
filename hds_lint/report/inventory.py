"""`hds-lint inventory`: where health data lives, the data map an HDS audit asks for.

Every resource in scope, with its provider, location and coverage, why it is in scope, and
where its data is copied; in Markdown, a Mermaid diagram of stores and copies by location,
which GitHub renders in a job summary or a pull request.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from hds_lint.model import ScanResult, StoreEntry
from hds_lint.report import jsontext
from hds_lint.report.paths import relative


def _not_read(result: ScanResult, root: Path) -> list[str]:
    """Files that could not be read: an audit must know what the data map leaves out."""
    return [f"{relative(p.path, root)}:{p.line}: {p.message}" for p in result.problems]


def _nothing(result: ScanResult) -> str:
    where = "in the files that could be read" if result.problems else "in what was scanned"
    return f"No resource holds health data {where}."


def _not_read_text(result: ScanResult, root: Path) -> list[str]:
    missing = _not_read(result, root)
    if not missing:
        return []
    head = "1 file could not be read; what it holds is not listed:"
    if len(missing) > 1:
        head = f"{len(missing)} files could not be read; what they hold is not listed:"
    return ["", head, *(f"  {line}" for line in missing)]


def render_text(result: ScanResult, root: Path) -> str:
    if not result.inventory:
        return "\n".join([_nothing(result), *_not_read_text(result, root)]) + "\n"
    lines = []
    for entry in result.inventory:
        lines.append(f"{entry.address}  ({entry.kind}, {relative(entry.span.path, root)}:{entry.span.start_line})")
        lines.append(f"  provider:  {entry.provider}")
        for location in entry.locations:
            lines.append(f"  location:  {location}")
        lines.append(f"  in scope:  {entry.reason}")
        if entry.backup:
            lines.append(f"  backup:    {entry.backup}")
        if entry.copies_to:
            lines.append(f"  copies to: {', '.join(entry.copies_to)}")
        lines.append("")
    count = len(result.inventory)
    lines.append(f"{count} resource{'s' if count != 1 else ''} hold{'s' if count == 1 else ''} health data.")
    lines += _not_read_text(result, root)
    return "\n".join(lines) + "\n"


def render_json(result: ScanResult, root: Path) -> str:
    document = {
        "schema_version": 1,
        "stores": [
            {
                "address": e.address,
                "kind": e.kind,
                "path": relative(e.span.path, root),
                "line": e.span.start_line,
                "provider": e.provider,
                "locations": list(e.locations),
                "reason": e.reason,
                "backup": e.backup,
                "copies_to": list(e.copies_to),
            }
            for e in result.inventory
        ],
        "not_read": [{"path": relative(p.path, root), "line": p.line, "message": p.message} for p in result.problems],
    }
    return jsontext.dumps(document)


def _node(address: str) -> str:
    return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", address)


def _label(text: str) -> str:
    return text.replace('"', "'").replace("[", "(").replace("]", ")")


def _place(entry: StoreEntry) -> str:
    first = entry.locations[0] if entry.locations else "unknown"
    return f"{entry.provider}: {first.split(':')[0]}"


def render_markdown(result: ScanResult, root: Path) -> str:
    lines = ["## Where health data lives", ""]
    missing = _not_read(result, root)
    if missing:
        lines += ["Files that could not be read, whose resources are not listed:", ""]
        lines += [f"- `{line}`" for line in missing] + [""]
    if not result.inventory:
        return "\n".join([*lines, _nothing(result), ""])
    groups: dict[str, list[StoreEntry]] = defaultdict(list)
    for entry in result.inventory:
        groups[_place(entry)].append(entry)
    known = {e.address for e in result.inventory}
    lines += ["```mermaid", "graph LR"]
    for number, (place, entries) in enumerate(sorted(groups.items())):
        lines.append(f'  subgraph g{number}["{_label(place)}"]')
        lines += [f'    {_node(e.address)}["{_label(e.address)}"]' for e in entries]
        lines.append("  end")
    for entry in result.inventory:
        for target in entry.copies_to:
            if target in known:
                lines.append(f"  {_node(entry.address)} -->|copy| {_node(target)}")
    lines += [
        "```",
        "",
        "| resource | provider | location | why in scope | backup | file |",
        "|---|---|---|---|---|---|",
    ]
    for e in result.inventory:
        cells = [
            e.address,
            e.provider,
            "<br>".join(e.locations),
            e.reason,
            e.backup,
            f"{relative(e.span.path, root)}:{e.span.start_line}",
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines.append("")
    return "\n".join(lines)


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}
