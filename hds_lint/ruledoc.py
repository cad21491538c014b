"""A rule's documentation, written once from its metadata: `explain`, SARIF help, docs/rules.md.

`python3 -m hds_lint.ruledoc > docs/rules.md` regenerates the rule reference; a test keeps the
file in sync with the metadata, so the docs cannot drift from `hds-lint explain`.
"""

from __future__ import annotations

import re

from hds_lint.checks.base import RuleMeta

SUPPRESSION_SYNTAX = '# hds-lint: ignore=<ID> reason="..." [expires=YYYY-MM-DD]'


def _indent(code: str) -> str:
    return "\n".join("    " + line for line in code.splitlines())


def _suppression_example(meta: RuleMeta) -> str:
    return f'# hds-lint: ignore={meta.id} reason="accepted by the DPO, ticket SEC-42" expires=2027-06-30'


def how_to_suppress(meta: RuleMeta) -> str:
    """Plain prose shared by text and Markdown: how to accept one finding of this rule.

    The suppression rules report on the suppressions themselves, after they are applied, so
    they cannot be silenced inline; saying so spares a reader a comment that would only
    raise HDS031.
    """
    if "suppression" in meta.tags:
        return (
            "This rule reports on inline suppressions themselves, so it cannot be suppressed inline: "
            f"fix the comment it points at, or stop reporting it in `.hds-lint.yaml` with "
            f"`rules: {{ignore: [{meta.id}]}}`."
        )
    return (
        "Accept a finding next to the code, saying why and until when, in a comment on the line above "
        f"the block or attribute or at the end of its line: `{SUPPRESSION_SYNTAX}`. The slug works as "
        f"well as the ID (`ignore={meta.slug}`), `ignore-file={meta.id}` covers a whole file, and "
        "Kubernetes objects may carry the annotations `hds-lint.io/ignore`, `hds-lint.io/reason` and "
        "`hds-lint.io/expires` instead. An expired suppression stops suppressing and raises HDS030. "
        "For example:"
    )


def as_text(meta: RuleMeta) -> str:
    lines = [
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
        "",
        "How to suppress",
        f"  {how_to_suppress(meta)}",
    ]
    if "suppression" not in meta.tags:
        lines.append(_indent(_suppression_example(meta)))
    return "\n".join(lines)


def as_markdown(meta: RuleMeta) -> str:
    language = meta.example_language
    lines = [
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
        "",
        "### How to suppress",
        how_to_suppress(meta),
    ]
    if "suppression" not in meta.tags:
        lines += ["", f"```{language}", _suppression_example(meta), "```"]
    return "\n".join(lines)


def _anchor(heading: str) -> str:
    """The fragment GitHub gives a Markdown heading: lower case, punctuation dropped, spaces to dashes."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def rules_markdown() -> str:
    """docs/rules.md: every rule, as `hds-lint explain` tells it, with a table of contents."""
    from hds_lint.checks import RULES  # the registry imports every rule module; ruledoc needs only base

    lines = [
        "# hds-lint rules",
        "",
        "<!-- Generated from the rule metadata by `python3 -m hds_lint.ruledoc > docs/rules.md`; "
        "do not edit by hand. -->",
        "",
        "Every rule hds-lint reports, as `hds-lint explain <ID>` prints it: what it checks, why it "
        "matters for HDS, a failing and a fixed example, how to fix it and how to suppress a finding. "
        "Rules are selected by ID or slug (`--select`, `--ignore`, `rules.select` in `.hds-lint.yaml`).",
        "",
        "| ID | slug | default level | title |",
        "|---|---|---|---|",
    ]
    for meta in RULES:
        link = _anchor(f"{meta.id} {meta.slug}")
        lines.append(f"| [{meta.id}](#{link}) | `{meta.slug}` | {meta.level} | {meta.title} |")
    for meta in RULES:
        lines += ["", as_markdown(meta)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(rules_markdown(), end="")
