"""The `hds-lint` command's entry point, kept apart from the command line so that Ctrl-C
while the program is still loading ends it as Ctrl-C during a scan does (exit 130, one
line), not with a traceback."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from hds_lint.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("hds-lint: interrupted\n")
        sys.exit(130)
    run()
