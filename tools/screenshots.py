"""Screenshots of every screen, light and dark, from the running app (run under Xvfb).

Run: xvfb-run -s "-screen 0 1280x900x24" .venv/bin/python tools/screenshots.py docs/screenshots
The app runs with a fresh data folder, the null output and a fake clock, so the player can be
shown mid-breath without waiting.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from bodyscan.core.clock import FakeClock
    from bodyscan.ui.main_window import MainWindow


def main(target: Path) -> None:
    os.environ["BODYSCAN_HOME"] = tempfile.mkdtemp(prefix="bodyscan-shots-")
    from bodyscan import provider  # noqa: PLC0415
    from bodyscan.audio.null_output import NullOutput  # noqa: PLC0415
    from bodyscan.core.clock import FakeClock  # noqa: PLC0415
    from bodyscan.paths import user_paths  # noqa: PLC0415
    from bodyscan.settings import Settings, SettingsStore  # noqa: PLC0415
    from bodyscan.ui import theme  # noqa: PLC0415
    from bodyscan.ui.main_window import Collaborators, MainWindow  # noqa: PLC0415

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    target.mkdir(parents=True, exist_ok=True)
    narrator = provider.narrator()
    journal = provider.journal()
    fill_journal(journal)
    for look in ("light", "dark"):
        clock = FakeClock()
        store = SettingsStore(user_paths().settings_file)
        store.save(Settings(theme=look))
        theme.apply(app, store.load())
        window = MainWindow(
            Collaborators(
                library=provider.library(),
                catalogue=provider.sound_catalogue(),
                make_renderer=lambda script, options, ambient, _voice: provider.render_ahead(
                    script, options, ambient, narrator
                ),
                make_output=lambda clock=clock: NullOutput(clock),
                settings=store,
                journal=lambda: journal,
                clock=clock,
            )
        )
        window.resize(960, 680)
        window.show()

        def shot(name: str, window: MainWindow = window, look: str = look) -> None:
            app.processEvents()
            window.grab().save(str(target / f"{name}-{look}.png"))

        shot("welcome")
        dialog = window.open_settings()
        app.processEvents()
        dialog.grab().save(str(target / f"settings-{look}.png"))
        dialog.reject()
        window._welcomed()
        page = window.library_page
        [item] = page.tree.findItems("Box breathing", Qt.MatchFlag.MatchRecursive)
        page.tree.setCurrentItem(item)
        shot("library")
        page.start_button.click()
        shot("before-starting")
        window.setup_page.acknowledge.setChecked(True)
        window.setup_page.start_button.click()
        ahead = window.renderers[0]
        ahead.complete.wait(120)
        for _ in range(3000):
            app.processEvents()
            clock.advance(0.1)
            window.bridge.tick()
            if (
                window.player_page.pacer.phase is not None
                and window.player_page.pacer.phase.phase == "in"
            ) and window.player_page.pacer.progress() > 0.6:
                break
        shot("player-breathing")
        window.show_help()
        shot("get-help")
        window._go_back()
        assert window.session is not None
        window.session.stop()
        app.processEvents()
        page = window.checkin_page
        page.set_answer("noticed")
        for place, words in (("chest", ("warm", "open")), ("left-hand", ("tingling",))):
            page.choose_place(place)
            for word in words:
                page.quality_boxes[word].setChecked(True)
        page.strength.buttons()[1].setChecked(True)
        shot("checkin")
        page.save_button.click()
        shot("finished")
        window.show_journal()
        window.history_page.range.setCurrentIndex(window.history_page.range.findText("Everything"))
        window.history_page.show_region("chest")
        shot("journal")
        window.about_button.click()
        shot("about")
        window.show_timer()
        if not window.timer_page.presets:
            window.timer_page.name.setText("Morning sit")
            window.timer_page.save_button.click()
        shot("timer")
        breaks(app, window, clock, target, look)
        pack_preview(app, target, look)
        window.close()


def breaks(
    app: QApplication, window: MainWindow, clock: FakeClock, target: Path, look: str
) -> None:
    """The Breaks settings, the tray menu, a breathing break in its small window, a reminder."""
    from PySide6.QtCore import QPoint  # noqa: PLC0415
    from PySide6.QtGui import QIcon  # noqa: PLC0415

    from bodyscan.ui.app import RESOURCES  # noqa: PLC0415
    from bodyscan.ui.reminders import Reminders  # noqa: PLC0415
    from bodyscan.ui.tray import Tray  # noqa: PLC0415

    def save(widget: QWidget, name: str) -> None:
        app.processEvents()
        widget.grab().save(str(target / f"{name}-{look}.png"))

    dialog = window.open_settings(tab="breaks")
    dialog.reminders.setChecked(True)
    save(dialog, "settings-breaks")
    dialog.reject()
    window.save_settings(window.settings.with_changes(reminders=True))
    reminders = Reminders(window, parent=window)
    tray = Tray(window, reminders, QIcon(str(RESOURCES / "bodyscan.svg")), app.quit, parent=window)
    tray.menu.popup(QPoint(40, 40))
    save(tray.menu, "tray-menu")
    tray.menu.hide()
    tray.break_actions["breathing-break"].trigger()
    little = window.break_window
    little.begin_button.click()  # its cautions, read once
    window.renderers[0].complete.wait(120)
    for _ in range(3000):
        app.processEvents()
        clock.advance(0.1)
        little.bridge.tick()
        phase = little.pacer.phase
        if phase is not None and phase.phase == "in" and little.pacer.progress() > 0.6:
            break
    save(little, "break-window")
    assert window.session is not None
    window.session.stop()
    little.close()
    reminders.note.offer(reminders._offer_text())
    save(reminders.note, "reminder")
    reminders.note.hide()


PACK_SCRIPT = """\
id: shared-calm
title: Shared calm
kind: grounding
bell: false
author: A. Therapist
description: |
  Recorded for you, to use between our sessions. Sit or lie down, whichever feels better today.
cautions:
  - Stop whenever you want; opening your eyes is always fine.
  - If you feel far away, press your feet into the floor.
steps:
  - say: Notice your feet, or nothing at all.
    audio: recordings/feet.wav
    pause: 20s
"""


def pack_preview(app: QApplication, target: Path, look: str) -> None:
    """What opening a .bodyscan pack shows before installing (docs/packs.md)."""
    import zipfile  # noqa: PLC0415

    import numpy as np  # noqa: PLC0415

    from bodyscan import provider  # noqa: PLC0415
    from bodyscan.audio.wavfile import write_wav  # noqa: PLC0415
    from bodyscan.packs import open_pack  # noqa: PLC0415
    from bodyscan.paths import user_paths  # noqa: PLC0415
    from bodyscan.ui.pack_dialog import PackPreview  # noqa: PLC0415

    folder = Path(tempfile.mkdtemp(prefix="bodyscan-pack-shot-"))
    tone = np.sin(2 * np.pi * 220 * np.arange(48000 * 3) / 48000) * 8000
    write_wav(folder / "feet.wav", tone.astype(np.int16), 48000)
    pack = folder / "shared-calm.bodyscan"
    with zipfile.ZipFile(pack, "w") as archive:
        archive.writestr("exercise.yaml", PACK_SCRIPT)
        archive.write(folder / "feet.wav", "recordings/feet.wav")
    exercises = user_paths().exercises
    with open_pack(pack, exercises, provider.script_context()) as checked:
        dialog = PackPreview(checked, None, exercises, lambda _error: None)
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(target / f"pack-preview-{look}.png"))
        dialog.reject()


def fill_journal(journal: object) -> None:
    """A few weeks of made-up check-ins, so the journal page has something to show."""
    import random  # noqa: PLC0415
    from datetime import timedelta  # noqa: PLC0415

    from bodyscan.journal.model import CheckIn, RegionAnswer, SessionRecord, now  # noqa: PLC0415

    chance = random.Random(3)
    places = ["chest", "left-hand", "right-hand", "upper-belly", "jaw", "left-foot", "right-foot"]
    for day in range(40, 0, -2):
        when = now() - timedelta(days=day, hours=chance.randint(0, 8))
        session = SessionRecord(
            "body-scan-3", "Body scan, 3 minutes", "body-scan", when, when, 180, 180, "completed"
        )
        journal.record_session(session)  # type: ignore[attr-defined]
        answer = chance.choice(["noticed"] * 5 + ["nothing", "numb", "not-sure"])
        regions = (
            tuple(
                RegionAnswer(place, ("warm",) if chance.random() < 0.5 else ("tight",))
                for place in chance.sample(places, chance.randint(1, 3))
            )
            if answer == "noticed"
            else ()
        )
        checkin = CheckIn(session.id, answer, regions, created_at=when)
        journal.save_checkin(checkin)  # type: ignore[attr-defined]


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
