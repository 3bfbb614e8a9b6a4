"""`bodyscan export EXERCISE -o OUT`: the whole session to a WAV, MP3 or OGG file, with the
voice, speed and background chosen in the app unless a flag says otherwise."""

from __future__ import annotations

import argparse
import sys
from fractions import Fraction

from bodyscan import provider
from bodyscan.audio.bank import SoundBank
from bodyscan.audio.export import check_target, export
from bodyscan.audio.mixer import Mixer
from bodyscan.cli.common import choices, load_settings, say_error, storage_outcome, write_json
from bodyscan.core.durations import format_seconds
from bodyscan.core.script import Script
from bodyscan.core.timeline import Timeline, TimelineOptions, from_offset, plan, to_json
from bodyscan.errors import BodyscanError
from bodyscan.narration.narrator import Narrator
from bodyscan.practice import timeline_options, voice_model, voiced
from bodyscan.progress import ProgressBar


def run(args: argparse.Namespace) -> int:
    check_target(args.output)
    settings = load_settings()
    script = provider.library().load(args.exercise)
    chosen = choices(args, settings, script)
    narrator = provider.narrator(voice_model=voice_model(settings))
    mixer = build_mixer(
        voiced(script, settings), timeline_options(chosen, args.rate), chosen.ambient, narrator
    )
    mixer.ambient_level = chosen.ambient_level
    full = mixer.timeline
    rate = full.rate
    start = start_frame(args, full)
    timeline = from_offset(full, start)
    writing = ProgressBar(sys.stderr, timeline.frames, "Exporting")
    export(
        mixer,
        args.output,
        lambda done, total: writing.update(done, f"{format_seconds(done / rate)}"),
        start,
    )
    if args.timeline is not None:
        write_json(args.timeline, to_json(timeline, mixer.channels))
    writing.finish(f"Exported {script.id} ({format_seconds(timeline.seconds)}) to {args.output}.")
    return storage_outcome(narrator)


def start_frame(args: argparse.Namespace, timeline: Timeline) -> int:
    """`--start-at`: the exact frame the export begins at (not moved to an instruction's
    start, so the file is the full export's tail to the frame)."""
    offset: Fraction | None = getattr(args, "start_at", None)
    if offset is None:
        return 0
    frame = round(offset * timeline.rate)
    if frame >= timeline.frames:
        raise BodyscanError(
            f"--start-at {format_seconds(offset)} is past the end of this session, which is "
            f"{format_seconds(timeline.seconds)} long",
            "Choose an earlier time, or leave --start-at out.",
        )
    return frame


def build_mixer(
    script: Script, options: TimelineOptions, ambient: str | None, narrator: Narrator
) -> Mixer:
    """Narrate (with progress), plan and mix a script."""
    catalogue = provider.sound_catalogue()
    bed = provider.ambient_bed(
        ambient if ambient is not None else script.ambient, options.rate, catalogue
    )
    bank = SoundBank(script, narrator, catalogue, options)
    narrating = ProgressBar(sys.stderr, 1, "Narrating")
    lengths = bank.measure(lambda done, total: narrating.update(done / total, f"{done}/{total}"))
    narrating.finish("Narration ready.")
    notice = narrator.take_notice()
    if notice is not None:
        say_error(notice, "; instructions get a chime instead of speech.")
    timeline = plan(script, lengths, options)
    if timeline.message:
        print(f"bodyscan: {timeline.message}", file=sys.stderr)
    return Mixer(timeline, bank, bed)
