"""Validation speed: every bundled script, and the worst case a user file may be (1 MiB).

Run: .venv/bin/python bench/bench_validate.py
Prints medians over repeated runs; the machine is noisy, so compare ratios, not single runs.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bodyscan import provider
from bodyscan.core.loader import check_file

REPO = Path(__file__).resolve().parent.parent


def median_seconds(action: Callable[[], object], repeats: int = 9) -> float:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    bundled = sorted((REPO / "scripts").glob("*.yaml"))
    all_bundled = median_seconds(lambda: [check_file(p) for p in bundled])
    print(f"validate all {len(bundled)} bundled scripts: median {all_bundled * 1000:.1f} ms")

    longest = REPO / "scripts" / "body-scan-25.yaml"
    one = median_seconds(lambda: check_file(longest))
    print(f"validate body-scan-25.yaml: median {one * 1000:.1f} ms")

    library = provider.library()
    scan = median_seconds(library.scan)
    print(f"scan the library (bundled, no user files): median {scan * 1000:.1f} ms")

    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.yaml"
        step = "  - say: Notice your feet, or nothing at all.\n    region: feet\n    pause: 10s\n"
        header = "title: Big\nkind: body-scan\nsteps:\n"
        count = (1024 * 1024 - len(header)) // len(step)
        big.write_text(header + step * count)
        seconds = median_seconds(lambda: check_file(big), repeats=3)
        print(f"validate a 1 MiB script ({count} steps): median {seconds:.2f} s")
        bomb = Path(folder) / "bomb.yaml"
        bomb.write_text((REPO / "tests/corpus/bad/alias-bomb.yaml").read_text())
        print(
            f"refuse an alias bomb: median {median_seconds(lambda: check_file(bomb)) * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
