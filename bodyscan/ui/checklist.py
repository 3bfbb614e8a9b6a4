"""A list of checkable choices, each carrying its key: the areas to leave out, the places of
a check-in."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem


def fill(widget: QListWidget, choices: Iterable[tuple[str, str]]) -> None:
    """One unchecked item per (key, label)."""
    for key, label in choices:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)


def set_checked(widget: QListWidget, keys: Collection[str]) -> None:
    """Check exactly these keys (without announcing each change)."""
    blocked = widget.blockSignals(True)
    for row in range(widget.count()):
        item = widget.item(row)
        on = item.data(Qt.ItemDataRole.UserRole) in keys
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
    widget.blockSignals(blocked)


def checked(widget: QListWidget) -> tuple[str, ...]:
    return tuple(
        str(widget.item(row).data(Qt.ItemDataRole.UserRole))
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    )
