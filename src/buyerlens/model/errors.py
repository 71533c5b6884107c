"""The one exception hierarchy of buyerlens.

::

    BuyerlensError                 exit 1, HTTP 400   (base; never raised itself)
    ├── BadInputError              exit 1, HTTP 422   bad data in a file, a record or a field
    │   └── BundleError            exit 1, HTTP 422   a bundle that fails validation (many issues)
    ├── NotFoundError              exit 1, HTTP 404   an id that is not in the store or the bundle
    ├── ConflictError              exit 1, HTTP 409   a change that clashes with existing data
    ├── UsageError                 exit 2, HTTP 400   options that do not fit together
    └── ConfigError                exit 1, HTTP 500   settings or the environment are wrong

Library code raises these; the CLI turns them into one sentence on stderr and an exit
code, the web app into a JSON error or a page with the HTTP status. Nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in an input: where it is and what is wrong.

    ``path`` is a JSON path such as ``deals[0].amount`` (or a column name for CSV input),
    ``line`` the 1-based line in the file when known.
    """

    path: str
    message: str
    line: int | None = None
    file: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        path = f"{self.path}: " if self.path else ""
        return f"{where}{path}{self.message}"


class BuyerlensError(Exception):
    """Base class of every error buyerlens raises on purpose."""

    exit_code: int = 1
    http_status: int = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BadInputError(BuyerlensError):
    """The input (a file, a record, a field) is not what buyerlens can read."""

    http_status = 422

    def __init__(self, message: str, *, issues: list[Issue] | None = None) -> None:
        super().__init__(message)
        self.issues: list[Issue] = list(issues or [])


class BundleError(BadInputError):
    """A bundle failed validation; ``issues`` lists every problem found."""

    def __str__(self) -> str:
        if not self.issues:
            return self.message
        lines = [self.message, *(f"  {issue}" for issue in self.issues)]
        return "\n".join(lines)


class NotFoundError(BuyerlensError):
    """An id that does not exist (or that the caller may not see)."""

    http_status = 404


class ConflictError(BuyerlensError):
    """A change that clashes with data already there."""

    http_status = 409


class UsageError(BuyerlensError):
    """Options or arguments that do not fit together."""

    exit_code = 2
    http_status = 400


class ConfigError(BuyerlensError):
    """Settings or the environment are wrong (a bad database URL, say)."""

    http_status = 500
