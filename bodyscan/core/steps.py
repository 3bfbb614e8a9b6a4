"""Read the `steps` list of a script: say, pause, bell and breathe steps."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

from bodyscan.core import regions
from bodyscan.core.choice_fields import check_anchor_text, read_when
from bodyscan.core.durations import MAX_SECONDS, format_seconds
from bodyscan.core.fields import (
    closest,
    did_you_mean,
    read_bool,
    read_choice,
    read_duration,
    read_mapping,
    read_text,
    read_whole_number,
)
from bodyscan.core.problems import Problems
from bodyscan.core.recordings import RecordingProbe, check_recording
from bodyscan.core.script import CUES, Bell, Breathe, Cue, Offered, Pause, Say, Step
from bodyscan.core.sounds import DEFAULT_BELL, SoundCatalogue
from bodyscan.core.yamlnodes import Located, MappingPairs, SequenceItems

ACTIONS = ("say", "pause", "bell", "breathe")
STEP_KEYS = ("say", "pause", "bell", "breathe", "region", "audio", "stretch", "when")
# A pause beside say or bell is the silence after it, not an action of its own. Any step may
# carry `when:` (SCRIPT_FORMAT.md, Choices).
ALLOWED_WITH = {
    "say": ("say", "pause", "region", "audio", "stretch", "when"),
    "bell": ("bell", "pause", "stretch", "when"),
    "breathe": ("breathe", "when"),
    "pause": ("pause", "stretch", "when"),
}
BREATHE_KEYS = ("in", "hold", "out", "hold_out", "cycles", "duration", "cue")
MAX_PHASE = Fraction(20)
MIN_PHASE = Fraction(1, 2)  # shorter is not a breath: SCRIPT_FORMAT.md says 0.5-20 s
CAUTION_HOLD = Fraction(7)


def read_bell(
    node: Located, problems: Problems, sounds: SoundCatalogue, *, allow_off: bool
) -> str | None:
    """A bell name; `true` is the default bell; `false` (top level only) means no bell."""
    value = node.value
    if value is True:
        return DEFAULT_BELL
    if value is False and allow_off:
        return None
    if not isinstance(value, str):
        expected = "true, false or a bell name" if allow_off else "a bell name or true"
        problems.error(node, f"bell must be {expected}")
        return None
    if value not in sounds.bells:
        hint = did_you_mean(value, sounds.bells)
        problems.error(node, f"unknown bell '{value}'{hint} (see `bodyscan sounds`)")
        return None
    return value


class StepReader:
    def __init__(
        self,
        path: Path,
        problems: Problems,
        sounds: SoundCatalogue,
        shared_audio: tuple[Path, ...],
        *,
        has_cautions: bool,
        probe: RecordingProbe | None = None,
        offered: Offered | None = None,
    ) -> None:
        self.path = path
        self.problems = problems
        self.sounds = sounds
        self.shared_audio = shared_audio
        self.has_cautions = has_cautions
        self.probe = probe
        self.offered = offered or Offered()

    def read_steps(self, node: Located) -> tuple[Step, ...] | None:
        if not isinstance(node.value, SequenceItems):
            self.problems.error(node, "steps must be a list of steps, each starting with '- '")
            return None
        if not node.value:
            self.problems.error(node, "steps is empty; an exercise needs at least one step")
            return None
        steps = [self._step(item) for item in node.value]
        return tuple(step for step in steps if step is not None)

    def _step(self, node: Located) -> Step | None:
        p = self.problems
        fields = read_mapping(node, STEP_KEYS, p, "a step", suggest_from=STEP_KEYS)
        if fields is None:
            return None
        present = [a for a in ACTIONS if a in fields]
        acting = [a for a in present if a != "pause"] or present
        if not acting:
            if not _typo_of_action(node):
                p.error(node, "this step has no action; give it one of: say, pause, bell, breathe")
            return None
        if len(acting) > 1 or (acting[0] == "breathe" and "pause" in fields):
            listed = ", ".join(repr(name) for name in present)
            p.error(
                node,
                f"a step has one action, this one has {listed}; put each in its own step",
            )
            return None
        action = acting[0]
        for name, (key, _) in fields.items():
            if name not in ALLOWED_WITH[action]:
                p.error(key, f"'{name}' does not apply to a {action} step")
        value = {name: pair[1] for name, pair in fields.items()}
        when = read_when(value["when"], self.offered, p) if "when" in value else ()
        stretch = True
        if "stretch" in value:
            stretch = read_bool(value["stretch"], p, "stretch") is not False
        pause = Fraction(0)
        if "pause" in value:
            pause = read_duration(value["pause"], p, "pause") or Fraction(0)
        if action == "pause":
            return Pause(seconds=pause, stretch=stretch, when=when, line=node.line)
        if action == "bell":
            bell = read_bell(value["bell"], p, self.sounds, allow_off=False)
            if bell is None:
                return None
            return Bell(name=bell, pause=pause, stretch=stretch, when=when, line=node.line)
        if action == "breathe":
            block = self._breathe(value["breathe"], node.line)
            return replace(block, when=when) if block is not None else None
        text = read_text(value["say"], p, "say", max_len=2000)
        check_anchor_text(value["say"], self.offered, p)
        names: tuple[str, ...] = ()
        ids: tuple[str, ...] = ()
        if "region" in value:
            names, ids = self._regions(value["region"])
        audio = None
        if "audio" in value:
            audio = check_recording(value["audio"], self.path, self.shared_audio, p, self.probe)
        if text is None:
            return None
        return Say(
            text=text,
            pause=pause,
            regions=names,
            region_ids=ids,
            audio=audio,
            stretch=stretch,
            when=when,
            line=node.line,
        )

    def _regions(self, node: Located) -> tuple[tuple[str, ...], tuple[str, ...]]:
        items = list(node.value) if isinstance(node.value, SequenceItems) else [node]
        names: list[str] = []
        for item in items:
            name = item.value
            if not isinstance(name, str):
                self.problems.error(
                    item, "a region must be a region id or group name such as 'left-hand' or 'feet'"
                )
            elif not regions.is_region_name(name):
                self.problems.error(
                    item,
                    f"unknown region '{name}'{did_you_mean(name, regions.all_region_names())} "
                    "(see `bodyscan regions`)",
                )
            else:
                names.append(name)
        return tuple(names), regions.expand(names)

    def _breathe(self, node: Located, line: int) -> Breathe | None:
        p = self.problems
        fields = read_mapping(node, BREATHE_KEYS, p, "breathe")
        if fields is None:
            return None
        value = {name: pair[1] for name, pair in fields.items()}
        phases: dict[str, Fraction] = {}
        for name in ("in", "hold", "out", "hold_out"):
            if name not in value:
                if name in ("in", "out"):
                    p.error(node, f"breathe needs '{name}' (seconds breathing {name})")
                continue
            seconds = read_duration(value[name], p, f"breathe.{name}")
            if seconds is None:
                continue
            if seconds > MAX_PHASE:
                p.error(
                    value[name],
                    f"breathe.{name} is {float(seconds):g} s; each phase may last at most 20 s",
                )
                continue
            if name in ("in", "out") and seconds < MIN_PHASE:
                p.error(
                    value[name],
                    f"breathe.{name} is {float(seconds):g} s; breathing {name} lasts "
                    "from 0.5 s to 20 s",
                )
                continue
            if 0 < seconds < MIN_PHASE:
                p.error(
                    value[name],
                    f"breathe.{name} is {float(seconds):g} s; a hold is 0 (none) "
                    "or from 0.5 s to 20 s",
                )
                continue
            if name.startswith("hold") and seconds > CAUTION_HOLD and not self.has_cautions:
                p.warning(
                    value[name],
                    f"a hold of {float(seconds):g} s is longer than 7 s; "
                    "add a 'cautions' entry for it",
                )
            phases[name] = seconds
        cue: Cue = "tone"
        if "cue" in value:
            chosen = read_choice(value["cue"], p, "cue", CUES)
            cue = "voice" if chosen == "voice" else "silent" if chosen == "silent" else "tone"
        if "cycles" in value and "duration" in value:
            p.error(value["duration"], "give either 'cycles' or 'duration', not both")
            return None
        if "cycles" not in value and "duration" not in value:
            p.error(node, "say how long to breathe: 'cycles' (how many breaths) or 'duration'")
            return None
        if "in" not in phases or "out" not in phases:
            return None
        cycle = (
            phases["in"]
            + phases.get("hold", Fraction(0))
            + phases["out"]
            + phases.get("hold_out", Fraction(0))
        )
        duration = None
        if "cycles" in value:
            cycles = read_whole_number(value["cycles"], p, "cycles", low=1)
            where = value["cycles"]
        else:
            duration = read_duration(value["duration"], p, "breathe.duration")
            where = value["duration"]
            cycles = None if duration is None else max(1, int(duration // cycle))
            if duration is not None and duration < cycle:
                p.warning(
                    where,
                    f"duration {format_seconds(duration)} is shorter than one cycle "
                    f"({float(cycle):g} s); the block will hold one cycle",
                )
        if cycles is None:
            return None
        if cycle * cycles > MAX_SECONDS:
            p.error(where, "this breathing block would last over 4 hours")
            return None
        return Breathe(
            inhale=phases["in"],
            exhale=phases["out"],
            hold=phases.get("hold", Fraction(0)),
            hold_out=phases.get("hold_out", Fraction(0)),
            cycles=cycles,
            duration=duration,
            cue=cue,
            line=line,
        )


def _typo_of_action(node: Located) -> bool:
    """True when an unknown key in the step was already reported as a likely action typo."""
    if not isinstance(node.value, MappingPairs):
        return False
    for key, _ in node.value:
        if (
            isinstance(key.value, str)
            and key.value not in STEP_KEYS
            and closest(key.value, ACTIONS)
        ):
            return True
    return False
