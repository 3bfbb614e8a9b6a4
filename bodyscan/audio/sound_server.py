"""Is the sound server (PulseAudio or PipeWire's pulse) there, and is it the same one as before?

Asked without any audio library: Qt's PulseAudio backend aborts the whole process when it is
used after its server has died (its context is gone and never comes back in that process), so
the outputs look before they call into it. A restarted server makes a new socket file, so the
socket's inode tells the server that Qt connected to from a new one.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

PROBE_TIMEOUT_SECONDS = 0.5


def _server_addresses() -> list[str]:
    """Where libpulse would look, in its order: $PULSE_SERVER, then the user's runtime folder."""
    listed = os.environ.get("PULSE_SERVER", "").split()
    if listed:
        return listed
    runtime = os.environ.get("PULSE_RUNTIME_PATH")
    if runtime:
        return [str(Path(runtime) / "native")]
    xdg = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    return [str(Path(xdg) / "pulse" / "native")]


def _unix_path(address: str) -> Path | None:
    if address.startswith("unix:"):
        return Path(address[len("unix:") :])
    if address.startswith("/"):
        return Path(address)
    return None


def _connects(address: str) -> bool:
    path = _unix_path(address)
    try:
        if path is not None:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                probe.settimeout(PROBE_TIMEOUT_SECONDS)
                probe.connect(str(path))
            return True
        host = address.removeprefix("tcp:").removeprefix("tcp4:").removeprefix("tcp6:")
        host = host.split("@")[-1]  # "{machine-id}tcp:host" forms keep the host last
        name, _, port = host.rpartition(":") if host.count(":") == 1 else (host, "", "")
        with socket.create_connection(
            (name or host, int(port) if port else 4713), timeout=PROBE_TIMEOUT_SECONDS
        ):
            return True
    except (OSError, ValueError):
        return False


def server_running() -> bool:
    """True when a PulseAudio-compatible server accepts connections."""
    return any(_connects(address) for address in _server_addresses())


def server_identity() -> tuple[str, int] | None:
    """The running server's socket (path, inode), or None when it is not running. A server on
    TCP has no inode; it is named by its address."""
    for address in _server_addresses():
        if not _connects(address):
            continue
        path = _unix_path(address)
        if path is None:
            return (address, 0)
        with contextlib.suppress(OSError):
            return (str(path), path.stat().st_ino)
    return None


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null for a moment: ALSA and PortAudio print their device
    probing straight to it (C code, not Python logging), which is noise to a user."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@contextlib.contextmanager
def library_noise_hidden() -> Iterator[None]:
    """For a whole command: what C libraries write to file descriptor 2 goes to /dev/null,
    while Python's sys.stderr (and logging handlers that write to it) reach the terminal still.

    PortAudio reports a lost server from its own thread ("Expression ... failed in
    pa_linux_alsa.c"), and Qt and libpulse print their connection attempts; none of that is
    for a user, and it can come at any moment, so a redirect around single calls is not enough.
    """
    terminal = sys.stderr
    try:
        terminal.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    python_side = os.fdopen(saved, "w", buffering=1, errors="backslashreplace")
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.StreamHandler) and handler.stream is terminal
    ]
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 2)
    sys.stderr = python_side
    for handler in handlers:
        handler.setStream(python_side)
    try:
        yield
    finally:
        python_side.flush()
        os.dup2(saved, 2)
        sys.stderr = terminal
        for handler in handlers:
            handler.setStream(terminal)
        python_side.close()
