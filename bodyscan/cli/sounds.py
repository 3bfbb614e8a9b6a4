"""`bodyscan sounds [--json]`: bell and background sound names."""

from __future__ import annotations

import argparse
import json

from bodyscan import provider
from bodyscan.cli.common import EXIT_OK


def run(args: argparse.Namespace) -> int:
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
