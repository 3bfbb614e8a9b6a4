"""The editable exercise model (no Qt): round trips, YAML written to the format, problems placed
on fields, bundled exercises copied before editing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bodyscan import provider
from bodyscan.authoring import DraftError, ExerciseDraft, Target, copy_for_editing, place_problems
from bodyscan.core.loader import check_text
from bodyscan.paths import bundled_scripts_dir


@pytest.mark.parametrize("path", sorted(bundled_scripts_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_every_bundled_exercise_reads_and_writes_back_byte_for_byte(path: Path) -> None:
    text = path.read_text()
    assert ExerciseDraft.from_text(text).to_text() == text


def test_choices_and_when_are_written_as_the_format_shows_them() -> None:
    """SCRIPT_FORMAT.md, Choices: `choices` holds lists (the first the default); `when` maps a
    choice to one value or a list."""
    draft = ExerciseDraft.new()
    draft.set("title", "Eyes and anchors")
    draft.set_choice("eyes", ["closed", "open"])
    draft.set_choice("anchor", ["feet", "hands", "sounds"])
    for kind in ("say", "say", "say"):
        draft.add_step(kind)
    draft.step(0).set("say", "Let your eyes close, or let your gaze rest low on the floor.")
    draft.step(0).set("pause", None)
    draft.step(0).set_when("eyes", ["closed"])
    draft.step(1).set("say", "Let your gaze rest on something still in front of you.")
    draft.step(1).set("pause", None)
    draft.step(1).set_when("eyes", ["open"])
    draft.step(2).set("say", "Come back to {anchor}, whenever you like.")
    draft.step(2).set("pause", "10s")
    draft.step(2).set_when("anchor", ["feet", "hands"])
    assert draft.to_text() == (
        "title: Eyes and anchors\n"
        "kind: body-scan\n"
        "choices:\n"
        "  eyes: [closed, open]\n"
        "  anchor: [feet, hands, sounds]\n"
        "steps:\n"
        "  - say: Let your eyes close, or let your gaze rest low on the floor.\n"
        "    when: {eyes: closed}\n"
        "  - say: Let your gaze rest on something still in front of you.\n"
        "    when: {eyes: open}\n"
        "  - say: Come back to {anchor}, whenever you like.\n"
        "    pause: 10s\n"
        "    when: {anchor: [feet, hands]}\n"
    )
    # Clearing them takes the keys away again.
    draft.step(2).set_when("anchor", [])
    draft.set_choice("anchor", [])
    draft.set_choice("eyes", [])
    assert "choices" not in draft.to_text() and "anchor: [" not in draft.to_text()


def test_new_keys_go_where_the_format_puts_them_and_old_ones_stay() -> None:
    draft = ExerciseDraft.from_text("steps:\n  - pause: 5s\nkind: grounding\n")
    draft.set("title", "Late title")
    draft.set("summary", "One line.")
    draft.step(0).set("stretch", False)
    assert draft.to_text() == (
        "title: Late title\n"
        "summary: One line.\n"
        "steps:\n"
        "  - pause: 5s\n"
        "    stretch: false\n"
        "kind: grounding\n"
    )


def test_problems_land_on_the_field_or_step_they_are_about() -> None:
    text = (
        "title: Fine\n"
        "kind: grounding\n"
        "length: {min: 5m, max: 1m}\n"
        "steps:\n"
        "  - say: Feet, or nothing.\n"
        "    pause: 20x\n"
        "  - breathe: {in: 4, out: 99, cycles: 2}\n"
        "  - pasue: 3s\n"
    )
    result = check_text(text, Path("fine.yaml"), provider.script_context())
    placed = {
        target: [p.message for p in problems]
        for target, problems in place_problems(text, result.problems).items()
    }
    assert any("length.max" in m for m in placed[Target(None, "length.max")])
    assert any("20x" in m for m in placed[Target(0, "pause")])
    assert any("out" in m for m in placed[Target(1, "breathe.out")])
    assert any("did you mean 'pause'" in m for m in placed[Target(2, "pasue")])
    missing = check_text("kind: grounding\nsteps: [{pause: 1}]\n", Path("x.yaml"))
    assert Target(None, "title") in place_problems(
        "kind: grounding\nsteps: [{pause: 1}]\n", missing.problems
    )


def test_text_that_is_not_an_exercise_is_refused_with_words() -> None:
    with pytest.raises(DraftError, match="not valid YAML"):
        ExerciseDraft.from_text("title: [unclosed\n")
    with pytest.raises(DraftError, match="not a YAML mapping"):
        ExerciseDraft.from_text("- just a list\n")
    with pytest.raises(DraftError, match="steps are not a list"):
        ExerciseDraft.from_text("title: T\nkind: grounding\nsteps: 5\n")


def test_a_bundled_exercise_is_copied_and_a_users_own_is_edited_in_place(
    user_exercises: Path, tmp_path: Path
) -> None:
    bundled = bundled_scripts_dir() / "body-scan-3.yaml"
    before = bundled.read_bytes()
    copy = copy_for_editing(bundled, user_exercises)
    assert copy == user_exercises / "body-scan-3.yaml"
    assert copy.read_bytes() == before
    assert copy_for_editing(bundled, user_exercises) == user_exercises / "body-scan-3-2.yaml"
    assert copy_for_editing(copy, user_exercises) == copy
    assert bundled.read_bytes() == before

    elsewhere = tmp_path / "shared"
    (elsewhere / "rec").mkdir(parents=True)
    (elsewhere / "rec" / "a.wav").write_bytes(b"RIFF....WAVE")
    (elsewhere / "mine.yaml").write_text(
        "title: Mine\nkind: grounding\nsteps:\n  - say: Hi, or nothing.\n    audio: rec/a.wav\n"
    )
    copied = copy_for_editing(elsewhere / "mine.yaml", user_exercises)
    assert (user_exercises / "rec" / "a.wav").read_bytes() == b"RIFF....WAVE"
    assert copied.read_text() == (elsewhere / "mine.yaml").read_text()
