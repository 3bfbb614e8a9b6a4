"""`bodyscan start EXERCISE`: open the desktop app (or hand over to the running one) and start
the exercise there. The exercise is checked here first, so a mistyped name is said on the
terminal, with exit status 1, instead of in a dialog."""

from __future__ import annotations

import argparse

from bodyscan import provider
from bodyscan.cli import gui


def run(args: argparse.Namespace) -> int:
    library = provider.library()
    exercise = library.find(args.exercise)  # ExerciseNotFound: "no exercise called …"
    library.load(args.exercise)  # a broken file: what is wrong with it, and where
    # A file is named by its full path: the running app may have started in another folder.
    reference = str(exercise.path.resolve()) if exercise.origin == "file" else exercise.id
    return gui.start_gui(start=reference)
