"""Which live output plays: one choice for the terminal player and the desktop window.

Automatic: Qt (through PulseAudio or PipeWire), then PortAudio (which also reaches plain
ALSA), then none (captions only, told once by the caller). Qt is not even asked when no sound
server runs: its PulseAudio backend would connect, fail, and stay failed for the process.
"""

from __future__ import annotations

import logging

from bodyscan.audio import portaudio_output
from bodyscan.audio.null_output import NullOutput
from bodyscan.audio.portaudio_output import PortAudioOutput
from bodyscan.audio.sound_server import server_running
from bodyscan.core.clock import MonotonicClock
from bodyscan.core.playback import AudioOutput
from bodyscan.errors import OutputUnavailable
from bodyscan.ui import qt_output

log = logging.getLogger(__name__)

OUTPUT_NAMES = ("qt", "portaudio", "null")
# simpleaudio plays whole buffers, so it left a gap (and a click in an ambient bed) at every
# piece it played, could not pause without repeating sound, and ran on after a lost server.
# The name is still accepted and means PortAudio, which plays through ALSA just the same.
RETIRED = {"simpleaudio": "portaudio"}
RETIRED_NOTICE = (
    "The simpleaudio output was removed (it left gaps in the sound); "
    "playing through PortAudio instead."
)


def _qt_available() -> bool:
    return server_running() and qt_output.available()


def explicit_output(name: str) -> AudioOutput:
    """The output asked for by name; raises OutputUnavailable when it cannot play here."""
    name = RETIRED.get(name, name)
    if name == "null":
        return NullOutput(MonotonicClock())
    if name == "qt":
        if not _qt_available():
            raise OutputUnavailable(
                "no sound: Qt found no sound device (is PulseAudio or PipeWire running?)",
                "Start the sound server, or use --output null for captions only.",
            )
        return qt_output.QtOutput()
    if name == "portaudio":
        if not portaudio_output.available():
            raise OutputUnavailable(
                "no sound: PortAudio found no sound device",
                "Check the sound server or the sound card, or use --output null for captions.",
            )
        return PortAudioOutput()
    raise OutputUnavailable(f"there is no output called {name!r}", ", ".join(OUTPUT_NAMES))


def automatic_output(device: str = "") -> AudioOutput | None:
    """Qt, then PortAudio; None when neither can play (the caller says so once)."""
    if _qt_available():
        return qt_output.QtOutput(device=device)
    if portaudio_output.available():
        log.info("Qt has no sound device; playing through PortAudio")
        return PortAudioOutput()
    return None
