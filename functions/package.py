"""Packaging API for the Pulumi program and the CLI: from a trigger's step list to a Lambda bundle.

Pure Python (no ``pulumi`` import). The program calls ``bundle()`` once per configured trigger
and builds one function from it::

    b = bundle("preSignUp", [{"use": "email-domain-allowlist", "with": {"domains": ["example.com"]}},
                             {"handler": "functions/custom/check_invite.py"}], root)
    b.files        # {"index.py": Path(...), "authstack_triggers/...": Path(...), ...}
    b.handler      # "index.handler"
    b.environment  # {"AUTHSTACK_STEPS": "...", "AUTHSTACK_TRIGGER": "preSignUp"}
    b.pool_actions # IAM actions on this function's own user pool, e.g. cognito-idp:AdminAddUserToGroup

Zip layout: ``index.py`` at the root; this package as ``authstack_triggers/`` (only the runtime
and the built-ins the steps use); custom handler files as ``authstack_custom/<path in repo>``
(namespace packages throughout: no ``__init__.py`` is shipped or needed).
"""

from __future__ import annotations

import ast
import importlib
import io
import json
import pathlib
import zipfile
from dataclasses import dataclass
from difflib import get_close_matches

from .runtime.sources import TRIGGERS
from .settings import SettingError, check_fields

__all__ = ["BUILTINS", "Bundle", "StepError", "TRIGGERS", "bundle", "external_grants", "validate_steps", "zip_bytes"]

_HERE = pathlib.Path(__file__).resolve().parent
_ZIP_PACKAGE = "authstack_triggers"
_CUSTOM_PACKAGE = "authstack_custom"
#: Lambda's limit on the total size of a function's environment variables.
ENV_LIMIT = 4096

_BUILTIN_MODULES = (
    "email_domain_allowlist", "email_domain_denylist", "require_validation_data", "auto_confirm",
    "add_to_group", "token_claims", "verification_link", "email_otp_challenge", "user_migration", "pass_through",
    "decrypt_code",
)
_MODULES = {m.replace("_", "-"): importlib.import_module(f"{__package__}.builtins.{m}") for m in _BUILTIN_MODULES}

#: Built-in step names (the ``use:`` value) and a one-line description of each.
BUILTINS: dict[str, str] = {name: module.DESCRIPTION for name, module in sorted(_MODULES.items())}

# The package __init__ files stay out of the zip: namespace packages import the same way and
# every entry costs ~100 bytes of zip headers.
_RUNTIME_FILES = ("runtime/chain.py", "runtime/errors.py", "runtime/event.py", "runtime/sources.py")


class StepError(ValueError):
    """A bad step spec. ``path`` locates it (``steps[1].with.domains``); ``message`` says what is wrong."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Bundle:
    """Everything needed to create one trigger function."""

    files: dict[str, pathlib.Path]
    """Archive path → local file: the runtime, the built-ins the steps use, the custom handler files."""
    handler: str
    """Lambda handler setting."""
    environment: dict[str, str]
    """Function environment: AUTHSTACK_TRIGGER and AUTHSTACK_STEPS (sorted-key JSON of resolved settings)."""
    pool_actions: list[str]
    """Sorted IAM actions the steps need on the function's own user pool; [] if none."""


def _custom_module(path: str, where: str) -> str:
    if not isinstance(path, str) or not path:
        raise StepError(where, "must be a path to a .py file, relative to the project root")
    parts = pathlib.PurePosixPath(path).parts
    if path.startswith("/") or "\\" in path or ".." in parts or pathlib.PureWindowsPath(path).drive:
        raise StepError(where, f"{path!r} must be a relative path inside the project")
    if not path.endswith(".py"):
        raise StepError(where, f"{path!r} must be a .py file")
    names = [p for p in parts if p != "."]
    names[-1] = names[-1][:-3]
    for name in names:
        if not name.isidentifier():
            raise StepError(where, f"{path!r}: {name!r} is not a valid Python module name")
    return ".".join([_CUSTOM_PACKAGE, *names])


def _resolve(trigger: str, steps) -> list[tuple[dict, object, str | None]]:
    """Check everything that needs no files; return ``(resolved step, module or None, custom path)``."""
    if trigger not in TRIGGERS:
        near = get_close_matches(str(trigger), TRIGGERS, n=1)
        hint = f"; did you mean {near[0]!r}?" if near else f"; known: {', '.join(TRIGGERS)}"
        raise StepError("trigger", f"unknown trigger {trigger!r}{hint}")
    if not isinstance(steps, list) or not steps:
        raise StepError("steps", "must be a non-empty list of steps")
    out = []
    for index, step in enumerate(steps):
        where = f"steps[{index}]"
        if not isinstance(step, dict):
            raise StepError(where, "must be a mapping with 'use' (and 'with') or 'handler'")
        unknown = sorted(set(step) - {"use", "with", "handler"})
        if unknown:
            raise StepError(f"{where}.{unknown[0]}", "unknown key; a step has 'use' and 'with', or 'handler'")
        if ("use" in step) == ("handler" in step):
            raise StepError(where, "needs exactly one of 'use' (a built-in) or 'handler' (a .py file)")
        if "handler" in step:
            if "with" in step:
                raise StepError(f"{where}.with", "settings apply to built-ins only; a handler reads its own")
            module_path = _custom_module(step["handler"], f"{where}.handler")
            out.append(({"handler": module_path}, None, step["handler"]))
            continue
        name = step["use"]
        module = _MODULES.get(name) if isinstance(name, str) else None
        if module is None:
            near = get_close_matches(str(name), list(_MODULES), n=1)
            hint = f"; did you mean {near[0]!r}?" if near else f"; built-ins: {', '.join(sorted(_MODULES))}"
            raise StepError(f"{where}.use", f"unknown built-in {name!r}{hint}")
        if trigger not in module.TRIGGERS:
            raise StepError(f"{where}.use", f"{name!r} runs on {', '.join(module.TRIGGERS)}, not {trigger}")
        try:
            settings = check_fields(module.SETTINGS, step.get("with"), trigger=trigger)
        except SettingError as exc:
            raise StepError(f"{where}.with" + (f".{exc.path}" if exc.path else ""), exc.message) from None
        check = getattr(module, "check", None)
        if check is not None:
            problems = check(settings, trigger) if check.__code__.co_argcount == 2 else check(settings)
            if problems:
                path, message = problems[0]
                raise StepError(f"{where}.with.{path}", message)
        out.append(({"use": name, "with": settings}, module, None))
    return out


def _environment(trigger: str, resolved: list) -> dict[str, str]:
    steps_json = json.dumps([r[0] for r in resolved], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    env = {"AUTHSTACK_STEPS": steps_json, "AUTHSTACK_TRIGGER": trigger}
    size = sum(len(k) + len(v.encode()) for k, v in env.items())
    if size > ENV_LIMIT:
        raise StepError("steps", f"settings take {size} bytes; Lambda allows {ENV_LIMIT} for all environment variables")
    return env


def _needed_wheels(resolved: list, wheelhouse, runtime: str = "python3.12") -> tuple[str, ...]:
    """The distributions the built-ins need from the wheelhouse; refuses a step that needs one without it."""
    needs: list[str] = []
    for index, (step, module, _custom) in enumerate(resolved):
        for name in getattr(module, "WHEELS", ()) if module is not None else ():
            if wheelhouse is None:
                from .wheels import PIP_COMMAND

                raise StepError("wheelhouse", (f"steps[{index}] {step['use']} needs {', '.join(module.WHEELS)}, which the "
                                               "Lambda runtime lacks: give wheelhouse: <folder of .whl files> built with "
                                               + PIP_COMMAND.format(version=runtime.removeprefix("python"),
                                                                    folder="<folder>")))
            needs.append(name)
    return tuple(dict.fromkeys(needs))


def validate_steps(trigger: str, steps: list[dict], wheelhouse: str | None = None,
                   runtime: str = "python3.12") -> list[dict]:
    """Check a trigger's steps without touching files (for ``authstack validate``).

    Returns the resolved steps as the function will see them (defaults filled in, domains
    normalised). Raises ``StepError`` on the first problem.
    """
    resolved = _resolve(trigger, steps)
    _environment(trigger, resolved)
    _needed_wheels(resolved, wheelhouse, runtime)
    return [r[0] for r in resolved]


#: Largest handler file read: a Lambda step is a few KB; a bigger file is a mistake, not a handler.
HANDLER_LIMIT = 1024 * 1024


def _check_handler_file(path: pathlib.Path, where: str, shown: str) -> None:
    try:
        if path.stat().st_size > HANDLER_LIMIT:
            raise StepError(where, f"{shown} is larger than {HANDLER_LIMIT // 1024} KB")
        tree = ast.parse(path.read_bytes(), filename=shown)
    except SyntaxError as exc:
        raise StepError(where, f"{shown} line {exc.lineno}: {exc.msg}") from None
    except (ValueError, RecursionError, MemoryError):  # NUL bytes, absurd nesting
        raise StepError(where, f"{shown} is not a Python file authstack can read") from None
    except OSError as exc:
        raise StepError(where, f"{shown}: cannot read: {exc.strerror or exc}") from None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "handler":
            if len(node.args.args) + len(node.args.posonlyargs) < 2 and node.args.vararg is None:
                raise StepError(where, f"{shown}: handler must take (event, context)")
            return
        if isinstance(node, ast.AsyncFunctionDef) and node.name == "handler":
            raise StepError(where, f"{shown}: handler must be a plain def; Lambda does not await it")
    raise StepError(where, f"{shown} has no top-level 'def handler(event, context)'")


def _wheel_files(wheelhouse: str, root: pathlib.Path, runtime: str, needs: tuple[str, ...]) -> dict[str, pathlib.Path]:
    from .wheels import RUNTIMES, WheelError, check, unpack

    parts = pathlib.PurePosixPath(wheelhouse).parts
    if (not wheelhouse or wheelhouse.startswith("/") or "\\" in wheelhouse or ".." in parts
            or pathlib.PureWindowsPath(wheelhouse).drive):
        raise StepError("wheelhouse", f"{wheelhouse!r} must be a folder inside the project, relative to its root")
    if runtime not in RUNTIMES:
        raise StepError("wheelhouse", f"no wheel rules for runtime {runtime!r}")
    folder = (root / wheelhouse).resolve()
    if not folder.is_relative_to(root):
        raise StepError("wheelhouse", f"{wheelhouse!r} resolves outside the project root")
    shown = wheelhouse.rstrip("/")
    try:
        found = check(folder, shown, runtime, needs)
        for wheel in found:
            if not wheel.resolve().is_relative_to(root):
                raise WheelError(f"{shown}/{wheel.name} resolves outside the project root")
        return unpack(found, shown)
    except WheelError as exc:
        raise StepError("wheelhouse", str(exc)) from None
    except OSError as exc:
        raise StepError("wheelhouse", f"{shown}: cannot read: {exc.strerror or exc}") from None


def bundle(trigger: str, steps: list[dict], root: pathlib.Path, wheelhouse: str | None = None,
           runtime: str = "python3.12") -> Bundle:
    """Build the bundle for one trigger function. Raises ``StepError`` for a bad spec or missing file.

    ``wheelhouse`` (a folder of ``.whl`` files, relative to ``root``) is unpacked into the bundle after each wheel is
    checked against ``runtime`` on x86_64 (``functions/wheels.py``)."""
    resolved = _resolve(trigger, steps)
    environment = _environment(trigger, resolved)
    wheel_needs = _needed_wheels(resolved, wheelhouse, runtime)
    root = pathlib.Path(root).resolve()
    files: dict[str, pathlib.Path] = {"index.py": _HERE / "runtime" / "index.py"}
    for rel in _RUNTIME_FILES:
        files[f"{_ZIP_PACKAGE}/{rel}"] = _HERE / rel
    actions: set[str] = set()
    for index, (step, module, custom) in enumerate(resolved):
        if module is not None:
            for name in (module.__name__.rsplit(".", 1)[1], *module.USES):
                files[f"{_ZIP_PACKAGE}/builtins/{name}.py"] = _HERE / "builtins" / f"{name}.py"
            needs = getattr(module, "actions", None)
            actions.update(needs(step["with"]) if needs else module.POOL_ACTIONS)
            continue
        where = f"steps[{index}].handler"
        try:
            local = (root / custom).resolve()
        except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError for a symlink loop, 3.13 OSError
            raise StepError(where, f"{custom!r} is a symlink loop") from None
        if not local.is_relative_to(root):
            raise StepError(where, f"{custom!r} resolves outside the project root")
        if not local.is_file():
            raise StepError(where, f"file not found: {custom}")
        _check_handler_file(local, where, custom)
        files[step["handler"].replace(".", "/") + ".py"] = local
    if wheelhouse is not None:
        for path, local in _wheel_files(wheelhouse, root, runtime, wheel_needs).items():
            top = path.split("/", 1)[0]
            if path in files or top in ("index.py", _ZIP_PACKAGE, _CUSTOM_PACKAGE):
                raise StepError("wheelhouse", f"{path} from a wheel would replace authstack's own {top}")
            files[path] = local
    return Bundle(
        files=dict(sorted(files.items())),
        handler="index.handler",
        environment=environment,
        pool_actions=sorted(actions),
    )


def external_grants(trigger: str, steps: list[dict]) -> list[dict]:
    """Access the steps need outside their own user pool, for the function's role.

    Each item is ``{"actions": [...], "kind": "ses-identity" | "ssm-parameter", "names": [...]}``;
    the program turns names into ARNs (``arn:aws:ses:<region>:<account>:identity/<name>``,
    ``arn:aws:ssm:<region>:<account>:parameter/<name>``).
    """
    grants = []
    for step, _module, _custom in _resolve(trigger, steps):
        settings = step.get("with", {})
        if step.get("use") == "email-otp-challenge" and trigger == "createAuthChallenge":
            address = settings["fromAddress"]
            grants.append({"actions": ["ses:SendEmail"], "kind": "ses-identity",
                           "names": sorted({address.rsplit("@", 1)[1].lower(), address})})
        if step.get("use") == "user-migration" and settings.get("authorizationParameter"):
            grants.append({"actions": ["ssm:GetParameter"], "kind": "ssm-parameter",
                           "names": [settings["authorizationParameter"].lstrip("/")]})
    return grants


def zip_bytes(bundle: Bundle) -> bytes:
    """A deterministic zip of ``bundle.files``: sorted entries, fixed timestamps and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(bundle.files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o100644 << 16  # regular file, rw-r--r--
            info.create_system = 3  # Unix, so the mode above is honoured
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, bundle.files[name].read_bytes(), compresslevel=9)
    return buffer.getvalue()
