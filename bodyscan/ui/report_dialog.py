"""Journal → "Summary for my therapist…": the PDF's pages previewed as they will print, a tick
box for the notes (off unless the person ticks it), and saving the file.

The preview draws the document's own pages into pictures. Not Qt's print preview: QPrinter
asks CUPS for printers over the network (localhost:631) as soon as it exists, and this app
never opens a network socket (tests/test_privacy.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bodyscan.errors import BodyscanError
from bodyscan.files import write_bytes_atomically
from bodyscan.journal.insights import Insights
from bodyscan.ui.report_pdf import MARGIN_MM, pdf_bytes, summary_document

PREVIEW_WIDTH = 520  # pixels for a page's width, margins included


def page_images(document: QTextDocument, width: int = PREVIEW_WIDTH) -> list[QImage]:
    """Each page of the paginated document as a picture of white paper with its margins."""
    page = document.pageSize()
    margin = MARGIN_MM * 72 / 25.4
    scale = width / (page.width() + 2 * margin)
    height = round((page.height() + 2 * margin) * scale)
    images = []
    for number in range(document.pageCount()):
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.scale(scale, scale)
        painter.translate(margin, margin - number * page.height())
        document.drawContents(
            painter, QRectF(0, number * page.height(), page.width(), page.height())
        )
        painter.end()
        images.append(image)
    return images


class ReportDialog(QDialog):
    def __init__(
        self,
        read: Callable[[bool], Insights],
        on_error: Callable[[BodyscanError], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.read = read  # the insights of the page's period, with the notes or without
        self.on_error = on_error
        self.setWindowTitle("Summary for my therapist")
        self.insights = read(False)
        self.document: QTextDocument = summary_document(self.insights)
        now, before = self.insights.current.period, self.insights.previous.period
        intro = QLabel(
            f"A PDF to bring to a therapist: your practice {now.in_words}, compared with "
            f"{before.name}, in words, two heat maps and tables. To choose another period, "
            "close this and change it on the journal page."
        )
        intro.setWordWrap(True)
        self.notes = QCheckBox("Include my notes")
        self.notes.setAccessibleDescription(
            "The notes you wrote with your check-ins are private; tick this only if you want "
            "your therapist to read them"
        )
        self.notes.toggled.connect(self._notes_changed)
        notes_hint = QLabel("Your notes stay out of the summary unless you tick this.")
        notes_hint.setWordWrap(True)
        notes_hint.setObjectName("notice")
        self.page_column = QWidget()
        self.page_column.setObjectName("previewPages")
        self.page_layout = QVBoxLayout(self.page_column)
        self.preview = QScrollArea()
        self.preview.setWidgetResizable(True)
        self.preview.setWidget(self.page_column)
        self.preview.setAccessibleName("Preview of the summary's pages")
        self.preview.setMinimumHeight(200)
        self.preview.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys scroll it
        self.page_pictures: list[QLabel] = []
        self.pages = QLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("notice")
        self.save_button = QPushButton("Save PDF…")
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pages, 1)
        buttons.addWidget(close)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.notes)
        layout.addWidget(notes_hint)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(760, 560)
        self._pages_text()
        self._draw_pages()
        self.notes.setFocus(Qt.FocusReason.OtherFocusReason)

    def _pages_text(self) -> None:
        count = self.document.pageCount()
        with_notes = ", with your notes" if self.insights.notes else ", without your notes"
        self.pages.setText(f"{count} page{'' if count == 1 else 's'}{with_notes}")

    def _draw_pages(self) -> None:
        column = self.page_layout
        for picture in self.page_pictures:
            column.removeWidget(picture)
            picture.deleteLater()
        self.page_pictures = []
        images = page_images(self.document)
        for number, image in enumerate(images, start=1):
            picture = QLabel()
            picture.setPixmap(QPixmap.fromImage(image))
            picture.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            picture.setAccessibleName(f"Page {number} of {len(images)}")
            column.addWidget(picture)
            self.page_pictures.append(picture)

    def _notes_changed(self, checked: bool) -> None:
        try:
            self.insights = self.read(checked)
        except BodyscanError as exc:
            self._error(exc)
            return
        self.document = summary_document(self.insights)
        self._pages_text()
        self._draw_pages()

    def save_to(self, path: Path) -> None:
        title = f"Body awareness practice: {self.insights.current.period.name}"
        write_bytes_atomically(path, pdf_bytes(self.document, title), "write the summary PDF")
        count = self.document.pageCount()
        self.status.setText(
            f"Saved the summary ({count} page{'' if count == 1 else 's'}"
            f"{', with your notes' if self.insights.notes else ''}) to {path}."
        )

    def _save(self) -> None:
        name = f"bodyscan-summary-{self.insights.current.period.first.isoformat()}.pdf"
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the summary", str(Path.home() / name), "PDF (*.pdf)"
        )
        if not chosen:
            return
        path = Path(chosen) if chosen.lower().endswith(".pdf") else Path(f"{chosen}.pdf")
        try:
            self.save_to(path)
        except BodyscanError as exc:
            self._error(exc)

    def _error(self, error: BodyscanError) -> None:
        self.status.setText(f"{error.short[:1].upper()}{error.short[1:]}. {error.detail}")
        if self.on_error is not None:
            self.on_error(error)
