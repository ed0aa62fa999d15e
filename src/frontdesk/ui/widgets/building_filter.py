"""The 楼栋 filter every list offers: 全部楼栋, then each phase and its buildings."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox


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
