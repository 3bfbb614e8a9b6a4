"""Export: bodyscan's block mixer against ffmpeg mixing the same clips, and naive pydub.

Run: .venv/bin/python bench/bench_export.py [--runs 3] [--skip-naive] [--baseline DIR]

Narration is synthesised once first (every approach then reads the same cached clips). Each
figure comes from a fresh process, timed from outside (interpreter start included); memory is
the process's peak RSS (VmHWM for ours, wait4's ru_maxrss for ffmpeg).

- ffmpeg is the comparator for the 45-minute export, run side by side with ours (alternating,
  `--runs` times each): the same clips (written to WAV at their own rates beforehand) at the
  same frames via `aresample` + `adelay` + `amix`, centred in both channels, plus two
  `anoisesrc=color=pink` (one per channel, like our stereo bed) at the bed's level, written to a
  16-bit WAV of the same length. It does less than we do (no ducking, fades or limiter) and does
  not fsync; "ffmpeg + fsync" adds the fsync our export does before renaming its file.
- `--baseline DIR` runs the same export from another source tree (e.g. `git archive main`
  unpacked into DIR) in the same alternation, for before/after figures under the same load.
- Peak memory is measured for three lengths (23, 45 and 90 minutes): it must stay flat.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

OURS = """
import sys
from bodyscan.cli import main
code = main(["export", sys.argv[1], "-o", sys.argv[2], "--ambient", "pink-noise", *sys.argv[3:]])
status = open("/proc/self/status").read()
peak = int(next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1]) / 1024
print(peak)
raise SystemExit(code)
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

# Every sound our mixer places, as WAV files at their own rates, with the frames they start at.
FFMPEG_PLAN = """
import json, sys, wave
from pathlib import Path
import numpy as np
from bodyscan import provider
from bodyscan.audio.bank import SoundBank
from bodyscan.audio.mixer import AMBIENT_RMS, Mixer
from bodyscan.core.timeline import TimelineOptions, plan
folder = Path(sys.argv[2])
script = provider.library().load(sys.argv[1])
options = TimelineOptions(target_seconds=float(sys.argv[3]) * 60)
bank = SoundBank(script, provider.narrator(), provider.sound_catalogue(), options)
timeline = plan(script, bank.measure(), options)
files, items = {}, []
for placement in Mixer(timeline, bank, None).placed:
    if placement.key not in files:
        native = bank._native.get(placement.key)
        if native is not None:
            samples, rate = native.samples, native.rate
        else:
            samples = np.round(bank.samples(placement.key) * 32767).astype(np.int16)
            rate = timeline.rate
        path = folder / f"clip{len(files)}.wav"
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            out.writeframes(samples.tobytes())
        files[placement.key] = str(path)
    items.append([files[placement.key], placement.start])
print(json.dumps({"items": items, "frames": timeline.frames, "rate": timeline.rate,
                  "ambient_rms": AMBIENT_RMS}))
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

NOISE_ALONE = """
import json, time
from bodyscan.audio.noise import NoiseBed
start = time.perf_counter()
bed = NoiseBed("pink", 48000)
built = time.perf_counter() - start
block = 96000
for at in range(0, 45 * 60 * 48000, block):
    bed.render(at, block)
print(json.dumps({"build": built, "seconds": time.perf_counter() - start}))
"""


def run(code: str, *args: str, home: str, path: str | None = None) -> dict[str, float]:
    env = {**os.environ, "BODYSCAN_HOME": home}
    if path is not None:
        env["PYTHONPATH"] = path
    # Run from the home folder: `python -c` puts the working directory first on sys.path,
    # which would shadow a baseline tree given in PYTHONPATH.
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=home,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def timed(
    command: list[str], output: str, *, home: str, path: str | None = None
) -> dict[str, float]:
    """Wall time and peak RSS of a fresh process (its last stdout line, if a number, is the
    peak it measured itself, which excludes what Linux carries over from the parent)."""
    env = {**os.environ, "BODYSCAN_HOME": home}
    if path is not None:
        env["PYTHONPATH"] = path
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=home, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({process.returncode})")
    lines = output.strip().splitlines()
    peak = float(lines[-1]) if lines else usage.ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak}


def ours(exercise: str, out: str, *extra: str, home: str, path: str | None = None) -> dict:
    return timed([sys.executable, "-c", OURS, exercise, out, *extra], out, home=home, path=path)


def ffmpeg_command(plan: dict, amplitude: float, out: str) -> list[str]:
    rate, frames = plan["rate"], plan["frames"]
    command = ["ffmpeg", "-y", "-v", "error"]
    graph = []
    for index, (clip, start) in enumerate(plan["items"]):
        command += ["-i", clip]
        graph.append(f"[{index}:a]aresample={rate},adelay=delays={start}S:all=1[d{index}]")
    count = len(plan["items"])
    graph.append(
        "".join(f"[d{i}]" for i in range(count))
        + f"amix=inputs={count}:normalize=0:dropout_transition=0,pan=stereo|c0=c0|c1=c0[voice]"
    )
    seconds = frames / rate + 1
    for channel in range(2):
        graph.append(
            f"anoisesrc=color=pink:sample_rate={rate}:amplitude={amplitude}:d={seconds}"
            f":seed={channel + 1}[n{channel}]"
        )
    graph.append("[n0][n1]amerge=inputs=2[noise]")
    graph.append(
        f"[voice][noise]amix=inputs=2:normalize=0:duration=longest,atrim=end_sample={frames}[out]"
    )
    return [*command, "-filter_complex", ";".join(graph), "-map", "[out]", "-c:a", "pcm_s16le", out]


def pink_amplitude(rms: float) -> float:
    """anoisesrc's amplitude that gives its pink noise this RMS (measured: it is not 1:1)."""
    probe = subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "anoisesrc=color=pink:amplitude=1:sample_rate=48000:d=30",
            "-f",
            "f32le",
            "-",
        ],
        check=True,
        capture_output=True,
    ).stdout
    import numpy as np  # noqa: PLC0415  (only the bench process needs it)

    samples = np.frombuffer(probe, dtype=np.float32).astype(np.float64)
    return rms / float(np.sqrt(np.mean(samples**2)))


def fsync_file(path: str) -> float:
    start = time.perf_counter()
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
    return time.perf_counter() - start


def wav_seconds(path: str) -> float:
    with wave.open(path, "rb") as clip:
        return clip.getnframes() / clip.getframerate()


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def spread(runs: list[dict], key: str) -> str:
    values = [r[key] for r in runs]
    return f"{min(values):.2f}-{max(values):.2f}"


def load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-naive", action="store_true", help="leave out pydub (minutes)")
    parser.add_argument("--baseline", metavar="DIR", help="another source tree to compare")
    args = parser.parse_args()
    baseline = str(Path(args.baseline).resolve()) if args.baseline else None
    print(f"load average at start: {load()}")
    with tempfile.TemporaryDirectory() as home:
        exercises = Path(home, "exercises")
        exercises.mkdir()
        # 45- and 90-minute sessions: the long scan, allowed to stretch that far.
        long_scan = (REPO / "scripts" / "body-scan-25.yaml").read_text()
        for minutes in (45, 90):
            Path(exercises, f"scan-{minutes}.yaml").write_text(
                f"id: scan-{minutes}\n"
                + long_scan.replace(
                    "length: {min: 18m, max: 40m}", f"length: {{min: 18m, max: {minutes + 5}m}}"
                )
            )
        subprocess.run(
            [sys.executable, "-m", "bodyscan", "narrate", "body-scan-25", "scan-45", "scan-90"],
            env={**os.environ, "BODYSCAN_HOME": home},
            check=True,
            capture_output=True,
        )
        out = str(Path(home, "out.wav"))
        mixed = Path(home, "ffmpeg")
        mixed.mkdir()
        plan = run(FFMPEG_PLAN, "scan-45", str(mixed), "45", home=home)
        command = ffmpeg_command(plan, pink_amplitude(plan["ambient_rms"]), str(mixed / "out.wav"))

        ours25 = [ours("body-scan-25", out, home=home) for _ in range(args.runs)]
        length25 = wav_seconds(out)
        seconds = median(ours25, "seconds")
        print(
            f"ours, body-scan-25 ({length25 / 60:.1f} min) with pink noise: median {seconds:.2f} s "
            f"({spread(ours25, 'seconds')}; about {length25 / seconds:.0f}x real time), "
            f"peak {median(ours25, 'peak_mb'):.0f} MB"
        )

        # The 45-minute export, side by side: ours, ffmpeg (and the baseline), alternating.
        ours45: list[dict] = []
        ffmpeg45: list[dict] = []
        base45: list[dict] = []
        for _ in range(args.runs):
            ours45.append(ours("scan-45", out, "--minutes", "45", home=home))
            result = timed(command, command[-1], home=home)
            result["fsync"] = fsync_file(str(mixed / "out.wav"))
            result["seconds_fsync"] = result["seconds"] + result["fsync"]
            ffmpeg45.append(result)
            if baseline is not None:
                base45.append(ours("scan-45", out, "--minutes", "45", home=home, path=baseline))
        assert abs(wav_seconds(out) - wav_seconds(str(mixed / "out.wav"))) < 1e-3
        ours_s, ffmpeg_s = median(ours45, "seconds"), median(ffmpeg45, "seconds")
        ffmpeg_sync = median(ffmpeg45, "seconds_fsync")
        print(f"load average after the side-by-side runs: {load()}")
        print(
            f"ours, 45-minute session: median {ours_s:.2f} s ({spread(ours45, 'seconds')}), "
            f"peak {median(ours45, 'peak_mb'):.0f} MB"
        )
        print(
            f"ffmpeg, same mix: median {ffmpeg_s:.2f} s ({spread(ffmpeg45, 'seconds')}), "
            f"+ fsync {ffmpeg_sync:.2f} s, peak {median(ffmpeg45, 'peak_mb'):.0f} MB"
        )
        print(
            f"ours / ffmpeg: {ours_s / ffmpeg_s:.2f} (with fsync on both: "
            f"{ours_s / ffmpeg_sync:.2f})"
        )
        if base45:
            base_s = median(base45, "seconds")
            print(
                f"baseline, 45-minute session: median {base_s:.2f} s ({spread(base45, 'seconds')}),"
                f" peak {median(base45, 'peak_mb'):.0f} MB; baseline / ours {base_s / ours_s:.1f}, "
                f"baseline / ffmpeg {base_s / ffmpeg_s:.2f}"
            )

        ours90 = [
            ours("scan-90", out, "--minutes", "90", home=home) for _ in range(max(1, args.runs))
        ]
        print(
            f"ours, 90-minute session: median {median(ours90, 'seconds'):.2f} s "
            f"({spread(ours90, 'seconds')}), peak {median(ours90, 'peak_mb'):.0f} MB "
            f"(23 min: {median(ours25, 'peak_mb'):.0f} MB, 45 min: "
            f"{median(ours45, 'peak_mb'):.0f} MB)"
        )

        noise = [run(NOISE_ALONE, home=home) for _ in range(args.runs)]
        print(
            f"pink bed alone, 45 min stereo in 2 s blocks: median {median(noise, 'seconds'):.2f} s "
            f"(tables built in {median(noise, 'build') * 1000:.0f} ms)"
        )
        seek = run(RENDER_AT, "scan-45", home=home)
        print(
            f"render one second: at minute 0 {seek['minute0'] * 1000:.1f} ms, "
            f"at minute 40 {seek['minute40'] * 1000:.1f} ms"
        )

        if not args.skip_naive:
            naive = run(NAIVE, "body-scan-25", out, home=home)
            print(
                f"naive pydub, body-scan-25: {naive['seconds']:.1f} s "
                f"({naive['length'] / naive['seconds']:.0f}x real time), "
                f"peak {naive['peak_mb']:.0f} MB"
            )
            naive45 = run(NAIVE, "scan-45", out, "45", home=home)
            print(
                f"naive pydub, 45-minute session: {naive45['seconds']:.1f} s, "
                f"peak {naive45['peak_mb']:.0f} MB"
            )
        print(f"load average at the end: {load()}")


if __name__ == "__main__":
    main()
