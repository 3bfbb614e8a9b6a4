"""Live playback figures, from the real sound: a private PulseAudio null sink recorded with parec.

Run: .venv/bin/python bench/bench_playback.py [--drift-minutes 10] [--outputs qt,portaudio]

- play -> first sample and pause -> silence: the command's time against the arrival time of the
  captured samples (parec delivers 10 ms blocks; each block is timestamped on arrival, so the
  figures include up to ~10 ms of capture latency).
- drift: a session of short tone recordings at planned times, captured in real time; the last
  onset's distance from the first, against the plan.
- CPU: process CPU time over wall time while body-scan-12 plays with pink noise.
Each is measured for bodyscan's live outputs (qt, portaudio) and compared with a naive player:
simpleaudio.play_buffer per step, time.sleep for pauses.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")

from bodyscan.core.playback import AudioOutput  # noqa: E402
from tests.conftest import recordings_mixer  # noqa: E402
from tests.pulse import RATE, PulseServer, onsets, running_pulse  # noqa: E402

QUIET = 200  # the sink's silence is digital zero; anything above this is sound


class TimedCapture:
    """parec's samples, each 10 ms block stamped with the monotonic time it arrived."""

    def __init__(self, server: PulseServer) -> None:
        self.process = subprocess.Popen(
            server.record_command(), env=server.env, stdout=subprocess.PIPE
        )
        self.blocks: list[tuple[float, np.ndarray]] = []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()
        while sum(b.size for _, b in self.blocks) < RATE // 2:
            time.sleep(0.01)

    def _read(self) -> None:
        assert self.process.stdout is not None
        while True:
            data = self.process.stdout.read1(960)  # type: ignore[attr-defined]
            if not data:
                return
            self.blocks.append((time.monotonic(), np.frombuffer(data, dtype="<i2")))

    def stop(self) -> tuple[np.ndarray, np.ndarray]:
        """All samples, and the arrival time of each."""
        self.process.terminate()
        self.process.wait(timeout=10)
        self.thread.join(timeout=10)
        samples = np.concatenate([b for _, b in self.blocks]).astype(float)
        arrival = np.concatenate([np.full(b.size, t) for t, b in self.blocks])
        return samples, arrival


def first_sound_after(samples: np.ndarray, arrival: np.ndarray, moment: float) -> float:
    later = np.flatnonzero((arrival >= moment) & (np.abs(samples) > QUIET))
    return float(arrival[later[0]] - moment)


def silence_after(samples: np.ndarray, arrival: np.ndarray, moment: float) -> float:
    """Time from `moment` to the arrival of the last sound that follows it."""
    loud = np.flatnonzero((arrival >= moment) & (np.abs(samples) > QUIET))
    return float(arrival[loud[-1]] - moment) if loud.size else 0.0


def run_qt_until(condition: Callable[[], bool], timeout: float) -> None:
    from PySide6.QtCore import QCoreApplication  # noqa: PLC0415

    deadline = time.monotonic() + timeout
    while not condition():
        QCoreApplication.processEvents()
        time.sleep(0.002)
        if time.monotonic() > deadline:
            raise TimeoutError


def make_output(name: str) -> AudioOutput:
    if name == "portaudio":
        from bodyscan.audio.portaudio_output import PortAudioOutput  # noqa: PLC0415

        return PortAudioOutput()
    from bodyscan.ui.qt_output import QtOutput  # noqa: PLC0415

    return QtOutput()


def bodyscan_latency(server: PulseServer, folder: Path, output: str) -> tuple[float, float]:
    from bodyscan.core.session import Part, Session  # noqa: PLC0415

    mixer = recordings_mixer(folder, [("tone", 440, 3.0, "1s")])
    session = Session(Part(mixer), make_output(output))
    capture = TimedCapture(server)
    played = time.monotonic()
    session.play()
    run_qt_until(lambda: (session.tick(), time.monotonic() - played > 1.5)[1], 10)
    paused = time.monotonic()
    session.pause()
    run_qt_until(lambda: time.monotonic() - paused > 0.6, 5)
    session.stop()
    samples, arrival = capture.stop()
    return first_sound_after(samples, arrival, played), silence_after(samples, arrival, paused)


def naive_latency(server: PulseServer, folder: Path) -> tuple[float, float]:
    import simpleaudio  # noqa: PLC0415

    from bodyscan.audio.wavfile import read_wav  # noqa: PLC0415

    tone, _rate = read_wav(folder / "tone.wav")
    capture = TimedCapture(server)
    played = time.monotonic()
    play = simpleaudio.play_buffer(tone.tobytes(), 1, 2, RATE)
    time.sleep(1.5)
    paused = time.monotonic()
    play.stop()
    time.sleep(0.6)
    samples, arrival = capture.stop()
    return first_sound_after(samples, arrival, played), silence_after(samples, arrival, paused)


def drift_steps(minutes: float) -> list[tuple[str, float, float, str]]:
    """Tone recordings every ~20 s for the whole length (pauses of uneven, exact lengths)."""
    steps = []
    elapsed = 0.0
    index = 0
    while elapsed < minutes * 60:
        pause = 18.0 + (index % 5) * 0.7
        steps.append((f"t{index}", 440 + 20 * (index % 10), 0.3, f"{pause}s"))
        elapsed += 0.3 + pause
        index += 1
    return steps


def bodyscan_drift(
    server: PulseServer, folder: Path, minutes: float, output: str
) -> tuple[float, float]:
    from bodyscan.core.session import Part, Session, State  # noqa: PLC0415

    mixer = recordings_mixer(folder, drift_steps(minutes))
    planned = [e.start for e in mixer.timeline.events]
    session = Session(Part(mixer), make_output(output))
    time.sleep(1.5)  # let anything an earlier measurement left in the sink die away
    capture = TimedCapture(server)
    session.play()
    run_qt_until(lambda: (session.tick(), session.state)[1] is State.FINISHED, minutes * 60 + 60)
    samples, _ = capture.stop()
    return drift_of(onsets(samples), [p / RATE for p in planned])


def naive_drift(server: PulseServer, folder: Path, minutes: float) -> tuple[float, float]:
    import simpleaudio  # noqa: PLC0415

    from bodyscan.audio.wavfile import read_wav  # noqa: PLC0415

    steps = drift_steps(minutes)
    time.sleep(1.5)  # let anything an earlier measurement left in the sink die away
    capture = TimedCapture(server)
    planned = []
    at = 0.0
    for name, _hz, seconds, pause in steps:
        planned.append(at)
        tone, _rate = read_wav(folder / f"{name}.wav")
        simpleaudio.play_buffer(tone.tobytes(), 1, 2, RATE).wait_done()
        time.sleep(float(pause.rstrip("s")))
        at += seconds + float(pause.rstrip("s"))
    samples, _ = capture.stop()
    return drift_of(onsets(samples), planned)


def drift_of(found: list[int], planned: list[float]) -> tuple[float, float]:
    """The last onset's error against the plan (both from the first onset), and the count found.

    Each onset is matched to the nearest planned one, so a missed or extra onset cannot shift
    the others."""
    heard = [(f - found[0]) / RATE for f in found]
    plan = [p - planned[0] for p in planned]
    errors = [min((h - p for p in plan), key=abs) for h in heard]
    if len(found) != len(planned):
        print(f"  note: {len(found)} onsets heard, {len(planned)} planned", file=sys.stderr)
    return errors[-1], len(found)


CPU_SECONDS = int(os.environ.get("BENCH_CPU_SECONDS", "60"))


def bodyscan_cpu(output: str) -> float:
    from bodyscan import provider  # noqa: PLC0415
    from bodyscan.core.session import Part, Session  # noqa: PLC0415
    from bodyscan.core.timeline import TimelineOptions  # noqa: PLC0415
    from bodyscan.narration.prepare import prepare  # noqa: PLC0415

    script = provider.library().load("body-scan-12")
    narrator = provider.narrator()
    prepare([script], narrator)  # cached, as on a second play: the figure is playback alone
    ahead = provider.render_ahead(script, TimelineOptions(), "pink-noise", narrator)
    ahead.complete.wait()
    ahead.join()
    session = Session(Part(ahead), make_output(output))
    session.play()
    from PySide6.QtCore import QCoreApplication, QTimer  # noqa: PLC0415

    from bodyscan.ui.bridge import TICK_MS  # noqa: PLC0415

    timer = QTimer()
    timer.setInterval(TICK_MS)  # what the window and the terminal player do
    timer.timeout.connect(session.tick)
    timer.start()
    app = QCoreApplication.instance()
    assert app is not None
    QTimer.singleShot(CPU_SECONDS * 1000, app.quit)
    start_wall, start_cpu = time.monotonic(), time.process_time()
    app.exec()  # the event loop, as in the app: no polling of our own in the figure
    share = (time.process_time() - start_cpu) / (time.monotonic() - start_wall)
    timer.stop()
    session.stop()
    return share


def naive_cpu() -> float:
    import simpleaudio  # noqa: PLC0415

    from bodyscan import provider  # noqa: PLC0415
    from bodyscan.audio.noise import NoiseBed  # noqa: PLC0415
    from bodyscan.core.script import Pause, Say  # noqa: PLC0415
    from bodyscan.narration.prepare import prepare  # noqa: PLC0415

    script = provider.library().load("body-scan-12")
    narrator = provider.narrator()
    prepare([script], narrator)
    bed = NoiseBed("pink", 22050).render(0, 22050 * (CPU_SECONDS + 5))[:, 0]
    ambient = np.round(bed * 0.02 * 32767).astype(np.int16)
    start_wall, start_cpu = time.monotonic(), time.process_time()

    def left() -> float:
        return CPU_SECONDS - (time.monotonic() - start_wall)

    background = simpleaudio.play_buffer(ambient.tobytes(), 1, 2, 22050)
    for step in script.steps:
        if time.monotonic() - start_wall > CPU_SECONDS:
            break
        if isinstance(step, Say):
            clip = narrator.say_clip(step, script.voice)
            simpleaudio.play_buffer(clip.samples.tobytes(), 1, 2, clip.rate).wait_done()
            time.sleep(max(0, min(float(step.pause), left())))
        elif isinstance(step, Pause):
            time.sleep(max(0, min(float(step.seconds), left())))
    remaining = CPU_SECONDS - (time.monotonic() - start_wall)
    if remaining > 0:
        time.sleep(remaining)
    share = (time.process_time() - start_cpu) / (time.monotonic() - start_wall)
    background.stop()
    return share


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--drift-minutes", type=float, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-drift", action="store_true", help="skip the long drift capture")
    parser.add_argument("--drift-only", action="store_true", help="only the drift capture")
    parser.add_argument("--outputs", default="qt,portaudio", help="bodyscan outputs to measure")
    parser.add_argument("--no-naive", action="store_true", help="skip the simpleaudio baseline")
    args = parser.parse_args()
    outputs = args.outputs.split(",")
    with tempfile.TemporaryDirectory() as home, running_pulse(Path(home)) as server:
        os.environ["BODYSCAN_HOME"] = home
        from PySide6.QtCore import QCoreApplication  # noqa: PLC0415

        app = QCoreApplication([])  # noqa: F841 - Qt Multimedia needs an application
        folder = Path(home) / "rec"
        folder.mkdir()
        if not args.drift_only:
            runs = {
                f"bodyscan ({name})": [
                    bodyscan_latency(server, folder, name) for _ in range(args.repeats)
                ]
                for name in outputs
            }
            if not args.no_naive:
                runs["naive simpleaudio"] = [
                    naive_latency(server, folder) for _ in range(args.repeats)
                ]
            for label, found in runs.items():
                start = statistics.median(r[0] for r in found) * 1000
                stop = statistics.median(r[1] for r in found) * 1000
                print(
                    f"{label}: play -> first sample {start:.0f} ms, pause -> silence {stop:.0f} ms"
                )
            for name in outputs:
                print(
                    f"bodyscan ({name}): CPU during narration + pink noise: "
                    f"{bodyscan_cpu(name) * 100:.1f} % of one core"
                )
            if not args.no_naive:
                print(
                    "naive simpleaudio: CPU during narration + pink noise: "
                    f"{naive_cpu() * 100:.1f} % of one core"
                )
        if args.no_drift:
            return
        drift_folder = Path(home) / "drift"
        drift_folder.mkdir()
        for name in outputs:
            drift, count = bodyscan_drift(server, drift_folder, args.drift_minutes, name)
            print(
                f"bodyscan ({name}): drift after {args.drift_minutes:g} min ({count} onsets): "
                f"{drift * 1000:+.1f} ms",
                flush=True,
            )
        if not args.no_naive:
            drift, count = naive_drift(server, drift_folder, args.drift_minutes)
            print(
                f"naive simpleaudio: drift after {args.drift_minutes:g} min ({count} onsets): "
                f"{drift * 1000:+.1f} ms"
            )


if __name__ == "__main__":
    main()
