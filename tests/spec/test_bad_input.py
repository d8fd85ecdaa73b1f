"""Every class of bad input gets one precise line naming the file and key path, and exit 2 — never a traceback."""
from __future__ import annotations

import subprocess
import sys

import pytest

from authstack.spec.errors import SpecError
from authstack.spec.load import load
from tests.helpers import ROOT, project

CASES = [
    # (config overlay, expected exact line)
    ({"authstack:userPool": {"passwordPolicy": {"minimumLength": 4}}},
     "Pulumi.t.yaml: authstack:userPool.passwordPolicy.minimumLength: must be between 6 and 99 (got 4)"),
    ({"authstack:userPool": {"passwordPolicy": {"minimumLenght": 8}}},
     "Pulumi.t.yaml: authstack:userPool.passwordPolicy.minimumLenght: unknown key; did you mean 'minimumLength'?"),
    ({"authstack:clents": {}},
     "Pulumi.t.yaml: authstack:clents: unknown key; did you mean 'clients'?"),
    ({"authstack:userPool": {"mfa": {"mode": "REQUIRED", "totp": True}}},
     "Pulumi.t.yaml: authstack:userPool.mfa.mode: must be one of 'OFF', 'OPTIONAL' or 'ON' (got 'REQUIRED')"),
    ({"authstack:userPool": {"featurePlan": "PRO"}},
     "Pulumi.t.yaml: authstack:userPool.featurePlan: must be one of 'LITE', 'ESSENTIALS' or 'PLUS' (got 'PRO')"),
    ({"authstack:clients": {"web": {"identityProviders": ["COGNITO", "Google"], "oauth": {"callbackUrls": ["https://a.example/"]}}},
      "authstack:domain": {"prefix": "myapp"}},
     "Pulumi.t.yaml: authstack:clients.web.identityProviders[1]: 'Google' is not a configured identity provider (configured: COGNITO)"),
    ({"authstack:clients": {"web": {"oauth": {"callbackUrls": ["https://a.example/"]}}}},
     "Pulumi.t.yaml: authstack:clients.web.oauth: OAuth needs a hosted UI domain: set authstack:domain (prefix or customDomain)"),
    ({"authstack:clients": {"web": {"oauth": {"callbackUrls": ["http://app.example.com/"]}}}, "authstack:domain": {"prefix": "myapp"}},
     "Pulumi.t.yaml: authstack:clients.web.oauth.callbackUrls: 'http://app.example.com/': http is only allowed for localhost; use https"),
    ({"authstack:identityPool": {"userPoolClients": ["web"], "roles": {"unauthenticated": {"policyStatements": [{"actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::b/*"]}]}}}},
     "Pulumi.t.yaml: authstack:identityPool.roles.unauthenticated: a guest role needs identityPool.allowGuestAccess: true"),
    ({"authstack:identityProviders": {"google": {"type": "google", "clientId": "x", "clientSecret": "hunter2"}}},
     "Pulumi.t.yaml: authstack:identityProviders.google.clientSecret: is a secret and must not be in plain text; "
     "run: pulumi config set --secret --path 'authstack:identityProviders.google.clientSecret' <value>"),
    ({"authstack:identityProviders": {"fb": {"type": "facebok"}}},
     "Pulumi.t.yaml: authstack:identityProviders.fb: type must be one of 'facebook', 'google', 'amazon', 'apple', 'auth0', 'oidc', 'saml' (got 'facebok')"),
    ({"authstack:identityProviders": {"google": {"type": "google", "clientSecret": {"secure": "v1:abc"}}}},
     "Pulumi.t.yaml: authstack:identityProviders.google.clientId: required key is missing"),
    ({"authstack:domain": {"prefix": "my-cognito-app"}},
     "Pulumi.t.yaml: authstack:domain: prefix 'my-cognito-app': may not contain the reserved word 'cognito'"),
    ({"authstack:userPool": {"threatProtection": "ENFORCED"}},
     "Pulumi.t.yaml: authstack:userPool: threatProtection ENFORCED needs featurePlan PLUS"),
    ({"authstack:userPool": {"mfa": {"mode": "OPTIONAL", "sms": False}}},
     "Pulumi.t.yaml: authstack:userPool.mfa: mode OPTIONAL needs at least one factor: totp, sms or email"),
    ({"authstack:userPool": {"passwordPolicy": {"minimumLength": "long"}}},
     "Pulumi.t.yaml: authstack:userPool.passwordPolicy.minimumLength: must be an integer (got str 'long')"),
    ({"authstack:identityPool": {"userPoolClients": ["mobile"]}},
     "Pulumi.t.yaml: authstack:identityPool.userPoolClients[0]: no app client named 'mobile'"),
    ({"authstack:identityPool": {"userPoolClients": ["web"], "roleMappings": [{"provider": "userPool:web", "type": "Rules",
      "ambiguousRoleResolution": "AuthenticatedRole", "rules": [{"claim": "custom:tier", "value": "gold", "role": "gold"}]}], "roles": {"gold": {}}},
      "authstack:userPool": {"customAttributes": {"tier": {}}}},
     "Pulumi.t.yaml: authstack:identityPool.roleMappings[0].rules[0].claim: users can write 'custom:tier' through client "
     "'web' (no writeAttributes: every attribute), at sign-up too, so a rule on it lets them pick their role; leave it out "
     "of every app client's writeAttributes, or make it developerOnly"),
    ({"authstack:triggers": {"preSignUp": {"handler": "x.py", "timeout": 60}}},
     "Pulumi.t.yaml: authstack:triggers.preSignUp.timeout: must be between 1 and 30 (got 60)"),
    # Values AWS would only reject at deploy time (botocore shapes, CreateUserPool docs).
    ({"authstack:userPool": {"customAttributes": {"a name with spaces": {}}}},
     "Pulumi.t.yaml: authstack:userPool: customAttributes.a name with spaces: names are 1-20 characters without spaces"),
    ({"authstack:userPool": {"customAttributes": {"tier": {"minLength": 10, "maxLength": 5}}}},
     "Pulumi.t.yaml: authstack:userPool.customAttributes.tier: minLength 10 is greater than maxLength 5"),
    ({"authstack:userPool": {"mfa": {"mode": "OPTIONAL", "email": True}, "email": {"sesSourceArn": "arn:aws:ses:eu-west-1:1:identity/x"}}},
     "Pulumi.t.yaml: authstack:userPool: mfa.email needs two accountRecovery mechanisms, e.g. [verified_email, verified_phone_number]"),
    ({"authstack:identityProviders": {"_x": {"type": "saml", "metadataUrl": "https://idp.example.com/md"}}},
     "Pulumi.t.yaml: authstack:identityProviders._x: the provider name (its key) must be 3-32 characters, no spaces, not starting or ending with _"),
    ({"authstack:clients": {"web": {"oauth": {"callbackUrls": ["http://127.0.0.1:3000/"]}}}, "authstack:domain": {"prefix": "myapp"}},
     "Pulumi.t.yaml: authstack:clients.web.oauth.callbackUrls: 'http://127.0.0.1:3000/': http is only allowed for localhost; use https"),
]


@pytest.mark.parametrize("overlay,line", CASES, ids=[c[1].split(": ")[1] + "|" + str(i) for i, c in enumerate(CASES)])
def test_each_bad_input_names_file_and_key(tmp_path, overlay, line):
    with pytest.raises(SpecError) as caught:
        load(project(tmp_path, config=overlay), "t")
    assert line in [str(p) for p in caught.value.problems]


def test_problems_are_all_reported_together(tmp_path):
    overlay = {"authstack:userPool": {"passwordPolicy": {"minimumLength": 4, "requireLowercse": True}}, "authstack:clints": {}}
    with pytest.raises(SpecError) as caught:
        load(project(tmp_path, config=overlay), "t")
    assert len(caught.value.problems) == 3


def test_missing_region_and_unnamespaced_key(tmp_path):
    (tmp_path / "Pulumi.yaml").write_text("name: authstack\nruntime: python\n")
    (tmp_path / "Pulumi.t.yaml").write_text("config:\n  authstack:throwaway: true\n")
    with pytest.raises(SpecError, match=r"Pulumi.t.yaml: aws:region: required"):
        load(tmp_path, "t")
    (tmp_path / "Pulumi.t.yaml").write_text("config:\n  aws:region: eu-west-1\n  userPool: {}\n")
    with pytest.raises(SpecError, match=r"Pulumi.t.yaml: userPool: keys need a namespace; did you mean authstack:userPool\?"):
        load(tmp_path, "t")


def test_malformed_yaml_and_missing_file(tmp_path):
    project(tmp_path)
    (tmp_path / "Pulumi.t.yaml").write_text("config:\n  aws:region: [eu-west-1\n")
    with pytest.raises(SpecError, match=r"^Pulumi.t.yaml: not valid YAML at line \d+"):
        load(tmp_path, "t")
    with pytest.raises(SpecError, match=r"^Pulumi.nope.yaml: no such stack file in .* \(stacks here: t\)$"):
        load(tmp_path, "nope")


def test_secure_values_are_accepted(tmp_path):
    overlay = {"authstack:identityProviders": {"google": {"type": "google", "clientId": "x", "clientSecret": {"secure": "v1:abc"}}}}
    stack = load(project(tmp_path, config=overlay), "t")
    secret = stack.spec.identity_providers["google"].client_secret
    assert secret.value is None and secret.ciphertext == "v1:abc"
    assert "abc" not in repr(secret)


@pytest.mark.parametrize("command", [["validate", "--stack", "t"], ["plan", "--stack", "t"]])
def test_cli_exit_2_with_one_line_and_no_traceback(tmp_path, command):
    project(tmp_path, config={"authstack:userPool": {"passwordPolicy": {"minimumLength": 4}}})
    proc = subprocess.run([sys.executable, "-m", "authstack.cli", *command, "--project-dir", str(tmp_path)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "Pulumi.t.yaml: authstack:userPool.passwordPolicy.minimumLength: must be between 6 and 99 (got 4)"
    ]
    assert "Traceback" not in proc.stdout + proc.stderr


def test_validate_command_accepts_the_examples():
    proc = subprocess.run([sys.executable, "-m", "authstack.cli", "validate", "--json"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    import json

    result = json.loads(proc.stdout)
    assert [s["stack"] for s in result["stacks"]] == ["dev", "federation", "prod"]
    prod = next(s for s in result["stacks"] if s["stack"] == "prod")
    assert prod["mfa"] == "ON" and prod["protected"] is True and prod["identityPool"]["guestAccess"] is False
    # The federation example is identity-pool-only: no user pool, hence no clients or hosted UI.
    federation = next(s for s in result["stacks"] if s["stack"] == "federation")
    assert federation["userPool"] is None and federation["clients"] == [] and federation["domain"] is None
    assert federation["identityPool"]["federation"] == ["auth0", "developer identities", "google"]


def test_project_defaults_apply_and_stack_files_override_whole_keys(tmp_path):
    (tmp_path / "Pulumi.yaml").write_text(
        "name: authstack\nruntime: python\nconfig:\n"
        "  aws:region: us-west-2\n"
        "  authstack:userPool:\n    value:\n      passwordPolicy: {minimumLength: 12}\n"
        "  authstack:domain:\n    value: {prefix: shared-prefix}\n"
    )
    (tmp_path / "Pulumi.a.yaml").write_text("config:\n  authstack:throwaway: true\n")
    (tmp_path / "Pulumi.b.yaml").write_text(
        "config:\n  aws:region: eu-west-1\n  authstack:userPool:\n    mfa: {mode: OPTIONAL, totp: true}\n")
    a, b = load(tmp_path, "a"), load(tmp_path, "b")
    assert a.region == "us-west-2" and a.spec.user_pool.password_policy.minimum_length == 12
    assert a.spec.domain.prefix == "shared-prefix"
    # A stack value replaces the whole project value, as Pulumi does: no deep merge surprises.
    assert b.region == "eu-west-1" and b.spec.user_pool.password_policy.minimum_length == 8
    assert b.spec.user_pool.mfa.mode == "OPTIONAL" and b.spec.domain.prefix == "shared-prefix"


@pytest.mark.parametrize("attribute,client,ok", [
    ({"mutable": False}, {}, False),                              # immutable is still set by the user at sign-up
    ({"developerOnly": True}, {}, True),                          # only admin APIs write it
    ({}, {"writeAttributes": ["email", "name"]}, True),           # the client cannot write it
    ({}, {"writeAttributes": ["custom:tier"]}, False),
])
def test_role_rules_only_on_claims_users_cannot_write(tmp_path, attribute, client, ok):
    overlay = {
        "authstack:userPool": {"customAttributes": {"tier": attribute}},
        "authstack:clients": {"web": client},
        "authstack:identityPool": {"userPoolClients": ["web"], "roles": {"gold": {}}, "roleMappings": [
            {"provider": "userPool:web", "type": "Rules", "ambiguousRoleResolution": "AuthenticatedRole",
             "rules": [{"claim": "custom:tier", "value": "gold", "role": "gold"}]}]},
    }
    proj = project(tmp_path, config=overlay)
    if ok:
        load(proj, "t")
    else:
        with pytest.raises(SpecError, match=r"rules\[0\]\.claim: users can write 'custom:tier' through client 'web'"):
            load(proj, "t")


def test_app_client_with_hosted_ui_needs_a_logout_url(tmp_path):
    overlay = {"authstack:domain": {"prefix": "myapp"},
               "authstack:resourceServers": {"api": {"identifier": "api", "scopes": {"read": "Read"}}},
               "authstack:clients": {"web": {"oauth": {"callbackUrls": ["https://app.example.com/"]}},
                                     "server": {"generateSecret": True, "oauth": {"flows": ["client_credentials"],
                                                "scopes": ["api/read"]}}}}
    with pytest.raises(SpecError) as caught:
        load(project(tmp_path, config=overlay), "t")
    # Only the client the app files use needs it; a machine-to-machine client does not.
    assert [str(p) for p in caught.value.problems] == [
        "Pulumi.t.yaml: authstack:clients.web.oauth.logoutUrls: the app's client needs a sign-out URL for the hosted UI (Amplify requires one)"]


def test_a_bad_project_default_is_blamed_on_pulumi_yaml(tmp_path):
    (tmp_path / "Pulumi.yaml").write_text(
        "name: authstack\nruntime: python\nconfig:\n  authstack:userPool:\n    value:\n      passwordPolicy: {minimumLength: 3}\n")
    (tmp_path / "Pulumi.a.yaml").write_text("config:\n  aws:region: eu-west-1\n")
    with pytest.raises(SpecError) as caught:
        load(tmp_path, "a")
    assert [str(p) for p in caught.value.problems] == [
        "Pulumi.yaml: authstack:userPool.passwordPolicy.minimumLength: must be between 6 and 99 (got 3)"]


def test_federation_client_ids_are_exact(tmp_path):
    overlay = {"authstack:identityPool": {"federation": {"auth0": {"domain": "t.auth0.com", "clientIds": ["*"]}}}}
    with pytest.raises(SpecError, match=r"authstack:identityPool.federation.auth0: clientIds: '\*' must be an exact client ID"):
        load(project(tmp_path, config=overlay), "t")


def test_import_placeholders_are_refused_with_the_command_to_run(tmp_path):
    overlay = {"authstack:identityProviders": {"google": {"type": "google", "clientId": "REPLACE-ME",
               "clientSecret": {"secure": "REPLACE-ME: set with pulumi config set --secret"}}}}
    with pytest.raises(SpecError) as caught:
        load(project(tmp_path, config=overlay), "t")
    assert [str(p) for p in caught.value.problems] == [
        "Pulumi.t.yaml: authstack:identityProviders.google.clientId: placeholder left by authstack import-amplify or init: set the real value",
        "Pulumi.t.yaml: authstack:identityProviders.google.clientSecret: secret not set yet; run: "
        "pulumi config set --secret --path 'authstack:identityProviders.google.clientSecret' <value>",
    ]
