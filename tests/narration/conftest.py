"""The real bundled voice, loaded once for the whole test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from bodyscan.narration.cache import NarrationCache
from bodyscan.narration.engine import EngineLoader, SpeechEngine
from bodyscan.narration.narrator import Narrator


class CountingEngine:
    """The real engine, counting how many texts it is asked to speak."""

    def __init__(self, engine: SpeechEngine) -> None:
        self.engine = engine
        self.texts: list[str] = []

    @property
    def sample_rate(self) -> int:
        return self.engine.sample_rate

    def sentences(self, text: str, length_scale: float) -> Iterator[NDArray[np.int16]]:
        self.texts.append(text)
        return self.engine.sentences(text, length_scale)


class ReadyLoader(EngineLoader):
    def __init__(self, engine: SpeechEngine) -> None:
        super().__init__()
        self._engine = engine
        self._started = True
        self._done.set()


@pytest.fixture(scope="session")
def real_engine() -> SpeechEngine:
    return EngineLoader().get(timeout=120)


@pytest.fixture
def counting_engine(real_engine: SpeechEngine) -> CountingEngine:
    return CountingEngine(real_engine)


@pytest.fixture
def narrator(counting_engine: CountingEngine, tmp_path: Path) -> Narrator:
    cache = NarrationCache(tmp_path / "cache" / "narration")
    return Narrator(
        None, ReadyLoader(counting_engine), cache, tmp_path / "cache" / "voice-ids.json"
    )
