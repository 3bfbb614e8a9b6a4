"""Gentle reminders: when one is due, as pure logic over an aware clock (no Qt, no timers).

Reminders are off unless turned on. When on, they fall every N minutes from the start of the
working hours, on the chosen days, in local wall-clock time (so a DST change moves nothing the
person can see). A reminder is only shown close to its time: a laptop that wakes after hours,
or an app that was not running, never delivers a backlog. One that is dismissed or skipped is
not repeated until the next slot; "in 10 minutes" asks once more; a running exercise, a locked
screen or a full-screen window means the slot passes quietly.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)

GRACE = timedelta(minutes=5)  # a slot older than this is missed, not delivered late
SNOOZE = timedelta(minutes=10)


@dataclass(frozen=True)
class ReminderRules:
    enabled: bool = False
    every_minutes: int = 90
    start: time = time(9, 0)
    end: time = time(17, 0)
    days: frozenset[int] = frozenset(range(5))  # Monday is 0

    def __post_init__(self) -> None:
        if not 5 <= self.every_minutes <= 24 * 60:
            raise ValueError("reminders are every 5 minutes to 24 hours")


@dataclass(frozen=True)
class ReminderState:
    """What has happened so far (kept in settings across restarts)."""

    handled_until: datetime  # every slot up to here has been shown, skipped or missed
    snoozed_until: datetime | None = None
    paused_until: datetime | None = None

    @classmethod
    def starting(cls, now: datetime) -> ReminderState:
        """Reminders turned on (or the app started) now: nothing before now is due."""
        return cls(handled_until=now)


def slots_on(day: date, rules: ReminderRules, zone: tzinfo) -> list[datetime]:
    """The day's reminder times, as aware datetimes (UTC), in local working hours."""
    if day.weekday() not in rules.days:
        return []
    found: list[datetime] = []
    minutes = rules.start.hour * 60 + rules.start.minute
    last = rules.end.hour * 60 + rules.end.minute
    while minutes < last:
        local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone)
        # A wall time that does not exist (the spring-forward gap) is taken as the moment after.
        instant = local.astimezone(UTC)
        if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
            instant = (local + timedelta(hours=1)).astimezone(UTC)
        if not found or instant > found[-1]:
            found.append(instant)
        minutes += rules.every_minutes
    return found


def next_slot(after: datetime, rules: ReminderRules, zone: tzinfo) -> datetime | None:
    """The first slot strictly after `after` (within the next two weeks), or None."""
    day = after.astimezone(zone).date()
    for offset in range(15):
        for slot in slots_on(day + timedelta(days=offset), rules, zone):
            if slot > after:
                return slot
    return None


@dataclass(frozen=True)
class Decision:
    show: bool
    state: ReminderState
    reason: str = ""  # why not, for the log


def check(
    now: datetime,
    rules: ReminderRules,
    state: ReminderState,
    zone: tzinfo,
    *,
    busy: bool = False,
    screen_locked: bool = False,
    full_screen: bool = False,
) -> Decision:
    """Whether to show a reminder now. Call it every minute or so (and after waking)."""
    if not rules.enabled:
        return Decision(False, state, "off")
    if state.paused_until is not None and now < state.paused_until:
        return Decision(False, state, "paused")
    if state.snoozed_until is not None and now >= state.snoozed_until:
        cleared = replace(state, snoozed_until=None)
        if now - state.snoozed_until > GRACE:
            return Decision(False, cleared, "snooze missed")
        if busy or screen_locked or full_screen:
            return Decision(False, cleared, "not a good moment")
        return Decision(True, cleared)
    due = next_slot(state.handled_until, rules, zone)
    if due is None or now < due:
        return Decision(False, state, "not yet")
    # Everything up to now is handled, whatever happens next: no backlog, no repeats.
    latest = due
    while True:
        following = next_slot(latest, rules, zone)
        if following is None or following > now:
            break
        latest = following
    handled = replace(state, handled_until=now)
    if now - latest > GRACE:
        return Decision(False, handled, "missed (asleep or not running)")
    if busy or screen_locked or full_screen:
        return Decision(False, handled, "not a good moment")
    return Decision(True, handled)


def snooze(now: datetime, state: ReminderState) -> ReminderState:
    return replace(state, snoozed_until=now + SNOOZE)


def pause(until: datetime, state: ReminderState) -> ReminderState:
    return replace(state, paused_until=until, snoozed_until=None)


def tomorrow_morning(now: datetime, zone: tzinfo) -> datetime:
    """Midnight at the start of tomorrow, local time: "pause until tomorrow"."""
    local = now.astimezone(zone)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(0, 0), tzinfo=zone)
    return midnight.astimezone(UTC)


def local_zone() -> tzinfo:
    """The machine's time zone with its DST rules (a fixed offset would put every reminder an
    hour out after the clocks change): TZ if set, else /etc/localtime, else today's offset."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ValueError, ZoneInfoNotFoundError):
            log.info("TZ=%s is not a known zone", name)
    try:
        with open("/etc/localtime", "rb") as data:
            return ZoneInfo.from_file(data, key="localtime")
    except (OSError, ValueError):
        pass
    offset = datetime.now().astimezone().tzinfo
    return offset if offset is not None else UTC
