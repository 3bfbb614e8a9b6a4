"""Light and dark looks, text size, and the reduced-motion preference.

Colours are chosen for contrast of at least 4.5:1 (WCAG AA) for text, including the faint
"next instruction" line; tests/ui/test_theme.py measures them.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from bodyscan.settings import Settings

BASE_POINT_SIZE = 11.0


@dataclass(frozen=True)
class Look:
    window: str
    surface: str  # lists, text fields
    text: str
    faint: str  # the next instruction, notes
    accent: str  # highlight, primary buttons, the pacer
    on_accent: str  # text on the accent
    mid: str  # the unplayed part of the progress bar
    ground: str  # the Ground me button, always easy to find


LIGHT = Look("#f6f5f2", "#ffffff", "#1f2328", "#595f67", "#2d6b64", "#ffffff", "#c9ccd1", "#8a4b16")
DARK = Look("#1b1e23", "#23272d", "#e8e6e3", "#a6acb4", "#86cbc1", "#10201e", "#4a5058", "#f0b27a")


# Qt's own tray balloon (where the desktop has no notification server) always paints a pale
# yellow background; its words must stay dark in the dark look too.
BALLOON_INK = LIGHT.text


def is_dark(settings: Settings) -> bool:
    if settings.theme in ("light", "dark"):
        return settings.theme == "dark"
    hints = QGuiApplication.styleHints()
    return bool(hints.colorScheme() == Qt.ColorScheme.Dark)


def look_for(settings: Settings) -> Look:
    return DARK if is_dark(settings) else LIGHT


def system_reduces_motion() -> bool:
    """GNOME's "animations off" (other desktops: the preference in Settings decides)."""
    gsettings = shutil.which("gsettings")
    if gsettings is None:
        return False
    try:
        result = subprocess.run(
            [gsettings, "get", "org.gnome.desktop.interface", "enable-animations"],
            capture_output=True,
            text=True,
            timeout=1,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.stdout.strip() == "false"


def reduced_motion(settings: Settings) -> bool:
    if settings.motion == "system":
        return system_reduces_motion()
    return settings.motion == "reduced"


def apply(app: QApplication, settings: Settings) -> Look:
    look = look_for(settings)
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: look.window,
        QPalette.ColorRole.Base: look.surface,
        QPalette.ColorRole.AlternateBase: look.window,
        QPalette.ColorRole.WindowText: look.text,
        QPalette.ColorRole.Text: look.text,
        QPalette.ColorRole.ButtonText: look.text,
        QPalette.ColorRole.Button: look.surface,
        QPalette.ColorRole.Highlight: look.accent,
        QPalette.ColorRole.HighlightedText: look.on_accent,
        QPalette.ColorRole.PlaceholderText: look.faint,
        QPalette.ColorRole.Mid: look.mid,
        QPalette.ColorRole.ToolTipBase: look.surface,
        QPalette.ColorRole.ToolTipText: look.text,
        QPalette.ColorRole.Link: look.accent,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    size = BASE_POINT_SIZE * settings.font_scale
    app.setStyleSheet(stylesheet(look, size))
    return look


def stylesheet(look: Look, size: float) -> str:
    # Check boxes and radio buttons drawn from the tokens: the platform's own are nearly
    # invisible on the dark window. A chosen one is filled with the accent.
    box = round(size * 1.3)
    return f"""
QWidget {{ font-size: {size:.1f}pt; }}
QLabel#heading {{ font-size: {size * 1.5:.1f}pt; padding: 4px 0 8px 0; }}
QLabel#periodName {{ font-size: {size * 1.2:.1f}pt; font-weight: bold; }}
QLabel#subheading {{ font-weight: bold; padding-top: 6px; }}
QLabel#readable {{ border: 2px solid transparent; border-radius: 4px; }}
QLabel#readable:focus, QDateEdit:focus {{ border: 2px solid {look.accent}; }}
QLabel#playerTitle {{ font-size: {size * 1.1:.1f}pt; color: {look.faint}; }}
QLabel#caption {{ font-size: {caption_size(size):.1f}pt; padding: 12px; }}
QLabel#breakCaption {{ font-size: {min(24.0, size * 1.6):.1f}pt; padding: 6px; }}
QFrame#reminderNote {{ background: {look.surface}; border: 2px solid {look.accent};
                      border-radius: 10px; }}
QLabel#upcoming {{ font-size: {min(18.0, size * 1.3):.1f}pt; color: {look.faint}; padding: 8px; }}
QLabel#notice {{ color: {look.faint}; }}
QLabel#problem {{ color: {look.ground}; }}
QLabel#cautions {{ border-left: 4px solid {look.ground}; padding: 6px 10px; }}
QPushButton {{ padding: 6px 14px; border: 1px solid {look.mid}; border-radius: 6px;
              background: {look.surface}; color: {look.text}; }}
QPushButton:checked {{ background: {look.accent}; color: {look.on_accent};
                      border: 1px solid {look.accent}; }}
QPushButton#primary {{ background: {look.accent}; color: {look.on_accent};
                      border: 1px solid {look.accent}; font-weight: bold; }}
QPushButton#primary:disabled {{ background: {look.mid}; color: {look.text}; }}
QPushButton#ground {{ border: 2px solid {look.ground}; font-weight: bold; color: {look.ground};
                     padding: 5px 13px; }}
QPushButton#ground:disabled {{ color: {look.faint}; border: 2px dashed {look.mid}; }}
QPushButton#help {{ color: {look.ground}; font-weight: bold; border: 1px solid {look.ground}; }}
QBalloonTip QLabel {{ color: {BALLOON_INK}; }}
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QFrame#headerbar {{ background: {look.surface}; border-bottom: 1px solid {look.mid}; }}
QLabel#wordmark {{ font-size: {size * 1.3:.1f}pt; font-weight: bold; color: {look.accent}; }}
QPushButton#headerButton {{ border: 1px solid transparent; background: transparent; }}
QPushButton#headerButton:hover {{ border: 1px solid {look.mid}; }}
QPushButton#headerButton:focus {{ border: 2px solid {look.accent};
    padding: {BUTTON_EDGE[0] - 2}px {BUTTON_EDGE[1] - 2}px; }}
QMenu {{ background: {look.surface}; color: {look.text}; border: 1px solid {look.mid};
    padding: 4px 0; }}
QMenu::item {{ padding: 6px 28px 6px {box + 18}px; border: 1px solid transparent; }}
QMenu::item:selected {{ background: {look.accent}; color: {look.on_accent}; }}
QMenu::item:disabled {{ color: {look.faint}; }}
QMenu::separator {{ height: 1px; background: {look.mid}; margin: 4px 10px; }}
QMenu::indicator {{ width: {box}px; height: {box}px; left: 8px; }}
QMenu::indicator:non-exclusive:unchecked {{ border: 2px solid {look.faint}; border-radius: 4px;
    background: {look.surface}; }}
QMenu::indicator:non-exclusive:checked {{ border: 2px solid {look.accent}; border-radius: 4px;
    background: {look.accent}; }}
QCheckBox::indicator, QRadioButton::indicator, QAbstractItemView::indicator {{
    width: {box}px; height: {box}px; border: 2px solid {look.faint}; border-radius: 4px;
    background: {look.surface}; }}
QRadioButton::indicator {{ border-radius: {box // 2 + 2}px; }}
QCheckBox::indicator:checked, QRadioButton::indicator:checked,
QAbstractItemView::indicator:checked {{
    background: {look.accent}; border: 2px solid {look.accent}; }}
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {{
    image: none; border-radius: 4px; }}
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{ border-color: {look.mid}; }}
QCheckBox::indicator:focus, QRadioButton::indicator:focus {{ border-color: {look.text}; }}
QPushButton#card, QPushButton#continueCard {{ padding: 0; border: 1px solid {look.mid};
    border-radius: 10px; background: {look.surface}; text-align: left; }}
QPushButton#continueCard {{ border: 2px solid {look.accent}; }}
QPushButton#card:hover, QPushButton#continueCard:hover {{ border-color: {look.accent}; }}
QPushButton#card:focus {{ border: 3px solid {look.accent}; }}
QPushButton#continueCard:focus {{ border: 3px solid {look.text}; }}
QLabel#cardTitle {{ font-size: {size * 1.15:.1f}pt; font-weight: bold; }}
QLabel#cardMeta, QLabel#cardSummary {{ color: {look.faint}; }}
QLabel#sectionHeading {{ font-size: {size * 1.2:.1f}pt; font-weight: bold; }}
QLabel#quietHeading {{ font-size: {size * 1.05:.1f}pt; color: {look.faint}; }}
QLabel#brokenMessages {{ color: {look.faint}; padding-left: 12px; }}
QWidget#libraryContent {{ background: {look.window}; }}
QToolButton#star {{ border: 2px solid transparent; border-radius: 6px; padding: 0 4px;
    font-size: {size * 1.3:.1f}pt; color: {look.accent}; background: transparent; }}
QToolButton#star:focus {{ border: 2px solid {look.accent}; }}
QLabel#pausedWords {{ font-size: {caption_size(size):.1f}pt; font-weight: bold; }}
QPushButton:disabled {{ color: {look.faint}; border: 1px dashed {look.mid}; }}
QTextBrowser, QScrollArea {{ border: 2px solid transparent; }}
{focus_rings(look)}
QPushButton:checked:focus {{ border: 3px solid {look.text};
    padding: {BUTTON_EDGE[0] - 3}px {BUTTON_EDGE[1] - 3}px; }}
QAbstractItemView::indicator:selected {{ border-color: {look.on_accent}; }}
QAbstractItemView::indicator:checked:selected {{ background: {look.on_accent}; }}
"""


# Every control shows where the keyboard is: rules with an object name (#ground, #help) outrank
# a plain `:focus`, so each gets its own ring, and the ring is thick enough to see from afar.
FOCUSABLE = (
    "QPushButton",
    "QPushButton#primary",
    "QPushButton#ground",
    "QPushButton#help",
    "QToolButton",
    "QLineEdit",
    "QListWidget",
    "QTreeWidget",
    "QSlider",
    "QComboBox",
    "QSpinBox",
    "QTextBrowser",
    "QScrollArea",
    "QTabBar::tab",
)


def focus_rings(look: Look) -> str:
    rules = []
    for selector in FOCUSABLE:
        # On the accent-filled primary button, and around the warm "Get help now", the ring is
        # drawn in the text colour; elsewhere in the accent. (Check boxes and radio buttons show
        # focus on their indicator, above.)
        on_text = selector in ("QPushButton#primary", "QPushButton#help")
        colour = look.text if on_text else look.accent
        width = 3 if selector.startswith("QPushButton#") else 2
        # A button's border and padding add up to the same in every state, so a focus ring
        # never changes its size (and never moves the controls beside it).
        padding = (
            f" padding: {BUTTON_EDGE[0] - width}px {BUTTON_EDGE[1] - width}px;"
            if selector.startswith("QPushButton")
            else ""
        )
        rules.append(
            f"{selector}:focus {{ outline: none; border: {width}px solid {colour};{padding} }}"
        )
    return "\n".join(rules)


BUTTON_EDGE = (7, 15)  # px of border plus padding around a button's words: top, side
CAPTION_POINTS = (24.0, 32.0)  # the player's caption, readable from two metres (LOOK.md)


def caption_size(size: float) -> float:
    """The player's caption grows with the text size but stays in LOOK.md's 24-32 pt."""
    low, high = CAPTION_POINTS
    return min(high, max(low, size * 2.4))
