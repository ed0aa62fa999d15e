"""Save a PNG of every tab of the main window (for README and for looking at the screens).

Usage: python scripts/screenshots.py OUT_DIR   (FRONTDESK_HOME / FRONTDESK_DB choose the data)
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer

from frontdesk import app, config


def main(out_dir: str) -> int:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    qt_app = app.create_application()
    db = app.open_database(config.resolve_db_url())
    window = app.build_main_window(db)
    window.resize(1366, 728)  # a 1366×768 screen less its taskbar
    window.show()
    window.load_first_tab()

    def shoot() -> None:
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            qt_app.processEvents()
            window.grab().save(str(out / f"tab{index + 1}.png"))
        qt_app.quit()

    QTimer.singleShot(300, shoot)
    qt_app.exec()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "screens"))
