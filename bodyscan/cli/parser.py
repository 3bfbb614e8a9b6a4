"""The command line's words: every command, flag and the checks of their values."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

from bodyscan import __version__
from bodyscan.core.choices import ANCHORS, EYES
from bodyscan.core.durations import DurationError, parse_duration
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
    export_cmd.add_argument(
        "--start-at",
        type=_offset,
        metavar="DURATION",
        help="begin this far into the session (e.g. 5m or 1m30s); exact to the frame",
    )
    export_cmd.add_argument("--rate", type=_rate, default=DEFAULT_RATE, metavar="HZ")
    export_cmd.add_argument(
        "--timeline", type=Path, metavar="FILE.json", help="also write the plan"
    )

    play = commands.add_parser("play", help="play an exercise in the terminal, with captions")
    play.add_argument("exercise", metavar="EXERCISE", help="id or path to a .yaml")
    _session_options(play)
    where = play.add_mutually_exclusive_group()
    where.add_argument(
        "--start-at",
        type=_offset,
        metavar="DURATION",
        help="begin at the instruction playing this far in (e.g. 5m or 1m30s)",
    )
    where.add_argument(
        "--continue",
        dest="continue_session",
        action="store_true",
        help="continue where you stopped this exercise, with the same choices",
    )
    play.add_argument(
        "--output",
        choices=["qt", "portaudio", "null", "simpleaudio"],
        help="force an output (simpleaudio was removed: it now means portaudio)",
    )

    start = commands.add_parser(
        "start",
        help="open the desktop app (or the one running) and start an exercise there",
    )
    start.add_argument("exercise", metavar="EXERCISE", help="id or path to a .yaml")

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
    _insight_actions(journal_actions)

    sounds = commands.add_parser("sounds", help="bell and ambient sound names")
    sounds.add_argument("--json", action="store_true", help="machine-readable output")
    _pack_commands(commands)
    _timer_command(commands)
    return parser


def _pack_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`pack` and `install`: one .bodyscan file with an exercise and its recordings."""
    pack = commands.add_parser(
        "pack", help="write an exercise and its recordings to one .bodyscan file to share"
    )
    pack.add_argument("exercise", metavar="EXERCISE", help="id or path to a .yaml")
    pack.add_argument("-o", "--output", required=True, type=_pack_name, metavar="NAME.bodyscan")
    install = commands.add_parser(
        "install", help="check a .bodyscan pack and add its exercise to yours"
    )
    install.add_argument("pack", type=Path, metavar="NAME.bodyscan")
    install.add_argument(
        "--replace", action="store_true", help="replace your exercise with the same id"
    )


def _pack_name(text: str) -> Path:
    if not text.lower().endswith(".bodyscan") or text.lower() == ".bodyscan":
        raise argparse.ArgumentTypeError(f"'{text}' must end in .bodyscan (e.g. calm.bodyscan)")
    return Path(text)


def _pdf_name(text: str) -> Path:
    if not text.lower().endswith(".pdf") or Path(text).name.lower() == ".pdf":
        raise argparse.ArgumentTypeError(f"'{text}' must end in .pdf (e.g. summary.pdf)")
    return Path(text)


def _minutes(text: str) -> Fraction:
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of minutes") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("minutes must be more than 0")
    return value


def _offset(text: str) -> Fraction:
    """A time into the session: 90 (seconds), 90s, 5m, 1m30s."""
    try:
        return parse_duration(float(text) if text.replace(".", "", 1).isdigit() else text)
    except DurationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _rate(text: str) -> int:
    if not text.isdigit() or not 8000 <= int(text) <= 192000:
        raise argparse.ArgumentTypeError("the rate is a whole number of Hz from 8000 to 192000")
    return int(text)


def _insight_actions(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`journal summary` and `journal report`: a period (whole days) beside the one before."""
    summary = actions.add_parser("summary", help="your practice in words, for any period")
    report = actions.add_parser("report", help="a PDF summary to bring to a therapist")
    for action in (summary, report):
        action.add_argument(
            "--since", dest="period_since", metavar="DATE", help="from this day (YYYY-MM-DD)"
        )
        action.add_argument(
            "--until", dest="period_until", metavar="DATE", help="up to and including this day"
        )
    report.add_argument("--notes", action="store_true", help="include your notes (not by default)")
    report.add_argument("-o", "--output", required=True, type=_pdf_name, metavar="FILE.pdf")


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


def _timer_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`bodyscan timer DURATION`: an unguided timer with bells, played or exported."""
    timer = commands.add_parser(
        "timer", help="an unguided timer with bells: play it, or write it to a file with -o"
    )
    timer.add_argument(
        "duration", type=_timer_length("the timer"), metavar="DURATION", help="20m, 1m30s or 90"
    )
    timer.add_argument(
        "--interval",
        type=_timer_length("the interval"),
        metavar="DURATION",
        help="also a bell at every multiple of this (e.g. 5m)",
    )
    timer.add_argument("--bell", metavar="NAME", help="the bell's sound (see `bodyscan sounds`)")
    timer.add_argument("--ambient", metavar="NAME", help="background sound, or none")
    timer.add_argument("-o", "--output", type=Path, metavar="OUT", help="write a WAV, MP3 or OGG")
    timer.add_argument(
        "--sound",
        choices=["qt", "portaudio", "null"],
        help="force how it plays (as `play --output`)",
    )


def _timer_length(what: str) -> Callable[[str], Fraction]:
    def read(text: str) -> Fraction:
        from bodyscan.core.timer import TimerError, read_duration  # noqa: PLC0415

        try:
            return read_duration(text, what)
        except TimerError as exc:
            raise argparse.ArgumentTypeError(f"{exc.short}. {exc.detail}") from None

    return read


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
