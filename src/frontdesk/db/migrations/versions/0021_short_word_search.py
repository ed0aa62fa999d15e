"""Words of one or two characters in the global search from an index (SQLite): overlapping
character pairs of what callers said, of complaints and of repair orders.

FTS5's trigram index cannot look up fewer than three characters, so a two-character word such as
渗水 or 漏水 was a LIKE scan over every call newest first: quick for a word in the latest calls,
but a word that is rare or absent read all of history (0.2 s at ten years), and every complaint was
read each time. Each text is now also written as the sequence of its character pairs ("渗水了" →
渗水 水了 了), one FTS5 token per pair: a two-character word is one token, a longer one the phrase
of its pairs (FTS5 phrases are consecutive positions, so the match is exact), a single character
the tokens that begin with it (the last character of a text stands alone for that). The newest
matches come first from the index and the page stops the read, whatever the history.

For calls and complaints the pair index replaces the trigram index (one index written per save,
as before); repair orders keep their trigram index for numbers and phones (long runs of digits,
whose pairs are in nearly every order) and add a pair index without positions for short words.

The pairs are computed by SQL in the triggers, so every writer keeps the index current: the text
lowered (ASCII, as LIKE folds it), each pair written as the hex of its UTF-8 bytes so that any
character — punctuation, spaces, Latin letters — is part of a token for FTS5's ascii tokenizer.
PostgreSQL keeps its own substring match.

Revision ID: 0021
Revises: 0022
"""

from alembic import op

revision = "0021"
down_revision = "0022"
branch_labels = None
depends_on = None

# table -> (its pair index, the columns searched, FTS5 detail: positions where phrases are asked)
PAIR_INDEXES = {
    "contacts": ("contacts_bigram_fts", ("content", "handling", "caller_name"), "full"),
    "complaints": ("complaints_bigram_fts", ("cause", "solution", "summary"), "full"),
    "repair_orders": ("repair_orders_bigram_fts", ("number", "description", "location", "reporter", "phone"), "none"),
}
# The trigram indexes the pair index replaces: table -> (index, columns).
REPLACED = {
    "contacts": ("contacts_fts", ("content", "handling", "caller_name")),
    "complaints": ("complaints_fts", ("cause", "solution", "summary")),
}


def pairs_of(column: str) -> str:
    """SQL for the hex of each character pair of `column` in order, space-separated, the last
    character alone at the end. json_each over an array of n zeros gives the positions 0…n-1
    (SQLite has no series function, and a recursive CTE per row cost six times as much)."""
    positions = f"'[' || substr(replace(hex(zeroblob(length({column}))), '00', ',0'), 2) || ']'"
    return f"(SELECT group_concat(hex(substr(lower({column}), key + 1, 2)), ' ') FROM json_each({positions}))"


def pairs_of_row(row: str, columns: tuple[str, ...]) -> str:
    """The pairs of every column of a row, one text: no pair spans two columns (each column ends with
    its last character alone), so a phrase never matches across them."""
    return " || ' ' || ".join(f"coalesce({pairs_of(f'{row}.{column}')}, '')" for column in columns)


def _triggers(table: str) -> dict[str, str]:
    index, columns, _detail = PAIR_INDEXES[table]
    insert = f"INSERT INTO {index}(rowid, grams) VALUES (new.id, {pairs_of_row('new', columns)});"
    delete = f"INSERT INTO {index}({index}, rowid, grams) VALUES ('delete', old.id, {pairs_of_row('old', columns)});"
    return {
        f"{index}_ai": f"AFTER INSERT ON {table} BEGIN {insert} END",
        f"{index}_ad": f"AFTER DELETE ON {table} BEGIN {delete} END",
        f"{index}_au": f"AFTER UPDATE OF {', '.join(columns)} ON {table} BEGIN {delete} {insert} END",
    }


def create_pair_index(table: str) -> None:
    """The index (contentless: the pairs live only in the index), filled from the rows there are
    (voided ones too, as the triggers keep them), then its triggers."""
    index, columns, detail = PAIR_INDEXES[table]
    op.execute(f"CREATE VIRTUAL TABLE {index} USING fts5(grams, content='', tokenize='ascii', "
               f"detail='{detail}', columnsize=0)")
    op.execute(f"INSERT INTO {index}(rowid, grams) SELECT id, {pairs_of_row(table, columns)} FROM {table}")
    for name, body in _triggers(table).items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def drop_pair_index(table: str) -> None:
    index = PAIR_INDEXES[table][0]
    for name in _triggers(table):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE IF EXISTS {index}")


def _drop_trigram_index(table: str) -> None:
    index, _columns = REPLACED[table]
    for suffix in ("ai", "ad", "au"):
        op.execute(f"DROP TRIGGER IF EXISTS {index}_{suffix}")
    op.execute(f"DROP TABLE IF EXISTS {index}")


def _create_trigram_index(table: str) -> None:
    """As migrations 0002 and 0018 built it."""
    index, columns = REPLACED[table]
    listed = ", ".join(columns)
    new = ", ".join(["new.id", *(f"new.{c}" for c in columns)])
    old = ", ".join(["'delete', old.id", *(f"old.{c}" for c in columns)])
    op.execute(f"CREATE VIRTUAL TABLE {index} USING fts5({listed}, content='{table}', content_rowid='id', "
               "tokenize='trigram')")
    op.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")
    op.execute(f"CREATE TRIGGER {index}_ai AFTER INSERT ON {table} BEGIN "
               f"INSERT INTO {index}(rowid, {listed}) VALUES ({new}); END")
    op.execute(f"CREATE TRIGGER {index}_ad AFTER DELETE ON {table} BEGIN "
               f"INSERT INTO {index}({index}, rowid, {listed}) VALUES ({old}); END")
    op.execute(f"CREATE TRIGGER {index}_au AFTER UPDATE OF {listed} ON {table} BEGIN "
               f"INSERT INTO {index}({index}, rowid, {listed}) VALUES ({old}); "
               f"INSERT INTO {index}(rowid, {listed}) VALUES ({new}); END")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in REPLACED:
        _drop_trigram_index(table)
    for table in PAIR_INDEXES:
        create_pair_index(table)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in PAIR_INDEXES:
        drop_pair_index(table)
    for table in REPLACED:
        _create_trigram_index(table)
