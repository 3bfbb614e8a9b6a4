"""The journal as text: one block per session, its check-ins in words."""

from __future__ import annotations

import math
from datetime import datetime

from bodyscan.core.durations import format_seconds
from bodyscan.core.regions import CHECKIN_ANSWERS, PLACE_LABELS
from bodyscan.journal.model import HOW_WAS_THAT, CheckIn, Entry

ENDINGS = {
    "completed": "to the end",
    "stopped": "stopped",
    "ended-after-grounding": "ended after grounding",
}


def describe_checkin(checkin: CheckIn) -> str:
    parts = [CHECKIN_ANSWERS[checkin.answer]]
    for answer in checkin.regions:
        details = [*answer.qualities]
        if answer.other:
            details.append(answer.other)
        if answer.strength:
            details.append(answer.strength)
        if answer.tone:
            details.append(answer.tone)
        place = PLACE_LABELS[answer.region]
        parts.append(f"{place} ({', '.join(details)})" if details else place)
    if checkin.strokes:
        parts.append(f"{len(checkin.strokes)} marks drawn")
    connection = connection_words(checkin.connection_before, checkin.connection_after)
    if connection:
        parts.append(connection)
    if checkin.how_was_that:
        parts.append(f"it was {HOW_WAS_THAT[checkin.how_was_that]}")
    text = "; ".join(parts)
    return f"{text}. “{checkin.note}”" if checkin.note else text


def connection_words(before: int | None, after: int | None) -> str:
    """Connection with the body (0 to 10) in words: "connection with your body 3 of 10
    before, 6 after"; a side not asked is said so rather than shown as a dash."""
    if before is None and after is None:
        return ""
    if after is None:
        return f"connection with your body {before} of 10 before (not asked after)"
    if before is None:
        return f"connection with your body {after} of 10 after (not asked before)"
    return f"connection with your body {before} of 10 before, {after} after"


def local_time(moment: datetime, pattern: str) -> str:
    """A journal time in the local zone; one that zone cannot show (year 1 west of UTC, from
    an import an older version let through) is shown in UTC instead of failing."""
    try:
        return moment.astimezone().strftime(pattern)
    except (OverflowError, ValueError, OSError):
        return moment.strftime(pattern) + " UTC"


def duration(seconds: float) -> str:
    """Seconds as the journal shows them; "?" for a number that is not one (Infinity from an
    import an older version let through)."""
    return format_seconds(seconds) if math.isfinite(seconds) else "?"


def entry_lines(entry: Entry) -> list[str]:
    """A session as the journal page lists it, whole: when and what, how long and how it
    ended, then each check-in in words."""
    s = entry.session
    lines = [
        f"{local_time(s.started_at, '%a %d %b %Y, %H:%M')} · {s.title}",
        f"{duration(s.played_seconds)} of {duration(s.planned_seconds)}, "
        f"{ENDINGS.get(s.ending, s.ending)}",
    ]
    lines += [f"• {describe_checkin(checkin)}" for checkin in entry.checkins]
    return lines if entry.checkins else [*lines, "• no check-in"]


def journal_table(entries: list[Entry]) -> str:
    if not entries:
        return "Your journal is empty. Sessions you play appear here.\n"
    lines = []
    for entry in entries:
        s = entry.session
        when = local_time(s.started_at, "%Y-%m-%d %H:%M")
        lines.append(
            f"{when}  {s.title} · {duration(s.played_seconds)} of "
            f"{duration(s.planned_seconds)}, {ENDINGS.get(s.ending, s.ending)}"
        )
        for checkin in entry.checkins:
            lines.append(f"    {describe_checkin(checkin)}")
    return "\n".join(lines) + "\n"
