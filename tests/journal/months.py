"""A journal with two known months, made through the real store: October 2026 (3 sessions)
and November 2026 (6 sessions, one stopped early), with every check-in answer, connection
before and after, "how was that" and a private note. Times are local noon."""

from __future__ import annotations

from datetime import datetime, timedelta

from bodyscan.journal.model import CheckIn, RegionAnswer, SessionRecord
from bodyscan.journal.store import Journal

NOTE = "I thought about my sister during the scan"


def local_noon(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 12, 0).astimezone()


def _session(when: datetime, played: float = 180.0) -> SessionRecord:
    ending = "completed" if played == 180.0 else "stopped"
    return SessionRecord(
        "body-scan-3",
        "Body scan, 3 minutes",
        "body-scan",
        when,
        when + timedelta(minutes=3),
        180.0,
        played,
        ending,
    )


def add(
    journal: Journal,
    when: datetime,
    answer: str | None,
    regions: tuple[RegionAnswer, ...] = (),
    played: float = 180.0,
    **extra: object,
) -> None:
    session = _session(when, played)
    journal.record_session(session)
    if answer is not None:
        journal.save_checkin(
            CheckIn(session.id, answer, regions, created_at=when, **extra)  # type: ignore[arg-type]
        )


def fill_two_months(journal: Journal) -> None:
    # October: 3 sessions, 3 check-ins (2 noticed, 1 nothing); chest 2, left hand 1.
    add(
        journal,
        local_noon(10, 5),
        "noticed",
        (RegionAnswer("chest", ("warm", "tight")), RegionAnswer("left-hand", ("tingling",))),
        connection_before=3,
        connection_after=5,
        how_was_that="about-right",
    )
    add(journal, local_noon(10, 12), "nothing", how_was_that="too-much")
    add(journal, local_noon(10, 20), "noticed", (RegionAnswer("chest", ("tight",)),))
    # November: 6 sessions (one stopped at 71.5 s, without a check-in), 5 check-ins: noticed 2,
    # numb 1, not sure 1, prefer not to say 1; left hand 2, right foot and whole body new.
    add(
        journal,
        local_noon(11, 2),
        "noticed",
        (RegionAnswer("left-hand", ("warm",)), RegionAnswer("right-foot", ("heavy",))),
        connection_before=4,
        connection_after=6,
        note=NOTE,
    )
    add(journal, local_noon(11, 9), "numb", how_was_that="shut-down")
    add(journal, local_noon(11, 16), "not-sure")
    add(journal, local_noon(11, 23), "prefer-not")
    add(
        journal,
        local_noon(11, 24),
        "noticed",
        (RegionAnswer("left-hand", ("tingling", "warm")), RegionAnswer("whole-body")),
        connection_before=2,
        how_was_that="about-right",
    )
    add(journal, local_noon(11, 30), None, played=71.5)
