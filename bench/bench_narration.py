"""Narration figures: real-time factor, time to first audio, cache-hit time, peak memory.

Run: .venv/bin/python bench/bench_narration.py
Each figure is a median over repeats; cold figures start a fresh process each time.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bodyscan import provider
from bodyscan.core.timeline import TimelineOptions
from bodyscan.narration.prepare import prepare, spoken_steps
from bodyscan.narration.render import render_speech

REPO = Path(__file__).resolve().parent.parent
FIRST_AUDIO = """
import json, sys, time
start = time.perf_counter()
from bodyscan import provider
from bodyscan.core.timeline import TimelineOptions
library = provider.library()
script = library.load(sys.argv[1])
narrator = provider.narrator()
narrator.loader.start()  # what the app does at start
narrator.loader.get()
loaded = time.perf_counter()
ahead = provider.render_ahead(script, TimelineOptions(), None, narrator)
while not ahead.ready():
    time.sleep(0.002)
ready = time.perf_counter()
ahead.close()
ahead.join()
print(json.dumps({"load": loaded - start, "cold_first_audio": ready - start}))
"""
# VmHWM, not ru_maxrss: Linux carries the parent's high-water mark into ru_maxrss across exec,
# so a child of this (large) benchmark process would report the parent's size.
PEAK = """
import sys
from bodyscan import provider
from bodyscan.narration.prepare import prepare
library = provider.library()
prepare([library.load(sys.argv[1])], provider.narrator())
status = open("/proc/self/status").read()
print(int(next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1]) / 1024)
"""


def run(code: str, *args: str, home: str) -> str:
    env = {**os.environ, "BODYSCAN_HOME": home}
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, check=True, capture_output=True, text=True
    ).stdout


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["BODYSCAN_HOME"] = home
        engine_loader = provider.narrator().loader
        engine = engine_loader.get()  # the app's engine, with its saved graph
        library = provider.library()
        scan12 = library.load("body-scan-12")
        render_speech(engine, "Warming up.", 1.0, scan12.voice.sentence_gap)
        factors = []
        for _ in range(3):
            speech = spent = 0.0
            for step in spoken_steps(scan12):
                start = time.perf_counter()
                clip = render_speech(
                    engine, step.text, scan12.voice.speed, scan12.voice.sentence_gap
                )
                spent += time.perf_counter() - start
                speech += clip.seconds
            factors.append(spent / speech)
        print(
            f"real-time factor, body-scan-12 ({speech:.0f} s of speech): "
            f"median {statistics.median(factors):.3f}"
        )

        scan25 = library.load("body-scan-25")
        warm = []
        for _ in range(7):
            for saved in Path(home, "cache", "narration").glob("*/*.wav"):
                saved.unlink()  # never synthesised
            narrator = provider.narrator(loader=engine_loader)
            start = time.perf_counter()
            ahead = provider.render_ahead(scan25, TimelineOptions(), None, narrator)
            while not ahead.ready():
                time.sleep(0.001)
            warm.append(time.perf_counter() - start)
            ahead.close()
            ahead.join()
        print(
            "play to first audio (render-ahead, model loaded, never synthesised): "
            f"median {statistics.median(warm):.3f} s"
        )

        narrator = provider.narrator()
        prepare([scan25], narrator)
        hits = []
        for _ in range(7):
            fresh = provider.narrator()  # a new narrator: nothing held in memory
            start = time.perf_counter()
            clips = [fresh.cached(step.text, scan25.voice) for step in spoken_steps(scan25)]
            hits.append(time.perf_counter() - start)
            assert all(clips)
        print(
            f"cache hits for all {len(clips)} instructions of body-scan-25: "
            f"median {statistics.median(hits) * 1000:.1f} ms"
        )

    firsts = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as home:
            firsts.append(json.loads(run(FIRST_AUDIO, "body-scan-25", home=home)))
    colds = []
    with tempfile.TemporaryDirectory() as home:
        run(FIRST_AUDIO, "body-scan-25", home=home)  # saves the optimised voice graph
        for _ in range(5):
            for saved in Path(home, "cache", "narration").glob("*/*.wav"):
                saved.unlink()  # speech is never cached: only the voice graph is
            colds.append(json.loads(run(FIRST_AUDIO, "body-scan-25", home=home)))
    for label, runs in (("first run on this machine", firsts), ("fresh process", colds)):
        for key in ("load", "cold_first_audio"):
            median = statistics.median(c[key] for c in runs)
            print(f"{label}, {key.replace('cold_', '').replace('_', ' ')}: median {median:.2f} s")

    with tempfile.TemporaryDirectory() as home:
        peak = float(run(PEAK, "body-scan-25", home=home))
    print(f"peak memory narrating body-scan-25 from nothing: {peak:.0f} MB")


if __name__ == "__main__":
    main()
