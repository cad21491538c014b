"""Paths as reports show them: relative to the repository root, as GitHub resolves them."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote


def git_top(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding `.git` (read, never run git)."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def report_root(paths: list[str], files: list[str]) -> Path:
    """The git top level of the working directory or of the scanned path, else the cwd.

    The first of these that contains every scanned file wins, so URIs never climb with `..`.
    """
    cwd = Path.cwd()
    candidates = [git_top(cwd), *(git_top(Path(p)) for p in paths[:1]), cwd.resolve()]
    for candidate in candidates:
        if candidate is not None and all(_inside(f, str(candidate)) for f in files):
            return candidate
    if files:
        return Path(os.path.commonpath([str(Path(f).parent) for f in files]))
    return cwd.resolve()


def _inside(path: str, folder: str) -> bool:
    """Path.is_relative_to for the normalised paths discovery gives, without building Paths."""
    return path == folder or path.startswith(folder if folder.endswith(os.sep) else folder + os.sep)


def relative(path: str, root: Path) -> str:
    """Forward-slash path relative to root (the path unchanged when outside it)."""
    return _relative(path, os.path.abspath(path), root)


@lru_cache(maxsize=65536)
def _relative(path: str, absolute: str, root: Path) -> str:
    """Remembered by absolute path: every finding and span asks, and resolving reads the disk."""
    try:
        resolved = Path(absolute).resolve()
    except (RuntimeError, OSError):  # a link that leads back to itself
        resolved = Path(absolute)
    try:
        return resolved.relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def uri(path: str, root: Path) -> str:
    """A file name that is not UTF-8 keeps its bytes, percent-encoded (os.fsdecode made them
    surrogates), as a URI can."""
    return quote(relative(path, root), safe="/", errors="surrogateescape")
