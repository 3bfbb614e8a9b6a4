"""The narration cache: atomic under SIGKILL, verified on read, bounded by LRU eviction."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from bodyscan.audio.clip import Clip
from bodyscan.audio.wavfile import WavError, read_wav
from bodyscan.errors import StorageError
from bodyscan.narration.cache import NarrationCache, cache_key

WRITER = """
import sys
from pathlib import Path
import numpy as np
from bodyscan.audio.clip import Clip
from bodyscan.narration.cache import NarrationCache
cache = NarrationCache(Path(sys.argv[1]), cap_bytes=10**12)
rng = np.random.default_rng(int(sys.argv[2]))
for n in range(10_000):
    key = f"{int(sys.argv[2]):04d}{n:060d}"
    samples = rng.integers(-20000, 20000, 22050 * 10, dtype=np.int16)  # ten seconds: 441 KB
    cache.put(key, Clip(samples, 22050))
    print(key, flush=True)
"""


def clip(seconds: float = 1.0, value: int = 1000) -> Clip:
    return Clip(np.full(int(22050 * seconds), value, dtype=np.int16), 22050)


def test_key_covers_everything_that_changes_the_sound() -> None:
    base = cache_key("voice-a", "Hello.", 1.0, Fraction(4, 5))
    assert base == cache_key("voice-a", "Hello.", 1.0, Fraction(4, 5))
    assert (
        len(
            {
                base,
                cache_key("voice-b", "Hello.", 1.0, Fraction(4, 5)),
                cache_key("voice-a", "Hello!", 1.0, Fraction(4, 5)),
                cache_key("voice-a", "Hello.", 1.1, Fraction(4, 5)),
                cache_key("voice-a", "Hello.", 1.0, Fraction(1)),
            }
        )
        == 5
    )


def test_killed_writers_never_leave_a_bad_entry(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    completed: list[str] = []
    rounds = 20
    for seed in range(rounds):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(root), str(seed)], stdout=subprocess.PIPE, text=True
        )
        time.sleep(random.uniform(0.3, 1.2))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
        completed += out.split()
    cache = NarrationCache(root)
    entries = list(root.glob("*/*.wav"))
    assert len(entries) >= len(completed) >= rounds // 2
    for path in entries:
        read_wav(path, verify=True)  # raises WavError on any damaged entry
    for key in completed:
        assert cache.get(key) is not None
    # Some kills must have landed mid-write (about half do), or this test proved nothing.
    assert list(root.glob("*/.*.part")), "no kill landed during a write"


def test_truncated_entry_is_detected(tmp_path: Path) -> None:
    cache = NarrationCache(tmp_path)
    cache.put("ab" + "0" * 62, clip())
    path = cache.path("ab" + "0" * 62)
    path.write_bytes(path.read_bytes()[:-100])
    try:
        read_wav(path, verify=True)
    except WavError:
        pass
    else:  # pragma: no cover
        raise AssertionError("truncation not detected")
    assert cache.get("ab" + "0" * 62) is None and not path.exists()


def test_lru_eviction_keeps_recently_used(tmp_path: Path) -> None:
    one_entry = 44 + 2 * 22050 + 12
    cache = NarrationCache(tmp_path, cap_bytes=3 * one_entry)
    keys = [f"{i:02d}" + "0" * 62 for i in range(3)]
    for age, key in enumerate(keys):
        cache.put(key, clip())
        os.utime(cache.path(key), (1000 + age, 1000 + age))  # oldest first
    assert cache.get(keys[0]) is not None  # now the most recently used
    cache.put("99" + "0" * 62, clip())
    assert cache.contains(keys[0]) and not cache.contains(keys[1]) and cache.contains(keys[2])
    assert cache.size_bytes() <= cache.cap_bytes


def test_clear_and_stale_temporary_files(tmp_path: Path) -> None:
    cache = NarrationCache(tmp_path)
    cache.put("ab" + "1" * 62, clip())
    stale = tmp_path / "ab" / ".left-by-a-crash.tmp"
    stale.write_bytes(b"partial")
    os.utime(stale, (0, 0))
    assert cache.clear() > 0
    assert list(tmp_path.glob("*/*")) == []


def test_unwritable_cache_says_what_failed(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    cache = NarrationCache(blocker)
    with pytest.raises(StorageError, match="Could not store narration in the cache"):
        cache.put("ab" + "2" * 62, clip())
    assert cache.get("ab" + "2" * 62) is None
