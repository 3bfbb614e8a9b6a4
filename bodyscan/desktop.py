"""Fitting into the desktop: the menu entry and icon, starting at login, and what the platform
can say about the screen (locked? a full-screen window in front?).

No Qt here: these are files in well-known places and a couple of small system commands, so they
work the same from the command line (`bodyscan --install-desktop`) and from Settings.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bodyscan.errors import DataError
from bodyscan.files import write_text_atomically

log = logging.getLogger(__name__)

RESOURCES = Path(__file__).resolve().parent / "ui" / "resources"
DESKTOP_FILE = "bodyscan.desktop"
MIME_FILE = "bodyscan-mime.xml"  # packs (.bodyscan) as application/x-bodyscan
OPEN_FILE_CODE = "%f"  # the menu entry opens one pack the file manager hands it
ICON_NAME = "bodyscan"
MINIMISED_FLAG = "--minimised"  # started at login: straight to the tray, no window
MAC_AGENT = "org.bodyscan.app"
WINDOWS_RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
PROBE_TIMEOUT = 2.0  # seconds; a probe that hangs must not hold a reminder up


def _xdg(variable: str, default: str) -> Path:
    value = os.environ.get(variable, "")
    # The spec says relative values are invalid and must be ignored.
    return Path(value) if value and Path(value).is_absolute() else Path.home() / default


def data_home() -> Path:
    return _xdg("XDG_DATA_HOME", ".local/share")


def config_home() -> Path:
    return _xdg("XDG_CONFIG_HOME", ".config")


def launch_command() -> list[str]:
    """How to start the desktop app from a menu or at login: the installed `bodyscan-gui`
    beside this Python if there is one, else this Python running the package."""
    script = Path(sys.executable).with_name("bodyscan-gui")
    if script.exists():
        return [str(script)]
    found = shutil.which("bodyscan-gui")
    if found:
        return [found]
    return [sys.executable, "-m", "bodyscan"]


RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def _exec_argument(argument: str) -> str:
    """One argument as the Desktop Entry spec wants it: double quotes around anything with a
    reserved character (with ", `, $ and \\ escaped inside), `%` doubled, and then every
    backslash doubled again by the string escaping that applies to all values."""
    if RESERVED & set(argument):
        escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
        argument = f'"{escaped}"'
    return argument.replace("%", "%%").replace("\\", "\\\\")


def _exec_line(command: Sequence[str]) -> str:
    return " ".join(_exec_argument(part) for part in command)


def desktop_entry(command: Sequence[str], *, autostart: bool = False) -> str:
    """The bundled .desktop file with Exec pointing at this installation."""
    exec_line = "Exec=" + (
        _exec_line([*command, MINIMISED_FLAG])
        if autostart
        else f"{_exec_line(command)} {OPEN_FILE_CODE}"
    )
    lines = [
        exec_line if line.startswith("Exec=") else line
        for line in (RESOURCES / DESKTOP_FILE).read_text(encoding="utf-8").splitlines()
    ]
    if autostart:
        lines = [line for line in lines if not line.startswith("MimeType=")]
        lines += ["X-GNOME-Autostart-enabled=true", "NoDisplay=true"]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Installed:
    desktop_file: Path
    icon: Path


def install_desktop(command: Sequence[str] | None = None) -> Installed:
    """Put the menu entry and the icon where desktops look for them (per user, no root)."""
    share = data_home()
    entry = share / "applications" / DESKTOP_FILE
    icon = share / "icons" / "hicolor" / "scalable" / "apps" / f"{ICON_NAME}.svg"
    mime = mime_file(share)
    try:
        mime.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(
            mime, (RESOURCES / MIME_FILE).read_text(encoding="utf-8"), "install the pack type"
        )
        entry.parent.mkdir(parents=True, exist_ok=True)
        icon.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(
            entry, desktop_entry(command or launch_command()), "install the menu entry"
        )
        write_text_atomically(
            icon,
            (RESOURCES / f"{ICON_NAME}.svg").read_text(encoding="utf-8"),
            "install the menu entry's icon",
        )
    except OSError as exc:
        raise DataError(
            "could not install the menu entry", f"{exc.strerror or exc} ({exc.filename})"
        ) from exc
    _refresh_caches(share)
    return Installed(entry, icon)


def mime_file(share: Path) -> Path:
    """Where shared-mime-info looks for a person's own file types."""
    return share / "mime" / "packages" / "bodyscan.xml"


def uninstall_desktop() -> list[Path]:
    """Remove what install_desktop put in place (and the login entry); returns what went."""
    share = data_home()
    removed = []
    for path in (
        share / "applications" / DESKTOP_FILE,
        share / "icons" / "hicolor" / "scalable" / "apps" / f"{ICON_NAME}.svg",
        mime_file(share),
        autostart_file(),
    ):
        if path.exists():
            path.unlink()
            removed.append(path)
    _refresh_caches(share)
    return removed


def _refresh_caches(share: Path) -> None:
    """Menus notice new entries by themselves; these tools only speed it up where present."""
    for command in (
        ["update-desktop-database", "-q", str(share / "applications")],
        ["gtk-update-icon-cache", "-q", "-t", str(share / "icons" / "hicolor")],
        ["update-mime-database", str(share / "mime")],
    ):
        if shutil.which(command[0]):
            try:
                subprocess.run(command, check=False, capture_output=True, timeout=10)
            except (OSError, subprocess.TimeoutExpired) as exc:
                log.info("%s: %s", command[0], exc)


# --- start at login ---------------------------------------------------------------------------


def autostart_file() -> Path:
    if sys.platform == "darwin":
        return Path.home() / "Library" / "LaunchAgents" / f"{MAC_AGENT}.plist"
    return config_home() / "autostart" / DESKTOP_FILE


def mac_launch_agent(command: Sequence[str]) -> bytes:
    import plistlib  # noqa: PLC0415 - only on a Mac, and it pulls in an XML parser

    return plistlib.dumps(
        {
            "Label": MAC_AGENT,
            "ProgramArguments": [*command, MINIMISED_FLAG],
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
    )


def starts_at_login() -> bool:
    if sys.platform == "win32":
        return _windows_run_value() is not None
    return autostart_file().exists()


def set_start_at_login(wanted: bool, command: Sequence[str] | None = None) -> None:
    """An XDG autostart entry on Linux and BSD, a launch agent on macOS, the Run key on
    Windows; each starts the app minimised to the tray."""
    command = list(command or launch_command())
    try:
        if sys.platform == "win32":
            _set_windows_run(
                subprocess.list2cmdline([*command, MINIMISED_FLAG]) if wanted else None
            )
            return
        path = autostart_file()
        if not wanted:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        if sys.platform == "darwin":
            path.write_bytes(mac_launch_agent(command))
        else:
            write_text_atomically(
                path, desktop_entry(command, autostart=True), "change starting at login"
            )
    except OSError as exc:
        raise DataError(
            "could not change starting at login", f"{exc.strerror or exc}. Nothing was changed."
        ) from exc


if sys.platform == "win32":  # pragma: no cover - Windows only
    import winreg

    def _windows_run_value() -> str | None:
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, WINDOWS_RUN_KEY) as key:
                value, _ = winreg.QueryValueEx(key, "bodyscan")
                return str(value)
        except OSError:
            return None

    def _set_windows_run(value: str | None) -> None:
        access = winreg.KEY_SET_VALUE
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, WINDOWS_RUN_KEY, 0, access) as key:
            if value is None:
                with contextlib.suppress(FileNotFoundError):
                    winreg.DeleteValue(key, "bodyscan")
            else:
                winreg.SetValueEx(key, "bodyscan", 0, winreg.REG_SZ, value)

else:

    def _windows_run_value() -> str | None:
        return None

    def _set_windows_run(value: str | None) -> None:
        raise OSError("the Windows registry exists only on Windows")


# --- what the screen is doing (for reminders) -------------------------------------------------


def _probe(command: list[str]) -> str | None:
    if not shutil.which(command[0]):
        return None
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=PROBE_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.info("%s: %s", command[0], exc)
        return None
    return done.stdout if done.returncode == 0 else None


def screen_locked() -> bool:
    """True when logind says this session is locked; False when it is not or cannot tell."""
    if not sys.platform.startswith("linux"):
        return False
    session = os.environ.get("XDG_SESSION_ID") or "auto"
    answer = _probe(["loginctl", "show-session", session, "--property=LockedHint", "--value"])
    return answer is not None and answer.strip() == "yes"


def full_screen_in_front() -> bool:
    """True when the active X11 window is full screen (a film, a presentation, a game).
    Wayland does not tell other programs this, so there it is always False."""
    if not sys.platform.startswith("linux") or not os.environ.get("DISPLAY"):
        return False
    active = _probe(["xprop", "-root", "_NET_ACTIVE_WINDOW"])
    # A window manager's answer reads "_NET_ACTIVE_WINDOW(WINDOW): window id # 0x1c00007";
    # a plain number after "=" is accepted too. No active window at all is 0.
    if not active or ("#" not in active and "=" not in active):
        return False
    value = active.rpartition("#" if "#" in active else "=")[2].split(",")[0].strip()
    try:
        window = int(value, 0)
    except ValueError:
        return False
    if window == 0:
        return False
    state = _probe(["xprop", "-id", hex(window), "_NET_WM_STATE"])
    return state is not None and "_NET_WM_STATE_FULLSCREEN" in state
