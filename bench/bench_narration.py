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
from bodyscan.narration.prepare import prepare, spoken_steps
from bodyscan.narration.render import length_scale, render_speech

REPO = Path(__file__).resolve().parent.parent
FIRST_AUDIO = """
import json, sys, time
start = time.perf_counter()
from bodyscan import provider
from bodyscan.narration.render import length_scale
library = provider.library()
script = library.load(sys.argv[1])
narrator = provider.narrator()
loader = narrator.loader
loader.start()
engine = loader.get()
loaded = time.perf_counter()
first_text = script.says[0].text
sentence = next(engine.sentences(first_text, length_scale(script.voice.speed)))
first_sentence = time.perf_counter()
clip = narrator.speech(first_text, script.voice)
first_step = time.perf_counter()
print(json.dumps({"cold_first_sentence": first_sentence - start,
                  "cold_first_step": first_step - start, "load": loaded - start}))
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
        engine = provider.narrator().loader.get()  # the app's engine, with its saved graph
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
        first = scan25.says[0].text
        warm_sentence, warm_step = [], []
        for _ in range(5):
            start = time.perf_counter()
            next(engine.sentences(first, length_scale(1.0)))
            warm_sentence.append(time.perf_counter() - start)
            start = time.perf_counter()
            render_speech(engine, first, 1.0, scan25.voice.sentence_gap)
            warm_step.append(time.perf_counter() - start)
        print(
            f"first audio, model loaded: first sentence {statistics.median(warm_sentence):.3f} s, "
            f"whole first step {statistics.median(warm_step):.3f} s"
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
        for key in ("load", "cold_first_sentence", "cold_first_step"):
            median = statistics.median(c[key] for c in runs)
            print(f"{label}, {key.replace('cold_', '').replace('_', ' ')}: median {median:.2f} s")

    with tempfile.TemporaryDirectory() as home:
        peak = float(run(PEAK, "body-scan-25", home=home))
    print(f"peak memory narrating body-scan-25 from nothing: {peak:.0f} MB")


if __name__ == "__main__":
    main()
