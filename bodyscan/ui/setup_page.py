"""Before starting: what the exercise is, its cautions, and the person's choices.

Length within what the exercise allows, eyes open or closed and the anchor (only where the
exercise offers them), leaving out the breathing holds (only where it has holds), ambient sound
and its level, bells, and body areas to leave out (their instructions become a cue to rest on
the anchor). The areas left out are remembered for next time, and the eyes, anchor and holds
for this exercise; cautions are acknowledged once per exercise.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bodyscan.core.choices import ANCHOR_PHRASES, Picked, has_holds, settle
from bodyscan.core.durations import length_in_words
from bodyscan.core.estimate import length_range, split_length
from bodyscan.core.regions import GROUPS, REGIONS
from bodyscan.core.script import KIND_LABELS, Say, Script
from bodyscan.core.sounds import NO_AMBIENT, SoundCatalogue
from bodyscan.practice import Choices, last_picks
from bodyscan.settings import Settings
from bodyscan.ui import checklist
from bodyscan.ui.info_pages import enter_presses
from bodyscan.ui.layouts import scrolling_page


def area_label(text: str) -> str:
    """One way of naming areas in the lists: "Feet", "Left hand" (not "your left hand")."""
    text = text.removeprefix("your ").replace("-", " ")
    return text[:1].upper() + text[1:]


# Areas offered to leave out: the groups first (simpler), then each region.
LEAVE_OUT_CHOICES: tuple[tuple[str, str], ...] = (
    *((name, area_label(name)) for name in GROUPS if name != "whole-body"),
    *((region.id, area_label(region.label)) for region in REGIONS),
)
EYES_LABELS = {"closed": "Closed, or resting low", "open": "Open"}


class SetupPage(QWidget):
    start_requested = Signal(object)  # Choices
    back_requested = Signal()

    def __init__(self, catalogue: SoundCatalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.script: Script | None = None
        self.natural_minutes: int | None = None  # the length, as it plays, in whole minutes
        self.wanted_minutes: int | None = None  # a length the person set, for this exercise
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.cautions = QLabel()
        self.cautions.setWordWrap(True)
        self.cautions.setObjectName("cautions")
        self.acknowledge = QCheckBox("I have read this, and I can stop at any time")
        self.acknowledge.toggled.connect(self._update_start)
        # Start waits for the tick above; this says so, rather than a silent grey button.
        self.start_waits = QLabel("Start is ready once you have ticked the box above.")
        self.start_waits.setObjectName("notice")
        self.start_waits.setWordWrap(True)

        self.eyes = QComboBox()
        self.eyes.setAccessibleName("Eyes open or closed")
        self.anchor = QComboBox()
        self.anchor.setAccessibleName("Anchor: where attention can come back to")
        self.anchor.setAccessibleDescription(
            "The instructions name it, and it replaces any area you leave out"
        )
        self.no_holds = QCheckBox("Leave out the holds")
        self.no_holds.setAccessibleDescription(
            "Breathe in and out without holding; the breathing keeps its count"
        )
        self.eyes.currentIndexChanged.connect(self._show_length)
        self.anchor.currentIndexChanged.connect(self._show_length)
        self.no_holds.toggled.connect(self._show_length)

        self.minutes = QSpinBox()
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName("Length in minutes")
        self.minutes.valueChanged.connect(self._minutes_set)
        self.length_note = QLabel()
        self.ambient = QComboBox()
        self.ambient.setAccessibleName("Background sound")
        self.level = QSlider(Qt.Orientation.Horizontal)
        self.level.setRange(0, 100)
        self.level.setAccessibleName("Background sound level")
        self.ambient.currentIndexChanged.connect(self._ambient_changed)
        self.bell = QCheckBox("Bells at the start and the end")
        self.leave_out = QListWidget()
        self.leave_out.setAccessibleName("Body areas to leave out")
        self.leave_out.setAccessibleDescription(
            "Checked areas are skipped; their instructions become a cue to rest on your anchor"
        )
        self.leave_out.setMinimumHeight(120)
        checklist.fill(self.leave_out, LEAVE_OUT_CHOICES)

        self.connection = QSlider(Qt.Orientation.Horizontal)
        self.connection.setRange(-1, 10)
        self.connection.setAccessibleName(
            "How connected to your body right now, 0 to 10 (optional)"
        )
        self.connection_label = QLabel()
        self.connection.valueChanged.connect(
            lambda v: self.connection_label.setText("not answered" if v < 0 else str(v))
        )
        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("primary")
        self.start_button.setDefault(True)
        self.start_button.setAccessibleDescription("Start the exercise (Enter)")
        self.start_button.clicked.connect(self._start)
        back = QPushButton("Back to the library")
        back.clicked.connect(self.back_requested.emit)

        form = QFormLayout()
        length_row = QHBoxLayout()
        length_row.addWidget(self.minutes)
        length_row.addWidget(self.length_note, 1)
        form.addRow("Length", length_row)
        form.addRow("Eyes", self.eyes)
        form.addRow("Anchor", self.anchor)
        form.addRow("Breathing", self.no_holds)
        self.form = form
        form.addRow("Background", self.ambient)
        form.addRow("Level", self.level)
        form.addRow("", self.bell)
        form.addRow("Leave out", self.leave_out)
        connection_row = QHBoxLayout()
        connection_row.addWidget(self.connection, 1)
        connection_row.addWidget(self.connection_label)
        self.connection_title = QLabel("Connected to your body now (0–10)")
        form.addRow(self.connection_title, connection_row)

        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(self.heading)
        column.addWidget(self.about)
        column.addWidget(self.cautions)
        column.addWidget(self.acknowledge)
        column.addWidget(self.start_waits)
        column.addLayout(form)
        column.addStretch()
        scrolling_page(self, inner, back, self.start_button)
        enter_presses(self, self.start_button)
        # Not a focus proxy: Qt treats a page whose proxy has the focus as one stop, so Tab
        # from Start left the page and never reached its controls. The page hands the focus
        # on instead (see focusInEvent).
        self._tab_order(back)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Shown with the focus (the window focuses the page): Start has it, so Enter starts,
        or, while the cautions wait to be confirmed, their confirmation."""
        super().focusInEvent(event)
        self._first_focus().setFocus(event.reason())

    def _first_focus(self) -> QWidget:
        return self.start_button if self.start_button.isEnabled() else self.acknowledge

    def _tab_order(self, back: QWidget) -> None:
        """Tab goes down the page in reading order, then to the two buttons at its foot."""
        chain: list[QWidget] = [
            self.acknowledge,
            self.minutes,
            self.eyes,
            self.anchor,
            self.no_holds,
            self.ambient,
            self.level,
            self.bell,
            self.leave_out,
            self.connection,
            back,
            self.start_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def show_script(self, script: Script, settings: Settings) -> None:
        self.script = script
        self.heading.setText(script.title)
        cautions = script.cautions
        self.cautions.setVisible(bool(cautions))
        self.cautions.setText("Before you start:\n" + "\n".join(f"• {c}" for c in cautions))
        known = script.id in settings.acknowledged
        self.acknowledge.setVisible(bool(cautions) and not known)
        self.acknowledge.setChecked(known or not cautions)
        self._show_picks(script, settings)
        self.natural_minutes = self.wanted_minutes = None
        self._show_length()
        self.ambient.clear()
        own = script.ambient or NO_AMBIENT
        self.ambient.addItem(f"The exercise's choice ({own})", None)
        self.ambient.addItem("None", NO_AMBIENT)
        for name in sorted(self.catalogue.ambient):
            self.ambient.addItem(name, name)
        if settings.ambient:
            index = self.ambient.findData(settings.ambient)
            self.ambient.setCurrentIndex(max(0, index))
        self.level.setValue(round(settings.ambient_level * 100))
        self.bell.setChecked(settings.bells and script.bell is not None)
        self.bell.setEnabled(script.bell is not None)
        checklist.set_checked(self.leave_out, settings.left_out)
        # Only an exercise that names body areas has areas to leave out.
        self.form.setRowVisible(self.leave_out, names_areas(script))
        self._ambient_changed()
        asks = "connection" in script.checkin.ask
        self.connection.setValue(-1)
        self.connection_label.setText("not answered")
        for widget in (self.connection, self.connection_label, self.connection_title):
            widget.setVisible(asks)
        self._update_start()
        self._first_focus().setFocus()

    def _show_picks(self, script: Script, settings: Settings) -> None:
        """Eyes, anchor and holds, each only when the exercise offers it, as last chosen.
        The length follows once they are all in place (the caller shows it)."""
        last = last_picks(settings, script)
        quiet = [QSignalBlocker(w) for w in (self.eyes, self.anchor, self.no_holds)]
        for box, values, labels, current in (
            (self.eyes, script.choices.eyes, EYES_LABELS, last.eyes),
            (self.anchor, script.choices.anchor, ANCHOR_PHRASES, last.anchor),
        ):
            box.clear()
            for value in values:
                label = labels[value]
                box.addItem(label[:1].upper() + label[1:], value)
            box.setCurrentIndex(max(0, box.findData(current)))
        self.form.setRowVisible(self.eyes, bool(script.choices.eyes))
        self.form.setRowVisible(self.anchor, bool(script.choices.anchor))
        holds = has_holds(script)
        self.form.setRowVisible(self.no_holds, holds)
        self.no_holds.setChecked(holds and not last.holds)
        for blocker in quiet:
            blocker.unblock()

    def _picked(self) -> Picked:
        assert self.script is not None
        holds = not (has_holds(self.script) and self.no_holds.isChecked())
        return settle(
            self.script.choices, self.eyes.currentData(), self.anchor.currentData(), holds
        )

    def _show_length(self) -> None:
        """The length of what will play: leaving out the holds, or an anchor whose steps are
        longer, changes it. A length the person set stays (within the new range)."""
        script = self.script
        if script is None:
            return
        picked = self._picked()
        low, high = length_range(script, picked)
        kind = KIND_LABELS[script.kind]
        about = (f"{kind} · {length_in_words(low, high)}", script.description or script.summary)
        self.about.setText("\n\n".join(t for t in about if t))
        low_minutes, high_minutes = math.ceil(low / 60), max(1, math.floor(high / 60))
        blocker = QSignalBlocker(self.minutes)  # these are not the person's
        self.minutes.setRange(min(low_minutes, high_minutes), max(low_minutes, high_minutes))
        self.natural_minutes = max(
            self.minutes.minimum(),
            min(self.minutes.maximum(), round(split_length(script, picked).nominal / 60)),
        )
        # Within the new range (setValue keeps to it); their wish stays for a later pick.
        wanted = self.wanted_minutes
        self.minutes.setValue(self.natural_minutes if wanted is None else wanted)
        blocker.unblock()
        self.minutes.setEnabled(low_minutes < high_minutes)
        self.length_note.setText(
            f"anything from {length_in_words(low, high)}" if low != high else ""
        )

    def _minutes_set(self, value: int) -> None:
        self.wanted_minutes = value

    def choices(self) -> Choices:
        assert self.script is not None
        natural = self.natural_minutes
        chosen = self.minutes.value()
        left_out = checklist.checked(self.leave_out)
        return Choices(
            minutes=None if chosen == natural or not self.minutes.isEnabled() else Fraction(chosen),
            ambient=self.ambient.currentData(),
            ambient_level=self.level.value() / 100,
            bell=self.bell.isChecked(),
            left_out=left_out,
            eyes=self.eyes.currentData() if self.script.choices.eyes else None,
            anchor=self.anchor.currentData() if self.script.choices.anchor else None,
            holds=not (has_holds(self.script) and self.no_holds.isChecked()),
            connection_before=(
                self.connection.value()
                if "connection" in self.script.checkin.ask and self.connection.value() >= 0
                else None
            ),
        )

    def _update_start(self) -> None:
        ready = self.acknowledge.isChecked()
        self.start_button.setEnabled(ready)
        self.start_waits.setVisible(not ready)
        self.start_button.setAccessibleDescription(
            "Start the exercise (Enter)" if ready else self.start_waits.text()
        )

    def _ambient_changed(self) -> None:
        """A level means nothing without a background sound."""
        chosen = self.ambient.currentData()
        own = self.script.ambient if self.script is not None else None
        silent = chosen == NO_AMBIENT or (chosen is None and own in (None, NO_AMBIENT))
        self.level.setEnabled(not silent)
        self.level.setToolTip("Choose a background sound first" if silent else "")

    def _start(self) -> None:
        if self.script is not None and self.start_button.isEnabled():
            self.start_requested.emit(self.choices())


def names_areas(script: Script) -> bool:
    return any(isinstance(step, Say) and step.regions for step in script.steps)
