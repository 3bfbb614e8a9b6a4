"""A timer session through the one practice flow: the same session, Ground me, journal record
and check-in offer as an exercise, with the timer's bells as the sound.

Qt-free, like `bodyscan.practice`; the terminal (`bodyscan timer`) and the Timer page use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from bodyscan.core.session import Part, Session
from bodyscan.core.sounds import NO_AMBIENT
from bodyscan.core.timeline import DEFAULT_RATE
from bodyscan.core.timer import TIMER_KIND, TimerSpec, timer_script
from bodyscan.journal.model import SessionRecord, now
from bodyscan.practice import Choices, Practice, RendererFactory
from bodyscan.settings import Settings

if TYPE_CHECKING:
    from bodyscan.audio.timer import TimerMixer

# Makes the timer's renderer: (spec, rate); raises BodyscanError for unknown sounds.
TimerFactory = Callable[[TimerSpec, int], "TimerMixer"]


def _provided_timer(spec: TimerSpec, rate: int) -> TimerMixer:
    from bodyscan import provider  # noqa: PLC0415 - the audio stack loads when a timer starts

    return provider.timer_renderer(spec, rate)


class TimerPractice(Practice):
    """`make_renderer` is still the narrating one: Ground me speaks its interlude."""

    def __init__(
        self,
        spec: TimerSpec,
        settings: Settings,
        make_renderer: RendererFactory,
        make_timer: TimerFactory | None = None,
        rate: int = DEFAULT_RATE,
    ) -> None:
        choices = Choices(ambient=spec.ambient, ambient_level=settings.ambient_level, bell=True)
        super().__init__(timer_script(spec), choices, settings, make_renderer, rate)
        self.timer = spec
        self.make_timer = make_timer or _provided_timer

    def main_part(self) -> Part:
        renderer = self.make_timer(self.timer, self.rate)
        renderer.ambient_level = self.choices.ambient_level
        self.started_at = now()
        return Part(renderer, lambda level: setattr(renderer, "ambient_level", level))

    def record(self, session: Session) -> SessionRecord:
        return replace(super().record(session), kind=TIMER_KIND, options=timer_options(self.timer))


def timer_options(spec: TimerSpec) -> dict[str, object]:
    """What the journal keeps of a timer's choices."""
    return {
        "minutes": float(spec.duration / 60),
        "interval_seconds": None if spec.interval is None else float(spec.interval),
        "bell": spec.bell,
        "ambient": None if spec.ambient == NO_AMBIENT else spec.ambient,
    }
