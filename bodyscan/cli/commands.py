"""`bodyscan [COMMAND]`: parse, run one command, and turn its errors into exit codes (here only).

Each command's module is imported when it runs, so `bodyscan list` never loads the audio
stack and no command but the desktop app loads Qt.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence

from bodyscan.cli.common import EXIT_FAILURE, EXIT_OK, say_error
from bodyscan.cli.parser import build_parser
from bodyscan.errors import BodyscanError
from bodyscan.paths import keep_private

log = logging.getLogger("bodyscan")

# command -> the module in bodyscan.cli that runs it (its `run(args)`)
COMMANDS = {
    "list": "listing",
    "validate": "validate",
    "regions": "regions",
    "schema": "schema",
    "sounds": "sounds",
    "narrate": "narrate",
    "journal": "journal",
    "export": "export",
    "play": "play",
    "start": "start",
    "pack": "pack",
    "install": "install",
    "timer": "timer",
}


def main(argv: Sequence[str] | None = None) -> int:
    keep_private()
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    pack = _pack_to_open(words)  # `bodyscan FILE.bodyscan`: the app shows what it holds
    args = parser.parse_args([w for w in words if w != pack])
    args.opened_pack = pack
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return _dispatch(args)
    except BodyscanError as exc:
        say_error(exc)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        # Said once for every stage, imports included, by `bodyscan.cli.main` (exit 130).
        # This module is `commands`, not `main`: importing it must never replace that
        # function on the package.
        raise
    except BrokenPipeError:
        return EXIT_OK
    except Exception:
        # A path nobody has named yet: a bug to report, never a traceback on the terminal.
        log.debug("unexpected failure", exc_info=True)
        print(
            "bodyscan: something unexpected went wrong. Nothing you saved was changed.\n"
            "Run the command again with --verbose and report what it says.",
            file=sys.stderr,
        )
        if args.verbose:
            logging.getLogger("bodyscan").exception("details")
        return EXIT_FAILURE


def _pack_to_open(words: list[str]) -> str | None:
    """The pack in `bodyscan FILE.bodyscan` (a file name where a command would be), or None."""
    first = next((w for w in words if not w.startswith("-")), None)
    return first if first is not None and first.lower().endswith(".bodyscan") else None


def _dispatch(args: argparse.Namespace) -> int:
    from bodyscan.cli import gui  # noqa: PLC0415 - small; Qt itself is imported only to start

    if args.install_desktop or args.uninstall_desktop:
        if args.command is not None:
            raise BodyscanError("--install-desktop and --uninstall-desktop take no command")
        return gui.desktop_entry(install=args.install_desktop)
    if args.command is None:
        return gui.start_gui(minimised=args.minimised, pack=args.opened_pack)
    module = importlib.import_module(f"bodyscan.cli.{COMMANDS[args.command]}")
    run: Callable[[argparse.Namespace], int] = module.run
    return run(args)
