"""The Qt user interface: the only package that imports PySide6."""

import os

# Qt Multimedia reports at import which optional libraries it did not find (PipeWire, FFmpeg);
# that is noise for a user, so it is silenced unless they set their own rules.
os.environ.setdefault(
    "QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false;qt.multimedia.ffmpeg=false"
)
