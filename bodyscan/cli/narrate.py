"""`bodyscan narrate EXERCISE... | --all [--clear]`: make and cache narration ahead of time,
in the voice and at the speed chosen in the app, so the app and `play` find it ready."""

from __future__ import annotations

import argparse
import sys

from bodyscan import provider
from bodyscan.cli.common import EXIT_OK, EXIT_USAGE, load_settings
from bodyscan.core.durations import format_seconds
from bodyscan.errors import BodyscanError
from bodyscan.narration.prepare import prepare
from bodyscan.practice import voice_model, voiced
from bodyscan.progress import ProgressBar


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    narrator = provider.narrator(voice_model=voice_model(settings))
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
    scripts = [voiced(script, settings) for script in scripts]
    bar = ProgressBar(sys.stderr, 1.0, "Narrating")

    def report(
        done: int, total: int, speech: float, estimated: float, estimate_total: float
    ) -> None:
        bar.total = max(estimate_total, 1e-9)
        bar.update(estimated, f"{done}/{total} instructions, {format_seconds(speech)} of speech")

    try:
        summary = prepare(scripts, narrator, report)
    except BodyscanError:
        bar.clear()  # the message starts on a line of its own
        raise
    bar.finish(
        f"Narrated {len(scripts)} exercise(s): {summary.instructions} instructions, "
        f"{format_seconds(summary.speech_seconds)} of speech "
        f"({summary.synthesised} new, {summary.already_cached} already cached) "
        f"in {format_seconds(summary.elapsed)}."
    )
    return EXIT_OK
