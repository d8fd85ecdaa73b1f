"""Client-only settings: what `authstack config` writes, read from `authstack:client` in the stack file.

These are not infrastructure (they change no AWS resource), so they live beside the stack's other
settings in ``Pulumi.<stack>.yaml`` and command-line flags override them::

    config:
      authstack:client:
        formats: [aws-exports, amplify-outputs, bootstrap]
        outDir: web/src
        envPrefix: VITE_
        clientMetadata: {app: web}
        authenticationFlowType: USER_SRP_AUTH
        outputsVersion: "1.5"
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cli.config.errors import ConfigError

AUTHENTICATION_FLOW_TYPES = ("USER_SRP_AUTH", "USER_PASSWORD_AUTH", "CUSTOM_AUTH")
OUTPUTS_VERSIONS = ("1.3", "1.4", "1.5")
#: Keys of `authstack:client` that the Pulumi program reads (which client web/mobile files use).
#: They are accepted here and otherwise ignored: the program already resolved them into the outputs.
PROGRAM_KEYS = ("webClient", "mobileClient")
_ENV_PREFIX = re.compile(r"^([A-Z][A-Z0-9_]*_)?$")


@dataclass(frozen=True)
class ClientSettings:
    """What to write and how; every field has the default the command uses when neither the stack
    file nor a flag sets it."""

    #: Format names to write. Default: None = every format the stack can express.
    formats: tuple[str, ...] | None = None
    #: Output directory, relative to the project directory. Default: None = the project directory
    #: (as `spec.client_files.ClientFiles.out_dir`).
    out_dir: str | None = None
    #: Prefix of every `.env` variable, so the bundler exposes them (``VITE_``, ``NEXT_PUBLIC_``,
    #: ``REACT_APP_``). Default: ``VITE_`` (as `spec.client_files.ClientFiles.env_prefix`); set ``""`` for none.
    env_prefix: str = "VITE_"
    #: Static key/value pairs sent to Cognito Lambda triggers on every call (Amplify v5
    #: ``Auth.clientMetadata``). Default: none. Never put secrets here: they ship to browsers.
    client_metadata: dict[str, str] = field(default_factory=dict)
    #: Sign-in flow of the Amplify v5 runtime and of the mobile configuration. Default: None, which
    #: means ``USER_SRP_AUTH`` (the password never leaves the device). When set explicitly, the
    #: client must allow the matching ``ALLOW_<flow>`` auth flow.
    authentication_flow_type: str | None = None
    #: Version of ``amplify_outputs.json``. Default: ``1.5``, the current schema; ``1.3``/``1.4`` for
    #: apps pinned to an older ``aws-amplify`` that rejects newer files.
    outputs_version: str = "1.5"

    @property
    def flow_type(self) -> str:
        """The effective authentication flow type."""
        return self.authentication_flow_type or "USER_SRP_AUTH"


def stack_file(project_dir: Path, stack: str) -> Path:
    """Where the stack's settings live: ``<project_dir>/Pulumi.<stack>.yaml``."""
    return project_dir / f"Pulumi.{stack}.yaml"


def load_settings(project_dir: Path, stack: str) -> ClientSettings:
    """Reads `authstack:client` from ``Pulumi.<stack>.yaml``.

    A missing stack file or a stack file without ``authstack:client`` gives the defaults: CI jobs that
    only pass an outputs file between them still work.

    :raises ConfigError: on unreadable YAML or a bad value, naming the file and key path.
    """
    path = stack_file(project_dir, stack)
    if not path.exists():
        return ClientSettings()
    import yaml  # only when there is a stack file to read

    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ConfigError(f"{path}: not valid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    if doc is None:
        return ClientSettings()
    if not isinstance(doc, dict):
        raise ConfigError(f"{path}: expected a mapping with a `config:` key")
    config = doc.get("config") or {}
    if not isinstance(config, dict):
        raise ConfigError(f"{path}: config: expected a mapping")
    raw = config.get("authstack:client")
    if raw is None:
        return ClientSettings()
    return parse_settings(raw, f"{path}: config.authstack:client")


def parse_settings(raw: Any, where: str) -> ClientSettings:
    """Checks and converts the `authstack:client` mapping (see `ClientSettings` for each key)."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping")
    known = ("formats", "outDir", "envPrefix", "clientMetadata", "authenticationFlowType", "outputsVersion")
    for key in raw:
        if key not in known and key not in PROGRAM_KEYS:
            raise ConfigError(f"{where}.{key}: unknown key (known: {', '.join(known + PROGRAM_KEYS)})")
    values: dict[str, Any] = {}
    if raw.get("formats") is not None:
        formats = raw["formats"]
        if not isinstance(formats, list) or not formats:
            raise ConfigError(f"{where}.formats: expected a non-empty list of format names")
        values["formats"] = tuple(check_format(f, f"{where}.formats") for f in formats)
    if raw.get("outDir") is not None:
        if not isinstance(raw["outDir"], str) or not raw["outDir"].strip():
            raise ConfigError(f"{where}.outDir: expected a directory path")
        values["out_dir"] = raw["outDir"]
    if raw.get("envPrefix") is not None:
        values["env_prefix"] = check_env_prefix(raw["envPrefix"], f"{where}.envPrefix")
    if raw.get("clientMetadata") is not None:
        meta = raw["clientMetadata"]
        if not isinstance(meta, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in meta.items()):
            raise ConfigError(f"{where}.clientMetadata: expected a mapping of strings to strings (quote numbers and booleans)")
        values["client_metadata"] = dict(sorted(meta.items()))
    if raw.get("authenticationFlowType") is not None:
        values["authentication_flow_type"] = check_flow_type(raw["authenticationFlowType"], f"{where}.authenticationFlowType")
    if raw.get("outputsVersion") is not None:
        values["outputs_version"] = check_outputs_version(raw["outputsVersion"], f"{where}.outputsVersion")
    return ClientSettings(**values)


def check_format(name: Any, where: str) -> str:
    """Refuses an unknown format name, listing the known ones."""
    from cli.config.formats import FORMAT_NAMES

    if name not in FORMAT_NAMES:
        raise ConfigError(f"{where}: unknown format {name!r} (known: {', '.join(FORMAT_NAMES)})")
    return name


def check_env_prefix(prefix: Any, where: str) -> str:
    """An env prefix is empty or upper-case letters, digits and underscores ending in ``_``."""
    if not isinstance(prefix, str) or not _ENV_PREFIX.match(prefix):
        raise ConfigError(f"{where}: expected an upper-case prefix ending in '_' such as VITE_, NEXT_PUBLIC_ or REACT_APP_, got {prefix!r}")
    return prefix


def check_flow_type(value: Any, where: str) -> str:
    if value not in AUTHENTICATION_FLOW_TYPES:
        raise ConfigError(f"{where}: expected one of {', '.join(AUTHENTICATION_FLOW_TYPES)}, got {value!r}")
    return value


def check_outputs_version(value: Any, where: str) -> str:
    # YAML reads 1.5 as a float: accept it, since "1.5" and 1.5 mean the same to a person.
    text = str(value) if isinstance(value, (str, float)) else value
    if text not in OUTPUTS_VERSIONS:
        raise ConfigError(f"{where}: expected one of {', '.join(OUTPUTS_VERSIONS)}, got {value!r}")
    return text
