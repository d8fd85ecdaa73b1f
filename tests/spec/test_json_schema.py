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
