"""The window's header bar (as GNOME and KDE apps have one): the name, quiet buttons for the
places to go, and "Get help now" in the warm colour, always in the same place.

Some parts are niceties (the name, the timer's button): when the window is narrow or the text
large they step aside, in the order given, rather than be cut; they never set how small the
window may be. What they lead to stays on its key (Ctrl+T for the timer).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class HeaderBar(QFrame):
    def __init__(
        self,
        left: list[QWidget],
        places: list[QPushButton],
        help_button: QPushButton,
        *,
        optional: list[QWidget],
    ) -> None:
        super().__init__()
        self.setObjectName("headerbar")
        self.wordmark = QLabel("bodyscan")
        self.wordmark.setObjectName("wordmark")
        self.optional = [self.wordmark, *optional]  # the first steps aside first
        self.hidden_by_page: set[QWidget] = set()
        for widget in self.optional:
            widget.setMinimumWidth(1)  # never what keeps the window from being narrow
        self.bar = QHBoxLayout(self)
        self.bar.setContentsMargins(18, 6, 12, 6)
        self.bar.setSpacing(6)
        self.bar.addWidget(self.wordmark)
        for widget in left:
            self.bar.addWidget(widget)
        self.bar.addStretch()
        for button in places:
            button.setObjectName("headerButton")
            self.bar.addWidget(button)
        self.bar.addSpacing(6)
        self.bar.addWidget(help_button)
        self.parts = [*left, *places, help_button]

    def fit(self) -> None:
        """Show each optional part, in order of importance, only while everything fits."""
        margins = self.bar.contentsMargins()
        used = margins.left() + margins.right() + 6  # the space before help
        shown = [w for w in self.parts if w not in self.optional and not w.isHidden()]
        used += sum(w.sizeHint().width() + self.bar.spacing() for w in shown)
        for widget in reversed(self.optional):  # the most wanted (last) is placed first
            if widget in self.hidden_by_page:
                continue
            needed = widget.sizeHint().width() + self.bar.spacing()
            fits = used + needed <= self.width()
            widget.setVisible(fits)
            if fits:
                used += needed

    def show_for_page(self, widget: QWidget, wanted: bool) -> None:
        """A part that belongs to some pages only (Share… before starting)."""
        if wanted:
            self.hidden_by_page.discard(widget)
        else:
            self.hidden_by_page.add(widget)
            widget.hide()
        self.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit()
