"""`authstack config`'s name for the one error type (`spec.errors.SpecError`): bad input, one line, exit 2."""
from __future__ import annotations

from authstack.spec.errors import Problem, SpecError


class ConfigError(SpecError):
    """A problem with the input of `authstack config` that the user must fix.

    ``ConfigError(file, path, message)``, or ``ConfigError("<file>: <message>")`` when the whole file (or a flag) is at
    fault, e.g. ``outputs/dev.json: clientConfig.userPool.mfa.configuration: expected one of OFF, ON, OPTIONAL, got
    'MAYBE'``. The command prints it as it is and exits with code 2; nothing is written.
    """

    def __init__(self, file_or_line: str, path: str | None = None, message: str | None = None) -> None:
        if message is None:
            file, _, rest = str(file_or_line).partition(": ")
            key, sep, tail = rest.partition(": ")
            if sep and key and " " not in key:  # "<file>: <key path>: <message>"
                problem = Problem(file, key, tail)
            else:
                problem = Problem(file, "", rest) if rest else Problem("authstack config", "", file)
        else:
            problem = Problem(file_or_line, path or "", message)
        super().__init__([problem])
