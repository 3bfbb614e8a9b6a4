"""Diagnostics found while reading a script: each with a 1-based line and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

Severity = Literal["error", "warning"]


class HasPosition(Protocol):
    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


@dataclass(frozen=True, order=True)
class Problem:
    line: int
    column: int
    severity: Severity
    message: str

    def format(self, path: str) -> str:
        return f"{path}:{self.line}:{self.column}: {self.severity}: {self.message}"


@dataclass
class Problems:
    """Collects every problem in a file so that all of them are reported at once."""

    items: list[Problem] = field(default_factory=list)

    def error(self, where: HasPosition, message: str) -> None:
        self.items.append(Problem(where.line, where.column, "error", printable(message)))

    def warning(self, where: HasPosition, message: str) -> None:
        self.items.append(Problem(where.line, where.column, "warning", printable(message)))

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.items)

    def sorted(self) -> tuple[Problem, ...]:
        # Keep the order of discovery within a position, but report top to bottom.
        return tuple(sorted(self.items, key=lambda p: (p.line, p.column)))


def printable(message: str) -> str:
    """The message with anything that cannot be written as UTF-8 (a lone surrogate quoted from
    a script) spelt as an escape, so printing it can never fail."""
    return message.encode("utf-8", "backslashreplace").decode("utf-8")
