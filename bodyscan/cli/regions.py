"""`bodyscan regions [--json]`: region ids, groups and the check-in's words."""

from __future__ import annotations

import argparse
import json

from bodyscan.cli.common import EXIT_OK
from bodyscan.core import regions


def run(args: argparse.Namespace) -> int:
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
