from fractions import Fraction

import pytest

from bodyscan.core.durations import (
    DurationError,
    format_seconds,
    length_in_words,
    parse_duration,
)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (20, Fraction(20)),
        (0, Fraction(0)),
        (2.5, Fraction(5, 2)),
        ("20s", Fraction(20)),
        ("1m30s", Fraction(90)),
        ("2m", Fraction(120)),
        ("1.5s", Fraction(3, 2)),
        ("750ms", Fraction(3, 4)),
        ("1h", Fraction(3600)),
        ("1h2m3s4ms", Fraction(3723004, 1000)),
        ("0.1s", Fraction(1, 10)),
        ("4h", Fraction(14400)),
        (14400, Fraction(14400)),
        ("1m5ms", Fraction(60005, 1000)),
    ],
)
def test_parses_exactly(value: object, seconds: Fraction) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "cannot be negative"),
        ("-5s", "cannot be negative"),
        ("", "empty duration"),
        ("5 s", "has spaces"),
        (" 5s", "has spaces"),
        ("5sec", "is not a duration"),
        ("5d", "is not a duration"),
        ("30s1m", "largest first"),
        ("1m1m", "largest first"),
        ("20", "needs a unit"),
        ("4h1ms", "over the 4-hour limit"),
        (14401, "over the 4-hour limit"),
        (True, "got true/false"),
        (None, "got nothing"),
        ([1], "got a list"),
        (float("nan"), "finite"),
        (float("inf"), "finite"),
        ("1..5s", "is not a duration"),
        (".5s", "is not a duration"),
        ("s", "is not a duration"),
    ],
)
def test_rejects_with_reason(value: object, message: str) -> None:
    with pytest.raises(DurationError, match=message):
        parse_duration(value)


def test_format_seconds() -> None:
    assert format_seconds(45) == "45s"
    assert format_seconds(180) == "3m"
    assert format_seconds(750) == "12m30s"
    assert format_seconds(3900) == "1h05m"


@pytest.mark.parametrize(
    ("shortest", "longest", "words"),
    [
        (180, 360, "3 to 6 minutes"),
        (300, 300, "5 minutes"),
        (290, 310, "5 minutes"),
        (60, 60, "1 minute"),
        (45, 120, "45 seconds to 2 minutes"),
        (30, 45, "30 to 45 seconds"),
        (2, 2, "5 seconds"),
        (3600, 5400, "60 to 90 minutes"),
    ],
)
def test_lengths_in_words_as_the_library_and_tray_say_them(
    shortest: int, longest: int, words: str
) -> None:
    assert length_in_words(shortest, longest) == words


def test_one_length_in_words() -> None:
    assert length_in_words(130) == "2 minutes"
    assert length_in_words(Fraction(61, 2)) == "30 seconds"
