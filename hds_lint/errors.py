"""Errors the user can fix: reported as one line, exit code 2, never a traceback."""


class UsageError(Exception):
    """A wrong argument, a missing path, a broken config or catalog file."""
