"""Finding an exercise in the library: search words, a length filter ("up to 5 minutes") and a
kind filter. Qt-free, so the rules are the same wherever a list is filtered."""

from __future__ import annotations

from dataclasses import dataclass

from bodyscan.core.library import Exercise
from bodyscan.core.script import KIND_LABELS


@dataclass(frozen=True)
class LengthFilter:
    label: str
    up_to_minutes: int | None = None  # it can be done in this time (its shortest length)
    from_minutes: int | None = None  # it can last this long (its longest length)

    def admits(self, exercise: Exercise) -> bool:
        info = exercise.info
        if info is None:
            return self.up_to_minutes is None and self.from_minutes is None
        if self.up_to_minutes is not None and info.shortest > self.up_to_minutes * 60:
            return False
        return not (self.from_minutes is not None and info.longest < self.from_minutes * 60)


LENGTH_FILTERS: tuple[LengthFilter, ...] = (
    LengthFilter("Any length"),
    LengthFilter("Up to 5 minutes", up_to_minutes=5),
    LengthFilter("Up to 10 minutes", up_to_minutes=10),
    LengthFilter("Up to 20 minutes", up_to_minutes=20),
    LengthFilter("20 minutes or more", from_minutes=20),
)


@dataclass(frozen=True)
class Finding:
    """What the person is looking for; the defaults find everything."""

    words: str = ""
    length: LengthFilter = LENGTH_FILTERS[0]
    kind: str | None = None  # a kind id, or None for every kind

    @property
    def narrowed(self) -> bool:
        return bool(self.words.strip()) or self.length != LENGTH_FILTERS[0] or self.kind is not None

    def admits(self, exercise: Exercise) -> bool:
        info = exercise.info
        if self.kind is not None and (info is None or info.kind != self.kind):
            return False
        if not self.length.admits(exercise):
            return False
        words = self.words.lower().split()
        if not words:
            return True
        haystack = exercise.title.lower()
        if info is not None:
            haystack += " " + " ".join(
                (KIND_LABELS[info.kind].lower(), info.summary.lower(), *info.tags)
            )
        return all(word in haystack for word in words)
