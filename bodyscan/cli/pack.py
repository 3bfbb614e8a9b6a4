"""`bodyscan pack EXERCISE -o NAME.bodyscan`: one file with the exercise and its recordings."""

from __future__ import annotations

import argparse

from bodyscan import provider
from bodyscan.cli.common import EXIT_OK
from bodyscan.packs import make_pack


def run(args: argparse.Namespace) -> int:
    script = provider.library().load(args.exercise)
    packed = make_pack(script, args.output, provider.script_context())
    count = len(packed.recordings)
    recordings = "no recordings" if count == 0 else f"{count} recording{'s' * (count != 1)}"
    print(
        f"Packed {script.title} ({packed.exercise_id}) with {recordings} into {packed.path} "
        f"({_size(packed.size)})."
    )
    return EXIT_OK


def _size(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} kB"
    return f"{size / 1_000_000:.1f} MB"
