"""The terminal check-in, driven by typed lines as a person would type them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bodyscan.core.loader import check_text
from bodyscan.core.script import Script
from bodyscan.journal.prompts import TOO_MUCH_FOLLOW_UP, ask_connection, text_checkin


def script(ask: str = "[body]") -> Script:
    text = f"title: T\nkind: grounding\ncheckin: {{ask: {ask}}}\nsteps:\n  - say: Feet.\n"
    result = check_text(text, Path("t.yaml"))
    assert result.script is not None, result.problems
    return result.script


class Typist:
    """Answers prompts from a list of lines, and keeps what was shown."""

    def __init__(self, *lines: str) -> None:
        self.lines = list(lines)
        self.prompts: list[str] = []
        self.said: list[str] = []

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        assert self.lines, f"asked more than was typed: {prompt!r}"
        return self.lines.pop(0)

    def say(self, text: str) -> None:
        self.said.append(text)


def test_a_whole_check_in_with_places_and_words() -> None:
    typist = Typist(
        "1",  # noticed
        "chest, left hand, elbow, chest",
        "warm, tight, tingling, heavy",
        "faint",
        "pleasant",
        "",  # no words for the left hand
        "strong",
        "sideways",  # not a tone: left empty
        "2",  # about right
        "  felt my hands  ",
    )
    checkin = text_checkin(script(), "s1", typist.ask, typist.say)
    assert checkin is not None and typist.lines == []
    assert checkin.answer == "noticed" and checkin.note == "felt my hands"
    [chest, hand] = checkin.regions
    assert (chest.region, chest.qualities, chest.strength, chest.tone) == (
        "chest",
        ("warm", "tight", "tingling"),  # three at most
        "faint",
        "pleasant",
    )
    assert (hand.region, hand.strength, hand.tone) == ("left-hand", "strong", None)
    assert checkin.how_was_that == "about-right"
    assert any("no place called 'elbow'" in line for line in typist.said)


@pytest.mark.parametrize(
    "number, answer", [("2", "nothing"), ("3", "numb"), ("4", "not-sure"), ("5", "prefer-not")]
)
def test_every_answer_is_a_whole_answer(number: str, answer: str) -> None:
    typist = Typist(number, "", "")
    checkin = text_checkin(script(), "s1", typist.ask, typist.say)
    assert checkin is not None and checkin.answer == answer and checkin.regions == ()


@pytest.mark.parametrize("first", ["", "s", "S "])
def test_the_whole_check_in_can_be_skipped_at_once(first: str) -> None:
    typist = Typist(first)
    assert text_checkin(script(), "s1", typist.ask, typist.say) is None


def test_a_mistyped_answer_is_asked_again_not_dropped() -> None:
    typist = Typist("9", "zero", "2", "", "")
    checkin = text_checkin(script(), "s1", typist.ask, typist.say)
    assert checkin is not None and checkin.answer == "nothing"
    assert sum("number from 1 to 5" in p for p in typist.prompts) == 2


def test_connection_before_and_after() -> None:
    typist = Typist("11", "-1", "seven", "7", "", "")
    checkin = text_checkin(
        script("[connection]"), "s1", typist.ask, typist.say, connection_before=3
    )
    assert checkin is not None
    assert (checkin.connection_before, checkin.connection_after) == (3, 7)
    assert checkin.answer == "not-sure"  # no body question was asked


def test_ask_connection_can_be_skipped() -> None:
    assert ask_connection(Typist("").ask, "now") is None
    assert ask_connection(Typist("10").ask, "now") == 10
    assert ask_connection(Typist("0").ask, "now") == 0


@pytest.mark.parametrize("last_time, shown", [(True, True), (False, False)])
def test_too_much_twice_in_a_row_gets_the_gentle_follow_up(last_time: bool, shown: bool) -> None:
    typist = Typist("2", "1", "")
    checkin = text_checkin(script(), "s1", typist.ask, typist.say, too_much_last_time=last_time)
    assert checkin is not None and checkin.how_was_that == "too-much"
    assert (TOO_MUCH_FOLLOW_UP in typist.said) is shown


def test_asking_nothing_still_offers_how_it_was_and_a_note() -> None:
    typist = Typist("3", "ok")
    checkin = text_checkin(script("[]"), "s1", typist.ask, typist.say)
    assert checkin is not None and checkin.how_was_that == "shut-down" and checkin.note == "ok"
