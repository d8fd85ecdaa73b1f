"""The one error type of `authstack config`: every bad input becomes one line, exit code 2."""
from __future__ import annotations


class ConfigError(Exception):
    """A problem with the input of `authstack config` that the user must fix.

    The message is a single line that names the file and, where there is one, the key path
    (for example ``outputs/dev.json: clientConfig.userPool.mfa.configuration: expected one of OFF, ON,
    OPTIONAL, got 'MAYBE'``). The command prints it as it is and exits with code 2; nothing is written.
    """

    def __init__(self, message: str) -> None:
        # One line by construction: a newline would break CI logs that grep for the error.
        super().__init__(" ".join(str(message).split("\n")))
