"""The recordings a script names (its `audio:` values), as paths inside a pack.

A pack carries recordings under the path the script gives, so the script is unchanged when
it is installed. Only paths that stay in the script's folder by their spelling alone can be
carried (`recordings/feet.wav`, `./feet.wav`); a recording reached through `..`, from the
shared audio folder or by an absolute path has no place in the pack.
"""

from __future__ import annotations

import posixpath

from bodyscan.core.yamlnodes import Located, MappingPairs, SequenceItems, YamlReadError, parse


def audio_values(text: str) -> list[Located]:
    """Every `audio:` value under `steps`, in file order (none when the text is not YAML)."""
    try:
        root = parse(text)
    except YamlReadError:
        return []
    found: list[Located] = []
    if isinstance(root.value, MappingPairs):
        for key, value in root.value:
            if key.value == "steps":
                _collect(value, found)
    return found


def _collect(node: Located, found: list[Located]) -> None:
    if isinstance(node.value, SequenceItems):
        for item in node.value:
            _collect(item, found)
    elif isinstance(node.value, MappingPairs):
        for key, value in node.value:
            if key.value == "audio":
                found.append(value)
            else:
                _collect(value, found)


def inner_path(value: object) -> str | None:
    """Where a recording sits in a pack, or None when the path may not be carried."""
    if not isinstance(value, str) or not value.strip() or "\\" in value or "\0" in value:
        return None
    if value.startswith(("/", "~")) or (len(value) > 1 and value[1] == ":"):
        return None
    normal = posixpath.normpath(value)
    if normal in (".", "..") or normal.startswith("../") or normal == "exercise.yaml":
        return None
    return normal
