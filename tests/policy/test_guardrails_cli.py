"""Issue 10 through the public commands: for every class, stacks with one mistake (derived from the example stacks)
are refused by `authstack validate` or `authstack plan`, and secure-but-unusual stacks are accepted.

Each case is (id, base example stack, `authstack:` keys replaced, the command that must decide, expected verdict,
a fragment of the message). `refuse` means: validate exits 2 (a spec problem) or plan exits 1 with a mandatory
finding; `advise` means an advisory finding and exit 0; `accept` means both commands exit 0 with no mandatory finding.
"""
from __future__ import annotations

import copy
import json

import pytest
import yaml
from typer.testing import CliRunner

from authstack.cli.main import app
from tests.helpers import ROOT, project

ACCOUNT = "123456789012"
PROD = yaml.safe_load((ROOT / "Pulumi.prod.yaml").read_text())["config"]
DEV = yaml.safe_load((ROOT / "Pulumi.dev.yaml").read_text())["config"]
FED = yaml.safe_load((ROOT / "Pulumi.federation.yaml").read_text())["config"]


def prod_role(*statements: dict, role: str = "authenticated") -> dict:
    """Prod's identity pool with the given statements on one of its roles."""
    pool = copy.deepcopy(PROD["authstack:identityPool"])
    pool["roles"] = {role: {"policyStatements": list(statements)}}
    return {"authstack:identityPool": pool}


def dev_guest(*statements: dict) -> dict:
    pool = copy.deepcopy(DEV["authstack:identityPool"])
    pool["roles"]["unauthenticated"]["policyStatements"] = list(statements)
    return {"authstack:identityPool": pool}


def prod_group(name: str, **group) -> dict:
    pool = copy.deepcopy(PROD["authstack:userPool"])
    pool["groups"][name] = group
    return {"authstack:userPool": pool}


def st(actions, resources, **extra) -> dict:
    return {"actions": [actions] if isinstance(actions, str) else actions,
            "resources": [resources] if isinstance(resources, str) else resources, **extra}


S3_OWN = f"arn:aws:s3:::myapp-prod-data/private/${{cognito-identity.amazonaws.com:sub}}/*"

# ---- class 1: privilege, not spelling ----------------------------------------------------------------------------
PRIVILEGE = [
    ("passrole-lambda", "prod", prod_role(st(["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"],
                                             f"arn:aws:iam::{ACCOUNT}:role/app-backend")),
     "refuse", "allows privilege escalation to every signed-in user (PassExistingRoleToNewLambdaThenInvoke"),
    ("iam-star-scoped", "prod", prod_role(st("iam:*", f"arn:aws:iam::{ACCOUNT}:role/app-*")),
     "refuse", "grants permissions management"),
    ("update-function-code", "prod", prod_role(st("lambda:UpdateFunctionCode",
                                                  f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:orders")),
     "refuse", "EditExistingLambdaFunctionWithRole"),
    ("assume-any-role", "prod", prod_role(st("sts:AssumeRole", f"arn:aws:iam::{ACCOUNT}:role/*")),
     "refuse", "sts:AssumeRole on any role"),
    ("secret-value", "prod", prod_role(st("secretsmanager:GetSecretValue",
                                          f"arn:aws:secretsmanager:eu-west-1:{ACCOUNT}:secret:app-config")),
     "refuse", "return credentials or secrets (secretsmanager:GetSecretValue)"),
    ("kms-decrypt-any-key", "prod", prod_role(st("kms:Decrypt", f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/*")),
     "refuse", "matches every kms key"),
    ("admin-add-to-group", "prod", prod_role(st("cognito-idp:AdminAddUserToGroup",
                                                f"arn:aws:cognito-idp:eu-west-1:{ACCOUNT}:userpool/eu-west-1_x")),
     "refuse", "cognito-idp:AdminAddUserToGroup, a backend-only Cognito action"),
    ("admin-create-user", "prod", prod_role(st("cognito-idp:AdminCreateUser",
                                               f"arn:aws:cognito-idp:eu-west-1:{ACCOUNT}:userpool/eu-west-1_x")),
     "refuse", "backend-only Cognito action"),
    ("developer-identity-token", "federation", {"authstack:identityPool": {
        **FED["authstack:identityPool"], "roles": {**FED["authstack:identityPool"]["roles"], "authenticated": {
            "policyStatements": [st("cognito-identity:GetOpenIdTokenForDeveloperIdentity",
                                    f"arn:aws:cognito-identity:us-east-1:{ACCOUNT}:identitypool/us-east-1:x")]}}}},
     "refuse", "GetOpenIdTokenForDeveloperIdentity, a backend-only Cognito action"),
    ("all-buckets", "prod", prod_role(st("s3:GetObject", "arn:aws:s3:::*")), "refuse", "matches every s3 bucket"),
    ("all-tables", "prod", prod_role(st("dynamodb:Query", f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/*")),
     "refuse", "matches every dynamodb table"),
    ("all-functions", "prod", prod_role(st("lambda:InvokeFunction", f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:*")),
     "refuse", "matches every lambda function"),
    ("arn-star", "prod", prod_role(st("s3:GetObject", "arn:*")), "refuse", "matches every resource of every kind"),
    ("guest-whole-s3", "dev", dev_guest(st("s3:*", "arn:aws:s3:::myapp-dev-public/*")),
     "refuse", "grants s3:* (every s3 action) to every guest"),
    ("guest-whole-dynamodb", "dev", dev_guest(st("dynamodb:*", f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/catalog")),
     "refuse", "grants dynamodb:* (every dynamodb action) to every guest"),
    ("other-account", "dev", dev_guest(
        st("geo:SearchPlaceIndexForText", f"arn:aws:geo:eu-west-1:{ACCOUNT}:place-index/dev-places"),
        st("s3:GetObject", "arn:aws:s3:::x/y"),
        st("dynamodb:GetItem", "arn:aws:dynamodb:eu-west-1:999999999999:table/catalog")),
     "refuse", "is in account 999999999999, not this stack's account 123456789012"),
    ("shared-writes", "prod", prod_role(st("s3:PutObject", "arn:aws:s3:::myapp-prod-data/uploads/*")),
     "advise", "scope it per user with ${cognito-identity.amazonaws.com:sub}"),
    ("group-passrole", "prod", prod_group("ops", precedence=5, policyStatements=[
        st(["iam:PassRole", "ec2:RunInstances"], f"arn:aws:iam::{ACCOUNT}:role/ops")]),
     "refuse", "CreateEC2WithExistingIP"),
    ("guest-is-group-role", "dev", {
        "authstack:identityPool": {**DEV["authstack:identityPool"], "roles": {
            "unauthenticated": {"arn": f"arn:aws:iam::{ACCOUNT}:role/shared"}}},
        "authstack:userPool": {**DEV["authstack:userPool"], "groups": {
            "admins": {"precedence": 0, "roleArn": f"arn:aws:iam::{ACCOUNT}:role/shared"}}}},
     "refuse", "the guest role"),
    ("referenced-role", "prod", prod_group("auditors", precedence=7, roleArn=f"arn:aws:iam::{ACCOUNT}:role/auditors"),
     "advise", "is referenced, not created"),
]

ACCEPTED = [
    ("guest-location-rum", "dev", dev_guest(
        st(["geo:SearchPlaceIndexForText", "geo:GetPlace", "geo:GetMap*"],
           [f"arn:aws:geo:eu-west-1:{ACCOUNT}:place-index/dev-places", f"arn:aws:geo:eu-west-1:{ACCOUNT}:map/dev-map"]),
        st("rum:PutRumEvents", f"arn:aws:rum:eu-west-1:{ACCOUNT}:appmonitor/dev-app")), "accept", ""),
    ("per-user-s3", "prod", prod_role(st(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], S3_OWN)), "accept", ""),
    ("per-user-dynamodb", "prod", prod_role(st(["dynamodb:GetItem", "dynamodb:PutItem"],
                                               f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/notes", conditions={
        "ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${cognito-identity.amazonaws.com:sub}"]}})),
     "accept", ""),
    ("api-routes", "prod", prod_role(st("execute-api:Invoke", f"arn:aws:execute-api:eu-west-1:{ACCOUNT}:abc123/prod/*")),
     "accept", ""),
    ("group-admin-reads", "prod", prod_group("support", precedence=3, policyStatements=[
        st(["cognito-idp:AdminGetUser", "cognito-idp:ListUsers"],
           f"arn:aws:cognito-idp:eu-west-1:{ACCOUNT}:userpool/eu-west-1_abc")]), "accept", ""),
]



# ---- class 2: claims provenance ----------------------------------------------------------------------------------
def prod_rules(claim: str, *, clients: dict | None = None, provider: str = "userPool:web") -> dict:
    pool = copy.deepcopy(PROD["authstack:identityPool"])
    pool["roles"]["staff"] = {"policyStatements": [st("s3:GetObject", "arn:aws:s3:::myapp-prod-staff/*")]}
    pool["roleMappings"] = [{"provider": provider, "type": "Rules", "ambiguousRoleResolution": "AuthenticatedRole",
                             "rules": [{"claim": claim, "value": "acme", "role": "staff"}]}]
    overlay = {"authstack:identityPool": pool}
    if clients is not None:
        overlay["authstack:clients"] = clients
    return overlay


def prod_clients(**changes) -> dict:
    clients = copy.deepcopy(PROD["authstack:clients"])
    for name, values in changes.items():
        clients.setdefault(name, {}).update(values)
    return clients


def prod_pool(**changes) -> dict:
    pool = copy.deepcopy(PROD["authstack:userPool"])
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(pool.get(key), dict):
            pool[key] = {**pool[key], **value}
        else:
            pool[key] = value
    return {"authstack:userPool": pool}


def with_keys(*overlays: dict) -> dict:
    out: dict = {}
    for overlay in overlays:
        out.update(overlay)
    return out


READ_ONLY = prod_clients(web={"writeAttributes": ["email"]}, native={"writeAttributes": ["email"]})
FED_POOL = FED["authstack:identityPool"]


def fed_rules(claim: str) -> dict:
    pool = copy.deepcopy(FED_POOL)
    pool["roleMappings"][0]["rules"][0]["claim"] = claim
    return {"authstack:identityPool": pool}


def triggers(**specs) -> dict:
    return {"authstack:triggers": specs}


CLAIMS = [
    ("rules-writable-by-omission", "prod", prod_rules("custom:tenant"), "refuse",
     "users can write 'custom:tenant' through client 'native' (no writeAttributes: every attribute), 'web'"),
    ("rules-writable-other-client", "prod", prod_rules("custom:tenant", clients=prod_clients(
        web={"writeAttributes": ["email"]})), "refuse", "through client 'native'"),
    ("rules-writable-explicit", "prod", prod_rules("custom:tenant", clients=prod_clients(
        web={"writeAttributes": ["email", "custom:tenant"]}, native={"writeAttributes": ["email"]})),
     "refuse", "through client 'web'"),
    ("rules-username-picked", "prod", with_keys(prod_rules("cognito:username", clients=READ_ONLY),
                                                prod_pool(signIn={"username": True, "email": True})),
     "refuse", "users pick their own username"),
    ("rules-client-metadata", "prod", with_keys(prod_rules("tier", clients=READ_ONLY), triggers(preTokenGeneration={
        "steps": [{"use": "token-claims", "with": {"idToken": {"fromClientMetadata": {"tier": "tier"}}}}]})),
     "refuse", "is copied from clientMetadata"),
    ("rules-client-metadata-dev-only", "prod", with_keys(
        prod_rules("custom:role", clients=READ_ONLY),
        prod_pool(customAttributes={"tenant": {"type": "String", "mutable": False, "maxLength": 64},
                                    "role": {"developerOnly": True}}),
        triggers(preTokenGeneration={"steps": [{"use": "token-claims", "with": {
            "idToken": {"fromClientMetadata": {"custom:role": "role"}}}}]})),
     "refuse", "'custom:role' is copied from clientMetadata"),
    ("rules-federated-email", "federation", fed_rules("email"), "refuse", "'email' from auth0 is self-asserted"),
    ("rules-idp-mapped", "prod", with_keys(prod_rules("custom:tenant", clients=READ_ONLY), {
        "authstack:identityProviders": {**PROD["authstack:identityProviders"], "google": {
            **PROD["authstack:identityProviders"]["google"],
            "attributeMapping": {"email": "email", "custom:tenant": "name", "username": "sub"}}}}),
     "refuse", "is overwritten at every federated sign-in"),
    ("signup-joins-role-group", "prod", triggers(postConfirmation={
        "steps": [{"use": "add-to-group", "with": {"group": "admins"}}]}),
     "refuse", "whose role the Token role mapping hands out"),
    ("custom-pretoken-boundary", "prod", triggers(preTokenGeneration={"handler": "examples/handlers/audit_sign_in.py"}),
     "advise", "sits on the privilege boundary"),
]
CLAIMS_OK = [
    ("rules-read-only-attribute", "prod", prod_rules("custom:tenant", clients=READ_ONLY), "accept", ""),
    ("rules-developer-only", "prod", with_keys(prod_rules("custom:role"), prod_pool(customAttributes={
        "tenant": {"type": "String", "mutable": False, "maxLength": 64}, "role": {"developerOnly": True}})),
     "accept", ""),
    ("rules-groups-claim", "prod", prod_rules("cognito:groups"), "accept", ""),
    ("rules-username-generated", "prod", prod_rules("cognito:username", clients=READ_ONLY), "accept", ""),
    ("token-mapping-deny", "prod", {}, "accept", ""),
    ("signup-joins-plain-group", "prod", triggers(postConfirmation={
        "steps": [{"use": "add-to-group", "with": {"group": "editors"}}]}), "accept", ""),
    ("federated-namespaced-claim", "federation", {}, "accept", ""),
]

# ---- class 3: clients --------------------------------------------------------------------------------------------
CLIENTS = [
    ("app-scheme-client-with-secret", "prod", {"authstack:clients": prod_clients(native={"generateSecret": True})},
     "refuse", "its redirect URL myapp://callback/ is a native app scheme"),
    ("implicit-grant", "prod", {"authstack:clients": prod_clients(web={"oauth": {
        **PROD["authstack:clients"]["web"]["oauth"], "flows": ["implicit"]}})}, "refuse", "the implicit grant"),
    ("wildcard-callback", "prod", {"authstack:clients": prod_clients(web={"oauth": {
        **PROD["authstack:clients"]["web"]["oauth"], "callbackUrls": ["https://*.example.com/"]}})},
     "refuse", "is a pattern"),
    ("tunnel-callback", "prod", {"authstack:clients": prod_clients(web={"oauth": {
        **PROD["authstack:clients"]["web"]["oauth"], "callbackUrls": ["https://4f2a-81-2-69-142.ngrok-free.app/cb"]}})},
     "refuse", "is a tunnel address"),
    ("userinfo-callback", "prod", {"authstack:clients": prod_clients(web={"oauth": {
        **PROD["authstack:clients"]["web"]["oauth"], "callbackUrls": ["https://app.example.com@evil.example/"]}})},
     "refuse", "carries user info"),
    ("localhost-on-prod", "prod", {"authstack:clients": prod_clients(web={"oauth": {
        **PROD["authstack:clients"]["web"]["oauth"], "logoutUrls": ["http://localhost:3000/"]}})},
     "refuse", "points at the user's own machine"),
    ("password-flow-public", "prod", {"authstack:clients": prod_clients(web={
        "authFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]})},
     "refuse", "ALLOW_USER_PASSWORD_AUTH on a public client"),
    ("admin-password-flow-public", "prod", {"authstack:clients": prod_clients(native={
        "authFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]})},
     "refuse", "ALLOW_ADMIN_USER_PASSWORD_AUTH on a public client"),
    ("refresh-ten-years", "prod", {"authstack:clients": prod_clients(native={"refreshTokenValidity": 3650})},
     "refuse", "at most 90 days"),
]
CLIENTS_OK = [
    ("confidential-reports-in-web-stack", "prod", {
        "authstack:name": "storefront-web-eu",
        "authstack:clients": prod_clients(reports={"generateSecret": True, "authFlows": [
            "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], "refreshTokenValidity": 180})},
     "accept", ""),
    ("localhost-on-throwaway", "dev", {}, "accept", ""),
]

# ---- class 4: user-pool baseline ---------------------------------------------------------------------------------
BASELINE = [
    ("short-passwords", "prod", prod_pool(passwordPolicy={"minimumLength": 6}), "refuse", "at least 8"),
    ("no-symbols", "prod", prod_pool(passwordPolicy={"minimumLength": 14, "requireSymbols": False}),
     "refuse", "userPool.passwordPolicy.requireSymbols"),
    ("temporary-password-month", "prod", prod_pool(passwordPolicy={"minimumLength": 14, "temporaryPasswordValidityDays": 30}),
     "refuse", "at most 7"),
    ("mfa-off", "prod", prod_pool(mfa={"mode": "OFF", "totp": False}), "refuse", "OFF while users sign in with a password"),
    ("keep-original-off", "prod", prod_pool(verification={"keepOriginalUntilVerified": False}),
     "refuse", "keepOriginalUntilVerified"),
]
BASELINE_OK = [
    ("weak-on-throwaway", "dev", {"authstack:userPool": {**DEV["authstack:userPool"], "passwordPolicy": {
        "minimumLength": 6, "requireSymbols": False}, "mfa": {"mode": "OFF"}}}, "accept", ""),
]

# ---- class 6: secrets --------------------------------------------------------------------------------------------
def dev_trigger_env(env: dict) -> dict:
    trigs = copy.deepcopy(DEV["authstack:triggers"])
    trigs["postAuthentication"]["environment"] = env
    return {"authstack:triggers": trigs}


SECRETS = [
    ("env-stripe-key", "dev", dev_trigger_env({"PAYMENTS": "sk_live_51HxYzAbCdEfGhIjKlMnOp"}),
     "refuse", "looks like a Stripe secret key"),
    ("env-named-password", "dev", dev_trigger_env({"DB_PASSWORD": "correct-horse-battery"}),
     "refuse", "is named like a secret (DB_PASSWORD)"),
    ("env-random", "dev", dev_trigger_env({"UPSTREAM": "q8Zr3vT1xW9mKp2LsN7bYc4D"}), "refuse", "looks random"),
    ("validation-data-secret", "dev", {"authstack:triggers": {**DEV["authstack:triggers"], "preSignUp": {"steps": [
        {"use": "require-validation-data", "with": {"fields": {"signupSecret": {"values": ["opensesame-2024"]}}}}]}}},
     "refuse", "list its SHA-256 digest under sha256"),
]
SECRETS_OK = [
    ("env-plain-config", "dev", dev_trigger_env({"TABLE_NAME": "audit-events", "LOG_LEVEL": "info",
                                                 "API_KEY_PARAMETER": "/myapp/dev/api-key"}), "accept", ""),
]

# ---- class 7: federation -----------------------------------------------------------------------------------------
def fed_federation(**changes) -> dict:
    pool = copy.deepcopy(FED_POOL)
    pool["federation"].update(changes)
    return {"authstack:identityPool": pool}


FEDERATION = [
    ("issuer-userinfo", "federation", fed_federation(oidc=[{"issuerUrl": "https://login.example.com@evil.example/",
                                                            "clientIds": ["app-client"]}]),
     "refuse", "the host is really 'evil.example'"),
    ("auth0-domain-userinfo", "federation", fed_federation(auth0={"domain": "example.eu.auth0.com@evil.example",
                                                                  "clientIds": ["Auth0ClientIdForWeb123"]}),
     "refuse", "is not a host name"),
    ("saml-http-metadata", "prod", {"authstack:identityProviders": {**PROD["authstack:identityProviders"], "corp": {
        "type": "saml", "metadataUrl": "http://idp.example.com/metadata.xml"}}}, "refuse", "must use https"),
    ("developer-name-collision", "federation", fed_federation(developerProviderName="accounts.google.com"),
     "refuse", "is the login key of another provider"),
    ("github-audience", "federation", fed_federation(oidc=[{"issuerUrl": "https://token.actions.githubusercontent.com",
                                                            "clientIds": ["sts.amazonaws.com"]}]),
     "refuse", "every tenant of a shared issuer"),
    ("kms-wildcard", "dev", {"authstack:triggers": {**DEV["authstack:triggers"], "customEmailSender": {
        "handler": "examples/handlers/audit_sign_in.py", "kmsKeyArn": "arn:aws:kms:eu-west-1:123456789012:key/*"}}},
     "refuse", "must be the ARN of one KMS key"),
    ("trusted-gmail", "dev", {"authstack:triggers": {**DEV["authstack:triggers"], "preSignUp": {"steps": [
        {"use": "auto-confirm", "with": {"domains": ["example.com", "gmail.com"], "trustedDomains": ["gmail.com"]}}]}}},
     "refuse", "is a public mail provider"),
]

# ---- class 8: messages -------------------------------------------------------------------------------------------
MESSAGES = [
    ("trigger-timeout-in-validate", "dev", {"authstack:triggers": {**DEV["authstack:triggers"], "preSignUp": {
        **DEV["authstack:triggers"]["preSignUp"], "timeout": 10}}}, "refuse", "Cognito waits 5 s"),
]

CASES = PRIVILEGE + ACCEPTED + CLAIMS + CLAIMS_OK + CLIENTS + CLIENTS_OK + BASELINE + BASELINE_OK + SECRETS + SECRETS_OK + FEDERATION \
    + MESSAGES

runner = CliRunner()


def _run(tmp_path, base: str, overlay: dict):
    root = project(tmp_path, stack="t", config=overlay, base=base)
    validate = runner.invoke(app, ["validate", "--stack", "t", "--project-dir", str(root)])
    plan = runner.invoke(app, ["plan", "--stack", "t", "--format", "json", "--project-dir", str(root)])
    return validate, plan


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_guardrail_class(tmp_path, case):
    _, base, overlay, verdict, fragment = case
    validate, plan = _run(tmp_path, base, overlay)
    if validate.exit_code != 0:  # refused by validate: one line per problem, naming the file and key path
        assert verdict == "refuse", validate.output
        assert validate.exit_code == 2 and fragment in validate.output, validate.output
        assert "Pulumi.t.yaml: authstack:" in validate.output
        assert plan.exit_code in (1, 2), plan.output  # plan refuses too: its spec check or its graph rules
        return
    assert plan.exit_code in (0, 1), plan.output
    findings = json.loads(plan.stdout)["findings"]
    mandatory = [f["message"] for f in findings if f["severity"] == "mandatory"]
    advisory = [f["message"] for f in findings if f["severity"] == "advisory"]
    if verdict == "refuse":
        assert plan.exit_code == 1 and any(fragment in m for m in mandatory), findings
        assert all(m.startswith("Pulumi.t.yaml: authstack:") for m in mandatory), mandatory
    elif verdict == "advise":
        assert plan.exit_code == 0 and mandatory == [], mandatory
        assert any(fragment in m for m in advisory), findings
    else:
        assert plan.exit_code == 0 and mandatory == [], mandatory
        assert not [m for m in advisory if "identity-role" in m or "privilege" in m], advisory


# ---- classes 5-8 beyond one verdict: what the plan contains ------------------------------------------------------
def _plan_json(tmp_path, base: str, overlay: dict, *extra: str):
    root = project(tmp_path, stack="t", config=overlay, base=base)
    result = runner.invoke(app, ["plan", "--stack", "t", "--format", "json", "--project-dir", str(root), *extra])
    return result, root


def test_secret_trigger_environment_stays_secret_in_every_format(tmp_path):
    overlay = dev_trigger_env({"PAYMENTS_KEY": {"secure": "v1:c2VjcmV0LWNpcGhlcnRleHQ="}, "LOG_LEVEL": "info"})
    result, root = _plan_json(tmp_path, "dev", overlay)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    fn = next(r for r in doc["resources"] if r["name"].endswith("postAuthentication-fn"))
    # Pulumi marks the whole top-level input secret when a value inside it is one.
    assert fn["inputs"]["environment"] == "[secret]" and "environment" in fn["secretInputs"]
    for fmt in ("json", "tree", "mermaid"):
        out = runner.invoke(app, ["plan", "--stack", "t", "--format", fmt, "--project-dir", str(root)]).stdout
        assert "c2VjcmV0LWNpcGhlcnRleHQ" not in out and "v1:" not in out, fmt


def test_throwaway_never_unprotects_adopted_pool(tmp_path):
    overlay = {"authstack:throwaway": True, "authstack:adopt": {"userPoolId": "eu-west-1_AbCdEfGhI"}}
    result, _ = _plan_json(tmp_path, "prod", overlay)
    doc = json.loads(result.stdout)
    pool = next(r for r in doc["resources"] if r["type"] == "aws:cognito/userPool:UserPool")
    assert pool["inputs"]["deletionProtection"] == "ACTIVE" and pool["options"]["protect"] is True


def test_flipping_a_deployed_stack_to_throwaway_is_guarded(tmp_path):
    result, root = _plan_json(tmp_path, "prod", {}, "--write-lock")
    assert result.exit_code == 0, result.output
    lock = root / "authstack.t.lock.json"
    stack = yaml.safe_load((root / "Pulumi.t.yaml").read_text())
    stack["config"]["authstack:throwaway"] = True
    (root / "Pulumi.t.yaml").write_text(yaml.safe_dump(stack))
    flipped = runner.invoke(app, ["plan", "--stack", "t", "--format", "json", "--project-dir", str(root),
                                  "--against", str(lock)])
    assert flipped.exit_code == 1
    changes = json.loads(flipped.stdout)["replacements"]
    assert any(c["attribute"] == "throwaway" for c in changes), changes


def test_provider_roles_pin_their_provider(tmp_path):
    result, _ = _plan_json(tmp_path, "federation", {})
    doc = json.loads(result.stdout)
    role = next(r for r in doc["resources"] if r["name"].endswith("identity-partner"))
    amr = json.loads(role["inputs"]["assumeRolePolicy"])["Statement"][0]["Condition"]["ForAnyValue:StringLike"]
    assert amr["cognito-identity.amazonaws.com:amr"] == "example.eu.auth0.com"
    assert not [f for f in doc["findings"] if f["rule"] == "provider-role-amr"]


def test_typo_top_level_key_is_the_only_problem(tmp_path):
    overlay = {"authstack:identityPol": {"roles": {}},
               "authstack:userPool": {**PROD["authstack:userPool"]}}
    root = project(tmp_path, stack="t", config=overlay, base="prod")
    result = runner.invoke(app, ["validate", "--stack", "t", "--project-dir", str(root)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.startswith("Pulumi.t.yaml: ")]
    assert lines == ["Pulumi.t.yaml: authstack:identityPol: unknown key; did you mean 'identityPool'?"], result.output


def test_validate_reports_advice_without_failing(tmp_path):
    overlay = triggers(preTokenGeneration={"handler": "examples/handlers/audit_sign_in.py"})
    root = project(tmp_path, stack="t", config=overlay, base="prod")
    result = runner.invoke(app, ["validate", "--stack", "t", "--project-dir", str(root), "--json"])
    assert result.exit_code == 0, result.output
    advice = json.loads(result.stdout)["advisories"]
    assert any("sits on the privilege boundary" in a and a.startswith("Pulumi.t.yaml: authstack:triggers.") for a in advice)
