"""`bodyscan schema`: a JSON Schema of the script format, for editors."""

from __future__ import annotations

import argparse
import json

from bodyscan.cli.common import EXIT_OK
from bodyscan.core.schema import build_schema


def run(args: argparse.Namespace) -> int:
    print(json.dumps(build_schema(), indent=2))
    return EXIT_OK
