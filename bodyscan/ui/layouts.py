"""Layouts several pages share: content that scrolls when the text is large, with the page's
two buttons kept in view below it."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout, QWidget


def scrolled(content: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(content)
    return scroll


def scrolling_page(page: QWidget, content: QWidget, left: QWidget, right: QWidget) -> None:
    """`content` scrolls; `left` (back, skip) and `right` (the main action) stay at the foot."""
    buttons = QHBoxLayout()
    buttons.addWidget(left)
    buttons.addStretch()
    buttons.addWidget(right)
    layout = QVBoxLayout(page)
    layout.addWidget(scrolled(content), 1)
    layout.addLayout(buttons)
