"""Work spread over worker processes, results in order: a report is the same whatever the
number of processes."""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

# What starting or feeding workers raises where processes cannot be had (a sandbox, a memory
# limit, a platform's limit on workers): the caller then does the work itself.
NO_WORKERS = (BrokenProcessPool, OSError, ValueError, NotImplementedError, ImportError)

# Forked workers start with a copy of the parent's memory (what it loaded is theirs without
# pickling); elsewhere they are spawned and start from nothing.
FORKS = sys.platform == "linux"


def _ignore_interrupt() -> None:
    """Workers leave Ctrl-C to the parent, which stops them: a worker interrupted inside the
    pool's queue can leave the parent waiting on it forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def in_workers(work: Callable[[Any], Any], items: list[Any], workers: int, chunk: int) -> Iterator[Any]:
    """`work` over `items` in worker processes, in order, each result as soon as it arrives
    (the caller unpickles one while the workers work on the next)."""
    context = multiprocessing.get_context("fork" if FORKS else "spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_ignore_interrupt)
    try:
        yield from pool.map(work, items, chunksize=chunk)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        processes = getattr(pool, "_processes", None) or {}  # no public way to stop workers before 3.14
        for process in list(processes.values()):
            process.terminate()
        raise
    pool.shutdown()
