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
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
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
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from bodyscan.core.regions import PLACE_LABELS
from bodyscan.errors import BodyscanError, DataError
from bodyscan.files import write_bytes_atomically, write_text_atomically
from bodyscan.journal import insight_text as words
from bodyscan.journal.insights import (
    Insights,
    Period,
    between,
    bucket_size,
    insights,
    month_of,
    place_by_bucket,
    week_of,
    year_of,
)
from bodyscan.journal.model import Entry
from bodyscan.journal.store import Journal
from bodyscan.journal.transfer import export_text, read_export
from bodyscan.journal.view import ENDINGS, describe_checkin, duration, local_time
from bodyscan.ui.info_pages import confirm_destructive
from bodyscan.ui.insight_pictures import PRINT, heat_maps_image
from bodyscan.ui.insight_views import BarChart, HeatMapsView
from bodyscan.ui.layouts import scrolled
from bodyscan.ui.report_pdf import heat_panels

PERIODS: tuple[str, ...] = ("This week", "This month", "This year", "Between two dates")
CUSTOM = "Between two dates"
PAGE = 200
UNDO_SECONDS = 10


def _day(edit: QDateEdit) -> date:
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("subheading")
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _words(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("readable")
    label.setWordWrap(True)
    # Selectable by keyboard: a screen reader and the Tab key reach the facts too.
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return label


class WrappingLines(QStyledItemDelegate):
    """Each entry as tall as its wrapped text at the list's width: nothing is cut off at the
    edge, at any text size (Qt's list lays out one line per item otherwise)."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        margin = 2 * self.view.fontMetrics().averageCharWidth()
        width = max(self.view.viewport().width() - margin, 80)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        wrapped = self.view.fontMetrics().boundingRect(
            QRect(0, 0, width - margin, 1_000_000), Qt.TextFlag.TextWordWrap, text
        )
        return QSize(width, wrapped.height() + self.view.fontMetrics().height() // 2 + 6)


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
        self.insights: Insights | None = None

        heading = QLabel("Your journal")
        heading.setObjectName("heading")
        self.range = QComboBox()
        self.range.setAccessibleName("Which period to look at")
        self.range.addItems(PERIODS)
        self.range.setCurrentText("This month")
        self.range.currentIndexChanged.connect(lambda _i: self._range_changed())
        self.earlier = QPushButton("‹ Earlier")
        self.earlier.setAccessibleName("Earlier period")
        self.earlier.clicked.connect(lambda: self.show_period(self.period.previous()))
        self.later = QPushButton("Later ›")
        self.later.setAccessibleName("Later period")
        self.later.clicked.connect(lambda: self.show_period(self.period.next()))
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
        self.compare.toggled.connect(lambda _on: self._show_maps())

        self.period_name = QLabel()
        self.period_name.setObjectName("periodName")
        self.period_name.setWordWrap(True)
        self.facts = _words()
        self.facts.setAccessibleName("Your practice in words")
        self.map = HeatMapsView()
        self.map.region_clicked.connect(self.show_region)
        self.places = _words()
        self.places.setAccessibleName("Words you chose for each place")
        self.sessions_title = _heading("Sessions")
        self.sessions_chart = BarChart("Sessions over time")
        self.place_choice = QComboBox()
        self.place_choice.setAccessibleName("A place to follow over time")
        self.place_choice.addItem("Choose a place…", None)
        for region in PLACE_LABELS:
            self.place_choice.addItem(words.place(region), region)
        self.place_choice.activated.connect(self._place_chosen)
        self.region_text = _words("Choose a place, here or on the map, to follow it over time.")
        self.trend = BarChart("The chosen place over time")
        self.trend.hide()

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
        column.addWidget(self.period_name)
        column.addWidget(self.facts)
        column.addWidget(_heading("Where in the body"))
        column.addWidget(self.map)
        column.addWidget(self.places)
        column.addWidget(self.sessions_title)
        column.addWidget(self.sessions_chart)
        column.addWidget(_heading("A place over time"))
        column.addWidget(self.place_choice)
        column.addWidget(self.region_text)
        column.addWidget(self.trend)
        column.addWidget(_heading("Your sessions"))
        column.addWidget(self.list)
        rows = QHBoxLayout()
        rows.addWidget(self.more)
        rows.addWidget(self.delete_button)
        rows.addWidget(self.undo)
        rows.addStretch()
        column.addLayout(rows)
        column.addWidget(_heading("Your journal's files"))
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
        top.addWidget(heading, 1)
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
        self.show_period(self.chosen_period())

    def _dates_changed(self) -> None:
        if self.range.currentText() == CUSTOM:
            self.show_period(self.chosen_period())

    def show_period(self, period: Period) -> None:
        self.period = period
        self.later.setEnabled(period.last < date.today())
        self.refresh()

    # --- reading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        journal = self.journal()
        if journal is None:
            return
        try:
            found = insights(journal, self.period)
            self.entries = journal.entries(
                since=self.period.since, until=self.period.until, limit=PAGE
            )
        except BodyscanError as exc:
            self._error(exc)
            return
        self.insights = found
        self.period_name.setText(
            f"{found.current.period.name[:1].upper()}{found.current.period.name[1:]}, "
            f"beside {found.previous.period.name}"
        )
        self.facts.setText("\n".join(words.sentences(found)))
        lines = words.quality_lines(found.current)
        self.places.setText(
            "Words you chose for each place "
            + found.current.period.in_words
            + ":\n"
            + "\n".join(lines)
            if lines
            else ""
        )
        self.places.setVisible(bool(lines))
        self._show_maps()
        self._show_sessions_chart()
        self._fill()
        if self.region is not None:
            self.show_region(self.region)

    def _show_maps(self) -> None:
        if self.insights is None:
            return
        panels = heat_panels(self.insights)
        if not self.compare.isChecked():
            panels = panels[:1]
        now, before = self.insights.current, self.insights.previous
        described = [
            f"{words.place(region)} {count} of {now.checkins}"
            for region, count in sorted(now.heat.regions.items(), key=lambda pair: -pair[1])
        ]
        description = f"{now.period.name}: " + (
            ", ".join(described) if described else "no places marked"
        )
        if self.compare.isChecked():
            description += f". {before.period.name}: " + (
                ", ".join(
                    f"{words.place(region)} {count} of {before.checkins}"
                    for region, count in sorted(
                        before.heat.regions.items(), key=lambda pair: -pair[1]
                    )
                )
                or "no places marked"
            )
        self.map.set_panels(panels, description)

    def _show_sessions_chart(self) -> None:
        assert self.insights is not None
        now = self.insights.current
        size = bucket_size(now.period)
        per = {"day": "day", "week": "week, from each Monday", "month": "month"}[size]
        self.sessions_title.setText(f"Sessions per {per}")
        busy = [b for b in now.buckets if b.sessions]
        self.sessions_chart.set_bars(
            [b.start for b in now.buckets],
            [b.sessions for b in now.buckets],
            size,
            ", ".join(f"{b.start.isoformat()}: {b.sessions}" for b in busy) or "no sessions",
        )

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
        s = entry.session
        when = local_time(s.started_at, "%a %d %b %Y, %H:%M")
        lines = [
            f"{when} · {s.title}",
            f"{duration(s.played_seconds)} of {duration(s.planned_seconds)}, "
            f"{ENDINGS.get(s.ending, s.ending)}",
        ]
        lines += [f"• {describe_checkin(checkin)}" for checkin in entry.checkins]
        if not entry.checkins:
            lines.append("• no check-in")
        item = QListWidgetItem("\n".join(lines))
        item.setData(Qt.ItemDataRole.UserRole, index)
        return item

    def show_region(self, region: str) -> None:
        journal = self.journal()
        if journal is None or self.insights is None:
            return
        self.region = region
        self.map.selected = region
        self.map.update()
        self.place_choice.setCurrentIndex(max(self.place_choice.findData(region), 0))
        now, before = self.insights.current, self.insights.previous
        text = (
            f"{words.place(region)[:1].upper()}{words.place(region)[1:]}: marked in "
            f"{now.marked(region)} of {now.checkins} check-ins {now.period.in_words}"
        )
        if self.compare.isChecked():
            text += f" ({before.marked(region)} of {before.checkins} {before.period.in_words})"
        found = now.heat.qualities.get(region)
        if found:
            text += "; " + ", ".join(f"{w} {n}" for w, n in found.most_common(5))
        self.region_text.setText(text + ".")
        bars = place_by_bucket(journal, self.period, region)
        self.trend.set_bars(
            [day for day, _ in bars],
            [count for _, count in bars],
            bucket_size(self.period),
            ", ".join(f"{day.isoformat()}: {count}" for day, count in bars if count)
            or "never marked in this period",
        )
        self.trend.show()

    def _place_chosen(self, index: int) -> None:
        region = self.place_choice.itemData(index)
        if region:
            self.show_region(str(region))

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
