"""Plan a session: every event with its exact start and end frame.

Pure and deterministic. Sound lengths (speech, bells) come in as frame counts at the session
rate; stretchable pauses share one factor (see `stretch`), and their frames are cut by rounding
*cumulative* positions, so the total is exact to the frame and every event start moves
monotonically with the chosen length.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from bodyscan.core.choices import Picked, anchor_cue, choices_json, played_steps, settle
from bodyscan.core.script import DEFAULT_STRETCH_RANGE, Bell, Breathe, Pause, Say, Script
from bodyscan.core.stretch import StretchPlan, plan_stretch

EventType = Literal["bell", "say", "pause", "breathe"]
PhaseName = Literal["in", "hold", "out", "hold_out"]

# Short on purpose: it takes the place of an instruction for that instruction's time, so it
# must fit inside nearly any of them (the rest of the time is silence to rest in). This is the
# cue with the default anchor; `choices.anchor_cue` names the person's own.
ANCHOR_TEXT = anchor_cue(Picked())
DEFAULT_RATE = 48000


@dataclass(frozen=True)
class TimelineOptions:
    rate: int = DEFAULT_RATE
    target_seconds: Fraction | None = None
    bell: bool = True
    skip_regions: frozenset[str] = frozenset()
    # The person's choices (SCRIPT_FORMAT.md, Choices); None: the script's default.
    eyes: str | None = None
    anchor: str | None = None
    holds: bool = True

    def picked(self, script: Script) -> Picked:
        return settle(script.choices, self.eyes, self.anchor, self.holds)


@dataclass(frozen=True)
class SoundLengths:
    """Frames, at the session rate, of the sounds the plan depends on."""

    speech: Mapping[int, int]  # say step index -> frames of its narration or recording
    bells: Mapping[str, int]  # bell name -> frames
    anchor: int = 0  # the anchor cue that replaces skipped instructions


@dataclass(frozen=True)
class Phase:
    phase: PhaseName
    start: int
    end: int
    cycle: int


@dataclass(frozen=True)
class Event:
    index: int
    type: EventType
    start: int
    end: int
    step: int | None = None  # 0-based index into the script's steps; None for session bells
    speech_end: int | None = None  # say: where the voice ends and the pause begins
    text: str = ""
    regions: tuple[str, ...] = ()
    sound: str | None = None  # bell name
    anchor: bool = False  # a skipped instruction, replaced by the anchor cue
    cue: str | None = None  # breathe: voice, tone or silent
    phases: tuple[Phase, ...] = ()
    stretched: int = 0  # frames of stretchable pause in this event (after its sound)


@dataclass(frozen=True)
class Timeline:
    rate: int
    frames: int
    events: tuple[Event, ...]
    factor: Fraction
    message: str | None = None
    exercise: str = ""
    # A timer (core.timer): its bells are where skip and back land, and after Ground me it
    # goes on where it was left, as there is no instruction to hear again.
    unguided: bool = False
    picked: Picked = field(default_factory=Picked)

    @property
    def seconds(self) -> float:
        return self.frames / self.rate

    def instruction_starts(self) -> tuple[int, ...]:
        """Frames where instructions begin: where skip and back land."""
        kinds = ("bell",) if self.unguided else ("say", "breathe")
        return tuple(e.start for e in self.events if e.type in kinds)


@dataclass
class _Draft:
    type: EventType
    fixed: int  # frames that never stretch (sound, breathing, fixed pauses)
    stretch: Fraction = Fraction(0)  # stretchable pause, in (fractional) frames
    fixed_pause: int = 0
    step: int | None = None
    text: str = ""
    regions: tuple[str, ...] = ()
    sound: str | None = None
    anchor: bool = False
    breathe: Breathe | None = None


def is_skipped(step: Say, skip_regions: frozenset[str]) -> bool:
    """A region instruction is skipped when it touches a region the user leaves out.

    Whole-body instructions stay: they are about the body as a whole, not one place.
    """
    return bool(skip_regions & set(step.region_ids)) and "whole-body" not in step.regions


def _pause(seconds: Fraction, stretchable: bool, rate: int) -> tuple[Fraction, int]:
    frames = seconds * rate
    return (frames, 0) if stretchable else (Fraction(0), _round(frames))


def _round(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def _drafts(script: Script, lengths: SoundLengths, options: TimelineOptions) -> list[_Draft]:
    rate = options.rate
    drafts: list[_Draft] = []
    session_bell = script.bell if options.bell else None
    if session_bell is not None:
        drafts.append(_Draft("bell", lengths.bells[session_bell], sound=session_bell))
    picked = options.picked(script)
    # Steps left out by `when` take no time: they make no event at all.
    for index, step in played_steps(script, picked):
        if isinstance(step, Say):
            anchor = is_skipped(step, options.skip_regions)
            speech = lengths.speech[index]
            if anchor:
                speech = max(speech, lengths.anchor)
            stretch, fixed_pause = _pause(step.pause, step.stretch, rate)
            drafts.append(
                _Draft(
                    "say",
                    speech,
                    stretch,
                    fixed_pause,
                    index,
                    anchor_cue(picked) if anchor else step.text,
                    () if anchor else step.regions,
                    anchor=anchor,
                )
            )
        elif isinstance(step, Bell):
            stretch, fixed_pause = _pause(step.pause, step.stretch, rate)
            drafts.append(
                _Draft(
                    "bell", lengths.bells[step.name], stretch, fixed_pause, index, sound=step.name
                )
            )
        elif isinstance(step, Pause):
            stretch, fixed_pause = _pause(step.seconds, step.stretch, rate)
            drafts.append(_Draft("pause", 0, stretch, fixed_pause, index))
        elif isinstance(step, Breathe):
            drafts.append(_Draft("breathe", _round(step.seconds * rate), step=index, breathe=step))
    if session_bell is not None:
        drafts.append(_Draft("bell", lengths.bells[session_bell], sound=session_bell))
    return drafts


def _phases(block: Breathe, start: int, rate: int) -> tuple[Phase, ...]:
    phases: list[Phase] = []
    elapsed = Fraction(0)
    previous = start
    names: tuple[tuple[PhaseName, Fraction], ...] = (
        ("in", block.inhale),
        ("hold", block.hold),
        ("out", block.exhale),
        ("hold_out", block.hold_out),
    )
    for cycle in range(block.cycles):
        for name, seconds in names:
            if seconds == 0:
                continue
            elapsed += seconds
            end = start + _round(elapsed * rate)
            phases.append(Phase(name, previous, end, cycle))
            previous = end
    return tuple(phases)


def plan(script: Script, lengths: SoundLengths, options: TimelineOptions | None = None) -> Timeline:
    options = options or TimelineOptions()
    rate = options.rate
    drafts = _drafts(script, lengths, options)
    fixed = sum(d.fixed + d.fixed_pause for d in drafts)
    stretchable = sum((d.stretch for d in drafts), Fraction(0))
    target = None if options.target_seconds is None else _round(options.target_seconds * rate)
    stretch: StretchPlan = plan_stretch(fixed, stretchable, target, script.length, rate)
    events = _place(drafts, _stretch(drafts, stretch.factor), rate)
    frames = events[-1].end if events else 0
    assert frames == stretch.total_frames, (frames, stretch.total_frames)
    return Timeline(
        rate,
        frames,
        events,
        stretch.factor,
        stretch.message,
        script.id,
        picked=options.picked(script),
    )


def replan(
    script: Script,
    lengths: SoundLengths,
    options: TimelineOptions,
    previous: Timeline,
    *,
    keep: int,
    target_frames: int | None,
) -> Timeline:
    """Plan again with better sound lengths, for narration that arrives while playing.

    The first `keep` events keep their stretched pauses, so nothing already played moves (their
    starts move only if a sound before them grew, which the caller makes sure has not been
    played yet). With a target, the later stretchable pauses share a new factor, so the session
    still ends on time; without one they keep the factor and the session ends when it ends.
    """
    rate = options.rate
    drafts = _drafts(script, lengths, options)
    keep = min(keep, len(drafts), len(previous.events))
    kept = [event.stretched for event in previous.events[:keep]]
    later = drafts[keep:]
    factor = previous.factor
    stretchable = sum((d.stretch for d in later), Fraction(0))
    if target_frames is not None and stretchable > 0:
        used = sum(d.fixed + d.fixed_pause for d in drafts) + sum(kept)
        low = min(previous.factor, DEFAULT_STRETCH_RANGE[0])
        factor = max(low, Fraction(target_frames - used) / stretchable)
    events = _place(drafts, kept + _stretch(later, factor), rate)
    frames = events[-1].end if events else 0
    return Timeline(
        rate, frames, events, factor, previous.message, script.id, picked=previous.picked
    )


def _stretch(drafts: list[_Draft], factor: Fraction) -> list[int]:
    """Each draft's stretched pause in whole frames, cut from cumulative positions."""
    result: list[int] = []
    cumulative = Fraction(0)
    placed = 0
    for draft in drafts:
        cumulative += draft.stretch
        stretched = _round(cumulative * factor) - placed
        placed += stretched
        result.append(stretched)
    return result


def _place(drafts: list[_Draft], stretched: list[int], rate: int) -> tuple[Event, ...]:
    events: list[Event] = []
    position = 0
    for index, (draft, rest) in enumerate(zip(drafts, stretched, strict=True)):
        start = position
        sound_end = start + draft.fixed
        end = sound_end + draft.fixed_pause + rest
        if draft.type == "say":
            event = Event(
                index,
                "say",
                start,
                end,
                draft.step,
                sound_end,
                draft.text,
                draft.regions,
                anchor=draft.anchor,
                stretched=rest,
            )
        elif draft.type == "breathe":
            assert draft.breathe is not None
            event = Event(
                index,
                "breathe",
                start,
                end,
                draft.step,
                cue=draft.breathe.cue,
                phases=_phases(draft.breathe, start, rate),
            )
        else:
            event = Event(
                index, draft.type, start, end, draft.step, sound=draft.sound, stretched=rest
            )
        events.append(event)
        position = end
    return tuple(events)


def to_json(timeline: Timeline, channels: int = 2) -> dict[str, object]:
    """The export's `--timeline` document (DESIGN.md): times in seconds from the start."""
    rate = timeline.rate

    def seconds(frame: int) -> float:
        return round(frame / rate, 6)

    events: list[dict[str, object]] = []
    for event in timeline.events:
        item: dict[str, object] = {
            "index": event.index,
            "type": event.type,
            "start": seconds(event.start),
            "end": seconds(event.end),
        }
        if event.step is not None:
            item["step"] = event.step
        if event.type == "say":
            item["speech_end"] = seconds(event.speech_end or event.start)
            item["text"] = event.text
            item["regions"] = list(event.regions)
            if event.anchor:
                item["anchor"] = True
        elif event.type == "bell":
            item["bell"] = event.sound
        elif event.type == "breathe":
            item["cue"] = event.cue
            item["phases"] = [
                {
                    "phase": p.phase,
                    "start": seconds(p.start),
                    "end": seconds(p.end),
                    "cycle": p.cycle,
                }
                for p in event.phases
            ]
        events.append(item)
    return {
        "exercise": timeline.exercise,
        "sample_rate": rate,
        "channels": channels,
        "frames": timeline.frames,
        "seconds": seconds(timeline.frames),
        "choices": choices_json(timeline.picked),
        "events": events,
    }


def from_offset(timeline: Timeline, offset: int) -> Timeline:
    """The plan as heard when playing starts `offset` frames in (`export --start-at`): events
    that ended before it are left out, the one playing then starts at 0 (cut where the offset
    falls), and every later time moves earlier by the offset. Events keep their index and
    step, so they still name the same parts of the exercise."""
    if not 0 <= offset <= timeline.frames:
        raise ValueError(f"offset {offset} is outside 0..{timeline.frames}")

    def moved(frame: int) -> int:
        return max(0, frame - offset)

    events = tuple(
        dataclasses.replace(
            event,
            start=moved(event.start),
            end=moved(event.end),
            speech_end=None if event.speech_end is None else moved(event.speech_end),
            phases=tuple(
                dataclasses.replace(phase, start=moved(phase.start), end=moved(phase.end))
                for phase in event.phases
                if phase.end > offset
            ),
        )
        for event in timeline.events
        if event.end > offset
    )
    return dataclasses.replace(timeline, frames=timeline.frames - offset, events=events)


def instruction_at(timeline: Timeline, frame: int) -> Event | None:
    """The instruction (spoken or breathing) playing at `frame`, or the first step when none
    has begun yet: where continuing from that point starts."""
    found: Event | None = None
    for event in timeline.events:
        if event.start > frame:
            break
        if event.type in ("say", "breathe"):
            found = event
    if found is None:
        found = next((event for event in timeline.events if event.step is not None), None)
    return found


def event_of_step(timeline: Timeline, step: int) -> Event | None:
    return next((event for event in timeline.events if event.step == step), None)
