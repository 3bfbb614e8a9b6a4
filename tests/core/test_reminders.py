"""Reminders as pure logic over a fake clock: working hours and days, dismissals, snoozes,
pauses, DST changes, and a laptop that sleeps through its reminders (no backlog)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bodyscan.core.reminders import (
    ReminderRules,
    ReminderState,
    check,
    next_slot,
    pause,
    slots_on,
    snooze,
    tomorrow_morning,
)

LONDON = ZoneInfo("Europe/London")
RULES = ReminderRules(enabled=True, every_minutes=90, start=time(9, 0), end=time(17, 0))


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON).astimezone(UTC)  # type: ignore[misc]


def run(start: datetime, end: datetime, step: timedelta, **context: bool) -> list[datetime]:
    """Check every `step` like the app's timer; the times a reminder was shown."""
    state = ReminderState.starting(start)
    shown = []
    now = start
    while now <= end:
        decision = check(now, RULES, state, LONDON, **context)
        state = decision.state
        if decision.show:
            shown.append(now)
        now += step
    return shown


def test_off_by_default() -> None:
    rules = ReminderRules()
    state = ReminderState.starting(local(2026, 11, 23, 8, 0))
    assert not check(local(2026, 11, 23, 10, 30), rules, state, LONDON).show


def test_every_slot_of_a_working_day_once() -> None:
    shown = run(local(2026, 11, 23, 8, 0), local(2026, 11, 23, 20, 0), timedelta(minutes=1))
    expected = [
        local(2026, 11, 23, h, m)
        for h, m in ((9, 0), (10, 30), (12, 0), (13, 30), (15, 0), (16, 30))
    ]
    assert shown == expected


def test_no_reminders_on_days_off() -> None:
    saturday = local(2026, 11, 28, 0, 0)
    assert run(saturday, saturday + timedelta(days=2), timedelta(minutes=5)) == []
    assert next_slot(saturday, RULES, LONDON) == local(2026, 11, 30, 9, 0)


def test_waking_after_hours_brings_no_backlog() -> None:
    state = ReminderState.starting(local(2026, 11, 23, 10, 0))
    state = check(local(2026, 11, 23, 10, 30), RULES, state, LONDON).state  # shown at 10:30
    # Asleep from 10:31 until 19:00: four slots passed; none is delivered late.
    woke = check(local(2026, 11, 23, 19, 0), RULES, state, LONDON)
    assert not woke.show and "missed" in woke.reason
    # Waking mid-afternoon: the slot an hour ago is not shown; the next one is.
    state = ReminderState.starting(local(2026, 11, 24, 8, 0))
    late = check(local(2026, 11, 24, 13, 2), RULES, state, LONDON)
    assert not late.show
    assert not check(local(2026, 11, 24, 13, 20), RULES, late.state, LONDON).show
    assert check(local(2026, 11, 24, 13, 30), RULES, late.state, LONDON).show


def test_a_slot_passes_quietly_during_an_exercise_or_a_locked_screen() -> None:
    for context in ({"busy": True}, {"screen_locked": True}, {"full_screen": True}):
        assert (
            run(
                local(2026, 11, 23, 8, 0),
                local(2026, 11, 23, 18, 0),
                timedelta(minutes=1),
                **context,
            )
            == []
        )
    state = ReminderState.starting(local(2026, 11, 23, 8, 0))
    skipped = check(local(2026, 11, 23, 9, 0), RULES, state, LONDON, busy=True)
    assert not skipped.show
    # Not repeated when the exercise ends; the next slot comes as usual.
    assert not check(local(2026, 11, 23, 9, 3), RULES, skipped.state, LONDON).show
    assert check(local(2026, 11, 23, 10, 30), RULES, skipped.state, LONDON).show


def test_in_ten_minutes_asks_once_more() -> None:
    state = ReminderState.starting(local(2026, 11, 23, 8, 0))
    first = check(local(2026, 11, 23, 9, 0), RULES, state, LONDON)
    assert first.show
    later = snooze(local(2026, 11, 23, 9, 1), first.state)
    assert not check(local(2026, 11, 23, 9, 10), RULES, later, LONDON).show
    again = check(local(2026, 11, 23, 9, 11), RULES, later, LONDON)
    assert again.show
    assert not check(local(2026, 11, 23, 9, 12), RULES, again.state, LONDON).show


def test_pause_for_an_hour_and_until_tomorrow() -> None:
    state = ReminderState.starting(local(2026, 11, 23, 8, 0))
    paused = pause(local(2026, 11, 23, 10, 0), state)
    assert not check(local(2026, 11, 23, 9, 0), RULES, paused, LONDON).show
    assert check(local(2026, 11, 23, 10, 30), RULES, paused, LONDON).show
    evening = pause(tomorrow_morning(local(2026, 11, 23, 9, 30), LONDON), state)
    assert evening.paused_until == local(2026, 11, 24, 0, 0)
    assert not check(local(2026, 11, 23, 12, 0), RULES, evening, LONDON).show
    day_after = check(local(2026, 11, 24, 9, 0), RULES, evening, LONDON)
    assert day_after.show


def test_clock_changes_keep_wall_clock_times() -> None:
    # Europe/London springs forward on 29 March 2026 and falls back on 25 October 2026.
    every_day = ReminderRules(
        enabled=True, every_minutes=60, start=time(0, 30), end=time(3, 0), days=frozenset(range(7))
    )
    spring = slots_on(datetime(2026, 3, 29).date(), every_day, LONDON)
    assert [s.astimezone(LONDON).strftime("%H:%M") for s in spring] == ["00:30", "02:30"]
    # 01:30 does not exist that night: it becomes 02:30, which is already a slot: one reminder.
    autumn = slots_on(datetime(2026, 10, 25).date(), every_day, LONDON)
    assert [s.astimezone(LONDON).strftime("%H:%M") for s in autumn] == ["00:30", "01:30", "02:30"]
    assert all(b > a for a, b in itertools.pairwise(autumn))
    # Working hours stay at 09:00 local on both sides of the change.
    before, after = (
        slots_on(datetime(2026, 3, 27).date(), RULES, LONDON),
        slots_on(datetime(2026, 3, 30).date(), RULES, LONDON),
    )
    assert before[0].hour == 9 and after[0].hour == 8  # in UTC: 09:00 GMT, then 09:00 BST
    shown = run(local(2026, 3, 29, 23, 0), local(2026, 3, 30, 18, 0), timedelta(minutes=1))
    assert [s.astimezone(LONDON).strftime("%H:%M") for s in shown][:2] == ["09:00", "10:30"]
