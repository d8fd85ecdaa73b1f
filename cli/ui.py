"""What every command shares: the console, the exit codes, and how bad input is reported."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import typer
from rich.console import Console

OK, FOUND_PROBLEM, BAD_INPUT = 0, 1, 2

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def fail(lines: list[str] | str, code: int = BAD_INPUT) -> typer.Exit:
    """Print one line per problem on stderr and return the Exit to raise."""
    for line in [lines] if isinstance(lines, str) else lines:
        err_console.print(line, markup=False, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def bad_input() -> Iterator[None]:
    """Turn a SpecError into one line per problem and exit 2, never a traceback."""
    from authstack.spec.errors import SpecError

    try:
        yield
    except SpecError as error:
        raise fail([str(p) for p in error.problems]) from None


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder and rename it: a reader never sees half a file, a failure
    leaves the old file (and no temporary file) behind. The folder must exist: a typo should not create folders."""
    if not path.parent.is_dir():
        raise fail(f"{path}: folder {path.parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise fail(f"{path}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise fail(f"{path}: cannot write: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def emit(text: str, out: Path | None) -> None:
    """Print to stdout, or write atomically to ``out`` when given."""
    if out is None:
        sys.stdout.write(text)
    else:
        write_atomic(out, text)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=True) + "\n")
