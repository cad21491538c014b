"""Parsed files and analyses kept between runs, so that work already done is not done again.

A parse entry is named by the hash of everything that decides the parse: the file's path
(spans carry it) and bytes, the cache format, hds-lint's version and code, the parsers'
versions and Python's. An analysis entry is named by what a scan is given (paths, inputs,
configuration, working folder, report root) with hds-lint's code and data, and holds the
analysis in parts, each with the record of what it read (sources.recording): a part is
reused only when every read gives the same answer again.
Entries are written to a temporary file and renamed into place, so concurrent runs never see
half an entry. An entry carries a checksum and is read with an unpickler that builds only
the few plain classes it is made of, then checked for its shape: a damaged entry is
discarded and rewritten. The folder itself must be trusted, as the scanned files are: a
planted entry cannot run code, but it can misstate a file.
"""

from __future__ import annotations

import contextlib
import dataclasses
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


# The classes an analysis result is made of (findings, suppressions, inventory).
_RESULT = {
    ("hds_lint.model", "Unit"),
    ("hds_lint.model", "Finding"),
    ("hds_lint.model", "Related"),
    ("hds_lint.model", "Span"),
    ("hds_lint.model", "LoadProblem"),
    ("hds_lint.model", "StoreEntry"),
    ("hds_lint.suppress", "Suppression"),
    ("hds_lint.suppress", "Malformed"),
    ("datetime", "date"),
}


class _Unpickler(pickle.Unpickler):
    allowed = _ALLOWED

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self.allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a cache entry")
        return super().find_class(module, name)


class _ResultUnpickler(_Unpickler):
    allowed = _RESULT


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


@cache
def _data_salt() -> bytes:
    """What an analysis depends on beyond the code: the catalog and rule packs it reads."""
    from hds_lint.catalog import rules_dir

    data = hashlib.sha256()
    for path in sorted(p for p in rules_dir().rglob("*") if p.is_file()):
        data.update(path.relative_to(rules_dir()).as_posix().encode() + b"\0" + path.read_bytes())
    return data.hexdigest().encode()


def _read_entry(entry: Path, unpickler: type[pickle.Unpickler], valid: Callable[[Any], bool]) -> Any | None:
    """The value in an entry, or None (missing, damaged, foreign, or not of the shape `valid`
    accepts); a damaged entry is removed, to be written again."""
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    checksum, payload = data[:32], data[32:]
    try:
        if hashlib.sha256(payload).digest() != checksum:
            raise pickle.UnpicklingError("checksum mismatch")
        value = unpickler(io.BytesIO(payload)).load()
        if not valid(value):
            raise pickle.UnpicklingError("not the shape of this kind of entry")
        return value
    except Exception:  # any damage at all: drop the entry, compute again
        with contextlib.suppress(OSError):
            entry.unlink(missing_ok=True)
        return None


def _pickled(value: Any) -> bytes | None:
    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # whatever stops pickling (a lock, a generator...), the value is not kept
        return None


def _write_entry(entry: Path, payload: bytes) -> None:
    """Written beside, then renamed into place: a concurrent run sees the old entry or the new."""
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


class Cache:
    """A folder of parsed files and of analysis results; every failure to read or write it
    only costs the work again."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory / f"v{FORMAT}"

    def _entry(self, path: str, text: str) -> Path:
        name = os.fsencode(path)  # a file name need not be valid UTF-8
        digest = hashlib.sha256(_salt() + b"\0" + name + b"\0" + text.encode("utf-8", "surrogatepass")).hexdigest()
        return self.directory / digest[:2] / digest

    def get(self, path: str, text: str, valid: Callable[[Any], bool]) -> Any | None:
        """The parse stored for this exact file, or None."""
        return _read_entry(self._entry(path, text), _Unpickler, valid)

    def put(self, path: str, text: str, value: Any) -> None:
        payload = _pickled(value)
        if payload is not None:
            self.store(path, text, payload)

    def store(self, path: str, text: str, payload: bytes) -> None:
        """Keep an already pickled value (a worker process pickles once, for the cache and
        for the way back)."""
        _write_entry(self._entry(path, text), payload)

    def _result_entry(self, question: str) -> Path:
        digest = hashlib.sha256(_salt() + b"\0" + _data_salt() + b"\0" + question.encode("utf-8", "surrogatepass"))
        return self.directory / "results" / digest.hexdigest()

    def result(self, question: str) -> tuple[Any, ...] | None:
        """The parts of the last analysis asked `question`, each with what it read, or None."""
        return _read_entry(self._result_entry(question), _ResultUnpickler, _is_result)

    def keep_result(self, question: str, value: tuple[Any, ...]) -> None:
        """Only the last analysis of each question is kept: the cache grows with the ways a
        repository is scanned, not with its history."""
        payload = _pickled(value)
        if payload is not None:
            _write_entry(self._result_entry(question), payload)


def canonical(value: Any) -> Any:
    """The same nested tuples for the same value in every run: sets sorted (their order
    follows string hashing, which changes per process), dataclasses by their fields."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = tuple((f.name, canonical(getattr(value, f.name))) for f in dataclasses.fields(value))
        return (type(value).__name__, fields)
    if isinstance(value, dict):
        return ("dict", tuple((canonical(k), canonical(v)) for k, v in value.items()))
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted((canonical(v) for v in value), key=repr)))
    if isinstance(value, list | tuple):
        return tuple(canonical(v) for v in value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return (type(value).__name__, str(value))


def _is_result(value: Any) -> bool:
    """Parts of an analysis, field by field: an entry that unpickles to anything else is
    damaged or foreign, and dropped like one that does not unpickle. (Read on every warm run:
    written for speed, with `type() is` where our classes are not subclassed.)"""
    from hds_lint.model import Finding, LoadProblem, StoreEntry, Unit
    from hds_lint.suppress import Malformed, Suppression

    def all_of(items: Any, kind: type) -> bool:
        return type(items) is tuple and all(type(item) is kind for item in items)

    if type(value) is not tuple:
        return False
    for unit in value:
        if not (
            type(unit) is Unit
            and type(unit.root) is str
            and all_of(unit.files, str)
            and all_of(unit.folders, str)
            and all_of(unit.calls, tuple)
            and all(len(c) == 2 and type(c[0]) is str and all_of(c[1], str) for c in unit.calls)
            and type(unit.reads) is dict
            and all(type(k) is tuple and len(k) == 2 and type(k[0]) is str and type(k[1]) is str for k in unit.reads)
            and all_of(unit.findings, Finding)
            and all_of(unit.problems, LoadProblem)
            and all_of(unit.notices, LoadProblem)
            and type(unit.annotations) is tuple
            and all(type(a) is Suppression or type(a) is Malformed for a in unit.annotations)
            and type(unit.resources) is int
            and type(unit.in_scope) is int
            and all_of(unit.inventory, StoreEntry)
        ):
            return False
    return True


@dataclass(frozen=True)
class Parsing:
    """How files are parsed: where parses are kept between runs, and in how many processes."""

    cache: Cache | None = None
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
