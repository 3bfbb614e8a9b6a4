"""The "Ground me" interlude: about sixty seconds of eyes-open orienting and feet on the floor.

Always available during a session. It is an ordinary script, so it is narrated, planned and
mixed like any other; afterwards the person chooses to go on or to end.
"""

from __future__ import annotations

from pathlib import Path

from bodyscan.core.script import Script

GROUNDING_YAML = """\
id: ground-me
title: Ground me
kind: grounding
bell: false
length: {min: 55s, max: 70s}
checkin: {ask: []}
steps:
  - say: Let's pause here. Let your eyes open, if they were closed.
    pause: 4s
  - say: Look around the room. Let your eyes rest on a few things you can see, one at a time.
    pause: 12s
  - say: Press your feet into the floor, and notice the floor pressing back.
    region: feet
    pause: 10s
  - say: Name to yourself three things you can see, and one thing you can hear.
    pause: 12s
  - say: You are here, in this room, right now. Take your time.
    pause: 5s
"""


def grounding_script() -> Script:
    from bodyscan.core.loader import check_text  # noqa: PLC0415 - YAML only when needed

    result = check_text(GROUNDING_YAML, Path("ground-me.yaml"))
    assert result.script is not None, result.problems
    return result.script
