"""The insights in plain sentences: the same words on the journal page, in the therapist's
PDF and from `bodyscan journal summary`.

Facts, never judgements: no "only", no "well done", no scores. "Nothing noticed" and "numb /
far away" are named as answers, like "I noticed sensations".
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from bodyscan.core.regions import CHECKIN_ANSWERS, PLACE_LABELS
from bodyscan.journal.insights import Change, Facts, Insights
from bodyscan.journal.model import HOW_WAS_THAT
from bodyscan.journal.view import local_time

# How many places a sentence names before it says "and N more".
PLACES_NAMED = 6
CHANGES_NAMED = 3  # places in a "more often" or "less often" sentence


def times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def minutes_text(seconds: float) -> str:
    """Practice time in words: "45 minutes", "2 hours 5 minutes", "under a minute"."""
    minutes = round(seconds / 60)
    if seconds > 0 and minutes == 0:
        return "under a minute"
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{plural(hours, 'hour')} {plural(rest, 'minute')}"
    return plural(hours, "hour") if hours else plural(rest, "minute")


# The map's own words for its two extra places are the person's ("my whole body"); a sentence
# spoken to them says "your".
SPOKEN_PLACES = {"whole-body": "your whole body", "unplaced": "somewhere you couldn't place"}


def place(region: str) -> str:
    return SPOKEN_PLACES.get(region) or PLACE_LABELS.get(region, region)


def places(regions: list[str] | tuple[str, ...]) -> str:
    named = [place(r) for r in regions[:PLACES_NAMED]]
    if len(regions) > PLACES_NAMED:
        named.append(f"{len(regions) - PLACES_NAMED} more")
    if len(named) == 1:
        return named[0]
    return f"{', '.join(named[:-1])} and {named[-1]}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _now(facts: Facts) -> str:
    """The period after its first mention: a stretch of days is "in these 28 days"."""
    period = facts.period
    return (
        f"in these {period.days} days"
        if period.kind == "days" and period.days > 1
        else (period.in_words)
    )


def _then(facts: Facts) -> str:
    """The period before, after its first mention: "in October 2026", "in the 28 days before"."""
    period = facts.period
    if period.kind != "days":
        return period.in_words
    return "the day before" if period.days == 1 else f"in the {period.days} days before"


def practice_sentence(insights: Insights) -> str:
    now, before = insights.current, insights.previous
    when = now.period.in_words
    if now.sessions:
        text = (
            f"{_capital(when)} you practised {times(now.sessions)}, "
            f"{minutes_text(now.seconds)} in all"
        )
    else:
        text = f"{_capital(when)} there were no sessions in your journal"
    if before.sessions:
        return (
            f"{text} ({before.period.in_words}: {times(before.sessions)}, "
            f"{minutes_text(before.seconds)})."
        )
    return f"{text} (none {before.period.in_words})."


def answer_sentences(insights: Insights) -> list[str]:
    """How the check-in answers were spread, and how that moved."""
    now, before = insights.current, insights.previous
    if not now.checkins:
        if before.checkins:
            return [
                f"No check-ins {_now(now)} ({plural(before.checkins, 'check-in')} {_then(before)})."
            ]
        return [f"No check-ins {_now(now)}, nor {_then(before)}."]
    sentences = [
        f"You answered {plural(now.checkins, 'check-in')} {_now(now)}"
        + (f" ({before.checkins} {_then(before)})." if before.checkins else ".")
    ]
    for answer, label in CHECKIN_ANSWERS.items():
        count, earlier = now.heat.answers.get(answer, 0), before.heat.answers.get(answer, 0)
        if not count and not earlier:
            continue
        text = f"In {count} of {now.checkins} check-ins your answer was “{label}”"
        if before.checkins:
            text += f" ({earlier} of {before.checkins} {_then(before)})"
        sentences.append(text + ".")
    return sentences


def place_sentences(insights: Insights) -> list[str]:
    """Places marked: most often, for the first time, more and less often than before."""
    now, before = insights.current, insights.previous
    if not now.checkins:
        return []
    marked = sorted(now.heat.regions.items(), key=lambda pair: -pair[1])
    if not marked:
        return [f"No places were marked on the body map {_now(now)}."]
    sentences = []
    for region, count in marked[:3]:
        text = f"You marked {place(region)} in {count} of {now.checkins} check-ins"
        if before.checkins:
            earlier = before.marked(region)
            word = (
                "up from"
                if _share(count, now) > _share(earlier, before)
                else (
                    "down from"
                    if _share(count, now) < _share(earlier, before)
                    else "the same share as"
                )
            )
            text += f", {word} {earlier} of {before.checkins} {_then(before)}"
        sentences.append(text + ".")
    if insights.first_marked:
        sentences.append(f"Marked for the first time: {places(insights.first_marked)}.")
    shown = {region for region, _ in marked[:3]}
    more = [c for c in insights.more_often if c.region not in shown]
    less = [c for c in insights.less_often if c.region not in shown]
    if more:
        sentences.append(f"Marked more often than {_then(before)}: {_changes(more, now, before)}.")
    if less:
        sentences.append(f"Marked less often than {_then(before)}: {_changes(less, now, before)}.")
    return sentences


def _share(count: int, facts: Facts) -> float:
    return count / facts.checkins if facts.checkins else 0.0


def _changes(changes: list[Change], now: Facts, before: Facts) -> str:
    named = [
        f"{place(c.region)} ({c.now} of {now.checkins}, from {c.before} of {before.checkins})"
        for c in changes[:CHANGES_NAMED]
    ]
    if len(changes) > CHANGES_NAMED:
        named.append(f"{len(changes) - CHANGES_NAMED} more")
    return "; ".join(named)


def quality_lines(facts: Facts, limit: int = 8) -> list[str]:
    """The words chosen for each place, most marked places first: "your chest: warm 3, open 2"."""
    lines = []
    for region, _count in sorted(facts.heat.regions.items(), key=lambda pair: -pair[1])[:limit]:
        words: Counter[str] = facts.heat.qualities.get(region, Counter())
        if words:
            described = ", ".join(f"{word} {n}" for word, n in words.most_common(5))
            lines.append(f"{_capital(place(region))}: {described}.")
    return lines


def connection_sentence(facts: Facts) -> str | None:
    before, after = facts.connection_before, facts.connection_after
    if before is None and after is None:
        return None
    parts = []
    if before is not None:
        parts.append(f"{before[0]:.1f} before practice (asked {times(before[1])})")
    if after is not None:
        parts.append(f"{after[0]:.1f} after (asked {times(after[1])})")
    return (
        "How connected you felt with your body, from 0 to 10, on average: "
        + " and ".join(parts)
        + "."
    )


def how_was_that_sentence(facts: Facts) -> str | None:
    if not facts.how_was_that:
        return None
    said = ", ".join(
        f"“{words}” {times(facts.how_was_that[key])}"
        for key, words in HOW_WAS_THAT.items()
        if facts.how_was_that.get(key)
    )
    return f"Asked “how was that?”, you answered {said}."


def sentences(insights: Insights) -> list[str]:
    """Everything in order: practice, answers, places, connection, how was that."""
    found = [practice_sentence(insights), *answer_sentences(insights)]
    found += place_sentences(insights)
    for sentence in (
        connection_sentence(insights.current),
        how_was_that_sentence(insights.current),
    ):
        if sentence:
            found.append(sentence)
    return found


def headline(insights: Insights) -> str:
    """The one fact the journal page starts with."""
    return practice_sentence(insights)


def map_description(insights: Insights, compare: bool) -> str:
    """The heat maps in words, for a screen reader: each place with its count."""

    def listed(facts: Facts) -> str:
        marked = sorted(facts.heat.regions.items(), key=lambda pair: -pair[1])
        said = ", ".join(f"{place(r)} {n} of {facts.checkins}" for r, n in marked)
        return f"{facts.period.name}: {said or 'no places marked'}"

    text = listed(insights.current)
    return f"{text}. {listed(insights.previous)}" if compare else text


def region_sentence(insights: Insights, region: str, compare: bool) -> str:
    """One place in the period: "Your chest: marked in 2 of 5 check-ins in November 2026 (1
    of 3 in October 2026); warm 2, tight 1." """
    now, before = insights.current, insights.previous
    text = (
        f"{_capital(place(region))}: marked in {now.marked(region)} of {now.checkins} "
        f"check-ins {_now(now)}"
    )
    if compare:
        text += f" ({before.marked(region)} of {before.checkins} {_then(before)})"
    found = now.heat.qualities.get(region)
    if found:
        text += "; " + ", ".join(f"{w} {n}" for w, n in found.most_common(5))
    return text + "."


def note_line(moment: datetime, title: str, note: str) -> str:
    return f"{local_time(moment, '%d %b %Y, %H:%M')} · {title}: {note}"


def summary_text(insights: Insights) -> str:
    """`bodyscan journal summary`: the sentences, the words per place, the notes if asked."""
    lines = [f"Your practice {insights.current.period.in_words}", ""]
    lines += sentences(insights)
    qualities = quality_lines(insights.current)
    if qualities:
        lines += ["", "Words you chose for each place:", *(f"  {q}" for q in qualities)]
    if insights.notes:
        lines += ["", "Your notes:", *(f"  {note_line(*n)}" for n in insights.notes)]
    return "\n".join(lines) + "\n"
