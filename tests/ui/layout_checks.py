"""Checks any test can run on a real top-level widget, as a person would see it:

- `clipped_text(root)`: visible labels and buttons whose words do not fit their box (measured
  with the widget's own font, wrapping as the widget wraps);
- `overlapping(root)`: visible sibling widgets that cover each other;
- `poor_contrast(root)`: visible labels and buttons whose text colour against their background
  (from the palette the style sheet leaves them) is under WCAG AA (4.5:1);
- `poor_state_contrast(root)`: the other states a control can be in, measured too: disabled
  words (held to 4.5:1 as well, though WCAG exempts them), the words in fields, lists and
  drop-downs, on and off (4.5:1), placeholder text (4.5:1), the check box and radio button
  indicators, unchecked and checked (their edge against what is around them, 3:1, WCAG
  1.4.11), and the focus ring of every control the keyboard reaches (3:1 against what is
  around it);
- `problems(root)`: all of them, as readable sentences (empty when all is well).

Typical use, after showing and resizing the window (let the layout settle first):

    window.resize(800, 600); qtbot.waitExposed(window); settle()
    assert layout_checks.problems(window) == []
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPalette, QTextDocument
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt namespace
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

AA_TEXT = 4.5
AA_NON_TEXT = 3.0  # WCAG 1.4.11: borders, indicators, focus rings
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


# --- every state of a control ------------------------------------------------------------------


def _disabled_words(root: QWidget) -> list[str]:
    """Words of a control as they look when it is off (the style sheet's `:disabled` rules end
    up in the palette's Disabled group), for every control that can be switched off."""
    found = []
    for widget in _visible(root):
        if not isinstance(widget, QAbstractButton) or not widget.text():
            continue
        palette = widget.palette()
        group = QPalette.ColorGroup.Disabled
        fore = palette.color(group, widget.foregroundRole())
        back = palette.color(group, widget.backgroundRole())
        if back.alpha() != 255:
            _, back = text_colours(widget.parentWidget() or widget)
        ratio = contrast(fore, back)
        if ratio < AA_TEXT:
            found.append(
                f"{_name(widget)} when off: {fore.name()} on {back.name()} is {ratio:.2f}:1, "
                f"under {AA_TEXT}:1"
            )
    return found


def _field_words(root: QWidget) -> list[str]:
    """Words typed or chosen in fields, lists and drop-downs (Text on Base), on and off."""
    found = []
    for widget in _visible(root):
        if not isinstance(widget, QLineEdit | QComboBox | QAbstractSpinBox | QAbstractItemView):
            continue
        palette = widget.palette()
        for group, state in (
            (QPalette.ColorGroup.Active, ""),
            (QPalette.ColorGroup.Disabled, " when off"),
        ):
            fore = palette.color(group, QPalette.ColorRole.Text)
            back = palette.color(group, QPalette.ColorRole.Base)
            ratio = contrast(fore, back)
            if ratio < AA_TEXT:
                found.append(
                    f"{_name(widget)} words{state}: {fore.name()} on {back.name()} is "
                    f"{ratio:.2f}:1, under {AA_TEXT}:1"
                )
    return found


def _placeholders(root: QWidget) -> list[str]:
    found = []
    for widget in _visible(root):
        if isinstance(widget, QLineEdit) and widget.placeholderText():
            palette = widget.palette()
            fore = palette.color(QPalette.ColorRole.PlaceholderText)
            back = palette.color(QPalette.ColorRole.Base)
            ratio = contrast(fore, back)
            if ratio < AA_TEXT:
                found.append(
                    f"{_name(widget)} placeholder {widget.placeholderText()[:30]!r}: "
                    f"{fore.name()} on {back.name()} is {ratio:.2f}:1, under {AA_TEXT}:1"
                )
    return found


def _best_edge(image: QImage, area: QRect, around: QColor) -> float:
    """The strongest contrast against `around` of the pixels on `area`'s four edges, two pixels
    deep (a border, an indicator's edge, a focus ring is drawn there)."""
    best = 1.0
    scale = image.devicePixelRatio()
    middle_x, middle_y = area.center().x(), area.center().y()
    points = []
    for depth in range(3):
        points += [
            QPoint(area.left() + depth, middle_y),
            QPoint(area.right() - depth, middle_y),
            QPoint(middle_x, area.top() + depth),
            QPoint(middle_x, area.bottom() - depth),
        ]
    for point in points:
        x, y = round(point.x() * scale), round(point.y() * scale)
        if 0 <= x < image.width() and 0 <= y < image.height():
            best = max(best, contrast(image.pixelColor(x, y), around))
    return best


def _around(widget: QWidget) -> QColor:
    """What a control stands on: the colour its surroundings paint."""
    owner = widget.parentWidget()
    while owner is not None and not owner.autoFillBackground() and not owner.isWindow():
        if owner.testAttribute(Qt.WidgetAttribute.WA_StyledBackground):
            break
        owner = owner.parentWidget()
    owner = owner or widget
    image = owner.grab().toImage()
    corner = widget.mapTo(owner, QPoint(0, 0))
    scale = image.devicePixelRatio()
    for x, y in ((corner.x() - 3, corner.y() + widget.height() // 2), (1, 1)):
        px, py = round(x * scale), round(y * scale)
        if 0 <= px < image.width() and 0 <= py < image.height():
            return image.pixelColor(px, py)
    return owner.palette().color(owner.backgroundRole())


def _indicator_rect(widget: QCheckBox | QRadioButton) -> QRect:
    option = QStyleOptionButton()
    widget.initStyleOption(option)
    element = (
        QStyle.SubElement.SE_CheckBoxIndicator
        if isinstance(widget, QCheckBox)
        else QStyle.SubElement.SE_RadioButtonIndicator
    )
    return widget.style().subElementRect(element, option, widget)


def _indicators(root: QWidget) -> list[str]:
    """A check box or radio button, unchecked and checked: its indicator's edge must stand out
    from what is around it. The state is put back as it was, without telling anyone."""
    found = []
    for widget in _visible(root):
        if not isinstance(widget, QCheckBox | QRadioButton) or not widget.isEnabled():
            continue
        was = widget.isChecked()
        blocked = widget.blockSignals(True)
        try:
            for checked in (False, True):
                widget.setChecked(checked)
                settle()
                image = widget.grab().toImage()
                area = _indicator_rect(widget)
                around = image.pixelColor(
                    round(max(0, area.left() - 2) * image.devicePixelRatio()),
                    round(area.center().y() * image.devicePixelRatio()),
                )
                if area.left() < 2:
                    around = _around(widget)
                ratio = _best_edge(image, area, around)
                if ratio < AA_NON_TEXT:
                    state = "checked" if checked else "unchecked"
                    found.append(
                        f"{_name(widget)} {state}: its indicator stands out {ratio:.2f}:1 from "
                        f"{around.name()}, under {AA_NON_TEXT}:1"
                    )
        finally:
            widget.setChecked(was)
            widget.blockSignals(blocked)
    return found


def _takes_keyboard(widget: QWidget) -> bool:
    return (
        widget.isEnabled()
        and bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)
        and widget.focusProxy() is None
        and not isinstance(widget, QCheckBox | QRadioButton)  # their indicator shows focus
        and not widget.objectName().startswith("qt_")
    )


def _focus_rings(root: QWidget) -> list[str]:
    """Every control the keyboard reaches, focused: the pixels on its edge must stand out from
    what is around it (a ring the same colour as the page is no ring). Check boxes and radio
    buttons show focus on their indicator; that is measured the same way."""
    found = []
    window = root.window()
    window.activateWindow()
    settle()
    before = QApplication.focusWidget()
    for widget in list(_visible(root)):
        keyboard = _takes_keyboard(widget)
        indicator = isinstance(widget, QCheckBox | QRadioButton) and widget.isEnabled()
        if not keyboard and not indicator:
            continue
        if isinstance(widget.parentWidget(), QAbstractScrollArea) and not isinstance(
            widget, QAbstractItemView
        ):
            continue  # a scroll area's own viewport
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        settle()
        if not widget.hasFocus():
            found.append(f"{_name(widget)} could not take the keyboard's focus to be measured")
            continue
        image = widget.grab().toImage()
        if indicator:
            area = _indicator_rect(widget)  # type: ignore[arg-type]
            around = _around(widget)
        else:
            area = widget.rect()
            around = _around(widget)
        ratio = _best_edge(image, area, around)
        if ratio < AA_NON_TEXT:
            found.append(
                f"{_name(widget)} focused: its ring stands out {ratio:.2f}:1 from "
                f"{around.name()}, under {AA_NON_TEXT}:1"
            )
    if before is not None:
        before.setFocus()
    settle()
    return found


def poor_state_contrast(root: QWidget) -> list[str]:
    return (
        _disabled_words(root)
        + _field_words(root)
        + _placeholders(root)
        + _indicators(root)
        + _focus_rings(root)
    )


def problems(root: QWidget) -> list[str]:
    settle()
    return clipped_text(root) + overlapping(root) + poor_contrast(root) + poor_state_contrast(root)
