"""A summary to bring to a therapist: one to three A4 pages of real text (searchable, read by
`pdftotext` and by screen readers), made with Qt's own PDF writer.

The insights' sentences (the same words as `bodyscan journal summary` and the journal page),
the two heat maps with one legend, tables of places and answers, practice over time, and the
person's notes only when they ask for them. Written through the one atomic helper, so the file
is the user's alone (0600) and never half there.
"""

from __future__ import annotations

import html
import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from bodyscan import __version__
from bodyscan.core.regions import CHECKIN_ANSWERS
from bodyscan.errors import DataError
from bodyscan.files import write_bytes_atomically
from bodyscan.journal import insight_text as words
from bodyscan.journal.insights import Insights, bucket_size, day_name
from bodyscan.ui.insight_pictures import PRINT, HeatPanel, bars_image, heat_maps_image

MAX_PAGES = 3
# A4 in points, less 15 mm margins each side: the text's width and a page's height.
MARGIN_MM = 15.0
PAGE_WIDTH_PT = 595.3 - 2 * MARGIN_MM * 72 / 25.4
PAGE_HEIGHT_PT = 841.9 - 2 * MARGIN_MM * 72 / 25.4
PRINT_SCALE = 3  # pixels per point in the pictures: sharp on paper


def heat_panels(insights: Insights) -> list[HeatPanel]:
    return [
        HeatPanel(f.period.name[:1].upper() + f.period.name[1:], f.heat.regions, f.checkins)
        for f in (insights.current, insights.previous)
    ]


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _places_table(insights: Insights) -> str:
    """One line per place: short column heads (the periods are named above the table), and
    the three words chosen most often, so a year of every place fits a page."""
    now, before = insights.current, insights.previous
    regions = sorted(
        set(now.heat.regions) | set(before.heat.regions),
        key=lambda r: (-now.marked(r), -before.marked(r), r),
    )
    if not regions:
        return "<p>No places were marked on the body map in either period.</p>"
    rows = "".join(
        f"<tr><td>{_e(words.place(r)[:1].upper() + words.place(r)[1:])}</td>"
        f"<td align='right' nowrap>{now.marked(r)} of {now.checkins}</td>"
        f"<td align='right' nowrap>{before.marked(r)} of {before.checkins}</td>"
        f"<td>{_e(_qualities(insights, r))}</td></tr>"
        for r in regions
    )
    return (
        f"<p>Check-ins that marked each place: “this period” is {_e(now.period.name)}, "
        f"“before” is {_e(before.period.name)}; the words are the three chosen most often "
        "this period.</p>"
        "<table border='1' cellspacing='0' cellpadding='2' width='100%'>"
        "<tr><th align='left' width='24%'>Place</th><th width='15%'>This period</th>"
        "<th width='15%'>Before</th><th align='left' width='46%'>Words chosen</th></tr>"
        f"{rows}</table>"
    )


def _qualities(insights: Insights, region: str) -> str:
    found = insights.current.heat.qualities.get(region)
    return ", ".join(f"{w} {n}" for w, n in found.most_common(3)) if found else ""


def _answers_table(insights: Insights) -> str:
    now, before = insights.current, insights.previous
    rows = "".join(
        f"<tr><td>{_e(label)}</td><td align='right'>{now.heat.answers.get(key, 0)}</td>"
        f"<td align='right'>{before.heat.answers.get(key, 0)}</td></tr>"
        for key, label in CHECKIN_ANSWERS.items()
    )
    return (
        "<table border='1' cellspacing='0' cellpadding='2' width='60%'>"
        "<tr><th align='left'>Answer</th><th>This period</th><th>Before</th></tr>"
        f"{rows}<tr><td><b>All check-ins</b></td><td align='right'><b>{now.checkins}</b></td>"
        f"<td align='right'><b>{before.checkins}</b></td></tr></table>"
    )


def _heading(text: str, new_page: bool) -> str:
    style = " style='page-break-before: always'" if new_page else ""
    return f"<h3{style}>{_e(text)}</h3>"


HEAT_HEADING = "Where in the body"
# Points a heading needs below it on its page: itself and its picture.
KEEP_WITH_PICTURE = {HEAT_HEADING: 330.0, "Sessions per": 140.0}


def _breaks_needed(document: QTextDocument) -> set[str]:
    """Headings that would end a page apart from their picture: they start a new page."""
    found = set()
    layout = document.documentLayout()
    for start, needed in KEEP_WITH_PICTURE.items():
        cursor = document.find(start, 0, QTextDocument.FindFlag.FindCaseSensitively)
        if cursor.isNull():
            continue
        top = layout.blockBoundingRect(cursor.block()).top()
        left_on_page = PAGE_HEIGHT_PT - top % PAGE_HEIGHT_PT
        if left_on_page < needed:
            found.add(cursor.block().text())
    return found


def build_document(
    insights: Insights,
    notes: int | None = None,
    made: date | None = None,
    breaks: frozenset[str] = frozenset(),
) -> QTextDocument:
    """The summary as a paginated document (A4); `notes` limits how many notes it holds."""
    now, before = insights.current, insights.previous
    document = QTextDocument()
    font = QFont("DejaVu Sans")
    font.setPointSizeF(9.5)
    # No ligatures: "ﬁrst" would be one glyph, and a search for "first" would not find it.
    for feature in ("liga", "clig"):
        font.setFeature(QFont.Tag(feature), 0)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(
        f"body, p, td, th, h2, h3 {{ color: {PRINT.text}; }} "
        "p { margin-top: 0px; margin-bottom: 4px; } h3 { margin-top: 10px; margin-bottom: 4px; }"
        " table { font-size: 8.5pt; }"
    )
    document.setDocumentMargin(0)
    document.setPageSize(QSizeF(PAGE_WIDTH_PT, PAGE_HEIGHT_PT))
    width = round(PAGE_WIDTH_PT)
    heat_height = 300
    heat = heat_maps_image(
        heat_panels(insights),
        PRINT,
        width * PRINT_SCALE,
        heat_height * PRINT_SCALE,
        10.5 * PRINT_SCALE,
    )
    document.addResource(QTextDocument.ResourceType.ImageResource, QUrl("heat.png"), heat)
    size = bucket_size(now.period)
    bars = bars_image(
        days=[b.start for b in now.buckets],
        values=[b.sessions for b in now.buckets],
        size=size,
        unit="",
        colours=PRINT,
        width=width * PRINT_SCALE,
        height=110 * PRINT_SCALE,
        point_size=9 * PRINT_SCALE,
    )
    document.addResource(QTextDocument.ResourceType.ImageResource, QUrl("bars.png"), bars)
    per = {"day": "day", "week": "week (from Monday)", "month": "month"}[size]
    bars_heading = f"Sessions per {per}, {now.period.name}"
    made_on = day_name(made or date.today())
    parts = [
        "<h2>Body awareness practice: a summary</h2>",
        f"<p><b>{_e(now.period.name[:1].upper() + now.period.name[1:])}</b>, "
        f"compared with {_e(before.period.name)}. Made with bodyscan {__version__} "
        f"on {_e(made_on)}.</p>",
        "<p>These are the person's own check-ins after guided body scans, breathing and "
        "grounding exercises: where in the body they noticed something, and in which words. "
        "“Nothing noticed” and “numb / far away” are answers like the others. This is not "
        "a test and gives no score.</p>",
        "<h3>In words</h3>",
        *(f"<p>{_e(s)}</p>" for s in words.sentences(insights)),
        # Practice over time right after the words: small, it fits the first page.
        _heading(bars_heading, bars_heading in breaks),
        f"<p><img src='bars.png' width='{width}' height='110' alt='Sessions per {per}'></p>",
        _heading(HEAT_HEADING, HEAT_HEADING in breaks),
        f"<p><img src='heat.png' width='{width}' height='{heat_height}' "
        f"alt='Heat maps of the body for {_e(now.period.name)} and {_e(before.period.name)}'>"
        "</p>",
        _places_table(insights),
        "<h3>Answers to the check-in</h3>",
        _answers_table(insights),
    ]
    if insights.notes:
        shown = insights.notes if notes is None else insights.notes[-notes:] if notes else ()
        parts.append("<h3>Notes written with the check-ins</h3>")
        parts += [f"<p>{_e(words.note_line(*n))}</p>" for n in shown]
        if len(shown) < len(insights.notes):
            left = len(insights.notes) - len(shown)
            parts.append(
                f"<p><i>{left} earlier note{'' if left == 1 else 's'} of this period "
                "did not fit; they are in the journal.</i></p>"
            )
    # Paper is white whatever the app's look: the text is dark, never the palette's.
    document.setHtml(f"<body style='color: {PRINT.text}'>" + "\n".join(parts) + "</body>")
    return document


def laid_out(insights: Insights, notes: int | None, made: date | None) -> QTextDocument:
    """The document with a heading moved to the next page where it would part from its
    picture."""
    document = build_document(insights, notes, made)
    breaks = _breaks_needed(document)
    return build_document(insights, notes, made, frozenset(breaks)) if breaks else document


def summary_document(insights: Insights, made: date | None = None) -> QTextDocument:
    """The document, its notes cut (oldest first) until it fits three pages."""
    return fitted(insights, made)[0]


def fitted(insights: Insights, made: date | None = None) -> tuple[QTextDocument, int]:
    """The summary document and how many of the notes it holds (the latest that fit)."""
    document = laid_out(insights, None, made)
    if document.pageCount() <= MAX_PAGES or not insights.notes:
        return document, len(insights.notes)
    low, high = 0, len(insights.notes)  # the most notes that fit is in [low, high)
    while high - low > 1:
        middle = (low + high) // 2
        if laid_out(insights, middle, made).pageCount() <= MAX_PAGES:
            low = middle
        else:
            high = middle
    return laid_out(insights, low, made), low


def print_to(document: QTextDocument, device: QPagedPaintDevice) -> None:
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )
    device.setPageLayout(layout)
    document.print_(device)


def pdf_bytes(document: QTextDocument, title: str) -> bytes:
    encoded = QByteArray()
    buffer = QBuffer(encoded)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator(f"bodyscan {__version__}")
    writer.setResolution(300)
    print_to(document, writer)
    del writer  # finishes the file
    buffer.close()
    data = bytes(encoded.data())
    if not data.startswith(b"%PDF"):
        raise DataError("could not make the summary PDF", "Nothing was written. Try again.")
    return data


def write_report(insights: Insights, path: Path, made: date | None = None) -> tuple[int, int]:
    """Write the PDF (0600, whole or not at all); returns its number of pages and of the
    notes it holds."""
    document, notes = fitted(insights, made)
    title = f"Body awareness practice: {insights.current.period.name}"
    write_bytes_atomically(path, pdf_bytes(document, title), "write the summary PDF")
    return document.pageCount(), notes


def write_report_from_terminal(insights: Insights, path: Path) -> tuple[int, int]:
    """The command line's way in: Qt draws only inside an application object, and a terminal
    with no display (ssh, cron) draws offscreen, unless the person chose a platform."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication(["bodyscan"])
    return write_report(insights, path)
