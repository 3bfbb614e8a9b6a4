"""bodyscan: guided body scans, breathwork and grounding breaks with a private journal."""

import os

__version__ = "0.1.0"

# bodyscan never talks to the network. Official onnxruntime builds (the speech engine's) send
# usage events to Microsoft and keep a device id under ~/.cache/Microsoft unless this is set
# before onnxruntime loads; it is read once, at its import, so it is set as early as can be.
# Child processes inherit it. See bodyscan.narration.engine.load_onnxruntime.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"
