"""What a script is checked against, in a module of its own: the library and the app need it at
start-up, long before anything is parsed (the loader and its YAML come later, off the GUI
thread)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bodyscan.core.recordings import RecordingProbe
from bodyscan.core.sounds import SoundCatalogue


@dataclass(frozen=True)
class ScriptContext:
    """What a script is checked against: sound names, shared audio folders, a recording probe."""

    sounds: SoundCatalogue = field(default_factory=SoundCatalogue)
    shared_audio: tuple[Path, ...] = ()
    probe: RecordingProbe | None = None
