"""A large folder of new exercises read by another process, for the window.

Reading a script is Python work from start to end, and a thread doing it holds Python's lock
for most of its time slice: the window, whose every event passes through Python (a card's
resize, a paint), waited for the lock again and again and froze for seconds while a
thousand new files were read. A child process has a lock of its own. It reads the files and
keeps the index, saving it as it goes; this side lists from the index (which costs a few
milliseconds a hundred files) and, at the end, reads whatever the child did not.

Anything that keeps the child from working (a library that cannot be sent, no interpreter to
start, a crash) falls back to reading here, as before.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from bodyscan.core.library import Exercise, Library

log = logging.getLogger(__name__)

PROGRESS_LINE = b"saved\n"
# How often the child saves the index and says so: each saving costs it the whole index
# written again, and this side the whole list made again from it (thousands of entries).
SAVE_EVERY = 1.0
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # where `bodyscan` can be imported from


def scan_in_other_process(
    library: Library,
    on_progress: Callable[[list[Exercise]], None] | None = None,
    save_every: float = SAVE_EVERY,
) -> list[Exercise]:
    """What `library.scan` returns, with the new files read by a child process (which saves
    the index every `save_every` seconds: `on_progress` hears each time, with a list)."""
    if library.index is None:  # the child could not tell what it read
        return library.scan(on_progress)
    try:
        sent = pickle.dumps((library, save_every))
        child = subprocess.Popen(
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_child_environment(),
        )
    except (pickle.PicklingError, AttributeError, TypeError, OSError) as exc:
        log.info("reading the exercises here (no other process: %s)", exc)
        return library.scan(on_progress)
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    problem = ""
    try:
        child.stdin.write(sent)
        child.stdin.close()
        for line in child.stdout:
            if line == PROGRESS_LINE and on_progress is not None:
                on_progress(library.known())
        problem = child.stderr.read().decode(errors="replace").strip()
    except OSError as exc:
        problem = str(exc)
        child.kill()
    if child.wait() != 0:
        log.warning("the process reading exercises ended with %s: %s", child.returncode, problem)
    # Whatever the child read is in the index now; the rest (if it stopped early) is read here.
    return library.scan(on_progress)


def _child_environment() -> dict[str, str]:
    environment = dict(os.environ)
    known = environment.get("PYTHONPATH")
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), known]))
    return environment


def _read_sent_library() -> int:
    """In the child: read every new file of the library sent on standard input, saving the
    index and saying so on standard output as it goes."""
    try:
        library, save_every = pickle.load(sys.stdin.buffer)
        if not isinstance(library, Library) or not isinstance(save_every, float):
            raise TypeError("expected a Library and how often to save its index")

        def saved(_exercises: list[Exercise]) -> None:
            sys.stdout.buffer.write(PROGRESS_LINE)
            sys.stdout.flush()

        library.scan(saved, index_as_it_goes=True, progress_every=save_every)
    except BrokenPipeError:  # the window has gone: nobody is waiting for the list
        return 0
    except Exception as exc:  # told to the window, which reads the rest itself
        sys.stderr.write(f"{type(exc).__name__}: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_read_sent_library())
