"""Settings: voice and speed (with a preview), sound, look, body areas, device, your data.

Changes are saved when the dialog is accepted (atomically, by SettingsStore). "Delete all my
data" asks first, says exactly what goes, and keeps the exercises you wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
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
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from bodyscan.core.sounds import NO_AMBIENT, SoundCatalogue
from bodyscan.settings import MOTION, THEMES, Settings
from bodyscan.ui import checklist
from bodyscan.ui.info_pages import confirm_destructive
from bodyscan.ui.setup_page import LEAVE_OUT_CHOICES

THEME_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}
MOTION_LABELS = {
    "system": "Follow the system",
    "full": "Moving breathing circle",
    "reduced": "Reduced motion: words and a bar",
}


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        catalogue: SoundCatalogue,
        devices: list[tuple[str, str]],
        data_folder: Path,
        *,
        preview: Callable[[Settings], None] | None = None,
        delete_everything: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        self._preview = preview
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
        self.speed_label = QLabel()
        self.speed.valueChanged.connect(self._speed_changed)
        self._speed_changed(self.speed.value())
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
        self.font_scale.valueChanged.connect(lambda v: self.font_label.setText(f"{v} %"))
        self.font_label.setText(f"{self.font_scale.value()} %")

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

        form = QFormLayout()
        voice_row = QHBoxLayout()
        voice_row.addWidget(self.voice, 1)
        voice_row.addWidget(choose_voice)
        speed_row = QHBoxLayout()
        speed_row.addWidget(self.speed, 1)
        speed_row.addWidget(self.speed_label)
        speed_row.addWidget(self.preview_button)
        font_row = QHBoxLayout()
        font_row.addWidget(self.font_scale, 1)
        font_row.addWidget(self.font_label)
        data_row = QHBoxLayout()
        data_row.addWidget(open_folder)
        data_row.addWidget(self.delete_button)
        data_row.addStretch()
        form.addRow("Voice", voice_row)
        form.addRow("Speaking speed", speed_row)
        form.addRow("Background", self.ambient)
        form.addRow("Level", self.level)
        form.addRow("", self.bells)
        form.addRow("Sound device", self.device)
        form.addRow("Look", self.theme)
        form.addRow("Breathing pacer", self.motion)
        form.addRow("Text size", font_row)
        form.addRow("Leave out", self.left_out)
        form.addRow("Your data", folder)
        form.addRow("", data_row)
        inner = QWidget()
        inner.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(640, 560)

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
        )

    def _speed_changed(self, value: int) -> None:
        self.speed_label.setText(f"{value / 100:.2f}×")

    def _choose_voice(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose a Piper voice", str(Path.home()), "Piper voices (*.onnx)"
        )
        if name:
            self.voice.setText(name)

    def _play_preview(self) -> None:
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
