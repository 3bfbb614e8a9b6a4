"""The timer's plan: bell onsets exact to the frame, and what is refused."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest

from bodyscan.core.sounds import SoundCatalogue
from bodyscan.core.timer import (
    TimerError,
    TimerSpec,
    bell_onsets,
    check_timer,
    in_words,
    plan_timer,
    read_duration,
)

RATE = 48000


@pytest.mark.parametrize(
    ("duration", "interval", "expected_seconds"),
    [
        (30, 10, [0, 10, 20, 30]),  # divides exactly: one bell at 30, not two
        (25, 10, [0, 10, 20, 25]),
        (20, None, [0, 20]),
        (
            Fraction(41, 2),
            Fraction(25, 4),
            [0, Fraction(25, 4), Fraction(25, 2), Fraction(75, 4), Fraction(41, 2)],
        ),
    ],
)
def test_bells_at_start_each_multiple_inside_and_exactly_at_the_end(
    duration: int | Fraction, interval: int | Fraction | None, expected_seconds: list[Fraction]
) -> None:
    spec = TimerSpec(Fraction(duration), None if interval is None else Fraction(interval))
    assert bell_onsets(spec, RATE) == tuple(int(s * RATE) for s in expected_seconds)


def test_the_plan_lasts_the_duration_plus_the_closing_bell() -> None:
    spec = TimerSpec(Fraction(30), Fraction(10), "chime")
    timeline = plan_timer(spec, 96000, RATE)
    assert timeline.frames == 30 * RATE + 96000
    bells = [e for e in timeline.events if e.type == "bell"]
    assert [e.start for e in bells] == [0, 10 * RATE, 20 * RATE, 30 * RATE]
    assert {e.sound for e in bells} == {"chime"}
    # One after another, as every timeline: each end is the next start, the last is the end.
    events = timeline.events
    assert all(a.end == b.start for a, b in itertools.pairwise(events))
    assert events[-1].end == timeline.frames
    caption = events[0]
    assert caption.type == "say" and caption.step is None and caption.start == caption.end == 0
    assert caption.text == (
        "Rest here in your own way. A bell every 10 seconds; the last one at 30 seconds."
    )


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("20m", 1200),
        ("1m30s", 90),
        ("90", 90),
        ("2.5", Fraction(5, 2)),
        ("6h", 21600),
        ("1h30m", 5400),
    ],
)
def test_durations_as_in_scripts_and_plain_seconds(text: str, seconds: int | Fraction) -> None:
    assert read_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("0", "must be longer than 0"),
        ("0s", "must be longer than 0"),
        ("6h1s", "at most 6 hours"),
        ("7h", "at most 6 hours"),
        ("abc", "'abc' is not a duration"),
        ("-5m", "cannot be negative"),
        ("", "empty duration"),
        ("30s10m", "largest first"),
    ],
)
def test_bad_durations_say_what_is_wrong(text: str, words: str) -> None:
    with pytest.raises(TimerError) as error:
        read_duration(text)
    assert words in error.value.short


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        (TimerSpec(Fraction(600), Fraction(600)), "must be shorter than the timer"),
        (TimerSpec(Fraction(600), Fraction(900)), "must be shorter than the timer"),
        (TimerSpec(Fraction(600), Fraction(0)), "interval must be longer than 0"),
        (TimerSpec(Fraction(600), Fraction(2)), "at least 5 seconds"),
        (TimerSpec(Fraction(0)), "longer than 0"),
        (TimerSpec(Fraction(6 * 3600 + 1)), "at most 6 hours"),
        (TimerSpec(Fraction(600), bell="gong"), "unknown bell 'gong'"),
        (TimerSpec(Fraction(600), ambient="rain"), "unknown background sound 'rain'"),
    ],
)
def test_timers_that_cannot_be_played(spec: TimerSpec, words: str) -> None:
    with pytest.raises(TimerError) as error:
        check_timer(spec, SoundCatalogue())
    assert words in error.value.short
    assert error.value.detail  # and what to do


def test_six_hours_at_the_closest_interval_is_allowed() -> None:
    spec = TimerSpec(Fraction(6 * 3600), Fraction(5))
    check_timer(spec, SoundCatalogue())
    assert len(bell_onsets(spec, RATE)) == 6 * 3600 // 5 + 1


def test_lengths_in_words() -> None:
    assert in_words(Fraction(300)) == "5 minutes"
    assert in_words(Fraction(90)) == "1 minute 30 seconds"
    assert in_words(Fraction(3600)) == "1 hour"
    assert in_words(Fraction(1)) == "1 second"
    assert in_words(Fraction(5, 2)) == "2.5 seconds"
