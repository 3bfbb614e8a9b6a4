"""Screenshots of every screen, light and dark, from the running app (run under Xvfb).

Run: xvfb-run -s "-screen 0 1280x900x24" .venv/bin/python tools/screenshots.py docs/screenshots
The app runs with a fresh data folder, the null output and a fake clock, so the player can be
shown mid-breath without waiting.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def main(target: Path) -> None:
    os.environ["BODYSCAN_HOME"] = tempfile.mkdtemp(prefix="bodyscan-shots-")
    from bodyscan import provider  # noqa: PLC0415
    from bodyscan.audio.null_output import NullOutput  # noqa: PLC0415
    from bodyscan.core.clock import FakeClock  # noqa: PLC0415
    from bodyscan.paths import user_paths  # noqa: PLC0415
    from bodyscan.settings import Settings, SettingsStore  # noqa: PLC0415
    from bodyscan.ui import theme  # noqa: PLC0415
    from bodyscan.ui.main_window import Collaborators, MainWindow  # noqa: PLC0415

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    target.mkdir(parents=True, exist_ok=True)
    narrator = provider.narrator()
    for look in ("light", "dark"):
        clock = FakeClock()
        store = SettingsStore(user_paths().settings_file)
        store.save(Settings(theme=look))
        theme.apply(app, store.load())
        window = MainWindow(
            Collaborators(
                library=provider.library(),
                catalogue=provider.sound_catalogue(),
                make_renderer=lambda script, options, ambient, _voice: provider.render_ahead(
                    script, options, ambient, narrator
                ),
                make_output=lambda clock=clock: NullOutput(clock),
                settings=store,
                journal=lambda: None,
                clock=clock,
            )
        )
        window.resize(960, 680)
        window.show()

        def shot(name: str, window: MainWindow = window, look: str = look) -> None:
            app.processEvents()
            window.grab().save(str(target / f"{name}-{look}.png"))

        shot("welcome")
        dialog = window.open_settings()
        app.processEvents()
        dialog.grab().save(str(target / f"settings-{look}.png"))
        dialog.reject()
        window._welcomed()
        page = window.library_page
        [item] = page.tree.findItems("Box breathing", Qt.MatchFlag.MatchRecursive)
        page.tree.setCurrentItem(item)
        shot("library")
        page.start_button.click()
        shot("before-starting")
        window.setup_page.acknowledge.setChecked(True)
        window.setup_page.start_button.click()
        ahead = window.renderers[0]
        ahead.complete.wait(120)
        for _ in range(3000):
            app.processEvents()
            clock.advance(0.1)
            window.bridge.tick()
            if (
                window.player_page.pacer.phase is not None
                and window.player_page.pacer.phase.phase == "in"
            ) and window.player_page.pacer.progress() > 0.6:
                break
        shot("player-breathing")
        window.show_help()
        shot("get-help")
        window._go_back()
        assert window.session is not None
        window.session.stop()
        app.processEvents()
        shot("finished")
        window.about_button.click()
        shot("about")
        window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
