from pathlib import Path

import pytest

from bodyscan.core.loader import check_text


def warnings_for(say: str, region: bool = True, field: str = "say") -> list[str]:
    step = f"  - say: {say}\n" + ("    region: feet\n" if region else "")
    if field == "title":
        text = f"title: {say}\nkind: grounding\nsteps:\n  - pause: 1\n"
    elif field != "say":
        text = f"title: T\nkind: grounding\n{field}: {say}\nsteps:\n  - pause: 1\n"
    else:
        text = f"title: T\nkind: grounding\nsteps:\n{step}"
    result = check_text(text, Path("x.yaml"))
    assert result.ok
    return [p.message for p in result.problems if p.severity == "warning"]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Now relax your feet, or nothing at all.", "relax"),
        ("You should feel your feet. Or nothing.", "you should"),
        ("You must keep still, or not.", "you must"),
        ("Let go of the day, or nothing at all.", "let go of"),
        ("You will feel warmth, or nothing.", "you will feel"),
    ],
)
def test_commanding_language(text: str, phrase: str) -> None:
    [message] = warnings_for(text)
    assert f"commanding language '{phrase}'" in message


def test_inviting_language_passes() -> None:
    assert warnings_for("You might notice your feet relaxing, or nothing at all.") == []


def test_sensing_cue_without_nothing() -> None:
    [message] = warnings_for("Notice the warmth in your feet.")
    assert "does not allow for noticing nothing" in message
    assert warnings_for("Notice the warmth in your feet.", region=False) == []
    assert warnings_for("Notice your feet, or nothing at all.") == []
    assert warnings_for("Any sensation in your feet, or none.") == []
    # A cue about contact with the floor is an anchor, not a search for sensation.
    assert warnings_for("Notice where your feet meet the floor.") == []


@pytest.mark.parametrize("field", ["say", "summary", "description", "title"])
@pytest.mark.parametrize("claim", ["This heals anxiety", "It cures stress", "A treatment for pain"])
def test_therapeutic_claims(field: str, claim: str) -> None:
    messages = warnings_for(claim, region=False, field=field)
    assert any("therapeutic claim" in m for m in messages)


def test_disclaimer_is_not_a_claim() -> None:
    assert (
        warnings_for("This is not a treatment and not therapy.", region=False, field="description")
        == []
    )
