"""What `bodyscan install` says of the exercise it installed: its length with its recordings
measured (it was estimated from the text once the pack's unpacked copy was gone: a two-minute
recording was said to last seconds)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import burst, run_bodyscan


def test_install_says_the_length_the_library_shows(tmp_path: Path) -> None:
    maker = tmp_path / "maker"
    (maker / "exercises").mkdir(parents=True)
    burst(maker / "exercises" / "long.wav", 220, 120.0)
    (maker / "exercises" / "long.yaml").write_text(
        "id: long-recording\ntitle: Long recording\nkind: grounding\nsteps:\n"
        "  - say: A long recording, or nothing.\n    audio: long.wav\n    pause: 2s\n"
    )
    pack = tmp_path / "long.bodyscan"
    made = run_bodyscan(maker, "pack", "long-recording", "-o", str(pack))
    assert made.returncode == 0, made.stderr
    friend = tmp_path / "friend"
    friend.mkdir()
    done = run_bodyscan(friend, "install", str(pack))
    assert done.returncode == 0, done.stderr
    said = re.search(r"\(long-recording, ([^)]+)\)", done.stdout)
    assert said is not None, done.stdout
    listed = run_bodyscan(friend, "list")
    [line] = [row for row in listed.stdout.splitlines() if row.startswith("long-recording")]
    low, high = said.group(1).split(" to ") if " to " in said.group(1) else (said.group(1),) * 2
    assert f"{low}–{high}" in line or (low == high and f" {low} " in line), (said, line)
    assert low.startswith("2m")  # two minutes of recording, and more
