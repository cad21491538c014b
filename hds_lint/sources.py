"""Reading a scanned file, and turning every way that can fail into one LoadProblem."""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import threading
from collections.abc import Iterator
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


_TEXTS: ContextVar[dict[str, str] | None] = ContextVar("texts", default=None)


@contextlib.contextmanager
def reading_once() -> Iterator[None]:
    """Within the block each file is read once: the loaders, the suppression comments and the
    report's code lines see the same text, even if the file changes meanwhile, and standard
    input is there for each of them. Within an outer block, the outer one holds."""
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
        return texts[path]
    text = sys.stdin.read() if path == STDIN else Path(path).read_bytes().decode("utf-8-sig")
    if texts is not None:
        texts[path] = text
    return text


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
        raise ParseTimeout(f"parsing took more than {seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
