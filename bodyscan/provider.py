"""Builds the objects the CLI and the GUI share, in one place, from the user's paths."""

from __future__ import annotations

from bodyscan.core.library import Library
from bodyscan.core.sounds import SoundCatalogue
from bodyscan.paths import UserPaths, bundled_audio_dir, bundled_scripts_dir, user_paths


def sound_catalogue(paths: UserPaths | None = None) -> SoundCatalogue:
    paths = paths or user_paths()
    return SoundCatalogue.discover(bundled_audio_dir(), paths.audio)


def library(paths: UserPaths | None = None) -> Library:
    paths = paths or user_paths()
    return Library(
        bundled_dir=bundled_scripts_dir(),
        user_dir=paths.exercises,
        sounds=sound_catalogue(paths),
        shared_audio=(bundled_audio_dir(), paths.audio),
    )
