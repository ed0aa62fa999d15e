"""How a list is sorted in SQL: the chosen column, then the id the same way, so pages never overlap."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute

Column = ColumnElement[Any] | InstrumentedAttribute[Any]


def order_by(sort_keys: Mapping[str, Column], key: str, default: str, id_column: Column,
             descending: bool) -> list[ColumnElement[Any]]:
    """ORDER BY terms for `key` (an unknown key sorts by `default`), ties broken by `id_column`."""
    column = sort_keys.get(key, sort_keys[default])
    if descending:
        return [column.desc(), id_column.desc()]
    return [column.asc(), id_column.asc()]
