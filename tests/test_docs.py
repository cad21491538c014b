"""docs/rules.md and `hds-lint explain` are written from the rule metadata: they must not drift."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from hds_lint.checks import RULES
from hds_lint.checks.base import RuleMeta
from hds_lint.ruledoc import as_markdown, as_text, rules_markdown

ROOT = Path(__file__).resolve().parent.parent
RULES_MD = ROOT / "docs" / "rules.md"


def test_docs_rules_md_is_generated_from_the_metadata() -> None:
    assert RULES_MD.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run `python3 -m hds_lint.ruledoc > docs/rules.md`"
    )


def test_module_prints_the_rules_page() -> None:
    done = subprocess.run([sys.executable, "-m", "hds_lint.ruledoc"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and done.stdout == rules_markdown(), done.stderr


def test_table_of_contents_links_every_rule_heading() -> None:
    page = rules_markdown()
    links = re.findall(r"^\| \[(HDS\d+)\]\(#([\w-]+)\)", page, flags=re.MULTILINE)
    assert [rule_id for rule_id, _ in links] == [meta.id for meta in RULES]
    headings = {f"{m.id} {m.slug}".lower().replace(" ", "-") for m in RULES}
    assert {anchor for _, anchor in links} == headings
    assert all(f"\n## {m.id} {m.slug}\n" in page for m in RULES)


@pytest.mark.parametrize("meta", RULES, ids=lambda m: m.id)
def test_explain_says_what_why_and_how_to_fix_and_suppress(meta: RuleMeta) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from hds_lint.cli import main; main()", "explain", meta.slug],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    for part in (meta.id, meta.slug, meta.title, "How to fix", "How to suppress"):
        assert part in done.stdout
    assert done.stdout.rstrip("\n") == as_text(meta)


@pytest.mark.parametrize("meta", RULES, ids=lambda m: m.id)
def test_how_to_suppress_gives_the_syntax_unless_the_rule_is_about_suppressions(meta: RuleMeta) -> None:
    for page in (as_text(meta), as_markdown(meta)):
        section = page.split("How to suppress", 1)[1]
        if "suppression" in meta.tags:
            assert "cannot be suppressed inline" in section and "hds-lint: ignore=" not in section
        else:
            assert f'hds-lint: ignore={meta.id} reason="' in section and "expires=" in section
