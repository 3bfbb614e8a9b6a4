"""Export: bodyscan's block mixer against the naive whole-file pydub approach.

Run: .venv/bin/python bench/bench_export.py
Narration is synthesised once first (both approaches then read the same cached clips). Each
figure comes from a fresh process; memory is the process's VmHWM.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

OURS = """
import json, sys, time
start = time.perf_counter()
from pathlib import Path
from bodyscan.cli import main
code = main(["export", sys.argv[1], "-o", sys.argv[2], "--ambient", "pink-noise", *sys.argv[3:]])
elapsed = time.perf_counter() - start
status = open("/proc/self/status").read()
peak = int(next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1]) / 1024
print(json.dumps({"seconds": elapsed, "peak_mb": peak, "code": code}))
"""

# What a user would write with pydub alone: one AudioSegment for the whole session, each clip
# overlaid at its time, white noise for the bed, then export.
NAIVE = """
import json, sys, time
start = time.perf_counter()
from pydub import AudioSegment
from pydub.generators import WhiteNoise
from bodyscan import provider
from bodyscan.audio.bank import SoundBank
from bodyscan.core.timeline import TimelineOptions, plan
from bodyscan.narration.level import to_segment
script = provider.library().load(sys.argv[1])
options = TimelineOptions(target_seconds=float(sys.argv[3]) * 60 if len(sys.argv) > 3 else None)
narrator = provider.narrator()
bank = SoundBank(script, narrator, provider.sound_catalogue(), options)
timeline = plan(script, bank.measure(), options)
session = AudioSegment.silent(duration=timeline.seconds * 1000, frame_rate=48000).set_channels(2)
bed = WhiteNoise().to_audio_segment(duration=timeline.seconds * 1000).apply_gain(-32)
session = session.overlay(bed)
for event in timeline.events:
    if event.type == "say" and event.step is not None:
        clip = to_segment(bank._native[("say", event.step)]).set_frame_rate(48000).set_channels(2)
        session = session.overlay(clip, position=event.start / 48)
session.export(sys.argv[2], format="wav")
elapsed = time.perf_counter() - start
status = open("/proc/self/status").read()
peak = int(next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1]) / 1024
print(json.dumps({"seconds": elapsed, "peak_mb": peak, "length": timeline.seconds}))
"""

RENDER_AT = """
import json, sys, time, statistics
from bodyscan import provider
from bodyscan.audio.bank import SoundBank
from bodyscan.audio.mixer import Mixer
from bodyscan.core.timeline import TimelineOptions, plan
script = provider.library().load(sys.argv[1])
options = TimelineOptions(target_seconds=45 * 60)
bank = SoundBank(script, provider.narrator(), provider.sound_catalogue(), options)
timeline = plan(script, bank.measure(), options)
mixer = Mixer(timeline, bank, provider.ambient_bed("pink-noise", 48000, provider.sound_catalogue()))
def cost(second):
    runs = []
    for step in range(15):  # a different second each time: nothing comes from a cache
        at = (second + 3 * step) * 48000
        start = time.perf_counter()
        mixer.render(at, at + 48000)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)
print(json.dumps({"minute0": cost(5), "minute40": cost(40 * 60)}))
"""


def run(code: str, *args: str, home: str) -> dict[str, float]:
    env = {**os.environ, "BODYSCAN_HOME": home}
    result = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def wav_seconds(path: str) -> float:
    with wave.open(path, "rb") as clip:
        return clip.getnframes() / clip.getframerate()


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        exercises = Path(home, "exercises")
        exercises.mkdir()
        # A 45-minute session: the long scan, allowed to stretch that far.
        long_scan = (REPO / "scripts" / "body-scan-25.yaml").read_text()
        long_scan = long_scan.replace(
            "length: {min: 18m, max: 40m}", "length: {min: 18m, max: 50m}"
        )
        Path(exercises, "scan-45.yaml").write_text("id: scan-45\n" + long_scan)
        subprocess.run(
            [sys.executable, "-m", "bodyscan", "narrate", "body-scan-25", "scan-45"],
            env={**os.environ, "BODYSCAN_HOME": home},
            check=True,
            capture_output=True,
        )
        out = str(Path(home, "out.wav"))
        ours = [run(OURS, "body-scan-25", out, home=home) for _ in range(3)]
        length = wav_seconds(out)
        seconds = statistics.median(r["seconds"] for r in ours)
        print(
            f"ours, body-scan-25 with pink noise: median {seconds:.1f} s "
            f"(about {length / seconds:.0f}x real time, process start included), "
            f"peak {statistics.median(r['peak_mb'] for r in ours):.0f} MB"
        )
        naive = run(NAIVE, "body-scan-25", out, home=home)
        print(
            f"naive pydub, body-scan-25: {naive['seconds']:.1f} s "
            f"({naive['length'] / naive['seconds']:.0f}x real time), peak {naive['peak_mb']:.0f} MB"
        )
        ours45 = [run(OURS, "scan-45", out, "--minutes", "45", home=home) for _ in range(3)]
        print(
            "ours, 45-minute session: "
            f"median {statistics.median(r['seconds'] for r in ours45):.1f} s, "
            f"peak {statistics.median(r['peak_mb'] for r in ours45):.0f} MB"
        )
        naive45 = run(NAIVE, "scan-45", out, "45", home=home)
        print(
            f"naive pydub, 45-minute session: {naive45['seconds']:.1f} s, "
            f"peak {naive45['peak_mb']:.0f} MB"
        )
        seek = run(RENDER_AT, "scan-45", home=home)
        print(
            f"render one second: at minute 0 {seek['minute0'] * 1000:.1f} ms, "
            f"at minute 40 {seek['minute40'] * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
