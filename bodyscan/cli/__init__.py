"""The `bodyscan` command: one module per command, `main` turns errors into exit codes.

0 ok, 1 a failure the user can fix (message on stderr, no traceback), 2 usage error.
"""

from __future__ import annotations

from bodyscan.cli.main import main
from bodyscan.cli.parser import build_parser

__all__ = ["build_parser", "main"]
