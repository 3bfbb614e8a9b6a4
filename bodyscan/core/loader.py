"""Read and validate an exercise script (SCRIPT_FORMAT.md) into the frozen model.

`check_file` never raises for bad input: it returns every problem with its position, and the
model only when there is no error. `load_script` is the strict form for players.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

from bodyscan.core import lint
from bodyscan.core.choice_fields import check_every_pick, read_offered
from bodyscan.core.context import ScriptContext
from bodyscan.core.durations import (
    MAX_EVENTS,
    MAX_SESSION_SECONDS,
    MAX_SESSION_TEXT,
    format_seconds,
)
from bodyscan.core.estimate import BELL_SECONDS, recording_seconds, speech_seconds
from bodyscan.core.fields import (
    did_you_mean,
    read_choice,
    read_duration,
    read_mapping,
    read_number,
    read_text,
    read_text_list,
    read_whole_number,
)
from bodyscan.core.problems import Problem, Problems
from bodyscan.core.script import (
    CHECKIN_ASKS,
    KINDS,
    Bell,
    Breathe,
    Checkin,
    CheckinAsk,
    Kind,
    LengthRange,
    Offered,
    Pause,
    Script,
    Step,
    Voice,
)
from bodyscan.core.sounds import DEFAULT_BELL, NO_AMBIENT
from bodyscan.core.steps import StepReader, read_bell
from bodyscan.core.yamlnodes import (
    Located,
    MappingPairs,
    SequenceItems,
    YamlReadError,
    parse_checked,
)
from bodyscan.core.yamlnodes import read_text as read_file_text
from bodyscan.errors import ScriptError

TOP_KEYS = (
    "format",
    "id",
    "title",
    "kind",
    "summary",
    "description",
    "language",
    "author",
    "license",
    "tags",
    "cautions",
    "length",
    "voice",
    "ambient",
    "bell",
    "checkin",
    "choices",
    "steps",
)
SCRIPT_SUFFIXES = (".yaml", ".yml")
NOT_A_SCRIPT_MAPPING = "this is not an exercise script (not a YAML mapping)"
NOT_A_SCRIPT_KEYS = "this is not an exercise script (it has none of the keys title, kind, steps)"
NOT_A_SCRIPT_YAML = "this is not an exercise script (not a .yaml file, and not valid YAML)"
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True)
class CheckResult:
    path: Path
    script: Script | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def ok(self) -> bool:
        return self.script is not None


def check_file(path: Path, context: ScriptContext | None = None) -> CheckResult:
    """Validate one script file; never raises for anything the file contains."""
    try:
        text = read_file_text(path)
    except YamlReadError as exc:
        return CheckResult(path, None, (exc.problem,))
    return check_text(text, path, context)


def check_text(text: str, path: Path, context: ScriptContext | None = None) -> CheckResult:
    try:
        root, value_problems = parse_checked(text)
    except YamlReadError as exc:
        if path.suffix.lower() not in SCRIPT_SUFFIXES:
            # Not even meant to be a script: say so, without quoting any of it.
            problem = exc.problem
            return CheckResult(path, None, (replace(problem, message=NOT_A_SCRIPT_YAML),))
        return CheckResult(path, None, (exc.problem,))
    if not _looks_like_a_script(root):
        message = NOT_A_SCRIPT_MAPPING if not root.is_mapping else NOT_A_SCRIPT_KEYS
        return CheckResult(path, None, (Problem(root.line, root.column, "error", message),))
    problems = Problems()
    for problem in value_problems:
        problems.add(problem)
    script = _ScriptReader(path, problems, context or ScriptContext()).read(root)
    if problems.has_errors:
        script = None
    return CheckResult(path, script, problems.sorted())


def _looks_like_a_script(root: Located) -> bool:
    """A mapping with at least one top-level key of the format (in any letter case).

    Anything else (a text file, /etc/shadow read as YAML, another program's settings) gets one
    message that quotes none of its content, instead of a list of "unknown key" errors that
    would echo its lines.
    """
    if not isinstance(root.value, MappingPairs):
        return False
    return any(
        isinstance(key.value, str) and key.value.lower() in TOP_KEYS for key, _ in root.value
    )


def load_script(path: Path, context: ScriptContext | None = None) -> Script:
    result = check_file(path, context)
    if result.script is None:
        first = result.errors[0]
        raise ScriptError(
            f"{path.name} cannot be used: {first.message}",
            "\n".join(p.format(str(path)) for p in result.problems),
            result.problems,
        )
    return result.script


def default_id(path: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug or "exercise"


class _ScriptReader:
    def __init__(self, path: Path, problems: Problems, context: ScriptContext) -> None:
        self.path = path
        self.problems = problems
        self.context = context
        self.sounds = context.sounds

    def read(self, root: Located) -> Script | None:
        fields = read_mapping(root, TOP_KEYS, self.problems, "an exercise script")
        if fields is None:
            return None
        for required in ("title", "kind", "steps"):
            if required not in fields:
                self.problems.error(root, f"missing required key '{required}'")
        p = self.problems
        value = {name: pair[1] for name, pair in fields.items()}

        if "format" in value:
            fmt = read_whole_number(value["format"], p, "format", low=0)
            if fmt is not None and fmt != 1:
                p.error(
                    value["format"], f"format {fmt} is not supported; this version reads format 1"
                )
        script_id = default_id(self.path)
        if "id" in value:
            given = read_text(value["id"], p, "id")
            if given is not None and not SLUG.fullmatch(given):
                p.error(
                    value["id"],
                    f"id '{given}' must use only a-z, 0-9 and '-', starting with a letter or digit",
                )
            elif given is not None:
                script_id = given
        title = read_text(value["title"], p, "title", max_len=80) if "title" in value else None
        kind = read_choice(value["kind"], p, "kind", KINDS) if "kind" in value else None
        summary = self._optional_text(value, "summary", max_len=160)
        description = self._optional_text(value, "description")
        author = self._optional_text(value, "author")
        license_text = self._optional_text(value, "license")
        language = "en"
        if "language" in value:
            tag = read_text(value["language"], p, "language")
            if tag is not None and not LANGUAGE_TAG.fullmatch(tag):
                p.error(
                    value["language"],
                    f"language '{tag}' is not a language tag such as 'en' or 'en-GB'",
                )
            elif tag is not None:
                language = tag
        tags = read_text_list(value["tags"], p, "tags") if "tags" in value else ()
        cautions = read_text_list(value["cautions"], p, "cautions") if "cautions" in value else ()
        length = self._length(value["length"]) if "length" in value else None
        voice = self._voice(value["voice"]) if "voice" in value else Voice()
        ambient = self._ambient(value["ambient"]) if "ambient" in value else None
        bell: str | None = DEFAULT_BELL
        if "bell" in value:
            bell = read_bell(value["bell"], self.problems, self.sounds, allow_off=True)
        checkin = self._checkin(value["checkin"]) if "checkin" in value else Checkin()
        offered = read_offered(value["choices"], p) if "choices" in value else Offered()
        steps = None
        if "steps" in value:
            step_reader = StepReader(
                self.path,
                self.problems,
                self.sounds,
                self.context.shared_audio,
                has_cautions=bool(cautions),
                probe=self.context.probe,
                offered=offered,
            )
            steps = step_reader.read_steps(value["steps"])
            if steps and not p.has_errors:
                check_every_pick(offered, steps, value.get("choices", root), p)

        lint.check_texts(fields, self.problems)
        items = value["steps"].value if "steps" in value else None
        if steps and isinstance(items, SequenceItems) and len(steps) == len(items):
            self._check_size(steps, items, voice, bell)
        if p.has_errors or title is None or kind is None or not steps:
            return None
        return Script(
            id=script_id,
            title=title,
            kind=_as_kind(kind),
            steps=steps,
            summary=summary or "",
            description=description or "",
            language=language,
            author=author or "",
            license=license_text or "",
            tags=tags or (),
            cautions=cautions or (),
            length=length,
            voice=voice,
            ambient=ambient,
            bell=bell,
            checkin=checkin,
            choices=offered,
            path=self.path,
        )

    def _check_size(
        self, steps: tuple[Step, ...], items: SequenceItems, voice: Voice, bell: str | None
    ) -> None:
        """Refuse, at the step where it happens, what no player should attempt: more events
        than MAX_EVENTS, or a nominal length over the longest session."""
        total = 2 * BELL_SECONDS if bell is not None else Fraction(0)
        events = 2 if bell is not None else 0
        too_long = too_many = False
        for step, node in zip(steps, items, strict=True):
            total += _step_seconds(step, voice)
            events += _step_events(step)
            if total > MAX_SESSION_SECONDS and not too_long:
                too_long = True
                self.problems.error(
                    node,
                    f"the exercise passes {MAX_SESSION_TEXT} at this step (about "
                    f"{format_seconds(total)} so far); a session may last at most "
                    f"{MAX_SESSION_TEXT}: shorten or remove steps",
                )
            if events > MAX_EVENTS and not too_many:
                too_many = True
                self.problems.error(
                    node,
                    f"the exercise passes {MAX_EVENTS:,} events at this step (each step and "
                    f"each breathing phase is one); an exercise may have at most {MAX_EVENTS:,}",
                )

    def _optional_text(
        self, value: dict[str, Located], name: str, max_len: int | None = None
    ) -> str | None:
        return (
            read_text(value[name], self.problems, name, max_len=max_len) if name in value else None
        )

    def _length(self, node: Located) -> LengthRange | None:
        fields = read_mapping(node, ("min", "max"), self.problems, "length")
        if fields is None:
            return None
        low = (
            read_duration(fields["min"][1], self.problems, "length.min")
            if "min" in fields
            else None
        )
        high = (
            read_duration(fields["max"][1], self.problems, "length.max")
            if "max" in fields
            else None
        )
        if low is not None and high is not None and low > high:
            self.problems.error(
                fields["max"][1],
                f"length.max ({format_seconds(high)}) is shorter than "
                f"length.min ({format_seconds(low)})",
            )
        if low is not None and low == 0 and "min" in fields:
            self.problems.error(fields["min"][1], "length.min must be more than 0")
        return LengthRange(low, high)

    def _voice(self, node: Located) -> Voice:
        fields = read_mapping(node, ("speed", "sentence_gap"), self.problems, "voice")
        if fields is None:
            return Voice()
        speed = (
            read_number(fields["speed"][1], self.problems, "voice.speed", low=0.5, high=2.0)
            if "speed" in fields
            else None
        )
        gap = (
            read_duration(fields["sentence_gap"][1], self.problems, "voice.sentence_gap")
            if "sentence_gap" in fields
            else None
        )
        return Voice(
            speed=1.0 if speed is None else speed,
            sentence_gap=Fraction(4, 5) if gap is None else gap,
        )

    def _ambient(self, node: Located) -> str | None:
        name = node.value
        if not isinstance(name, str):
            self.problems.error(
                node,
                "ambient must be a sound name or 'none' "
                "(in quotes if YAML reads it as something else)",
            )
            return None
        if name == NO_AMBIENT:
            return None
        if name not in self.sounds.ambient:
            choices = [*self.sounds.ambient, NO_AMBIENT]
            self.problems.error(
                node,
                f"unknown ambient sound '{name}'{did_you_mean(name, choices)} "
                "(see `bodyscan sounds`)",
            )
            return None
        return name

    def _checkin(self, node: Located) -> Checkin:
        fields = read_mapping(node, ("ask", "prompt"), self.problems, "checkin")
        if fields is None:
            return Checkin()
        asks: list[CheckinAsk] = []
        if "ask" in fields:
            ask_node = fields["ask"][1]
            if not isinstance(ask_node.value, SequenceItems):
                self.problems.error(
                    ask_node, "checkin.ask must be a list such as [body, connection] or []"
                )
            else:
                for item in ask_node.value:
                    choice = read_choice(item, self.problems, "check-in question", CHECKIN_ASKS)
                    if choice == "body":
                        asks.append("body")
                    elif choice == "connection":
                        asks.append("connection")
        else:
            asks = ["body"]
        prompt = (
            read_text(fields["prompt"][1], self.problems, "checkin.prompt", max_len=200)
            if "prompt" in fields
            else None
        )
        return Checkin(ask=tuple(dict.fromkeys(asks)), prompt=prompt)


def _step_seconds(step: Step, voice: Voice) -> Fraction:
    """The step's nominal length, with narration estimated (or measured, for a WAV)."""
    if isinstance(step, Pause | Breathe):
        return step.seconds
    if isinstance(step, Bell):
        return BELL_SECONDS + step.pause
    measured = recording_seconds(step.audio) if step.audio is not None else None
    if measured is None:
        measured = speech_seconds(step.text, voice.speed, voice.sentence_gap)
    return measured + step.pause


def _step_events(step: Step) -> int:
    """Events the step adds to a session's timeline: itself, and each breathing phase."""
    if isinstance(step, Breathe):
        phases = sum(1 for phase in (step.inhale, step.hold, step.exhale, step.hold_out) if phase)
        return 1 + phases * step.cycles
    return 1


def _as_kind(kind: str) -> Kind:
    for known in KINDS:
        if known == kind:
            return known
    raise ValueError(kind)
