"""The one error type for bad input, and the line format every command prints for it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one key of one file.

    Printed as ``<file>: <key path>: <message>``, e.g.
    ``Pulumi.prod.yaml: authstack:userPool.passwordPolicy.minimumLength: must be between 6 and 99 (got 4)``.
    """

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}: {where}{self.message}"


class SpecError(Exception):
    """Bad input: one or more problems, each naming its file and key path.

    Commands print one line per problem and exit 2; nothing else (no traceback) reaches the user.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.path, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def one(cls, file: str, path: str, message: str) -> "SpecError":
        return cls([Problem(file, path, message)])
