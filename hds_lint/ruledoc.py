"""A rule's documentation, written once from its metadata: `explain`, SARIF help, docs."""

from __future__ import annotations

from hds_lint.checks.base import RuleMeta


def _indent(code: str) -> str:
    return "\n".join("    " + line for line in code.splitlines())


def as_text(meta: RuleMeta) -> str:
    return "\n".join(
        [
            f"{meta.id} {meta.slug} ({meta.level}): {meta.title}",
            "",
            "What it checks",
            f"  {meta.summary}",
            "",
            "Why it matters for HDS",
            f"  {meta.why}",
            "",
            "Non-compliant example",
            _indent(meta.bad_example),
            "",
            "Compliant example",
            _indent(meta.good_example),
            "",
            "How to fix",
            f"  {meta.fix}",
        ]
    )


def as_markdown(meta: RuleMeta) -> str:
    language = meta.example_language
    return "\n".join(
        [
            f"## {meta.id} {meta.slug}",
            "",
            f"**{meta.title}** (default level: {meta.level})",
            "",
            "### What it checks",
            meta.summary,
            "",
            "### Why it matters for HDS",
            meta.why,
            "",
            "### Non-compliant example",
            f"```{language}",
            meta.bad_example,
            "```",
            "",
            "### Compliant example",
            f"```{language}",
            meta.good_example,
            "```",
            "",
            "### How to fix",
            meta.fix,
        ]
    )
