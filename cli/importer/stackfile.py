"""The stack file: deterministic YAML (fixed key order, a header saying where it came from), validated by the same
loader every other command uses before a byte is written, and written atomically."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from authstack.spec.errors import SpecError
from authstack.spec.load import NAMESPACE

# Stack-file order of the `authstack:` keys (the order a reader expects: pool, how users sign in, what apps use).
KEY_ORDER = ("userPool", "domain", "identityProviders", "clients", "identityPool", "triggers", "adopt")


class _Dumper(yaml.SafeDumper):
    """Block style, insertion order, and indented lists (the style of the example stack files)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):  # noqa: D102
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data) -> bool:  # noqa: D102 - a stack file never uses &anchors / *aliases
        return True


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def render(region: str, spec: dict[str, Any], header: list[str]) -> str:
    config: dict[str, Any] = {"aws:region": region}
    for key in KEY_ORDER:
        if key in spec:
            config[f"{NAMESPACE}:{key}"] = spec[key]
    body = yaml.dump({"config": config}, Dumper=_Dumper, sort_keys=False, default_flow_style=False, allow_unicode=True,
                     width=120)
    return "".join(f"# {line}".rstrip() + "\n" for line in header) + body


def validate(text: str, project_dir: Path, stack: str, pending: set[str] = frozenset()):
    """Check the text as `spec.load.load` would in the project (its Pulumi.yaml defaults apply), without writing it.

    Two things the user does after the import are not held against it: ``REPLACE-ME`` values (secrets and values the
    project does not hold; every other command refuses them, naming the key and the command to run) and ``pending``
    handler files still to port (reported by the import itself). Any other problem raises `SpecError`.
    """
    from authstack.spec.errors import Problem
    from authstack.spec.load import read_project, validate as validate_spec
    from authstack.spec.rules import trigger_steps

    file = f"Pulumi.{stack}.yaml"
    defaults: dict[str, Any] = {}
    if os.path.lexists(project_dir / "Pulumi.yaml"):
        _, defaults = read_project(project_dir)
    config = yaml.safe_load(text)["config"]
    raw = {k: v for k, v in defaults.items() if k != "__region__"}
    raw.update({k.split(":", 1)[1]: v for k, v in config.items() if k.startswith(f"{NAMESPACE}:")})
    spec = validate_spec(raw, file, plaintext_ok=set(), allow_placeholders=True,
                         region=config.get("aws:region", defaults.get("__region__")))
    problems = [Problem(file, f"{NAMESPACE}:{path}", msg) for path, msg in trigger_steps(spec, project_dir.resolve())
                if not any(msg == f"file not found: {p}" for p in pending)]
    if problems:
        raise SpecError(problems)
    return spec


def write(target: Path, text: str) -> None:
    """Write all-or-nothing through the one safe writer (its folder must exist; the mode of a file replaced with
    --force is kept)."""
    from authstack.cli.fs import write_file

    write_file(target, text)


__all__ = ["SpecError", "render", "validate", "write"]
