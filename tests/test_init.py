"""`authstack init`: a commented starter stack file that the spec (and the JSON Schema) accept in shape, that every
command refuses until its REPLACE-ME values are set, and that validates and plans once they are."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import jsonschema
import pytest
import yaml

from authstack.cli.commands.init import PROVIDERS
from tests.helpers import ROOT

SCHEMA = json.loads((ROOT / "schema" / "stack.schema.json").read_text())


def run(*args, cwd):
    env = {**os.environ, "COLUMNS": "250"}
    return subprocess.run([sys.executable, "-m", "authstack.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=300)


@pytest.fixture
def proj(tmp_path):
    shutil.copy(ROOT / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    return tmp_path


def _fill(text: str) -> str:
    """What a user does after init: real values for the placeholders, `pulumi config set --secret` for the secrets."""
    text = text.replace("secure: REPLACE-ME", "secure: v1:AAABAExampleCiphertext")
    text = text.replace("https://REPLACE-ME", "https://login.example.com")
    text = re.sub(r"domain: REPLACE-ME", "domain: example.eu.auth0.com", text)
    return text.replace("REPLACE-ME", "example-id")


@pytest.mark.parametrize("providers", [[], ["google"], sorted(PROVIDERS)], ids=["none", "google", "every-kind"])
def test_starter_is_refused_until_set_then_valid(proj, providers):
    args = [a for p in providers for a in ("--provider", p)]
    made = run("init", "s", *args, "--identity-pool", cwd=proj)
    assert made.returncode == 0, made.stderr
    text = (proj / "Pulumi.s.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=./schema/stack.schema.json\n")
    assert sum(line.lstrip().startswith("#") or " # " in line for line in text.splitlines()) >= 10  # commented
    data = yaml.safe_load(text)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)  # editors accept its shape
    placeholders = text.split("\nconfig:", 1)[1].count("REPLACE-ME")
    # Each provider's own values, and (not a throwaway stack) the app's callback and logout URLs.
    assert placeholders == sum(len(PROVIDERS[p]) for p in providers) + (2 if providers else 0)
    if providers:
        refused = run("validate", "--stack", "s", cwd=proj)
        assert refused.returncode == 2
        lines = refused.stderr.strip().splitlines()
        assert len(lines) == placeholders and all(
            line.startswith(("Pulumi.s.yaml: authstack:identityProviders.", "Pulumi.s.yaml: authstack:clients.web.oauth."))
            for line in lines)
        assert any("run: pulumi config set --secret --path 'authstack:identityProviders." in line for line in lines)
        for command in (["plan", "--stack", "s"], ["config", "--stack", "s", "--offline", "--out", str(proj)]):
            assert run(*command, cwd=proj).returncode == 2, command
        # The printed next steps name each key once.
        for kind in providers:
            for key, _, _ in PROVIDERS[kind]:
                assert f"authstack:identityProviders.{kind}.{key}" in made.stdout
    (proj / "Pulumi.s.yaml").write_text(_fill(text))
    assert run("validate", "--stack", "s", cwd=proj).returncode == 0
    planned = run("plan", "--stack", "s", "--format", "json", cwd=proj)
    assert planned.returncode == 0, planned.stderr
    doc = json.loads(planned.stdout)
    types = {r["type"] for r in doc["resources"]}
    assert ("aws:cognito/identityProvider:IdentityProvider" in types) == bool(providers)
    assert "aws:cognito/identityPool:IdentityPool" in types


def test_bad_input_and_no_overwrite(proj):
    assert run("init", "s", "--provider", "gogle", cwd=proj).stderr.strip() == (
        "--provider gogle: not a provider kind (one of " + ", ".join(PROVIDERS) + ")")
    assert run("init", "../x", cwd=proj).returncode == 2
    assert run("init", "s", cwd=proj).returncode == 0
    before = (proj / "Pulumi.s.yaml").read_text()
    again = run("init", "s", "--provider", "google", cwd=proj)
    assert again.returncode == 2 and "already exists; pass --force" in again.stderr
    assert (proj / "Pulumi.s.yaml").read_text() == before
    assert run("init", "s", "--provider", "google", "--force", cwd=proj).returncode == 0
    empty = proj / "empty"
    empty.mkdir()
    missing = run("init", "s", cwd=empty)
    assert missing.returncode == 2 and missing.stderr.strip().startswith("Pulumi.yaml: not found")
    assert list(empty.iterdir()) == []
