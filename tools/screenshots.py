"""Screenshots of every screen, light and dark, from the running app (run under Xvfb).

Run:
    xvfb-run -a -s "-screen 0 1024x768x24" .venv/bin/python tools/screenshots.py docs/screenshots

The app runs with a fresh data folder, the null output and a fake clock, so the player can be
shown mid-breath without waiting. The exercises played are written here from silent recordings
(quick, and the same every run); only Ground me and the quick break use the real voice. The
journal is filled through the real store with a few months of made-up check-ins.

Each screen is taken on its own: one that fails (after a change to its page, say) is named with
the reason, the others are still taken, and the tool exits with status 1. `--only NAME...`
takes only the screens named (and those needed to reach them are still visited).
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from bodyscan.core.clock import FakeClock
    from bodyscan.journal.store import Journal
    from bodyscan.ui.main_window import MainWindow

log = logging.getLogger("screenshots")

LOOKS = ("light", "dark")
WINDOW_SIZE = (960, 680)
REAL_WAIT = 240.0  # seconds to wait for the real voice (a loaded machine) before giving up

# Every screen the tool takes, in the order taken; docs and README refer to these names.
SCREENS = (
    "welcome",
    "library",
    "before-starting",
    "before-starting-breathing",
    "player",
    "player-paused",
    "ground-me",
    "player-breathing",
    "checkin",
    "finished",
    "journal",
    "journal-heat-maps",
    "journal-over-time",
    "therapist-summary",
    "get-help",
    "about",
    "settings-voice-and-sound",
    "settings-look",
    "settings-breaks",
    "settings-your-data",
    "timer",
    "pack-preview",
    "break-window",
    "tray-menu",
    "reminder",
)


class ScreenFailed(Exception):
    """A screen could not be reached or shown as the tool expects."""


# --- the exercises played, from silent recordings ---------------------------------------------

BODY_SCAN = """\
title: Evening body scan
kind: body-scan
summary: A short scan from the feet up, eyes open or closed, for the end of a day.
description: >-
  A few minutes of resting attention on the feet, hands, belly and chest. Nothing needs to
  change, and noticing nothing at all is a fine answer.
bell: false
cautions:
  - Stop whenever you want; opening your eyes is always fine.
{choices}checkin: {{ask: [body, connection]}}
steps:
  - say: Welcome. Let yourself settle into the chair, in whatever way feels steady.
    audio: recordings/settle.wav
    pause: 10s
{eyes_steps}  - say: Notice where your feet meet the floor, or notice nothing at all.
    audio: recordings/feet.wav
    region: feet
    pause: 50s
  - say: Let your attention rest on your chest, and the gentle movement of breathing there.
    audio: recordings/chest.wav
    region: chest
    pause: 60s
  - say: Now your hands. Warmth, tingling, or nothing in particular; all of it is fine.
    audio: recordings/hands.wav
    region: hands
    pause: 50s
  - say: {back}
    audio: recordings/back.wav
    pause: 10s
"""

CHOICES = """\
choices:
  eyes: [closed, open]
  anchor: [feet, hands, sounds]
"""

EYES_STEPS = """\
  - say: Let your eyes close, or let your gaze rest low on the floor.
    audio: recordings/eyes.wav
    when: {eyes: closed}
    pause: 2s
  - say: Let your gaze rest on something still in front of you.
    audio: recordings/eyes.wav
    when: {eyes: open}
    pause: 2s
"""

BREATHING = """\
title: Calm breathing
kind: breathwork
summary: In for four, out for six, with a soft tone at each change. No holds.
description: >-
  A longer out-breath to let the body slow down. Follow the circle, or breathe however is
  comfortable and let it pass by.
bell: false
cautions:
  - Sit or lie down. Never practise breathing exercises in water or while driving.
  - If you feel dizzy or light-headed, stop and let your breath return to normal.
checkin: {ask: [body]}
steps:
  - say: Sit comfortably, and let your shoulders soften.
    audio: recordings/settle.wav
    pause: 2s
  - breathe: {in: 4, out: 6, cycles: 24, cue: tone}
  - say: Let the pattern go, and breathe however your body wants to.
    audio: recordings/back.wav
    pause: 4s
"""

RECORDINGS = ("settle", "eyes", "feet", "chest", "hands", "back")


def write_exercises(folder: Path) -> None:
    """The recorded exercises, with the eyes and anchor choices when this version reads them."""
    import numpy as np  # noqa: PLC0415

    from bodyscan.audio.wavfile import write_wav  # noqa: PLC0415
    from bodyscan.core.loader import check_text  # noqa: PLC0415

    recordings = folder / "recordings"
    recordings.mkdir(parents=True, exist_ok=True)
    rate = 48000
    moment = np.arange(rate * 2) / rate
    fade = np.minimum(1, np.minimum(moment, moment[-1] - moment) / 0.2)
    for number, name in enumerate(RECORDINGS):  # a soft hum: silence is refused as a recording
        hum = 0.05 * 32767 * fade * np.sin(2 * np.pi * (196 + 20 * number) * moment)
        write_wav(recordings / f"{name}.wav", hum.astype(np.int16), rate)
    with_choices = BODY_SCAN.format(
        choices=CHOICES,
        eyes_steps=EYES_STEPS,
        back="When you are ready, come back to {anchor}, and to the room.",
    )
    path = folder / "evening-body-scan.yaml"
    if check_text(with_choices, path).problems:
        log.info("this version reads no choices: the body scan is written without them")
        with_choices = BODY_SCAN.format(
            choices="", eyes_steps="", back="When you are ready, come back to the room."
        )
    problems = check_text(with_choices, path).problems
    if problems:
        raise ScreenFailed(f"the recorded body scan does not load: {problems}")
    path.write_text(with_choices)
    (folder / "calm-breathing.yaml").write_text(BREATHING)


# --- a realistic journal, through the real store ---------------------------------------------


def fill_journal(journal: Journal) -> None:
    """Three months of made-up sessions and check-ins (every answer, places with qualities,
    connection before and after, a few notes), and one stopped session to continue."""
    from bodyscan.core.regions import QUALITIES, STRENGTHS, TONES  # noqa: PLC0415
    from bodyscan.journal.model import CheckIn, RegionAnswer, SessionRecord  # noqa: PLC0415

    chance = random.Random(7)
    exercises = [
        ("body-scan-3", "Three-minute body scan", "body-scan", 180.0),
        ("body-scan-12", "Twelve-minute body scan", "body-scan", 720.0),
        ("box-breathing", "Box breathing", "breathwork", 300.0),
        ("feet-and-hands", "Feet and hands", "grounding", 240.0),
    ]
    # Attention that settles over the weeks: the chest and hands at first, then more places.
    early = ["chest", "left-hand", "right-hand", "jaw"]
    later = [*early, "upper-belly", "left-foot", "right-foot", "upper-back", "throat"]
    usual = ("warm", "tight", "tingling", "heavy", "calm")
    common: list[str] = [q for q in usual if q in QUALITIES]
    qualities = common or list(QUALITIES[:4])
    notes = ["Slept badly; the scan helped a little.", "Easier to stay with my feet today."]
    today = datetime.now().astimezone().replace(hour=8, minute=0, second=0, microsecond=0)
    for days_ago in range(90, 0, -1):
        if chance.random() > 0.45:
            continue
        when = today - timedelta(days=days_ago, hours=-chance.randint(0, 12))
        exercise_id, title, kind, planned = chance.choice(exercises)
        stopped = chance.random() < 0.12
        played = planned * (chance.uniform(0.3, 0.8) if stopped else 1.0)
        session = SessionRecord(
            exercise_id,
            title,
            kind,
            when,
            when + timedelta(seconds=played),
            planned,
            played,
            "stopped" if stopped else "completed",
        )
        journal.record_session(session)
        if stopped:
            continue
        answer = chance.choice(["noticed"] * 8 + ["nothing", "numb", "not-sure", "prefer-not"])
        places = later if days_ago < 45 else early
        regions: tuple[RegionAnswer, ...] = ()
        if answer == "noticed":
            regions = tuple(
                RegionAnswer(
                    place,
                    tuple(chance.sample(qualities, chance.randint(1, 2))),
                    strength=chance.choice(STRENGTHS),
                    tone=chance.choice(TONES),
                )
                for place in chance.sample(places, chance.randint(1, 3))
            )
        before = chance.randint(2, 6)
        journal.save_checkin(
            CheckIn(
                session.id,
                answer,
                regions,
                connection_before=before,
                connection_after=min(10, before + chance.randint(0, 3)),
                how_was_that=chance.choice(["about-right"] * 5 + ["too-much", "shut-down"]),
                note=chance.choice(notes) if chance.random() < 0.15 else "",
                created_at=when + timedelta(seconds=played),
            )
        )
    # Stopped yesterday evening, a few minutes in: the library offers to continue it.
    when = today - timedelta(days=1) + timedelta(hours=13)
    journal.record_session(
        SessionRecord(
            "body-scan-12",
            "Twelve-minute body scan",
            "body-scan",
            when,
            when + timedelta(minutes=5),
            720.0,
            300.0,
            "stopped",
            resume_step=6,
        )
    )


# --- taking the screens -----------------------------------------------------------------------


@dataclass
class Shots:
    app: QApplication
    target: Path
    only: set[str]
    failures: list[str] = field(default_factory=list)
    taken: list[str] = field(default_factory=list)
    look: str = "light"

    def save(self, widget: QWidget, name: str) -> None:
        if name not in SCREENS:
            raise ScreenFailed(f"'{name}' is not in SCREENS; add it there (and to the docs)")
        settle(self.app)
        if self.only and name not in self.only:
            return
        path = self.target / f"{name}-{self.look}.png"
        if not widget.grab().save(str(path)):
            raise ScreenFailed(f"could not write {path}")
        self.taken.append(path.name)

    failed: set[str] = field(default_factory=set)  # this look's screens that failed

    def run(self, name: str, take: Callable[[], None], needs: tuple[str, ...] = ()) -> None:
        """Take one screen (or a group of them). A failure is reported with the screen's name
        and the tool goes on; screens reached through a failed one are not tried."""
        missing = [need for need in needs if need in self.failed]
        if missing:
            self.failed.add(name)
            self.failures.append(f"{name} ({self.look}): not reached, {missing[0]} failed")
            return
        try:
            take()
        except Exception as exc:  # any failure of one screen is reported, with its name
            log.debug("%s", traceback.format_exc())
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self.failed.add(name)
            self.failures.append(
                f"{name} ({self.look}): {type(exc).__name__}: {exc} "
                f"[{Path(where.filename).name}:{where.lineno}]"
            )


def settle(app: QApplication, seconds: float = 0.15) -> None:
    """Let layouts, timers and repaints happen (some pages lay out on a zero timer)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


def play_until(
    app: QApplication,
    clock: FakeClock,
    tick: Callable[[], None],
    done: Callable[[], bool],
    what: str,
    *,
    real_seconds: float = REAL_WAIT,
) -> None:
    """Run the fake clock until `done`; the narration is made for real, in the background."""
    deadline = time.monotonic() + real_seconds
    while not done():
        if time.monotonic() > deadline:
            raise ScreenFailed(f"{what} did not show within {real_seconds:.0f} s")
        app.processEvents()
        clock.advance(0.1)
        tick()
        time.sleep(0.002)  # the voice is made on the other core
    app.processEvents()


def make_window(clock: FakeClock, journal: Journal) -> MainWindow:
    from bodyscan import provider  # noqa: PLC0415
    from bodyscan.audio.null_output import NullOutput  # noqa: PLC0415
    from bodyscan.paths import user_paths  # noqa: PLC0415
    from bodyscan.settings import SettingsStore  # noqa: PLC0415
    from bodyscan.ui.main_window import Collaborators, MainWindow  # noqa: PLC0415

    narrator = provider.narrator()
    errors: list[str] = []

    def on_error(error: Any) -> None:
        errors.append(error.short)
        log.warning("the app reported: %s", error.short)

    window = MainWindow(
        Collaborators(
            library=provider.library(),
            catalogue=provider.sound_catalogue(),
            make_renderer=lambda script, options, ambient, _voice: provider.render_ahead(
                script, options, ambient, narrator
            ),
            make_output=lambda: NullOutput(clock),
            settings=SettingsStore(user_paths().settings_file),
            journal=lambda: journal,
            clock=clock,
            on_error=on_error,
            # As in the real app (nothing here is clicked): the buttons they enable show
            # enabled, and Settings shows a usual data folder rather than this run's.
            preview=lambda _settings: None,
            delete_everything=lambda: None,
            data_folder=Path("/home/you/.local/share/bodyscan"),
        )
    )
    window.resize(*WINDOW_SIZE)
    return window


def page_shown(window: MainWindow, name: str) -> Any:  # pages change; checked by use
    """The page the window shows now, checked to be the one named (a cached property)."""
    page = getattr(window, name)
    if window.stack.currentWidget() is not page:
        current = type(window.stack.currentWidget()).__name__
        raise ScreenFailed(f"expected the window to show {name}, it shows a {current}")
    return page


def choose(window: MainWindow, title: str) -> None:
    """The library's choice of an exercise (as a click on its card would say)."""
    library = window.library_page
    found = [e for e in library.exercises if e.title == title]
    if not found:
        raise ScreenFailed(f"the library lists no exercise titled {title!r}")
    library.chosen.emit(found[0])
    page_shown(window, "setup_page")


def start_from_setup(window: MainWindow) -> None:
    """Its cautions read (once), Start."""
    setup = window.setup_page
    acknowledge = getattr(setup, "acknowledge", None)
    if acknowledge is not None and acknowledge.isVisibleTo(setup):
        acknowledge.setChecked(True)
    if not setup.start_button.isEnabled():
        raise ScreenFailed("the Start button stays disabled on the page before starting")
    setup.start_button.click()
    page_shown(window, "player_page")


def take_look(shots: Shots, journal: Journal, look: str) -> None:
    from PySide6.QtCore import QPoint  # noqa: PLC0415
    from PySide6.QtGui import QIcon  # noqa: PLC0415

    from bodyscan.core.clock import FakeClock  # noqa: PLC0415
    from bodyscan.core.regions import QUALITIES  # noqa: PLC0415
    from bodyscan.paths import user_paths  # noqa: PLC0415
    from bodyscan.settings import Settings, SettingsStore  # noqa: PLC0415
    from bodyscan.ui import theme  # noqa: PLC0415
    from bodyscan.ui.app import RESOURCES  # noqa: PLC0415
    from bodyscan.ui.reminders import Reminders  # noqa: PLC0415
    from bodyscan.ui.tray import Tray  # noqa: PLC0415

    app = shots.app
    shots.look = look
    shots.failed = set()
    store = SettingsStore(user_paths().settings_file)
    # A first run, with a favourite and a few recent exercises already (as after some use).
    settings = Settings(
        theme=look,
        favourites=("box-breathing",),
        recent=("body-scan-3", "grounding-54321", "feet-and-hands"),
    )
    store.save(settings)
    theme.apply(app, settings)
    clock = FakeClock()
    window = make_window(clock, journal)
    window.show()
    settle(app, 0.5)
    save = shots.save

    def tick() -> None:
        window.bridge.tick()

    def run_for(seconds: float) -> None:
        for _ in range(int(seconds * 10)):
            clock.advance(0.1)
            tick()

    def welcome() -> None:
        page_shown(window, "welcome_page")
        save(window, "welcome")
        window.welcome_page.button.click()

    def library() -> None:
        page = window.library_page
        deadline = time.monotonic() + 60
        while page.scanning and time.monotonic() < deadline:
            settle(app, 0.1)
        settle(app, 0.3)  # the Continue card comes after the first look
        if page.to_continue is None:
            raise ScreenFailed("the library shows no Continue card")
        page.select(page.card_titled("Box breathing"))
        save(window, "library")

    def before_starting() -> None:
        choose(window, "Calm breathing")
        save(window, "before-starting-breathing")
        window.setup_page.back_requested.emit()
        choose(window, "Evening body scan")
        save(window, "before-starting")

    def player() -> None:
        start_from_setup(window)
        page = window.player_page
        play_until(
            app,
            clock,
            tick,
            lambda: "chest" in page.caption.text(),
            "the body scan's caption about the chest",
        )
        run_for(12)  # a little into the instruction, as a person would see it
        save(window, "player")
        page.pause_button.click()
        save(window, "player-paused")
        page.pause_button.click()

    def ground_me() -> None:
        page = window.player_page
        before = page.caption.text()
        page.ground_button.click()
        play_until(
            app,
            clock,
            tick,
            lambda: bool(page.caption.text()) and page.caption.text() != before,
            "Ground me's first instruction (in the real voice)",
        )
        run_for(3)
        save(window, "ground-me")
        if page.continue_button.isVisible():
            page.continue_button.click()

    def checkin() -> None:
        if window.session is not None:
            window.player_page.stop_button.click()
        settle(app)
        page = page_shown(window, "checkin_page")
        connection = getattr(page, "connection", None)
        if connection is not None and connection.isVisibleTo(page):
            connection.setValue(6)
        page.set_answer("noticed")
        marks = (("chest", ("warm", "tight")), ("left-hand", ("tingling",)), ("right-foot", ()))
        # Words and strength only where the page still has them (it is being reworked).
        boxes = getattr(page, "quality_boxes", {})
        strength = getattr(page, "strength", None)
        for place, words in marks:
            page.choose_place(place)
            for word in words:
                if word in QUALITIES and word in boxes:
                    boxes[word].setChecked(True)
            strengths = strength.buttons() if strength is not None else []
            if len(strengths) > 1:
                strengths[1].setChecked(True)
        page.choose_place("chest")  # the chest's details on show
        save(window, "checkin")
        page.save_button.click()
        page_shown(window, "finished_page")
        save(window, "finished")
        window.finished_page.button.click()

    def player_breathing() -> None:
        choose(window, "Calm breathing")
        start_from_setup(window)
        pacer = window.player_page.pacer

        def mid_breath() -> bool:
            phase = pacer.phase
            session = window.session
            return (
                phase is not None
                and phase.phase == "in"
                and pacer.progress() > 0.6
                and session is not None
                and session.exercise_position > 20 * session.timeline.rate  # a few breaths in
            )

        play_until(app, clock, tick, mid_breath, "the pacer, mid in-breath")
        save(window, "player-breathing")
        window.player_page.stop_button.click()
        settle(app)
        if window.checkin_open:
            window.checkin_page.skipped.emit()
        window.finished_page.button.click()

    def journal_page() -> None:
        window.show_journal()
        page = page_shown(window, "history_page")
        page.earlier.click()  # last month, whole, beside the month before
        page.show_region("chest")
        settle(app, 0.3)
        save(window, "journal")
        scroll_to(page.scroller, page.map)
        save(window, "journal-heat-maps")
        scroll_to(page.scroller, page.place_choice)
        save(window, "journal-over-time")
        page.scroller.verticalScrollBar().setValue(0)

    def therapist_summary() -> None:
        dialog = window.history_page.report_dialog()
        if dialog is None:
            raise ScreenFailed("the journal gave no summary dialog")
        dialog.resize(760, 640)
        dialog.show()
        settle(app, 0.5)
        save(dialog, "therapist-summary")
        dialog.close()
        window.history_page.back_requested.emit()

    def get_help() -> None:
        window.show_help()
        page_shown(window, "help_page")
        save(window, "get-help")
        window.help_page.button.click()

    def about() -> None:
        window.about_button.click()
        page_shown(window, "about_page")
        save(window, "about")
        window.about_page.button.click()

    def settings_tabs() -> None:
        dialog = window.open_settings()
        settle(app, 0.3)
        for index in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(index)
            name = "settings-" + slug(dialog.tabs.tabText(index))
            if name == "settings-breaks":
                dialog.reminders.setChecked(True)
            save(dialog, name)
        dialog.reject()

    def timer() -> None:
        window.show_timer()
        page = page_shown(window, "timer_page")
        if page.saved.count() == 0:
            page.name.setText("Morning sit")
            page.save_button.click()
        save(window, "timer")
        page.back_requested.emit()

    made: dict[str, Reminders] = {}

    def tray_menu() -> None:
        window.save_settings(window.settings.with_changes(reminders=True))
        reminders = made["reminders"] = Reminders(window, parent=window)
        tray = Tray(
            window, reminders, QIcon(str(RESOURCES / "bodyscan.svg")), app.quit, parent=window
        )
        tray.menu.popup(QPoint(40, 40))
        settle(app, 0.3)
        save(tray.menu, "tray-menu")
        tray.menu.hide()

    def break_window() -> None:
        window.start_break("breathing-break")
        little = window.break_window
        settle(app)
        if little.begin_button.isVisible():
            little.begin_button.click()  # its cautions, read once
        pacer = little.pacer

        def mid_breath() -> bool:
            phase = pacer.phase
            return phase is not None and phase.phase == "in" and pacer.progress() > 0.6

        play_until(app, clock, little.bridge.tick, mid_breath, "the break's pacer (real voice)")
        save(little, "break-window")
        little.stop_button.click()
        settle(app)
        little.close()

    def reminder() -> None:
        reminders = made["reminders"]
        reminders.note.offer(reminders._offer_text())
        settle(app, 0.3)
        save(reminders.note, "reminder")
        reminders.note.hide()
        reminders.close()

    shots.run("welcome", welcome)
    shots.run("library", library, needs=("welcome",))
    shots.run("before-starting", before_starting, needs=("welcome",))
    shots.run("player", player, needs=("before-starting",))
    shots.run("ground-me", ground_me, needs=("player",))
    shots.run("checkin", checkin, needs=("player",))
    shots.run("player-breathing", player_breathing, needs=("welcome",))
    shots.run("journal", journal_page, needs=("welcome",))
    shots.run("therapist-summary", therapist_summary, needs=("journal",))
    shots.run("get-help", get_help)
    shots.run("about", about)
    shots.run("settings", settings_tabs)
    shots.run("timer", timer)
    shots.run("pack-preview", lambda: pack_preview(shots))
    shots.run("tray-menu", tray_menu)
    shots.run("break-window", break_window)
    shots.run("reminder", reminder, needs=("tray-menu",))
    window.shutdown()
    window.hide()
    window.deleteLater()
    settle(app)


def scroll_to(scroller: Any, widget: QWidget) -> None:
    """Scroll so that `widget` is near the top of the scroll area."""
    from PySide6.QtCore import QPoint  # noqa: PLC0415

    settle(QApplication.instance(), 0.2)  # type: ignore[arg-type]
    top = widget.mapTo(scroller.widget(), QPoint(0, 0)).y()
    scroller.verticalScrollBar().setValue(max(0, top - 12))


def slug(words: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in words.lower()).split())


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


def pack_preview(shots: Shots) -> None:
    """What opening a .bodyscan pack shows before installing (docs/packs.md)."""
    import zipfile  # noqa: PLC0415

    import numpy as np  # noqa: PLC0415

    from bodyscan import provider  # noqa: PLC0415
    from bodyscan.audio.wavfile import write_wav  # noqa: PLC0415
    from bodyscan.packs.installing import open_pack  # noqa: PLC0415
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
        shots.save(dialog, "pack-preview")
        dialog.reject()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", nargs="?", default="docs/screenshots", type=Path)
    parser.add_argument("--only", nargs="+", default=[], metavar="NAME", choices=SCREENS)
    parser.add_argument("--look", choices=LOOKS, action="append", help="light or dark (both)")
    parser.add_argument("--verbose", action="store_true")
    options = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    log.setLevel(logging.DEBUG if options.verbose else logging.INFO)
    os.environ["BODYSCAN_HOME"] = tempfile.mkdtemp(prefix="bodyscan-shots-")
    from bodyscan import provider  # noqa: PLC0415
    from bodyscan.paths import user_paths  # noqa: PLC0415

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("bodyscan")
    target: Path = options.target
    target.mkdir(parents=True, exist_ok=True)
    shots = Shots(app, target, set(options.only))
    started = time.monotonic()
    shots.run("exercises", lambda: write_exercises(user_paths().exercises))
    journal = provider.journal()
    shots.run("journal (filling)", lambda: fill_journal(journal))
    for look in options.look or LOOKS:
        take_look(shots, journal, look)
    journal.close()
    log.info("%d screenshots in %s in %.0f s", len(shots.taken), target, time.monotonic() - started)
    if shots.failures:
        log.error("These screens failed:\n  %s", "\n  ".join(shots.failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
