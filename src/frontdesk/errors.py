"""Domain errors: a Chinese message that says what is wrong and how to fix it."""

from __future__ import annotations


class DomainError(Exception):
    """Raised by services; the UI shows `message`, the CLI prints it and exits 2."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationError(DomainError):
    """One or more fields are wrong; `errors` maps field name to message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        first_field, first_message = next(iter(self.errors.items()))
        super().__init__("；".join(self.errors.values()), first_field)


class ValueProblem(ValidationError):
    """One typed value could not be read; `expected` names the accepted forms (shown beside an
    import's row and column, or after the message in a form)."""

    def __init__(self, field: str, message: str, expected: str):
        super().__init__({field: f"{message}，请填写{expected}"})
        self.expected = expected


class NotFound(DomainError):
    pass


class PermissionDenied(DomainError):
    pass


class ConflictError(DomainError):
    """Someone else saved the record since it was opened (version column)."""


class DatabaseTooNew(DomainError):
    pass


class DatabaseReplaced(DomainError):
    """The database file was restored from a backup since this desk opened it: restart the desk."""


class NotPossible(Exception):
    """Not bad input, but the work cannot be done here (a missing database file): exit 1, this message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DatabaseBusy(DomainError):
    """Another desk held the database's write lock for longer than we wait (SQLite busy/locked)."""

    def __init__(self) -> None:
        super().__init__("另一台电脑正在保存，请稍候再试。您填写的内容还在，稍后再点保存即可。")
