"""The timer's sound: its bells (and background) through the same mixer as an exercise."""

from __future__ import annotations

from collections.abc import Iterator

from bodyscan.audio.bank import SoundBank
from bodyscan.audio.clip import Clip
from bodyscan.audio.mixer import Mixer
from bodyscan.audio.noise import AmbientBed
from bodyscan.core.script import Say, Voice
from bodyscan.core.sounds import SoundCatalogue
from bodyscan.core.timeline import TimelineOptions
from bodyscan.core.timer import TimerSpec, plan_timer, timer_script
from bodyscan.errors import BodyscanError


class _NoVoice:
    """A timer says nothing: its bank never asks for speech."""

    def say_clip(self, step: Say, voice: Voice) -> Clip:
        raise BodyscanError("a timer has no narration")

    def say_pieces(self, step: Say, voice: Voice) -> Iterator[Clip]:
        raise BodyscanError("a timer has no narration")


class TimerMixer(Mixer):
    """A complete renderer from the start (no narration to wait for), with the small parts of
    render-ahead's interface the practice flow and the players use."""

    message: str | None = None  # a timer is never clamped or stretched

    def close(self) -> None:
        """Nothing runs in the background."""


def timer_mixer(
    spec: TimerSpec, catalogue: SoundCatalogue, rate: int, ambient: AmbientBed | None
) -> TimerMixer:
    bank = SoundBank(timer_script(spec), _NoVoice(), catalogue, TimelineOptions(rate=rate))
    timeline = plan_timer(spec, bank.frames(("bell", spec.bell)), rate)
    return TimerMixer(timeline, bank, ambient)
