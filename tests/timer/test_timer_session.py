"""A timer session through the practice flow, with the null output and a fake clock: bells are
where skip and back land, Ground me goes on where the timer was left, and the journal record."""

from __future__ import annotations

from fractions import Fraction

from bodyscan import provider
from bodyscan.audio.bank import SoundBank
from bodyscan.audio.null_output import NullOutput
from bodyscan.audio.timer import TimerMixer
from bodyscan.core.clock import FakeClock
from bodyscan.core.script import Script
from bodyscan.core.session import Listener, Session, State
from bodyscan.core.timeline import TimelineOptions, plan
from bodyscan.core.timer import TimerSpec
from bodyscan.settings import Settings
from bodyscan.timer_practice import TimerPractice

RATE = 48000


def narrated(
    script: Script, options: TimelineOptions, _ambient: object, _voice: object
) -> TimerMixer:
    """The grounding interlude, narrated in full before it plays (real speech, no waiting)."""
    bank = SoundBank(script, provider.narrator(), provider.sound_catalogue(), options)
    return TimerMixer(plan(script, bank.measure(), options), bank)


def run_for(session: Session, clock: FakeClock, seconds: float, step: float = 0.05) -> None:
    for _ in range(round(seconds / step)):
        clock.advance(step)
        session.tick()


def test_skip_back_and_ground_me_in_a_timer() -> None:
    spec = TimerSpec(Fraction(30), Fraction(10), "chime")
    practice = TimerPractice(spec, Settings(), narrated)  # type: ignore[arg-type]
    clock = FakeClock()
    captions: list[str] = []
    grounded: list[bool] = []
    session = Session(
        practice.main_part(),
        NullOutput(clock),
        Listener(
            caption=lambda text, _next: captions.append(text),
            grounding_done=lambda: grounded.append(True),
        ),
        practice.grounding_part,
    )
    assert session.timeline.instruction_starts() == (0, 10 * RATE, 20 * RATE, 30 * RATE)
    session.play()
    run_for(session, clock, 2)
    assert captions[0].startswith("Rest here in your own way.")
    session.skip()  # to the next bell
    assert session.position == 10 * RATE
    run_for(session, clock, 1)
    session.back()  # within 3 s of a bell: the one before
    assert session.position == 0
    session.skip()
    run_for(session, clock, 4)
    left_at = session.position
    assert abs(left_at - 14 * RATE) < RATE // 10  # four seconds after the bell at 10 s
    session.ground()
    assert session.state is State.GROUNDING
    run_for(session, clock, 90)
    assert grounded == [True] and session.awaiting_choice
    session.continue_after_grounding()
    # On where it was left: no bell again, no minutes to sit through twice.
    assert session.state is State.PLAYING and session.position == left_at
    run_for(session, clock, 30)
    assert session.state is State.FINISHED
    record = practice.record(session)
    assert (record.exercise_id, record.kind, record.ending) == ("timer", "timer", "completed")
    assert record.title == "Timer, a bell every 10 seconds"
    assert record.planned_seconds == 32.0  # 30 s and the 2-second chime
    assert record.options == {
        "minutes": 0.5,
        "interval_seconds": 10.0,
        "bell": "chime",
        "ambient": None,
    }
    offer = practice.checkin_offer(record, provider.journal())
    assert offer is not None and offer.session_id == record.id  # as after any practice
