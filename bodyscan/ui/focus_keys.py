"""Keys on the focused button, for the player and the break window, whose Space also pauses:
Space and Enter press the button that has the focus (as everywhere in Qt), and only where no
other button has it does Space pause or resume."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget


def focused_button(within: QWidget) -> QAbstractButton | None:
    focused = QApplication.focusWidget()
    if isinstance(focused, QAbstractButton) and within.isAncestorOf(focused):
        return focused
    return None


def press_focused(within: QWidget) -> None:
    button = focused_button(within)
    if button is not None and button.isEnabled():
        button.click()


def space(within: QWidget, pause_button: QAbstractButton, toggle_pause: Callable[[], None]) -> None:
    """Space presses the focused button, and otherwise pauses or resumes."""
    button = focused_button(within)
    if button is not None and button is not pause_button:
        if button.isEnabled():
            button.click()
        return
    toggle_pause()
