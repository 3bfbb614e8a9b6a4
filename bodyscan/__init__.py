"""bodyscan: guided body scans, breathwork and grounding breaks with a private journal."""

__version__ = "0.1.0"
