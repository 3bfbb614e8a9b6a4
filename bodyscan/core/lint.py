"""Style warnings for exercise texts, following DOMAIN.md's way of writing.

Invite rather than command; let every sensing cue allow for noticing nothing; never claim to
treat anything. Heuristics only, so they are warnings and never block a script.
"""

from __future__ import annotations

import re

from bodyscan.core.problems import Problems
from bodyscan.core.yamlnodes import Located, MappingPairs, SequenceItems

COMMANDING = (
    (re.compile(r"\brelax\b", re.I), "relax"),
    (re.compile(r"\byou should\b", re.I), "you should"),
    (re.compile(r"\byou must\b", re.I), "you must"),
    (re.compile(r"\blet go of\b", re.I), "let go of"),
    (re.compile(r"\byou will feel\b", re.I), "you will feel"),
)
CLAIMS = re.compile(
    r"\b(heal(?:s|ed|ing)?|cur(?:e|es|ed|ing)|treat(?:s|ed|ing|ment)?|therapy for)\b", re.I
)
NEGATION = re.compile(r"\b(not|no|never|nor|isn't|doesn't|cannot|can't)\b[^.!?]{0,30}$", re.I)
SENSING = re.compile(r"\b(notice|noticing|feel|feeling|sense|sensations?|aware)\b", re.I)
ALLOWS_NOTHING = re.compile(
    r"\bnothing\b|\bor not\b|\bif anything\b|\bnone at all\b|\bor none\b", re.I
)
# Contact with a chair or the floor is an anchor that is always there, not a search for sensation.
CONTACT = re.compile(r"\b(meets?|touch(es|ing)?|contact|rests? on|press(es|ing)?|support)\b", re.I)


def check_texts(fields: dict[str, tuple[Located, Located]], problems: Problems) -> None:
    """Add warnings for the top-level texts and every `say` step."""
    for name in ("title", "summary", "description"):
        if name in fields:
            _claims(fields[name][1], problems)
    if "steps" not in fields or not isinstance(fields["steps"][1].value, SequenceItems):
        return
    for step in fields["steps"][1].value:
        if not isinstance(step.value, MappingPairs):
            continue
        keys = {k.value: v for k, v in step.value if isinstance(k.value, str)}
        say = keys.get("say")
        if say is None or not isinstance(say.value, str):
            continue
        _claims(say, problems)
        _commanding(say, problems)
        text = say.value
        if (
            "region" in keys
            and SENSING.search(text)
            and not ALLOWS_NOTHING.search(text)
            and not CONTACT.search(text)
        ):
            problems.warning(
                say,
                "this sensing cue does not allow for noticing nothing; add e.g. "
                "'… or nothing at all'",
            )


def _commanding(node: Located, problems: Problems) -> None:
    text = str(node.value)
    for pattern, phrase in COMMANDING:
        if pattern.search(text):
            problems.warning(
                node,
                f"commanding language '{phrase}'; invite instead, e.g. 'you might…', "
                "'if it feels right…'",
            )


def _claims(node: Located, problems: Problems) -> None:
    text = node.value
    if not isinstance(text, str):
        return
    for match in CLAIMS.finditer(text):
        if NEGATION.search(text[: match.start()]):
            continue
        problems.warning(
            node,
            f"'{match.group(0)}' sounds like a therapeutic claim; the app supports relaxation "
            "and body awareness, it does not treat anything",
        )
        return
