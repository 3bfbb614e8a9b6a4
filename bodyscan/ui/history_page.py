"""The journal, looked back on, as LOOK.md draws it: facts in words first, then the heat maps
(this period beside the one before, one legend), then trends with dated axes, then the
sessions as a readable list.

Plain counts, never scores or streaks; "nothing noticed" and "numb / far away" are shown as
answers like the others. Entries can be deleted (with undo); the journal can be exported
(with a confirmation that says where it went) or imported, and a summary made for a
therapist.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QDate,
    QIODevice,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bodyscan.errors import BodyscanError, DataError
from bodyscan.files import write_bytes_atomically, write_text_atomically
from bodyscan.journal.insights import (
    Insights,
    Period,
    between,
    insights,
    month_of,
    place_by_bucket,
    week_of,
    year_of,
)
from bodyscan.journal.model import Entry
from bodyscan.journal.store import Journal
from bodyscan.journal.transfer import export_text, read_export
from bodyscan.journal.view import entry_lines, local_time
from bodyscan.ui.info_pages import confirm_destructive
from bodyscan.ui.insight_pictures import PRINT, heat_maps_image
from bodyscan.ui.insights_panel import InsightsPanel, WrappingLines, heading
from bodyscan.ui.layouts import scrolled
from bodyscan.ui.report_pdf import heat_panels

PERIODS: tuple[str, ...] = ("This week", "This month", "This year", "Between two dates")
CUSTOM = "Between two dates"
PAGE = 200
UNDO_SECONDS = 10


def _day(edit: QDateEdit) -> date:
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())


def _can_step_back(period: Period) -> bool:
    """Whether Earlier can show the period before, beside the one before that (not at the
    calendar's first days)."""
    try:
        period.previous().previous()
    except (OverflowError, ValueError):
        return False
    return True


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
        self.period: Period = month_of(date.today())
        # True while the page shows the chooser's period (this month...), so a page left open
        # past midnight moves on with the calendar; stepping Earlier or Later pins the period.
        self.following = True
        self.insights: Insights | None = None

        title = QLabel("Your journal")
        title.setObjectName("heading")
        self.range = QComboBox()
        self.range.setAccessibleName("Which period to look at")
        self.range.addItems(PERIODS)
        self.range.setCurrentText("This month")
        self.range.currentIndexChanged.connect(lambda _i: self._range_changed())
        self.earlier = QPushButton("‹ Earlier")
        self.earlier.setAccessibleName("Earlier period")
        self.earlier.clicked.connect(lambda: self.show_period(self.period.previous(), False))
        self.later = QPushButton("Later ›")
        self.later.setAccessibleName("Later period")
        self.later.clicked.connect(lambda: self.show_period(self.period.next(), False))
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addMonths(-1))
        self.date_from.setAccessibleName("From this day")
        self.date_to = QDateEdit(today)
        self.date_to.setAccessibleName("Up to and including this day")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(lambda _d: self._dates_changed())
            edit.hide()
        self.compare = QCheckBox("Show the period before beside it")
        self.compare.setChecked(True)
        self.compare.toggled.connect(self._compare_changed)

        self.panel = InsightsPanel()
        self.panel.place_chosen.connect(self.show_region)
        # The panel's parts, by the names tests and tools use.
        self.period_name, self.facts, self.map = (
            self.panel.period_name,
            self.panel.facts,
            self.panel.map,
        )
        self.places, self.sessions_title, self.sessions_chart = (
            self.panel.places,
            self.panel.sessions_title,
            self.panel.sessions_chart,
        )
        self.place_choice, self.region_text, self.trend = (
            self.panel.place_choice,
            self.panel.region_text,
            self.panel.trend,
        )

        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setUniformItemSizes(False)
        self.list.setItemDelegate(WrappingLines(self.list))
        self.list.setSpacing(3)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setAccessibleName("Sessions of the period, newest first, with their check-ins")
        self.list.setMinimumHeight(self.fontMetrics().height() * 14)
        self.more = QPushButton("Older…")
        self.more.setAccessibleDescription("Show older sessions of this period")
        self.more.clicked.connect(self._more)
        self.delete_button = QPushButton("Delete entry")
        self.delete_button.setAccessibleDescription("Delete the chosen session (you can undo)")
        self.delete_button.clicked.connect(self._delete)
        self.undo = QPushButton("Undo")
        self.undo.setAccessibleDescription("Bring back the entry just deleted")
        self.undo.hide()
        self.undo.clicked.connect(self._undo)
        self.undo_timer = QTimer(self, singleShot=True, interval=UNDO_SECONDS * 1000)
        self.undo_timer.timeout.connect(self._forget_deleted)

        self.report_button = QPushButton("Summary for my therapist…")
        self.report_button.setAccessibleDescription(
            "A PDF of this period to bring to a therapist, with a preview"
        )
        self.report_button.clicked.connect(self.open_report)
        export_json = QPushButton("Export JSON…")
        export_json.setAccessibleDescription("Everything in the journal, to import again later")
        export_json.clicked.connect(lambda: self._export("json"))
        export_csv = QPushButton("Export CSV…")
        export_csv.setAccessibleDescription("One row per marked place, for a spreadsheet")
        export_csv.clicked.connect(lambda: self._export("csv"))
        export_png = QPushButton("Save heat maps…")
        export_png.setAccessibleDescription("The two heat maps and their legend as a picture")
        export_png.clicked.connect(lambda: self._export("png"))
        import_json = QPushButton("Import…")
        import_json.clicked.connect(self._import)
        self.delete_all_button = QPushButton("Delete all…")
        self.delete_all_button.setAccessibleDescription("Delete every entry (asks first)")
        self.delete_all_button.clicked.connect(self._confirm_delete_all)
        back = QPushButton("Library")
        back.setAccessibleDescription("Back to the library")
        back.clicked.connect(self.back_requested.emit)
        self.status = QLabel()
        self.status.setObjectName("notice")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("What just happened")
        self.status.hide()

        # One column that scrolls: it fits 800 x 600 at twice the text size.
        content = QWidget()
        column = QVBoxLayout(content)
        column.setSpacing(12)
        choose = QGridLayout()
        choose.addWidget(self.range, 0, 0, 1, 2)
        choose.addWidget(self.earlier, 1, 0)
        choose.addWidget(self.later, 1, 1)
        choose.addWidget(self.date_from, 2, 0)
        choose.addWidget(self.date_to, 2, 1)
        choose.addWidget(self.compare, 3, 0, 1, 2)
        choose.setColumnStretch(2, 1)
        column.addLayout(choose)
        column.addWidget(self.panel)
        column.addWidget(heading("Your sessions"))
        column.addWidget(self.list)
        rows = QHBoxLayout()
        rows.addWidget(self.more)
        rows.addWidget(self.delete_button)
        rows.addWidget(self.undo)
        rows.addStretch()
        column.addLayout(rows)
        column.addWidget(heading("Your journal's files"))
        files = QGridLayout()
        files.addWidget(export_json, 0, 0)
        files.addWidget(export_csv, 0, 1)
        files.addWidget(export_png, 1, 0)
        files.addWidget(import_json, 1, 1)
        files.addWidget(self.delete_all_button, 2, 0)
        files.setColumnStretch(2, 1)
        column.addLayout(files)
        column.addStretch()
        scroll = scrolled(content)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller = scroll
        top = QHBoxLayout()
        top.addWidget(title, 1)
        foot = QHBoxLayout()
        foot.addWidget(back)
        foot.addStretch()
        foot.addWidget(self.report_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        layout.addLayout(foot)
        self.setFocusProxy(self.range)

    # --- the period -------------------------------------------------------------------------

    def chosen_period(self) -> Period:
        """The period the chooser names, around today (or the two dates)."""
        today = date.today()
        choice = self.range.currentText()
        if choice == "This week":
            return week_of(today)
        if choice == "This year":
            return year_of(today)
        if choice == CUSTOM:
            first, last = sorted((_day(self.date_from), _day(self.date_to)))
            return between(first, last)
        return month_of(today)

    def _range_changed(self) -> None:
        custom = self.range.currentText() == CUSTOM
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        self.show_period(self.chosen_period(), True)

    def _dates_changed(self) -> None:
        if self.range.currentText() == CUSTOM:
            self.show_period(self.chosen_period(), True)

    def show_period(self, period: Period, following: bool = False) -> None:
        self.period = period
        self.following = following
        self.refresh()

    # --- reading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        journal = self.journal()
        if journal is None:
            return
        if self.following:
            self.period = self.chosen_period()
        self.later.setEnabled(self.period.last < date.today())
        self.earlier.setEnabled(_can_step_back(self.period))
        try:
            found = insights(journal, self.period)
            self.entries = journal.entries(
                since=self.period.since, until=self.period.until, limit=PAGE
            )
        except BodyscanError as exc:
            self._error(exc)
            return
        self.insights = found
        self.panel.show_insights(found)
        self._fill()
        if self.region is not None:
            self.show_region(self.region)

    def _compare_changed(self, compare: bool) -> None:
        self.panel.set_compare(compare)
        if self.region is not None:
            self.show_region(self.region)

    def _more(self) -> None:
        journal = self.journal()
        if journal is None:
            return
        older = journal.entries(
            since=self.period.since, until=self.period.until, limit=PAGE, offset=len(self.entries)
        )
        self.entries += older
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        if not self.entries:
            self.list.addItem(
                QListWidgetItem(
                    f"No sessions {self.period.in_words}. Sessions you play appear here."
                )
            )
        for index, entry in enumerate(self.entries):
            self.list.addItem(self._item(index, entry))
        self.more.setVisible(len(self.entries) >= PAGE and len(self.entries) % PAGE == 0)

    def _item(self, index: int, entry: Entry) -> QListWidgetItem:
        item = QListWidgetItem("\n".join(entry_lines(entry)))
        item.setData(Qt.ItemDataRole.UserRole, index)
        return item

    def show_region(self, region: str) -> None:
        journal = self.journal()
        if journal is None or self.insights is None:
            return
        self.region = region
        try:
            bars = place_by_bucket(journal, self.period, region)
        except BodyscanError as exc:
            self._error(exc)
            return
        self.panel.show_region(region, bars)

    # --- changing ---------------------------------------------------------------------------

    def selected_entry(self) -> Entry | None:
        item = self.list.currentItem()
        index = item.data(Qt.ItemDataRole.UserRole) if item else None
        return None if index is None else self.entries[index]

    def _delete(self) -> None:
        journal, entry = self.journal(), self.selected_entry()
        if journal is None or entry is None:
            self._say("Choose a session in the list first, then delete it.")
            return
        try:
            self.deleted = journal.delete(entry.session.id)
        except BodyscanError as exc:
            self._error(exc)
            return
        self.undo.show()
        self.undo_timer.start()
        self._say(f"Deleted the session of {local_time(entry.session.started_at, '%d %b %Y')}.")
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
        self._say("The session is back in your journal.")
        self.refresh()

    def _forget_deleted(self) -> None:
        self.deleted = None
        self.undo.hide()

    def export_to(self, kind: str, path: Path) -> str:
        """Write an export; returns the sentence that confirms it (also shown on the page)."""
        journal = self.journal()
        if journal is None:
            return ""
        if kind == "png":  # encoded in memory, then written like every other file of ours
            if self.insights is None:
                self.refresh()
            if self.insights is None:
                return ""
            picture = heat_maps_image(heat_panels(self.insights), PRINT, 1600, 1000, 26)
            encoded = QByteArray()
            buffer = QBuffer(encoded)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            if not picture.save(buffer, "PNG"):  # type: ignore[call-overload]
                raise DataError("could not make the picture of your heat maps")
            write_bytes_atomically(path, bytes(encoded.data()), "export the heat maps picture")
            said = f"Saved the heat maps of {self.insights.current.period.name} to {path}."
        else:
            entries = list(reversed(journal.entries()))
            write_text_atomically(path, export_text(entries, kind), "export your journal")
            count = len(entries)
            said = f"Exported {count} session{'' if count == 1 else 's'} to {path}."
        self._say(said)
        return said

    def import_from(self, path: Path) -> tuple[int, int]:
        journal = self.journal()
        if journal is None:
            return (0, 0)
        added, skipped = journal.import_entries(read_export(path))
        self._say(f"Imported {added} sessions ({skipped} were already here).")
        self.refresh()
        return added, skipped

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
                self.import_from(Path(name))
            except BodyscanError as exc:
                self._error(exc)

    def report_dialog(self) -> QWidget | None:
        """The therapist's summary of the period shown, with its preview (not yet shown)."""
        journal = self.journal()
        if journal is None:
            return None
        from bodyscan.ui.report_dialog import ReportDialog  # noqa: PLC0415 - print support

        period = self.period
        return ReportDialog(
            lambda notes: insights(journal, period, with_notes=notes), self.on_error, self
        )

    def open_report(self) -> None:
        try:
            dialog = self.report_dialog()
        except BodyscanError as exc:
            self._error(exc)
            return
        if dialog is not None:
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.show()

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    def _error(self, error: BodyscanError) -> None:
        if self.on_error is not None:
            self.on_error(error)
