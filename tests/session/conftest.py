"""Players started in a pseudo-terminal never outlive their test, even a failed one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.session.test_play_cli import Terminal


@pytest.fixture(autouse=True)
def close_terminals() -> Iterator[None]:
    yield
    while Terminal.opened:
        Terminal.opened.pop().close()
