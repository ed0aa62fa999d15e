"""How long a typed value may be, read from the model's columns, checked before the database sees it.

SQLite stores a 60-character name in a String(40) column without a word; PostgreSQL refuses the
whole save with a database error. Both get the same Chinese message here instead, naming the
field and its limit. Text columns have no length in the database; `TEXT_LIMIT` is what one desk
note may hold (about two A4 pages), so a pasted document does not end up in a ledger cell.
"""

from __future__ import annotations

from sqlalchemy import String, inspect

from frontdesk.services.text import normalize

TEXT_LIMIT = 2000


def limit_of(model, attribute: str) -> int:
    column = inspect(model).columns[attribute]
    length = getattr(column.type, "length", None)
    return length if isinstance(column.type, String) and length else TEXT_LIMIT


def too_long(label: str, value: str, limit: int) -> str:
    return f"{label}最多 {limit} 个字，现在是 {len(value)} 个字，请精简后再保存"


def check(errors: dict[str, str], model, **fields: tuple[str, str | None]) -> None:
    """`field=(label, value)` for each typed value; adds a message to `errors` for each that is too long
    (the error key is the field name, so the form shows it next to the box)."""
    for attribute, (label, value) in fields.items():
        text = normalize(value)
        limit = limit_of(model, attribute)
        if len(text) > limit and attribute not in errors:
            errors[attribute] = too_long(label, text, limit)
