"""The plan's JSON contract (documented in README.md, "Plan JSON"):

``{"stack", "project", "resources": [{"urn", "type", "name", "parent", "dependencies", "inputs", "secretInputs",
"outputs", "options": {"protect", "deleteBeforeReplace", "import", "additionalSecretOutputs", "retainOnDelete",
"ignoreChanges"}}],
"outputs", "findings": [{"rule", "severity", "urn", "message"}], "replacements": [{..., "blocking"}]}``

Inputs use Pulumi wire names; secrets are ``[secret]``; IDs are the mocks' placeholders.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SECRET = "[secret]"
# Outputs worth showing: the identifiers other resources and rules refer to.
OUTPUT_KEYS = ("id", "arn", "endpoint", "name")


def public_inputs(value: Any, root: Path) -> Any:
    """Inputs for display and JSON: secrets become ``[secret]``, assets their project-relative paths, unknowns
    ``<computed>``, whole floats (the wire's only number type) integers."""
    import pulumi
    from pulumi.runtime import rpc

    if rpc.is_rpc_secret(value):
        return SECRET
    if isinstance(value, dict):
        return {k: public_inputs(v, root) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [public_inputs(v, root) for v in value]
    if isinstance(value, pulumi.FileAsset):
        return {"FileAsset": os.path.relpath(value.path, root)}
    if isinstance(value, pulumi.AssetArchive):
        return {"AssetArchive": {k: public_inputs(v, root) for k, v in sorted(value.assets.items())}}
    if value == rpc.UNKNOWN:
        return "<computed>"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def secret_input_keys(inputs: dict[str, Any]) -> list[str]:
    from pulumi.runtime import rpc

    return sorted(k for k, v in inputs.items() if rpc.is_rpc_secret(v))


def resources(plan) -> list[dict[str, Any]]:
    out = []
    for r in plan.resources:
        outputs = {k: r.outputs[k] for k in OUTPUT_KEYS if k in r.outputs and isinstance(r.outputs[k], str)}
        out.append({
            "urn": r.urn,
            "type": r.type,
            "name": r.name,
            "custom": r.custom,
            "parent": r.parent,
            "dependencies": list(r.dependencies),
            "inputs": public_inputs(r.inputs, plan.root),
            "secretInputs": secret_input_keys(r.inputs),
            "outputs": public_inputs(outputs, plan.root),
            "options": dict(r.options),
        })
    return out


def document(plan, findings: list[dict], replacements: list[dict]) -> dict[str, Any]:
    return {
        "project": plan.project,
        "stack": plan.stack,
        "resources": resources(plan),
        "outputs": plan.outputs,
        "findings": findings,
        "replacements": replacements,
    }
