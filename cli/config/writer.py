"""Writing the rendered files: all or nothing, and the `--check` drift comparison."""
from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from authstack.cli.config.errors import ConfigError


@dataclass(frozen=True)
class FileResult:
    """One file of the run: its path relative to the output directory and what happened to it."""

    path: str
    #: ``created``, ``updated`` or ``unchanged`` (written runs); ``missing``, ``differs`` or ``matches`` (--check).
    status: str


#: Stands for a file that exists but cannot be read: differs from any rendered file, so it is rewritten / reported.
_UNREADABLE = b"\0unreadable"


def _read_existing(target: Path) -> bytes | None:
    # Bytes, not text: reading text would translate CRLF to LF, and a file with CRLF line ends (an editor
    # or git autocrlf) would pass as unchanged while it differs from what we write.
    try:
        return target.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return _UNREADABLE


def write_all(out_dir: Path, files: dict[str, str]) -> list[FileResult]:
    """Writes every file atomically, or none.

    Every new content is first written to a temporary file beside its target; only when all of them
    are on disk is each moved over its target with ``os.replace`` (atomic on POSIX), so a reader never
    sees a half-written file and an error (full disk, read-only directory) leaves earlier files as they
    were. Files whose content is unchanged are not touched (their timestamps stay, so dev servers do
    not reload for nothing).

    :raises ConfigError: when the output directory cannot be created or written.
    """
    results: list[FileResult] = []
    pending: list[tuple[str, Path]] = []   # (temp file, target)
    created_dirs: list[Path] = []
    try:
        for rel, text in files.items():
            target = out_dir / rel
            if target.is_dir():
                raise ConfigError(f"{target}: is a directory; cannot write the {rel} file there")
            existing = _read_existing(target)
            if existing == text.encode("utf-8"):
                results.append(FileResult(rel, "unchanged"))
                continue
            created_dirs += _make_dirs(target.parent)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            pending.append((tmp, target))
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            # mkstemp creates 0600; generated files are ordinary source files.
            os.chmod(tmp, _mode_for(target))
            results.append(FileResult(rel, "updated" if existing is not None else "created"))
    except ConfigError:
        _discard(pending, created_dirs)
        raise
    except OSError as exc:
        _discard(pending, created_dirs)
        where = exc.filename or out_dir
        raise ConfigError(f"{where}: cannot write the output files: {exc.strerror or exc}") from None
    for tmp, target in pending:
        os.replace(tmp, target)
    return results


def _make_dirs(directory: Path) -> list[Path]:
    """Creates a directory and its missing parents; returns those it created (deepest last)."""
    missing = []
    d = directory
    while not d.exists():
        missing.append(d)
        d = d.parent
    if d.exists() and not d.is_dir():
        raise ConfigError(f"{d}: is a file, not a directory; cannot write the output files under it")
    made = []
    for path in reversed(missing):
        path.mkdir()
        made.append(path)
    return made


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _discard(pending: list[tuple[str, Path]], created_dirs: list[Path]) -> None:
    for tmp, _ in pending:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    for d in reversed(created_dirs):
        try:
            d.rmdir()
        except OSError:
            pass


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
