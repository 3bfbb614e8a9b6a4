"""Shared fixtures: tests never touch the real user folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault(
    "QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false;qt.multimedia.ffmpeg=false"
)

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus"


@pytest.fixture(autouse=True)
def bodyscan_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("BODYSCAN_HOME", str(home))
    return home


@pytest.fixture
def user_exercises(bodyscan_home: Path) -> Path:
    folder = bodyscan_home / "exercises"
    folder.mkdir()
    return folder


MINIMAL = """\
title: Minimal
kind: grounding
steps:
  - say: Notice your feet on the floor, or nothing at all.
    region: feet
    pause: 5s
"""
