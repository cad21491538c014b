"""Reading suppression comments: placements, syntax, and every way one can be wrong."""

from __future__ import annotations

from datetime import date

import pytest

from hds_lint.suppress import Malformed, Suppression, comments


def _one(text: str, path: str = "main.tf") -> Suppression | Malformed:
    (entry,) = comments(path, text)
    return entry


def test_comment_above_applies_to_the_next_code_line() -> None:
    text = '# hds-lint: ignore=HDS002 reason="approved, SEC-42"\n\n# owner: infra\nresource "a" "b" {\n}\n'
    entry = _one(text)
    assert isinstance(entry, Suppression)
    assert (entry.line, entry.target, entry.rules, entry.reason) == (1, 4, frozenset({"HDS002"}), "approved, SEC-42")


@pytest.mark.parametrize(
    "line",
    [
        'resource "a" "b" { # hds-lint: ignore=HDS002 reason="x"',
        'resource "a" "b" { // hds-lint: ignore=HDS002 reason="x"',
        'resource "a" "b" { /* hds-lint: ignore=HDS002 reason="x" */',
    ],
)
def test_end_of_line_comments_in_every_hcl_style(line: str) -> None:
    entry = _one(line + "\n}\n")
    assert isinstance(entry, Suppression) and entry.target == 1


def test_block_comment_over_several_lines() -> None:
    text = '/*\n  hds-lint: ignore=HDS004 reason="set per hospital"\n*/\nresource "a" "b" {}\n'
    entry = _one(text)
    assert isinstance(entry, Suppression) and (entry.line, entry.target) == (2, 4)


def test_slugs_several_rules_expiry_and_file_wide() -> None:
    entry = _one("# hds-lint: ignore-file=region-out-of-scope,HDS004 reason='legacy' expires=2027-06-30\nx = 1\n")
    assert isinstance(entry, Suppression)
    assert entry.target is None
    assert entry.rules == frozenset({"HDS002", "HDS004"})
    assert entry.expires == date(2027, 6, 30)


def test_yaml_comments_and_hash_inside_strings() -> None:
    text = 'metadata:\n  name: "a#b"  # hds-lint: ignore=HDS004 reason="pinned by the cluster"\n'
    entry = _one(text, "k8s.yaml")
    assert isinstance(entry, Suppression) and entry.target == 2
    assert comments("main.tf", 'name = "# hds-lint: ignore=HDS002"\n') == []


@pytest.mark.parametrize(
    ("comment", "words"),
    [
        ("# hds-lint: ignroe=HDS002", "expected ignore=RULES"),
        ("# hds-lint: ignore=HDS999", "unknown rule 'HDS999'"),
        ("# hds-lint: ignore=HDS002 expires=2026-13-01", "not a date"),
        ("# hds-lint: ignore=HDS002 owner=bob", "unknown setting 'owner'"),
        ('# hds-lint: ignore=HDS002 reason="unterminated', "cannot read"),
        ("# hds-lint: ignore=", "cannot read"),
        ("# hds-lint: ignore=,", "no rule"),
    ],
)
def test_malformed_suppressions_say_why(comment: str, words: str) -> None:
    entry = _one(comment + "\nresource {}\n")
    assert isinstance(entry, Malformed) and words in entry.message and entry.line == 1


def test_a_trailing_ignore_with_nothing_after_is_malformed() -> None:
    entry = _one('x = 1\n# hds-lint: ignore=HDS002 reason="x"\n')
    assert isinstance(entry, Malformed)


def test_a_comment_above_a_yaml_document_marker_applies_to_the_object() -> None:
    text = '# hds-lint: ignore=HDS004 reason="pinned by the cluster"\n---\napiVersion: v1\nkind: Pod\n'
    entry = _one(text, "pod.yaml")
    assert isinstance(entry, Suppression) and entry.target == 3


def test_an_annotation_suppresses_its_object_only_not_the_same_address_elsewhere(write) -> None:
    from hds_lint.engine import scan

    pod = (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\n  namespace: patients\n  labels: {hds: 'true'}\n"
        "{annotations}spec:\n  nodeSelector:\n    topology.kubernetes.io/region: us-east-1\n"
    )
    annotated = "  annotations:\n    hds-lint.io/ignore: HDS002\n    hds-lint.io/reason: staging data is synthetic\n"
    root = write(
        {"staging/pod.yaml": pod.replace("{annotations}", annotated), "prod/pod.yaml": pod.replace("{annotations}", "")}
    )
    result = scan([str(root)])
    assert [f.location.path.rsplit("/", 2)[1] for f in result.findings if f.rule_id == "HDS002"] == ["prod"]
    assert len(result.suppressed) == 1


def test_suppression_problems_keep_their_fingerprint_when_lines_move(write) -> None:
    from hds_lint.engine import scan

    text = '# hds-lint: ignore=HDS002 reason="old"\nresource "aws_s3_bucket" "clean" {\n}\n'
    before = scan([str(write({"main.tf": text}))]).findings
    after = scan([str(write({"main.tf": "# a new header\n\n" + text}))]).findings
    assert [f.rule_id for f in before] == ["HDS031"]
    assert before[0].fingerprint("main.tf") == after[0].fingerprint("main.tf")


SCRIPT = (
    "#!/bin/sh\n"
    '# hds-lint: ignore-file=HDS002,HDS010 reason="not ours"\n'
    '# hds-lint: ignore=HDS002 reason="not ours either"\n'
    "\n"
    "echo ready\n"
)


def _indented(text: str, by: str) -> str:
    return "".join(by + line if line.strip() else line for line in text.splitlines(keepends=True))


@pytest.mark.parametrize(
    ("opener", "body_indent", "closer"),
    [
        ("<<EOT", "", "EOT"),
        ("<<-EOT", "    ", "  EOT"),
        ("<<EOT", "  ", "    EOT  "),  # the closing marker indented
        ("<<-USER_DATA", "", "USER_DATA"),
    ],
)
def test_a_heredoc_is_a_string_not_comments(opener: str, body_indent: str, closer: str) -> None:
    text = (
        '# hds-lint: ignore=HDS002 reason="approved, SEC-42"\n'  # 1: applies to line 2
        'resource "aws_instance" "a" {\n'  # 2
        f"  user_data = {opener}\n"  # 3
        + _indented(SCRIPT, body_indent)  # 4-8
        + f"{closer}\n"  # 9
        + '  # hds-lint: ignore=HDS004 reason="set per hospital"\n'  # 10
        "  tags = {}\n"  # 11
        "}\n"
    )
    entries = comments("main.tf", text)
    assert [(e.line, e.target, e.rules) for e in entries if isinstance(e, Suppression)] == [
        (1, 2, frozenset({"HDS002"})),
        (10, 11, frozenset({"HDS004"})),
    ]
    assert len(entries) == 2


def test_a_comment_above_a_heredoc_attribute_applies_to_it() -> None:
    text = 'x {\n  # hds-lint: ignore=HDS002 reason="x"\n  user_data = <<-EOT\n    # hds-lint: nonsense\n  EOT\n}\n'
    entry = _one(text)
    assert isinstance(entry, Suppression) and (entry.line, entry.target) == (2, 3)


def test_a_heredoc_marker_inside_a_string_or_comment_opens_nothing() -> None:
    text = (
        'a = "<<EOT"\n'
        "# see <<EOT\n"
        '# hds-lint: ignore=HDS002 reason="x"\n'
        "b = 1\n"
        '# hds-lint: ignore-file=HDS004 reason="y"\n'
    )
    assert [(e.line, e.target) for e in comments("main.tf", text)] == [(3, 4), (5, None)]


@pytest.mark.parametrize(
    "header",
    [
        "  run.sh: |",
        "  run.sh: >-",
        "  run.sh: |2",
        '  "run.sh": |+',
        "  run.sh: !!str |",
        "  run.sh: | # the script",
    ],
)
def test_a_yaml_block_scalar_is_a_string_not_comments(header: str) -> None:
    text = (
        "apiVersion: v1\n"  # 1
        "kind: ConfigMap\n"  # 2
        '# hds-lint: ignore=HDS002 reason="approved, SEC-42"\n'  # 3
        "data:\n"  # 4
        f"{header}\n"  # 5
        + _indented(SCRIPT, "    ")  # 6-10
        + "\n"  # 11: blank lines belong to the scalar
        + '  # hds-lint: ignore=HDS004 reason="set per hospital"\n'  # 12
        "  other: x\n"  # 13
    )
    entries = comments("cm.yaml", text)
    assert [(e.line, e.target, e.rules) for e in entries if isinstance(e, Suppression)] == [
        (3, 4, frozenset({"HDS002"})),
        (12, 13, frozenset({"HDS004"})),
    ]
    assert len(entries) == 2


@pytest.mark.parametrize(
    ("entry", "content", "after"),
    [
        ("- script: |", "    ", "  other: x"),  # content past the key, not merely past the dash
        ("- |", "   ", "- other"),  # the scalar is the entry: content past the dash
        ("- - |", "     ", "  - other"),
    ],
)
def test_a_block_scalar_in_a_sequence_ends_where_its_parent_does(entry: str, content: str, after: str) -> None:
    text = (
        "steps:\n"  # 1
        f"  {entry}\n"  # 2
        + _indented(SCRIPT, "  " + content)  # 3-7
        + '  # hds-lint: ignore=HDS004 reason="set per hospital"\n'  # 8
        f"  {after}\n"  # 9
    )
    entries = comments("ci.yaml", text)
    assert [(e.line, e.target) for e in entries] == [(8, 9)]


def test_a_yaml_line_ending_in_a_bar_is_not_always_a_block_scalar() -> None:
    text = 'a: "x |"\n  # hds-lint: ignore=HDS004 reason="y"\nb: c |\n# hds-lint: ignore=HDS002 reason="z"\nd: 1\n'
    assert [(e.line, e.target) for e in comments("k.yaml", text)] == [(2, 3), (4, 5)]


def test_a_marker_in_a_heredoc_does_not_suppress_the_file(write) -> None:
    from hds_lint.engine import scan

    text = (
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'resource "aws_instance" "api" {\n'
        '  tags = { hds = "true" }\n'
        "  user_data = <<-EOT\n" + _indented(SCRIPT, "    ") + "  EOT\n"
        "}\n"
    )
    result = scan([str(write({"main.tf": text}))])
    assert [(f.rule_id, f.address) for f in result.findings] == [("HDS002", "aws_instance.api")]
    assert result.suppressed == ()


def test_yaml_without_a_yaml_name_is_read_as_yaml_when_discovery_says_so() -> None:
    """Standard input and manifests named otherwise: a block scalar is still a string."""
    text = 'data:\n  run.sh: |\n    # hds-lint: ignore-file=HDS002 reason="in a script"\n    echo\nkind: ConfigMap\n'
    assert comments("-", text, yaml=True) == []
    assert comments("manifest.YAML", text) == []


def test_a_suppression_in_manifests_on_standard_input_is_obeyed() -> None:
    """`helm template ... | hds-lint scan -`: standard input is read once, by the loader and
    by the suppression comments alike."""
    import subprocess
    import sys
    from pathlib import Path

    manifest = (Path(__file__).resolve().parent.parent / "testdata/kubernetes/workload-in-us/pacs.yaml").read_text()
    lines = manifest.splitlines()
    lines.insert(30, '                      # hds-lint: ignore=HDS002 reason="replica kept for a US trial, DPO-7"')
    command = [sys.executable, "-c", "from hds_lint.cli import main; main()", "scan", "-", "-f", "json"]
    plain = subprocess.run(command, input=manifest, capture_output=True, text=True)
    silenced = subprocess.run(command, input="\n".join(lines) + "\n", capture_output=True, text=True)
    assert [f["rule"] for f in __import__("json").loads(plain.stdout)["findings"]] == ["HDS002"]
    assert __import__("json").loads(silenced.stdout)["findings"] == [], silenced.stderr
