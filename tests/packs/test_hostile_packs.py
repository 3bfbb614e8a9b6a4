"""A corpus of hostile and broken packs, each built here with zipfile: every one is refused
by `bodyscan install` with exit 1 and its own clear sentence, no traceback, and nothing
written in the person's folder (not even a temporary folder left behind)."""

from __future__ import annotations

import base64
import os
import random
import stat
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from bodyscan.cli.commands import main
from tests.packs.builder import (
    SCRIPT,
    good_entries,
    plain,
    recording,
    set_declared_sizes,
    set_flag_bits,
    tree,
    write_pack,
)

Builder = Callable[[Path], Path]


def _pack(tmp: Path, entries: list[tuple[str | zipfile.ZipInfo, bytes]], **kw: int) -> Path:
    return write_pack(tmp / "hostile.bodyscan", entries, **kw)


def not_a_zip(tmp: Path) -> Path:
    path = tmp / "hostile.bodyscan"
    path.write_text("title: I am YAML, not a zip\n")
    return path


def empty_file(tmp: Path) -> Path:
    path = tmp / "hostile.bodyscan"
    path.write_bytes(b"")
    return path


def truncated(tmp: Path) -> Path:
    path = _pack(tmp, good_entries(tmp))
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


def no_script(tmp: Path) -> Path:
    return _pack(tmp, good_entries(tmp)[1:])


def script_in_a_folder(tmp: Path) -> Path:
    return _pack(tmp, [("calm/exercise.yaml", SCRIPT.encode()), *good_entries(tmp)[1:]])


def script_in_capitals(tmp: Path) -> Path:
    return _pack(tmp, [("Exercise.YAML", SCRIPT.encode()), *good_entries(tmp)[1:]])


def absolute_path(tmp: Path) -> Path:
    return _pack(tmp, [*good_entries(tmp), ("/tmp/evil.wav", b"x")])


def drive_letter(tmp: Path) -> Path:
    return _pack(tmp, [*good_entries(tmp), ("C:/evil.wav", b"x")])


def dot_dot(tmp: Path) -> Path:
    return _pack(tmp, [*good_entries(tmp), ("../evil.yaml", SCRIPT.encode())])


def dot_dot_inside(tmp: Path) -> Path:
    return _pack(tmp, [*good_entries(tmp), ("recordings/../../evil.wav", b"x")])


def backslash(tmp: Path) -> Path:
    return _pack(tmp, [*good_entries(tmp), ("..\\..\\evil.wav", b"x")])


def symlink(tmp: Path) -> Path:
    link = plain("recordings/feet.wav", stat.S_IFLNK | 0o777)
    return _pack(tmp, [("exercise.yaml", SCRIPT.encode()), (link, b"/etc/passwd")])


def symlinked_folder(tmp: Path) -> Path:
    link = plain("recordings/", stat.S_IFLNK | 0o777)
    return _pack(tmp, [(link, b"/etc"), *good_entries(tmp)])


def fifo(tmp: Path) -> Path:
    return _pack(tmp, [*good_entries(tmp), (plain("pipe", stat.S_IFIFO | 0o644), b"")])


def char_device(tmp: Path) -> Path:
    return _pack(tmp, [*good_entries(tmp), (plain("zero", stat.S_IFCHR | 0o644), b"")])


def block_device(tmp: Path) -> Path:
    return _pack(tmp, [*good_entries(tmp), (plain("sda", stat.S_IFBLK | 0o644), b"")])


def socket(tmp: Path) -> Path:
    return _pack(tmp, [*good_entries(tmp), (plain("sock", stat.S_IFSOCK | 0o644), b"")])


def too_many_entries(tmp: Path) -> Path:
    extra: list[tuple[str | zipfile.ZipInfo, bytes]] = [(f"n/{i}.txt", b"") for i in range(999)]
    return _pack(tmp, [*good_entries(tmp), *extra])


def seventy_thousand_entries(tmp: Path) -> Path:
    # More than a plain zip can count (65,535): a zip64 end record holds the number.
    path = tmp / "hostile.bodyscan"
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(70_000):
            archive.writestr(plain(f"{i}"), b"")
    return path


def too_big(tmp: Path) -> Path:
    # Three entries that say 200 MB each, stored (1:1): 600 MB in all.
    entries: list[tuple[str | zipfile.ZipInfo, bytes]] = [(f"big{i}.wav", b"x") for i in range(3)]
    path = _pack(tmp, [*good_entries(tmp), *entries])
    for i in range(3):
        set_declared_sizes(path, f"big{i}.wav", 200_000_000, 200_000_000)
    return path


def zip_bomb(tmp: Path) -> Path:
    # 20 MB of zeros deflate to about 20 kB: about 1000:1.
    return _pack(
        tmp, [*good_entries(tmp), ("bomb.wav", bytes(20_000_000))], compression=zipfile.ZIP_DEFLATED
    )


def ratio_just_over(tmp: Path) -> Path:
    path = _pack(tmp, [*good_entries(tmp), ("notes.txt", b"x" * 1000)])
    set_declared_sizes(path, "notes.txt", 201_000, 1000)
    return path


def lies_about_size(tmp: Path) -> Path:
    # The recording's data is longer than the directory says: reading stops, the check fails.
    path = _pack(tmp, good_entries(tmp))
    size = len(recording(tmp))
    set_declared_sizes(path, "recordings/feet.wav", size - 1000, size)
    return path


def encrypted(tmp: Path) -> Path:
    path = _pack(tmp, good_entries(tmp))
    set_flag_bits(path, "recordings/feet.wav", 0x1)
    return path


def duplicate_names(tmp: Path) -> Path:
    with pytest.warns(UserWarning, match="Duplicate name"):
        return _pack(tmp, [*good_entries(tmp), ("recordings/feet.wav", b"not this one")])


def duplicate_script(tmp: Path) -> Path:
    with pytest.warns(UserWarning, match="Duplicate name"):
        return _pack(tmp, [*good_entries(tmp), ("exercise.yaml", b"title: The other\n")])


def names_differ_by_case(tmp: Path) -> Path:
    return _pack(tmp, [*good_entries(tmp), ("Recordings/Feet.WAV", recording(tmp, hz=220))])


def names_differ_by_composition(tmp: Path) -> Path:
    composed = unicodedata.normalize("NFC", "recordings/café.wav")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    return _pack(tmp, [*good_entries(tmp), (composed, b"a"), (decomposed, b"b")])


def right_to_left_override(tmp: Path) -> Path:
    # Shows as "exercise.yaml" read backwards in some viewers: "evil\u202elmay.wav".
    return _pack(tmp, [*good_entries(tmp), ("evil\u202elmay.wav", b"x")])


def zero_width_name(tmp: Path) -> Path:
    return _pack(tmp, [*good_entries(tmp), ("exercise\u200b.yaml", SCRIPT.encode())])


def newline_in_name(tmp: Path) -> Path:
    return _pack(tmp, [*good_entries(tmp), ("a\nb.wav", b"x")])


def file_and_folder(tmp: Path) -> Path:
    script = SCRIPT + "  - say: Again.\n    audio: recordings/feet.wav/more.wav\n"
    wav = recording(tmp)
    return _pack(tmp, [*good_entries(tmp, script), ("recordings/feet.wav/more.wav", wav)])


def script_invalid(tmp: Path) -> Path:
    broken = SCRIPT.replace("kind: grounding", "kind: grondung").replace("pause: 2s", "pasue: 2s")
    return _pack(tmp, good_entries(tmp, broken))


def script_binary(tmp: Path) -> Path:
    return _pack(tmp, [("exercise.yaml", b"\x89PNG\r\n\x1a\n\x00\x00"), *good_entries(tmp)[1:]])


def script_too_big(tmp: Path) -> Path:
    filler = base64.b64encode(random.Random(1).randbytes(800_000)).decode()  # hardly deflates
    big = SCRIPT + "# " + filler + "\n"
    return _pack(tmp, good_entries(tmp, big), compression=zipfile.ZIP_DEFLATED)


def recording_missing(tmp: Path) -> Path:
    return _pack(tmp, [("exercise.yaml", SCRIPT.encode()), ("feet.wav", recording(tmp))])


def recording_not_audio(tmp: Path) -> Path:
    noise = b"RIFF\x10\x00\x00\x00WAVEthis is not sound at all" * 20
    return _pack(tmp, [("exercise.yaml", SCRIPT.encode()), ("recordings/feet.wav", noise)])


def recording_silent(tmp: Path) -> Path:
    path = tmp / "silent.wav"
    import numpy as np

    from bodyscan.audio.wavfile import write_wav

    write_wav(path, np.zeros(48000, dtype=np.int16), 48000)
    return _pack(
        tmp, [("exercise.yaml", SCRIPT.encode()), ("recordings/feet.wav", path.read_bytes())]
    )


def recording_outside(tmp: Path) -> Path:
    script = SCRIPT.replace("recordings/feet.wav", "../audio/feet.wav")
    return _pack(tmp, good_entries(tmp, script))


def a_named_pipe(tmp: Path) -> Path:
    path = tmp / "hostile.bodyscan"
    os.mkfifo(path)  # opening it to read would wait for a writer for ever
    return path


def a_folder(tmp: Path) -> Path:
    path = tmp / "hostile.bodyscan"
    path.mkdir()
    return path


CORPUS: list[tuple[Builder, str]] = [
    (not_a_zip, "not a zip archive"),
    (empty_file, "not a zip archive"),
    (truncated, "not a zip archive"),
    (no_script, "holds no exercise.yaml"),
    (script_in_a_folder, "'calm/exercise.yaml': exercise.yaml must be at the top"),
    (script_in_capitals, "'Exercise.YAML': exercise.yaml must be at the top"),
    (absolute_path, "'/tmp/evil.wav' is an absolute path"),
    (drive_letter, "'C:/evil.wav' is an absolute path"),
    (dot_dot, "'../evil.yaml' uses '..'"),
    (dot_dot_inside, "'recordings/../../evil.wav' uses '..'"),
    (backslash, "has a backslash in its name"),
    (symlink, "'recordings/feet.wav' is a symbolic link"),
    (symlinked_folder, "'recordings/' is an odd folder entry"),
    (fifo, "'pipe' is a named pipe"),
    (char_device, "'zero' is a device"),
    (block_device, "'sda' is a device"),
    (socket, "'sock' is a socket"),
    (too_many_entries, "it holds 1,001 entries; a pack may hold at most 1,000"),
    (seventy_thousand_entries, "it holds 70,000 entries; a pack may hold at most 1,000"),
    (too_big, "more than 500 MB"),
    (zip_bomb, "'bomb.wav' would inflate more than 200 times"),
    (ratio_just_over, "'notes.txt' would inflate more than 200 times"),
    (lies_about_size, "'recordings/feet.wav' cannot be unpacked (its checksum does not match)"),
    (encrypted, "'recordings/feet.wav' is encrypted"),
    (duplicate_names, "'recordings/feet.wav' twice"),
    (duplicate_script, "'exercise.yaml' twice"),
    (names_differ_by_case, "as 'recordings/feet.wav' and 'Recordings/Feet.WAV'"),
    (names_differ_by_composition, "on many disks these are one file"),
    (right_to_left_override, "'evil\\u202elmay.wav' has control or invisible characters"),
    (zero_width_name, "'exercise\\u200b.yaml' has control or invisible characters"),
    (newline_in_name, "'a\\nb.wav' has control or invisible characters"),
    (file_and_folder, "the paths of its recordings clash"),
    (script_invalid, "its exercise.yaml cannot be used: "),
    (script_binary, "this looks like a binary file"),
    (script_too_big, "exercise.yaml is over 1 MiB"),
    (recording_missing, "recording 'recordings/feet.wav' is not in the pack"),
    (recording_not_audio, "recording 'recordings/feet.wav' cannot be read"),
    (recording_silent, "recording 'recordings/feet.wav' is silent"),
    (recording_outside, "audio path '../audio/feet.wav' leads outside the script's folder"),
    (a_folder, "it is a folder, not a pack file"),
    (a_named_pipe, "it is not a regular file"),
]


@pytest.mark.parametrize(
    ("build", "words"), CORPUS, ids=[build.__name__ for build, _words in CORPUS]
)
def test_a_hostile_pack_is_refused_and_nothing_is_written(
    build: Builder,
    words: str,
    tmp_path: Path,
    bodyscan_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (bodyscan_home / "exercises").mkdir()
    before = tree(bodyscan_home)
    pack = build(tmp_path)
    assert main(["install", str(pack)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    first_line = err.splitlines()[0]
    assert first_line.startswith("bodyscan: hostile.bodyscan was not installed: "), err
    assert words in first_line, err
    assert "Traceback" not in err
    assert "Nothing was installed." in err
    assert tree(bodyscan_home) == before  # not even the temporary folder is left


def test_a_script_that_does_not_validate_is_shown_at_the_packs_inner_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["install", str(script_invalid(tmp_path))]) == 1
    err = capsys.readouterr().err
    assert "hostile.bodyscan/exercise.yaml:3:7: error: unknown kind 'grondung'" in err, err
    assert "hostile.bodyscan/exercise.yaml:15:5: error: unknown key 'pasue'" in err, err
    assert ".bodyscan-pack-" not in err  # the temporary folder means nothing to the person


def test_a_missing_recording_names_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["install", str(recording_missing(tmp_path))]) == 1
    err = capsys.readouterr().err
    assert (
        "hostile.bodyscan/exercise.yaml:14:12: error: recording 'recordings/feet.wav' is not "
        "in the pack" in err
    ), err


def test_a_missing_pack_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["install", str(tmp_path / "nowhere.bodyscan")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"bodyscan: {tmp_path / 'nowhere.bodyscan'} does not exist\n")


@pytest.mark.parametrize(
    "args",
    [
        ["install"],
        ["install", "a.bodyscan", "--force"],
        ["pack", "x"],
        ["pack", "x", "-o", "x.zip"],
    ],
)
def test_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    assert "usage: bodyscan" in capsys.readouterr().err


def test_the_limits_themselves_are_allowed(
    tmp_path: Path, bodyscan_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """1,000 entries and an entry inflating exactly 200 times are not refused (files the
    exercise does not use are left out and said so)."""
    extra: list[tuple[str | zipfile.ZipInfo, bytes]] = [(f"n/{i}.txt", b"") for i in range(997)]
    pack = write_pack(
        tmp_path / "limits.bodyscan", [*good_entries(tmp_path), *extra, ("notes.txt", b"x" * 1000)]
    )
    set_declared_sizes(pack, "notes.txt", 200_000, 1000)
    assert len(zipfile.ZipFile(pack).infolist()) == 1000
    assert main(["install", str(pack)]) == 0, capsys.readouterr().err
    installed = bodyscan_home / "exercises" / "shared-calm"
    assert sorted(str(p.relative_to(installed)) for p in installed.rglob("*")) == [
        "recordings",
        "recordings/feet.wav",
        "shared-calm.yaml",
    ]
    assert (
        "Left out (the exercise does not use them): n/0.txt, n/1.txt, n/2.txt, n/3.txt, "
        "n/4.txt, n/5.txt, n/6.txt, n/7.txt and 990 more\n" in capsys.readouterr().err
    )


def test_the_entry_count_is_read_from_the_end_record_before_the_directory(tmp_path: Path) -> None:
    from bodyscan.packs.archive import declared_entries

    small = write_pack(tmp_path / "small.bodyscan", good_entries(tmp_path))
    assert declared_entries(small) == 2
    assert declared_entries(seventy_thousand_entries(tmp_path)) == 70_000
    assert declared_entries(not_a_zip(tmp_path)) is None
