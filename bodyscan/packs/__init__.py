"""Packs: one `.bodyscan` file that carries an exercise with its recordings (docs/packs.md).

A pack is a zip archive whose top holds `exercise.yaml` and every recording the script uses,
under the path its `audio:` gives. `making` writes one; `installing` checks one in a private
temporary folder (every entry, the script, every recording decoded) and moves it into the
person's exercises folder in one rename, so nothing is ever half installed. Qt-free: the CLI
and the window are thin clients.
"""

from bodyscan.packs.installing import CheckedPack, Installed, list_names, open_pack
from bodyscan.packs.making import PACK_SUFFIX, Packed, make_pack

__all__ = [
    "PACK_SUFFIX",
    "CheckedPack",
    "Installed",
    "Packed",
    "list_names",
    "make_pack",
    "open_pack",
]
