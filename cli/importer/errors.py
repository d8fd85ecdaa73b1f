"""The importer's name for the one error type (`spec.errors.SpecError`): one line, exit 2, nothing written."""
from __future__ import annotations

from authstack.spec.errors import Problem, SpecError


class ImportFailure(SpecError):
    """A Gen 1 file the importer cannot use.

    Printed as ``<file>: <key>: <message>`` (the key is left out when the whole file is at fault), e.g.
    ``amplify/backend/auth/app1/cli-inputs.json: cognitoConfig.mfaTypes: must be a list (got str)``.
    """

    def __init__(self, file: str, key: str, message: str):
        super().__init__([Problem(file, key, message)])
        self.file, self.key, self.message = self.problems[0].file, self.problems[0].path, self.problems[0].message

    def __str__(self) -> str:
        return str(self.problems[0])
