"""Bundled exercises follow DOMAIN.md: clean, invitational, tagged, cautious, ending in the room."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bodyscan import provider
from bodyscan.core.breaks import QUICK_BREAK_IDS
from bodyscan.core.estimate import length_range, split_length
from bodyscan.core.loader import check_file
from bodyscan.core.script import Breathe
from tests.conftest import REPO

PATHS = sorted((REPO / "scripts").glob("*.yaml"))
# "back" is left out: it is mostly "coming back".
BODY_WORDS = re.compile(
    r"\b(feet|foot|toes|legs?|thighs?|knees?|hips?|seat|belly|chest|hands?|fingers|arms?|"
    r"shoulders?|neck|throat|jaw|face|head|scalp|forearms?|calf|calves|shins?|ankle|pelvis)\b",
    re.I,
)
SENSING = re.compile(
    r"\b(warmth|tingling|sensations?|pressure|heaviness|tightness|nothing at all)\b", re.I
)


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_validates_without_warnings(path: Path) -> None:
    result = check_file(path)
    assert result.problems == ()
    script = result.script
    assert script is not None and script.id == path.stem
    assert script.length is not None and script.summary and script.description
    low, high = length_range(script)
    assert low <= split_length(script).nominal <= high
    if script.kind == "breathwork":
        cautions = " ".join(script.cautions).lower()
        assert "driving" in cautions and "water" in cautions and "dizzy" in cautions
    if any(isinstance(step, Breathe) and (step.hold or step.hold_out) for step in script.steps):
        assert script.cautions
    last_words = " ".join(s.text for s in script.says[-2:]).lower()
    assert re.search(r"room|eyes|look|carry on|day", last_words), "should close by orienting"
    for say in script.says:
        # A sensing cue names a body part and a sensation; such a step must carry its regions.
        if BODY_WORDS.search(say.text) and SENSING.search(say.text):
            assert say.regions, f"region cue without a region tag: {say.text!r}"


def test_all_starters_present() -> None:
    ids = {e.id for e in provider.library().scan()}
    assert len(ids) == 9 and len(PATHS) == 9
    assert set(QUICK_BREAK_IDS) <= ids  # the tray's quick breaks


def test_lengths_match_titles() -> None:
    exercises = {e.id: e.script for e in provider.library().scan() if e.script}
    minutes = {key: float(split_length(s).nominal) / 60 for key, s in exercises.items()}
    assert 2.5 <= minutes["body-scan-3"] <= 4
    assert 10 <= minutes["body-scan-12"] <= 14
    assert 22 <= minutes["body-scan-25"] <= 28
    assert 4 <= minutes["box-breathing"] <= 6
    assert 1 <= minutes["feet-and-hands"] <= 2
    assert 1.5 <= minutes["grounding-54321"] <= 3.5
    assert 4 <= minutes["slow-movement"] <= 6
    assert 1.5 <= minutes["breathing-break"] <= 3
