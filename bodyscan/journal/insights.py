"""What the journal shows for a period, beside the period before it: plain counts.

Sessions and minutes, how the check-in answers were spread, which places were marked (for
the first time, more or less often) and with which words, connection before and after when it
was asked, and the answers to "how was that". Never scores, streaks or goals: "nothing
noticed" and "numb / far away" are counted as answers like the others.

Qt-free: the journal page, the therapist's PDF and `bodyscan journal summary` all read this,
and `insight_text.py` says it in the same words everywhere.
"""

from __future__ import annotations

import calendar
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from bodyscan.core.regions import REGION_IDS
from bodyscan.errors import DataError
from bodyscan.journal import queries
from bodyscan.journal.model import from_text, to_text
from bodyscan.journal.store import HeatMap, Journal

PeriodKind = Literal["week", "month", "year", "days"]


def local_midnight(day: date) -> datetime:
    """The start of a local day, as an aware datetime."""
    return datetime(day.year, day.month, day.day).astimezone()


@dataclass(frozen=True)
class Period:
    """Whole local days from `first` to `last`, both included."""

    first: date
    last: date
    kind: PeriodKind = "days"

    @property
    def since(self) -> datetime:
        return local_midnight(self.first)

    @property
    def until(self) -> datetime:
        """The moment the period ends (the midnight after its last day), exclusive."""
        return local_midnight(self.last + timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> Period:
        """The period before, of the same kind: last month for a month, the same number of
        days for any other stretch."""
        if self.kind == "month":
            return month_of(self.first - timedelta(days=1))
        if self.kind == "year":
            return year_of(date(self.first.year - 1, 1, 1))
        last = self.first - timedelta(days=1)
        return Period(last - timedelta(days=self.days - 1), last, self.kind)

    def next(self) -> Period:
        """The period after, of the same kind."""
        if self.kind == "month":
            return month_of(self.last + timedelta(days=1))
        if self.kind == "year":
            return year_of(date(self.last.year + 1, 1, 1))
        first = self.last + timedelta(days=1)
        return Period(first, first + timedelta(days=self.days - 1), self.kind)

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last

    @property
    def name(self) -> str:
        """The period as a noun: "November 2026", "2026", "the week of 23 November 2026"."""
        if self.kind == "month":
            return f"{calendar.month_name[self.first.month]} {self.first.year}"
        if self.kind == "year":
            return str(self.first.year)
        if self.kind == "week":
            return f"the week of {day_name(self.first)}"
        if self.first == self.last:
            return day_name(self.first)
        if (self.first.year, self.first.month) == (self.last.year, self.last.month):
            return f"{self.first.day} to {day_name(self.last)}"
        return f"{day_name(self.first, self.first.year != self.last.year)} to {day_name(self.last)}"

    @property
    def in_words(self) -> str:
        """The period after a preposition: "in November 2026", "from 2 to 15 November 2026"."""
        if self.kind == "days" and self.first != self.last:
            return f"from {self.name}"
        return f"on {self.name}" if self.kind == "days" else f"in {self.name}"


def day_name(day: date, with_year: bool = True) -> str:
    text = f"{day.day} {calendar.month_name[day.month]}"
    return f"{text} {day.year}" if with_year else text


def week_of(day: date) -> Period:
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=6), "week")


def month_of(day: date) -> Period:
    last = calendar.monthrange(day.year, day.month)[1]
    return Period(date(day.year, day.month, 1), date(day.year, day.month, last), "month")


def year_of(day: date) -> Period:
    return Period(date(day.year, 1, 1), date(day.year, 12, 31), "year")


def between(first: date, last: date) -> Period:
    """Any stretch of whole days; a month or a year when it is exactly one."""
    if first.day == 1 and month_of(first).last == last:
        return month_of(first)
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and (
        first.year == last.year
    ):
        return year_of(first)
    return Period(first, last, "days")


@dataclass(frozen=True)
class Bucket:
    """One bar of a chart: a day, a week (from its Monday) or a month (from its first day)."""

    start: date
    sessions: int = 0
    seconds: float = 0.0
    answers: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Facts:
    """One period's counts."""

    period: Period
    sessions: int
    seconds: float
    heat: HeatMap
    connection_before: tuple[float, int] | None  # mean and how many times it was asked
    connection_after: tuple[float, int] | None
    how_was_that: dict[str, int]
    buckets: tuple[Bucket, ...]

    @property
    def checkins(self) -> int:
        return self.heat.checkins

    def marked(self, region: str) -> int:
        return self.heat.regions.get(region, 0)


@dataclass(frozen=True)
class Change:
    """A place marked more or less often than in the period before (by its share)."""

    region: str
    now: int
    before: int


@dataclass(frozen=True)
class Insights:
    current: Facts
    previous: Facts
    first_marked: tuple[str, ...]  # places marked in this period and never before it
    more_often: tuple[Change, ...]
    less_often: tuple[Change, ...]
    notes: tuple[tuple[datetime, str, str], ...] = ()  # only when asked for

    @property
    def top(self) -> int:
        """The most check-ins any place was marked in, in either period: one scale for the
        two heat maps, so the same shade means the same count in both."""
        return max(
            max(self.current.heat.regions.values(), default=0),
            max(self.previous.heat.regions.values(), default=0),
        )


def bucket_size(period: Period) -> Literal["day", "week", "month"]:
    if period.days <= 31:
        return "day"
    return "week" if period.days <= 184 else "month"


def bucket_start(day: date, size: str) -> date:
    if size == "day":
        return day
    if size == "week":
        return day - timedelta(days=day.weekday())
    return date(day.year, day.month, 1)


def bucket_starts(period: Period) -> list[date]:
    """Every bar's date, empty ones too, so a chart's axis is even."""
    size = bucket_size(period)
    starts: list[date] = []
    day = bucket_start(period.first, size)
    while day <= period.last:
        starts.append(day)
        if size == "day":
            day += timedelta(days=1)
        elif size == "week":
            day += timedelta(days=7)
        else:
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return starts


def facts(journal: Journal, period: Period, words: bool = True) -> Facts:
    """A period's counts; without `words`, the heat map leaves out the words per place."""
    since, until = to_text(period.since), to_text(period.until)

    def read(db: sqlite3.Connection) -> Facts:
        size = bucket_size(period)
        buckets = {start: Bucket(start) for start in bucket_starts(period)}
        sessions, seconds = 0, 0.0
        for day, count, played in queries.practice_by_day(db, since, until):
            sessions += count
            seconds += played
            found = buckets.get(bucket_start(_day(day, period.first), size))
            if found is not None:
                buckets[found.start] = Bucket(
                    found.start, found.sessions + count, found.seconds + played, found.answers
                )
        for day, answer, count in queries.answers_by_day(db, since, until):
            found = buckets.get(bucket_start(_day(day, period.first), size))
            if found is not None:
                found.answers[answer] += count
        before_mean, before_count, after_mean, after_count = queries.connection(db, since, until)
        return Facts(
            period,
            sessions,
            seconds,
            journal.heat_map(period.since, period.until) if words else _heat(db, since, until),
            None if before_mean is None else (float(before_mean), before_count),
            None if after_mean is None else (float(after_mean), after_count),
            queries.how_was_that(db, since, until),
            tuple(buckets[start] for start in sorted(buckets)),
        )

    return journal.read(read)


def _heat(db: sqlite3.Connection, since: str, until: str) -> HeatMap:
    regions, answers = queries.marks_and_answers(db, since, until)
    return HeatMap(sum(answers.values()), regions, {}, answers)


def _day(text: str, fallback: date) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:  # a time SQLite could not place (a year an older import let through)
        return fallback


def insights(journal: Journal, period: Period, with_notes: bool = False) -> Insights:
    """This period beside the one before it. Raises DataError when the two do not fit in the
    calendar (a date field's 9999-12-31, or Earlier pressed back to the year 1)."""
    try:
        before = period.previous()
        for moment in (period.until, before.since):  # the first and last moments read
            to_text(moment)
    except (OverflowError, ValueError):
        raise DataError(
            f"{period.name} and the period before it do not fit in the calendar",
            "Choose a shorter period, or dates between the years 2 and 9998.",
        ) from None
    current = facts(journal, period)
    previous = facts(journal, before, words=False)  # its words are never shown
    marked_now = [r for r in current.heat.regions if current.heat.regions[r] > 0]
    seen_before = journal.read(
        lambda db: queries.marked_before(db, marked_now, to_text(period.since))
    )
    order = {region: index for index, region in enumerate((*REGION_IDS, "whole-body", "unplaced"))}
    first = tuple(
        sorted(
            (r for r in marked_now if r not in seen_before), key=lambda r: order.get(r, len(order))
        )
    )
    more, less = _changes(current, previous, order)
    notes: tuple[tuple[datetime, str, str], ...] = ()
    if with_notes:
        found = journal.read(
            lambda db: queries.notes(db, to_text(period.since), to_text(period.until))
        )
        notes = tuple((from_text(when), title, note) for when, title, note in found)
    return Insights(current, previous, first, more, less, notes)


def place_by_bucket(journal: Journal, period: Period, region: str) -> list[tuple[date, int]]:
    """For a chart of one place: per bar of the period, the check-ins that marked it."""
    size = bucket_size(period)
    counts = dict.fromkeys(bucket_starts(period), 0)
    found = journal.read(
        lambda db: queries.region_by_day(db, region, to_text(period.since), to_text(period.until))
    )
    for day, count in found:
        start = bucket_start(_day(day, period.first), size)
        if start in counts:
            counts[start] += count
    return sorted(counts.items())


def _changes(
    current: Facts, previous: Facts, order: dict[str, int]
) -> tuple[tuple[Change, ...], tuple[Change, ...]]:
    """Places whose share of check-ins went up or down, biggest change first. Only when both
    periods had check-ins: a share of nothing says nothing."""
    if not current.checkins or not previous.checkins:
        return (), ()
    more: list[tuple[float, Change]] = []
    less: list[tuple[float, Change]] = []
    for region in sorted(
        set(current.heat.regions) | set(previous.heat.regions),
        key=lambda r: order.get(r, len(order)),
    ):
        now, before = current.marked(region), previous.marked(region)
        change = now / current.checkins - before / previous.checkins
        if change > 0 and now > 0:
            more.append((change, Change(region, now, before)))
        elif change < 0:
            less.append((change, Change(region, now, before)))
    more.sort(key=lambda pair: -pair[0])
    less.sort(key=lambda pair: pair[0])
    return tuple(c for _, c in more), tuple(c for _, c in less)
