"""`bodyscan install NAME.bodyscan [--replace]`: check a pack and add its exercise to yours."""

from __future__ import annotations

import argparse
import sys

from bodyscan import provider
from bodyscan.cli.common import EXIT_OK
from bodyscan.core.durations import format_seconds
from bodyscan.packs.installing import list_names, open_pack
from bodyscan.paths import user_paths


def run(args: argparse.Namespace) -> int:
    exercises = user_paths().exercises
    with open_pack(args.pack, exercises, provider.script_context()) as checked:
        for warning in checked.warnings:
            print(warning, file=sys.stderr)
        library = provider.library()
        existing = next(
            (e for e in library.scan() if e.id == checked.exercise_id and e.origin != "file"),
            None,
        )
        # Read while the unpacked recordings are still there to measure (not after: then
        # the length would be estimated from the text alone).
        info = checked.info
        installed = checked.install(exercises, existing, replace_existing=args.replace)
    low, high = format_seconds(info.shortest), format_seconds(info.longest)
    length = low if low == high else f"{low} to {high}"
    print(f"Installed {info.title} ({installed.exercise_id}, {length}) into {installed.script}.")
    if installed.replaced is not None:
        print(f"It replaced the exercise that was at {installed.replaced}.")
    if checked.left_out:
        print(
            f"Left out (the exercise does not use them): {list_names(checked.left_out)}",
            file=sys.stderr,
        )
    print(f"Play it with: bodyscan play {installed.exercise_id}")
    return EXIT_OK
