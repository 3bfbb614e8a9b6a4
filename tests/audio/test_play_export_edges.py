"""`bodyscan play --output null` and `bodyscan export` as a user runs them, on the edges of the
format: what the validator accepts plays to its end and exports; what it refuses fails with a
message (exit 1). Never a hang (a timeout), never a traceback or "something unexpected"."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from bodyscan.audio.wavfile import read_wav
from tests.conftest import burst

ACCEPTED = {
    "no-speech": "title: Q\nkind: grounding\nbell: false\nsteps:\n  - pause: 2s\n",
    "zero-length": "title: Q\nkind: grounding\nbell: false\nsteps:\n  - pause: 0\n",
    "only-a-bell": "title: Q\nkind: grounding\nbell: false\nsteps:\n  - bell: chime\n",
    "shortest-breaths-spoken": (
        "title: Q\nkind: breathwork\nbell: false\nsteps:\n"
        "  - breathe: {in: 0.5, hold: 0.5, out: 0.5, cycles: 2, cue: voice}\n"
    ),
    "punctuation-only": "title: Q\nkind: grounding\nbell: false\nsteps:\n  - say: '…'\n",
    "many-scripts-and-emoji": (
        "title: Q\nkind: grounding\nbell: false\nsteps:\n  - say: Ruhe. 静か。 Сейчас. ١٢٣ 🌿\n"
    ),
}

REFUSED = {
    "lone-surrogate": ('title: Q\nkind: grounding\nsteps:\n  - say: "\\ud800"\n', "U+D800"),
    "tiny-breaths": (
        "title: Q\nkind: breathwork\nsteps:\n  - breathe: {in: 0.001, out: 0.001, duration: 4h}\n",
        "breathing in lasts from 0.5 s to 20 s",
    ),
    "nan-speed": (
        "title: Q\nkind: grounding\nvoice: {speed: .nan}\nsteps:\n  - pause: 2s\n",
        "must be a finite number",
    ),
    "sexagesimal": ("title: Q\nkind: grounding\nsteps:\n  - pause: 1:30\n", "is read as 90"),
}


def run(*args: str, home: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BODYSCAN_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "bodyscan", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        env=env,
        check=False,
    )


def assert_calm(result: subprocess.CompletedProcess[str]) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert "unexpected" not in output, output


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_accepted_edge_plays_and_exports(name: str, tmp_path: Path) -> None:
    script = tmp_path / f"{name}.yaml"
    script.write_text(ACCEPTED[name], encoding="utf-8")
    home = tmp_path / "home"
    validated = run("validate", str(script), home=home)
    assert validated.returncode == 0, validated.stdout + validated.stderr

    played = run("play", str(script), "--output", "null", home=home)
    assert_calm(played)
    assert played.returncode == 0, played.stderr
    assert "Finished Q" in played.stdout

    out = tmp_path / "out.wav"
    exported = run("export", str(script), "-o", str(out), home=home)
    assert_calm(exported)
    assert exported.returncode == 0, exported.stderr
    samples, rate = read_wav(out)
    assert rate == 48000 and samples.ndim == 2


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_edge_fails_with_its_reason(name: str, tmp_path: Path) -> None:
    text, reason = REFUSED[name]
    script = tmp_path / f"{name}.yaml"
    script.write_text(text, encoding="utf-8")
    home = tmp_path / "home"
    for args in (("play", str(script), "--output", "null"), ("export", str(script), "-o", "x.wav")):
        result = run(*args, home=home)
        assert_calm(result)
        assert result.returncode == 1
        assert reason in result.stderr
    assert not (tmp_path / "x.wav").exists()


def test_recording_with_an_impossible_rate(tmp_path: Path) -> None:
    burst(tmp_path / "x.wav", 440, 0.5)
    data = bytearray((tmp_path / "x.wav").read_bytes())
    data[24:28] = struct.pack("<I", 4_000_000_000)
    (tmp_path / "x.wav").write_bytes(bytes(data))
    script = tmp_path / "rec.yaml"
    script.write_text("title: Q\nkind: grounding\nsteps:\n  - say: Hi.\n    audio: x.wav\n")
    home = tmp_path / "home"
    for args in (
        ("validate", str(script)),
        ("play", str(script), "--output", "null"),
        ("export", str(script), "-o", str(tmp_path / "o.wav")),
    ):
        result = run(*args, home=home)
        assert_calm(result)
        assert result.returncode == 1
        assert "sample rate 4000000000 Hz is not a sound file bodyscan can play" in (
            result.stdout + result.stderr
        )


def test_user_sounds_with_an_impossible_rate(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for kind, name in (("ambient", "hum"), ("bells", "ting")):
        (home / "audio" / kind).mkdir(parents=True)
        burst(home / "audio" / kind / f"{name}.wav", 440, 0.5)
        path = home / "audio" / kind / f"{name}.wav"
        data = bytearray(path.read_bytes())
        data[24:28] = struct.pack("<I", 4_000_000_000)
        path.write_bytes(bytes(data))
    script = tmp_path / "s.yaml"
    script.write_text("title: Q\nkind: grounding\nbell: ting\nsteps:\n  - pause: 1s\n")
    bell = run("export", str(script), "-o", str(tmp_path / "o.wav"), home=home)
    assert_calm(bell)
    assert bell.returncode == 1
    assert "bell sound ting.wav cannot be played: sample rate 4000000000 Hz" in bell.stderr
    script.write_text("title: Q\nkind: grounding\nbell: false\nsteps:\n  - pause: 1s\n")
    ambient = run("play", str(script), "--output", "null", "--ambient", "hum", home=home)
    assert_calm(ambient)
    assert ambient.returncode == 1
    assert "ambient sound hum.wav cannot be played: sample rate 4000000000 Hz" in ambient.stderr


def test_symlink_loop_and_a_file_that_is_not_a_script(tmp_path: Path) -> None:
    os.symlink("b.wav", tmp_path / "a.wav")
    os.symlink("a.wav", tmp_path / "b.wav")
    script = tmp_path / "loop.yaml"
    script.write_text("title: Q\nkind: grounding\nsteps:\n  - say: Hi.\n    audio: a.wav\n")
    secret = tmp_path / "shadow"
    secret.write_text("hunter2:$6$salt$hash:19000:0:99999:7:::\n")
    home = tmp_path / "home"
    result = run("play", str(script), "--output", "null", home=home)
    assert_calm(result)
    assert result.returncode == 1 and "a loop of symbolic links" in result.stderr
    result = run("play", str(secret), "--output", "null", home=home)
    assert_calm(result)
    assert result.returncode == 1
    assert "this is not an exercise script" in result.stderr
    assert "$6$" not in result.stderr and "hunter2" not in result.stderr
