"""Builds the objects the CLI and the GUI share, in one place, from the user's paths."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bodyscan.core.context import ScriptContext
from bodyscan.core.library import Library
from bodyscan.core.script import Script
from bodyscan.core.sounds import NO_AMBIENT, SoundCatalogue
from bodyscan.core.timeline import TimelineOptions
from bodyscan.errors import BodyscanError
from bodyscan.journal.store import Journal
from bodyscan.library_index import index_file
from bodyscan.paths import UserPaths, bundled_audio_dir, bundled_scripts_dir, user_paths

# The audio and narration stack (numpy, pydub, the mixer) is imported when first used, so the
# desktop window can appear before it is loaded.
if TYPE_CHECKING:
    from bodyscan.audio.ahead import RenderAhead
    from bodyscan.audio.noise import AmbientBed
    from bodyscan.audio.timer import TimerMixer
    from bodyscan.core.timer import TimerSpec
    from bodyscan.narration.engine import EngineLoader
    from bodyscan.narration.narrator import Narrator


def sound_catalogue(paths: UserPaths | None = None) -> SoundCatalogue:
    paths = paths or user_paths()
    return SoundCatalogue.discover(bundled_audio_dir(), paths.audio)


def library(paths: UserPaths | None = None) -> Library:
    paths = paths or user_paths()
    return Library(
        bundled_dir=bundled_scripts_dir(),
        user_dir=paths.exercises,
        context=script_context(paths),
        index=index_file(paths.cache),
    )


def script_context(paths: UserPaths | None = None) -> ScriptContext:
    """What scripts are checked against, recordings decoded with the narration package."""
    paths = paths or user_paths()
    return ScriptContext(
        sounds=sound_catalogue(paths),
        shared_audio=(bundled_audio_dir(), paths.audio),
        probe=_probe_recording,
    )


def _probe_recording(path: Path) -> str | None:
    # Decoding (numpy, pydub) is loaded only when a script really has a recording.
    from bodyscan.narration.recordings import probe_recording  # noqa: PLC0415

    return probe_recording(path)


def narrator(
    paths: UserPaths | None = None,
    loader: EngineLoader | None = None,
    voice_model: Path | None = None,
) -> Narrator:
    """The narrator with the bundled voice, or the Piper voice (.onnx) chosen in settings."""
    from bodyscan.narration.cache import NarrationCache  # noqa: PLC0415
    from bodyscan.narration.engine import EngineLoader, VoiceFiles  # noqa: PLC0415
    from bodyscan.narration.narrator import Narrator  # noqa: PLC0415

    paths = paths or user_paths()
    files = VoiceFiles.from_model(voice_model) if voice_model is not None else None
    cache = NarrationCache(paths.cache / "narration")
    loader = loader or EngineLoader(files, optimised_dir=paths.cache / "voices")
    return Narrator(files, loader, cache, paths.cache / "voice-ids.json")


def ambient_bed(name: str | None, rate: int, catalogue: SoundCatalogue) -> AmbientBed | None:
    """The bed for an ambient name: noise made in code, or a looped file from an audio folder."""
    from bodyscan.audio.decode import decode  # noqa: PLC0415
    from bodyscan.audio.noise import LoopBed, NoiseBed  # noqa: PLC0415

    if name is None or name == NO_AMBIENT:
        return None
    if name in ("pink-noise", "brown-noise"):
        return NoiseBed(name.split("-")[0], rate)
    path = catalogue.files.get(f"ambient/{name}")
    if path is None:
        raise BodyscanError(
            f"unknown ambient sound '{name}'", "Run `bodyscan sounds` to see the names."
        )
    clip = decode(path, "ambient sound")
    return LoopBed(clip.as_float(), clip.rate, rate)


def render_ahead(
    script: Script, options: TimelineOptions, ambient: str | None, narrator: Narrator
) -> RenderAhead:
    """A live renderer for the script, already making its narration in the background.

    `ambient` None means the script's own choice. The caller closes it when the session ends.
    """
    from bodyscan.audio.ahead import RenderAhead  # noqa: PLC0415
    from bodyscan.audio.bank import SoundBank  # noqa: PLC0415

    catalogue = sound_catalogue()
    bed = ambient_bed(ambient if ambient is not None else script.ambient, options.rate, catalogue)
    ahead = RenderAhead(script, SoundBank(script, narrator, catalogue, options), options, bed)
    ahead.start()
    return ahead


def timer_renderer(spec: TimerSpec, rate: int, paths: UserPaths | None = None) -> TimerMixer:
    """A timer's renderer (bells and background; checked against the sounds there are)."""
    from bodyscan.audio.timer import timer_mixer  # noqa: PLC0415
    from bodyscan.core.timer import check_timer  # noqa: PLC0415

    catalogue = sound_catalogue(paths)
    check_timer(spec, catalogue)
    return timer_mixer(spec, catalogue, rate, ambient_bed(spec.ambient, rate, catalogue))


def journal(paths: UserPaths | None = None) -> Journal:
    """The user's journal, opened (and checked, and migrated) now."""
    paths = paths or user_paths()
    return Journal.open(paths.journal_file)
