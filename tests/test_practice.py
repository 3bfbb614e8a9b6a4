"""The one practice flow (Qt-free): settings and flags to choices, the session's renderers,
its journal record and the check-in offer, with real renderers, the null output and a real
journal."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from bodyscan import provider
from bodyscan.audio.null_output import NullOutput
from bodyscan.core.clock import FakeClock
from bodyscan.core.loader import load_script
from bodyscan.core.script import Script
from bodyscan.core.session import Session, State
from bodyscan.errors import BodyscanError
from bodyscan.journal.model import CheckIn
from bodyscan.practice import (
    Choices,
    Overrides,
    Practice,
    choices_from,
    remembered,
    timeline_options,
    voice_model,
    voiced,
)
from bodyscan.settings import Settings


def settings(**changes: object) -> Settings:
    return Settings().with_changes(**changes)


def test_settings_are_the_choices_unless_a_flag_says_otherwise() -> None:
    chosen = settings(ambient="brown-noise", bells=True, left_out=("chest",), ambient_level=0.3)
    assert choices_from(chosen) == Choices(
        ambient="brown-noise", ambient_level=0.3, bell=True, left_out=("chest",)
    )
    flags = Overrides(minutes=Fraction(5), ambient="none", no_bell=True, left_out=["hands"])
    assert choices_from(chosen, flags) == Choices(
        minutes=Fraction(5), ambient="none", ambient_level=0.3, bell=False, left_out=("hands",)
    )
    assert choices_from(settings(bells=False), Overrides()).bell is False
    assert choices_from(settings(ambient="")).ambient is None  # the exercise's own


def test_an_unknown_area_is_a_clear_error() -> None:
    with pytest.raises(BodyscanError, match="unknown region 'elbow'"):
        choices_from(settings(), Overrides(left_out=["elbow"]))


def test_timeline_options_from_choices() -> None:
    options = timeline_options(Choices(minutes=Fraction(3, 2), bell=False, left_out=("hands",)))
    assert options.target_seconds == 90 and options.bell is False
    assert options.skip_regions == {"left-hand", "right-hand"}
    assert timeline_options(Choices()).target_seconds is None


def test_the_speaking_speed_multiplies_the_scripts_own(recorded_exercise: Path) -> None:
    script = load_script(recorded_exercise, provider.script_context())
    assert voiced(script, settings()) is script
    faster = voiced(script, settings(speed=1.5))
    assert faster.voice.speed == pytest.approx(script.voice.speed * 1.5)
    assert voice_model(settings()) is None
    assert voice_model(settings(voice_model="~/voices/x.onnx")) == Path.home() / "voices/x.onnx"


def test_starting_remembers_areas_level_and_cautions_read() -> None:
    script = provider.library().load("box-breathing")
    assert script.cautions
    after = remembered(settings(), script, Choices(ambient_level=0.2, left_out=("belly",)))
    assert after.acknowledged == ("box-breathing",) and after.left_out == ("belly",)
    assert after.ambient_level == 0.2
    assert remembered(after, script, Choices()).acknowledged == ("box-breathing",)  # once


def play(practice: Practice, clock: FakeClock, seconds: float) -> Session:
    session = Session(practice.main_part(), NullOutput(clock), grounding=practice.grounding_part)
    practice.renderers[0].complete.wait(60)
    session.play()
    for _ in range(int(seconds / 0.05)):
        clock.advance(0.05)
        session.tick()
        if session.state in (State.FINISHED, State.STOPPED):
            break
    return session


def make_practice(script: Script, choices: Choices, chosen: Settings) -> Practice:
    narrator = provider.narrator()

    def make_renderer(script, options, ambient, _voice):  # type: ignore[no-untyped-def]
        return provider.render_ahead(script, options, ambient, narrator)

    return Practice(script, choices, chosen, make_renderer)


def test_a_whole_session_is_recorded_with_its_choices(recorded_exercise: Path) -> None:
    script = load_script(recorded_exercise, provider.script_context())
    choices = Choices(ambient="none", bell=False, left_out=("chest",), connection_before=4)
    practice = make_practice(script, choices, settings())
    session = play(practice, FakeClock(), 120)
    practice.close()
    assert session.state is State.FINISHED
    record = practice.record(session)
    assert record.ending == "completed" and record.exercise_id == script.id
    assert record.played_seconds == pytest.approx(record.planned_seconds)
    assert record.options == {
        "minutes": None,
        "ambient": "none",
        "bell": False,
        "left_out": ["chest"],
        "holds": True,  # it has holds, and they were kept
    }
    journal = provider.journal()
    journal.record_session(record)
    offer = practice.checkin_offer(record, journal)
    assert offer is not None and offer.session_id == record.id
    assert offer.connection_before == 4 and offer.too_much_last_time is False


def test_a_stopped_session_counts_what_was_played(recorded_exercise: Path) -> None:
    script = load_script(recorded_exercise, provider.script_context())
    practice = make_practice(script, Choices(), settings())
    clock = FakeClock()
    session = play(practice, clock, 3)
    session.stop()
    practice.close()
    record = practice.record(session)
    assert record.ending == "stopped"
    assert 2.5 < record.played_seconds < 3.5 < record.planned_seconds


def test_too_much_last_time_is_offered_the_gentle_follow_up(recorded_exercise: Path) -> None:
    script = load_script(recorded_exercise, provider.script_context())
    journal = provider.journal()
    first = make_practice(script, Choices(), settings())
    session = play(first, FakeClock(), 2)
    session.stop()
    first.close()
    record = first.record(session)
    journal.record_session(record)
    journal.save_checkin(CheckIn(record.id, "nothing", how_was_that="too-much"))
    offer = first.checkin_offer(record, journal)
    assert offer is not None and offer.too_much_last_time is True


def test_an_exercise_that_asks_nothing_offers_no_check_in(tmp_path: Path) -> None:
    path = tmp_path / "quiet.yaml"
    path.write_text("title: Q\nkind: grounding\ncheckin: {ask: []}\nsteps:\n  - pause: 1s\n")
    script = load_script(path, provider.script_context())
    practice = make_practice(script, Choices(bell=False), settings())
    session = play(practice, FakeClock(), 5)
    practice.close()
    assert session.state is State.FINISHED
    assert practice.checkin_offer(practice.record(session), provider.journal()) is None
