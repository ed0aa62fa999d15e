"""The filters every list offers: the 楼栋 choice (全部楼栋, then each phase and its buildings), and
filters that apply themselves when changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit


def fill_building_combo(combo: QComboBox, tree: Iterable[tuple[int, int, int]], with_phases: bool = True) -> None:
    """`tree` is units.building_tree (phase, building, units). Each item's data is (phase, building);
    a whole phase is (phase, None) and 全部楼栋 (None, None). Filling sends no change signals."""
    rows = list(tree)
    combo.blockSignals(True)
    combo.clear()
    combo.addItem("全部楼栋", (None, None))
    for phase in sorted({p for p, _b, _n in rows}):
        if with_phases:
            combo.addItem(f"{phase}期", (phase, None))
        for p, building, _n in rows:
            if p == phase:
                combo.addItem(f"{'　' if with_phases else ''}{phase}期{building}栋", (phase, building))
    combo.blockSignals(False)


def apply_on_change(owner: QObject, apply: Callable[[], None], *, combos: Iterable[QComboBox] = (),
                    dates: Iterable[QDateEdit] = (), checks: Iterable[QCheckBox] = ()) -> QTimer:
    """A list's filters apply themselves a moment after one changes (a date typed digit by digit counts
    once): a list that shows other rows than its filters say is not trusted. `apply` should stop the
    returned timer, so a filter set by the program just before it runs is not applied twice."""
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.setInterval(300)
    timer.timeout.connect(apply)
    # Not timer.start itself: the signals' arguments (an index, a date) would be taken for its interval.
    for combo in combos:
        combo.currentIndexChanged.connect(lambda _index: timer.start())
    for edit in dates:
        edit.dateChanged.connect(lambda _date: timer.start())
    for check in checks:
        check.toggled.connect(lambda _on: timer.start())
    return timer
