"""The import contract: read the first sheet, validate every row, apply all or nothing.

A kind (units, calls, …) says its headers, how to parse a row, the natural key that makes a
re-import add nothing twice, how to apply the parsed rows, and how to export its records with
the same columns so an export re-imports cleanly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy.orm import Session

from frontdesk.errors import DomainError
from frontdesk.services.imports import synonyms
from frontdesk.services.imports.cells import CellError
from frontdesk.services.text import normalize

Progress = Callable[[int, int], bool | None]


@dataclass(frozen=True)
class ColumnSpec:
    header: str
    explanation: str
    example: Any
    choices: tuple[str, ...] = ()
    kind: str = "text"  # text / date / datetime / amount / integer / period, for template formats
    optional: bool = False  # a file may leave this column out altogether (read as empty)


@dataclass
class Problem:
    row: int  # the sheet's row number (header is row 1)
    header: str
    value: Any
    expected: str

    def line(self) -> str:
        shown = "（空）" if self.value in (None, "") else str(self.value)
        return f"第 {self.row} 行，“{self.header}”列：{shown} —— 应为{self.expected}"

    @property
    def shown_value(self) -> str:
        return "" if self.value is None else str(self.value)


class RowProblems(Exception):
    def __init__(self, problems: list[tuple[str, Any, str]]):
        super().__init__(problems)
        self.problems = problems  # (header, value, expected)


@dataclass
class ImportResult:
    kind: str
    rows: int
    added: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    applied: bool = False
    ignored: list[str] = field(default_factory=list)  # the file's columns that were not imported
    header_row: int = 1
    notices: list[str] = field(default_factory=list)  # what the rows would do that a person should confirm

    def ignored_line(self) -> str:
        return f"未导入的列（表中多出的列，已忽略）：{'、'.join(self.ignored)}" if self.ignored else ""

    @property
    def ok(self) -> bool:
        return not self.problems


class ImportKind:
    """One importable kind; subclasses fill in the columns and the four steps."""

    name: ClassVar[str]
    title: ClassVar[str]
    columns: ClassVar[tuple[ColumnSpec, ...]]
    natural_key: ClassVar[str]  # explained to the user: what makes a row "already there"

    @classmethod
    def headers(cls) -> list[str]:
        return [c.header for c in cls.columns]

    @classmethod
    def optional_headers(cls) -> list[str]:
        return [c.header for c in cls.columns if c.optional]

    def required_headers(self) -> list[str]:
        """The columns a file must have (a kind whose columns vary per file asks for the fixed ones)."""
        return self.headers()

    def file_headers(self, found: dict[str, int]) -> list[str]:
        """The columns to read from a file whose first row is `found` (header -> column index)."""
        return self.headers()

    def prepare(self, session: Session) -> None:
        """Load what validation needs once (existing keys, staff names …)."""

    def parse(self, session: Session, values: dict[str, Any]) -> Any:
        """Return the parsed row, or raise RowProblems / CellError for the row's cells."""
        raise NotImplementedError

    def key(self, parsed: Any) -> Any:
        raise NotImplementedError

    def existing(self, session: Session, keys: set) -> set:
        """Which of these natural keys are already in the database."""
        raise NotImplementedError

    def notices(self, session: Session, new_rows: list[Any]) -> list[str]:
        """What adding these rows would do beyond adding them, for the person to confirm (a new 期)."""
        return []

    def apply(self, session: Session, rows: list[Any], progress: Progress | None) -> int:
        raise NotImplementedError

    def export_rows(self, session: Session, date_from: date | None, date_to: date | None) -> Iterable[list]:
        raise NotImplementedError


class RowReader:
    """Collects every cell problem of a row instead of stopping at the first."""

    def __init__(self, values: dict[str, Any]):
        self.values = values
        self.problems: list[tuple[str, Any, str]] = []

    def get(self, header: str, parser: Callable[..., Any], *args, **kwargs) -> Any:
        written = self.values.get(header)
        try:
            return parser(written, *args, **kwargs)
        except CellError as exc:
            problem = exc
        if isinstance(written, str):  # what ledgers write for the template's word (物业服务费 → 物业费)
            usual = synonyms.value_for(header, normalize(written))
            if usual != normalize(written):
                try:
                    return parser(usual, *args, **kwargs)
                except CellError as again:
                    problem = again
        also = synonyms.value_synonyms_text(header)
        self.problems.append((header, written, f"{problem.expected}（也认：{also}）" if also else problem.expected))
        return None

    def fail(self, header: str, expected: str) -> None:
        self.problems.append((header, self.values.get(header), expected))

    def done(self) -> None:
        if self.problems:
            raise RowProblems(self.problems)


def validate_rows(session: Session, kind: ImportKind, rows: Iterator[tuple[int, dict]], total: int,
                  progress: Progress | None = None) -> tuple[list[Any], list[Problem], int]:
    """Parse every row; returns (new rows to add, problems, rows already present)."""
    kind.prepare(session)
    parsed_rows: list[tuple[int, Any]] = []
    problems: list[Problem] = []
    seen: dict[Any, int] = {}
    for done, (row_number, values) in enumerate(rows, start=1):
        try:
            parsed = kind.parse(session, values)
        except RowProblems as exc:
            problems.extend(Problem(row_number, h, v, e) for h, v, e in exc.problems)
        except CellError as exc:
            problems.append(Problem(row_number, kind.columns[0].header, None, exc.expected))
        else:
            key = kind.key(parsed)
            if key in seen:
                problems.append(Problem(row_number, kind.columns[0].header, values.get(kind.columns[0].header),
                                        f"不与第 {seen[key]} 行重复（{kind.natural_key}相同）"))
            else:
                seen[key] = row_number
                parsed_rows.append((row_number, parsed))
        if progress is not None and done % 200 == 0 and progress(done, total) is False:
            raise ImportCancelled()
    present = kind.existing(session, set(seen))
    new_rows = [p for _n, p in parsed_rows if kind.key(p) not in present]
    return new_rows, problems, len(parsed_rows) - len(new_rows)


class ImportCancelled(DomainError):
    def __init__(self):
        super().__init__("已取消导入，数据库没有任何改动。")


def bad_file(path: Path, reason: str) -> DomainError:
    return DomainError(f"无法读取文件 {path.name}：{reason}")
