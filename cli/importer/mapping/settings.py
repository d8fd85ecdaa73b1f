"""Typed access to the Gen 1 settings of one auth resource, shared by every mapping module."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from authstack.cli.importer.errors import ImportFailure
from authstack.cli.importer.gen1 import Project

# What the importer writes where the project does not hold a value the stack needs. `spec.load` refuses it in every
# command but the importer's own check, naming the key, so the stack cannot be deployed until the user sets it.
PLACEHOLDER = "REPLACE-ME"


def placeholder_keys(value: Any, path: str = "") -> list[str]:
    """Key paths (as `spec.load` names them) of the plain values written as `PLACEHOLDER`; secrets (``{secure: ...}``)
    are not listed here, `Findings.secrets` has their commands."""
    if isinstance(value, dict):
        if set(value) == {"secure"}:
            return []
        return [k for key, v in value.items() for k in placeholder_keys(v, f"{path}.{key}" if path else str(key))]
    if isinstance(value, list):
        return [k for i, v in enumerate(value) for k in placeholder_keys(v, f"{path}[{i}]")]
    return [path] if isinstance(value, str) and value.startswith(PLACEHOLDER) else []


@dataclass
class Cfg:
    """Typed access to the Gen 1 settings: env-specific values (team-provider-info.json) win over shared ones, and a
    value of the wrong type is an `ImportFailure` naming the file and key."""

    project: Project

    def where(self, key: str) -> tuple[str, str]:
        p = self.project
        if key in p.env_params:
            return "amplify/team-provider-info.json", f"{p.env}.categories.auth.{p.resource}.{key}"
        prefix = "cognitoConfig." if p.config_file.endswith("cli-inputs.json") else ""
        return p.config_file, prefix + key

    def raw(self, key: str) -> Any:
        p = self.project
        return p.env_params[key] if key in p.env_params else p.config.get(key)

    def has(self, key: str) -> bool:
        return key in self.project.env_params or key in self.project.config

    def fail(self, key: str, message: str) -> ImportFailure:
        return ImportFailure(*self.where(key), message)

    def str(self, key: str, default: str | None = None) -> str | None:
        value = self.raw(key)
        if value is None or value == "":
            return default
        if not isinstance(value, str):
            raise self.fail(key, f"must be a string (got {value!r})")
        return value

    def bool(self, key: str, default: bool | None = False) -> bool | None:
        value = self.raw(key)
        if value is None:
            return default
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false (got {value!r})")
        return value

    def int(self, key: str, default: int | None = None) -> int | None:
        value = self.raw(key)
        if value is None or value == "":
            return default
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number (got {value!r})")
        return value

    def list(self, key: str) -> list[str]:
        value = self.raw(key)
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"must be a list of strings (got {value!r})")
        return value

    def obj(self, key: str) -> Any:
        return self.raw(key)
