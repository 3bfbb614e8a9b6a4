"""A large folder of new exercises read by another process, for the window.

Reading a script is Python work from start to end, and a thread doing it holds Python's lock
for most of its time slice: the window, whose every event passes through Python (a card's
resize, a paint), waited for the lock again and again and froze for seconds while a
thousand new files were read. A child process has a lock of its own. It reads the files and
keeps the index, saving it as it goes; this side lists from the index (which costs a few
milliseconds a hundred files) and, at the end, reads whatever the child did not.

Anything that keeps the child from working (a library that cannot be sent, no interpreter to
start, a crash) falls back to reading here, as before. An index that cannot be saved (a full
disk, a read-only cache) is handed over whole at the end instead, so nothing is read twice.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from bodyscan.core.library import Exercise, Library

log = logging.getLogger(__name__)

PROGRESS_LINE = b"saved\n"
INDEX_LINE = b"index "  # followed by the index as JSON, when the child could not save it
TOLD_PROBLEM_BYTES = 2000  # of the child's error output, kept for the log
# How often the child saves the index and says so: each saving costs it the whole index
# written again, and this side the whole list made again from it (thousands of entries).
SAVE_EVERY = 1.0
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # where `bodyscan` can be imported from


@runtime_checkable
class KeepsUnsaved(Protocol):
    """An index store that keeps in memory what it could not save (`library_index`)."""

    def unsaved_index(self) -> dict[str, Any] | None: ...

    def remember(self, index: dict[str, Any]) -> None: ...


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
        # Its error output goes to a file: a pipe nobody reads until the end fills up (64 kB
        # of warnings, say about a folder of unreadable names) and stops the child for good.
        with tempfile.TemporaryFile() as errors:
            child = subprocess.Popen(
                # -P: `bodyscan` from where this process has it, never from the working folder.
                [sys.executable, "-P", "-m", __name__],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                env=_child_environment(),
            )
            _follow(child, sent, library, on_progress)
            if child.wait() != 0:
                errors.seek(0, os.SEEK_END)
                errors.seek(max(0, errors.tell() - TOLD_PROBLEM_BYTES))
                told = errors.read().decode(errors="replace").strip()
                log.warning(
                    "the process reading exercises ended with %s: %s", child.returncode, told
                )
    except (pickle.PicklingError, AttributeError, TypeError, OSError) as exc:
        log.info("reading the exercises here (no other process: %s)", exc)
    # Whatever the child read is in the index now; the rest (if it stopped early, or never
    # started) is read here.
    return library.scan(on_progress)


def _follow(
    child: subprocess.Popen[bytes],
    sent: bytes,
    library: Library,
    on_progress: Callable[[list[Exercise]], None] | None,
) -> None:
    """Give the child its library, and hear its news until it ends."""
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write(sent)
        child.stdin.close()
        for line in child.stdout:
            if line == PROGRESS_LINE and on_progress is not None:
                on_progress(library.known())
            elif line.startswith(INDEX_LINE) and isinstance(library.index, KeepsUnsaved):
                library.index.remember(json.loads(line[len(INDEX_LINE) :]))
    except (OSError, ValueError) as exc:
        log.warning("lost touch with the process reading exercises: %s", exc)
        child.kill()


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
        store = library.index
        unsaved = store.unsaved_index() if isinstance(store, KeepsUnsaved) else None
        if unsaved is not None:  # handed over: the window keeps it in memory
            sys.stdout.buffer.write(INDEX_LINE + json.dumps(unsaved).encode() + b"\n")
            sys.stdout.flush()
    except BrokenPipeError:  # the window has gone: nobody is waiting for the list
        return 0
    except Exception as exc:  # told to the window, which reads the rest itself
        sys.stderr.write(f"{type(exc).__name__}: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_read_sent_library())
