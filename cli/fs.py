"""The one safe writer: every file authstack writes (plan --out / --write-lock, schema, policy-config, the imported
stack file, and `config`'s set of client files) goes through here.

What it promises, whatever is killed when (kill -9 included) and however many runs write at once:
- a file is either its old bytes or its new bytes, never half of either; `write_set` moves a whole set of files
  (config's) in one commit under a folder lock, with a journal that the next run rolls forward after a kill;
- new content is staged in unnamed files (Linux ``O_TMPFILE``), so a killed run leaves nothing to see; where the file
  system cannot do that, staged files are named ``.<name>.authstack-<random>.tmp`` and a later run removes those whose
  writer is gone (a live writer holds a lock on its staged file, so only the dead ones are taken);
- modes: a new file gets 0666 minus the umask (like any editor), an overwritten file keeps its mode;
- it refuses to replace anything but a regular file (a FIFO, a device, a socket, a folder) and never writes through a
  symlink, so nothing outside the target folder is touched; folders are not created, except `write_set`'s own
  output folder when asked.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from authstack.spec.errors import SpecError
from authstack.spec.files import file_kind

_TAG = ".authstack-"
_JOURNAL = ".authstack-commit.journal"
# Unnamed staged files need linkat(2) through /proc to be given a name (Linux); elsewhere they are named from the start.
_PROC_FD = os.path.isdir("/proc/self/fd") and hasattr(os, "O_TMPFILE")


def _fail(path: Path | str, message: str) -> SpecError:
    return SpecError.one(str(path), "", message)


def target_state(path: Path) -> os.stat_result | None:
    """The target's own status (not followed), None when absent; refuses anything but a regular file."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _fail(path, f"cannot write: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise _fail(path, "is a symlink; authstack does not write through symlinks (remove it, or write elsewhere)")
    if not stat.S_ISREG(info.st_mode):
        raise _fail(path, f"is {file_kind(info.st_mode)}, not a regular file; refusing to replace it")
    return info


def read_existing(path: Path, info: os.stat_result | None) -> bytes | None:
    """The bytes of a regular target (checked by `target_state`), without ever blocking on it."""
    if info is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return b"\0unreadable"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b"\0unreadable"
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return b"\0unreadable"
    finally:
        os.close(fd)


# --- staging ------------------------------------------------------------------------------------------------------

@dataclass
class _Staged:
    target: Path
    fd: int
    name: Path | None  # the staged file's name, once it has one


def _staged_name(target: Path) -> Path:
    return target.parent / f".{target.name}{_TAG}{secrets.token_hex(4)}.tmp"


def _stage(target: Path, data: bytes, mode: int | None) -> _Staged:
    """New content in a file of the target's folder that is locked by us and, where possible, has no name yet."""
    folder = target.parent
    fd, name = -1, None
    try:
        if not _PROC_FD:
            raise AttributeError
        fd = os.open(folder, os.O_WRONLY | os.O_TMPFILE | os.O_CLOEXEC, 0o666)
    except (AttributeError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT,
                                                          errno.ENOTSUP):
            raise
        name = _staged_name(target)
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    staged = _Staged(target, fd, name)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # "my writer is alive" for `clean_debris`
        if mode is not None:
            os.fchmod(fd, stat.S_IMODE(mode))
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except BaseException:
        _discard(staged)
        raise
    return staged


def _name(staged: _Staged) -> Path:
    """Give an unnamed staged file a name beside its target (the commit needs one to rename)."""
    if staged.name is None:
        name = _staged_name(staged.target)
        _link_fd(staged.fd, name)
        staged.name = name
    return staged.name


def _link_fd(fd: int, name: Path) -> None:
    """Give an unnamed (O_TMPFILE) file a name: linkat(2) through /proc/self/fd, following the magic link."""
    proc = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.link(str(fd), name, src_dir_fd=proc, follow_symlinks=True)
    finally:
        os.close(proc)


def _discard(staged: _Staged) -> None:
    if staged.name is not None:
        try:
            os.unlink(staged.name)
        except OSError:
            pass
    try:
        os.close(staged.fd)
    except OSError:
        pass


def clean_debris(folder: Path, names: set[str] | None = None) -> list[str]:
    """Remove staged files of dead authstack runs in ``folder`` (``names``: only those of these targets)."""
    removed = []
    try:
        entries = os.listdir(folder)
    except OSError:
        return removed
    for entry in entries:
        if not (entry.startswith(".") and _TAG in entry and entry.endswith(".tmp")):
            continue
        if names is not None and entry[1:entry.index(_TAG)] not in names:
            continue
        path = Path(folder) / entry
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # its writer is alive
        try:
            os.unlink(path)
            removed.append(entry)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


# --- one file -----------------------------------------------------------------------------------------------------

def _check_folder(path: Path) -> None:
    try:
        info = os.stat(path.parent)
    except FileNotFoundError:
        raise _fail(path, f"folder {path.parent} does not exist (folders are never created for you)") from None
    except OSError as exc:
        raise _fail(path, f"cannot write: {exc.strerror or exc}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise _fail(path, f"{path.parent} is not a folder")


def write_file(path: Path, text: str) -> str:
    """Write one file all-or-nothing; returns ``created`` or ``updated``."""
    path = Path(path)
    if not path.name or path.name in (".", ".."):
        raise _fail(path, "is not a file name")
    _check_folder(path)
    info = target_state(path)
    data = text.encode("utf-8")
    clean_debris(path.parent, {path.name})
    try:
        staged = _stage(path, data, info.st_mode if info else None)
        try:
            if info is None:
                try:  # a new file appears whole, under its own name, in one step
                    if staged.name is None:
                        _link_fd(staged.fd, path)
                    else:
                        os.link(staged.name, path)
                        os.unlink(staged.name)
                    staged.name = None
                    return "created"
                except FileExistsError:
                    info = target_state(path)  # another run created it meanwhile: replace it below
            os.replace(_name(staged), path)
            staged.name = None
        finally:
            _discard(staged)
    except OSError as exc:
        raise _fail(path, f"cannot write: {exc.strerror or exc}") from None
    return "updated"


# --- a set of files (config) --------------------------------------------------------------------------------------

def _lock_folder(folder: Path) -> int:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    fcntl.flock(fd, fcntl.LOCK_EX)  # concurrent runs into one folder take turns: each leaves a whole set
    return fd


def _recover(folder: Path) -> None:
    """Finish a commit that a killed run had started (every staged file was complete before the journal was)."""
    journal = folder / _JOURNAL
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    except (OSError, ValueError):
        entries = []
    for staged, target in entries if isinstance(entries, list) else []:
        src, dst = folder / staged, folder / target
        if _inside(folder, src) and _inside(folder, dst) and os.path.lexists(src):
            try:
                os.replace(src, dst)
            except OSError:
                pass
    try:
        journal.unlink()
    except OSError:
        pass


def _inside(folder: Path, path: Path) -> bool:
    return os.path.normpath(path).startswith(os.path.normpath(folder) + os.sep)


def _subfolders(out_dir: Path, rels: list[str]) -> list[Path]:
    """The folders under ``out_dir`` the set needs; a symlink among them is refused (it could lead anywhere)."""
    folders = []
    for rel in rels:
        parts = Path(rel).parts
        if Path(rel).is_absolute() or ".." in parts:
            raise _fail(out_dir / rel, "is outside the output folder")
        for i in range(1, len(parts)):
            folder = out_dir.joinpath(*parts[:i])
            try:
                info = os.lstat(folder)
            except FileNotFoundError:
                folders.append(folder)
                continue
            if stat.S_ISLNK(info.st_mode):
                raise _fail(folder, "is a symlink; authstack does not write through symlinks out of the output folder")
            if not stat.S_ISDIR(info.st_mode):
                raise _fail(folder, f"is {file_kind(info.st_mode)}, not a folder; cannot write the output files under it")
    return list(dict.fromkeys(folders))


def write_set(out_dir: Path, files: dict[str, str], *, create: bool = True) -> dict[str, str]:
    """Write a set of files under ``out_dir`` all-or-nothing; returns each file's status (``created``,
    ``updated``, ``unchanged``). Unchanged files are not touched (their timestamps stay)."""
    out_dir = Path(out_dir)
    made = _output_folder(out_dir, create)
    try:
        lock = _lock_folder(out_dir)
    except OSError as exc:
        raise _fail(out_dir, f"cannot write: {exc.strerror or exc}") from None
    staged: list[_Staged] = []
    try:
        _recover(out_dir)
        new_folders = _subfolders(out_dir, list(files))
        for folder in {out_dir, *(out_dir / Path(rel).parent for rel in files)} - set(new_folders):
            clean_debris(folder)
        status: dict[str, str] = {}
        todo: list[tuple[Path, bytes, int | None]] = []
        for rel, text in files.items():
            target, data = out_dir / rel, text.encode("utf-8")
            current = None if target.parent in new_folders else target_state(target)
            if current is not None and read_existing(target, current) == data:
                status[rel] = "unchanged"
                continue
            status[rel] = "updated" if current is not None else "created"
            todo.append((target, data, current.st_mode if current else None))
        if todo:
            for folder in new_folders:
                os.mkdir(folder)
                made.append(folder)
            for target, data, mode in todo:
                staged.append(_stage(target, data, mode))
            _commit(out_dir, staged)
        return status
    except BaseException as exc:
        for entry in staged:
            _discard(entry)
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:
                pass
        if isinstance(exc, OSError):
            raise _fail(exc.filename or out_dir, f"cannot write the output files: {exc.strerror or exc}") from None
        raise
    finally:
        os.close(lock)


def _output_folder(out_dir: Path, create: bool) -> list[Path]:
    """Check (or make) the output folder; returns the folders made."""
    try:
        info = os.stat(out_dir)  # the output folder itself may be a link the user made; nothing under it may
    except FileNotFoundError:
        if not create:
            raise _fail(out_dir, "folder does not exist") from None
        return _make_folder(out_dir)
    except OSError as exc:
        raise _fail(out_dir, f"cannot write: {exc.strerror or exc}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise _fail(out_dir, f"is {file_kind(info.st_mode) if not stat.S_ISREG(info.st_mode) else 'a file'}, not a folder")
    return []


def _make_folder(out_dir: Path) -> list[Path]:
    missing = []
    d = out_dir
    while not os.path.lexists(d):
        missing.append(d)
        d = d.parent
    if not d.is_dir():
        raise _fail(d, "is not a folder; cannot write the output files under it")
    made = []
    for folder in reversed(missing):
        try:
            os.mkdir(folder)
            made.append(folder)
        except FileExistsError:  # another run made it first: share it
            if not folder.is_dir():
                raise _fail(folder, "is not a folder; cannot write the output files under it") from None
    return made


def _commit(out_dir: Path, staged: list[_Staged]) -> None:
    """Name every staged file, record the moves in a journal, move them, drop the journal. A kill before the journal
    exists leaves the old set (and only nameless or dead staged files); after, the next run completes the moves."""
    for entry in staged:
        _name(entry)
    journal = [[os.path.relpath(e.name, out_dir), os.path.relpath(e.target, out_dir)] for e in staged]
    tmp = out_dir / f"{_JOURNAL}{_TAG}{secrets.token_hex(4)}.tmp"
    with open(tmp, "x", encoding="utf-8") as handle:
        json.dump(journal, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, out_dir / _JOURNAL)
    for entry in staged:
        os.replace(entry.name, entry.target)
        entry.name = None
    os.unlink(out_dir / _JOURNAL)
    for entry in staged:
        _discard(entry)


def check_target(path: Path) -> None:
    """Refuse a single-file target now (missing folder, special file, symlink) rather than after the work."""
    path = Path(path)
    _check_folder(path)
    target_state(path)
