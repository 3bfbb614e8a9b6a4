"""The `bodyscan` command: one module per command, `main` turns errors into exit codes.

0 ok, 1 a failure the user can fix (message on stderr, no traceback), 2 usage error.

This package's own module is kept light on purpose: loading the commands takes most of a
second, and Ctrl+C in that time must end quietly (exit 130), not with Python's traceback.
"""

from __future__ import annotations

import contextlib
import gc
import os
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


def run_as_program() -> None:
    """The installed `bodyscan` command and `python -m bodyscan`: run, then end the process.

    Before ending, every object still alive is set aside from the garbage collector: the
    process is about to give its memory back anyway, and the collection Python makes on the
    way out would walk them all first (0.1 s after listing five thousand exercises)."""
    code = main()
    if code == EXIT_INTERRUPTED:
        # CPython remembers a Ctrl+C that arrived while an extension module was running
        # Python code of its own, even once it has been handled here, and then ends the
        # process by SIGINT instead of with this code (about one start in ten, found by
        # tests/hostile/test_interrupts.py). Every command has tidied up before returning.
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)
    gc.freeze()
    sys.exit(code)


def build_parser() -> argparse.ArgumentParser:
    from bodyscan.cli.parser import build_parser as build  # noqa: PLC0415

    return build()


__all__ = ["build_parser", "main", "run_as_program"]
