"""The user's settings: one versioned JSON file, written atomically.

A file from an older version is read and brought up to date (missing keys take defaults); a
file that cannot be read is moved aside (never deleted) and the defaults are used, with a notice
for the user. Unknown keys from a newer version are kept when saving, so going back and forth
between versions loses nothing.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime, time
from pathlib import Path
from typing import Any

from bodyscan.core.breaks import DEFAULT_BREAK
from bodyscan.core.choices import CHOICE_VALUES
from bodyscan.core.regions import GROUPS, REGIONS_BY_ID
from bodyscan.core.reminders import ReminderRules
from bodyscan.files import write_text_atomically
from bodyscan.paths import private_folder, tighten

log = logging.getLogger(__name__)

VERSION = 1
THEMES = ("system", "light", "dark")
MOTION = ("system", "full", "reduced")
MAX_RECENT = 4  # the library's "Recent" row


@dataclass(frozen=True)
class Settings:
    version: int = VERSION
    first_run_done: bool = False
    theme: str = "system"
    motion: str = "system"  # reduced motion: follow the system, or choose
    font_scale: float = 1.0  # 1.0 to 2.0
    voice_model: str = ""  # a Piper .onnx path; "" is the bundled voice
    speed: float = 1.0
    ambient: str = ""  # "" follows each exercise
    ambient_level: float = 0.6
    bells: bool = True
    volume: float = 0.8
    left_out: tuple[str, ...] = ()  # body regions or groups left out of every exercise
    # Per exercise id, the choices last made before starting it: eyes, anchor, holds.
    exercise_choices: dict[str, dict[str, Any]] = field(default_factory=dict)
    acknowledged: tuple[str, ...] = ()  # exercise ids whose cautions were read
    output_device: str = ""  # "" is the system default
    reminders: bool = False  # gentle break reminders; off unless the person turns them on
    reminder_every: int = 90  # minutes
    reminder_start: str = "09:00"  # working hours, local time
    reminder_end: str = "17:00"
    reminder_days: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday is 0
    reminder_break: str = DEFAULT_BREAK  # the break a reminder offers
    reminders_paused_until: str = ""  # an ISO time (UTC), or "" when not paused
    start_at_login: bool = False
    keep_in_tray: bool = True  # closing the window leaves the tray icon (where there is a tray)
    # Saved timers (the Timer page): name, duration, interval ("" for none), bell, ambient.
    timer_presets: tuple[dict[str, str], ...] = ()
    favourites: tuple[str, ...] = ()  # exercise ids starred in the library
    recent: tuple[str, ...] = ()  # exercise ids last begun, most recent first
    extra: dict[str, Any] = field(default_factory=dict)  # keys from newer versions, kept

    def with_changes(self, **changes: Any) -> Settings:
        return _checked(replace(self, **changes))


def _checked(settings: Settings) -> Settings:
    """Values a hand-edited file may have broken, put back in range."""
    known = set(REGIONS_BY_ID) | set(GROUPS)
    return replace(
        settings,
        theme=settings.theme if settings.theme in THEMES else "system",
        motion=settings.motion if settings.motion in MOTION else "system",
        font_scale=min(2.0, max(1.0, float(settings.font_scale))),
        speed=min(2.0, max(0.5, float(settings.speed))),
        ambient_level=min(1.0, max(0.0, float(settings.ambient_level))),
        volume=min(1.0, max(0.0, float(settings.volume))),
        left_out=tuple(name for name in settings.left_out if name in known),
        exercise_choices=_exercise_choices(settings.exercise_choices),
        acknowledged=tuple(str(a) for a in settings.acknowledged),
        favourites=tuple(dict.fromkeys(str(f) for f in settings.favourites)),
        recent=tuple(dict.fromkeys(str(r) for r in settings.recent))[:MAX_RECENT],
        reminder_every=min(24 * 60, max(5, int(settings.reminder_every))),
        reminder_start=_clock_time(settings.reminder_start, "09:00"),
        reminder_end=_clock_time(settings.reminder_end, "17:00"),
        reminder_days=tuple(sorted({int(d) for d in settings.reminder_days if d in range(7)})),
        reminders_paused_until=_instant(settings.reminders_paused_until),
        timer_presets=_timer_presets(settings.timer_presets),
    )


TIMER_PRESET_KEYS = ("name", "duration", "interval", "bell", "ambient")
MAX_TIMER_PRESETS = 50


def _timer_presets(presets: tuple[object, ...]) -> tuple[dict[str, str], ...]:
    """Saved timers a hand-edited file left readable: a name and a duration at least."""
    kept: list[dict[str, str]] = []
    for preset in presets:
        if len(kept) == MAX_TIMER_PRESETS:  # a list of millions would cost seconds at start
            break
        if not isinstance(preset, dict):
            continue
        values = {key: str(preset.get(key) or "")[:80] for key in TIMER_PRESET_KEYS}
        if values["name"].strip() and values["duration"]:
            kept.append(values)
    return tuple(kept)


def _exercise_choices(raw: object) -> dict[str, dict[str, Any]]:
    """Only what a session can use: a known eyes or anchor value, holds as true or false."""
    if not isinstance(raw, dict):
        return {}
    kept: dict[str, dict[str, Any]] = {}
    for exercise, picks in raw.items():
        if not isinstance(exercise, str) or not isinstance(picks, dict):
            continue
        clean: dict[str, Any] = {
            name: picks[name] for name, values in CHOICE_VALUES.items() if picks.get(name) in values
        }
        if isinstance(picks.get("holds"), bool):
            clean["holds"] = picks["holds"]
        if clean:
            kept[exercise] = clean
    return kept


def _clock_time(text: str, default: str) -> str:
    """ "HH:MM" (24 hours), or the default for anything else."""
    try:
        parsed = time.fromisoformat(text)
    except (TypeError, ValueError):
        return default
    return parsed.strftime("%H:%M")


def _instant(text: str) -> str:
    if not text:
        return ""
    try:
        parsed = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return ""
    return parsed.isoformat() if parsed.tzinfo is not None else ""


class SettingsStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.notice: str | None = None

    def load(self) -> Settings:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Settings()
        except OSError as exc:
            log.warning("settings unreadable: %s", exc)
            self.notice = f"Your settings could not be read ({exc.strerror}); using the defaults."
            return Settings()
        try:
            raw = json.loads(text)
            if not isinstance(raw, dict):
                raise ValueError("not an object")
            return _from_raw(raw)
        except (ValueError, TypeError, RecursionError) as exc:  # nested past json's depth
            aside = self._aside_name()
            try:
                os.replace(self.path, aside)
            except OSError as move_error:
                log.warning("settings damaged (%s); could not move them aside: %s", exc, move_error)
                self.notice = "Your settings file is damaged; the defaults are used."
                return Settings()
            tighten(aside)  # an older version may have made it 0644
            log.warning("settings damaged (%s); moved to %s", exc, aside)
            self.notice = (
                f"Your settings file was damaged, so it was moved aside to {aside.name} and the "
                "defaults are used."
            )
            return Settings()

    def _aside_name(self) -> Path:
        """Where a damaged file goes: never over one set aside before (it may hold the
        person's real settings, damaged again since by hand)."""
        aside = self.path.with_name(f"{self.path.name}.unreadable")
        number = 1
        while aside.exists() or aside.is_symlink():
            number += 1
            aside = self.path.with_name(f"{self.path.name}.unreadable-{number}")
        return aside

    def save(self, settings: Settings) -> None:
        """Write atomically: a crash or a full disk leaves the old file, never half a file."""
        data = asdict(settings)
        extra = data.pop("extra")
        data["left_out"] = list(settings.left_out)
        data["acknowledged"] = list(settings.acknowledged)
        data["reminder_days"] = list(settings.reminder_days)
        data["timer_presets"] = [dict(preset) for preset in settings.timer_presets]
        data["favourites"] = list(settings.favourites)
        data["recent"] = list(settings.recent)
        document = {**extra, **data, "version": VERSION}
        action = "save your settings"
        private_folder(self.path.parent, action)
        text = json.dumps(document, indent=2, sort_keys=True) + "\n"
        write_text_atomically(self.path, text, action)  # StorageError: the old ones are kept


def _from_raw(raw: dict[str, Any]) -> Settings:
    names = {f.name for f in fields(Settings)} - {"extra"}
    values: dict[str, Any] = {}
    defaults = Settings()
    for name in names:
        if name not in raw:
            continue
        default = getattr(defaults, name)
        value = raw[name]
        if isinstance(default, tuple):
            if not isinstance(value, list):
                raise TypeError(f"{name} should be a list")
            value = tuple(value)
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                raise TypeError(f"{name} should be true or false")
        elif isinstance(default, int) and not isinstance(default, bool):
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"{name} should be a whole number")
        elif isinstance(default, float):
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise TypeError(f"{name} should be a number")
        elif isinstance(default, str) and not isinstance(value, str):
            raise TypeError(f"{name} should be text")
        values[name] = value
    values["version"] = VERSION  # older files are brought up to date when next saved
    extra = {k: v for k, v in raw.items() if k not in names}
    return _checked(Settings(**values, extra=extra))


def with_recent(settings: Settings, exercise_id: str) -> Settings:
    """The settings after beginning an exercise: it heads the library's "Recent" row."""
    return settings.with_changes(recent=(exercise_id, *settings.recent))


def with_favourite(settings: Settings, exercise_id: str, favourite: bool) -> Settings:
    """Starred (kept in the order they were starred) or unstarred."""
    kept = tuple(f for f in settings.favourites if f != exercise_id)
    return settings.with_changes(favourites=(*kept, exercise_id) if favourite else kept)


def reminder_rules(settings: Settings) -> ReminderRules:
    return ReminderRules(
        enabled=settings.reminders,
        every_minutes=settings.reminder_every,
        start=time.fromisoformat(settings.reminder_start),
        end=time.fromisoformat(settings.reminder_end),
        days=frozenset(settings.reminder_days),
    )


def paused_until(settings: Settings) -> datetime | None:
    return (
        datetime.fromisoformat(settings.reminders_paused_until)
        if settings.reminders_paused_until
        else None
    )
