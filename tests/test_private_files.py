"""Private by default: every folder bodyscan makes is 0700 and every file 0600, whether the
command makes them (umask 077 for its process) or library code does on its own (explicit modes,
tested here under the usual umask 022); folders an older version made 0755 are tightened, and a
folder the person made read-only stays read-only. The atomic write helper itself."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from bodyscan import provider
from bodyscan.audio.export import export
from bodyscan.cli import main
from bodyscan.core.script import Voice
from bodyscan.errors import StorageError
from bodyscan.files import atomic_file, write_bytes_atomically, write_text_atomically
from bodyscan.journal.model import SessionRecord
from bodyscan.paths import private_folder, user_paths
from bodyscan.settings import Settings, SettingsStore
from tests.conftest import mixer_for
from tests.test_privacy import TINY, not_private


@pytest.fixture
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def write_tiny(folder: Path) -> Path:
    path = folder / "tiny.yaml"
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(TINY)
    return path


def test_library_code_makes_everything_private_on_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, usual_umask: None, qtbot: QtBot
) -> None:
    from bodyscan.ui.history_page import HistoryPage
    from bodyscan.ui.library_page import LibraryPage

    home = tmp_path / "fresh" / "bodyscan"
    monkeypatch.setenv("BODYSCAN_HOME", str(home))
    paths = user_paths()
    # Speech with the real voice: its optimised graph, the clip, the voice's digest.
    narrator = provider.narrator()
    assert narrator.speech("Notice your feet.", Voice()).seconds > 0.5
    assert list((paths.cache / "voices").glob("*.onnx"))
    assert (paths.cache / "voice-ids.json").exists()
    SettingsStore(paths.settings_file).save(Settings())
    journal = provider.journal()
    moment = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    journal.record_session(SessionRecord("x", "X", "grounding", moment, moment, 1, 1, "stopped"))
    page = LibraryPage(provider.library())  # makes the folder for the person's exercises
    qtbot.addWidget(page)
    assert paths.exercises.is_dir()
    # A damaged settings file is moved aside, as private as the rest.
    paths.settings_file.write_text("{ not json")
    paths.settings_file.chmod(0o644)
    store = SettingsStore(paths.settings_file)
    assert store.load() == Settings() and store.notice
    # Exports go where the person says, and are theirs alone too.
    out = tmp_path / "exports"
    out.mkdir()
    export(mixer_for(write_tiny(paths.exercises)), out / "tiny.wav")
    history = HistoryPage(lambda: journal)
    qtbot.addWidget(history)
    for kind in ("json", "csv", "png"):
        history.export_to(kind, out / f"journal.{kind}")
    journal.close()

    assert (paths.config / "settings.json.unreadable").exists()
    assert not_private(home) == []
    assert not_private(out) == [f"{oct(0o755)} {out}"]  # the folder is the test's


def test_the_command_makes_everything_private(
    bodyscan_home: Path, tmp_path: Path, usual_umask: None
) -> None:
    # What an older bodyscan left readable by others, before this one runs.
    bodyscan_home.chmod(0o755)
    old_cache = bodyscan_home / "cache" / "narration"
    old_cache.mkdir(parents=True, mode=0o755)
    (bodyscan_home / "cache").chmod(0o755)
    (bodyscan_home / "cache" / "voice-ids.json").write_text("{}")
    (bodyscan_home / "settings.json").write_text("{}")
    (bodyscan_home / "cache" / "voice-ids.json").chmod(0o644)
    (bodyscan_home / "settings.json").chmod(0o644)
    exercises = bodyscan_home / "exercises"
    exercises.mkdir(mode=0o755)
    write_tiny(exercises)
    out = tmp_path / "exports"
    out.mkdir()

    # In its own process: playing makes a Qt application, which the widget tests must not find.
    play = [sys.executable, "-m", "bodyscan", "play", "tiny", "--output", "null"]
    subprocess.run(play, stdin=subprocess.DEVNULL, capture_output=True, timeout=180, check=True)
    assert (
        main(["export", "tiny", "-o", str(out / "tiny.mp3"), "--timeline", str(out / "t.json")])
        == 0
    )
    assert main(["narrate", "--clear", "tiny"]) == 0
    for kind in ("json", "csv"):
        assert main(["journal", "--format", kind, "-o", str(out / f"journal.{kind}")]) == 0

    assert not_private(bodyscan_home) == []
    assert sorted(p.name for p in out.iterdir()) == [
        "journal.csv",
        "journal.json",
        "t.json",
        "tiny.mp3",
    ]
    assert not_private(out) == [f"{oct(0o755)} {out}"]


def test_a_read_only_folder_stays_read_only(bodyscan_home: Path) -> None:
    """Taking group and other access away is all bodyscan does to an existing folder."""
    (bodyscan_home / "cache").mkdir(mode=0o755)
    (bodyscan_home / "cache").chmod(0o555)
    bodyscan_home.chmod(0o555)
    try:
        assert main(["list"]) == 0
        assert mode(bodyscan_home) == 0o500
        assert mode(bodyscan_home / "cache") == 0o500
        private_folder(bodyscan_home)
        assert mode(bodyscan_home) == 0o500
    finally:
        (bodyscan_home / "cache").chmod(0o700)
        bodyscan_home.chmod(0o700)


def test_private_folder_makes_missing_parents_private(tmp_path: Path, usual_umask: None) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    theirs.chmod(0o755)
    private_folder(theirs / "a" / "b" / "c")
    assert [mode(theirs / p) for p in ("a", "a/b", "a/b/c")] == [0o700] * 3
    assert mode(theirs) == 0o755  # not made by bodyscan: left as it was
    (theirs / "file").write_text("")
    with pytest.raises(StorageError, match="Could not create the folder"):
        private_folder(theirs / "file" / "below")


def test_atomic_writes_are_private_and_whole(tmp_path: Path, usual_umask: None) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    target = folder / "notes.json"
    write_text_atomically(target, "first", "save the notes")
    assert target.read_text() == "first" and mode(target) == 0o600
    target.chmod(0o644)  # a file from before is replaced by a private one
    write_bytes_atomically(target, b"second", "save the notes")
    assert target.read_bytes() == b"second" and mode(target) == 0o600
    with pytest.raises(ValueError), atomic_file(target, "save the notes") as out:
        out.write(b"half")
        raise ValueError("the writer failed")
    assert target.read_bytes() == b"second"
    assert sorted(p.name for p in folder.iterdir()) == ["notes.json"]


def test_temporary_names_are_unique(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    with atomic_file(target, "save") as one, atomic_file(target, "save") as two:
        assert one.name != two.name
        one.write(b"one")
        two.write(b"two")
    assert target.read_bytes() == b"one"  # the last one to finish wins, whole


def test_a_killed_writers_temporary_file_goes_at_the_next_write(tmp_path: Path) -> None:
    """A process killed while writing cannot tidy up: the next writer of the same file
    removes what writers that are gone left, never what a running one is writing."""
    target = tmp_path / "export.wav"
    writer = (
        "import sys, time; from pathlib import Path; from bodyscan.files import atomic_file\n"
        "with atomic_file(Path(sys.argv[1]), 'export') as out:\n"
        "    out.write(b'half'); out.flush(); print('writing', flush=True); time.sleep(60)\n"
    )

    def start_writer() -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-c", writer, str(target)], stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None and process.stdout.readline() == "writing\n"
        return process

    killed, running = start_writer(), start_writer()
    try:
        killed.kill()
        killed.wait()
        left = list(tmp_path.glob(".export.wav.*.part"))
        assert len(left) == 2 and any(f".{killed.pid}." in p.name for p in left)
        write_bytes_atomically(target, b"whole", "export")
        assert len(list(tmp_path.glob(".export.wav.*.part"))) == 2  # a moment ago: kept yet
        for leftover in left:  # untouched for an hour, as after a crash
            os.utime(leftover, (time.time() - 3600, time.time() - 3600))
        write_bytes_atomically(target, b"whole", "export")
        assert target.read_bytes() == b"whole"
        [kept] = tmp_path.glob(".export.wav.*.part")
        assert f".export.wav.{running.pid}." in kept.name  # still being written
    finally:
        running.kill()
        running.wait()


def test_only_a_dead_writers_own_temporary_files_are_removed(tmp_path: Path) -> None:
    """Names that merely look like one are left alone, and so is another file's temporary
    file whose name begins with this one's (`notes.2024` beside `notes`)."""
    dead = _dead_pid()
    folder = tmp_path / "writing"
    folder.mkdir()
    lookalikes = [
        f".notes.{dead}.json",  # no random middle
        f".notes.{dead}.backup.json",
        f".notes.{dead}.abcdefgh.PART",  # not the case Python writes
        ".notes.².abcdefgh.part",  # a digit, but not an ASCII one
        f".notes.2024.{dead}.abcdefgh.part",  # a temporary file of notes.2024
        f".notes.{dead}.abcdefghi.part",  # one character too many
    ]
    for name in lookalikes:
        (folder / name).write_text("mine")
        os.utime(folder / name, (time.time() - 3600, time.time() - 3600))
    write_text_atomically(folder / "notes", "new", "save")
    assert sorted(p.name for p in folder.iterdir() if p.name != "notes") == sorted(lookalikes)


def _dead_pid() -> int:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(finished.stdout)


def test_a_full_disk_leaves_the_old_file_and_says_so(small_disk: Path) -> None:
    target = small_disk / "journal.json"
    write_text_atomically(target, "old", "export your journal")
    with pytest.raises(StorageError) as raised:
        write_bytes_atomically(target, b"x" * 400_000, "export your journal")
    assert raised.value.short == (
        f"Could not export your journal: the disk holding {target} is full."
    )
    assert isinstance(raised.value.__cause__, OSError)
    assert raised.value.__cause__.errno == errno.ENOSPC
    assert target.read_text() == "old"
    assert [p.name for p in small_disk.iterdir()] == ["journal.json"]


def test_an_export_to_a_full_disk_says_so(
    small_disk: Path, recorded_exercise: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = small_disk / "out.wav"
    assert main(["export", str(recorded_exercise), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    # Refused before rendering: the disk is too small for the session (export checks first).
    assert "bodyscan: Could not export to out.wav: it needs about" in err
    assert f"the disk holding {small_disk} has" in err and "Free some space" in err
    assert list(small_disk.iterdir()) == []  # nothing half written
