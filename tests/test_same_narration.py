"""`play`, `export`, `narrate` and the window speak the same narration for the same settings:
each is run on its own empty cache and the cache's clips (named by their key: text, voice,
speed, gap) must be the same set. Real voice, real commands, the real window's collaborators."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from bodyscan import provider
from tests.pulse import PulseServer

EXERCISE = """\
title: Two lines
kind: grounding
checkin: {ask: []}
steps:
  - say: Notice your feet.
    pause: 1s
  - say: Notice your hands, or nothing at all.
    pause: 1s
  - breathe: {in: 4, out: 4, cycles: 1, cue: voice}
"""


WITH_REGIONS = EXERCISE.replace(
    "    pause: 1s\n  - say: Notice your hands",
    "    region: feet\n    pause: 1s\n  - say: Notice your hands",
).replace("nothing at all.\n    pause: 1s", "nothing at all.\n    region: hands\n    pause: 1s")


def clips(home: Path) -> set[str]:
    folder = home / "cache" / "narration"
    return {str(p.relative_to(folder)) for p in folder.rglob("*.wav")}


def fresh_cache(home: Path) -> None:
    shutil.rmtree(home / "cache" / "narration", ignore_errors=True)


def command(home: Path, *words: str) -> None:
    env = {**os.environ, "BODYSCAN_HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-m", "bodyscan", *words],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_every_client_makes_the_same_narration(
    *,
    qtbot: QtBot,
    bodyscan_home: Path,
    user_exercises: Path,
    tmp_path: Path,
    pulse_server: PulseServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A real sound device (a null sink), so the window plays as on a desktop.
    monkeypatch.setenv("PULSE_SERVER", f"unix:{pulse_server.socket}")
    (user_exercises / "two-lines.yaml").write_text(EXERCISE)
    # Not the defaults: a slower voice is what the app would have saved.
    (bodyscan_home / "settings.json").write_text(
        json.dumps({"version": 1, "first_run_done": True, "speed": 0.8, "ambient": "none"})
    )
    made: dict[str, set[str]] = {}
    command(bodyscan_home, "narrate", "two-lines")
    made["narrate"] = clips(bodyscan_home)
    fresh_cache(bodyscan_home)
    command(bodyscan_home, "export", "two-lines", "-o", str(tmp_path / "out.wav"))
    made["export"] = clips(bodyscan_home)
    fresh_cache(bodyscan_home)
    command(bodyscan_home, "play", "two-lines", "--output", "null")
    made["play"] = clips(bodyscan_home)
    fresh_cache(bodyscan_home)

    from bodyscan.ui.app import build_window

    window = build_window()
    qtbot.addWidget(window)
    exercise = provider.library().find("two-lines")
    window.prepare(exercise)
    window.start(window.setup_page.choices())
    practice = window.practice
    assert practice is not None
    qtbot.waitUntil(practice.renderers[0].complete.is_set, timeout=120000)
    window.shutdown()
    made["window"] = clips(bodyscan_home)

    assert len(made["narrate"]) == 2 + 3  # two instructions, and the breath words in/hold/out
    assert made["export"] == made["play"] == made["window"] == made["narrate"]


def test_a_flag_still_wins_over_the_settings(
    bodyscan_home: Path, user_exercises: Path, tmp_path: Path
) -> None:
    (user_exercises / "two-lines.yaml").write_text(WITH_REGIONS)
    (bodyscan_home / "settings.json").write_text(
        json.dumps({"version": 1, "first_run_done": True, "left_out": ["feet"], "bells": False})
    )
    timeline = tmp_path / "plan.json"
    command(
        bodyscan_home,
        "export",
        "two-lines",
        "-o",
        str(tmp_path / "a.wav"),
        "--timeline",
        str(timeline),
    )
    texts = [e.get("text") for e in json.loads(timeline.read_text())["events"]]
    assert "Notice your feet." not in texts  # left out as the settings say
    assert not any(e["type"] == "bell" for e in json.loads(timeline.read_text())["events"])
    command(
        bodyscan_home,
        "export",
        "two-lines",
        "-o",
        str(tmp_path / "b.wav"),
        "--timeline",
        str(timeline),
        "--leave-out",
        "hands",
    )
    texts = [e.get("text") for e in json.loads(timeline.read_text())["events"]]
    assert "Notice your feet." in texts and "Notice your hands, or nothing at all." not in texts


CHOOSING = """\
title: Two choices
kind: grounding
checkin: {ask: []}
choices: {eyes: [closed, open], anchor: [feet, hands]}
steps:
  - say: Let your eyes close.
    when: {eyes: closed}
  - say: Let your gaze rest low.
    when: {eyes: open}
  - say: Come back to {anchor}.
    pause: 1s
  - say: Your hands, or nothing at all.
    region: hands
    pause: 1s
"""


def test_choices_make_the_same_narration_everywhere(
    *,
    qtbot: QtBot,
    bodyscan_home: Path,
    user_exercises: Path,
    tmp_path: Path,
    pulse_server: PulseServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Eyes open, the hands as anchor and the hands left out: what is synthesised is the
    spoken text with the anchor's phrase (and the anchor cue with it), the same for a flag, a
    remembered choice and the window; `narrate` makes every anchor's words."""
    monkeypatch.setenv("PULSE_SERVER", f"unix:{pulse_server.socket}")
    (user_exercises / "two-choices.yaml").write_text(CHOOSING)
    (bodyscan_home / "settings.json").write_text(
        json.dumps(
            {
                "version": 1,
                "first_run_done": True,
                "ambient": "none",
                "left_out": ["hands"],
                "exercise_choices": {"two-choices": {"eyes": "open", "anchor": "hands"}},
            }
        )
    )
    made: dict[str, set[str]] = {}
    command(bodyscan_home, "narrate", "two-choices")
    made["narrate"] = clips(bodyscan_home)
    fresh_cache(bodyscan_home)
    command(bodyscan_home, "export", "two-choices", "-o", str(tmp_path / "out.wav"))  # remembered
    made["export"] = clips(bodyscan_home)
    fresh_cache(bodyscan_home)
    command(
        bodyscan_home,
        "play",
        "two-choices",
        "--output",
        "null",
        "--eyes",
        "open",
        "--anchor",
        "hands",
    )
    made["play"] = clips(bodyscan_home)
    fresh_cache(bodyscan_home)
    # The flag wins over the remembered choice: other words, other clips.
    command(
        bodyscan_home, "export", "two-choices", "-o", str(tmp_path / "b.wav"), "--eyes", "closed"
    )
    made["closed"] = clips(bodyscan_home)
    fresh_cache(bodyscan_home)

    from bodyscan.ui.app import build_window

    window = build_window()
    qtbot.addWidget(window)
    window.prepare(provider.library().find("two-choices"))
    chosen = window.setup_page.choices()
    assert (chosen.eyes, chosen.anchor) == ("open", "hands")  # as remembered
    window.start(chosen)
    practice = window.practice
    assert practice is not None
    qtbot.waitUntil(practice.renderers[0].complete.is_set, timeout=120000)
    window.shutdown()
    made["window"] = clips(bodyscan_home)

    # The open-eyes line, "Come back to your hands.", the left-out hands line (its length
    # keeps the timing) and "Rest your attention on your hands.".
    assert len(made["export"]) == 4
    assert made["export"] == made["play"] == made["window"]
    assert len(made["closed"]) == 4 and made["closed"] != made["export"]
    # Both eyes lines, "Come back to" with each anchor, the hands line, the cue with each anchor.
    assert len(made["narrate"]) == 7
    assert made["export"] | made["closed"] <= made["narrate"]
