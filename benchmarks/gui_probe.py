"""Run in its own process by run.py: open the real main window on a database, then report as JSON
the time to open each tab, its lazy models' count + first page, `load()` again, the resident
memory with every tab visited, and memory while the calls ledger is scrolled to its end.

As a person gets it: the window is shown and its first tab filled (that tab's first show), then the
window idles as after a sign-in while the other tabs are built in idle time (the prebuild's total
time and the longest the event loop went unanswered meanwhile are reported), then each tab is
switched to as its key would and timed until it is shown and filled.

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/gui_probe.py DB_URL RUNS
"""

from __future__ import annotations

import gc
import json
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from timing import timed


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def lazy_models(tab) -> list:
    from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel
    from PySide6.QtWidgets import QAbstractItemView

    from frontdesk.ui.table_model import LazyTableModel

    found = {id(m): m for m in tab.findChildren(QAbstractItemModel) if isinstance(m, LazyTableModel)}
    for view in tab.findChildren(QAbstractItemView):
        model = view.model()
        while isinstance(model, QSortFilterProxyModel):
            model = model.sourceModel()
        if isinstance(model, LazyTableModel):
            found[id(model)] = model
    return list(found.values())


def scroll_to_end(model, app) -> dict:
    """fetchMore through the whole ledger as a scrolling view would, sampling memory on the way."""
    model.refresh()
    gc.collect()
    tracemalloc.start()
    samples, pages = [], 0
    start_rss = rss_mb()
    started = time.perf_counter()
    while model.canFetchMore():
        model.fetchMore()
        pages += 1
        if pages % 100 == 0:
            app.processEvents()
            samples.append({"rows": model.rowCount(), "rss_mb": round(rss_mb(), 1),
                            "traced_mb": round(tracemalloc.get_traced_memory()[0] / 2**20, 1)})
    elapsed = time.perf_counter() - started
    traced_now, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"rows": model.rowCount(), "total": model.total, "seconds": elapsed, "pages": pages,
            "rss_start_mb": start_rss, "rss_end_mb": rss_mb(), "traced_end_mb": traced_now / 2**20,
            "traced_peak_mb": traced_peak / 2**20, "samples": samples}


IDLE_LIMIT_S = 5.0  # a person looks at the new window at least this long before the tabs are all built
IDLE_WITHOUT_PREBUILD_S = 1.5  # a build that builds tabs only when shown (an older one): a moment's look


def idle_prebuild(window, qt_app) -> dict:
    """Let the window idle while it builds its other tabs (as `app.run` starts it once the window has
    painted): how long until every tab is built, and the longest the event loop did not answer (a
    1 ms timer's longest gap: what a key pressed meanwhile would have waited)."""
    from PySide6.QtCore import QEventLoop, QTimer

    prebuilds = hasattr(window, "prebuild_tabs_when_idle")
    ticks = [time.perf_counter()]
    longest = [0.0]

    def tick() -> None:
        now = time.perf_counter()
        longest[0] = max(longest[0], now - ticks[0])
        ticks[0] = now
        done = window.all_tabs_built() if prebuilds else now - started > IDLE_WITHOUT_PREBUILD_S
        if done or now - started > IDLE_LIMIT_S:
            loop.quit()

    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(tick)
    started = time.perf_counter()
    if prebuilds:
        window.prebuild_tabs_when_idle()
    ticks[0] = time.perf_counter()
    timer.start()
    loop.exec()
    timer.stop()
    total = time.perf_counter() - started
    if not prebuilds:
        return {}
    return {"seconds": total, "longest_stall_s": longest[0], "all_built": window.all_tabs_built()}


def main() -> int:
    db_url, runs = sys.argv[1], int(sys.argv[2])
    from PySide6.QtCore import QThreadPool

    from frontdesk import app as frontdesk_app
    from frontdesk.memory import StartObjects, one_heap_for_all_threads

    # As the start does while the sign-in dialog waits (app.run): the database opened, the window's and
    # the first tab's modules imported (and the Qt types of its first display made), the cycle search
    # held meanwhile and then kept off what the start made, one heap for all threads, so the first
    # tab's row below is what a person waits for after signing in.
    one_heap_for_all_threads()
    start_objects = StartObjects()
    start_objects.pause()
    qt_app = frontdesk_app.create_application()
    db = frontdesk_app.prepare_desk(db_url, smoke=False).db
    start_objects.keep()
    window = frontdesk_app.build_main_window(db)
    window.show()
    qt_app.processEvents()
    from frontdesk.ui.tabs import registry

    report: dict = {"rss_window_mb": rss_mb(), "tabs": {}}
    for index, (title, _module, _class) in enumerate(registry.TABS):  # every tab, the newer ones included
        started = time.perf_counter()
        if index == 0:
            window.load_first_tab()  # the first tab: shown and filled right after the sign-in
        else:
            window.tabs.setCurrentIndex(index)  # what its Ctrl+digit does
        tab = window.current_tab()
        qt_app.processEvents()
        first = time.perf_counter() - started
        QThreadPool.globalInstance().waitForDone()  # a tab that computes in the background (run_task)
        qt_app.processEvents()
        background = time.perf_counter() - started
        if index == 0:  # then the window idles, as after a sign-in, before anything else is timed
            report["prebuild"] = idle_prebuild(window, qt_app)
        models = lazy_models(tab)
        model_times = timed(lambda models=models: [m.refresh() for m in models], runs, warmup=0) if models else []
        def load(tab=tab):
            tab.load()
            QThreadPool.globalInstance().waitForDone()
            qt_app.processEvents()

        load_times = timed(load, runs, warmup=0)
        report["tabs"][title] = {"first_open": first, "with_background": background, "models": len(models), "model_refresh": model_times,
                                 "load": load_times}
    from PySide6.QtCore import QEvent

    # What the running application's event loop does between two actions: objects whose deletion was
    # deferred (finished background tasks, replaced tables) go; processEvents() here would keep them.
    qt_app.sendPostedEvents(None, QEvent.DeferredDelete)
    gc.collect()
    report["rss_all_tabs_mb"] = rss_mb()
    calls_tab = window.tab(window.tab_titles[0])
    ledger = getattr(calls_tab, "ledger_model", None)
    if ledger is not None:
        report["scroll"] = scroll_to_end(ledger, qt_app)
    window.close()
    json.dump(report, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
