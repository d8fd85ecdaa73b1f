"""Every fixture imports through the CLI, validates with spec.load and plans with the adopted resources protected."""
from __future__ import annotations

import json
import re

import pytest

from authstack.infra import offline
from authstack.spec.load import load

from importer_helpers import CASES, FIXTURES, complete, import_json, source

POOL = "aws:cognito/userPool:UserPool"
CLIENT = "aws:cognito/userPoolClient:UserPoolClient"
DOMAIN = "aws:cognito/userPoolDomain:UserPoolDomain"
IDP = "aws:cognito/identityProvider:IdentityProvider"
GROUP = "aws:cognito/userGroup:UserGroup"
IDENTITY = "aws:cognito/identityPool:IdentityPool"
GROUPS_FILE = "amplify/backend/auth/userPoolGroups/user-pool-group-precedence.json"


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_imports_validates_and_plans(case, project):
    _, folder, env, extra = case
    summary = import_json(folder, env, project, *extra)
    assert summary["written"] and (project / "Pulumi.imported.yaml").is_file()
    complete(project, summary)
    stack = load(project, "imported")
    plan = offline.plan(project, "imported")
    adopt = stack.spec.adopt
    by_type: dict[str, list] = {}
    for r in plan.resources:
        by_type.setdefault(r.type, []).append(r)
    expected: dict[str, set[str]] = {}
    if adopt and adopt.user_pool_id:
        pid = adopt.user_pool_id
        expected[POOL] = {pid}
        expected[CLIENT] = {f"{pid}/{cid}" for cid in adopt.clients.values()}
        if adopt.domain:
            expected[DOMAIN] = {adopt.domain}
        # Providers and groups are adopted by name: every one the Gen 1 project deployed, and only those.
        if stack.spec.identity_providers:
            assert sorted(adopt.identity_providers) == sorted(p.provider_name(k) for k, p in stack.spec.identity_providers.items())
            expected[IDP] = {f"{pid}:{name}" for name in adopt.identity_providers}
        if stack.spec.user_pool.groups:
            assert sorted(adopt.groups) == sorted(stack.spec.user_pool.groups)
            expected[GROUP] = {f"{pid}/{g}" for g in adopt.groups}
    if adopt and adopt.identity_pool_id:
        expected[IDENTITY] = {adopt.identity_pool_id}
    for typ, ids in expected.items():
        imported = {r.options["import"] for r in by_type.get(typ, []) if r.options["import"]}
        assert ids <= imported, (typ, ids, imported)
        for r in by_type[typ]:
            if r.options["import"]:
                assert r.options["protect"], (typ, r.name)
    # Nothing of an adopted kind is created beside the adopted one (no replacement in disguise).
    for typ in (POOL, DOMAIN, IDENTITY):
        if typ in expected:
            assert len(by_type[typ]) == 1
    # The summary's adopted IDs are the ones in the plan.
    assert summary["adopted"] == (stack.spec.adopt.model_dump(by_alias=True, exclude_defaults=True) if adopt else {})


def test_shop_app_adopts_every_resource(project):
    summary = import_json("shop-app", "prod", project)
    meta = source("shop-app", "amplify/#current-cloud-backend/amplify-meta.json")["auth"]["shopappa1b2c3d4"]["output"]
    assert summary["adopted"] == {
        "userPoolId": meta["UserPoolId"],
        "clients": {"native": meta["AppClientID"], "web": meta["AppClientIDWeb"]},
        "domain": meta["HostedUIDomain"],
        "identityProviders": ["Facebook", "Google"],
        "groups": sorted(g["groupName"] for g in source("shop-app", GROUPS_FILE)),
        "identityPoolId": meta["IdentityPoolId"],
    }
    complete(project, summary)
    plan = offline.plan(project, "imported")
    imports = sorted(r.options["import"] for r in plan.resources if r.options["import"])
    assert imports == sorted([
        meta["UserPoolId"], f"{meta['UserPoolId']}/{meta['AppClientID']}", f"{meta['UserPoolId']}/{meta['AppClientIDWeb']}",
        "shopapp-prod", f"{meta['UserPoolId']}:Facebook", f"{meta['UserPoolId']}:Google",
        f"{meta['UserPoolId']}/Admins", f"{meta['UserPoolId']}/Editors", meta["IdentityPoolId"],
    ])
    pool = next(r for r in plan.resources if r.type == POOL)
    assert pool.inputs["name"] == meta["UserPoolName"]
    ident = next(r for r in plan.resources if r.type == IDENTITY)
    assert ident.inputs["identityPoolName"] == meta["IdentityPoolName"]


def test_written_file_is_deterministic(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("again")
    (other / "Pulumi.yaml").write_text((project / "Pulumi.yaml").read_text())
    import_json("shop-app", "prod", project)
    import_json("shop-app", "prod", other)
    first = (project / "Pulumi.imported.yaml").read_bytes()
    assert first == (other / "Pulumi.imported.yaml").read_bytes()
    assert first.startswith(b"# Imported from the Amplify Gen 1 project 'shop-app'")
    assert b"&id" not in first and b"*id" not in first  # no YAML anchors


def test_secrets_never_copied_or_printed(project):
    from importer_helpers import run_cli

    result = run_cli("import-amplify", str(FIXTURES / "shop-app"), "--env", "prod", "--stack", "imported",
                     "--project-dir", str(project))
    assert result.exit_code == 0, result.output
    js = import_json("shop-app", "prod", project, "--force")
    text = (project / "Pulumi.imported.yaml").read_text()
    everything = text + result.output + json.dumps(js)
    for secret in ("FB-SECRET-prod-do-not-leak", "GOOGLE-SECRET-prod-do-not-leak", "NATIVE-CLIENT-SECRET-do-not-leak",
                   "FB-SECRET-dev-do-not-leak"):
        assert secret not in everything
    commands = {c["path"]: c for c in js["secretCommands"]}
    assert set(commands) == {"authstack:identityProviders.facebook.clientSecret", "authstack:identityProviders.google.clientSecret"}
    for c in commands.values():
        assert re.fullmatch(rf"pulumi config set --secret --path '{re.escape(c['path'])}' '<[^'<>]+>' --stack imported",
                            c["command"]), c["command"]
        assert c["foundIn"] == "amplify/team-provider-info.json"
        assert c["command"] in result.output


def test_legacy_captcha_secret_stays_out(project):
    js = import_json("legacy-params", "dev", project)
    complete(project, js)
    plan = offline.plan(project, "imported")
    from authstack.cli.plan.document import document

    dumped = json.dumps(document(plan, [], []), default=str)
    text = (project / "Pulumi.imported.yaml").read_text()
    assert "RECAPTCHA-SECRET-do-not-leak" not in dumped + text + json.dumps(js)
