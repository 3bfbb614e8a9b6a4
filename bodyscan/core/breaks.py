"""The quick breaks offered from the tray and by reminders: short, eyes-open, done at the desk."""

from __future__ import annotations

QUICK_BREAK_IDS = ("feet-and-hands", "grounding-54321", "breathing-break")
DEFAULT_BREAK = QUICK_BREAK_IDS[0]
