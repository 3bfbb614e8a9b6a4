"""`bodyscan validate FILE...`: every problem in every file, with its line and column."""

from __future__ import annotations

import argparse
import sys

from bodyscan import provider
from bodyscan.cli.common import EXIT_FAILURE, EXIT_OK
from bodyscan.core.loader import check_file


def run(args: argparse.Namespace) -> int:
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
