"""The person's choices for one session (SCRIPT_FORMAT.md, Choices): eyes open or closed, an
anchor to come back to, and whether the breathing holds are kept.

Pure. The timeline, the sound bank and the narration all ask this module which steps play and
what they say, so what is heard, what is shown as a caption and what is cached always agree.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, replace
from fractions import Fraction

from bodyscan.core.script import Breathe, Offered, Say, Script, Step

EYES = ("open", "closed")
ANCHORS = ("feet", "hands", "sounds", "seat", "breath")
CHOICE_VALUES: dict[str, tuple[str, ...]] = {"eyes": EYES, "anchor": ANCHORS}
ANCHOR_PHRASES = {
    "feet": "your feet on the floor",
    "hands": "your hands",
    "sounds": "the sounds around you",
    "seat": "the support under you",
    "breath": "your breathing",
}
# Where a script offers no anchor choice, the left-out cue still names a safe, neutral place.
DEFAULT_ANCHOR = "feet"
ANCHOR_FIELD = "{anchor}"


@dataclass(frozen=True)
class Picked:
    """What one session plays: a value for each choice the script offers (None for a choice it
    does not offer), and whether the breathing holds are kept."""

    eyes: str | None = None
    anchor: str | None = None
    holds: bool = True


def settle(
    offered: Offered, eyes: str | None = None, anchor: str | None = None, holds: bool = True
) -> Picked:
    """The picks as they apply to a script: a value it offers as asked, anything else (None,
    or a value it does not offer) its default; None for a choice it does not offer."""
    return Picked(_pick(offered.eyes, eyes), _pick(offered.anchor, anchor), holds)


def _pick(values: tuple[str, ...], wanted: str | None) -> str | None:
    if not values:
        return None
    return wanted if wanted in values else values[0]


def unoffered(script: Script, eyes: str | None, anchor: str | None) -> str | None:
    """Why an eyes or anchor choice asked for is not one this exercise offers (a sentence), or
    None. Leaving the holds out is always possible: without holds there is nothing to leave."""
    for name, wanted, values in (
        ("eyes", eyes, script.choices.eyes),
        ("anchor", anchor, script.choices.anchor),
    ):
        if wanted is None:
            continue
        if not values:
            return f"{script.title} offers no {name} choice, so --{name} cannot be used with it"
        if wanted not in values:
            offered = ", ".join(values)
            return f"{script.title} offers {name} {offered}, not '{wanted}'"
    return None


def has_holds(script: Script) -> bool:
    """A breathing block with a hold: the person may leave the holds out."""
    return any(isinstance(step, Breathe) and step.has_holds for step in script.steps)


def plays(step: Step, picked: Picked) -> bool:
    """The step's `when:` (if any) matches the picks."""
    for name, values in step.when:
        value = picked.eyes if name == "eyes" else picked.anchor
        if value not in values:
            return False
    return True


def anchor_phrase(picked: Picked) -> str:
    return ANCHOR_PHRASES[picked.anchor or DEFAULT_ANCHOR]


def with_anchor(text: str, picked: Picked) -> str:
    """`{anchor}` in a say text becomes the chosen anchor's phrase; other braces stay."""
    return text.replace(ANCHOR_FIELD, anchor_phrase(picked))


def anchor_cue(picked: Picked) -> str:
    """What is said in place of an instruction about a body area the person leaves out."""
    return f"Rest your attention on {anchor_phrase(picked)}."


def without_holds(block: Breathe) -> Breathe:
    """The block with every hold at 0 s: `cycles` keeps its count, `duration` fits as many
    whole hold-free cycles as it allows (at least one)."""
    if not block.has_holds:
        return block
    cycles = block.cycles
    if block.duration is not None:
        cycles = max(1, int(block.duration // (block.inhale + block.exhale)))
    return replace(block, hold=Fraction(0), hold_out=Fraction(0), cycles=cycles)


def as_played(step: Step, picked: Picked) -> Step:
    """The step as it plays: say text with the anchor's phrase, holds left out if so chosen."""
    if isinstance(step, Say) and ANCHOR_FIELD in step.text:
        return replace(step, text=with_anchor(step.text, picked))
    if isinstance(step, Breathe) and not picked.holds:
        return without_holds(step)
    return step


def played_steps(script: Script, picked: Picked) -> Iterator[tuple[int, Step]]:
    """Each step that plays for the picks, with its index in `steps`, as it plays."""
    for index, step in enumerate(script.steps):
        if plays(step, picked):
            yield index, as_played(step, picked)


def every_pick(offered: Offered) -> Iterator[Picked]:
    """Every combination of the offered values (holds kept)."""
    for eyes, anchor in itertools.product(offered.eyes or (None,), offered.anchor or (None,)):
        yield Picked(eyes, anchor)


def choices_json(picked: Picked) -> dict[str, object]:
    """The export timeline's `choices` (null for a choice the script does not offer)."""
    return {"eyes": picked.eyes, "anchor": picked.anchor, "holds": picked.holds}
