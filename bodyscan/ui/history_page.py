"""The journal, looked back on: sessions by date with their check-ins, a body heat map for any
stretch of time, and how often a place was noticed week by week.

Plain counts, never scores or streaks; "nothing noticed" and "numb / far away" are shown as
answers like the others. Entries can be deleted (with undo) and the journal exported or
imported.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodyscan.core.regions import CHECKIN_ANSWERS, PLACE_LABELS
from bodyscan.errors import BodyscanError, DataError
from bodyscan.files import write_bytes_atomically, write_text_atomically
from bodyscan.journal.model import Entry, now
from bodyscan.journal.store import HeatMap, Journal
from bodyscan.journal.transfer import export_text, read_export
from bodyscan.journal.view import ENDINGS, describe_checkin, duration, local_time
from bodyscan.ui.body_map import BodyMap
from bodyscan.ui.info_pages import confirm_destructive
from bodyscan.ui.layouts import scrolled

RANGES: tuple[tuple[str, int | None], ...] = (
    ("The last 4 weeks", 28),
    ("The last 3 months", 91),
    ("The last year", 365),
    ("Everything", None),
    ("Between two dates", -1),
)
PAGE = 200
UNDO_SECONDS = 10


def _local_midnight(date: QDate) -> datetime:
    """The start of a day in local time, as an aware datetime."""
    return datetime(date.year(), date.month(), date.day()).astimezone()


class TrendChart(QWidget):
    """Weeks as thin bars: the part of that week's check-ins that marked the place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weeks: list[tuple[str, int, int]] = []
        self.setMinimumHeight(70)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Weekly trend")

    def set_weeks(self, weeks: list[tuple[str, int, int]]) -> None:
        self.weeks = weeks[-52:]
        marked = sum(m for _, _, m in self.weeks)
        total = sum(t for _, t, _ in self.weeks)
        self.setAccessibleDescription(f"marked in {marked} of {total} check-ins")
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self.weeks:
            return
        painter = QPainter(self)
        palette = self.palette()
        width = self.width() / max(len(self.weeks), 1)
        for index, (_week, total, marked) in enumerate(self.weeks):
            share = marked / total if total else 0.0
            height = (self.height() - 4) * share
            x = index * width
            painter.fillRect(
                QRectF(x + 1, 0, width - 2, self.height()), palette.color(QPalette.ColorRole.Base)
            )
            painter.fillRect(
                QRectF(x + 1, self.height() - height, width - 2, height),
                palette.color(QPalette.ColorRole.Highlight),
            )
        painter.end()


class HistoryPage(QWidget):
    back_requested = Signal()

    def __init__(
        self,
        journal: Callable[[], Journal | None],
        on_error: Callable[[BodyscanError], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.on_error = on_error
        self.entries: list[Entry] = []
        self.deleted: Entry | None = None
        self.region: str | None = None

        heading = QLabel("Your journal")
        heading.setObjectName("heading")
        self.range = QComboBox()
        self.range.setAccessibleName("Which time to look at")
        for label, days in RANGES:
            self.range.addItem(label, days)
        self.range.currentIndexChanged.connect(lambda _i: self._range_changed())
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addMonths(-1))
        self.date_from.setCalendarPopup(True)
        self.date_from.setAccessibleName("From this date")
        self.date_to = QDateEdit(today)
        self.date_to.setCalendarPopup(True)
        self.date_to.setAccessibleName("Up to and including this date")
        for edit in (self.date_from, self.date_to):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(lambda _d: self.refresh())
            edit.hide()

        self.list = QTreeWidget()
        self.list.setHeaderHidden(True)
        self.list.setAccessibleName("Sessions, newest first, with their check-ins")
        self.more = QPushButton("Older…")
        self.more.setAccessibleDescription("Show older sessions")
        self.more.clicked.connect(self._more)
        self.delete_button = QPushButton("Delete entry")
        self.delete_button.clicked.connect(self._delete)
        self.undo = QPushButton("Undo")
        self.undo.setAccessibleDescription("Bring back the entry just deleted")
        self.undo.hide()
        self.undo.clicked.connect(self._undo)
        self.undo_timer = QTimer(self, singleShot=True, interval=UNDO_SECONDS * 1000)
        self.undo_timer.timeout.connect(self._forget_deleted)

        self.map = BodyMap()
        self.map.heat_mode = True
        self.map.setAccessibleName("Heat map: how often each place was marked")
        self.map.region_clicked.connect(self.show_region)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Summary of the check-ins")
        self.region_text = QLabel("Choose a place on the map to see it week by week.")
        self.region_text.setWordWrap(True)
        self.trend = TrendChart()

        export_json = QPushButton("Export JSON…")
        export_json.setAccessibleDescription("Everything in the journal, to import again later")
        export_json.clicked.connect(lambda: self._export("json"))
        export_csv = QPushButton("Export CSV…")
        export_csv.setAccessibleDescription("One row per marked place, for a spreadsheet")
        export_csv.clicked.connect(lambda: self._export("csv"))
        export_png = QPushButton("Save heat map…")
        export_png.setAccessibleDescription("The body heat map as a PNG picture")
        export_png.clicked.connect(lambda: self._export("png"))
        import_json = QPushButton("Import…")
        import_json.clicked.connect(self._import)
        self.delete_all_button = QPushButton("Delete all…")
        self.delete_all_button.setAccessibleDescription("Delete every entry (asks first)")
        self.delete_all_button.clicked.connect(self._confirm_delete_all)
        back = QPushButton("Library")
        back.setAccessibleDescription("Back to the library")
        back.clicked.connect(self.back_requested.emit)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.list, 1)
        rows = QGridLayout()
        rows.addWidget(self.more, 0, 0)
        rows.addWidget(self.undo, 0, 1)
        rows.addWidget(self.delete_button, 1, 0)
        rows.addWidget(self.delete_all_button, 1, 1)
        left_layout.addLayout(rows)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.map, 1)
        right_layout.addWidget(self.region_text)
        right_layout.addWidget(self.trend)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([420, 460])
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.range)
        top.addWidget(self.date_from)
        top.addWidget(self.date_to)
        # A grid, so the page fits 800 pixels at twice the text size.
        transfer = QGridLayout()
        transfer.addWidget(back, 0, 0)
        transfer.addWidget(import_json, 1, 0)
        transfer.addWidget(export_png, 2, 0)
        transfer.addWidget(export_json, 0, 1)
        transfer.addWidget(export_csv, 1, 1)
        # At large text sizes the two halves may not fit side by side: they scroll instead.
        scroll = scrolled(splitter)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addLayout(transfer)
        self.setFocusProxy(self.list)

    # --- reading ----------------------------------------------------------------------------

    def since(self) -> datetime | None:
        days = self.range.currentData()
        if days == -1:
            return _local_midnight(self.date_from.date())
        return None if days is None else now() - timedelta(days=days)

    def until(self) -> datetime | None:
        if self.range.currentData() == -1:
            return _local_midnight(self.date_to.date().addDays(1))
        return None

    def _range_changed(self) -> None:
        custom = self.range.currentData() == -1
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        self.refresh()

    def refresh(self) -> None:
        journal = self.journal()
        if journal is None:
            return
        since, until = self.since(), self.until()
        self.entries = journal.entries(since=since, until=until, limit=PAGE)
        self._fill()
        self.show_heat(journal.heat_map(since=since, until=until))
        if self.region is not None:
            self.show_region(self.region)

    def _more(self) -> None:
        journal = self.journal()
        if journal is None:
            return
        older = journal.entries(
            since=self.since(), until=self.until(), limit=PAGE, offset=len(self.entries)
        )
        self.entries += older
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        if not self.entries:
            item = QTreeWidgetItem(["Nothing here yet. Sessions you play appear here."])
            self.list.addTopLevelItem(item)
        for index, entry in enumerate(self.entries):
            s = entry.session
            when = local_time(s.started_at, "%a %d %b %Y, %H:%M")
            item = QTreeWidgetItem(
                [
                    f"{when} · {s.title} · {duration(s.played_seconds)} of "
                    f"{duration(s.planned_seconds)}, {ENDINGS.get(s.ending, s.ending)}"
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, index)
            for checkin in entry.checkins:
                child = QTreeWidgetItem([describe_checkin(checkin)])
                child.setData(0, Qt.ItemDataRole.UserRole, index)
                child.setToolTip(0, describe_checkin(checkin))
                item.addChild(child)
            self.list.addTopLevelItem(item)
            item.setExpanded(True)
        self.more.setVisible(len(self.entries) >= PAGE and len(self.entries) % PAGE == 0)

    def show_heat(self, heat: HeatMap) -> None:
        top = max(heat.regions.values(), default=0)
        self.map.heat = {region: count / top for region, count in heat.regions.items()}
        self.map.update()
        if not heat.checkins:
            self.summary.setText("No check-ins in this time.")
            return
        answers = ", ".join(
            f"{heat.answers[key]} {label}"
            for key, label in CHECKIN_ANSWERS.items()
            if key in heat.answers
        )
        self.summary.setText(f"{heat.checkins} check-ins: {answers}.")

    def show_region(self, region: str) -> None:
        journal = self.journal()
        if journal is None:
            return
        self.region = region
        self.map.selected = region
        self.map.update()
        heat = journal.heat_map(since=self.since(), until=self.until())
        words = heat.qualities.get(region)
        described = ", ".join(f"{q} {n}" for q, n in words.most_common(5)) if words else ""
        marked = heat.regions.get(region, 0)
        text = (
            f"{PLACE_LABELS[region].capitalize()}: marked in {marked} of {heat.checkins} check-ins"
        )
        self.region_text.setText(f"{text}{' · ' + described if described else ''}.")
        self.trend.set_weeks(journal.trend(region, since=self.since(), until=self.until()))

    # --- changing ---------------------------------------------------------------------------

    def selected_entry(self) -> Entry | None:
        item = self.list.currentItem()
        index = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        return None if index is None else self.entries[index]

    def _delete(self) -> None:
        journal, entry = self.journal(), self.selected_entry()
        if journal is None or entry is None:
            return
        try:
            self.deleted = journal.delete(entry.session.id)
        except BodyscanError as exc:
            self._error(exc)
            return
        self.undo.show()
        self.undo_timer.start()
        self.refresh()

    def _confirm_delete_all(self) -> None:
        if confirm_destructive(
            self,
            "Delete all entries",
            "Delete every session and check-in in your journal?",
            "This cannot be undone. Export the journal first if you may want it later.",
            "Delete all",
        ):
            self.delete_all()

    def delete_all(self) -> None:
        journal = self.journal()
        if journal is None:
            return
        try:
            journal.delete_all()
        except BodyscanError as exc:
            self._error(exc)
        self._forget_deleted()
        self.refresh()

    def _undo(self) -> None:
        journal = self.journal()
        if journal is None or self.deleted is None:
            return
        try:
            journal.restore(self.deleted)
        except BodyscanError as exc:
            self._error(exc)
            return
        self._forget_deleted()
        self.refresh()

    def _forget_deleted(self) -> None:
        self.deleted = None
        self.undo.hide()

    def export_to(self, kind: str, path: Path) -> None:
        journal = self.journal()
        if journal is None:
            return
        if kind == "png":  # encoded in memory, then written like every other file of ours
            encoded = QByteArray()
            buffer = QBuffer(encoded)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            if not self.map.to_image().save(buffer, "PNG"):  # type: ignore[call-overload]
                raise DataError("could not make the picture of your body map")
            write_bytes_atomically(path, bytes(encoded.data()), "export the body map picture")
            return
        entries = list(reversed(journal.entries()))
        write_text_atomically(path, export_text(entries, kind), "export your journal")

    def import_from(self, path: Path) -> tuple[int, int]:
        journal = self.journal()
        if journal is None:
            return (0, 0)
        result = journal.import_entries(read_export(path))
        self.refresh()
        return result

    def _export(self, kind: str) -> None:
        filters = {"json": "JSON (*.json)", "csv": "CSV (*.csv)", "png": "PNG image (*.png)"}
        name, _ = QFileDialog.getSaveFileName(
            self, "Export", str(Path.home() / f"bodyscan-journal.{kind}"), filters[kind]
        )
        if name:
            try:
                self.export_to(kind, Path(name))
            except BodyscanError as exc:
                self._error(exc)

    def _import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import a journal export", str(Path.home()), "JSON (*.json)"
        )
        if name:
            try:
                added, skipped = self.import_from(Path(name))
            except BodyscanError as exc:
                self._error(exc)
                return
            self.summary.setText(
                f"Imported {added} sessions ({skipped} were already here). " + self.summary.text()
            )

    def _error(self, error: BodyscanError) -> None:
        if self.on_error is not None:
            self.on_error(error)
