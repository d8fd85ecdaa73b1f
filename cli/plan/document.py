"""The plan's JSON contract (documented in README.md, "Plan JSON"):

``{"stack", "project", "resources": [{"urn", "type", "name", "parent", "dependencies", "inputs", "secretInputs",
"outputs", "options": {"protect", "deleteBeforeReplace", "import", "additionalSecretOutputs", "retainOnDelete"}}],
"outputs", "findings": [{"rule", "severity", "urn", "message"}], "replacements": [...]}``

Inputs use Pulumi wire names; secrets are ``[secret]``; IDs are the mocks' placeholders.
"""
from __future__ import annotations

from typing import Any

# Outputs worth showing: the identifiers other resources and rules refer to.
OUTPUT_KEYS = ("id", "arn", "endpoint", "name")


def resources(plan) -> list[dict[str, Any]]:
    from infra.offline import public_inputs, secret_input_keys

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
            "inputs": public_inputs(r.inputs),
            "secretInputs": secret_input_keys(r.inputs),
            "outputs": public_inputs(outputs),
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
