"""Work spread over worker processes, results in order: a report is the same whatever the
number of processes."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from typing import Any

# Forked workers start with a copy of the parent's memory (what it loaded is theirs without
# pickling); elsewhere they are spawned and start from nothing.
FORKS = sys.platform == "linux"


def no_workers() -> tuple[type[BaseException], ...]:
    """What starting or feeding workers raises where processes cannot be had (a sandbox, a
    memory limit, a platform's limit on workers): the caller then does the work itself.
    (A function, so that `except no_workers():` imports the pool only when one failed: a
    scan that starts no worker does not pay the 10 ms of importing multiprocessing.)"""
    from concurrent.futures.process import BrokenProcessPool

    return (BrokenProcessPool, OSError, ValueError, NotImplementedError, ImportError)


def _ignore_interrupt() -> None:
    """Workers leave Ctrl-C to the parent, which stops them: a worker interrupted inside the
    pool's queue can leave the parent waiting on it forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def in_workers(work: Callable[[Any], Any], items: list[Any], workers: int, chunk: int) -> Iterator[Any]:
    """`work` over `items` in worker processes, in order, each result as soon as it arrives
    (the caller unpickles one while the workers work on the next)."""
    import concurrent.futures
    import multiprocessing

    context = multiprocessing.get_context("fork" if FORKS else "spawn")
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_ignore_interrupt
    )
    try:
        yield from pool.map(work, items, chunksize=chunk)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        processes = getattr(pool, "_processes", None) or {}  # no public way to stop workers before 3.14
        for process in list(processes.values()):
            process.terminate()
        raise
    pool.shutdown()
