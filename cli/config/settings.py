"""Client-only settings: what `authstack config` writes, read from `authstack:client`.

These are not infrastructure (they change no AWS resource), so they live beside the stack's other
settings and command-line flags override them::

    config:
      authstack:client:
        runtimes: [v6]              # aws-amplify major versions of the app: v5 and/or v6
        formats: [aws-exports, amplify-outputs, bootstrap-v6]
        outDir: web/src
        envPrefix: VITE_
        clientMetadata: {app: web}
        authenticationFlowType: USER_SRP_AUTH
        outputsVersion: "1.5"

One source of truth: the section is validated by the spec's own model, `spec.client_files.ClientFiles`
(the one `authstack validate` uses), so both commands accept and refuse the same values. Errors are
worded by the spec's loader, with the spec's key paths (``Pulumi.dev.yaml: authstack:client.envPrefix:
...``). The files are read by the one light reader (`spec.files`, shared with `spec.load`); the section is
validated here rather than through `spec.load` because importing `spec.load` pulls in the
whole stack model, which would cost a cold `authstack config` about 0.08 s of its 0.3 s budget
(see bench/bench_config.py). `tests/config/test_config_settings.py` holds this reader to `spec.load`.

Where the section comes from follows Pulumi: a project-wide default in ``Pulumi.yaml``
(``config: {authstack:client: {value: {...}}}``) applies unless ``Pulumi.<stack>.yaml`` sets
``authstack:client``, which then replaces the default as a whole key (Pulumi never merges the two).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from authstack.cli.config.errors import ConfigError
from authstack.spec.client_files import ClientFiles
from authstack.spec.facts import NAMESPACE
from authstack.spec.files import project_defaults, read_stack_file

#: The section's key, without and with the namespace.
SECTION = "client"
KEY = f"{NAMESPACE}:{SECTION}"
#: The model's defaults, so the defaults below cannot drift from the spec.
_DEFAULTS = ClientFiles()


@dataclass(frozen=True)
class ClientSettings:
    """What to write and how, after the stack file and flags; every field has the default the command
    uses when neither sets it (the spec model's default, `spec.client_files.ClientFiles`)."""

    #: Format names to write. Default: None = every format the stack can express (a stack without a
    #: user pool skips amplify-outputs); an explicit list is written as it is, or refused.
    formats: tuple[str, ...] | None = None
    #: The aws-amplify major versions the app runs (``v5``, ``v6``). Default: ``("v6",)``, what a new app
    #: uses. Only shapes the default format list: a runtime's bootstrap is written when it is listed.
    runtimes: tuple[str, ...] = tuple(_DEFAULTS.runtimes)
    #: Output directory, relative to the project directory. Default: None = the project directory.
    out_dir: str | None = None
    #: Prefix of every `.env` variable, so the bundler exposes them (``VITE_``, ``NEXT_PUBLIC_``,
    #: ``REACT_APP_``). Default: ``VITE_``; ``""`` for none.
    env_prefix: str = _DEFAULTS.env_prefix
    #: Static key/value pairs sent to Cognito Lambda triggers on every call (Amplify v5
    #: ``Auth.clientMetadata``). Default: none. Never put secrets here: they ship to browsers.
    client_metadata: dict[str, str] = field(default_factory=dict)
    #: Sign-in flow of the Amplify v5 runtime and of the mobile configuration. Default: None, which
    #: means ``USER_SRP_AUTH`` (the password never leaves the device). When set explicitly, the
    #: client must allow the matching ``ALLOW_<flow>`` auth flow.
    authentication_flow_type: str | None = None
    #: Version of ``amplify_outputs.json``. Default: ``1.5``, the current schema; ``1.3``/``1.4`` for
    #: apps pinned to an older ``aws-amplify`` that rejects newer files.
    outputs_version: str = _DEFAULTS.outputs_version
    #: The first factor aws-amplify v6 asks for in choice-based sign-in (``passwordless.preferred_challenge``).
    #: Default: None = Cognito lists the factors for the user to choose.
    preferred_challenge: str | None = None

    @property
    def flow_type(self) -> str:
        """The effective authentication flow type."""
        return self.authentication_flow_type or _DEFAULTS.authentication_flow_type

    @classmethod
    def from_model(cls, model: ClientFiles) -> "ClientSettings":
        """The settings of a validated section; keys it does not set keep their "not set" meaning."""
        given = model.model_fields_set
        return cls(
            formats=tuple(model.formats) if "formats" in given else None,
            out_dir=model.out_dir if "out_dir" in given else None,
            runtimes=tuple(model.runtimes),
            env_prefix=model.env_prefix,
            client_metadata=dict(sorted(model.client_metadata.items())),
            authentication_flow_type=model.authentication_flow_type if "authentication_flow_type" in given else None,
            outputs_version=model.outputs_version,
            preferred_challenge=model.preferred_challenge,
        )


@dataclass(frozen=True)
class ProjectSettings:
    """What `authstack config` takes from the project directory."""

    #: The Pulumi project's name (``name:`` in ``Pulumi.yaml``); outputs of another project are refused. None in an
    #: app repository (no ``Pulumi.yaml``): the outputs are then taken as the project they name.
    project: str | None
    #: The effective `authstack:client` of the stack.
    settings: ClientSettings
    #: Where the section came from (``Pulumi.<stack>.yaml``, ``Pulumi.yaml``), or None for the defaults.
    source: str | None = None


# ----------------------------------------------------------------------------------------- files
#: What `read_project` returns when Pulumi.yaml sets no `authstack:client` default (None is a value there).
NO_DEFAULT = object()


def read_project(project_dir: Path) -> tuple[str, Any]:
    """The project's name and its project-wide `authstack:client` default (``NO_DEFAULT`` if none).

    Read by the one stack-file reader, as `authstack validate` reads it (`spec.files.project_defaults`): structured
    values sit under ``value:`` (or ``default:``), and a key without a namespace belongs to the project (so ``client``
    means ``authstack:client`` only in a project named ``authstack``).

    :raises SpecError: when ``Pulumi.yaml`` is missing (the project name is needed to refuse the outputs of another
        project), unreadable, or has no name.
    """
    name, defaults = project_defaults(project_dir)
    return name, defaults.get(SECTION, NO_DEFAULT)


def stack_file(project_dir: Path, stack: str) -> Path:
    """Where the stack's settings live: ``<project_dir>/Pulumi.<stack>.yaml``."""
    return project_dir / f"Pulumi.{stack}.yaml"


def load_app(project_dir: Path, stack: str) -> ProjectSettings:
    """`load_project`, or for an app repository (no ``Pulumi.yaml`` in ``project_dir``) no project and no local
    section: the settings then come from the outputs' ``clientConfig.clientFiles`` (`from_outputs`)."""
    if not (project_dir / "Pulumi.yaml").exists():
        return ProjectSettings(project=None, settings=ClientSettings())
    return load_project(project_dir, stack)


def from_outputs(cc: dict, source: str) -> ClientSettings | None:
    """The settings the stack's ``authstack:client`` set, as its ``clientConfig.clientFiles`` output carries them
    (contract: docs/client-config-output.md); None for outputs of an authstack that did not write the key.

    Checked by the same model as the stack file, so the infra repository and an app repository accept the same
    values; ``null`` means the stack did not set the key.

    :raises ConfigError: ``<source>: clientConfig.clientFiles.<key>: <message>``; an unknown key was written by a newer
        authstack, whose files this one could not reproduce byte for byte.
    """
    from authstack.spec.client_files import TRAVELLING

    raw = cc.get("clientFiles")
    where = f"{source}: clientConfig.clientFiles"
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected an object, got {type(raw).__name__}")
    unknown = sorted(set(raw) - set(TRAVELLING))
    if unknown:
        raise ConfigError(f"{where}.{unknown[0]}: not a setting this authstack knows (it reads {', '.join(TRAVELLING)}); "
                          f"install the authstack version of the pipeline that wrote these outputs")
    given = {k: v for k, v in raw.items() if v is not None}
    try:
        model = ClientFiles.model_validate(given)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        path = ".".join(str(p) for p in err["loc"])
        problem = err["msg"].removeprefix("Value error, ")
        if err["type"] == "literal_error":
            problem = f"must be one of {err['ctx']['expected']} (got {err['input']!r})"
        raise ConfigError(f"{where}.{path}: {problem}") from None
    return ClientSettings.from_model(model)


def load_project(project_dir: Path, stack: str) -> ProjectSettings:
    """The project name and the stack's effective `authstack:client`.

    ``Pulumi.<stack>.yaml``'s ``authstack:client`` wins as a whole; else the project default of
    ``Pulumi.yaml``; else the defaults. A missing stack file is no error: CI jobs that only pass an
    outputs file between them still work (with the project default, if any).

    :raises ConfigError: on a missing ``Pulumi.yaml``, unreadable YAML or a bad value, naming the file
        and the key path as `authstack validate` does.
    """
    name, raw = read_project(project_dir)
    source = None if raw is NO_DEFAULT else "Pulumi.yaml"
    config = read_stack_file(project_dir, stack, required=False)
    if config is not None and KEY in config:
        raw, source = config[KEY], stack_file(project_dir, stack).name
    if source is None:
        return ProjectSettings(project=name, settings=ClientSettings())
    return ProjectSettings(project=name, settings=ClientSettings.from_model(validate_section(raw, source)), source=source)


def load_settings(project_dir: Path, stack: str) -> ClientSettings:
    """The stack's effective `authstack:client` (see `load_project`)."""
    return load_project(project_dir, stack).settings


# ------------------------------------------------------------------------------------ validation
def validate_section(raw: Any, file: str) -> ClientFiles:
    """Validates an `authstack:client` value with the spec's model.

    :raises ConfigError: with the first problem as `authstack validate` words it (``<file>:
        authstack:client.<key path>: <message>``).
    """
    try:
        return ClientFiles.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_spec_problem(raw, file, exc)) from None


def _spec_problem(raw: Any, file: str, exc: ValidationError) -> str:
    # Error path only, so the heavy import is free here: let the spec's loader word the problem, exactly
    # as `authstack validate` prints it. The model refused the section, so the spec refuses it too.
    from authstack.spec.errors import SpecError
    from authstack.spec.load import validate

    try:
        validate({"client": raw}, file, plaintext_ok=set())
    except SpecError as err:
        first, rest = err.problems[0], len(err.problems) - 1
        return str(first) + (f" (and {rest} more; run `authstack validate`)" if rest else "")
    err0 = exc.errors(include_url=False)[0]  # not reached while ClientFiles is the spec's model
    return f"{file}: {KEY}: {err0['msg']}"


_FLAG_FIELDS = {"--format": "formats", "--env-prefix": "envPrefix", "--outputs-version": "outputsVersion"}


def check_flag(flag: str, value: Any) -> Any:
    """Validates a flag by the rule of the `authstack:client` key it overrides (same model, same rule).

    :returns: the checked value (``--format``: a tuple of names).
    :raises ConfigError: ``<flag>: <message>``.
    """
    key = _FLAG_FIELDS[flag]
    try:
        model = ClientFiles.model_validate({key: list(value) if flag == "--format" else value})
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        if err["type"] == "literal_error":
            problem = f"must be one of {err['ctx']['expected']} (got {err['input']!r})"
        else:
            problem = err["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{flag}: {problem}") from None
    name = next(n for n, f in ClientFiles.model_fields.items() if f.alias == key)
    checked = getattr(model, name)
    return tuple(checked) if flag == "--format" else checked
