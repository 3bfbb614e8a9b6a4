"""`bodyscan timer DURATION`: an unguided timer with bells. Played in the terminal (the keys of
`play`; Ctrl+C ends it as q does, and it is journalled), or with -o written to a WAV, MP3 or
OGG file as `export` writes an exercise."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from bodyscan import provider
from bodyscan.audio.export import check_target, export
from bodyscan.cli.afterwards import journal_and_check_in
from bodyscan.cli.common import (
    EXIT_OK,
    load_settings,
    open_journal,
    say_error,
)
from bodyscan.core.durations import format_seconds
from bodyscan.core.sounds import DEFAULT_BELL, NO_AMBIENT
from bodyscan.core.timeline import DEFAULT_RATE
from bodyscan.core.timer import TimerSpec, check_timer, in_words
from bodyscan.errors import OutputUnavailable
from bodyscan.practice import voice_model
from bodyscan.progress import ProgressBar
from bodyscan.settings import Settings
from bodyscan.timer_practice import TimerPractice

if TYPE_CHECKING:
    from bodyscan.core.session import Session

# A timer is its bells: "captions on their own" (as `play` says) would not tell what is missing.
WITHOUT_BELLS = (
    "No sound device found: the timer runs without its bells (the time shows here). "
    "Start the sound server (PulseAudio or PipeWire) to hear them, or write the timer to a "
    "file with -o."
)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    spec = TimerSpec(
        duration=args.duration,
        interval=args.interval,
        # An empty name ("--bell ''") is a name that is not a sound, said by check_timer.
        bell=DEFAULT_BELL if args.bell is None else args.bell,
        ambient=(settings.ambient or NO_AMBIENT) if args.ambient is None else args.ambient,
    )
    check_timer(spec, provider.sound_catalogue())
    if args.output is not None:
        return _export(spec, settings, args.output)
    if args.verbose:
        return _play(spec, settings, args.sound)
    # As in `play`: sound libraries print from their own threads; only our words belong there.
    from bodyscan.audio.sound_server import library_noise_hidden  # noqa: PLC0415

    with library_noise_hidden():
        return _play(spec, settings, args.sound)


def _export(spec: TimerSpec, settings: Settings, path: Path) -> int:
    check_target(path)
    mixer = provider.timer_renderer(spec, DEFAULT_RATE)
    mixer.ambient_level = settings.ambient_level
    rate = mixer.timeline.rate
    writing = ProgressBar(sys.stderr, mixer.timeline.frames, "Exporting")
    export(mixer, path, lambda done, total: writing.update(done, f"{format_seconds(done / rate)}"))
    writing.finish(f"Exported the timer ({format_seconds(mixer.timeline.seconds)}) to {path}.")
    return EXIT_OK


def _play(spec: TimerSpec, settings: Settings, forced_output: str | None) -> int:
    # Imported here so that other commands never load Qt.
    from bodyscan.core.session import State  # noqa: PLC0415
    from bodyscan.ui.terminal_player import TerminalPlayer, choose_output, event_loop  # noqa: PLC0415

    app = event_loop()
    try:
        output = choose_output(forced_output, sys.stderr, WITHOUT_BELLS)
    except OutputUnavailable as exc:
        # The outputs' advice names `play --output`; here --output writes a file ("null").
        raise OutputUnavailable(exc.short, exc.detail.replace("--output", "--sound")) from exc
    # Only Ground me speaks; the voice loads when it is first asked for.
    narrator = provider.narrator(voice_model=voice_model(settings))
    practice = TimerPractice(
        spec,
        settings,
        lambda spoken, options, ambient, _voice: provider.render_ahead(
            spoken, options, ambient, narrator
        ),
    )
    journal = open_journal()
    asking = sys.stdin.isatty() and journal is not None
    main_part = practice.main_part()
    every = f", a bell every {in_words(spec.interval)}" if spec.interval is not None else ""
    print(f"Timer · {in_words(spec.duration)}{every} · Ctrl+C also ends it\n")
    player = TerminalPlayer(
        main_part, output, practice.grounding_part, sys.stdout, narrator.take_notice
    )
    try:
        with _interrupt_stops(player.session):
            state = player.run(app)
    finally:
        practice.close()
    record = practice.record(player.session)
    played = format_seconds(record.played_seconds)
    failure = player.session.failure
    if failure is not None:  # Ground me's voice could not be made: say why
        say_error(failure)
    if state is State.FINISHED:
        print(f"The timer has finished ({played}).")
    else:
        print(f"You rested {played} of the timer.")
    return journal_and_check_in(
        practice, record, journal, narrator, asking=asking, failed=failure is not None
    )


@contextlib.contextmanager
def _interrupt_stops(session: Session) -> Iterator[None]:
    """Ctrl+C while the timer plays stops it as q does, so it ends cleanly and is journalled.

    Python runs the handler at the player's next tick (a few times a second). Afterwards
    Ctrl+C is itself again: a second one during the check-in leaves (the session is saved).
    """

    def stop(_signal: int, _frame: FrameType | None) -> None:
        session.stop()

    previous = signal.signal(signal.SIGINT, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
