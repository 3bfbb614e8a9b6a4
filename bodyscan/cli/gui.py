"""Starting the desktop app, and adding it to (or removing it from) the desktop's menu."""

from __future__ import annotations

import os
import sys

from bodyscan import desktop
from bodyscan.cli.common import EXIT_OK
from bodyscan.errors import BodyscanError


def desktop_entry(*, install: bool) -> int:
    if install:
        installed = desktop.install_desktop()
        print(f"Added bodyscan to your menu: {installed.desktop_file}")
        print(f"Icon: {installed.icon}")
        return EXIT_OK
    removed = desktop.uninstall_desktop()
    for path in removed:
        print(f"Removed {path}")
    if not removed:
        print("Nothing to remove: bodyscan was not in your menu.")
    return EXIT_OK


def start_gui(*, minimised: bool = False, pack: str | None = None) -> int:
    if _no_display():
        raise BodyscanError(
            "the desktop app needs a graphical session, and none was found",
            "Start bodyscan from your desktop, or use the command line: bodyscan --help",
        )
    # Imported here so that the command line never pays for loading Qt.
    try:
        from bodyscan.ui.app import main as gui_main  # noqa: PLC0415
    except ImportError as exc:
        raise BodyscanError(
            "the desktop app cannot start: Qt is not available",
            f"{exc}\nOn Debian/Ubuntu: sudo apt install libegl1 libxkbcommon-x11-0 "
            "libxcb-cursor0 libpulse0, or run `make run` in the source folder.",
        ) from None
    flags = [desktop.MINIMISED_FLAG] if minimised else []
    return gui_main([*flags, *([pack] if pack else [])])


def _no_display() -> bool:
    # Without this check Qt aborts the process with a fatal error of its own.
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
