"""Screenshots of the exercise editor and the voice recorder for docs/make-your-own.md.

Run under a virtual screen:
    xvfb-run -a -s "-screen 0 1024x768x24" .venv/bin/python tools/editor_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = """\
# A short practice for the feet, with a few slow breaths.
title: Feet and breath
kind: body-scan
summary: Rest on the feet, then breathe out a little longer than in.
length: {min: 2m, max: 5m}
steps:
  - say: Let your attention rest on your feet, or on nothing in particular.
    region: feet
    pause: 15x     # a typo, to show where the editor says so
  - breathe: {in: 4, out: 6, cycles: 4, cue: tone}
  - say: Thank you for taking this time.
"""


# The screens this tool takes, light and dark (tests/test_docs.py reads this list).
SCREENS = ("editor-details", "editor-step", "editor-breathe", "recorder")


def main(target: Path) -> None:
    os.environ["BODYSCAN_HOME"] = tempfile.mkdtemp(prefix="bodyscan-editor-shots-")
    from bodyscan import provider  # noqa: PLC0415
    from bodyscan.paths import user_paths  # noqa: PLC0415
    from bodyscan.settings import Settings  # noqa: PLC0415
    from bodyscan.ui import theme  # noqa: PLC0415
    from bodyscan.ui.editor import EditorParts, ExerciseEditor  # noqa: PLC0415
    from bodyscan.ui.recorder import RecorderDialog  # noqa: PLC0415

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    folder = user_paths().exercises
    folder.mkdir(parents=True)
    path = folder / "feet-and-breath.yaml"
    path.write_text(EXAMPLE)
    parts = EditorParts(folder, provider.script_context(), provider.sound_catalogue())
    for look in ("light", "dark"):
        theme.apply(app, Settings(theme=look))
        editor = ExerciseEditor(parts, path)
        editor.resize(980, 700)
        editor.show()
        app.processEvents()
        editor.grab().save(str(target / f"editor-details-{look}.png"))
        editor.tabs.setCurrentIndex(1)
        editor.steps.list.setCurrentRow(0)
        app.processEvents()
        editor.grab().save(str(target / f"editor-step-{look}.png"))
        editor.steps.list.setCurrentRow(1)
        for _ in range(30):  # let the pacer preview breathe in a little
            app.processEvents()
            editor.step_form.preview.clock.restart()
        editor.step_form.preview.set_timings({"in": 4.0, "out": 6.0})
        app.processEvents()
        editor.grab().save(str(target / f"editor-breathe-{look}.png"))
        editor.saved_text = editor.draft.to_text()
        editor.close()
        recorder = RecorderDialog(folder / "recordings" / "feet-and-breath-step-1.wav")
        recorder.show()
        app.processEvents()
        recorder.grab().save(str(target / f"recorder-{look}.png"))
        recorder.reject()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots")
