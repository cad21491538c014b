"""Errors the user can fix: reported as one line, exit code 2, never a traceback."""


class UsageError(Exception):
    """A wrong argument, a missing path, a broken config or catalog file."""


class SourceSyntaxError(Exception):
    """A scanned file that does not parse: the line of the fault and a message in plain words."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
