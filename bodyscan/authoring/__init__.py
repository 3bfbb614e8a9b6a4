"""An exercise being written (no Qt): the YAML document edited in place (`draft`), validator
messages placed on fields (`placing`), and where edited exercises are saved (`copying`)."""

from __future__ import annotations

from bodyscan.authoring.copying import copy_for_editing, free_path, slug
from bodyscan.authoring.draft import (
    KIND_WORDS,
    STEP_KINDS,
    DraftError,
    ExerciseDraft,
    StepDraft,
    as_words,
    one_or_list,
    plain,
    scalar_or_number,
    words_list,
)
from bodyscan.authoring.placing import Target, place_problems

__all__ = [
    "KIND_WORDS",
    "STEP_KINDS",
    "DraftError",
    "ExerciseDraft",
    "StepDraft",
    "Target",
    "as_words",
    "copy_for_editing",
    "free_path",
    "one_or_list",
    "place_problems",
    "plain",
    "scalar_or_number",
    "slug",
    "words_list",
]
