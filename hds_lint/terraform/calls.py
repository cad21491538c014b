"""Which scanned folders call which: the roots a run evaluates, and what each reaches. Kept
apart from evaluation, so that a run that reuses every part decides its roots without
loading the evaluator."""

from __future__ import annotations

from pathlib import Path


def find_roots(calls: dict[Path, set[Path]]) -> list[Path]:
    """Folders no other scanned folder calls as a local module source; and, so that nothing
    is dropped silently, one folder of each group only reachable from each other (a cycle of
    calls), the first by name, through which the others are evaluated."""
    called = set().union(*calls.values()) if calls else set()
    roots = [path for path in sorted(calls) if path not in called]
    reached = reachable(roots, calls)
    for path in sorted(calls):
        if path not in reached:
            roots.append(path)
            reached |= reachable([path], calls)
    return roots


def reachable(starts: list[Path], calls: dict[Path, set[Path]]) -> set[Path]:
    """The scanned folders `starts` lead to through local module calls, themselves included."""
    reached, frontier = set(starts), list(starts)
    while frontier:
        for target in calls.get(frontier.pop(), ()):
            if target in calls and target not in reached:
                reached.add(target)
                frontier.append(target)
    return reached
