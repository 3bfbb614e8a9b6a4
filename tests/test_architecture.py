"""Qt stays in bodyscan/ui; library code logs instead of printing."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "bodyscan"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_qt_outside_ui() -> None:
    offenders = [
        str(path.relative_to(REPO))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1]
        and any(
            name.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"}
            for name in imported_modules(path)
        )
    ]
    assert offenders == []


def test_core_and_cli_import_without_qt() -> None:
    code = (
        "import sys, bodyscan.cli, bodyscan.cli.listing, bodyscan.cli.export, bodyscan.cli.journal,"
        " bodyscan.cli.narrate, bodyscan.core.loader, bodyscan.core.library;"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_no_print_in_library_code() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.name == "__main__.py" or path.parent.name == "cli":
            continue  # the command line's own words
        calls = [
            node
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "print"
        ]
        assert calls == [], path
