"""Settings in four tabs: voice and sound (with a preview), look, breaks and reminders, and
your data.

What can be tried is tried as it changes: the look (theme, text size, pacer) applies to the
whole app at once, and a new speed is spoken a moment after the slider stops. Changes are saved
when the dialog is accepted (atomically, by SettingsStore); Cancel puts the look back. "Delete
all my data" asks first, says exactly what goes, and keeps the exercises you wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTime, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSlider,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from bodyscan.core.sounds import NO_AMBIENT, SoundCatalogue
from bodyscan.settings import MOTION, THEMES, Settings
from bodyscan.ui import checklist
from bodyscan.ui.info_pages import confirm_destructive
from bodyscan.ui.layouts import scrolled
from bodyscan.ui.setup_page import LEAVE_OUT_CHOICES

THEME_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TABS = ("sound", "look", "breaks", "data")
MOTION_LABELS = {
    "system": "Follow the system",
    "full": "Moving breathing circle",
    "reduced": "Reduced motion: words and a bar",
}
PREVIEW_DELAY_MS = 700  # after the speed stops changing, so a drag is not a stream of voices


def speed_words(speed: float) -> str:
    """The voice's speed as a person would say it (the factor is Piper's business)."""
    if speed < 0.8:
        return "Much slower"
    if speed < 0.95:
        return "Slower"
    if speed <= 1.05:
        return "Normal"
    if speed <= 1.25:
        return "Faster"
    return "Much faster"


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        catalogue: SoundCatalogue,
        devices: list[tuple[str, str]],
        data_folder: Path,
        *,
        preview: Callable[[Settings], None] | None = None,
        try_look: Callable[[Settings], None] | None = None,
        delete_everything: Callable[[], None] | None = None,
        breaks: list[tuple[str, str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        self._preview = preview
        self._try_look = try_look
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self._play_preview)
        self._delete_everything = delete_everything
        self.data_folder = data_folder

        self.voice = QLineEdit(settings.voice_model)
        self.voice.setPlaceholderText("The bundled voice")
        self.voice.setAccessibleName("Voice file")
        choose_voice = QPushButton("Choose…")
        choose_voice.setAccessibleName("Choose a Piper voice file")
        choose_voice.clicked.connect(self._choose_voice)
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setRange(60, 150)
        self.speed.setValue(round(settings.speed * 100))
        self.speed.setAccessibleName("Speaking speed")
        self.speed.setPageStep(10)
        self.speed_label = QLabel()
        self.speed_label.setMinimumWidth(
            self.speed_label.fontMetrics().horizontalAdvance("Much faster") + 6
        )
        self._show_speed(self.speed.value())
        self.speed.valueChanged.connect(self._speed_changed)
        self.preview_button = QPushButton("Preview the voice")
        self.preview_button.clicked.connect(self._play_preview)
        self.preview_button.setEnabled(preview is not None)

        self.ambient = QComboBox()
        self.ambient.setAccessibleName("Default background sound")
        self.ambient.addItem("Each exercise's own choice", "")
        self.ambient.addItem("None", NO_AMBIENT)
        for name in sorted(catalogue.ambient):
            self.ambient.addItem(name, name)
        self.ambient.setCurrentIndex(max(0, self.ambient.findData(settings.ambient)))
        self.level = QSlider(Qt.Orientation.Horizontal)
        self.level.setRange(0, 100)
        self.level.setValue(round(settings.ambient_level * 100))
        self.level.setAccessibleName("Background sound level")
        self.ambient.currentIndexChanged.connect(self._ambient_changed)
        self._ambient_changed()
        self.bells = QCheckBox("Bells at the start and the end")
        self.bells.setChecked(settings.bells)
        self.device = QComboBox()
        self.device.setAccessibleName("Sound output device")
        self.device.addItem("The system's default", "")
        for device_id, description in devices:
            self.device.addItem(description, device_id)
        self.device.setCurrentIndex(max(0, self.device.findData(settings.output_device)))

        self.theme = QComboBox()
        self.theme.setAccessibleName("Theme")
        for name in THEMES:
            self.theme.addItem(THEME_LABELS[name], name)
        self.theme.setCurrentIndex(THEMES.index(settings.theme))
        self.motion = QComboBox()
        self.motion.setAccessibleName("Motion")
        for name in MOTION:
            self.motion.addItem(MOTION_LABELS[name], name)
        self.motion.setCurrentIndex(MOTION.index(settings.motion))
        self.font_scale = QSlider(Qt.Orientation.Horizontal)
        self.font_scale.setRange(100, 200)
        self.font_scale.setSingleStep(10)
        self.font_scale.setValue(round(settings.font_scale * 100))
        self.font_scale.setAccessibleName("Text size")
        self.font_label = QLabel()
        self.font_scale.setPageStep(10)
        self.font_scale.valueChanged.connect(lambda v: self.font_label.setText(f"{v} %"))
        self.font_label.setText(f"{self.font_scale.value()} %")
        # The text size applies when the slider is let go (or a key moved it), not at every
        # pixel of a drag: restyling the whole app is not instant.
        self.font_scale.sliderReleased.connect(self._look_changed)
        self.font_scale.valueChanged.connect(
            lambda _: None if self.font_scale.isSliderDown() else self._look_changed()
        )
        self.theme.currentIndexChanged.connect(self._look_changed)
        self.motion.currentIndexChanged.connect(self._look_changed)

        self.left_out = QListWidget()
        self.left_out.setAccessibleName("Body areas to leave out of every exercise")
        self.left_out.setMinimumHeight(110)
        checklist.fill(self.left_out, LEAVE_OUT_CHOICES)
        checklist.set_checked(self.left_out, settings.left_out)

        folder = QLabel(str(data_folder))
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder.setWordWrap(True)
        open_folder = QPushButton("Open the data folder")
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_folder)))
        )
        self.delete_button = QPushButton("Delete all my data…")
        self.delete_button.setEnabled(delete_everything is not None)
        self.delete_button.clicked.connect(self._confirm_delete)

        self._build_breaks(settings, breaks or [])

        sound = QFormLayout()
        voice_row = QHBoxLayout()
        voice_row.addWidget(self.voice, 1)
        voice_row.addWidget(choose_voice)
        speed_row = QHBoxLayout()
        speed_row.addWidget(self.speed, 1)
        speed_row.addWidget(self.speed_label)
        preview_row = QHBoxLayout()
        preview_row.addWidget(self.preview_button)
        preview_row.addStretch()
        font_row = QHBoxLayout()
        font_row.addWidget(self.font_scale, 1)
        font_row.addWidget(self.font_label)
        data_row = QHBoxLayout()
        data_row.addWidget(open_folder)
        data_row.addWidget(self.delete_button)
        data_row.addStretch()
        sound.addRow("Voice", voice_row)
        sound.addRow("Speaking speed", speed_row)
        sound.addRow("", preview_row)
        sound.addRow("Background", self.ambient)
        sound.addRow("Level", self.level)
        sound.addRow("", self.bells)
        sound.addRow("Sound device", self.device)
        sound.addRow("Leave out", self.left_out)
        look = QFormLayout()
        look.addRow("Look", self.theme)
        look.addRow("Breathing pacer", self.motion)
        look.addRow("Text size", font_row)
        data = QFormLayout()
        data.addRow("Your data", folder)
        data.addRow("", data_row)

        self.tabs = QTabWidget()
        for form, title in (
            (sound, "Voice and sound"),
            (look, "Look"),
            (self.breaks_form, "Breaks"),
            (data, "Your data"),
        ):
            inner = QWidget()
            inner.setLayout(form)
            self.tabs.addTab(scrolled(inner), title)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.rejected.connect(self._put_look_back)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 560)
        self._reminders_toggled()

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(name))

    def _build_breaks(self, settings: Settings, breaks: list[tuple[str, str]]) -> None:
        self.reminders = QCheckBox("Remind me, gently, to take a short break")
        self.reminders.setChecked(settings.reminders)
        self.reminders.toggled.connect(self._reminders_toggled)
        self.every = QSpinBox()
        self.every.setRange(5, 12 * 60)
        self.every.setSingleStep(15)
        self.every.setSuffix(" minutes")
        self.every.setValue(settings.reminder_every)
        self.every.setAccessibleName("Remind me every")
        self.every.setMaximumWidth(220)
        self.from_time = QTimeEdit(QTime.fromString(settings.reminder_start, "HH:mm"))
        self.from_time.setDisplayFormat("HH:mm")
        self.from_time.setAccessibleName("Working hours start")
        self.to_time = QTimeEdit(QTime.fromString(settings.reminder_end, "HH:mm"))
        self.to_time.setDisplayFormat("HH:mm")
        self.to_time.setAccessibleName("Working hours end")
        self.hours_note = QLabel()
        self.hours_note.setObjectName("cautions")  # a problem to fix, marked as cautions are
        self.from_time.timeChanged.connect(self._check_hours)
        self.to_time.timeChanged.connect(self._check_hours)
        self.days = []
        days_row = QHBoxLayout()
        for index, name in enumerate(DAY_NAMES):
            day = QCheckBox(name)
            day.setChecked(index in settings.reminder_days)
            day.toggled.connect(self._check_hours)
            self.days.append(day)
            days_row.addWidget(day)
        days_row.addStretch()
        self.which_break = QComboBox()
        self.which_break.setAccessibleName("The break a reminder offers")
        for exercise_id, title in breaks:
            self.which_break.addItem(title, exercise_id)
        self.which_break.setCurrentIndex(max(0, self.which_break.findData(settings.reminder_break)))
        self.start_at_login = QCheckBox("Start bodyscan in the tray when I log in")
        self.start_at_login.setChecked(settings.start_at_login)
        self.keep_in_tray = QCheckBox("Keep bodyscan in the tray when its window is closed")
        self.keep_in_tray.setChecked(settings.keep_in_tray)
        hours_row = QHBoxLayout()
        hours_row.addWidget(self.from_time)
        hours_row.addWidget(QLabel("to"))
        hours_row.addWidget(self.to_time)
        hours_row.addStretch()
        explain = QLabel(
            "Off unless you turn it on. A notification offers the break, never while an "
            "exercise plays, on a locked screen, or over a full-screen window, and it does not "
            "take the keyboard from what you are doing."
        )
        explain.setWordWrap(True)
        explain.setObjectName("notice")
        form = QFormLayout()
        form.addRow("", self.reminders)
        form.addRow("", explain)
        form.addRow("Every", self.every)
        form.addRow("Hours", hours_row)
        form.addRow("", self.hours_note)
        form.addRow("On", days_row)
        form.addRow("Offer", self.which_break)
        form.addRow("", self.start_at_login)
        form.addRow("", self.keep_in_tray)
        self.breaks_form = form
        self.reminder_fields: list[QWidget] = [
            self.every,
            self.from_time,
            self.to_time,
            self.which_break,
            *self.days,
        ]

    def _reminders_toggled(self) -> None:
        for widget in self.reminder_fields:
            widget.setEnabled(self.reminders.isChecked())
        self._check_hours()

    def _check_hours(self) -> None:
        problem = ""
        if self.reminders.isChecked():
            if self.to_time.time() <= self.from_time.time():
                problem = "The end of the working hours must be after the start."
            elif not any(day.isChecked() for day in self.days):
                problem = "Choose at least one day."
        self.hours_note.setText(problem)
        self.hours_note.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problem)

    def chosen(self) -> Settings:
        left_out = checklist.checked(self.left_out)
        return self.settings.with_changes(
            voice_model=self.voice.text().strip(),
            speed=self.speed.value() / 100,
            ambient=self.ambient.currentData(),
            ambient_level=self.level.value() / 100,
            bells=self.bells.isChecked(),
            output_device=self.device.currentData(),
            theme=self.theme.currentData(),
            motion=self.motion.currentData(),
            font_scale=self.font_scale.value() / 100,
            left_out=left_out,
            reminders=self.reminders.isChecked(),
            reminder_every=self.every.value(),
            reminder_start=self.from_time.time().toString("HH:mm"),
            reminder_end=self.to_time.time().toString("HH:mm"),
            reminder_days=tuple(i for i, day in enumerate(self.days) if day.isChecked()),
            reminder_break=self.which_break.currentData() or self.settings.reminder_break,
            start_at_login=self.start_at_login.isChecked(),
            keep_in_tray=self.keep_in_tray.isChecked(),
        )

    def _show_speed(self, value: int) -> None:
        self.speed_label.setText(speed_words(value / 100))
        self.speed.setAccessibleDescription(f"{speed_words(value / 100)} ({value} %)")

    def _speed_changed(self, value: int) -> None:
        self._show_speed(value)
        if self._preview is not None:
            self.preview_timer.start()  # restarted by every change: spoken once it settles

    def _ambient_changed(self) -> None:
        """A level means nothing without a background sound."""
        silent = self.ambient.currentData() == NO_AMBIENT
        self.level.setEnabled(not silent)
        self.level.setToolTip("Choose a background sound first" if silent else "")

    def _look_changed(self) -> None:
        if self._try_look is not None:
            self._try_look(self.chosen())

    def _put_look_back(self) -> None:
        self.preview_timer.stop()
        if self._try_look is not None and self.chosen() != self.settings:
            self._try_look(self.settings)

    def _choose_voice(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose a Piper voice", str(Path.home()), "Piper voices (*.onnx)"
        )
        if name:
            self.voice.setText(name)

    def _play_preview(self) -> None:
        self.preview_timer.stop()
        if self._preview is not None:
            self._preview(self.chosen())

    def _confirm_delete(self) -> None:
        if self._delete_everything is not None and confirm_destructive(
            self,
            "Delete all my data",
            "Delete your journal, your settings and the narration cache?",
            "This cannot be undone. The exercises and sounds you added yourself are kept, in "
            f"{self.data_folder}. Export your journal first if you may want it later.",
            "Delete",
        ):
            self._delete_everything()
            self.reject()  # what was shown here is gone with the settings
