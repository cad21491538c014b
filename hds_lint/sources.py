"""Reading a scanned file, and turning every way that can fail into one LoadProblem."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path

from hds_lint.discover import STDIN
from hds_lint.errors import SourceSyntaxError
from hds_lint.model import LoadProblem

PARSE_SECONDS = 20.0  # a file that takes longer to parse is reported, not waited for


class ParseTimeout(Exception):
    """Parsing one file took longer than PARSE_SECONDS."""


# What a loader may raise for a file it cannot use; anything else is a bug of ours.
READ_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    UnicodeDecodeError,
    json.JSONDecodeError,
    SourceSyntaxError,
    RecursionError,
    ParseTimeout,
)


_TEXTS: ContextVar[dict[object, object] | None] = ContextVar("texts", default=None)


@contextlib.contextmanager
def reading_once() -> Iterator[None]:
    """Within the block each file is read once, and each question below answered once: the
    loaders, the suppression comments and the report's code lines see the same text, even if
    the file changes meanwhile, and standard input is there for each of them. Within an outer
    block, the outer one holds."""
    if _TEXTS.get() is not None:
        yield
        return
    token = _TEXTS.set({})
    try:
        yield
    finally:
        _TEXTS.reset(token)


def read_text(path: str) -> str:
    """File text as UTF-8, with or without a byte order mark; STDIN is standard input, which
    can be read once: within `reading_once`, every reader gets it."""
    texts = _TEXTS.get()
    if texts is not None and path in texts:
        text = texts[path]
    else:
        found, answer = _load(path)
        if isinstance(found, BaseException):
            _observe("text", path, answer)
            raise found
        text = found
        if texts is not None:
            texts[path] = text
    reads = _READS.get()
    if reads is not None and ("text", path) not in reads:
        reads[("text", path)] = _remembered("digest", path, lambda: _digest(text))  # type: ignore[arg-type]
    return text  # type: ignore[return-value]


def _load(path: str) -> tuple[str | OSError | UnicodeDecodeError, str]:
    """The text or why it cannot be had, and the answer a record keeps: the text's SHA-256,
    or the failure (bytes that are not UTF-8 by their own hash: other bytes, another answer)."""
    if path == STDIN:
        text = sys.stdin.read()
        return text, _digest(text)
    try:
        data = _read_bytes(path)
    except OSError as exc:
        return exc, f"{type(exc).__name__} {exc.errno}"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return exc, "not UTF-8 " + hashlib.sha256(data).hexdigest()
    return text, _digest(text)


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:  # a third faster than Path.read_bytes over thousands of small files
        return handle.read()


# --- what a scan read ---------------------------------------------------------------------
# Everything the analysis learns from the file system goes through the functions below, so
# that a run can record what it asked and what it was told (`recording`), and a later run
# can tell whether every answer is still the same (`unchanged`) before it reuses the result.
# tests/test_result_cache.py fails when a module of the analysis asks the file system itself.

Reads = dict[tuple[str, str], object]  # (question, path) -> answer, in the order first asked
_READS: ContextVar[Reads | None] = ContextVar("reads", default=None)
TIMED_OUT = "timed out"  # a question whose answer is never the same: a parse given up for time
TIMEOUT = "parsing took more than"  # how a ParseTimeout starts (a worker's comes back as its problem's text)


@contextlib.contextmanager
def recording() -> Iterator[Reads]:
    """Within the block, every question the analysis asks of the file system is kept, with its
    answer, in the mapping yielded."""
    reads: Reads = {}
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)


def _observe(question: str, path: str, answer: object) -> object:
    reads = _READS.get()
    if reads is not None:
        reads.setdefault((question, path), answer)
    return answer


def _ask(question: str, path: str) -> object:
    """The answer, from the one function that answers this question (`unchanged` asks the
    same one again), remembered for the run and recorded."""
    return _observe(question, path, _remembered(question, path, lambda: _QUESTIONS[question](path)))


def _known(question: str, path: str) -> bool:
    memo = _TEXTS.get()
    return memo is not None and (question, path) in memo


def _remember(question: str, path: str, answer: object) -> None:
    memo = _TEXTS.get()
    if memo is not None:
        memo[(question, path)] = answer


def _remembered(question: str, path: str, compute: Callable[[], object]) -> object:
    """The answer, computed once within `reading_once`: a run works from one view of the
    folders, as it reads one text of each file."""
    memo = _TEXTS.get()
    if memo is None:
        return compute()
    key = (question, path)
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _text_answer(path: str) -> str:
    try:
        return _digest(read_text(path))
    except (OSError, UnicodeDecodeError):
        return _load(path)[1]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _listing(directory: str) -> tuple[tuple[str, bool, bool], ...]:
    try:
        found = []
        with os.scandir(directory) as listing:
            for entry in listing:
                try:
                    found.append((entry.name, entry.is_file(), entry.is_symlink()))
                except OSError:
                    found.append((entry.name, False, False))
        return tuple(sorted(found))
    except OSError:
        return ()


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size if path != STDIN else 0
    except OSError:
        return 0


def _realpath(path: str) -> str:
    """os.path.realpath, with the folders above remembered within `reading_once`: module
    paths share their parents, and resolving each from the root asked the file system once
    per folder above it, every time."""
    names: list[str] = []  # the last components, innermost first
    head = path
    while True:
        parent, name = os.path.split(head)
        if not name or name in (".", "..") or not parent or parent == head:
            break
        names.append(name)
        head = parent
        if _known("realpath", head):
            break
    resolved = str(_remembered("realpath", head, lambda: os.path.realpath(head)))
    for name in reversed(names):
        joined = os.path.join(resolved, name)
        resolved = os.path.realpath(joined) if os.path.islink(joined) else joined
        head = os.path.join(head, name)
        _remember("realpath", head, resolved)
    return resolved


_QUESTIONS: dict[str, Callable[[str], object]] = {
    "entries": _listing,
    "is_dir": os.path.isdir,
    "is_file": os.path.isfile,
    "resolve": _realpath,
    "size": _size,
}


def entries(directory: Path) -> tuple[tuple[str, bool, bool], ...]:
    """(name, is a file (links followed), is a link) for each entry of a folder, by name;
    none when it cannot be listed."""
    return _ask("entries", str(directory))  # type: ignore[return-value]


def is_dir(path: Path) -> bool:
    return _ask("is_dir", str(path))  # type: ignore[return-value]


def is_file(path: Path) -> bool:
    return _ask("is_file", str(path))  # type: ignore[return-value]


def resolve(path: Path) -> Path:
    """The path with links and `..` resolved: a link retargeted is a different module."""
    return Path(_ask("resolve", str(path)))  # type: ignore[arg-type]


def size(path: str) -> int:
    """Bytes in the file; 0 when it cannot be read (its reader says why)."""
    return _ask("size", path)  # type: ignore[return-value]


def gave_up(path: str) -> None:
    """A parse of `path` was given up for time: what was found may not be found next time."""
    _observe(TIMED_OUT, path, True)


def unchanged(reads: Iterable[tuple[tuple[str, str], object]]) -> bool:
    """Whether every question gets the answer it got when `reads` was recorded. Stops at the
    first difference; the texts read are kept for the rest of the run, as `read_text` keeps them.
    A question it does not know (a foreign record) is a difference."""
    for (question, path), answer in reads:
        if question == "text":
            now: object = _remembered("digest", path, lambda path=path: _text_answer(path))
        elif question in _QUESTIONS:
            now = _remembered(question, path, lambda question=question, path=path: _QUESTIONS[question](path))
        else:
            return False
        if now != answer:
            return False
    return True


def _last_line(text: str) -> int:
    return max(1, text.count("\n") + (0 if text.endswith("\n") else 1))


def problem(path: str, text: str, exc: BaseException, language: str) -> LoadProblem:
    """The file and line of a failure, with the reason in plain words.

    Parsers put "unexpected end of file" one line past the last; GitHub rejects a region
    past the end of a file, so the line is clamped into the text.
    """
    if isinstance(exc, SourceSyntaxError | json.JSONDecodeError):
        line = exc.line if isinstance(exc, SourceSyntaxError) else exc.lineno
        message = exc.message if isinstance(exc, SourceSyntaxError) else f"invalid JSON: {exc.msg}"
        return LoadProblem(path, min(max(line, 1), _last_line(text)), message)
    if isinstance(exc, UnicodeDecodeError):
        return LoadProblem(path, 1, f"not UTF-8 text (byte {exc.start}): cannot read it as {language}")
    if isinstance(exc, ParseTimeout):
        gave_up(path)
        return LoadProblem(path, 1, f"not parsed: {exc}")
    if isinstance(exc, RecursionError):
        return LoadProblem(path, 1, f"nested too deeply to read as {language}")
    if isinstance(exc, OSError):
        return LoadProblem(path, 1, f"cannot read the file: {exc.strerror or exc}")
    return LoadProblem(path, 1, f"cannot read it as {language}: {exc}")


@contextlib.contextmanager
def time_limit(seconds: float = PARSE_SECONDS) -> Iterator[None]:
    """Interrupt a parse that takes too long (a pathological file must not hang CI). Uses a
    real-time timer signal, so it applies only in the main thread of a Unix process."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise ParseTimeout(f"{TIMEOUT} {seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
