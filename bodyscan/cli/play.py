"""`bodyscan play EXERCISE`: play in the terminal with captions, then the check-in as text
prompts. The voice, speed, background, bells and left-out areas are the app's settings unless
a flag says otherwise; the session is journalled with what was really played."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

from bodyscan import provider
from bodyscan.cli.afterwards import journal_and_check_in
from bodyscan.cli.common import (
    EXIT_FAILURE,
    EXIT_USAGE,
    ask,
    choices,
    load_settings,
    open_journal,
    say_error,
)
from bodyscan.core.durations import format_seconds
from bodyscan.journal.prompts import ask_connection
from bodyscan.practice import Choices, Practice, continuing, voice_model

if TYPE_CHECKING:
    from bodyscan.core.script import Script
    from bodyscan.journal.model import SessionRecord


def run(args: argparse.Namespace) -> int:
    if args.verbose:
        return _play(args)
    # Sound libraries print to the terminal from their own threads (ALSA probing, a lost
    # server); only bodyscan's own words belong there.
    from bodyscan.audio.sound_server import library_noise_hidden  # noqa: PLC0415

    with library_noise_hidden():
        return _play(args)


def _play(args: argparse.Namespace) -> int:
    # Imported here so that other commands never load Qt.
    from bodyscan.core.session import State  # noqa: PLC0415
    from bodyscan.ui.terminal_player import TerminalPlayer, choose_output, event_loop  # noqa: PLC0415

    settings = load_settings()
    script = provider.library().load(args.exercise)
    continues = None
    if getattr(args, "continue_session", False):
        continues = _stopped_session(args, script)
        if continues is None:
            return EXIT_FAILURE if not _usage_mixed(args) else EXIT_USAGE
        chosen, settings = continuing(continues, script, settings)
    else:
        chosen = choices(args, settings, script)
    app = event_loop()
    output = choose_output(args.output, sys.stderr)
    narrator = provider.narrator(voice_model=voice_model(settings))
    narrator.loader.start()
    practice = Practice(
        script,
        chosen,
        settings,
        # Render-ahead: playing starts with the first sentence while the rest is being made.
        lambda spoken, options, ambient, _voice: provider.render_ahead(
            spoken, options, ambient, narrator
        ),
        continues=continues,
        start_seconds=getattr(args, "start_at", None),
    )
    journal = open_journal()
    asking = sys.stdin.isatty() and journal is not None
    if asking and "connection" in script.checkin.ask:
        practice.choices = chosen = _with_connection(chosen, ask_connection(ask, "right now"))
    main_part = practice.main_part()
    renderer = practice.renderers[0]
    if renderer.message:
        print(f"bodyscan: {renderer.message}", file=sys.stderr)
    if continues is not None:
        print(
            f"{script.title} · continuing where you stopped "
            f"(you had practised {format_seconds(continues.played_seconds)})\n"
        )
    else:
        print(f"{script.title} · about {format_seconds(main_part.timeline.seconds)}\n")
    player = TerminalPlayer(
        main_part, output, practice.grounding_part, sys.stdout, narrator.take_notice
    )
    try:
        state = player.run(app)
    finally:
        practice.close()
    record = practice.record(player.session)
    played = format_seconds(record.played_seconds)
    failure = player.session.failure
    if failure is not None:  # the narration could not be made: say why
        say_error(failure)
    if state is State.FINISHED:
        print(f"Finished {script.title} ({played}).")
    else:
        print(f"You practised {played} of {script.title}.")
    return journal_and_check_in(
        practice, record, journal, narrator, asking=asking, failed=failure is not None
    )


def _usage_mixed(args: argparse.Namespace) -> bool:
    return bool(args.minutes is not None or args.ambient or args.no_bell or args.leave_out)


def _stopped_session(args: argparse.Namespace, script: Script) -> SessionRecord | None:
    """The session `--continue` continues; None (said why) when there is none."""
    if _usage_mixed(args):
        print(
            "bodyscan: --continue plays with the choices of the session it continues\n"
            "Leave out --minutes, --ambient, --no-bell and --leave-out, or begin afresh "
            "without --continue.",
            file=sys.stderr,
        )
        return None
    journal = open_journal()
    if journal is None:
        return None
    try:
        stopped = journal.to_continue(script.id)
    finally:
        journal.close()
    if stopped is None:
        print(
            f"bodyscan: there is no stopped session of {script.title} to continue\n"
            "A session stopped after more than two minutes can be continued; to begin "
            f"afresh, leave out --continue.",
            file=sys.stderr,
        )
    return stopped


def _with_connection(chosen: Choices, before: int | None) -> Choices:
    return replace(chosen, connection_before=before)
