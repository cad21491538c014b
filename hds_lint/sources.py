"""Reading a scanned file, and turning every way that can fail into one LoadProblem."""

from __future__ import annotations

import json
from pathlib import Path

from hds_lint.model import LoadProblem, problem_at
from hds_lint.terraform.hcl import HclSyntaxError
from hds_lint.yamlnodes import YamlSyntaxError

# What a loader may raise for a file it cannot use; anything else is a bug of ours.
READ_ERRORS = (
    OSError,
    UnicodeDecodeError,
    json.JSONDecodeError,
    HclSyntaxError,
    YamlSyntaxError,
    RecursionError,
)


def read_text(path: str) -> str:
    """File text as UTF-8, with or without a byte order mark."""
    return Path(path).read_bytes().decode("utf-8-sig")


def problem(path: str, text: str, exc: BaseException, language: str) -> LoadProblem:
    """The file and line of a failure, with the reason in plain words."""
    if isinstance(exc, HclSyntaxError | YamlSyntaxError):
        return problem_at(path, text, exc.line, exc.message)
    if isinstance(exc, json.JSONDecodeError):
        return problem_at(path, text, exc.lineno, f"invalid JSON: {exc.msg}")
    if isinstance(exc, UnicodeDecodeError):
        return LoadProblem(path, 1, f"not UTF-8 text (byte {exc.start}): cannot read it as {language}")
    if isinstance(exc, RecursionError):
        return LoadProblem(path, 1, f"nested too deeply to read as {language}")
    if isinstance(exc, OSError):
        return LoadProblem(path, 1, f"cannot read the file: {exc.strerror or exc}")
    return LoadProblem(path, 1, f"cannot read it as {language}: {exc}")
