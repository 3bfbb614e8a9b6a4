"""Every hostile script a tester brought, and the whole corpus of bad scripts, through the
commands a person runs: `validate`, `play --output null` and `export`. No traceback, no
"something unexpected", no hang (a timeout), exit 1 with the validator's message, and the
journal that was there before exactly as it was (bytes, row counts, integrity check).

Hostile journal imports are in tests/journal/test_import_corpus.py; accepted edges of the
format that must play and export are in tests/audio/test_play_export_edges.py."""

from __future__ import annotations

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import CORPUS, run_bodyscan
from tests.journal.realfs import contents, fingerprint
from tests.journal.test_import_corpus import journal_with_entries

BAD = sorted((CORPUS / "bad").glob("*.yaml"))


def extra_inputs(folder: Path) -> list[Path]:
    """Files that are not scripts at all, as a person (or a mistyped path) may give them."""
    made = []
    secret = folder / "shadow"
    secret.write_text("root:$6$secretsalt$abcdef:19000:0:99999:7:::\n")
    made.append(secret)
    fifo = folder / "pipe.yaml"
    os.mkfifo(fifo)
    made.append(fifo)
    loop_a, loop_b = folder / "loop-a.yaml", folder / "loop-b.yaml"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    made.append(loop_a)
    dangling = folder / "dangling.yaml"
    dangling.symlink_to(folder / "nowhere.yaml")
    made.append(dangling)
    (folder / "a-folder.yaml").mkdir()
    made.append(folder / "a-folder.yaml")
    made.append(Path("/dev/zero"))
    binary = folder / "binary.yaml"
    binary.write_bytes(bytes(range(256)) * 64)
    made.append(binary)
    huge = folder / "huge.yaml"
    with huge.open("wb") as out:
        out.truncate(3 * 1024 * 1024 * 1024)  # 3 GB claimed, sparse
    made.append(huge)
    latin = folder / "latin1.yaml"
    latin.write_bytes("title: Caf\xe9\nkind: grounding\nsteps:\n  - pause: 1s\n".encode("latin-1"))
    made.append(latin)
    return made


@dataclass(frozen=True)
class Run:
    path: Path
    command: str
    result: subprocess.CompletedProcess[str]


def bodyscan(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_bodyscan(home, *args)


@dataclass(frozen=True)
class Outcome:
    runs: list[Run]
    validated: subprocess.CompletedProcess[str]
    before: tuple[object, ...]
    after: tuple[object, ...]
    inputs: list[Path]


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    root = tmp_path_factory.mktemp("hostile-scripts")
    home = root / "home"
    home.mkdir()
    journal = journal_with_entries(home)
    inputs = [*BAD, *extra_inputs(root)]
    before = (fingerprint(home), contents(journal))
    validated = bodyscan(home, "validate", *map(str, inputs))

    def attempt(job: tuple[Path, str]) -> Run:
        path, command = job
        if command == "play":
            return Run(path, command, bodyscan(home, "play", str(path), "--output", "null"))
        out = root / f"{path.stem}.wav"
        return Run(path, command, bodyscan(home, "export", str(path), "-o", str(out)))

    jobs = [(path, command) for path in inputs for command in ("play", "export")]
    with ThreadPoolExecutor(max_workers=4) as pool:  # each start mostly waits for imports
        runs = list(pool.map(attempt, jobs))
    return Outcome(runs, validated, before, (fingerprint(home), contents(journal)), inputs)


def calm(result: subprocess.CompletedProcess[str]) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert "unexpected" not in output, output


def test_validate_reports_every_file_without_a_traceback(outcome: Outcome) -> None:
    calm(outcome.validated)
    assert outcome.validated.returncode == 1
    for path in outcome.inputs:
        assert f"{path}:" in outcome.validated.stdout, path  # every file has its own line


def test_play_and_export_refuse_each_with_its_reason(outcome: Outcome) -> None:
    assert len(outcome.runs) == 2 * len(outcome.inputs)
    for run in outcome.runs:
        calm(run.result)
        assert run.result.returncode == 1, (run.path, run.command, run.result.stderr)
        assert run.result.stderr.startswith("bodyscan: "), (run.path, run.result.stderr)
        assert not (run.path.parent / f"{run.path.stem}.wav").exists()


def test_no_file_content_is_echoed(outcome: Outcome) -> None:
    for run in [*outcome.runs, Run(Path(), "validate", outcome.validated)]:
        assert "secretsalt" not in run.result.stdout + run.result.stderr


def test_the_journal_is_exactly_as_it_was(outcome: Outcome) -> None:
    assert outcome.before[1]["integrity"] == "ok"  # type: ignore[index]
    assert outcome.after == outcome.before
