"""The committed JSON Schema of stack files is the one the model generates, and it accepts the examples and rejects
what the spec rejects (so editors flag the same mistakes)."""
from __future__ import annotations

import copy
import json

import jsonschema
import pytest
import yaml

from authstack.spec.json_schema import render
from tests.helpers import ROOT

SCHEMA = json.loads((ROOT / "schema" / "stack.schema.json").read_text())


def test_committed_schema_is_current():
    assert (ROOT / "schema" / "stack.schema.json").read_text() == render(), "run: authstack schema --out schema/stack.schema.json"


@pytest.mark.parametrize("stack", ["dev", "prod", "federation"])
def test_examples_validate(stack):
    data = yaml.safe_load((ROOT / f"Pulumi.{stack}.yaml").read_text())
    jsonschema.Draft202012Validator(SCHEMA).validate(data)


@pytest.mark.parametrize("mutate,word", [
    (lambda c: c["authstack:userPool"]["passwordPolicy"].update(minimumLength=4), "minimum"),
    (lambda c: c.update({"authstack:clints": {}}), "authstack:clints"),
    (lambda c: c["authstack:userPool"]["mfa"].update(mode="REQUIRED"), "REQUIRED"),
    (lambda c: c["authstack:identityProviders"]["google"].update(clientSecret="plain"), "plain"),
])
def test_schema_rejects_bad_input(mutate, word):
    data = yaml.safe_load((ROOT / "Pulumi.dev.yaml").read_text())
    bad = copy.deepcopy(data)
    mutate(bad["config"])
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(bad))
    assert errors and any(word in e.message for e in errors), [e.message for e in errors]


# ---- trigger steps: one branch per built-in, from the built-ins' own declarations --------------------------------

def _with_step(step: dict) -> dict:
    data = yaml.safe_load((ROOT / "Pulumi.dev.yaml").read_text())
    data["config"]["authstack:triggers"] = {"preSignUp": {"steps": [step]}}
    return data


def _errors(data: dict) -> list[str]:
    return [e.message for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(data)]


def test_every_built_in_has_its_settings_in_the_schema():
    from authstack.functions.docs import builtins

    step = SCHEMA["$defs"]["Step"]
    assert step["properties"]["use"]["enum"] == list(builtins())
    branches = {b["if"]["properties"]["use"]["const"]: b["then"]["properties"]["with"]
                for b in step["allOf"] if "use" in b["if"].get("properties", {})}
    for name, module in builtins().items():
        assert set(branches[name]["properties"]) == set(module.SETTINGS), name
        assert branches[name]["additionalProperties"] is False


@pytest.mark.parametrize("step,word", [
    ({"use": "email-domain-allowlist", "with": {"domain": ["example.com"]}}, "'domain' was unexpected"),
    ({"use": "email-domain-allowlist", "with": {}}, "'domains' is a required property"),
    ({"use": "email-domain-allowlist", "with": {"domains": ["example.com"], "subdomains": "yes"}}, "'yes' is not of type 'boolean'"),
    ({"use": "email-domain-alowlist"}, "is not one of"),
    ({"use": "add-to-group", "with": {"group": "g", "triggerSources": ["PostConfirmation_ConfirmSignup"]}}, "is not one of"),
    ({"handler": "x.py", "with": {"a": 1}}, "is expected to be empty"),
    ({"use": "auto-confirm", "handler": "x.py"}, "is valid under each of"),
])
def test_schema_checks_with_per_built_in(step, word):
    errors = _errors(_with_step(step))
    assert errors, step
    flat = " | ".join(errors) + " | " + " | ".join(
        c.message for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(_with_step(step)) for c in e.context or [])
    assert word in flat, flat


def test_readme_trigger_example_passes_the_schema():
    import re

    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```yaml\n(authstack:triggers:.*?)```", readme, re.S).group(1)
    triggers = yaml.safe_load(block.replace("<hex sha256 of the code>", "a" * 64))["authstack:triggers"]
    data = yaml.safe_load((ROOT / "Pulumi.dev.yaml").read_text())
    data["config"]["authstack:triggers"] = triggers
    assert _errors(data) == []


def test_trigger_reference_is_current():
    from authstack.functions.docs import markdown

    assert (ROOT / "docs" / "triggers.md").read_text() == markdown(), (
        "run: python -m authstack.functions.docs > docs/triggers.md")
