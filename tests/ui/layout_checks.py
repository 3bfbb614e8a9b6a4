"""Checks any test can run on a real top-level widget, as a person would see it:

- `clipped_text(root)`: visible labels and buttons whose words do not fit their box (measured
  with the widget's own font, wrapping as the widget wraps);
- `overlapping(root)`: visible sibling widgets that cover each other;
- `poor_contrast(root)`: visible labels and buttons whose text colour against their background
  (from the palette the style sheet leaves them) is under WCAG AA (4.5:1);
- `problems(root)`: all three, as readable sentences (empty when all is well).

Typical use, after showing and resizing the window (let the layout settle first):

    window.resize(800, 600); qtbot.waitExposed(window); settle()
    assert layout_checks.problems(window) == []
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPalette, QTextDocument
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt namespace
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QPushButton,
    QWidget,
)

AA_TEXT = 4.5
SLACK = 1  # pixels of rounding that nobody sees


def settle() -> None:
    """Let layouts and style sheets finish (they work through posted events)."""
    for _ in range(3):
        QApplication.processEvents()


def _visible(root: QWidget) -> Iterator[QWidget]:
    """Widgets a person can see: shown, and given some room (a layout may let one step aside
    to nothing, as the header's name does in a narrow window)."""
    if root.isVisible():
        yield root
    for child in root.findChildren(QWidget):
        if (
            child.isVisible()
            and not child.isWindow()
            and child.window() is root.window()
            and child.width() > 0
            and child.height() > 0
        ):
            yield child


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
    label = widget.accessibleName() or widget.objectName() or type(widget).__name__
    return f"{label!r} ({text[:40]!r})" if text else repr(label)


# --- words that do not fit -----------------------------------------------------------------


def _label_needs(label: QLabel, box: QRect) -> tuple[int, int]:
    """Width and height the label's text needs inside `box`."""
    text = label.text()
    if label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    ):
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        document.setHtml(text)
        if label.wordWrap():
            document.setTextWidth(box.width())
        return round(document.idealWidth()), round(document.size().height())
    metrics = QFontMetrics(label.font())
    flags = int(label.alignment().value)
    if label.wordWrap():
        flags |= Qt.TextFlag.TextWordWrap.value
        needed = metrics.boundingRect(QRect(0, 0, box.width(), 100_000), flags, text)
    else:
        needed = metrics.boundingRect(QRect(0, 0, 100_000, 100_000), flags, text)
    return needed.width(), needed.height()


def clipped_text(root: QWidget) -> list[str]:
    found = []
    for widget in _visible(root):
        if isinstance(widget, QLabel) and widget.text():
            box = widget.contentsRect()
            margin = widget.margin() + max(0, widget.indent())
            box = box.adjusted(margin, margin, -margin, -margin)
            width, height = _label_needs(widget, box)
        elif isinstance(widget, QPushButton) and widget.text():
            # The style's own room around the words (padding, border) is what its size hint
            # adds to them; a button squeezed below that cuts its words.
            metrics = QFontMetrics(widget.font())
            text = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            words = metrics.horizontalAdvance(text)
            if not widget.icon().isNull():
                words += widget.iconSize().width() + 4
            chrome = max(0, widget.sizeHint().width() - words)
            box = widget.rect().adjusted(0, 0, -chrome, -4)
            width, height = words, metrics.height()
        else:
            continue
        if width > box.width() + SLACK or height > box.height() + SLACK:
            found.append(
                f"{_name(widget)} needs {width}x{height} px but has {box.width()}x{box.height()}"
            )
    return found


# --- widgets on top of each other ------------------------------------------------------------


def overlapping(root: QWidget) -> list[str]:
    found = []
    parents = [root, *root.findChildren(QWidget)]
    for parent in parents:
        if not parent.isVisible():
            continue
        children = [
            child
            for child in parent.children()
            if isinstance(child, QWidget)
            and child.isVisible()
            and not child.isWindow()
            and not child.objectName().startswith("qt_")
        ]
        for index, first in enumerate(children):
            for second in children[index + 1 :]:
                shared = first.geometry().intersected(second.geometry())
                if shared.width() > SLACK and shared.height() > SLACK:
                    found.append(f"{_name(first)} and {_name(second)} overlap by {shared}")
    return found


# --- contrast -----------------------------------------------------------------------------------


def luminance(colour: QColor) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


def contrast(first: QColor, second: QColor) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colours(widget: QWidget) -> tuple[QColor, QColor]:
    """The text colour and what it is drawn on, as the style sheet left them in the palette."""
    palette = widget.palette()
    group = QPalette.ColorGroup.Active if widget.isEnabled() else QPalette.ColorGroup.Disabled
    fore = palette.color(group, widget.foregroundRole())
    owner: QWidget | None = widget
    if isinstance(widget, QAbstractButton):
        back = palette.color(group, widget.backgroundRole())
        if back.alpha() == 255:
            return fore, back
        owner = widget.parentWidget()  # a transparent button shows what is behind it
    # A label is drawn on the nearest parent that paints a background, else on the window.
    while owner is not None and not owner.autoFillBackground() and not owner.isWindow():
        owner = owner.parentWidget()
    back_widget = owner or widget
    return fore, back_widget.palette().color(group, back_widget.backgroundRole())


def poor_contrast(root: QWidget, minimum: float = AA_TEXT) -> list[str]:
    found = []
    for widget in _visible(root):
        if not isinstance(widget, QLabel | QAbstractButton) or not widget.text():
            continue
        fore, back = text_colours(widget)
        ratio = contrast(fore, back)
        if ratio < minimum:
            found.append(
                f"{_name(widget)}: {fore.name()} on {back.name()} is {ratio:.2f}:1, "
                f"under {minimum}:1"
            )
    return found


def problems(root: QWidget) -> list[str]:
    settle()
    return clipped_text(root) + overlapping(root) + poor_contrast(root)
