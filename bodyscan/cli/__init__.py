"""The `bodyscan` command: one module per command, `main` turns errors into exit codes.

0 ok, 1 a failure the user can fix (message on stderr, no traceback), 2 usage error.

This package's own module is kept light on purpose: loading the commands takes most of a
second, and Ctrl+C in that time must end quietly (exit 130), not with Python's traceback.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # not typing's: importing typing alone takes a noticeable moment
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

EXIT_INTERRUPTED = 130  # as a shell reports a process ended by Ctrl+C


def main(argv: Sequence[str] | None = None) -> int:
    try:
        from bodyscan.cli.commands import main as run  # noqa: PLC0415 - Ctrl+C may come meanwhile

        return run(argv)
    except KeyboardInterrupt:
        print("\nbodyscan: stopped (Ctrl+C).", file=sys.stderr)
        return EXIT_INTERRUPTED


def build_parser() -> argparse.ArgumentParser:
    from bodyscan.cli.parser import build_parser as build  # noqa: PLC0415

    return build()


__all__ = ["build_parser", "main"]
