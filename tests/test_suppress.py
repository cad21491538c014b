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
