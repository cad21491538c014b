"""Every case in testdata/ scans to exactly the findings its expected.yaml lists."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hds_lint.config import find_config
from hds_lint.engine import Selection, scan
from hds_lint.errors import UsageError
from hds_lint.terraform.modules import Inputs

TESTDATA = Path(__file__).resolve().parent.parent / "testdata"
CASES = sorted(p.parent for p in TESTDATA.glob("*/*/expected.yaml"))


def _key(path: str, rule: str, level: str, line: int, address: str) -> tuple:
    return (path, line, rule, level, address)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_case_gives_expected_findings(case: Path) -> None:
    expected_doc = yaml.safe_load((case / "expected.yaml").read_text())
    expected = sorted(
        _key(f["path"], f["rule"], f["level"], f["line"], f.get("address", ""))
        for f in expected_doc.get("findings") or []
    )
    # A case may pass root variables as a user would on the command line.
    inputs = Inputs(
        var_files=tuple(str(case / f) for f in expected_doc.get("var_files", [])),
        variables=tuple((k, str(v)) for k, v in (expected_doc.get("vars") or {}).items()),
        environment={f"TF_VAR_{k}": str(v) for k, v in (expected_doc.get("env") or {}).items()},
    )
    if "error" in expected_doc:  # a case whose configuration must be refused, with this message
        with pytest.raises(UsageError) as caught:
            scan([str(case)], inputs=inputs, config=find_config([str(case)], None))
        assert expected_doc["error"] in str(caught.value)
        return
    # A case may say which rules it is about (older cases predate the backup rules, which have
    # cases of their own); the scan then reports those rules only, as --select would.
    selection = Selection(select=tuple(expected_doc.get("select") or ()))
    result = scan([str(case)], inputs=inputs, config=find_config([str(case)], None), selection=selection)
    actual = sorted(
        _key(
            Path(f.location.path).relative_to(case).as_posix(),
            f.rule_id,
            f.level,
            f.location.start_line,
            f.address,
        )
        for f in result.findings
    )
    assert actual == expected, "\n".join(f.message for f in result.findings)


def test_there_are_compliant_and_non_compliant_cases() -> None:
    counts = [len(yaml.safe_load((c / "expected.yaml").read_text()).get("findings") or []) for c in CASES]
    assert len(CASES) >= 12
    assert any(n == 0 for n in counts) and any(n > 0 for n in counts)
