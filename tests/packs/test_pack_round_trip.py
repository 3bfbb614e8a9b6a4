"""`bodyscan pack` and `bodyscan install` as a person runs them (own processes, real files,
real recordings): the round trip sounds the same sample for sample, ids survive, an exercise
already there is kept unless replaced, and a full disk leaves nothing half installed."""

from __future__ import annotations

import json
import os
import time
import wave
import zipfile
from pathlib import Path

import pytest

from bodyscan.cli.commands import main
from tests.conftest import MINIMAL, burst, run_bodyscan
from tests.journal.realfs import tmpfs
from tests.packs.builder import SCRIPT, good_entries, tree, write_pack


def frames(path: Path) -> tuple[tuple[int, int, int], bytes]:
    with wave.open(str(path), "rb") as clip:
        return (clip.getnchannels(), clip.getsampwidth(), clip.getframerate()), clip.readframes(
            clip.getnframes()
        )


def test_a_pack_round_trip_exports_the_same_sound_sample_for_sample(
    recorded_exercise: Path, tmp_path: Path
) -> None:
    # recorded_exercise: three tone recordings (one at 22050 Hz), pauses, a breathing block,
    # and no `id:` (its id comes from its file name, known.yaml).
    (recorded_exercise.parent / "unused.wav").write_bytes(b"not in the pack")
    first, second = tmp_path / "first-home", tmp_path / "second-home"
    first.mkdir()
    second.mkdir()
    pack = tmp_path / "Known for a friend.bodyscan"

    packed = run_bodyscan(first, "pack", str(recorded_exercise), "-o", str(pack))
    assert packed.returncode == 0, packed.stderr
    assert "with 3 recordings" in packed.stdout
    names = zipfile.ZipFile(pack).namelist()
    assert names == ["exercise.yaml", "a.wav", "b.wav", "c.wav"]  # nothing else from the disk

    original = run_bodyscan(
        first, "export", str(recorded_exercise), "-o", str(tmp_path / "original.wav"),
        "--timeline", str(tmp_path / "original.json"),
    )  # fmt: skip
    assert original.returncode == 0, original.stderr

    installed = run_bodyscan(second, "install", str(pack))
    assert installed.returncode == 0, installed.stderr
    assert "Installed Known recordings (known," in installed.stdout
    listed = json.loads(run_bodyscan(second, "list", "--json").stdout)
    mine = [e for e in listed if e["origin"] == "user"]
    assert [(e["id"], e["title"], e["broken"]) for e in mine] == [
        ("known", "Known recordings", False)
    ]
    assert mine[0]["path"] == str(second / "exercises" / "known" / "known.yaml")

    again = run_bodyscan(
        second, "export", "known", "-o", str(tmp_path / "again.wav"),
        "--timeline", str(tmp_path / "again.json"),
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    original_format, original_frames = frames(tmp_path / "original.wav")
    again_format, again_frames = frames(tmp_path / "again.wav")
    assert again_format == original_format
    assert len(original_frames) > 48000 * 2 * 10  # a real session, not an empty file
    assert again_frames == original_frames
    timeline = json.loads((tmp_path / "again.json").read_text())
    assert timeline == json.loads((tmp_path / "original.json").read_text())
    assert timeline["exercise"] == "known"  # the id survived the pack's own name


def test_an_installed_pack_plays_with_its_own_recording(tmp_path: Path) -> None:
    home = tmp_path / "fresh-home"
    home.mkdir()
    pack = write_pack(tmp_path / "calm.bodyscan", good_entries(tmp_path))
    assert run_bodyscan(home, "install", str(pack)).returncode == 0
    played = run_bodyscan(home, "play", "shared-calm", "--output", "null")
    assert played.returncode == 0, played.stderr
    assert "Notice your feet, or nothing at all." in played.stdout  # the caption of its step
    assert "chime instead of speech" not in played.stderr


def test_packing_keeps_the_script_as_written_and_only_what_it_uses(
    tmp_path: Path, user_exercises: Path, bodyscan_home: Path
) -> None:
    folder = user_exercises / "calm"
    (folder / "recordings").mkdir(parents=True)
    burst(folder / "recordings" / "feet.wav", 440, 0.5)
    burst(folder / "recordings" / "spare.wav", 550, 0.5)  # not used: not packed
    (folder / "notes.txt").write_text("private notes: never in a pack")
    script = SCRIPT + (
        "  - say: Feet again, from the same recording.\n    audio: ./recordings/feet.wav\n"
    )
    (folder / "calm.yaml").write_text(script)
    pack = tmp_path / "calm.bodyscan"
    assert main(["pack", "shared-calm", "-o", str(pack)]) == 0
    with zipfile.ZipFile(pack) as archive:
        assert archive.namelist() == ["exercise.yaml", "recordings/feet.wav"]
        # Byte for byte: the therapist's description and cautions exactly as written.
        assert archive.read("exercise.yaml") == script.encode()
        assert (
            archive.read("recordings/feet.wav") == (folder / "recordings" / "feet.wav").read_bytes()
        )
        assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())


@pytest.mark.parametrize(
    ("text", "expected_start"),
    [
        (MINIMAL, "id: my-own-scan\ntitle: Minimal\n"),
        ("# a comment first\n" + MINIMAL, "# a comment first\nid: my-own-scan\ntitle: Minimal\n"),
        ("---\n" + MINIMAL, "---\nid: my-own-scan\ntitle: Minimal\n"),
        (
            "{title: Flow, kind: grounding, steps: [{say: 'Notice your feet, or nothing.'}]}\n",
            "{id: my-own-scan, title: Flow,",
        ),
    ],
    ids=["block", "comment", "document-start", "flow"],
)
def test_a_script_without_an_id_gets_one_line_so_its_id_survives(
    text: str, expected_start: str, tmp_path: Path, user_exercises: Path, bodyscan_home: Path
) -> None:
    (user_exercises / "My own scan.yaml").write_text(text)
    pack = tmp_path / "renamed by a mail program (1).bodyscan"
    assert main(["pack", "my-own-scan", "-o", str(pack)]) == 0
    packed = zipfile.ZipFile(pack).read("exercise.yaml").decode()
    assert packed.startswith(expected_start)
    assert packed.replace(expected_start, "", 1) == text.replace(
        expected_start.replace("id: my-own-scan\n", "").replace("id: my-own-scan, ", ""), "", 1
    )
    (user_exercises / "My own scan.yaml").unlink()
    assert main(["install", str(pack)]) == 0
    assert (user_exercises / "my-own-scan" / "my-own-scan.yaml").read_text() == packed


def test_a_recording_outside_the_exercises_folder_is_not_packed(
    tmp_path: Path, user_exercises: Path, bodyscan_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = bodyscan_home / "audio"
    shared.mkdir()
    burst(shared / "feet.wav", 440, 0.5)
    (user_exercises / "calm").mkdir()
    script = SCRIPT.replace("recordings/feet.wav", "../../audio/feet.wav")
    (user_exercises / "calm" / "calm.yaml").write_text(script)
    pack = tmp_path / "calm.bodyscan"
    assert main(["pack", "shared-calm", "-o", str(pack)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "bodyscan: calm.yaml, line 14: recording '../../audio/feet.wav' is outside the "
        "exercise's folder, so it cannot go in a pack\n"
    )
    assert "Copy the recording there" in err
    assert not pack.exists()


def test_recordings_differing_only_by_case_are_not_packed(
    tmp_path: Path, user_exercises: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    burst(user_exercises / "feet.wav", 440, 0.5)
    burst(user_exercises / "Feet.wav", 550, 0.5)
    script = SCRIPT.replace("recordings/feet.wav", "feet.wav") + (
        "  - say: Again.\n    audio: Feet.wav\n"
    )
    (user_exercises / "calm.yaml").write_text(script)
    assert main(["pack", "shared-calm", "-o", str(tmp_path / "calm.bodyscan")]) == 1
    assert "recordings 'feet.wav' and 'Feet.wav' differ only in letter case" in (
        capsys.readouterr().err
    )


def test_a_broken_exercise_is_not_packed(
    tmp_path: Path, user_exercises: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (user_exercises / "broken.yaml").write_text(MINIMAL.replace("grounding", "grondung"))
    assert main(["pack", "broken", "-o", str(tmp_path / "broken.bodyscan")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("bodyscan: broken.yaml cannot be used: unknown kind 'grondung'")
    assert not (tmp_path / "broken.bodyscan").exists()


def installed_pack(tmp_path: Path, script: str = SCRIPT, name: str = "calm") -> Path:
    return write_pack(tmp_path / f"{name}.bodyscan", good_entries(tmp_path, script))


def test_an_exercise_with_the_same_id_is_kept_unless_replace(
    tmp_path: Path, user_exercises: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = user_exercises / "mine.yaml"
    own.write_text(MINIMAL.replace("title: Minimal", "id: shared-calm\ntitle: My own"))
    burst(user_exercises / "beside.wav", 330, 0.3)  # another file of the person's: untouched
    before = tree(user_exercises)
    pack = installed_pack(tmp_path)
    assert main(["install", str(pack)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "bodyscan: calm.bodyscan was not installed: you already have an exercise called "
        f"'shared-calm' ({own}); it was kept\n"
    )
    assert "--replace" in err
    assert tree(user_exercises) == before
    assert [p.name for p in user_exercises.parent.iterdir() if p.name.startswith(".")] == []

    assert main(["install", str(pack), "--replace"]) == 0
    out = capsys.readouterr().out
    assert f"It replaced the exercise that was at {own}." in out
    assert not own.exists()  # only the replaced script went; the person's other files stay
    assert tree(user_exercises)["beside.wav"] == before["beside.wav"]
    assert sorted(tree(user_exercises)) == [
        "beside.wav",
        "shared-calm",
        "shared-calm/recordings",
        "shared-calm/recordings/feet.wav",
        "shared-calm/shared-calm.yaml",
    ]
    assert [p.name for p in user_exercises.parent.iterdir() if p.name.startswith(".")] == []


def test_replacing_an_installed_pack_swaps_its_folder_whole(
    tmp_path: Path, user_exercises: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["install", str(installed_pack(tmp_path))]) == 0
    folder = user_exercises / "shared-calm"
    (folder / "recordings" / "old-take.wav").write_bytes(b"from the first version")
    newer = SCRIPT.replace("title: Shared calm", "title: Shared calm, second version")
    (tmp_path / "v2").mkdir()
    assert main(["install", str(installed_pack(tmp_path / "v2", newer)), "--replace"]) == 0
    capsys.readouterr()
    assert "second version" in (folder / "shared-calm.yaml").read_text()
    assert not (folder / "recordings" / "old-take.wav").exists()  # the old folder went whole
    assert sorted(p.name for p in user_exercises.iterdir()) == ["shared-calm"]


def test_a_failed_rename_puts_the_replaced_exercise_back(
    tmp_path: Path, user_exercises: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    assert main(["install", str(installed_pack(tmp_path))]) == 0
    before = tree(user_exercises)
    real_rename = os.rename

    def rename_fails_into_place(source: object, target: object) -> None:
        # The one fault injected: the disk refuses to move the new exercise into place.
        if Path(str(source)).name == "new" and Path(str(target)).parent == user_exercises:
            raise OSError(28, "No space left on device")
        real_rename(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", rename_fails_into_place)
    (tmp_path / "v2").mkdir()
    assert main(["install", str(installed_pack(tmp_path / "v2")), "--replace"]) == 1
    err = capsys.readouterr().err
    assert "is full" in err
    assert tree(user_exercises) == before
    assert [p.name for p in user_exercises.parent.iterdir() if p.name.startswith(".")] == []


def test_a_bundled_exercises_id_is_kept_unless_replace(
    tmp_path: Path, bodyscan_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundled_id = SCRIPT.replace("id: shared-calm", "id: feet-and-hands")
    pack = installed_pack(tmp_path, bundled_id)
    assert main(["install", str(pack)]) == 1
    assert "'feet-and-hands' (bundled with bodyscan); it was kept" in capsys.readouterr().err
    assert main(["install", str(pack), "--replace"]) == 0
    assert (bodyscan_home / "exercises" / "feet-and-hands" / "feet-and-hands.yaml").exists()
    listed = run_bodyscan(bodyscan_home, "list", "--json")
    mine = next(e for e in json.loads(listed.stdout) if e["id"] == "feet-and-hands")
    assert mine["origin"] == "user" and mine["shadows"] is not None


def test_a_full_disk_leaves_nothing_half_installed(tmp_path: Path, bodyscan_home: Path) -> None:
    # A 3 s recording (about 290 kB) does not fit on a 200 kB disk.
    (tmp_path / "src").mkdir()
    pack = write_pack(
        tmp_path / "calm.bodyscan",
        [
            ("exercise.yaml", SCRIPT.encode()),
            ("recordings/feet.wav", burst(tmp_path / "src" / "feet.wav", 440, 3.0).read_bytes()),
        ],
    )
    with tmpfs(bodyscan_home, "200k") as home:
        (home / "exercises").mkdir()
        result = run_bodyscan(home, "install", str(pack))
        assert result.returncode == 1
        assert result.stderr.startswith(
            f"bodyscan: Could not unpack calm.bodyscan: the disk holding {home} is full.\n"
        ), result.stderr
        assert "Traceback" not in result.stderr
        assert sorted(p.name for p in home.iterdir()) == ["exercises"]
        assert list((home / "exercises").iterdir()) == []


def test_temporary_folders_left_by_a_crash_are_cleared_but_never_a_replaced_exercise(
    tmp_path: Path, bodyscan_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    day_ago = time.time() - 25 * 3600
    crashed = bodyscan_home / ".bodyscan-pack-crashed"
    (crashed / "new").mkdir(parents=True)
    (crashed / "new" / "half.wav").write_bytes(b"half")
    holding = bodyscan_home / ".bodyscan-pack-holding"
    (holding / "replaced").mkdir(parents=True)
    (holding / "replaced" / "mine.yaml").write_text(MINIMAL)
    recent = bodyscan_home / ".bodyscan-pack-running"  # another install, right now
    recent.mkdir()
    for folder in (crashed, holding):
        os.utime(folder, (day_ago, day_ago))
    assert main(["install", str(installed_pack(tmp_path))]) == 0
    capsys.readouterr()
    assert not crashed.exists()
    assert (holding / "replaced" / "mine.yaml").read_text() == MINIMAL
    assert recent.exists()
