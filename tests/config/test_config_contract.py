"""The contract between the program and the generator, checked on both sides with the real program.

- The program's real `clientConfig` (the example stacks, and two extra stacks that reach the shapes the
  examples do not: no user pool with every kind of federation, and no identity pool) passes the
  generator's own contract validation (`cli.config.contract`).
- The hand-written fixtures in tests/fixtures/outputs/ have exactly the key structure the program
  outputs, so the fixture-based tests cannot drift away from what `pulumi stack output --json` prints.
- No `secure:` value of a stack file reaches the outputs or any generated file.
"""
from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from authstack.cli.config.contract import FEDERATION_PUBLIC_KEYS, validate_outputs
from config_helpers import EXAMPLE_STACKS, FIXTURES, PROJECT, REPO, SCENARIOS, load_fixture, render_stack, stack_outputs

#: Extra stacks for shapes the examples lack, planned by the real program from a temporary project.
EXTRA_STACKS = {
    # Identity pool only: userPool/webClient/oauth null, no clients, and every federation provider kind.
    "idonly": {
        "aws:region": "us-west-2",
        "authstack:throwaway": True,
        "authstack:userPool": None,
        "authstack:identityPool": {
            "allowGuestAccess": True,
            "federation": {
                "facebookAppId": "1234567890123456",
                "googleClientId": "1234567890-x.apps.googleusercontent.com",
                "amazonAppId": "amzn1.application.contract",
                "appleServicesId": "com.example.contract",
                "auth0": {"domain": "contract.eu.auth0.com", "clientIds": ["Auth0ContractClient"]},
                "oidc": [{"issuerUrl": "https://login.example.com", "clientIds": ["oidc-client"]}],
                "developerProviderName": "login.contract.example",
            },
        },
    },
    # User pool without identity pool or domain: identityPool null, username sign-in with aliases, a client
    # without OAuth, a client with a secret.
    "poolonly": {
        "aws:region": "eu-central-1",
        "authstack:throwaway": True,
        "authstack:userPool": {"signIn": {"username": True, "email": True, "preferredUsername": True}},
        "authstack:clients": {"web": {}, "backend": {"generateSecret": True}},
    },
}
#: Objects keyed by names the user chooses (client names), whose entries all share one shape.
NAME_MAPS = ("clientConfig.clients", "clientIds")


@pytest.fixture(scope="module")
def extra_project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("contract-project")
    shutil.copy(REPO / "Pulumi.yaml", project)
    for stack, config in EXTRA_STACKS.items():
        (project / f"Pulumi.{stack}.yaml").write_text(yaml.safe_dump({"config": config}, sort_keys=False))
    return project


@pytest.fixture(scope="module")
def real(extra_project) -> dict[str, dict]:
    """Every real program output this module compares against, by stack."""
    docs = {stack: stack_outputs(stack) for stack in EXAMPLE_STACKS}
    docs.update({stack: stack_outputs(stack, extra_project) for stack in EXTRA_STACKS})
    return docs


def shape(value, path: str, out: dict[str, set]) -> dict[str, set]:
    """Every key path with what is found there: ``("object", key, ...)`` for an object, else the JSON type.

    List items share the path ``path[]``; federation entries are told apart by provider kind
    (``...federation[auth0]``) since each kind has its own public keys; client names become ``*``.
    """
    if isinstance(value, dict):
        if path in NAME_MAPS:
            out[path].add("map")
            for item in value.values():
                shape(item, f"{path}.*", out)
        else:
            out[path].add(("object", *sorted(value)))
            for key, item in value.items():
                shape(item, f"{path}.{key}", out)
    elif isinstance(value, list):
        out[path].add("list")
        for item in value:
            kind = item.get("provider") if isinstance(item, dict) and path.endswith(".federation") else ""
            shape(item, f"{path}[{kind}]", out)
    else:
        out[path].add({type(None): "null", bool: "boolean", int: "integer", float: "number", str: "string"}[type(value)])
    return out


def document_shape(doc: dict) -> dict[str, set]:
    out: dict[str, set] = defaultdict(set)
    for key, value in doc.items():
        shape(value, key, out)
    return out


def _pools(doc: dict) -> tuple[bool, bool]:
    cc = doc["clientConfig"]
    return cc["userPool"] is not None, cc["identityPool"] is not None


def check_convenience_outputs(doc: dict, where: str) -> None:
    """The plain outputs beside `clientConfig` say the same as it does."""
    cc = doc["clientConfig"]
    up, ip = cc["userPool"], cc["identityPool"]
    if up is not None:
        assert doc["userPoolId"] == up["id"], where
        assert doc["userPoolArn"].endswith(f":userpool/{up['id']}"), where
        assert doc["userPoolArn"].startswith(f"arn:aws:cognito-idp:{cc['region']}:"), where
        assert doc["clientIds"] == {name: client["id"] for name, client in cc["clients"].items()}, where
    if ip is not None:
        assert doc["identityPoolId"] == ip["id"], where


def check_ordering(cc: dict, where: str) -> None:
    """The contract's ordering rules (docs/client-config-output.md), which the program follows."""
    if cc["identityPool"]:
        keys = [f["loginsKey"] for f in cc["identityPool"]["federation"]]
        assert keys == sorted(keys), f"{where}: federation must be sorted by loginsKey"
    if cc["userPool"]:
        groups = [(g["precedence"], g["name"]) for g in cc["userPool"]["groups"]]
        assert groups == sorted(groups), f"{where}: groups must be sorted by precedence, then name"


# ------------------------------------------------------------------------- the program's real output
def test_extra_stacks_reach_the_shapes_the_examples_lack(real) -> None:
    assert _pools(real["idonly"]) == (False, True) and _pools(real["poolonly"]) == (True, False)
    kinds = {f["provider"] for f in real["idonly"]["clientConfig"]["identityPool"]["federation"]}
    assert kinds == set(FEDERATION_PUBLIC_KEYS) - {"saml"}  # the program does not list SAML providers


@pytest.mark.parametrize("stack", [*EXAMPLE_STACKS, *EXTRA_STACKS])
def test_real_client_config_passes_the_generators_contract(real, stack: str) -> None:
    doc = real[stack]
    cc = validate_outputs(doc, f"offline plan of stack {stack}", stack, project=PROJECT)
    assert cc is doc["clientConfig"]
    assert cc["stack"] == stack
    check_convenience_outputs(doc, stack)
    check_ordering(cc, stack)
    # The generator reads exactly the public keys the program writes for each federation kind.
    for entry in (cc["identityPool"] or {"federation": []})["federation"]:
        public = set(entry) - {"provider", "loginsKey", "federatedSignInName", "amplifyRefreshesItself"}
        assert public == set(FEDERATION_PUBLIC_KEYS[entry["provider"]]), (stack, entry)
    # And the contract refuses these outputs for another stack (a CI mix-up), naming the key.
    with pytest.raises(Exception, match=r"clientConfig\.stack: outputs of stack"):
        validate_outputs(doc, "x.json", f"{stack}-other", project=PROJECT)


def test_a_renamed_project_is_checked_by_its_own_name(tmp_path: Path) -> None:
    """Teams copy authstack under their own Pulumi project name: the program writes that name, and the generator
    accepts it from that project only (it reads the name from Pulumi.yaml, as `authstack config` does)."""
    from authstack.cli.config.settings import load_project

    (tmp_path / "Pulumi.yaml").write_text((REPO / "Pulumi.yaml").read_text().replace(f"name: {PROJECT}\n", "name: acme-auth\n", 1))
    (tmp_path / "Pulumi.team.yaml").write_text(yaml.safe_dump({"config": EXTRA_STACKS["poolonly"]}))
    doc = stack_outputs("team", tmp_path)
    assert doc["clientConfig"]["project"] == "acme-auth"
    name = load_project(tmp_path, "team").project
    assert name == "acme-auth"
    assert validate_outputs(doc, "team.json", "team", project=name) is doc["clientConfig"]
    with pytest.raises(Exception, match=r"^team.json: clientConfig.project: outputs of Pulumi project 'acme-auth', "
                                        r"but Pulumi.yaml in --project-dir names project 'authstack'"):
        validate_outputs(doc, "team.json", "team", project="authstack")


def test_the_program_always_writes_every_key(real) -> None:
    """'Keys are always present': wherever the program writes an object, it has one key set."""
    union: dict[str, set] = defaultdict(set)
    for doc in real.values():
        for path, kinds in document_shape(doc).items():
            union[path] |= kinds
    for path, kinds in union.items():
        objects = [k for k in kinds if isinstance(k, tuple)]
        assert len(objects) <= 1, f"{path}: the program writes objects with different keys: {objects}"


@pytest.mark.parametrize("stack", EXAMPLE_STACKS)
def test_no_secret_reaches_outputs_or_files(stack: str) -> None:
    config = yaml.safe_load((REPO / f"Pulumi.{stack}.yaml").read_text())["config"]
    secrets: list[str] = []

    def collect(node) -> None:
        if isinstance(node, dict):
            if set(node) == {"secure"}:
                secrets.append(node["secure"])
            for item in node.values():
                collect(item)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    collect(config)
    outputs = stack_outputs(stack)
    texts = [json.dumps(outputs), *render_stack(stack, outputs).values()]
    for secret in secrets:
        assert not any(secret in text for text in texts), f"Pulumi.{stack}.yaml: a secure value leaked"


# --------------------------------------------------------------------------- fixtures vs the program
@pytest.mark.parametrize("name", SCENARIOS)
def test_fixture_has_the_programs_key_structure(real, name: str) -> None:
    fixture = load_fixture(name)
    where = f"tests/fixtures/outputs/{name}.json"

    # Top level: the program exports the plain outputs according to which pools exist.
    same_pools = [doc for doc in real.values() if _pools(doc) == _pools(fixture)]
    assert same_pools, f"{where}: no real output has the same pools to compare with"
    for doc in same_pools:
        assert sorted(fixture) == sorted(doc), f"{where}: top-level outputs {sorted(fixture)}, the program prints {sorted(doc)}"

    union: dict[str, set] = defaultdict(set)
    for doc in real.values():
        for path, kinds in document_shape(doc).items():
            union[path] |= kinds
    for path, kinds in document_shape(fixture).items():
        assert path in union, f"{where}: {path}: the program never outputs this key"
        for kind in kinds:
            if isinstance(kind, tuple):
                (theirs,) = [k for k in union[path] if isinstance(k, tuple)]
                assert kind == theirs, (f"{where}: {path}: keys {sorted(kind[1:])}; the program writes {sorted(theirs[1:])} "
                                        f"(extra: {sorted(set(kind) - set(theirs))}, missing: {sorted(set(theirs) - set(kind))})")
            else:
                assert kind in union[path], f"{where}: {path}: a {kind} where the program writes {sorted(map(str, union[path]))}"

    check_convenience_outputs(fixture, where)
    check_ordering(fixture["clientConfig"], where)
    validate_outputs(fixture, where, fixture["clientConfig"]["stack"], project=PROJECT)


def test_every_fixture_is_listed_in_its_source_note() -> None:
    note = (FIXTURES / "SOURCE.md").read_text()
    assert sorted(p.stem for p in FIXTURES.glob("*.json")) == sorted(SCENARIOS)
    for name in SCENARIOS:
        assert f"`{name}.json`" in note
