"""The journal as text (`bodyscan journal`): every part of a check-in in words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bodyscan.core.regions import CHECKIN_ANSWERS
from bodyscan.journal.model import CheckIn, Entry, RegionAnswer, SessionRecord, Stroke
from bodyscan.journal.view import describe_checkin, journal_table

STARTED = datetime(2026, 11, 3, 8, 15, tzinfo=UTC)


def session(ending: str = "completed", played: float = 180) -> SessionRecord:
    return SessionRecord(
        "body-scan-3", "Three-minute body scan", "body-scan", STARTED, STARTED, 180, played, ending
    )


@pytest.mark.parametrize("answer", list(CHECKIN_ANSWERS))
def test_every_answer_reads_as_itself(answer: str) -> None:
    assert describe_checkin(CheckIn("s", answer)) == CHECKIN_ANSWERS[answer]


def test_places_with_their_words_marks_connection_and_note() -> None:
    checkin = CheckIn(
        "s",
        "noticed",
        regions=(
            RegionAnswer("left-hand", ("warm", "other"), "fizzy", "faint", "pleasant"),
            RegionAnswer("chest"),
            RegionAnswer("whole-body", (), "", "strong"),
        ),
        strokes=(Stroke("front", ((0.1, 0.2), (0.3, 0.4))), Stroke("back", ((0.5, 0.5),))),
        connection_before=3,
        connection_after=6,
        how_was_that="about-right",
        note="hands woke up",
    )
    text = describe_checkin(checkin)
    assert text.startswith(
        "I noticed sensations; your left hand (warm, other, fizzy, faint, pleasant)"
    )
    assert "; your chest;" in text
    assert "2 marks drawn" in text and "connection with your body 3 of 10 before, 6 after" in text
    assert "it was about right" in text
    assert text.endswith("“hands woke up”")


@pytest.mark.parametrize(
    "before, after, words",
    [
        (None, 5, "connection with your body 5 of 10 after (not asked before)"),
        (4, None, "connection with your body 4 of 10 before (not asked after)"),
        (None, None, None),
    ],
)
def test_connection_with_one_side_missing(
    before: int | None, after: int | None, words: str | None
) -> None:
    text = describe_checkin(
        CheckIn("s", "nothing", connection_before=before, connection_after=after)
    )
    if words is None:
        assert "connection" not in text
    else:
        assert words in text


def test_the_table_lists_sessions_with_their_check_ins() -> None:
    entries = [
        Entry(session("completed"), (CheckIn("s", "numb"), CheckIn("s", "noticed", note="later"))),
        Entry(session("stopped", 65), ()),
        Entry(session("ended-after-grounding", 30), ()),
    ]
    lines = journal_table(entries).splitlines()
    local = STARTED.astimezone().strftime("%Y-%m-%d %H:%M")
    assert lines[0] == f"{local}  Three-minute body scan · 3m of 3m, to the end"
    assert lines[1:3] == ["    numb / far away", "    I noticed sensations. “later”"]
    assert lines[3].endswith("1m05s of 3m, stopped")
    assert lines[4].endswith("30s of 3m, ended after grounding")


def test_an_empty_journal_says_what_will_appear() -> None:
    assert "empty" in journal_table([])
