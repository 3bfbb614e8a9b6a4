"""The command line's words: every command, flag and the checks of their values."""

from __future__ import annotations

import argparse
from fractions import Fraction
from pathlib import Path

from bodyscan import __version__
from bodyscan.core.choices import ANCHORS, EYES
from bodyscan.core.timeline import DEFAULT_RATE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bodyscan",
        description="Guided body scans, breathwork and grounding breaks. "
        "With no command, the desktop app starts.",
    )
    parser.add_argument("--version", action="version", version=f"bodyscan {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    desktop_actions = parser.add_mutually_exclusive_group()
    desktop_actions.add_argument(
        "--install-desktop",
        action="store_true",
        help="add bodyscan to your desktop's menu (the .desktop file and icon, for you only)",
    )
    desktop_actions.add_argument(
        "--uninstall-desktop",
        action="store_true",
        help="remove the menu entry, the icon and starting at login",
    )
    desktop_actions.add_argument(
        "--minimised",
        action="store_true",
        help="start the desktop app in the tray, without its window (as at login)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = commands.add_parser("list", help="bundled and user exercises")
    listing.add_argument("--json", action="store_true", help="machine-readable output")

    validate = commands.add_parser("validate", help="check exercise files for problems")
    validate.add_argument("files", nargs="+", metavar="FILE", type=Path)

    region_cmd = commands.add_parser("regions", help="body region ids, groups and sensation words")
    region_cmd.add_argument("--json", action="store_true", help="machine-readable output")

    commands.add_parser("schema", help="print a JSON Schema of the script format for editors")

    export_cmd = commands.add_parser("export", help="write an exercise to a WAV, MP3 or OGG file")
    export_cmd.add_argument("exercise", metavar="EXERCISE", help="id or path to a .yaml")
    export_cmd.add_argument("-o", "--output", required=True, type=Path, metavar="OUT")
    _session_options(export_cmd)
    export_cmd.add_argument("--rate", type=_rate, default=DEFAULT_RATE, metavar="HZ")
    export_cmd.add_argument(
        "--timeline", type=Path, metavar="FILE.json", help="also write the plan"
    )

    play = commands.add_parser("play", help="play an exercise in the terminal, with captions")
    play.add_argument("exercise", metavar="EXERCISE", help="id or path to a .yaml")
    _session_options(play)
    play.add_argument(
        "--output",
        choices=["qt", "portaudio", "null", "simpleaudio"],
        help="force an output (simpleaudio was removed: it now means portaudio)",
    )

    narrate = commands.add_parser("narrate", help="synthesise and cache narration ahead of time")
    narrate.add_argument("exercises", nargs="*", metavar="EXERCISE", help="id or path to a .yaml")
    narrate.add_argument("--all", action="store_true", help="every bundled and user exercise")
    narrate.add_argument("--clear", action="store_true", help="empty the narration cache")

    journal = commands.add_parser(
        "journal", help="your journal: show or export it, or import an export"
    )
    journal.add_argument("--format", choices=["table", "csv", "json"], default="table")
    journal.add_argument("--since", metavar="DATE", help="only entries from this date (YYYY-MM-DD)")
    journal.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to a file")
    journal_actions = journal.add_subparsers(dest="journal_command", metavar="ACTION")
    journal_import = journal_actions.add_parser("import", help="add entries from a JSON export")
    journal_import.add_argument("file", type=Path, metavar="FILE.json")

    sounds = commands.add_parser("sounds", help="bell and ambient sound names")
    sounds.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def _minutes(text: str) -> Fraction:
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of minutes") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("minutes must be more than 0")
    return value


def _rate(text: str) -> int:
    if not text.isdigit() or not 8000 <= int(text) <= 192000:
        raise argparse.ArgumentTypeError("the rate is a whole number of Hz from 8000 to 192000")
    return int(text)


def _session_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--minutes", type=_minutes, metavar="M", help="stretch to this length")
    command.add_argument("--ambient", metavar="NAME", help="background sound, or none")
    command.add_argument("--no-bell", action="store_true", help="no bell at the start and end")
    command.add_argument(
        "--leave-out",
        action="append",
        default=[],
        metavar="REGION",
        help="a body region or group to leave out (its instructions become an anchor cue)",
    )
    _choice_options(command)


def _choice_options(command: argparse.ArgumentParser) -> None:
    """The choices an exercise may offer (SCRIPT_FORMAT.md, Choices)."""
    command.add_argument(
        "--eyes", choices=EYES, help="wording for eyes open or closed, where the exercise offers it"
    )
    command.add_argument(
        "--anchor",
        choices=ANCHORS,
        metavar="NAME",
        help=f"the anchor to come back to, where the exercise offers it: {', '.join(ANCHORS)}",
    )
    command.add_argument(
        "--no-holds", action="store_true", help="leave out the holds of breathing blocks"
    )
