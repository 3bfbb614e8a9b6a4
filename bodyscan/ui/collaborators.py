"""What the main window is given by `app.py`: the library, sounds, how to make a renderer and
an output, the settings, the journal and the desktop's hooks, so tests can build the window
with a null output, a fake clock and their own folders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bodyscan.core.clock import Clock
from bodyscan.core.library import Library
from bodyscan.core.playback import AudioOutput
from bodyscan.core.sounds import SoundCatalogue
from bodyscan.errors import BodyscanError
from bodyscan.journal.store import Journal
from bodyscan.practice import RendererFactory
from bodyscan.settings import Settings, SettingsStore


@dataclass
class Collaborators:
    library: Library
    catalogue: SoundCatalogue
    make_renderer: RendererFactory  # starts making narration in the background
    make_output: Callable[[], AudioOutput]
    settings: SettingsStore
    journal: Callable[[], Journal | None]  # opened when first needed
    clock: Clock | None = None
    reduced_motion: Callable[[Settings], bool] = lambda settings: settings.motion == "reduced"
    on_error: Callable[[BodyscanError], None] | None = None
    apply_look: Callable[[Settings], object] | None = None
    devices: Callable[[], list[tuple[str, str]]] = list
    preview: Callable[[Settings], None] | None = None
    delete_everything: Callable[[], None] | None = None
    data_folder: Path | None = None
    set_start_at_login: Callable[[bool], None] | None = None  # raises BodyscanError
    starts_at_login: Callable[[], bool] | None = None  # whether the login entry is there now
