"""Writing the rendered files: all or nothing, and the `--check` drift comparison."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from authstack.cli.fs import read_existing, target_state, write_set


@dataclass(frozen=True)
class FileResult:
    """One file of the run: its path relative to the output directory and what happened to it."""

    path: str
    #: ``created``, ``updated`` or ``unchanged`` (written runs); ``missing``, ``differs`` or ``matches`` (--check).
    status: str


def _read_existing(target: Path) -> bytes | None:
    # Bytes, not text: reading text would translate CRLF to LF, and a file with CRLF line ends (an editor
    # or git autocrlf) would pass as unchanged while it differs from what we write. A FIFO, device or symlink
    # among the targets is refused (reading a FIFO would hang).
    return read_existing(target, target_state(target))


def write_all(out_dir: Path, files: dict[str, str]) -> list[FileResult]:
    """Writes every file, or none (`cli.fs.write_set`: staged beside the targets, one journaled commit under a lock
    on the folder, modes kept, debris of killed runs cleaned). Files whose content is unchanged are not touched
    (their timestamps stay, so dev servers do not reload for nothing).

    :raises SpecError: when the output directory cannot be created or written, or a target is not a regular file.
    """
    status = write_set(out_dir, files)
    return [FileResult(rel, status[rel]) for rel in files]


def _lines(data: bytes) -> list[str]:
    """Lines for the diff, split at LF only and each keeping its own line end, so a CRLF line shows as
    removed (with its CR, as `git diff` and `patch` expect) and the LF line as added."""
    text = data.decode("utf-8", errors="backslashreplace")
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def check_all(out_dir: Path, files: dict[str, str]) -> tuple[list[FileResult], str]:
    """Compares the rendered files with those on disk, writing nothing.

    :returns: each file's status and one unified diff of every difference (``a/`` = on disk,
        ``b/`` = what the stack implies); the diff is empty when everything matches.
    """
    results, chunks = [], []
    for rel, text in files.items():
        existing = _read_existing(out_dir / rel)
        if existing == text.encode("utf-8"):
            results.append(FileResult(rel, "matches"))
            continue
        results.append(FileResult(rel, "missing" if existing is None else "differs"))
        old = [] if existing is None else _lines(existing)
        new = _lines(text.encode("utf-8"))
        diff = list(difflib.unified_diff(old, new, fromfile="/dev/null" if existing is None else f"a/{rel}",
                                         tofile=f"b/{rel}"))
        # Files without a final newline (the JSON formats) would glue the next diff line on.
        chunks.append("".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in diff))
    return results, "".join(chunks)
