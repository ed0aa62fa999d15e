"""The figure catalogue: every statistic is declared here once, and everything else reads the declaration.

A figure is one `declare(Figure(...))`: its JSON key, its Chinese label, its kind (count / rate /
money / number), the sentence that defines it (the 指标口径 sheet and page), how its value is taken
from the period's gathered data, how the records behind it are listed, and whether the 统计报表 tab
shows it as a card. The data a group of figures share is gathered once per period by a `Source`
(one SQL aggregate for several figures); a source may read what earlier sources gathered (`needs`), so
work two desks' figures share (the period's bills per unit) is done once. `stats --json`, the tab's cards, the PDF's KPI table, the
Excel 汇总 and 指标口径 all iterate `figures()`; adding a figure is one declaration and one test.

Desk modules declare their figures when `frontdesk.services.stats` is imported (see its __init__).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy.orm import Session

from frontdesk.services.stats.period import Period

if TYPE_CHECKING:
    from frontdesk.services.stats.figures import Figures
    from frontdesk.services.stats.records import RecordTable

Kind = Literal["count", "rate", "money", "number"]


@dataclass(frozen=True)
class Source:
    """Data several figures read, gathered once per period: `gather(session, period, *needed)`, where
    `needed` is what the sources named in `needs` (declared earlier) gathered for the same period."""

    key: str
    gather: Callable[..., Any]
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    kind: Kind
    definition: str
    value: Callable[[Figures], Any]  # from `figures.data[source]`, the period, or earlier figures' values
    records: Callable[[Session, Period, str], RecordTable] | None = None  # (session, period, title)
    card: bool = False
    worse_when_up: bool = False  # more of it is bad news (the cards show a rise in red)
    ledger: Literal["desk", "bills"] = "desk"  # read from the desk's own log, or the bills (may reach back further)


@dataclass(frozen=True)
class Section:
    """A nested part of `stats --json` beside the flat figures (by phase, by area, by collector …)."""

    key: str
    to_json: Callable[[Figures], Any]


@dataclass(frozen=True)
class Note:
    """A line of 指标口径 that is about several figures at once (how rates are written, per-day averages)."""

    name: str
    text: str


_SOURCES: dict[str, Source] = {}
_FIGURES: dict[str, Figure] = {}
_SECTIONS: dict[str, Section] = {}
_NOTES: list[Note] = []


def declare_source(source: Source) -> Source:
    if source.key in _SOURCES:
        raise ValueError(f"statistics source declared twice: {source.key}")
    missing = [key for key in source.needs if key not in _SOURCES]
    if missing:
        raise ValueError(f"statistics source {source.key} needs {missing}, declared later or not at all")
    _SOURCES[source.key] = source
    return source


def declare(*figures: Figure) -> None:
    for figure in figures:
        if figure.key in _FIGURES:
            raise ValueError(f"figure declared twice: {figure.key}")
        _FIGURES[figure.key] = figure


def declare_section(section: Section) -> None:
    if section.key in _SECTIONS:
        raise ValueError(f"statistics section declared twice: {section.key}")
    _SECTIONS[section.key] = section


def declare_note(note: Note) -> None:
    _NOTES.append(note)


def sources() -> tuple[Source, ...]:
    return tuple(_SOURCES.values())


def source(key: str) -> Source:
    return _SOURCES[key]


def figures() -> tuple[Figure, ...]:
    """Every figure in report order (the order of declaration)."""
    return tuple(_FIGURES.values())


def find(key: str) -> Figure | None:
    return _FIGURES.get(key)


def sections() -> tuple[Section, ...]:
    return tuple(_SECTIONS.values())


def cards() -> tuple[Figure, ...]:
    return tuple(f for f in _FIGURES.values() if f.card)


def label(key: str) -> str:
    found = _FIGURES.get(key)
    return found.label if found else key


def kind(key: str) -> Kind:
    found = _FIGURES.get(key)
    return found.kind if found else "count"


def definitions() -> tuple[tuple[str, str], ...]:
    """(指标, 口径) rows: one per figure, then the notes that apply to several."""
    rows = [(f.label, f.definition) for f in _FIGURES.values()]
    return tuple(rows + [(n.name, n.text) for n in _NOTES])
