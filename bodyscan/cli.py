"""The `bodyscan` command. Errors become exit codes here and only here:
0 ok, 1 a failure the user can fix (message on stderr, no traceback), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

from bodyscan import __version__, desktop, provider
from bodyscan.audio.ahead import RenderAhead
from bodyscan.audio.bank import SoundBank
from bodyscan.audio.export import check_target, export
from bodyscan.audio.mixer import Mixer
from bodyscan.core import regions
from bodyscan.core.durations import format_seconds
from bodyscan.core.estimate import length_range
from bodyscan.core.library import Exercise
from bodyscan.core.loader import check_file
from bodyscan.core.schema import build_schema
from bodyscan.core.script import KIND_LABELS, Script
from bodyscan.core.timeline import DEFAULT_RATE, TimelineOptions, plan, to_json
from bodyscan.errors import BodyscanError
from bodyscan.files import write_text_atomically
from bodyscan.journal.model import SessionRecord, ending_of, now, play_options
from bodyscan.journal.prompts import ask_connection, text_checkin
from bodyscan.journal.store import Journal
from bodyscan.journal.transfer import export_text, parse_date, read_export
from bodyscan.journal.view import journal_table
from bodyscan.narration.prepare import prepare
from bodyscan.progress import ProgressBar

log = logging.getLogger("bodyscan")

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return _dispatch(args)
    except BodyscanError as exc:
        print(f"bodyscan: {exc.short}", file=sys.stderr)
        if exc.detail:
            print(exc.detail, file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception:
        log.debug("unexpected failure", exc_info=True)
        print(
            "bodyscan: something unexpected went wrong. Nothing you saved was changed.\n"
            "Run the command again with --verbose and report what it says.",
            file=sys.stderr,
        )
        if args.verbose:
            logging.getLogger("bodyscan").exception("details")
        return EXIT_FAILURE


def _dispatch(args: argparse.Namespace) -> int:
    if args.install_desktop or args.uninstall_desktop:
        if args.command is not None:
            raise BodyscanError("--install-desktop and --uninstall-desktop take no command")
        return _desktop_entry(install=args.install_desktop)
    if args.command is None:
        return _start_gui(minimised=args.minimised)
    handlers = {
        "list": _cmd_list,
        "validate": _cmd_validate,
        "regions": _cmd_regions,
        "schema": _cmd_schema,
        "sounds": _cmd_sounds,
        "narrate": _cmd_narrate,
        "journal": _cmd_journal,
        "export": _cmd_export,
        "play": _cmd_play,
    }
    return handlers[args.command](args)


def _desktop_entry(*, install: bool) -> int:
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


def _start_gui(*, minimised: bool = False) -> int:
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
    return gui_main([desktop.MINIMISED_FLAG] if minimised else [])


def _no_display() -> bool:
    # Without this check Qt aborts the process with a fatal error of its own.
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _cmd_validate(args: argparse.Namespace) -> int:
    context = provider.script_context()
    errors = warnings = 0
    for path in args.files:
        result = check_file(path, context)
        for problem in result.problems:
            print(problem.format(str(path)))
        errors += len(result.errors)
        warnings += len(result.problems) - len(result.errors)
    if errors or warnings:
        print(
            f"{errors} error(s), {warnings} warning(s) in {len(args.files)} file(s)",
            file=sys.stderr,
        )
    return EXIT_FAILURE if errors else EXIT_OK


def _seconds(value: Fraction) -> float:
    return round(float(value), 3)


def _exercise_record(exercise: Exercise) -> dict[str, object]:
    script = exercise.script
    error = exercise.first_error
    record: dict[str, object] = {
        "id": exercise.id,
        "kind": script.kind if script else None,
        "title": exercise.title,
        "summary": script.summary if script else "",
        "tags": list(script.tags) if script else [],
        "origin": exercise.origin,
        "path": str(exercise.path),
        "broken": exercise.broken,
        "error": error.format(str(exercise.path)) if error else None,
        "shadows": str(exercise.shadows) if exercise.shadows else None,
        "length": None,
    }
    if script is not None:
        low, high = length_range(script)
        record["length"] = {"min": _seconds(low), "max": _seconds(high)}
    return record


def _length_text(record: dict[str, object]) -> str:
    length = record["length"]
    if not isinstance(length, dict):
        return "-"
    low, high = format_seconds(length["min"]), format_seconds(length["max"])
    return low if low == high else f"{low}–{high}"


def _cmd_list(args: argparse.Namespace) -> int:
    exercises = provider.library().scan()
    records = [_exercise_record(e) for e in exercises]
    if args.json:
        print(json.dumps(records, indent=2, ensure_ascii=False))
        return EXIT_OK
    rows = [("ID", "KIND", "TITLE", "LENGTH", "")]
    for record in records:
        note = ""
        if record["broken"]:
            note = f"BROKEN: {record['error']}"
        elif record["shadows"]:
            note = f"your file, shadows the bundled {record['shadows']}"
        elif record["origin"] == "user":
            note = "your file"
        kind = str(record["kind"] or "-")
        rows.append((str(record["id"]), kind, str(record["title"]), _length_text(record), note))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [row[i].ljust(widths[i]) for i in range(4)]
        print("  ".join([*cells, row[4]]).rstrip())
    return EXIT_OK


def _cmd_regions(args: argparse.Namespace) -> int:
    data = {
        "regions": [{"id": r.id, "label": r.label, "view": r.view} for r in regions.REGIONS],
        "groups": {name: list(ids) for name, ids in regions.GROUPS.items()},
        "map_extras": regions.MAP_EXTRAS,
        "qualities": {group: list(words) for group, words in regions.QUALITY_GROUPS},
        "strengths": list(regions.STRENGTHS),
        "tones": list(regions.TONES),
        "checkin_answers": regions.CHECKIN_ANSWERS,
    }
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    print("Regions (sides are your own left and right):")
    for region in regions.REGIONS:
        print(f"  {region.id:<16} {region.label}")
    print("\nGroups:")
    for name, ids in regions.GROUPS.items():
        members = "all 25 regions" if name == "whole-body" else ", ".join(ids)
        print(f"  {name:<16} {members}")
    print("\nOn the body map also:", ", ".join(f"{k} ({v})" for k, v in regions.MAP_EXTRAS.items()))
    print("\nSensation words (up to three per region):")
    for group, words in regions.QUALITY_GROUPS:
        print(f"  {group + ':':<20} {', '.join(words)}")
    print(f"\nStrength: {', '.join(regions.STRENGTHS)}")
    print(f"Tone (optional): {', '.join(regions.TONES)}")
    print("Whole check-in answers:", "; ".join(regions.CHECKIN_ANSWERS.values()))
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(build_schema(), indent=2))
    return EXIT_OK


def _timeline_options(args: argparse.Namespace, rate: int) -> TimelineOptions:
    unknown = [name for name in args.leave_out if not regions.is_region_name(name)]
    if unknown:
        raise BodyscanError(f"unknown region '{unknown[0]}'", "Run `bodyscan regions` to see them.")
    return TimelineOptions(
        rate=rate,
        target_seconds=args.minutes * 60 if args.minutes is not None else None,
        bell=not args.no_bell,
        skip_regions=frozenset(regions.expand(args.leave_out)),
    )


def _build_mixer(
    script: Script, options: TimelineOptions, ambient: str | None, *, quiet: bool = False
) -> Mixer:
    """Narrate (with progress), plan and mix a script: what export and play both need."""
    catalogue = provider.sound_catalogue()
    bed = provider.ambient_bed(
        ambient if ambient is not None else script.ambient, options.rate, catalogue
    )
    narrator = provider.narrator()
    bank = SoundBank(script, narrator, catalogue, options)
    if quiet:
        lengths = bank.measure()
    else:
        narrating = ProgressBar(sys.stderr, 1, "Narrating")
        lengths = bank.measure(
            lambda done, total: narrating.update(done / total, f"{done}/{total}")
        )
        narrating.finish("Narration ready.")
    notice = narrator.take_notice()
    if notice is not None:
        print(
            f"bodyscan: {notice.short}; instructions get a chime instead of speech.",
            file=sys.stderr,
        )
        if notice.detail:
            print(notice.detail, file=sys.stderr)
    timeline = plan(script, lengths, options)
    if timeline.message:
        print(f"bodyscan: {timeline.message}", file=sys.stderr)
    return Mixer(timeline, bank, bed)


def _cmd_export(args: argparse.Namespace) -> int:
    check_target(args.output)
    script = provider.library().load(args.exercise)
    mixer = _build_mixer(script, _timeline_options(args, args.rate), args.ambient)
    timeline = mixer.timeline
    rate = timeline.rate
    writing = ProgressBar(sys.stderr, timeline.frames, "Exporting")
    export(
        mixer,
        args.output,
        lambda done, total: writing.update(done, f"{format_seconds(done / rate)}"),
    )
    if args.timeline is not None:
        _write_json(args.timeline, to_json(timeline, mixer.channels))
    writing.finish(f"Exported {script.id} ({format_seconds(timeline.seconds)}) to {args.output}.")
    return EXIT_OK


def _cmd_play(args: argparse.Namespace) -> int:
    if args.verbose:
        return _play(args)
    # Sound libraries print to the terminal from their own threads (ALSA probing, a lost
    # server); only bodyscan's own words belong there.
    from bodyscan.audio.sound_server import library_noise_hidden  # noqa: PLC0415

    with library_noise_hidden():
        return _play(args)


def _play(args: argparse.Namespace) -> int:
    # Imported here so that other commands never load Qt.
    from bodyscan.core.grounding import grounding_script  # noqa: PLC0415
    from bodyscan.core.session import Part, State  # noqa: PLC0415
    from bodyscan.ui.terminal_player import TerminalPlayer, choose_output, event_loop  # noqa: PLC0415

    script = provider.library().load(args.exercise)
    app = event_loop()
    output = choose_output(args.output, sys.stderr)
    options = _timeline_options(args, DEFAULT_RATE)
    narrator = provider.narrator()
    narrator.loader.start()
    # Render-ahead: playing starts with the first sentence while the rest is being made.
    ahead = provider.render_ahead(script, options, args.ambient, narrator)
    if ahead.message:
        print(f"bodyscan: {ahead.message}", file=sys.stderr)
    grounding: list[RenderAhead] = []

    def make_grounding() -> Part:
        interlude = provider.render_ahead(
            grounding_script(), TimelineOptions(rate=DEFAULT_RATE), "none", narrator
        )
        grounding.append(interlude)
        return Part(interlude)

    main_part = Part(ahead, lambda level: setattr(ahead, "ambient_level", level))
    journal = _open_journal()
    asking = sys.stdin.isatty() and journal is not None
    before = (
        ask_connection(_ask, "right now") if asking and "connection" in script.checkin.ask else None
    )
    print(f"{script.title} · about {format_seconds(ahead.timeline.seconds)}\n", file=sys.stdout)
    player = TerminalPlayer(main_part, output, make_grounding, sys.stdout, narrator.take_notice)
    started = now()
    try:
        state = player.run(app)
    finally:
        for renderer in (ahead, *grounding):
            renderer.close()
    rate = ahead.timeline.rate
    played_seconds = player.session.exercise_position / rate
    played = format_seconds(played_seconds)
    if state is State.FINISHED:
        print(f"Finished {script.title} ({played}).")
    else:
        print(f"You practised {played} of {script.title}.")
    if journal is None:
        return EXIT_OK
    session = SessionRecord(
        exercise_id=script.id,
        title=script.title,
        kind=script.kind,
        started_at=started,
        ended_at=now(),
        planned_seconds=ahead.timeline.seconds,
        played_seconds=played_seconds,
        ending=ending_of(state is State.FINISHED, player.session.ended_by_grounding),
        options=play_options(
            float(args.minutes) if args.minutes is not None else None,
            args.ambient,
            not args.no_bell,
            args.leave_out,
        ),
    )
    journal.record_session(session)
    if asking and script.checkin.ask:
        checkin = text_checkin(
            script,
            session.id,
            _ask,
            print,
            connection_before=before,
            too_much_last_time=journal.last_how_was_that() == "too-much",
        )
        if checkin is not None:
            journal.save_checkin(checkin)
            print("Saved in your journal.")
    journal.close()
    return EXIT_OK


def _ask(prompt: str) -> str:
    """One line from the terminal ("" at its end). Not input(): without the readline module it
    writes the prompt to stderr."""
    sys.stdout.write(prompt)
    sys.stdout.flush()
    return sys.stdin.readline().rstrip("\n")


def _open_journal() -> Journal | None:
    """The journal, or None (said once) when it cannot be opened: playing never depends on it."""
    try:
        journal = provider.journal()
    except BodyscanError as exc:
        print(f"bodyscan: {exc.short}; this session will not be saved.", file=sys.stderr)
        return None
    if journal.notice:
        print(f"bodyscan: {journal.notice}", file=sys.stderr)
    return journal


def _cmd_journal(args: argparse.Namespace) -> int:
    journal = provider.journal()
    if journal.notice:
        print(f"bodyscan: {journal.notice}", file=sys.stderr)
    try:
        if args.journal_command == "import":
            added, skipped = journal.import_entries(read_export(args.file))
            print(f"Imported {added} sessions ({skipped} were already in your journal).")
            return EXIT_OK
        since = parse_date(args.since) if args.since else None
        entries = list(reversed(journal.entries(since=since)))  # oldest first, like a diary
        text = (
            journal_table(entries) if args.format == "table" else export_text(entries, args.format)
        )
    finally:
        journal.close()
    if args.output is not None:
        _write_text(args.output, text)
        print(f"Wrote {len(entries)} sessions to {args.output}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _write_json(path: Path, document: object) -> None:
    _write_text(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _write_text(path: Path, text: str) -> None:
    try:
        write_text_atomically(path, text)
    except OSError as exc:
        raise BodyscanError(f"could not write {path}: {exc.strerror or exc}") from exc


def _cmd_narrate(args: argparse.Namespace) -> int:
    narrator = provider.narrator()
    if args.clear:
        freed = narrator.cache.clear()
        print(f"Narration cache emptied ({freed / 1048576:.1f} MB freed).")
        if not args.exercises and not args.all:
            return EXIT_OK
    library = provider.library()
    if args.all:
        scripts = [e.script for e in library.scan() if e.script is not None]
    elif args.exercises:
        scripts = [library.load(reference) for reference in args.exercises]
    else:
        print("bodyscan narrate: name one or more exercises, or use --all", file=sys.stderr)
        return EXIT_USAGE
    bar = ProgressBar(sys.stderr, 1.0, "Narrating")

    def report(
        done: int, total: int, speech: float, estimated: float, estimate_total: float
    ) -> None:
        bar.total = max(estimate_total, 1e-9)
        bar.update(estimated, f"{done}/{total} instructions, {format_seconds(speech)} of speech")

    summary = prepare(scripts, narrator, report)
    bar.finish(
        f"Narrated {len(scripts)} exercise(s): {summary.instructions} instructions, "
        f"{format_seconds(summary.speech_seconds)} of speech "
        f"({summary.synthesised} new, {summary.already_cached} already cached) "
        f"in {format_seconds(summary.elapsed)}."
    )
    return EXIT_OK


def _cmd_sounds(args: argparse.Namespace) -> int:
    catalogue = provider.sound_catalogue()
    if args.json:
        print(json.dumps({"bells": catalogue.bells, "ambient": catalogue.ambient}, indent=2))
        return EXIT_OK
    print("Bells:")
    for name, about in catalogue.bells.items():
        print(f"  {name:<16} {about}")
    print("\nAmbient (or 'none'):")
    for name, about in catalogue.ambient.items():
        print(f"  {name:<16} {about}")
    return EXIT_OK


__all__ = ["KIND_LABELS", "main"]
