"""The one error type for bad input, and the line format every command prints for it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: Longest echo of a user's value in a message: a 1 MB bad value must not become a 1 MB error line.
SHOWN_LIMIT = 80
#: Longest file label, key path and message of one problem line (a safety net behind `shown`).
_FIELD_LIMIT = {"file": 200, "path": 300, "message": 600}
# Anything that would break "one line per problem" in a terminal or a CI log.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def shown(value: Any, limit: int = SHOWN_LIMIT) -> str:
    """``repr(value)`` for a message, cut to ``limit`` characters with the full length said."""
    text = repr(value) if not isinstance(value, str) or len(value) <= 4 * limit else repr(value[: 2 * limit])
    if len(text) <= limit:
        return text
    size = len(value) if isinstance(value, (str, bytes, list, dict)) else len(text)
    return f"{text[: limit - 1]}… ({size} characters)" if isinstance(value, (str, bytes)) else f"{text[: limit - 1]}…"


def _one_line(text: str, limit: int) -> str:
    text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one key of one file.

    Printed as ``<file>: <key path>: <message>``, e.g.
    ``Pulumi.prod.yaml: authstack:userPool.passwordPolicy.minimumLength: must be between 6 and 99 (got 4)``.
    The fields are kept to one line of bounded length whatever the input held.
    """

    file: str
    path: str
    message: str

    def __post_init__(self) -> None:
        for name, limit in _FIELD_LIMIT.items():
            object.__setattr__(self, name, _one_line(getattr(self, name), limit))

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}: {where}{self.message}"

    def as_json(self) -> dict[str, str]:
        return {"file": self.file, "path": self.path, "message": self.message}


class SpecError(Exception):
    """Bad input: one or more problems, each naming its file and key path.

    The one user-facing error type: `authstack.cli.config.errors.ConfigError` and
    `authstack.cli.importer.errors.ImportFailure` are this type too. Commands print one line per problem and exit 2;
    nothing else (no traceback) reaches the user.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.path, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def one(cls, file: str, path: str, message: str) -> "SpecError":
        return SpecError([Problem(file, path, message)])
