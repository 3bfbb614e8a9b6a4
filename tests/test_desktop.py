"""Fitting into the desktop, with real files in temporary XDG folders: the menu entry and icon
(`--install-desktop`), starting at login, and the screen probes' "cannot tell" answers."""

from __future__ import annotations

import configparser
import os
import plistlib
import subprocess
import sys
from pathlib import Path

import pytest

from bodyscan import cli, desktop


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def read_entry(path: Path) -> configparser.SectionProxy:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(path)
    return entry["Desktop Entry"]


def test_install_desktop_puts_entry_and_icon_where_menus_look(xdg: Path) -> None:
    command = ["/opt/body scan/$HOME/bodyscan-gui", "--x=100%"]
    installed = desktop.install_desktop(command)
    assert installed.desktop_file == xdg / "share" / "applications" / "bodyscan.desktop"
    assert installed.icon == xdg / "share/icons/hicolor/scalable/apps/bodyscan.svg"
    entry = read_entry(installed.desktop_file)
    # Quoted as the Desktop Entry spec asks (checked by desktop-file-validate below).
    assert entry["Exec"] == '"/opt/body scan/\\\\$HOME/bodyscan-gui" --x=100%% %f'
    assert entry["Icon"] == "bodyscan" and entry["Type"] == "Application"
    assert installed.icon.read_bytes() == (desktop.RESOURCES / "bodyscan.svg").read_bytes()
    check = subprocess.run(  # installed by `make test` (desktop-file-utils)
        ["desktop-file-validate", str(installed.desktop_file)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout + check.stderr == ""  # not even a hint (two main categories had one)


def test_default_command_is_this_installation(xdg: Path) -> None:
    installed = desktop.install_desktop()
    exec_line = read_entry(installed.desktop_file)["Exec"]
    beside = Path(sys.executable).with_name("bodyscan-gui")
    assert exec_line == f"{beside} %f"  # `make install` and pip put it beside the Python
    assert beside.exists()


def test_packs_open_with_bodyscan_by_their_mime_type(xdg: Path) -> None:
    installed = desktop.install_desktop(["bodyscan-gui"])
    entry = read_entry(installed.desktop_file)
    assert entry["MimeType"] == "application/x-bodyscan;"
    assert entry["Exec"] == "bodyscan-gui %f"  # the file manager hands over the pack
    mime = xdg / "share" / "mime"
    assert (mime / "packages" / "bodyscan.xml").read_bytes() == (
        desktop.RESOURCES / "bodyscan-mime.xml"
    ).read_bytes()
    # update-mime-database (shared-mime-info) accepted it: *.bodyscan is a pack now.
    assert "application/x-bodyscan:*.bodyscan" in (mime / "globs2").read_text()
    assert "application/x-bodyscan application/zip" in (mime / "subclasses").read_text()
    login = desktop.desktop_entry(["bodyscan-gui"], autostart=True)
    assert "MimeType" not in login and "%f" not in login  # starting at login opens no file
    desktop.uninstall_desktop()
    assert not (mime / "packages" / "bodyscan.xml").exists()
    assert "bodyscan" not in (mime / "globs2").read_text()


def test_cli_installs_and_uninstalls(xdg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--install-desktop"]) == 0
    entry = xdg / "share" / "applications" / "bodyscan.desktop"
    assert entry.exists() and str(entry) in capsys.readouterr().out
    desktop.set_start_at_login(True, ["bodyscan-gui"])
    assert cli.main(["--uninstall-desktop"]) == 0
    assert not entry.exists() and not desktop.autostart_file().exists()
    assert cli.main(["--uninstall-desktop"]) == 0
    assert "Nothing to remove" in capsys.readouterr().out


def test_install_into_an_unwritable_place_is_a_clear_error(
    xdg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (xdg / "share").write_text("a file where a folder should be")
    assert cli.main(["--install-desktop"]) == 1
    err = capsys.readouterr().err
    assert "could not install the menu entry" in err and "Traceback" not in err


def test_start_at_login_writes_and_removes_an_xdg_autostart_entry(xdg: Path) -> None:
    assert not desktop.starts_at_login()
    desktop.set_start_at_login(True, ["/usr/bin/bodyscan-gui"])
    path = xdg / "config" / "autostart" / "bodyscan.desktop"
    assert desktop.starts_at_login() and desktop.autostart_file() == path
    entry = read_entry(path)
    assert entry["Exec"] == "/usr/bin/bodyscan-gui --minimised"  # straight to the tray
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    desktop.set_start_at_login(False)
    assert not path.exists() and not desktop.starts_at_login()
    desktop.set_start_at_login(False)  # already off: nothing to do, no error


def test_relative_xdg_values_are_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    assert desktop.config_home() == tmp_path / ".config"


def test_mac_launch_agent_starts_minimised() -> None:
    agent = plistlib.loads(desktop.mac_launch_agent(["/Applications/bodyscan"]))
    assert agent["ProgramArguments"] == ["/Applications/bodyscan", "--minimised"]
    assert agent["RunAtLoad"] is True and agent["Label"] == desktop.MAC_AGENT


def test_minimised_flag_reaches_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[list[str]] = []
    import bodyscan.ui.app as gui

    monkeypatch.setattr(gui, "main", lambda argv: started.append(argv) or 0)
    assert cli.main(["--minimised"]) == 0
    assert started == [["--minimised"]]


def test_screen_probes_answer_false_when_they_cannot_tell(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", "")  # neither loginctl nor xprop can be found
    assert desktop.screen_locked() is False
    assert desktop.full_screen_in_front() is False
    monkeypatch.delenv("DISPLAY", raising=False)
    assert desktop.full_screen_in_front() is False


def xprop(*arguments: str) -> str:
    return subprocess.run(
        ["xprop", *arguments], check=True, capture_output=True, text=True, env=os.environ
    ).stdout


def test_a_full_screen_window_in_front_is_seen_on_x11(x_screen: str) -> None:
    # What a window manager does: name the active window, and mark it full screen. Xvfb has
    # no window manager, so the test sets the same properties (on the root window itself).
    root = (
        subprocess.run(["xwininfo", "-root"], check=True, capture_output=True, text=True)
        .stdout.split("Window id: ")[1]
        .split()[0]
    )
    assert desktop.full_screen_in_front() is False  # no active window named yet
    xprop("-root", "-f", "_NET_ACTIVE_WINDOW", "32x", "-set", "_NET_ACTIVE_WINDOW", root)
    assert desktop.full_screen_in_front() is False  # active, not full screen

    def window_state(state: str) -> None:
        xprop("-id", root, "-f", "_NET_WM_STATE", "32a", "-set", "_NET_WM_STATE", state)

    window_state("_NET_WM_STATE_FULLSCREEN")
    assert desktop.full_screen_in_front() is True
    window_state("_NET_WM_STATE_MAXIMIZED_VERT")
    assert desktop.full_screen_in_front() is False
