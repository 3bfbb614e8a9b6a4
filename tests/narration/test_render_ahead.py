"""Render-ahead with the real voice: play starts with the first sentence, the rest is made in
the order it is heard, and a player that catches up waits at a sentence boundary and says so."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from bodyscan import provider
from bodyscan.audio.ahead import RenderAhead
from bodyscan.audio.bank import SoundBank
from bodyscan.audio.null_output import NullOutput
from bodyscan.audio.resample import resampled_length
from bodyscan.core.clock import FakeClock
from bodyscan.core.loader import check_text
from bodyscan.core.script import Script
from bodyscan.core.session import Listener, Part, Session, State
from bodyscan.core.timeline import SoundLengths, TimelineOptions, plan
from bodyscan.narration.cache import NarrationCache
from bodyscan.narration.engine import SpeechEngine
from bodyscan.narration.narrator import Narrator
from tests.narration.conftest import ReadyLoader

RATE = 48000


class GatedEngine:
    """The real voice, but each sentence waits for the test to allow it."""

    def __init__(self, engine: SpeechEngine, allowed: int) -> None:
        self.engine = engine
        self.gate = threading.Semaphore(allowed)
        self.texts: list[str] = []

    @property
    def sample_rate(self) -> int:
        return self.engine.sample_rate

    def allow(self, sentences: int = 1000) -> None:
        for _ in range(sentences):
            self.gate.release()

    def sentences(self, text: str, length_scale: float) -> Iterator[NDArray[np.int16]]:
        self.texts.append(text)
        for sentence in self.engine.sentences(text, length_scale):
            assert self.gate.acquire(timeout=60), "the test never allowed this sentence"
            yield sentence


def script_of(text: str) -> Script:
    result = check_text(text, Path("ahead.yaml"), provider.script_context())
    assert result.script is not None, result.problems
    return result.script


THREE_SENTENCES = """\
title: Ahead
kind: body-scan
bell: false
ambient: none
voice: {sentence_gap: 1s}
steps:
  - say: Notice your feet. Notice your hands. Notice your breath.
    pause: 4s
  - say: Let the shoulders soften.
    pause: 6s
  - say: Rest here a moment.
    pause: 3s
"""


def ahead_for(
    script: Script, engine: SpeechEngine, tmp_path: Path, **options: object
) -> RenderAhead:
    narrator = Narrator(
        None, ReadyLoader(engine), NarrationCache(tmp_path / "cache"), tmp_path / "ids.json"
    )
    timeline_options = TimelineOptions(rate=RATE, **options)  # type: ignore[arg-type]
    bank = SoundBank(script, narrator, provider.sound_catalogue(), timeline_options)
    return RenderAhead(script, bank, timeline_options)


def wait_until(condition: object, timeout: float = 60) -> None:
    ready = threading.Event()

    def poll() -> None:
        while not ready.is_set():
            if condition():  # type: ignore[operator]
                ready.set()
            ready.wait(0.01)

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    assert ready.wait(timeout), "timed out"


def test_first_sentence_is_playable_before_the_step_is_made(
    real_engine: SpeechEngine, tmp_path: Path
) -> None:
    gated = GatedEngine(real_engine, allowed=1)
    ahead = ahead_for(script_of(THREE_SENTENCES), gated, tmp_path)
    assert not ahead.ready()
    ahead.start()
    try:
        wait_until(ahead.ready)
        first = ahead.timeline.events[0]
        made = ahead.bank.frames(("say", 0))
        # One sentence exists (about 1.5 s of speech); the step's estimate is much longer.
        assert 0.5 * RATE < made < 3 * RATE
        assert ahead.ready_until() == first.start + made
        assert ahead.timeline.events[0].speech_end - first.start > made  # still an estimate
    finally:
        gated.allow()
        ahead.close()
        ahead.join(60)


def longest_zero_run(samples: NDArray[np.int16]) -> int:
    padded = np.concatenate(([1], (samples != 0).astype(np.int8), [1]))
    edges = np.flatnonzero(np.diff(padded))
    runs = edges[1::2] - edges[0::2]
    return int(runs.max()) if runs.size else 0


def test_a_player_that_catches_up_waits_at_a_sentence_boundary_and_says_so(
    real_engine: SpeechEngine, tmp_path: Path
) -> None:
    gated = GatedEngine(real_engine, allowed=1)
    script = script_of(THREE_SENTENCES)
    ahead = ahead_for(script, gated, tmp_path)
    clock = FakeClock()
    waits: list[float] = []
    states: list[State] = []
    listener = Listener(state=states.append, waited=waits.append)
    session = Session(Part(ahead), NullOutput(clock), listener)
    try:
        session.play()  # nothing made yet: preparing, in silence
        assert states == [State.PREPARING]
        ahead.start()
        wait_until(ahead.ready)
        session.tick()
        assert states == [State.PREPARING, State.PLAYING]
        for _ in range(50):  # five seconds on the audio clock: past the only sentence made
            clock.advance(0.1)
            session.tick()
        assert waits and waits[-1] > 1.0  # reported, in seconds
        waited = ahead.waited_frames
        gated.allow()
        assert ahead.complete.wait(60)
        while session.state is State.PLAYING:
            clock.advance(0.5)
            session.tick()
        assert session.state is State.FINISHED
    finally:
        ahead.close()
        ahead.join(60)
    # The step as played: the cached speech plus the wait, the wait as one longer silence
    # between the first and second sentences (never inside a word).
    cached = ahead.bank.narrator.cached(script.steps[0].text, script.voice)  # type: ignore[union-attr]
    assert cached is not None
    played = ahead.bank.samples(("say", 0))
    expected = resampled_length(cached.frames, cached.rate, RATE) + waited
    assert abs(played.shape[0] - expected) <= 4  # sentences are resampled one by one
    as_int = np.round(played * 32767).astype(np.int16)
    gap = RATE  # the script's one-second sentence gap
    assert abs(longest_zero_run(as_int) - (gap + waited)) <= RATE * 30 // 1000
    # Everything after the wait moved by exactly the wait.
    lengths = SoundLengths(
        speech={i: ahead.bank.frames(("say", i)) - (waited if i == 0 else 0) for i in range(3)},
        bells={},
    )
    unhurried = plan(script, lengths, TimelineOptions(rate=RATE))
    assert ahead.timeline.frames == unhurried.frames + waited
    for moved, planned in zip(ahead.timeline.events[1:], unhurried.events[1:], strict=True):
        assert moved.start == planned.start + waited


STRETCHY = """\
title: Stretchy
kind: body-scan
bell: false
ambient: none
steps:
  - say: Arrive. Let the body be as it is.
    pause: 10s
  - say: Notice the feet on the floor, the weight of the legs, the breath moving.
    pause: 20s
  - say: Let everything be as it is for a while.
    pause: 20s
  - say: Come back slowly.
    pause: 5s
    stretch: false
"""


def test_a_chosen_length_is_kept_exactly_while_estimates_are_corrected(
    real_engine: SpeechEngine, tmp_path: Path
) -> None:
    gated = GatedEngine(real_engine, allowed=1)
    ahead = ahead_for(script_of(STRETCHY), gated, tmp_path, target_seconds=Fraction(90))
    ahead.start()
    try:
        wait_until(ahead.ready)
        played = ahead.ready_until()
        ahead.render(0, played)  # the first sentence has been heard
        before = ahead.timeline.events[0]
        gated.allow()
        assert ahead.complete.wait(60)
    finally:
        ahead.close()
        ahead.join(60)
    timeline = ahead.timeline
    assert ahead.waited_frames == 0
    assert timeline.frames == 90 * RATE  # exact to the frame, with real lengths now
    assert timeline.events[0].start == before.start
    assert timeline.events[0].stretched == before.stretched  # what was reached did not move
    # The rest really was re-planned: speech lengths are the real ones.
    for event in timeline.events:
        assert event.speech_end - event.start == ahead.bank.frames(("say", event.step))


ORDERED = """\
title: Ordered
kind: breathwork
bell: false
ambient: none
steps:
  - say: First, the feet.
    region: feet
    pause: 2s
  - say: Now the left hand.
    region: left-hand
    pause: 2s
  - breathe: {in: 2, out: 2, cycles: 1, cue: voice}
  - say: Last, the breath.
    pause: 2s
"""


def test_sounds_are_made_in_the_order_they_are_heard(
    real_engine: SpeechEngine, tmp_path: Path
) -> None:
    gated = GatedEngine(real_engine, allowed=1000)
    ahead = ahead_for(script_of(ORDERED), gated, tmp_path, skip_regions=frozenset({"left-hand"}))
    ahead.start()
    assert ahead.complete.wait(60)
    ahead.join(60)
    assert (
        gated.texts
        == [
            "First, the feet.",
            "Now the left hand.",  # left out, but its length keeps the timing
            "Rest your attention on your feet on the floor.",
            "Breathe in.",
            "Breathe out.",
            "Last, the breath.",
            "Hold.",  # in the words set, never heard in this block: made last
        ][: len(gated.texts)]
    )
    assert len(gated.texts) >= 6


def test_without_a_voice_it_plays_chimes_at_once(tmp_path: Path) -> None:
    from bodyscan.narration.engine import EngineLoader, VoiceFiles

    files = VoiceFiles.from_model(tmp_path / "gone.onnx")
    narrator = Narrator(
        files, EngineLoader(files), NarrationCache(tmp_path / "c"), tmp_path / "i.json"
    )
    script = script_of(THREE_SENTENCES)
    options = TimelineOptions(rate=RATE)
    ahead = RenderAhead(
        script, SoundBank(script, narrator, provider.sound_catalogue(), options), options
    )
    ahead.start()
    assert ahead.complete.wait(60)
    ahead.join(60)
    assert ahead.ready() and ahead.waited_frames == 0
    notice = narrator.take_notice()
    assert notice is not None and "voice file not found" in notice.short
    audio = ahead.render(0, ahead.timeline.frames)
    assert np.abs(audio[: RATE // 2].astype(int)).max() > 1000  # the first chime


@pytest.fixture(autouse=True)
def _no_leftover_threads() -> Iterator[None]:
    yield
    names = [t.name for t in threading.enumerate()]
    assert "render-ahead" not in names
