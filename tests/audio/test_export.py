"""Export measured on the rendered audio: onsets, silence, exact lengths, levels, fades."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from bodyscan.audio.resample import resample
from bodyscan.audio.wavfile import read_wav
from bodyscan.cli import main
from bodyscan.narration.recordings import load_recording
from tests.conftest import RATE


def export(script: Path, out: Path, *extra: str) -> tuple[np.ndarray, dict]:  # type: ignore[type-arg]
    timeline = out.with_suffix(".json")
    assert main(["export", str(script), "-o", str(out), "--timeline", str(timeline), *extra]) == 0
    samples, rate = read_wav(out)
    assert rate == RATE or "--rate" in extra
    return samples, json.loads(timeline.read_text())


def expected_clip(path: Path) -> np.ndarray:  # type: ignore[type-arg]
    clip = load_recording(path)
    return np.round(resample(clip.as_float(), clip.rate, RATE) * 32767).astype(np.int16)


def test_recordings_start_exactly_on_their_frames(recorded_exercise: Path, tmp_path: Path) -> None:
    samples, plan = export(recorded_exercise, tmp_path / "out.wav")
    left = samples[:, 0]
    assert np.array_equal(left, samples[:, 1])  # centred mono speech
    says = [e for e in plan["events"] if e["type"] == "say"]
    folder = recorded_exercise.parent
    for event, name in zip(says, ["a.wav", "b.wav", "c.wav"], strict=True):
        start = round(event["start"] * RATE)
        clip = expected_clip(folder / name)
        rendered = left[start : start + clip.size]
        assert np.max(np.abs(rendered.astype(int) - clip.astype(int))) <= 1, name
        # Nothing of it before its frame: where the event before ends in a pause, the samples
        # just before are digital silence (after a breathing block, its last tone fades there).
        before = [e for e in plan["events"] if e["end"] == event["start"]]
        if before and before[0]["type"] in ("say", "pause"):
            assert not np.any(left[max(0, start - 100) : start])
        assert round(event["speech_end"] * RATE) == start + clip.size


def test_planned_silence_is_digital_silence(recorded_exercise: Path, tmp_path: Path) -> None:
    samples, plan = export(recorded_exercise, tmp_path / "out.wav")
    for event in plan["events"]:
        if event["type"] == "say":
            quiet = samples[round(event["speech_end"] * RATE) : round(event["end"] * RATE)]
        elif event["type"] == "pause":
            quiet = samples[round(event["start"] * RATE) : round(event["end"] * RATE)]
        else:
            continue
        assert quiet.size and not np.any(quiet), event


def test_length_is_exact_and_matches_the_timeline(recorded_exercise: Path, tmp_path: Path) -> None:
    samples, plan = export(recorded_exercise, tmp_path / "out.wav", "--minutes", "0.75")
    assert samples.shape == (45 * RATE, 2)
    assert plan["frames"] == 45 * RATE and plan["seconds"] == 45.0
    events = plan["events"]
    assert events[0]["start"] == 0 and events[-1]["end"] == plan["seconds"]
    for before, after in itertools.pairwise(events):
        assert before["end"] == after["start"]
    fixed = next(e for e in events if e["type"] == "pause")
    assert fixed["end"] - fixed["start"] == pytest.approx(1.5)


def test_clamped_length_says_so(
    recorded_exercise: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    samples, _ = export(recorded_exercise, tmp_path / "out.wav", "--minutes", "10")
    assert samples.shape[0] == 120 * RATE
    assert (
        "asked for 10m; this exercise can last 16s to 2m, so it will last 2m"
        in capsys.readouterr().err
    )


def dominant_hz(signal: np.ndarray) -> float:  # type: ignore[type-arg]
    spectrum = np.abs(np.fft.rfft(signal.astype(float) * np.hanning(signal.size)))
    return float(np.argmax(spectrum) * RATE / signal.size)


def test_breath_tones_rise_on_in_and_fall_on_out(recorded_exercise: Path, tmp_path: Path) -> None:
    samples, plan = export(recorded_exercise, tmp_path / "out.wav")
    breathe = next(e for e in plan["events"] if e["type"] == "breathe")
    left = samples[:, 0]
    for phase in breathe["phases"]:
        a, b = round(phase["start"] * RATE), round(phase["end"] * RATE)
        if phase["phase"] in ("in", "out"):
            quarter = (b - a) // 4
            early, late = dominant_hz(left[a : a + quarter]), dominant_hz(left[b - quarter : b])
            assert (late > early) if phase["phase"] == "in" else (late < early), phase
            assert abs(int(left[a])) < 50  # the tone fades in: no click at the phase edge
        else:
            assert np.any(left[a : a + RATE // 10]) and not np.any(
                left[a + RATE // 5 : b]
            )  # a short tick


def test_no_sample_at_full_scale_and_fades(tmp_path: Path) -> None:
    from tests.conftest import burst

    folder = tmp_path / "loud"
    folder.mkdir()
    burst(folder / "loud.wav", 300, 2.0, level=1.0)
    script = folder / "loud.yaml"
    script.write_text(
        "title: Loud\nkind: grounding\nbell: false\nsteps:\n"
        "  - pause: 5s\n    stretch: false\n"
        "  - say: Loud, or nothing.\n    audio: loud.wav\n    pause: 6s\n"
    )
    samples, _plan = export(script, tmp_path / "loud.out.wav", "--ambient", "brown-noise")
    assert np.max(np.abs(samples.astype(int))) < 32767
    # The ambient bed fades in at the start and out at the end.
    head = np.sqrt(np.mean(samples[: RATE // 10].astype(float) ** 2))
    body = np.sqrt(np.mean(samples[int(3.5 * RATE) : 4 * RATE].astype(float) ** 2))  # the bed alone
    tail = np.sqrt(np.mean(samples[-RATE // 20 :].astype(float) ** 2))
    assert head < body / 4 and tail < body / 4


def band_rms(signal: np.ndarray, low: float, high: float) -> float:  # type: ignore[type-arg]
    spectrum = np.fft.rfft(signal.astype(float))
    freqs = np.fft.rfftfreq(signal.size, 1 / RATE)
    band = spectrum[(freqs >= low) & (freqs < high)]
    return float(np.sqrt(np.sum(np.abs(band) ** 2)) / signal.size)


def test_ambient_ducks_under_speech(tmp_path: Path) -> None:
    from tests.conftest import burst

    folder = tmp_path / "duck"
    folder.mkdir()
    burst(folder / "high.wav", 3000, 4.0)
    script = folder / "duck.yaml"
    script.write_text(
        "title: Duck\nkind: grounding\nbell: false\nsteps:\n"
        "  - pause: 6s\n    stretch: false\n"
        "  - say: High, or nothing.\n    audio: high.wav\n    pause: 6s\n    stretch: false\n"
    )
    samples, _ = export(script, tmp_path / "duck.out.wav", "--ambient", "brown-noise")
    left = samples[:, 0]
    before = band_rms(left[4 * RATE : 5 * RATE], 30, 400)  # bed alone
    during = band_rms(left[7 * RATE + RATE // 2 : 9 * RATE], 30, 400)  # bed under speech
    assert during / before == pytest.approx(0.4, abs=0.12)


def test_interrupted_export_leaves_no_file(recorded_exercise: Path, tmp_path: Path) -> None:
    out = tmp_path / "long.wav"
    env = {**os.environ}
    command = [
        sys.executable,
        "-m",
        "bodyscan",
        "export",
        "body-scan-25",
        "-o",
        str(out),
        "--ambient",
        "pink-noise",
    ]
    # First make sure narration is cached so the export itself is what gets interrupted.
    subprocess.run(
        [sys.executable, "-m", "bodyscan", "narrate", "body-scan-25"],
        env=env,
        check=True,
        capture_output=True,
    )
    for stop in (signal.SIGINT, signal.SIGKILL):
        process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".long.wav.*.part")) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        process.send_signal(stop)
        _, err = process.communicate(timeout=60)
        assert not out.exists()
        assert "Traceback" not in err
        if stop == signal.SIGINT:
            assert process.returncode == 130 and not list(tmp_path.glob(".long.wav.*"))
    # The killed export could not tidy up; a later export to the same name does.
    [left] = tmp_path.glob(".long.wav.*.part")
    os.utime(left, (time.time() - 3600, time.time() - 3600))  # untouched since, for an hour
    assert main(["export", str(recorded_exercise), "-o", str(out)]) == 0
    assert out.exists() and not list(tmp_path.glob(".long.wav.*"))


@pytest.mark.parametrize("suffix", [".mp3", ".ogg"])
def test_compressed_formats(recorded_exercise: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"out{suffix}"
    assert main(["export", str(recorded_exercise), "-o", str(out)]) == 0
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert float(probe.stdout) == pytest.approx(22.5, abs=0.1)
    assert oct(out.stat().st_mode & 0o777) == oct(0o600)  # private, as everything of ours


def test_export_errors(
    recorded_exercise: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export", str(recorded_exercise), "-o", str(tmp_path / "x.flac")]) == 1
    assert "cannot export to '.flac'" in capsys.readouterr().err
    assert main(["export", str(recorded_exercise), "-o", str(tmp_path / "missing" / "x.wav")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert (
        main(["export", str(recorded_exercise), "-o", str(tmp_path / "x.wav"), "--ambient", "rain"])
        == 1
    )
    assert "unknown ambient sound 'rain'" in capsys.readouterr().err
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["export", str(recorded_exercise), "-o", str(tmp_path / "x.mp3")]) == 1
    assert "exporting MP3 needs ffmpeg" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["export", str(recorded_exercise), "-o", str(tmp_path / "x.wav"), "--rate", "44"])
    assert usage.value.code == 2


def test_other_sample_rate_is_exact(recorded_exercise: Path, tmp_path: Path) -> None:
    out = tmp_path / "cd.wav"
    assert (
        main(
            [
                "export",
                str(recorded_exercise),
                "-o",
                str(out),
                "--rate",
                "44100",
                "--timeline",
                str(tmp_path / "cd.json"),
            ]
        )
        == 0
    )
    samples, rate = read_wav(out)
    plan = json.loads((tmp_path / "cd.json").read_text())
    assert rate == 44100 and plan["sample_rate"] == 44100
    # From the sources: a.wav 48000 and b.wav 36000 frames at 48 kHz, c.wav 27562 at 22.05 kHz
    # (half a frame under 1.25 s), 7.5 s of pauses and 12 s of breathing.
    speech = 44100 + 33075 + round(27562 * 44100 / 22050)
    assert samples.shape[0] == plan["frames"] == speech + int(7.5 * 44100) + 12 * 44100
