"""After a session in the terminal (an exercise or a timer): its journal record, then the
check-in, which may still save both when the record alone could not be saved (a full disk)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bodyscan.cli.common import EXIT_FAILURE, EXIT_OK, ask, say_error, storage_outcome
from bodyscan.errors import BodyscanError
from bodyscan.journal.prompts import text_checkin

if TYPE_CHECKING:
    from bodyscan.journal.model import SessionRecord
    from bodyscan.journal.store import Journal
    from bodyscan.narration.narrator import Narrator
    from bodyscan.practice import Practice


def journal_and_check_in(
    practice: Practice,
    record: SessionRecord,
    journal: Journal | None,
    narrator: Narrator,
    *,
    asking: bool,
    failed: bool,
) -> int:
    """The exit code: failure when the narration failed or anything could not be saved."""
    ended = EXIT_FAILURE if failed else EXIT_OK
    if journal is None:
        return max(ended, storage_outcome(narrator))
    unsaved = None
    try:
        journal.record_session(record)
    except BodyscanError as exc:  # e.g. a full disk: the check-in may still save both later
        say_error(exc)
        unsaved = record
        ended = EXIT_FAILURE
    offer = practice.checkin_offer(record, journal)
    if asking and offer is not None:
        checkin = text_checkin(
            practice.script,
            record.id,
            ask,
            print,
            connection_before=offer.connection_before,
            too_much_last_time=offer.too_much_last_time,
        )
        if checkin is not None:
            try:
                journal.save_checkin(checkin, session=unsaved)
            except BodyscanError as exc:
                say_error(exc)
                ended = EXIT_FAILURE
            else:
                print("Saved in your journal.")
                ended = EXIT_OK if not failed else ended
    journal.close()
    return max(ended, storage_outcome(narrator))
