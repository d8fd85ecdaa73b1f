"""The built-in steps described from their own declarations (``DESCRIPTION``, ``TRIGGERS``, ``POOL_ACTIONS``,
``SETTINGS``): a Markdown reference (docs/triggers.md) and a JSON Schema of each step's ``with:``, which the stack
file's schema uses per ``use:`` so an editor completes and checks the settings. Never shipped in a zip.

Regenerate the reference with ``python -m authstack.functions.docs > docs/triggers.md`` (a test checks it is current).
"""
from __future__ import annotations

import json
from typing import Any

from .package import _MODULES
from .trigger_sources import SOURCES

#: JSON Schema of the scalar setting types (``functions/settings.py`` checks them; this only describes them).
_SCALARS: dict[str, dict[str, Any]] = {
    "str": {"type": "string"},
    "message": {"type": "string", "minLength": 1, "maxLength": 20000},
    "domain": {"type": "string", "minLength": 1},
    "email": {"type": "string", "format": "email"},
    "sha256": {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"},
    "claim": {"type": "string", "pattern": r"^[^\s\x00-\x1f\x7f]+$", "maxLength": 256},
    "scope": {"type": "string", "pattern": r"^[^\s\x00-\x1f\x7f]+$", "maxLength": 256},
    "group": {"type": "string", "pattern": r"^[^\s\x00-\x1f\x7f]+$", "maxLength": 128},
    "url": {"type": "string", "pattern": "^https?://"},
    "bool": {"type": "boolean"},
    "json": {},
}
_WORDS = {"str": "text", "message": "text", "domain": "domain name", "email": "email address", "sha256": "hex SHA-256",
          "claim": "claim name", "scope": "scope", "group": "group name", "url": "https URL", "bool": "true/false",
          "json": "any JSON value", "triggerSource": "trigger source"}


def builtins() -> dict[str, Any]:
    """``use:`` name → its module, sorted by name."""
    return dict(sorted(_MODULES.items()))


def _sources(spec: Any, triggers: tuple[str, ...]) -> list[str]:
    real = [s for t in triggers for s in SOURCES[t]]
    if isinstance(spec, dict) and "choices" in spec:
        real = [s for s in real if s in spec["choices"]]
    return list(dict.fromkeys(real))


def setting_schema(spec: Any, triggers: tuple[str, ...]) -> dict[str, Any]:
    """The JSON Schema of one setting (or of a whole ``fields`` mapping, with ``kind="object"``)."""
    kind = spec if isinstance(spec, str) else spec["type"]
    if kind == "triggerSource":
        out: dict[str, Any] = {"type": "string", "enum": _sources(spec, triggers)}
    elif kind in _SCALARS:
        out = dict(_SCALARS[kind])
    elif kind == "list":
        out = {"type": "array", "items": setting_schema(spec["items"], triggers)}
        if spec.get("min_items"):
            out["minItems"] = spec["min_items"]
    elif kind == "map":
        out = {"type": "object", "additionalProperties": setting_schema(spec["values"], triggers)}
        if spec.get("min_items"):
            out["minProperties"] = spec["min_items"]
    elif kind == "object":
        out = fields_schema(spec["fields"], triggers)
    elif kind == "enum":
        out = {"enum": list(spec["choices"])}
    elif kind in ("int", "number"):
        out = {"type": "integer" if kind == "int" else "number"}
        if "min" in spec:
            out["minimum"] = spec["min"]
        if "max" in spec:
            out["maximum"] = spec["max"]
    else:
        raise AssertionError(f"setting type {kind!r} has no JSON Schema")
    if isinstance(spec, dict):
        if spec.get("doc"):
            out["description"] = spec["doc"]
        if "default" in spec and spec["default"] is not None:
            out["default"] = spec["default"]
    return out


def fields_schema(fields: dict[str, Any], triggers: tuple[str, ...]) -> dict[str, Any]:
    required = sorted(n for n, s in fields.items() if isinstance(s, dict) and s.get("required"))
    out: dict[str, Any] = {"type": "object", "additionalProperties": False,
                           "properties": {n: setting_schema(s, triggers) for n, s in fields.items()}}
    if required:
        out["required"] = required
    return out


def with_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of ``with:`` for the built-in ``name``."""
    module = _MODULES[name]
    out = fields_schema(module.SETTINGS, tuple(module.TRIGGERS))
    out["description"] = f"Settings of {name}: {module.DESCRIPTION}"
    return out


# ---- the Markdown reference --------------------------------------------------------------------------------------

def _type_words(spec: Any, triggers: tuple[str, ...]) -> str:
    kind = spec if isinstance(spec, str) else spec["type"]
    if kind == "list":
        return f"list of {_type_words(spec['items'], triggers)}"
    if kind == "map":
        return f"map of {_WORDS.get(spec.get('key', 'str'), 'text')} to {_type_words(spec['values'], triggers)}"
    if kind == "enum":
        return " \\| ".join(f"`{c}`" for c in spec["choices"])
    if kind in ("int", "number"):
        bounds = f" {spec.get('min', '')}–{spec.get('max', '')}" if "min" in spec or "max" in spec else ""
        return ("integer" if kind == "int" else "number") + bounds
    if kind == "triggerSource":
        return "trigger source (" + ", ".join(f"`{s}`" for s in _sources(spec, triggers)) + ")"
    if kind == "object":
        return "mapping (below)"
    return _WORDS[kind]


def _rows(fields: dict[str, Any], triggers: tuple[str, ...], prefix: str = "") -> list[str]:
    rows = []
    for name, spec in fields.items():
        doc = (spec.get("doc", "") if isinstance(spec, dict) else "").replace("|", "\\|").replace("\n", " ")
        required = isinstance(spec, dict) and spec.get("required")
        default = "required" if required else (
            f"`{json.dumps(spec['default'])}`" if isinstance(spec, dict) and "default" in spec else "none")
        rows.append(f"| `{prefix}{name}` | {_type_words(spec, triggers)} | {default} | {doc} |")
        if isinstance(spec, dict) and spec.get("type") == "object":
            rows.extend(_rows(spec["fields"], triggers, f"{prefix}{name}."))
    return rows


def markdown() -> str:
    lines = [
        "# Trigger built-ins",
        "",
        "Generated from each built-in's declarations in `functions/builtins/` by `python -m authstack.functions.docs`;",
        "do not edit by hand (a test checks this file is current). Settings go under `with:` of a step",
        "(`- use: <name>` + `with: {...}`); they are checked before deploy and end up in the function's environment,",
        "so never put a secret there. The stack file's JSON Schema (`schema/stack.schema.json`) has the same settings",
        "per `use:`, so an editor completes and checks them.",
        "",
    ]
    for name, module in builtins().items():
        triggers = tuple(module.TRIGGERS)
        lines += [f"## `{name}`", "", module.DESCRIPTION, "",
                  f"- Triggers: {', '.join(f'`{t}`' for t in triggers)}",
                  f"- Needs on its own user pool: {', '.join(f'`{a}`' for a in module.POOL_ACTIONS) or 'nothing'}",
                  *([f"- Needs in the trigger's `wheelhouse`: {', '.join(f'`{w}`' for w in module.WHEELS)} wheels"]
                    if getattr(module, "WHEELS", ()) else []),
                  ""]
        if module.SETTINGS:
            lines += ["| setting | type | default | what |", "|---|---|---|---|", *_rows(module.SETTINGS, triggers), ""]
        else:
            lines += ["No settings.", ""]
        if getattr(module, "GUIDE", ""):
            lines += [module.GUIDE.strip("\n"), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    sys.stdout.write(markdown())
