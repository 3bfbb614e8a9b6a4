"""Insights from a journal made through the real store: every answer kind, connection, "how
was that", places new, more and less often, empty periods, and the sentences that say them."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from bodyscan.journal import insight_text
from bodyscan.journal.insights import (
    Period,
    between,
    bucket_starts,
    insights,
    month_of,
    week_of,
    year_of,
)
from bodyscan.journal.store import Journal
from tests.journal.months import NOTE, add, fill_two_months, local_noon


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    opened = Journal.open(tmp_path / "journal.sqlite3")
    fill_two_months(opened)
    return opened


NOVEMBER = month_of(date(2026, 11, 14))


def test_periods_and_the_period_before() -> None:
    assert Period(date(2026, 11, 1), date(2026, 11, 30), "month") == NOVEMBER
    assert NOVEMBER.previous() == Period(date(2026, 10, 1), date(2026, 10, 31), "month")
    assert month_of(date(2026, 3, 9)).previous().last == date(2026, 2, 28)
    assert year_of(date(2026, 5, 5)).previous() == between(date(2025, 1, 1), date(2025, 12, 31))
    week = week_of(date(2026, 12, 2))  # a Wednesday
    assert (week.first, week.last) == (date(2026, 11, 30), date(2026, 12, 6))
    assert week.previous() == Period(date(2026, 11, 23), date(2026, 11, 29), "week")
    days = between(date(2026, 11, 3), date(2026, 11, 12))
    assert days.previous() == Period(date(2026, 10, 24), date(2026, 11, 2), "days")
    assert between(date(2026, 11, 1), date(2026, 11, 30)) == NOVEMBER
    assert NOVEMBER.in_words == "in November 2026"
    assert days.in_words == "from 3 to 12 November 2026"
    assert (
        between(date(2025, 12, 30), date(2026, 1, 2)).name == "30 December 2025 to 2 January 2026"
    )
    assert week.name == "the week of 30 November 2026"
    # Charts: a bar per day up to a month, per week up to half a year, per month beyond.
    assert len(bucket_starts(NOVEMBER)) == 30
    assert len(bucket_starts(between(date(2026, 9, 1), date(2026, 11, 30)))) == 14
    assert len(bucket_starts(year_of(date(2026, 1, 1)))) == 12


def test_counts_for_a_month_beside_the_month_before(journal: Journal) -> None:
    found = insights(journal, NOVEMBER)
    now, before = found.current, found.previous
    assert (now.sessions, now.seconds, now.checkins) == (6, 5 * 180 + 71.5, 5)
    assert (before.sessions, before.seconds, before.checkins) == (3, 540, 3)
    # Every answer is counted as an answer; none is a failure.
    assert now.heat.answers == {"noticed": 2, "numb": 1, "not-sure": 1, "prefer-not": 1}
    assert before.heat.answers == {"noticed": 2, "nothing": 1}
    assert now.heat.regions == {"left-hand": 2, "right-foot": 1, "whole-body": 1}
    assert now.heat.qualities["left-hand"] == Counter({"warm": 2, "tingling": 1})
    assert found.first_marked == ("right-foot", "whole-body")  # the left hand was marked before
    # By the change in share: 0 of 3 to 1 of 5 is a bigger step than 1 of 3 to 2 of 5.
    assert [c.region for c in found.more_often] == ["right-foot", "whole-body", "left-hand"]
    assert [(c.region, c.now, c.before) for c in found.less_often] == [("chest", 0, 2)]
    assert now.connection_before == (3.0, 2) and now.connection_after == (6.0, 1)
    assert now.how_was_that == {"about-right": 1, "shut-down": 1}
    assert found.top == 2 and found.notes == ()
    by_day = {b.start: b for b in now.buckets if b.sessions}
    assert sorted(by_day) == [date(2026, 11, d) for d in (2, 9, 16, 23, 24, 30)]
    assert by_day[date(2026, 11, 30)].seconds == 71.5 and not by_day[date(2026, 11, 30)].answers
    assert by_day[date(2026, 11, 9)].answers == Counter({"numb": 1})
    assert insights(journal, NOVEMBER, with_notes=True).notes[0][1:] == (
        "Body scan, 3 minutes",
        NOTE,
    )


def test_the_sentences_say_the_counts_plainly(journal: Journal) -> None:
    said = insight_text.sentences(insights(journal, NOVEMBER))
    assert said[0] == (
        "In November 2026 you practised 6 times, 16 minutes in all "
        "(in October 2026: 3 times, 9 minutes)."
    )
    assert "You answered 5 check-ins in November 2026 (3 in October 2026)." in said
    assert "In 1 of 5 check-ins your answer was “numb / far away” (0 of 3 in October 2026)." in said
    assert "In 0 of 5 check-ins your answer was “nothing noticed” (1 of 3 in October 2026)." in said
    assert "You marked your left hand in 2 of 5 check-ins, up from 1 of 3 in October 2026." in said
    assert "Marked for the first time: your right foot and your whole body." in said
    assert "Marked less often than in October 2026: your chest (0 of 5, from 2 of 3)." in said
    assert (
        "How connected you felt with your body, from 0 to 10, on average: 3.0 before practice "
        "(asked twice) and 6.0 after (asked once)." in said
    )
    assert "Asked “how was that?”, you answered “about right” once, “shut down” once." in said
    text = " ".join(said).lower()
    for judgement in ("streak", "score", "only", "well done", "missed", "fail", "great"):
        assert judgement not in text


def test_empty_periods_and_an_empty_journal(journal: Journal, tmp_path: Path) -> None:
    december = insights(journal, month_of(date(2026, 12, 1)))
    assert (december.current.sessions, december.current.checkins) == (0, 0)
    assert december.first_marked == () and december.more_often == december.less_often == ()
    assert all(b.sessions == 0 for b in december.current.buckets)
    assert insight_text.sentences(december) == [
        "In December 2026 there were no sessions in your journal "
        "(in November 2026: 6 times, 16 minutes).",
        "No check-ins in December 2026 (5 check-ins in November 2026).",
    ]
    empty = Journal.open(tmp_path / "empty.sqlite3")
    nothing = insights(empty, year_of(date(2026, 1, 1)))
    assert nothing.top == 0 and nothing.current.connection_before is None
    assert insight_text.summary_text(nothing) == (
        "Your practice in 2026\n\n"
        "In 2026 there were no sessions in your journal (none in 2025).\n"
        "No check-ins in 2026, nor in 2025.\n"
    )


def test_a_place_marked_before_the_period_is_not_new(journal: Journal) -> None:
    add(journal, local_noon(12, 1), "noticed", ())
    december = insights(journal, month_of(date(2026, 12, 1)))
    assert december.current.heat.regions == {}
    assert insight_text.place_sentences(december) == [
        "No places were marked on the body map in December 2026."
    ]
    whole = insights(journal, between(date(2026, 10, 1), date(2026, 11, 30)))
    assert whole.first_marked == ("chest", "left-hand", "right-foot", "whole-body")


def test_the_summary_text_has_words_per_place_and_notes_only_when_asked(journal: Journal) -> None:
    plain = insight_text.summary_text(insights(journal, NOVEMBER))
    assert "Your left hand: warm 2, tingling 1." in plain and NOTE not in plain
    with_notes = insight_text.summary_text(insights(journal, NOVEMBER, with_notes=True))
    assert NOTE in with_notes
