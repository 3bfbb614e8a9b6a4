"""One practice flow for the terminal and the window: from an exercise, the person's choices and
settings to a running session, its journal record and whether to offer the check-in.

Qt-free. `bodyscan play`, `export`, `narrate` and the desktop window all go through here, so
they honour the same settings (voice, speed, background sound, bells, left-out areas) unless a
command-line flag says otherwise, and make the same narration for the same settings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bodyscan.continuing import (
    CONTINUE_AFTER_SECONDS,
    check_can_continue,
    kept_choices,
    saved_choices,
    saved_voice,
)
from bodyscan.core import regions
from bodyscan.core.choices import Picked, has_holds, settle, unoffered
from bodyscan.core.durations import format_seconds
from bodyscan.core.grounding import grounding_script
from bodyscan.core.script import Script
from bodyscan.core.session import Part, Session, State
from bodyscan.core.timeline import DEFAULT_RATE, TimelineOptions, instruction_at
from bodyscan.errors import BodyscanError
from bodyscan.journal.model import SessionRecord, ending_of, now, play_options
from bodyscan.settings import Settings, with_recent

if TYPE_CHECKING:
    from bodyscan.audio.ahead import RenderAhead
    from bodyscan.core.timeline import Timeline

# Makes the live renderer of a script: (script, options, ambient name or None for the script's
# own, voice model path or None for the bundled voice).
RendererFactory = Callable[["Script", TimelineOptions, "str | None", "Path | None"], "RenderAhead"]


@dataclass(frozen=True)
class Choices:
    """What the person chose for one session (before starting, or as command-line flags)."""

    minutes: Fraction | None = None  # None: the exercise's own length
    ambient: str | None = None  # None: the exercise's choice
    ambient_level: float = 0.6
    bell: bool = True
    left_out: tuple[str, ...] = ()
    connection_before: int | None = None  # asked when the exercise's check-in wants it
    eyes: str | None = None  # None: the exercise's default (SCRIPT_FORMAT.md, Choices)
    anchor: str | None = None
    holds: bool = True


@dataclass(frozen=True)
class Overrides:
    """Command-line flags; None leaves the setting as the person chose it in the app."""

    minutes: Fraction | None = None
    ambient: str | None = None
    no_bell: bool = False
    left_out: Sequence[str] | None = None
    eyes: str | None = None
    anchor: str | None = None
    no_holds: bool = False


def choices_from(
    settings: Settings, overrides: Overrides | None = None, script: Script | None = None
) -> Choices:
    """The settings' choices, with any flag taking precedence. With the script, its eyes,
    anchor and holds are those last chosen for it (where it still offers them), unless a flag
    asks for others; a flag asking for what the script does not offer is an error."""
    flags = overrides or Overrides()
    left_out = tuple(flags.left_out) if flags.left_out else settings.left_out
    unknown = [name for name in left_out if not regions.is_region_name(name)]
    if unknown:
        raise BodyscanError(
            f"unknown region '{unknown[0]}'", "Run `bodyscan regions` to see the names."
        )
    chosen = Choices(
        minutes=flags.minutes,
        ambient=flags.ambient if flags.ambient is not None else (settings.ambient or None),
        ambient_level=settings.ambient_level,
        bell=settings.bells and not flags.no_bell,
        left_out=left_out,
    )
    if script is None:
        return chosen
    problem = unoffered(script, flags.eyes, flags.anchor)
    if problem is not None:
        raise BodyscanError(
            problem + ".",
            "Leave the flag out for the exercise's own wording, or choose one it offers.",
        )
    last = last_picks(settings, script)
    return replace(
        chosen,
        eyes=flags.eyes or last.eyes,
        anchor=flags.anchor or last.anchor,
        holds=False if flags.no_holds else last.holds,
    )


def last_picks(settings: Settings, script: Script) -> Picked:
    """The eyes, anchor and holds last chosen for this exercise, where it still offers them
    (else its defaults)."""
    saved = settings.exercise_choices.get(script.id, {})
    picked = settle(script.choices, saved.get("eyes"), saved.get("anchor"))
    holds = bool(saved.get("holds", True)) or not has_holds(script)
    return replace(picked, holds=holds)


def timeline_options(choices: Choices, rate: int = DEFAULT_RATE) -> TimelineOptions:
    return TimelineOptions(
        rate=rate,
        target_seconds=None if choices.minutes is None else choices.minutes * 60,
        bell=choices.bell,
        skip_regions=frozenset(regions.expand(list(choices.left_out))),
        eyes=choices.eyes,
        anchor=choices.anchor,
        holds=choices.holds,
    )


def voiced(script: Script, settings: Settings) -> Script:
    """The script as it is spoken: the person's speaking speed multiplies the script's own."""
    if settings.speed == 1.0:
        return script
    speed = script.voice.speed * settings.speed
    return replace(script, voice=replace(script.voice, speed=speed))


def voice_model(settings: Settings) -> Path | None:
    """The Piper voice chosen in Settings, or None for the bundled one."""
    return Path(settings.voice_model).expanduser() if settings.voice_model else None


def remembered(settings: Settings, script: Script, choices: Choices) -> Settings:
    """The settings after starting: the choices that carry over to the next session, and the
    exercise's cautions as read."""
    acknowledged = settings.acknowledged
    if script.cautions and script.id not in acknowledged:
        acknowledged = (*acknowledged, script.id)
    picked = settle(script.choices, choices.eyes, choices.anchor, choices.holds)
    kept: dict[str, str | bool] = {
        name: value
        for name, value in (("eyes", picked.eyes), ("anchor", picked.anchor))
        if value is not None
    }
    if has_holds(script):
        kept["holds"] = picked.holds
    by_exercise = dict(settings.exercise_choices)
    if kept:
        by_exercise[script.id] = kept
    return with_recent(settings, script.id).with_changes(
        left_out=choices.left_out,
        ambient_level=choices.ambient_level,
        acknowledged=acknowledged,
        exercise_choices=by_exercise,
    )


def continuing(
    record: SessionRecord, script: Script, settings: Settings
) -> tuple[Choices, Settings]:
    """The choices and settings (voice, speed) of the stopped session `record` continues."""
    check_can_continue(record, script)
    defaults = Choices()
    choices = replace(defaults, **saved_choices(record, defaults))  # type: ignore[arg-type]
    return choices, saved_voice(record, settings)


class JournalReader(Protocol):
    def last_how_was_that(self) -> str | None: ...


@dataclass(frozen=True)
class CheckinOffer:
    """What the check-in after a session needs to know."""

    script: Script
    session_id: str
    connection_before: int | None
    too_much_last_time: bool


@dataclass
class Practice:
    """One session of an exercise: its renderers (the exercise and any grounding interlude),
    its journal record and the check-in offer. The caller owns the output and the session."""

    script: Script  # as written; `spoken` is what is played
    choices: Choices
    settings: Settings
    make_renderer: RendererFactory
    rate: int = DEFAULT_RATE
    started_at: datetime = field(default_factory=now)
    renderers: list[RenderAhead] = field(default_factory=list)
    continues: SessionRecord | None = None  # the stopped session this one continues
    start_seconds: Fraction | None = None  # `play --start-at`: begin at the instruction then

    @property
    def spoken(self) -> Script:
        return voiced(self.script, self.settings)

    @property
    def options(self) -> TimelineOptions:
        return timeline_options(self.choices, self.rate)

    def main_part(self) -> Part:
        """The exercise's renderer, already making its narration in the background."""
        renderer = self.make_renderer(
            self.spoken, self.options, self.choices.ambient, voice_model(self.settings)
        )
        renderer.ambient_level = self.choices.ambient_level
        self.renderers.append(renderer)
        self.started_at = now()
        set_level = lambda level: setattr(renderer, "ambient_level", level)  # noqa: E731
        if self.continues is not None and self.continues.resume_step is not None:
            renderer.start_step = self.continues.resume_step
        elif self.start_seconds is not None:
            renderer.start_at = self._start_frame(renderer.timeline)
        else:
            return Part(renderer, set_level)
        # Playing begins at that instruction once everything before it is made, so the plan
        # before it no longer moves.
        return Part(renderer, set_level, start=renderer.start_frame)

    def _start_frame(self, timeline: Timeline) -> int:
        assert self.start_seconds is not None
        frame = round(self.start_seconds * timeline.rate)
        if frame >= timeline.frames:  # planned with estimates: "about"
            raise BodyscanError(
                f"--start-at {format_seconds(self.start_seconds)} is past the end of "
                f"{self.script.title}, which is about {format_seconds(timeline.seconds)} long",
                "Choose an earlier time, or leave --start-at out.",
            )
        return frame

    def grounding_part(self) -> Part:
        """The sixty-second grounding interlude, in the same voice, with no background."""
        interlude = self.make_renderer(
            voiced(grounding_script(), self.settings),
            TimelineOptions(rate=self.rate),
            "none",
            voice_model(self.settings),
        )
        self.renderers.append(interlude)
        return Part(interlude)

    def close(self) -> None:
        for renderer in self.renderers:
            renderer.close()

    def record(self, session: Session) -> SessionRecord:
        """The journal's record of what was really played (partial sessions count)."""
        choices = self.choices
        timeline = session.main.timeline
        reached = session.exercise_position
        played = max(0, reached - session.started_from) / timeline.rate
        earlier = self.continues
        if earlier is not None:  # one entry, whose practised time grows
            played += earlier.played_seconds
        ending = ending_of(session.state is State.FINISHED, session.ended_by_grounding)
        resume_step = None
        if ending == "stopped" and played > CONTINUE_AFTER_SECONDS:
            event = instruction_at(timeline, reached)
            resume_step = None if event is None else event.step
            if earlier is not None and reached == session.started_from == 0:
                resume_step = earlier.resume_step  # stopped before playing on: still there
        options = play_options(
            None if choices.minutes is None else float(choices.minutes),
            choices.ambient,
            choices.bell,
            choices.left_out,
        )
        return SessionRecord(
            exercise_id=self.script.id,
            title=self.script.title,
            kind=self.script.kind,
            started_at=self.started_at if earlier is None else earlier.started_at,
            ended_at=now(),
            planned_seconds=timeline.seconds,
            played_seconds=played,
            ending=ending,
            options={**options, **self._picks()},
            resume_step=resume_step,
            resume_choices={} if resume_step is None else kept_choices(choices, self.settings),
            **({} if earlier is None else {"id": earlier.id}),
        )

    def _picks(self) -> dict[str, str | bool]:
        """The eyes, anchor and holds played, for the journal: only those the exercise offers."""
        picked = self.options.picked(self.script)
        kept: dict[str, str | bool] = {
            name: value
            for name, value in (("eyes", picked.eyes), ("anchor", picked.anchor))
            if value is not None
        }
        if has_holds(self.script):
            kept["holds"] = picked.holds
        return kept

    def checkin_offer(self, record: SessionRecord, journal: JournalReader) -> CheckinOffer | None:
        """The check-in to offer after the session, or None when the exercise asks nothing."""
        if not self.script.checkin.ask:
            return None
        return CheckinOffer(
            self.script,
            record.id,
            self.choices.connection_before,
            journal.last_how_was_that() == "too-much",
        )
