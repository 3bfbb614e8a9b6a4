"""The Timer page: an unguided timer with interval bells, and saved timers (presets).

Length and interval are written as in scripts ("20m", "1m30s", or seconds); what is wrong is
said under the fields as it is typed, and Start waits until the timer can be made. Saved
timers live in the settings; deleting or replacing one can be undone. Start plays through the
same player page as an exercise (the main window's practice flow), so Pause, Ground me and the
check-in work as they do there.

Keys: Enter in a field starts; Enter on a saved timer fills the fields from it; Delete removes
it (Undo brings it back); Enter in the name field saves; Esc goes back to the library.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bodyscan.core.sounds import DEFAULT_BELL, NO_AMBIENT, SoundCatalogue
from bodyscan.core.timeline import DEFAULT_RATE
from bodyscan.core.timer import (
    TimerError,
    TimerSpec,
    bell_onsets,
    check_timer,
    in_words,
    read_duration,
)
from bodyscan.settings import MAX_TIMER_PRESETS, Settings
from bodyscan.ui.layouts import scrolling_page

Preset = dict[str, str]
DEFAULT_LENGTH = "20m"
DEFAULT_INTERVAL = "5m"
# Bells are counted at the rate they play: a length may be typed finer than a millisecond.
COUNT_RATE = DEFAULT_RATE


class TimerPage(QWidget):
    start_requested = Signal(object)  # TimerSpec
    back_requested = Signal()
    presets_changed = Signal(object)  # tuple of presets, to be saved in the settings

    def __init__(self, catalogue: SoundCatalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.presets: tuple[Preset, ...] = ()
        self._undo_to: tuple[Preset, ...] | None = None

        heading = QLabel("Timer")
        heading.setObjectName("heading")
        about = QLabel(
            "Rest, sit or walk in your own way, without a voice. A bell marks the start, "
            "each interval if you like, and the end."
        )
        about.setWordWrap(True)

        self.length = QLineEdit(DEFAULT_LENGTH)
        self.length.setAccessibleName("Length")
        self.length.setAccessibleDescription("For example 20m, 1h, 1m30s, or 90 for seconds")
        self.interval = QLineEdit(DEFAULT_INTERVAL)
        self.interval.setAccessibleName("A bell every")
        self.interval.setAccessibleDescription("Leave empty for a bell only at the start and end")
        self.interval.setPlaceholderText("only at the start and the end")
        self.bell = QComboBox()
        self.bell.setAccessibleName("Bell")
        for name, about_bell in catalogue.bells.items():
            self.bell.addItem(f"{name} · {about_bell}", name)
        self.ambient = QComboBox()
        self.ambient.setAccessibleName("Background sound")
        self.ambient.addItem("None", NO_AMBIENT)
        for name in sorted(catalogue.ambient):
            self.ambient.addItem(name, name)
        self.summary = QLabel()
        self.summary.setObjectName("notice")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("About this timer")

        for field in (self.length, self.interval, self.bell, self.ambient):
            field.setMaximumWidth(420)
        form = QFormLayout()
        form.addRow("Length", self.length)
        form.addRow("A bell every", self.interval)
        form.addRow("Bell", self.bell)
        form.addRow("Background", self.ambient)

        saved_heading = QLabel("Saved timers")
        saved_heading.setObjectName("subheading")
        self.saved = QListWidget()
        self.saved.setAccessibleName("Saved timers")
        self.saved.setAccessibleDescription("Enter uses a saved timer; Delete removes it")
        self.saved.setMinimumHeight(78)
        self.saved.setMaximumHeight(150)
        self.use_button = QPushButton("Use")
        self.use_button.setAccessibleDescription("Fill the fields from the saved timer (Enter)")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setAccessibleDescription("Remove the saved timer; it can be undone")
        self.name = QLineEdit()
        self.name.setAccessibleName("Name for this timer")
        self.name.setPlaceholderText("A name, e.g. Morning sit")
        self.save_button = QPushButton("Save this timer")
        self.save_button.setAccessibleDescription("Keep these choices under the name given")
        self.undo_note = QLabel()
        self.undo_note.setObjectName("notice")
        self.undo_button = QPushButton("Undo")
        self.undo_button.setAccessibleDescription("Bring back the saved timers as they were")
        undo_row = QHBoxLayout()
        undo_row.addWidget(self.undo_note, 1)
        undo_row.addWidget(self.undo_button)
        self._show_undo("")
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.use_button)
        list_buttons.addWidget(self.delete_button)
        list_buttons.addStretch()
        save_row = QHBoxLayout()
        save_row.addWidget(self.name, 1)
        save_row.addWidget(self.save_button)

        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("primary")
        self.start_button.setDefault(True)
        self.start_button.setAccessibleDescription("Start the timer (Enter)")
        back = QPushButton("Back to the library")
        back.setAccessibleDescription("Esc")

        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setSpacing(12)
        column.setContentsMargins(24, 18, 24, 18)
        column.addWidget(heading)
        column.addWidget(about)
        column.addLayout(form)
        column.addWidget(self.summary)
        column.addSpacing(12)
        column.addWidget(saved_heading)
        column.addWidget(self.saved)
        column.addLayout(list_buttons)
        column.addLayout(save_row)
        column.addLayout(undo_row)
        column.addStretch()
        scrolling_page(self, inner, back, self.start_button)

        for field in (self.length, self.interval):
            field.textChanged.connect(self._update)
            field.returnPressed.connect(self.start_button.click)
        self.bell.currentIndexChanged.connect(self._update)
        self.ambient.currentIndexChanged.connect(self._update)
        self.name.returnPressed.connect(self.save_button.click)
        self.name.textChanged.connect(self._update_buttons)
        self.saved.currentRowChanged.connect(self._update_buttons)
        self.saved.itemActivated.connect(lambda _item: self.use_selected())
        self.use_button.clicked.connect(self.use_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.save_button.clicked.connect(self.save_preset)
        self.undo_button.clicked.connect(self.undo)
        self.start_button.clicked.connect(self._start)
        back.clicked.connect(self.back_requested.emit)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.saved)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_selected)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.back_requested.emit)
        self.setFocusProxy(self.length)
        self._update()

    # --- the timer ------------------------------------------------------------------------

    def show_settings(self, settings: Settings) -> None:
        """Saved timers and the usual background sound, from the settings."""
        self._set_presets(settings.timer_presets)
        if settings.ambient:
            self.ambient.setCurrentIndex(max(0, self.ambient.findData(settings.ambient)))
        self._show_undo("")

    def spec(self) -> TimerSpec:
        """The timer as the fields say; TimerError says what to change."""
        duration = read_duration(self.length.text(), "the length")
        interval_text = self.interval.text().strip()
        interval = read_duration(interval_text, "the interval") if interval_text else None
        spec = TimerSpec(
            duration, interval, self.bell.currentData() or DEFAULT_BELL, self.ambient.currentData()
        )
        check_timer(spec, self.catalogue)
        return spec

    def _update(self) -> None:
        try:
            spec = self.spec()
        except TimerError as exc:
            self.summary.setText(f"{exc.short[:1].upper()}{exc.short[1:]}. {exc.detail}")
            self.start_button.setEnabled(False)
        else:
            self.summary.setText(describe(spec))
            self.start_button.setEnabled(True)
        self._update_buttons()

    def _start(self) -> None:
        try:
            spec = self.spec()
        except TimerError:
            return  # the summary already says what to change
        self.start_requested.emit(spec)

    # --- saved timers ---------------------------------------------------------------------

    def current_preset(self, name: str) -> Preset:
        return {
            "name": name,
            "duration": self.length.text().strip(),
            "interval": self.interval.text().strip(),
            "bell": str(self.bell.currentData()),
            "ambient": str(self.ambient.currentData()),
        }

    def save_preset(self) -> None:
        """Save under the name given; a timer of the same name is replaced (Undo restores)."""
        name = self.name.text().strip()
        if not name or not self.start_button.isEnabled():
            return
        kept = [p for p in self.presets if p["name"].casefold() != name.casefold()]
        replaced = len(kept) != len(self.presets)
        if not replaced and len(self.presets) >= MAX_TIMER_PRESETS:
            self._show_undo(f"There are {MAX_TIMER_PRESETS} saved timers; delete one first.")
            return
        self._change((*kept, self.current_preset(name)), f"Replaced “{name}”." if replaced else "")
        self.name.clear()
        self.saved.setCurrentRow(len(self.presets) - 1)

    def use_selected(self) -> None:
        row = self.saved.currentRow()
        if not 0 <= row < len(self.presets):
            return
        preset = self.presets[row]
        self.length.setText(preset["duration"])
        self.interval.setText(preset["interval"])
        self.bell.setCurrentIndex(max(0, self.bell.findData(preset["bell"])))
        self.ambient.setCurrentIndex(max(0, self.ambient.findData(preset["ambient"])))
        self.start_button.setFocus()

    def delete_selected(self) -> None:
        row = self.saved.currentRow()
        if not 0 <= row < len(self.presets):
            return
        name = self.presets[row]["name"]
        self._change(self.presets[:row] + self.presets[row + 1 :], f"Deleted “{name}”.")
        if self.presets:
            self.saved.setCurrentRow(min(row, len(self.presets) - 1))
            self.saved.setFocus()
        else:
            self.undo_button.setFocus()

    def undo(self) -> None:
        if self._undo_to is None:
            return
        restored = self._undo_to
        self._set_presets(restored)
        self.presets_changed.emit(restored)
        self._show_undo("")
        self.saved.setFocus()

    def _change(self, presets: tuple[Preset, ...], note: str) -> None:
        before = self.presets
        self._set_presets(presets)
        self.presets_changed.emit(presets)
        self._undo_to = before if note else None
        self._show_undo(note)

    def _set_presets(self, presets: tuple[Preset, ...]) -> None:
        self.presets = tuple(dict(p) for p in presets)
        self.saved.clear()
        for preset in self.presets:
            item = QListWidgetItem(f"{preset['name']} · {preset_words(preset)}")
            self.saved.addItem(item)
        self._update_buttons()

    def _show_undo(self, note: str) -> None:
        self.undo_note.setText(note)
        self.undo_note.setVisible(bool(note))
        self.undo_button.setVisible(bool(note) and self._undo_to is not None)

    def _update_buttons(self) -> None:
        chosen = 0 <= self.saved.currentRow() < len(self.presets)
        self.use_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        self.save_button.setEnabled(
            bool(self.name.text().strip()) and self.start_button.isEnabled()
        )


def describe(spec: TimerSpec) -> str:
    """The timer in a sentence: how long, and how many bells."""
    bells = len(bell_onsets(spec, COUNT_RATE))
    if spec.interval is None:
        return f"{in_words(spec.duration)}, with a bell at the start and at the end."
    return (
        f"{in_words(spec.duration)}, {bells} bells: at the start, every "
        f"{in_words(spec.interval)}, and at the end."
    )


def preset_words(preset: Preset) -> str:
    every = f", a bell every {preset['interval']}" if preset["interval"] else ""
    background = (
        f", {preset['ambient']}" if preset["ambient"] and preset["ambient"] != NO_AMBIENT else ""
    )
    return f"{preset['duration']}{every}{background}"
