"""A JSON Schema for stack files, generated from the spec model, so editors can check `Pulumi.<stack>.yaml` as you type.

Point your editor at `schema/stack.schema.json` (for VS Code's YAML extension:
``# yaml-language-server: $schema=./schema/stack.schema.json`` at the top of a stack file).
"""
from __future__ import annotations

import json
from typing import Any

from authstack.spec.facts import NAMESPACE
from authstack.spec.stack import Spec


def stack_file_schema() -> dict[str, Any]:
    model = Spec.model_json_schema(by_alias=True, ref_template="#/$defs/{model}")
    defs = model.pop("$defs", {})
    properties = {
        f"{NAMESPACE}:{key}": value for key, value in sorted(model["properties"].items())
    }
    # `authstack:userPool: false` turns the user pool off (the model reads it as null).
    properties[f"{NAMESPACE}:userPool"]["anyOf"].append({"const": False})
    defs["Step"] = _step_branches(defs["Step"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://authstack.dev/schema/stack.schema.json",
        "title": "authstack stack file (Pulumi.<stack>.yaml)",
        "type": "object",
        "properties": {
            "config": {
                "type": "object",
                "properties": {"aws:region": {"type": "string", "description": "The AWS region of this stack."}, **properties},
                "required": ["aws:region"],
                "patternProperties": {"^(?!authstack:)[^:]+:.+$": {}},
                "additionalProperties": False,
            },
            "secretsprovider": {"type": "string"},
            "encryptedkey": {"type": "string"},
            "encryptionsalt": {"type": "string"},
            "environment": {},
        },
        "additionalProperties": False,
        "$defs": defs,
    }


def render() -> str:
    return json.dumps(stack_file_schema(), indent=2, sort_keys=True) + "\n"


def _step_branches(step: dict[str, Any]) -> dict[str, Any]:
    """A step names a built-in (``use``, one of the built-ins) or a handler file; for each built-in an ``if``/``then``
    branch gives ``with`` that built-in's settings (from `functions.docs`), so an editor completes ``use:``, then
    completes and checks ``with:`` with errors that name the setting."""
    from authstack.functions.docs import builtins, with_schema

    props = step["properties"]
    names = list(builtins())
    return {
        "title": "Step",
        "description": step["description"],
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "use": {"enum": names, "description": props["use"]["description"]},
            "with": {"type": "object", "description": props["with"]["description"]},
            "handler": {"type": "string", "description": props["handler"]["description"]},
        },
        "oneOf": [{"required": ["use"]}, {"required": ["handler"]}],
        "allOf": [
            *({"if": {"properties": {"use": {"const": name}}, "required": ["use"]},
               "then": {"properties": {"with": with_schema(name)}}} for name in names),
            {"if": {"required": ["handler"]}, "then": {"properties": {"with": {"maxProperties": 0}}}},
        ],
    }
