"""Eyes, anchor and holds through the one practice flow: flags over the choices remembered for
the exercise, what it does not offer refused in words, and the journal's record of what played."""

from __future__ import annotations

from pathlib import Path

import pytest

from bodyscan import provider
from bodyscan.core.clock import FakeClock
from bodyscan.core.loader import check_text, load_script
from bodyscan.core.script import Script
from bodyscan.core.session import State
from bodyscan.errors import BodyscanError
from bodyscan.practice import Choices, Overrides, choices_from, remembered, timeline_options
from bodyscan.settings import Settings, SettingsStore
from tests.test_practice import make_practice, play

CHOOSING = """\
title: Choosing
kind: breathwork
cautions: [Sit down.]
choices: {eyes: [closed, open], anchor: [feet, hands]}
steps:
  - say: Come back to {anchor}.
  - breathe: {in: 2, hold: 1, out: 2, cycles: 1}
"""


def choosing(name: str = "choosing") -> Script:
    script = check_text(CHOOSING, Path(f"{name}.yaml")).script
    assert script is not None
    return script


def test_flags_win_over_the_choices_remembered_for_the_exercise(tmp_path: Path) -> None:
    script = choosing()
    assert choices_from(Settings(), script=script) == Choices(
        eyes="closed", anchor="feet", holds=True
    )
    picked = Choices(eyes="open", anchor="hands", holds=False)
    kept = remembered(Settings(), script, picked)
    assert kept.exercise_choices == {
        "choosing": {"eyes": "open", "anchor": "hands", "holds": False}
    }
    store = SettingsStore(tmp_path / "settings.json")
    store.save(kept)
    again = store.load()
    assert choices_from(again, script=script) == picked
    assert choices_from(again, script=choosing("other")) == Choices(
        eyes="closed", anchor="feet", holds=True
    )
    flags = Overrides(eyes="closed", anchor="feet")
    assert choices_from(again, flags, script) == Choices(eyes="closed", anchor="feet", holds=False)
    options = timeline_options(choices_from(again, Overrides(no_holds=True), script))
    assert (options.eyes, options.anchor, options.holds) == ("open", "hands", False)


def test_a_choice_not_offered_is_a_clear_error(recorded_exercise: Path) -> None:
    with pytest.raises(BodyscanError, match=r"Choosing offers anchor feet, hands, not 'seat'\."):
        choices_from(Settings(), Overrides(anchor="seat"), choosing())
    plain = load_script(recorded_exercise, provider.script_context())
    with pytest.raises(BodyscanError, match="Known recordings offers no eyes choice"):
        choices_from(Settings(), Overrides(eyes="open"), plain)
    # Holds can always be left out; here there are some.
    assert choices_from(Settings(), Overrides(no_holds=True), plain).holds is False


def test_a_damaged_remembered_choice_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        '{"version": 1, "exercise_choices": {"choosing": {"eyes": "sideways", "anchor": "hands",'
        ' "holds": "no"}, "other": [1], "3": {"anchor": 7}}}'
    )
    settings = SettingsStore(path).load()
    assert settings.exercise_choices == {"choosing": {"anchor": "hands"}}


def test_the_journal_keeps_what_was_chosen(recorded_exercise: Path) -> None:
    folder = recorded_exercise.parent
    (folder / "choosing.yaml").write_text(
        CHOOSING.replace("Come back to {anchor}.", "Come back to {anchor}.\n    audio: a.wav")
    )
    script = load_script(folder / "choosing.yaml", provider.script_context())
    choices = Choices(ambient="none", bell=False, anchor="hands", holds=False)
    practice = make_practice(script, choices, Settings())
    session = play(practice, FakeClock(), 60)
    practice.close()
    assert session.state is State.FINISHED
    assert session.timeline.events[0].text == "Come back to your hands."
    record = practice.record(session)
    assert record.options == {
        "minutes": None,
        "ambient": "none",
        "bell": False,
        "left_out": [],
        "eyes": "closed",
        "anchor": "hands",
        "holds": False,
    }
    journal = provider.journal()
    journal.record_session(record)
    [entry] = journal.entries()
    assert entry.session.options == record.options
