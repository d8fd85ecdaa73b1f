"""What every command shares: the exit codes, the one printer of problems, the JSON shapes, and the console.

Modelled on pip's `DiagnosticPipError` + `status_codes`: one error type (`spec.errors.SpecError`, of which the config
and importer errors are kinds), one printer (`report`), one table of exit codes (`EXIT_CODES`, shown by
`authstack --help` and the README), and a catch-all at the entry point (`cli.main.main`) so no traceback reaches a
user.
"""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

import typer
from rich.console import Console

#: The exit codes, the same for every command.
OK, FOUND_PROBLEM, BAD_INPUT, INTERNAL_ERROR = 0, 1, 2, 3
EXIT_CODES = {
    OK: "ok",
    FOUND_PROBLEM: "a finding or drift only (plan: a mandatory guardrail or a blocked replacement; config --check: "
                   "files differ)",
    BAD_INPUT: "bad input: one line per problem, `file: key path: message`; nothing written",
    INTERNAL_ERROR: "an internal error (a bug in authstack: please report it)",
}
EXIT_CODES_HELP = "Exit codes (every command): " + "; ".join(f"{code} {text}" for code, text in EXIT_CODES.items()) + "."

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

#: Set while a command runs with --json (or --format json): the catch-all then prints the JSON failure shape too.
_json_mode = False


def _problems(items: Any) -> list:
    from authstack.spec.errors import Problem, SpecError

    if isinstance(items, SpecError):
        return list(items.problems)
    if isinstance(items, (str, Problem)):
        items = [items]
    out = []
    for item in items:
        if isinstance(item, Problem):
            out.append(item)
        else:  # a line already worded "file: key: message"
            file, _, rest = str(item).partition(": ")
            out.append(Problem(file, "", rest) if rest else Problem("authstack", "", file))
    return out


def report(problems: Any, *, as_json: bool | None = None) -> None:
    """The one printer: one line per problem on stderr, and with --json the failure shape on stdout:
    ``{"ok": false, "problems": [{"file", "path", "message"}]}``."""
    found = _problems(problems)
    for problem in found:
        sys.stderr.write(f"{problem}\n")
    sys.stderr.flush()
    if _json_mode if as_json is None else as_json:
        print_json({"ok": False, "problems": [p.as_json() for p in found]})


def fail(lines: Any, code: int = BAD_INPUT) -> typer.Exit:
    """Report problems (strings `file: key: message`, Problems or a SpecError) and return the Exit to raise."""
    report(lines)
    return typer.Exit(code)


@contextmanager
def bad_input(as_json: bool = False) -> Iterator[None]:
    """Turn the one error type into one line per problem and exit 2, never a traceback."""
    from authstack.spec.errors import SpecError

    global _json_mode
    _json_mode = _json_mode or as_json
    try:
        yield
    except SpecError as error:
        raise fail(error) from None


def success_json(payload: dict[str, Any], ok: bool = True) -> None:
    """The success shape of every --json: ``{"ok": true, "problems": [], ...}`` (``ok`` false for a finding/drift)."""
    print_json({"ok": ok, "problems": [], **payload})


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=True) + "\n")
    sys.stdout.flush()


def require_infra(what: str, modules: tuple[str, ...] = ("pulumi", "pulumi_aws"), needs: str = "the Pulumi SDK") -> None:
    """Commands that need the `infra` extra (the Pulumi program; boto3 for describe-adopted): say how to get it, as bad
    input (exit 2)."""
    import importlib.util

    from authstack.spec.errors import SpecError

    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise SpecError.one(what, "", f"needs {needs} ({', '.join(missing)} not installed): pip install 'authstack[infra]'")


def internal_error(exc: BaseException) -> int:
    """One line naming an internal error and how to report it; never the exception's text (it may hold a value
    from the user's files) nor a traceback (set AUTHSTACK_DEBUG=1 for that)."""
    from authstack.spec.errors import Problem

    where = ""
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if "authstack" in name or "/cli/" in name or "/spec/" in name:
            where = f" at {Path(name).name}:{tb.tb_lineno}"
        tb = tb.tb_next
    message = (f"internal error ({type(exc).__name__}{where}): this is a bug in authstack, not in your files; "
               "please report it with the command you ran and the output of the same command run with "
               "AUTHSTACK_DEBUG=1")
    report([Problem("authstack", "", message)])
    return INTERNAL_ERROR


# --- writing ------------------------------------------------------------------------------------------------------

def write_atomic(path: Path, text: str) -> None:
    """Write one file all-or-nothing through the one safe writer (`cli.fs`)."""
    from authstack.cli.fs import write_file

    write_file(path, text)


def emit(text: str, out: Path | None) -> None:
    """Print to stdout, or write atomically to ``out`` when given."""
    if out is None:
        sys.stdout.write(text)
    else:
        write_atomic(out, text)


def lines(items: Iterable[Any]) -> list[str]:
    return [str(i) for i in items]
