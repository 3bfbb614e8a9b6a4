"""Packs: one `.bodyscan` file that carries an exercise with its recordings (docs/packs.md).

A pack is a zip archive whose top holds `exercise.yaml` and every recording the script uses,
under the path its `audio:` gives. `making` writes one; `installing` checks one in a private
temporary folder (every entry, the script, every recording decoded) and moves it into the
person's exercises folder in one rename, so nothing is ever half installed. Qt-free: the CLI
and the window are thin clients.
"""

# The parts are imported from their own modules (`packs.installing`, `packs.making`), so the
# window can know a pack by its name without loading the checker and its YAML at start-up.
PACK_SUFFIX = ".bodyscan"
