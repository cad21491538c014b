"""Parsed files kept between runs, so that a file that did not change is not parsed again.

An entry is named by the hash of everything that decides the parse: the file's path (spans
carry it) and bytes, the cache format, hds-lint's version and code, the parsers' versions
and Python's.
Entries are written to a temporary file and renamed into place, so concurrent runs never see
half an entry. An entry carries a checksum and is read with an unpickler that builds only
the few plain classes a parsed file is made of, then checked for the shape of its kind of
file: a damaged entry is discarded and rewritten. The folder itself must be trusted, as the
scanned files are: a planted entry cannot run code, but it can misstate a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from hds_lint import __version__

FORMAT = "1"
T = TypeVar("T")

# The classes a parsed file (Terraform blocks, Kubernetes objects) is made of; nothing else may be built from an entry.
_ALLOWED = {
    ("hds_lint.terraform.tree", "Rule"),
    ("hds_lint.terraform.tree", "Token"),
    ("hds_lint.terraform.loader", "Block"),
    ("hds_lint.model", "Span"),
    ("hds_lint.model", "Unknown"),
    ("hds_lint.model", "Resource"),
    ("hds_lint.model", "LoadProblem"),
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a parsed file")
        return super().find_class(module, name)


def default_directory() -> Path | None:
    """The user cache folder: $XDG_CACHE_HOME (when absolute, as the XDG specification asks),
    else ~/.cache; %LOCALAPPDATA% on Windows. None when there is no home to put it in: a
    cache is never created in the working directory, which may be the scanned repository."""
    for variable in ("LOCALAPPDATA",) if sys.platform == "win32" else ("XDG_CACHE_HOME",):
        base = os.environ.get(variable, "")
        if base and os.path.isabs(base):
            return Path(base) / "hds-lint"
    home = os.environ.get("HOME") or os.path.expanduser("~")
    if not home or not os.path.isabs(home) or not os.path.isdir(home) or home == os.sep:
        return None
    return Path(home) / ".cache" / "hds-lint"


def usable(directory: Path) -> str | None:
    """Why the cache cannot be written in `directory`, or None when it can."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)  # private: entries are trusted input
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


_PARSER_FILES = {
    "hcl2": ("hcl2.lark", "postlexer.py", "version.py"),
    "lark": ("__init__.py",),  # holds __version__
    "yaml": ("__init__.py",),
}


def _parser_files() -> list[bytes]:
    """The bytes that say which parsers parse: python-hcl2's grammar, post-lexer and version,
    Lark's and PyYAML's version lines. Read from their files, found without importing the
    packages (a run whose files all come from the cache never imports python-hcl2)."""
    found = []
    for package, names in _PARSER_FILES.items():
        spec = importlib.util.find_spec(package)
        folders = list(spec.submodule_search_locations or []) if spec else []
        for name in names:
            try:
                found.append(Path(folders[0], name).read_bytes())
            except (IndexError, OSError):
                found.append(f"{package}/{name} missing".encode())
    return found


@cache
def _salt() -> bytes:
    """What else a parse depends on: the cache format, the parsers, and the code of hds-lint
    itself (its version does not change between commits of a checkout)."""
    import yaml

    code = hashlib.sha256()
    for module in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        code.update(module.read_bytes())
    for content in _parser_files():
        code.update(hashlib.sha256(content).digest())
    parts = [FORMAT, __version__, f"libyaml={yaml.__with_libyaml__}", sys.version, code.hexdigest()]
    return "\0".join(parts).encode()


class ParseCache:
    """A folder of parsed files; every failure to read or write it only costs a parse."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory / f"v{FORMAT}"

    def _entry(self, path: str, text: str) -> Path:
        name = os.fsencode(path)  # a file name need not be valid UTF-8
        digest = hashlib.sha256(_salt() + b"\0" + name + b"\0" + text.encode("utf-8", "surrogatepass")).hexdigest()
        return self.directory / digest[:2] / digest

    def get(self, path: str, text: str, valid: Callable[[Any], bool]) -> Any | None:
        """The parse stored for this exact file, or None (missing, damaged, foreign, or not
        of the shape `valid` accepts)."""
        entry = self._entry(path, text)
        try:
            data = entry.read_bytes()
        except OSError:
            return None
        checksum, payload = data[:32], data[32:]
        try:
            if hashlib.sha256(payload).digest() != checksum:
                raise pickle.UnpicklingError("checksum mismatch")
            value = _Unpickler(io.BytesIO(payload)).load()
            if not valid(value):
                raise pickle.UnpicklingError("not the shape of this kind of file")
            return value
        except Exception:  # any damage at all: drop the entry, parse again
            with contextlib.suppress(OSError):
                entry.unlink(missing_ok=True)
            return None

    def put(self, path: str, text: str, value: Any) -> None:
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # whatever stops pickling (a lock, a generator...), the value is not kept
            return
        self.store(path, text, payload)

    def store(self, path: str, text: str, payload: bytes) -> None:
        """Keep an already pickled value (a worker process pickles once, for the cache and
        for the way back)."""
        entry = self._entry(path, text)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(hashlib.sha256(payload).digest() + payload)
                os.replace(temporary, entry)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            pass  # a read-only or full disk: the scan goes on without the cache


@dataclass(frozen=True)
class Parsing:
    """How files are parsed: where parses are kept between runs, and in how many processes."""

    cache: ParseCache | None = None
    jobs: int = 1


_SERIAL = Parsing()
_PARSING: ContextVar[Parsing | None] = ContextVar("parsing", default=None)


@contextlib.contextmanager
def parsing(settings: Parsing) -> Iterator[None]:
    """Parse with these settings within the block (the command line sets them; the default
    is one process and no cache, for library use and tests)."""
    token = _PARSING.set(settings)
    try:
        yield
    finally:
        _PARSING.reset(token)


def current() -> Parsing:
    """The settings in force: the innermost `parsing` block, else one process and no cache."""
    return _PARSING.get() or _SERIAL


def cached(path: str, text: str, valid: Callable[[Any], bool], compute: Callable[[], T]) -> T:
    """compute(), or what it gave for this exact file in an earlier run (with the settings in
    force; without a cache, always compute())."""
    cache = current().cache
    if cache is None:
        return compute()
    found = cache.get(path, text, valid)
    if found is not None:
        return found
    value = compute()
    cache.put(path, text, value)
    return value
