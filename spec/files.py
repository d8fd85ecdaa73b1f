"""The one safe reader of every file authstack takes from a user: stack files, Pulumi.yaml, outputs, locks, Gen 1 files.

Standard library and PyYAML only (the light commands import it). Whatever a file holds, reading it ends in data or a
`SpecError` naming the file and, where there is one, the key path; never a hang (FIFOs and devices are refused before
they are opened for reading), a blown-up process (size cap, alias expansion bound, depth bound) or a traceback.

YAML is read the way Pulumi's own parser (go-yaml v3) reads a stack file, where the two differ in ways that matter:
duplicate keys are refused, timestamps stay strings, and plain ``yes``/``no``/``on``/``off`` (booleans only in YAML 1.1,
strings to Pulumi) are refused with the advice to quote them, since a stack file means the same to both.
"""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from authstack.spec.errors import Problem, SpecError, shown
from authstack.spec.facts import NAMESPACE

#: Largest file read (stack files are a few KB; Gen 1 meta files and plan documents well under 1 MB).
MAX_BYTES = 4 * 1024 * 1024
#: Deepest nesting accepted (a stack file needs about 8 levels): deeper input would exhaust Python's stack later.
MAX_DEPTH = 64
#: Most YAML nodes after expanding aliases: a 1 KB "billion laughs" file would otherwise expand to gigabytes.
MAX_NODES = 100_000

# Pulumi: "a stack name may only contain alphanumeric, hyphens, underscores, or periods", at most 100 characters
# (pulumi/pulumi sdk/go/common/tokens, ValidateStackName / stackNameRE).
STACK_NAME = re.compile(r"[A-Za-z0-9_.-]{1,100}")


# --- bytes and text -----------------------------------------------------------------------------------------------

def read_bytes(path: Path, label: str | None = None, *, missing: str = "file not found", limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes. FIFOs, devices, sockets and folders are refused without blocking on them."""
    label = str(path) if label is None else label
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise SpecError.one(label, "", missing) from None
    except OSError as exc:
        raise SpecError.one(label, "", _os_reason(exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise SpecError.one(label, "", f"is {file_kind(info.st_mode)}, not a regular file")
    try:
        # O_NONBLOCK: if the path was swapped for a FIFO since the stat, opening it still does not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise SpecError.one(label, "", _os_reason(exc)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SpecError.one(label, "", "is not a regular file")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise SpecError.one(label, "", _os_reason(exc)) from None
    finally:
        os.close(fd)
    if size > limit:
        raise SpecError.one(label, "", f"is larger than {limit // (1024 * 1024)} MB; not a file authstack reads")
    return b"".join(chunks)


def decode(data: bytes, label: str, what: str = "text") -> str:
    """UTF-8 text (a UTF-8 byte order mark is dropped); UTF-16 and binary files are refused by name."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) > 1 and data[1:2] == b"\0" and data[:1] != b"\0"):
        raise SpecError.one(label, "", f"is UTF-16 encoded; save it as UTF-8 {what}")
    if b"\0" in data:
        raise SpecError.one(label, "", f"is a binary file, not {what}")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise SpecError.one(label, "", f"is not UTF-8 {what} (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def read_text(path: Path, label: str | None = None, *, missing: str = "file not found", what: str = "text") -> str:
    label = str(path) if label is None else label
    return decode(read_bytes(path, label, missing=missing), label, what)


def _os_reason(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ELOOP:
        return "is a symlink loop"
    if exc.errno == errno.EISDIR:
        return "is a folder, not a file"
    return f"cannot read: {exc.strerror or exc}"


def file_kind(mode: int) -> str:
    """What a non-regular file is, for messages (``st_mode`` of stat or lstat)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symlink"
    return "a special file"


# --- YAML ---------------------------------------------------------------------------------------------------------

class _TooBig(Exception):
    def __init__(self, message: str, mark: Any = None):
        super().__init__(message)
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """SafeLoader with a nesting bound while composing (composing recurses once per level)."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # noqa: D102
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooBig(f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# Like go-yaml v3 reading into untyped values: timestamps stay strings, and `=` is a plain string.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_BOOL = "tag:yaml.org,2002:bool"
_MERGE = "tag:yaml.org,2002:merge"


def parse_yaml(text: str, label: str, *, under: str = "") -> Any:
    """One YAML document as plain data, or SpecError. ``under`` (e.g. ``config``) is left out of the key paths."""
    loader = _Loader(text)
    try:
        return _load(loader, label, under)
    finally:
        loader.dispose()


def _load(loader: _Loader, label: str, under: str) -> Any:
    try:
        node = loader.get_single_node()
    except _TooBig as exc:
        raise SpecError.one(label, "", f"{exc}{_at(exc.mark)}") from None
    except yaml.YAMLError as exc:
        raise SpecError.one(label, "", _yaml_reason(exc)) from None
    except (RecursionError, MemoryError):
        raise SpecError.one(label, "", "too complex to read") from None
    if node is None:
        return None
    problems = _check_nodes(node, label, under)
    if problems:
        raise SpecError(problems)
    try:
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise SpecError.one(label, "", _yaml_reason(exc)) from None
    except (ValueError, OverflowError, TypeError) as exc:  # e.g. a 5000-digit integer, an explicit bad !!timestamp
        raise SpecError.one(label, "", _value_reason(exc)) from None


def _value_reason(exc: Exception) -> str:
    text = str(exc)
    if "integer string conversion" in text:
        return "a number has more than 4300 digits"
    return f"a value cannot be read: {text[:120]}"


def _yaml_reason(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    return f"not valid YAML{_at(mark)}: {getattr(exc, 'problem', None) or exc}"


def _at(mark: Any) -> str:
    return f" at line {mark.line + 1}" if mark is not None else ""


def _check_nodes(root: yaml.Node, label: str, under: str) -> list[Problem]:
    """Walk the node graph as construction will expand it (aliases included), iteratively and within MAX_NODES:
    duplicate keys, YAML-1.1-only booleans, too deep, too big."""
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, tuple, int]] = [(root, (), 1)]
    seen = 0
    while stack:
        node, path, depth = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            return [Problem(label, "", f"expands to more than {MAX_NODES} values (aliases included); refused")]
        if depth > MAX_DEPTH:
            return [Problem(label, _path(path[:MAX_DEPTH // 8], under) + "…", f"nested more than {MAX_DEPTH} levels deep "
                                                       "(a recursive alias counts)")]
        if isinstance(node, yaml.MappingNode):
            first: dict[Any, int] = {}
            for key, value in node.value:
                if key.tag == _MERGE:
                    stack.append((value, path, depth + 1))
                    continue
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                if isinstance(key, yaml.ScalarNode):
                    ident = (key.tag, key.value)
                    if ident in first:
                        problems.append(Problem(label, _path((*path, name), under),
                                                f"duplicate key (first at line {first[ident] + 1}); Pulumi refuses "
                                                "duplicate keys: keep one"))
                    else:
                        first[ident] = key.start_mark.line
                    _bool_check(key, (*path, name), label, under, problems)
                else:
                    stack.append((key, (*path, "<key>"), depth + 1))
                stack.append((value, (*path, name if name is not None else "<key>"), depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                stack.append((item, (*path, i), depth + 1))
        else:
            _bool_check(node, path, label, under, problems)
        if len(problems) > 20:
            break
    return problems


def _bool_check(node: yaml.Node, path: tuple, label: str, under: str, problems: list[Problem]) -> None:
    if node.tag == _BOOL and node.style is None and node.value.lower() not in ("true", "false"):
        problems.append(Problem(label, _path(path, under),
                                f"unquoted {node.value} is a boolean in YAML 1.1 but text to Pulumi: quote it "
                                f"(\"{node.value}\"), or write true/false"))


def _path(path: tuple, under: str) -> str:
    if under and path[:1] == (under,):
        path = path[1:]
    text = ""
    for seg in path:
        text += f"[{seg}]" if isinstance(seg, int) else (f".{seg}" if text else str(seg))
    return text


def read_yaml(path: Path, label: str | None = None, *, under: str = "", missing: str = "file not found") -> Any:
    label = str(path) if label is None else label
    return parse_yaml(read_text(path, label, missing=missing, what="YAML text"), label, under=under)


# --- JSON ---------------------------------------------------------------------------------------------------------

def parse_json(text: str, label: str) -> Any:
    """One JSON document, or SpecError (deep nesting and absurd numbers included)."""
    import json

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SpecError.one(label, "", f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise SpecError.one(label, "", f"nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise SpecError.one(label, "", _value_reason(exc)) from None
    check_depth(data, label)
    return data


def check_depth(data: Any, label: str, limit: int = MAX_DEPTH) -> None:
    """Refuse data nested deeper than ``limit`` (iteratively: the check itself must not recurse)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > limit:
                raise SpecError.one(label, "", f"nested more than {limit} levels deep")
            stack.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))


def read_json(path: Path, label: str | None = None, *, missing: str = "file not found") -> Any:
    label = str(path) if label is None else label
    return parse_json(read_text(path, label, missing=missing, what="JSON text"), label)


# --- names and folders --------------------------------------------------------------------------------------------

def check_stack_name(stack: str, project_dir: Path | None = None) -> str:
    """A stack name as Pulumi accepts it, checked once for every command."""
    if not isinstance(stack, str) or not STACK_NAME.fullmatch(stack) or stack in (".", ".."):
        why = "at most 100 characters" if isinstance(stack, str) and len(stack) > 100 else \
            "letters, digits, -, _ and . only, as Pulumi requires"
        parts = stack.split("/") if isinstance(stack, str) else []
        qualified = len(parts) in (2, 3) and all(STACK_NAME.fullmatch(p) and p not in (".", "..") for p in parts)
        hint = f"; give the stack's own name ({parts[-1]!r}), without org/project/" if qualified else ""
        raise SpecError.one("--stack", "", f"{shown(stack)} is not a valid stack name ({why}){hint}")
    return stack


def stack_names(project_dir: Path) -> list[str]:
    """Stack names that have a ``Pulumi.<stack>.yaml`` in the project, sorted."""
    try:
        names = [p.name[len("Pulumi."):-len(".yaml")] for p in Path(project_dir).glob("Pulumi.*.yaml")]
    except OSError:
        return []
    return sorted(n for n in names if STACK_NAME.fullmatch(n))


def missing_stack(project_dir: Path, stack: str) -> SpecError:
    known = stack_names(project_dir)
    listing = f"stacks here: {', '.join(known)}" if known else "no Pulumi.<stack>.yaml files here"
    return SpecError.one(f"Pulumi.{stack}.yaml", "", f"no such stack file in {project_dir} ({listing})")


def check_project_dir(project_dir: Path, flag: str = "--project-dir") -> Path:
    """The project folder must exist and be a folder: it is never created implicitly."""
    project_dir = Path(project_dir)
    try:
        info = os.stat(project_dir)
    except FileNotFoundError:
        raise SpecError.one(flag, "", f"{shown(str(project_dir))} does not exist (it is never created for you)") from None
    except OSError as exc:
        raise SpecError.one(flag, "", f"{shown(str(project_dir))}: {_os_reason(exc)}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise SpecError.one(flag, "", f"{shown(str(project_dir))} is {file_kind(info.st_mode) if not stat.S_ISREG(info.st_mode) else 'a file'}, not a folder")
    return project_dir


# --- Pulumi.yaml and Pulumi.<stack>.yaml ----------------------------------------------------------------------------

#: Top-level keys Pulumi allows in a stack file besides ``config:``.
STACK_FILE_KEYS = {"config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"}


def _config_section(data: Any, file: str) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SpecError.one(file, "", "must be a YAML mapping")
    config = data.get("config")
    if config is None:
        return {}
    if not isinstance(config, dict):
        raise SpecError.one(file, "config", f"must be a mapping (got {type(config).__name__})")
    # YAML turns `1:` or `null:` into non-string keys; Pulumi config keys are always strings.
    bad = [k for k in config if not isinstance(k, str)]
    if bad:
        raise SpecError.one(file, "config", f"key {shown(bad[0])} is not a string; quote it")
    return config


def read_project_file(project_dir: Path) -> tuple[str, dict[str, Any]]:
    """``Pulumi.yaml``: the project name and its ``config:`` defaults, each value unwrapped from ``value:`` or
    ``default:`` (Pulumi's project-level config forms), keyed as written."""
    project_dir = check_project_dir(project_dir)
    data = read_yaml(project_dir / "Pulumi.yaml", "Pulumi.yaml", under="config",
                     missing=f"not found in {str(project_dir)[:200]}; --project-dir must be the folder of the "
                             "Pulumi project")
    config = _config_section(data, "Pulumi.yaml")
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise SpecError.one("Pulumi.yaml", "name", "the project needs a name")
    defaults = {}
    for key, value in config.items():
        if isinstance(value, dict) and ("value" in value or "default" in value):
            value = value.get("value", value.get("default"))
        defaults[key] = value
    return name, defaults


def project_defaults(project_dir: Path) -> tuple[str, dict[str, Any]]:
    """The project name and its project-level `authstack:` defaults, by key without the namespace (``aws:region`` as
    ``__region__``). A key without a namespace belongs to the project, so ``client`` means ``authstack:client`` only
    in a project named ``authstack``: `authstack validate` and `authstack config` read defaults through this alone."""
    name, config = read_project_file(project_dir)
    defaults: dict[str, Any] = {}
    for key, value in config.items():
        if key == "aws:region":
            defaults["__region__"] = value
        elif key.startswith(f"{NAMESPACE}:"):
            defaults[key.split(":", 1)[1]] = value
        elif ":" not in key and name == NAMESPACE:
            defaults[key] = value
    return name, defaults


def read_stack_file(project_dir: Path, stack: str, *, required: bool = True) -> dict[str, Any] | None:
    """``Pulumi.<stack>.yaml``'s ``config:`` (None when it does not exist and is not required)."""
    check_stack_name(stack)
    file = f"Pulumi.{stack}.yaml"
    path = Path(project_dir) / file
    if not required and not os.path.lexists(path):
        return None
    if required and not os.path.lexists(path):
        raise missing_stack(Path(project_dir), stack)
    data = read_yaml(path, file, under="config")
    if isinstance(data, dict):
        unknown = sorted(str(k) for k in data if k not in STACK_FILE_KEYS)
        if unknown:
            raise SpecError.one(file, unknown[0], "unknown top-level key (stack settings go under config:)")
    return _config_section(data, file)
