"""The importer's one error type: bad or unreadable input, printed as one line, exit 2, nothing written."""
from __future__ import annotations


class ImportFailure(Exception):
    """A Gen 1 file the importer cannot use.

    Printed as ``<file>: <key>: <message>`` (the key is left out when the whole file is at fault), e.g.
    ``amplify/backend/auth/app1/cli-inputs.json: cognitoConfig.mfaTypes: must be a list (got str)``.
    """

    def __init__(self, file: str, key: str, message: str):
        self.file, self.key, self.message = file, key, message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.key}: " if self.key else ""
        return f"{self.file}: {where}{self.message}"
