"""Valid scripts become the right model; every documented default and rule holds."""

from __future__ import annotations

import wave
from fractions import Fraction
from pathlib import Path

import pytest

from bodyscan.core.loader import ScriptContext, check_text, load_script
from bodyscan.core.script import Bell, Breathe, Pause, Say
from bodyscan.core.sounds import SoundCatalogue
from bodyscan.errors import ScriptError
from tests.conftest import MINIMAL

SPEC_EXAMPLE = """\
title: Three-minute body scan
kind: body-scan
summary: A short seated scan, eyes open or closed.
length: {min: 2m, max: 6m}
checkin: {ask: [body]}
steps:
  - say: Welcome. Sit in a way that feels steady. Eyes can stay open or close, whichever feels better.
    pause: 3s
  - say: Notice where your body meets the chair and the floor.
    region: [seat, feet]
    pause: 8s
  - breathe: {in: 4, out: 6, cycles: 2, cue: voice}
  - say: Bring your attention to your hands. Warmth, tingling, stillness, or nothing at all. All of it is fine.
    region: hands
    pause: 12s
"""


def check(text: str, path: Path = Path("ex.yaml")):  # type: ignore[no-untyped-def]
    return check_text(text, path)


def test_spec_example_is_valid_and_clean() -> None:
    result = check(SPEC_EXAMPLE)
    assert result.problems == ()
    script = result.script
    assert script is not None
    assert script.id == "ex"
    assert script.kind == "body-scan"
    assert script.length is not None
    assert (script.length.min, script.length.max) == (120, 360)
    assert script.bell == "soft"
    assert script.ambient is None
    assert script.checkin.ask == ("body",)
    first, second, breathe, hands = script.steps
    assert isinstance(first, Say) and first.pause == 3 and first.regions == ()
    assert isinstance(second, Say)
    assert second.region_ids == ("seat", "left-foot", "right-foot")
    assert isinstance(breathe, Breathe)
    assert (breathe.inhale, breathe.exhale, breathe.cycles, breathe.cue) == (4, 6, 2, "voice")
    assert breathe.seconds == 20
    assert isinstance(hands, Say) and hands.region_ids == ("left-hand", "right-hand")


def test_defaults() -> None:
    script = check("title: T\nkind: movement\nsteps:\n  - pause: 1\n").script
    assert script is not None
    assert script.format == 1
    assert script.language == "en"
    assert script.voice.speed == 1.0 and script.voice.sentence_gap == Fraction(4, 5)
    assert script.bell == "soft" and script.ambient is None
    assert script.checkin.ask == ("body",) and script.checkin.prompt is None
    assert script.steps == (Pause(seconds=Fraction(1), stretch=True, line=4),)


def test_model_is_frozen() -> None:
    script = check(MINIMAL).script
    assert script is not None
    with pytest.raises(AttributeError):
        script.title = "changed"  # type: ignore[misc]


def test_every_top_level_key() -> None:
    text = """\
format: 1
id: my-own
title: Everything
kind: breathwork
summary: One line.
description: Longer.
language: en-GB
author: Someone
license: CC0-1.0
tags: [seated, short]
cautions: [Stop if dizzy.]
length: {min: 1m, max: 3m}
voice: {speed: 0.9, sentence_gap: 1.2s}
ambient: brown-noise
bell: chime
checkin: {ask: [body, connection], prompt: "Where did you notice something?"}
steps:
  - bell: true
    pause: 2s
    stretch: false
  - pause: 30s
  - breathe: {in: 4, hold: 8, out: 6, hold_out: 2, duration: 1m, cue: silent}
"""
    result = check(text)
    assert result.problems == ()
    script = result.script
    assert script is not None
    assert script.id == "my-own" and script.language == "en-GB"
    assert script.tags == ("seated", "short") and script.cautions == ("Stop if dizzy.",)
    assert script.voice.speed == 0.9 and script.voice.sentence_gap == Fraction(6, 5)
    assert script.ambient == "brown-noise" and script.bell == "chime"
    assert script.checkin.ask == ("body", "connection")
    bell, pause, breathe = script.steps
    assert bell == Bell(name="soft", pause=Fraction(2), stretch=False, line=18)
    assert pause == Pause(seconds=Fraction(30), line=21)
    assert isinstance(breathe, Breathe)
    assert breathe.cycle_seconds == 20 and breathe.cycles == 3 and breathe.duration == 60


def test_breathe_duration_holds_whole_cycles_and_at_least_one() -> None:
    script = check(
        "title: T\nkind: breathwork\nsteps:\n  - breathe: {in: 4, out: 6, duration: 35s}\n"
    ).script
    assert script is not None and isinstance(script.steps[0], Breathe)
    assert script.steps[0].cycles == 3
    result = check(
        "title: T\nkind: breathwork\nsteps:\n  - breathe: {in: 4, out: 6, duration: 5s}\n"
    )
    assert result.script is not None and isinstance(result.script.steps[0], Breathe)
    assert result.script.steps[0].cycles == 1
    assert any("shorter than one cycle" in p.message for p in result.problems)


def test_bell_off_and_ambient_none() -> None:
    script = check(
        "title: T\nkind: grounding\nbell: false\nambient: none\nsteps:\n  - pause: 1\n"
    ).script
    assert script is not None and script.bell is None and script.ambient is None


def test_checkin_can_ask_nothing() -> None:
    script = check("title: T\nkind: grounding\ncheckin: {ask: []}\nsteps:\n  - pause: 1\n").script
    assert script is not None and script.checkin.ask == ()


def test_default_id_from_file_name() -> None:
    script = check(MINIMAL, Path("/x/My Calm Scan.yml")).script
    assert script is not None and script.id == "my-calm-scan"


def test_long_hold_needs_caution() -> None:
    body = (
        "kind: breathwork\ntitle: T\nsteps:\n  - breathe: {in: 4, hold: 7.5, out: 8, cycles: 2}\n"
    )
    result = check(body)
    assert result.ok
    [warning] = result.problems
    assert warning.severity == "warning" and (warning.line, warning.column) == (4, 28)
    assert "add a 'cautions' entry" in warning.message
    assert check("cautions: [Holds are optional.]\n" + body).problems == ()
    assert check(body.replace("hold: 7.5", "hold: 7")).problems == ()


def test_all_problems_reported_at_once() -> None:
    text = "title: ''\nkind: yoga\nstepz: []\n"
    messages = [p.message for p in check(text).problems]
    assert len(messages) == 4, messages


def write_wav(path: Path, frames: int = 4410, rate: int = 22050) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as clip:
        clip.setnchannels(1)
        clip.setsampwidth(2)
        clip.setframerate(rate)
        clip.writeframes(b"\x01\x00" * frames)
    return path


def test_recording_inside_script_folder(tmp_path: Path) -> None:
    wav = write_wav(tmp_path / "recordings" / "feet.wav")
    script_path = tmp_path / "s.yaml"
    script_path.write_text(MINIMAL + "    audio: recordings/feet.wav\n")
    script = load_script(script_path)
    assert isinstance(script.steps[0], Say) and script.steps[0].audio == wav.resolve()


def test_recording_in_shared_audio_folder(tmp_path: Path) -> None:
    shared = tmp_path / "audio"
    write_wav(shared / "welcome.wav")
    scripts = tmp_path / "exercises"
    scripts.mkdir()
    path = scripts / "s.yaml"
    path.write_text(MINIMAL + "    audio: ../audio/welcome.wav\n")
    assert check_text(path.read_text(), path, ScriptContext(shared_audio=(shared,))).ok
    assert not check_text(path.read_text(), path).ok


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a wav", "cannot be read as WAV"), (None, "is empty (no audio in it)")],
)
def test_unreadable_or_empty_recording(tmp_path: Path, content: bytes | None, message: str) -> None:
    clip = tmp_path / "clip.wav"
    if content is None:
        write_wav(clip, frames=0)
    else:
        clip.write_bytes(content)
    result = check_text(MINIMAL + "    audio: clip.wav\n", tmp_path / "s.yaml")
    assert any(message in p.message and "clip.wav" in p.message for p in result.errors)


def test_symlink_escaping_the_folder_is_refused(tmp_path: Path) -> None:
    outside = write_wav(tmp_path / "outside" / "x.wav")
    inner = tmp_path / "scripts"
    inner.mkdir()
    (inner / "link.wav").symlink_to(outside)
    result = check_text(MINIMAL + "    audio: link.wav\n", inner / "s.yaml")
    assert any("leads outside" in p.message for p in result.errors)


def test_user_sound_files_become_names(tmp_path: Path) -> None:
    write_wav(tmp_path / "audio" / "ambient" / "Rain on Roof.wav")
    write_wav(tmp_path / "audio" / "bells" / "gong.wav")
    sounds = SoundCatalogue.discover(tmp_path / "audio")
    text = "title: T\nkind: grounding\nambient: rain-on-roof\nbell: gong\nsteps:\n  - bell: gong\n"
    assert check_text(text, tmp_path / "s.yaml", ScriptContext(sounds=sounds)).problems == ()


def test_load_script_raises_with_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("title: T\nkind: nope\nsteps: 3\n")
    with pytest.raises(ScriptError) as caught:
        load_script(path)
    assert len(caught.value.problems) == 2
    assert "bad.yaml:2:7: error: unknown kind 'nope'" in caught.value.detail
