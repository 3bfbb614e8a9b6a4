"""Without a working voice the app still narrates: chimes and captions, and one clear notice."""

from __future__ import annotations

from pathlib import Path

import pytest

from bodyscan.core.script import Say, Voice
from bodyscan.narration.cache import NarrationCache
from bodyscan.narration.engine import EngineLoader, NarrationUnavailable, VoiceFiles
from bodyscan.narration.narrator import Narrator


def narrator_for(files: VoiceFiles, tmp_path: Path) -> Narrator:
    return Narrator(
        files, EngineLoader(files), NarrationCache(tmp_path / "c"), tmp_path / "ids.json"
    )


def test_missing_voice_files(tmp_path: Path) -> None:
    narrator = narrator_for(VoiceFiles.from_model(tmp_path / "gone.onnx"), tmp_path)
    clip = narrator.say_clip(
        Say(text="Notice your feet, or nothing at all. Take your time."), Voice()
    )
    assert clip.seconds >= 4  # ten words at a reading pace
    assert abs(clip.samples[:2000].astype(int)).max() > 1000  # the chime
    notice = narrator.take_notice()
    assert notice is not None and "voice file not found" in notice.short
    assert "Settings" in notice.detail
    assert narrator.take_notice() is None  # told once
    narrator.say_clip(Say(text="Hands."), Voice())
    assert narrator.take_notice() is None


def test_broken_model_file(tmp_path: Path) -> None:
    model = tmp_path / "broken.onnx"
    model.write_bytes(b"this is not an onnx model")
    model.with_name("broken.onnx.json").write_text('{"audio": {"sample_rate": 22050}}')
    loader = EngineLoader(VoiceFiles.from_model(model))
    with pytest.raises(NarrationUnavailable, match="could not be loaded"):
        loader.get(timeout=60)
    narrator = Narrator(
        VoiceFiles.from_model(model), loader, NarrationCache(tmp_path / "c"), tmp_path / "i"
    )
    narrator.say_clip(Say(text="Welcome."), Voice())
    notice = narrator.take_notice()
    assert notice is not None and "broken.onnx" in notice.short
