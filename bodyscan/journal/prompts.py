"""The check-in as plain text prompts, for `bodyscan play` in a terminal.

Every question can be skipped with Enter, and the whole check-in with `s` at the first one.
"Nothing noticed", "numb / far away", "not sure" and "prefer not to say" are full answers.
"""

from __future__ import annotations

from collections.abc import Callable

from bodyscan.core.regions import (
    CHECKIN_ANSWERS,
    MAX_QUALITIES_PER_REGION,
    PLACE_LABELS,
    QUALITIES,
    STRENGTHS,
    TONES,
)
from bodyscan.core.script import Script
from bodyscan.journal.model import HOW_WAS_THAT, CheckIn, RegionAnswer

Ask = Callable[[str], str]  # shows a prompt, returns the typed line ("" for Enter)
Say = Callable[[str], None]

TOO_MUCH_FOLLOW_UP = (
    "That was the second time in a row it felt like too much. That is useful to know, not a "
    "failure. Shorter, eyes-open practices (Feet and hands, 5-4-3-2-1) may suit you better for "
    "now, and a therapist or doctor can help you find a pace that feels safe."
)


class Skip(Exception):
    """The person chose to skip the rest of the check-in."""


def ask_connection(ask: Ask, when: str) -> int | None:
    while True:
        text = ask(f"How connected do you feel to your body {when}, 0 to 10? (Enter to skip) ")
        if not text.strip():
            return None
        if text.strip().isdigit() and 0 <= int(text) <= 10:
            return int(text)


def text_checkin(
    script: Script,
    session_id: str,
    ask: Ask,
    say: Say,
    *,
    connection_before: int | None = None,
    too_much_last_time: bool = False,
) -> CheckIn | None:
    """Ask the check-in questions; None when skipped as a whole."""
    say("\nA short check-in. Press Enter to skip any question, or s to skip it all.")
    answers = list(CHECKIN_ANSWERS.items())
    answer = "not-sure"
    regions: tuple[RegionAnswer, ...] = ()
    connection_after = None
    try:
        if "body" in script.checkin.ask:
            prompt = script.checkin.prompt or "Where in your body did you notice sensation?"
            say(prompt)
            for number, (_key, label) in enumerate(answers, start=1):
                say(f"  {number}) {label}")
            count = len(answers)
            choice = _choice(ask(f"Your answer (1-{count}): "), count)
            while choice is None:  # a slip of the finger must not end the check-in
                choice = _choice(ask(f"Please type a number from 1 to {count}: "), count)
            answer = answers[choice][0]
            if answer == "noticed":
                regions = _places(ask, say)
        if "connection" in script.checkin.ask:
            connection_after = ask_connection(ask, "now")
        how = _how_was_that(ask)
        if how == "too-much" and too_much_last_time:
            say(TOO_MUCH_FOLLOW_UP)
        note = ask("A note for yourself (Enter to skip): ").strip()
    except Skip:
        return None
    return CheckIn(
        session_id=session_id,
        answer=answer,
        regions=regions,
        connection_before=connection_before,
        connection_after=connection_after,
        how_was_that=how,
        note=note,
    )


def _choice(text: str, count: int) -> int | None:
    text = text.strip().lower()
    if text in ("", "s"):
        raise Skip
    if text.isdigit() and 1 <= int(text) <= count:
        return int(text) - 1
    return None


def _places(ask: Ask, say: Say) -> tuple[RegionAnswer, ...]:
    say("Places: " + ", ".join(PLACE_LABELS) + ".")
    chosen: list[str] = []
    for word in ask("Which places? (comma-separated, e.g. chest, left-hand) ").split(","):
        place = _place(word)
        if place is not None and place not in chosen:
            chosen.append(place)
        elif word.strip():
            say(f"  (no place called '{word.strip()}'; left out)")
    found = []
    for place in chosen:
        label = PLACE_LABELS[place]
        words = ask(f"  {label}: up to three words ({', '.join(QUALITIES)}) ")
        qualities = tuple(q for q in _words(words) if q in QUALITIES)[:MAX_QUALITIES_PER_REGION]
        strength = _one_of(ask(f"  {label}: {' / '.join(STRENGTHS)}? "), STRENGTHS)
        tone = _one_of(ask(f"  {label}: {' / '.join(TONES)}? "), TONES)
        found.append(RegionAnswer(place, qualities, "", strength, tone))
    return tuple(found)


def _place(word: str) -> str | None:
    key = word.strip().lower().replace(" ", "-").removeprefix("your-").removeprefix("my-")
    if key in PLACE_LABELS:
        return key
    for place, label in PLACE_LABELS.items():
        if word.strip().lower() in (label, label.removeprefix("your ")):
            return place
    return None


def _words(text: str) -> list[str]:
    return [w.strip().lower().replace(" ", "-") for w in text.replace(";", ",").split(",")]


def _one_of(text: str, options: tuple[str, ...]) -> str | None:
    text = text.strip().lower()
    return text if text in options else None


def _how_was_that(ask: Ask) -> str | None:
    labels = list(HOW_WAS_THAT.items())
    text = ask("How was that: 1) too much  2) about right  3) shut down? (Enter to skip) ")
    text = text.strip()
    if text.isdigit() and 1 <= int(text) <= len(labels):
        return labels[int(text) - 1][0]
    return None
