"""Every guardrail rule, on the realistic passing graph and on that graph with one thing broken."""
from __future__ import annotations

import json

import pytest

from authstack.policy import rules
from authstack.policy.graph import UNKNOWN
from authstack.policy.rules import ADVISORY, MANDATORY, Finding, RuleContext, evaluate, rule_by_name
from tests.policy.graphs import (
    ACCOUNT, AUTH0_CLIENT_ID, IDENTITY_POOL_ID, POOL_ARN, find, passing_graph, permissions, role_arn, strip_outputs,
    trust_policy, urn,
)


def run(graph, rule_name, context=None):
    """Findings of one rule as (severity, resource name, message)."""
    found = evaluate(graph, context, rules=[rule_by_name(rule_name)])
    names = {r["urn"]: r["name"] for r in graph}
    return [(f.severity, names.get(f.urn, f.urn), f.message) for f in found]


def set_input(name, key, value):
    def mutate(graph):
        find(graph, name)["inputs"][key] = value
    return mutate


def del_input(name, key):
    def mutate(graph):
        del find(graph, name)["inputs"][key]
    return mutate


def set_option(name, key, value):
    def mutate(graph):
        find(graph, name)["options"][key] = value
    return mutate


def trust(name, **kwargs):
    amr = kwargs.pop("amr")
    return set_input(name, "assumeRolePolicy", trust_policy(amr, **kwargs))


def role_policy(name, *statements):
    return set_input(f"{name}-policy", "policy", permissions(*statements))


def mapping(**changes):
    def mutate(graph):
        find(graph, "auth-roles")["inputs"]["roleMappings"][0].update(changes)
    return mutate


def fallback_with_admin_rights(graph):
    find(graph, "auth-roles")["inputs"]["roleMappings"][0]["ambiguousRoleResolution"] = "AuthenticatedRole"
    reports = {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::admin-reports/*"]}
    for name in ("auth-admins-role-policy", "auth-authenticated-role-policy"):
        policy = find(graph, name)["inputs"]
        doc = json.loads(policy["policy"])
        doc["Statement"].append(reports)
        policy["policy"] = json.dumps(doc)


def mapping_claim(claim):
    def mutate(graph):
        find(graph, "auth-roles")["inputs"]["roleMappings"][0]["mappingRules"][0]["claim"] = claim
    return mutate


def permission(name, **changes):
    def mutate(graph):
        find(graph, name)["inputs"].update(changes)
    return mutate


def lambda_config(**changes):
    def mutate(graph):
        find(graph, "auth-pool")["inputs"]["lambdaConfig"].update(changes)
    return mutate


def remove(name):
    def mutate(graph):
        graph.remove(find(graph, name))
    return mutate


OTHER_POOL = "eu-west-1:99999999-0000-4000-8000-000000000009"


def add_group(name, role):
    def mutate(graph):
        graph.append({"urn": urn("aws:cognito/userGroup:UserGroup", name), "type": "aws:cognito/userGroup:UserGroup",
                      "name": name, "parent": "", "dependencies": [], "outputs": {"id": name},
                      "inputs": {"name": name, "userPoolId": "p", "roleArn": role}, "options": {"protect": True}})
    return mutate


TABLE = f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table"

# (rule, how to break the passing graph, context, expected severity, resource, a fragment of the message)
FAILING = [
    ("identity-role-trust", trust("auth-authenticated-role", amr="authenticated", aud=OTHER_POOL), None,
     MANDATORY, "auth-authenticated-role", f"aud '{OTHER_POOL}' is not an identity pool of this stack"),
    ("identity-role-trust", trust("auth-authenticated-role", amr="authenticated", aud="eu-west-1:*",
                                  aud_operator="StringLike"), None,
     MANDATORY, "auth-authenticated-role", "does not pin cognito-identity.amazonaws.com:aud with StringEquals "
                                           "(found under StringLike"),
    ("identity-role-trust", trust("auth-authenticated-role", amr="authenticated", aud="eu-west-1:*"), None,
     MANDATORY, "auth-authenticated-role", "aud 'eu-west-1:*' contains a wildcard"),
    ("identity-role-trust", trust("auth-unauthenticated-role", amr=["authenticated", "unauthenticated"]), None,
     MANDATORY, "auth-unauthenticated-role", "is the guest role: amr must be exactly 'unauthenticated' "
                                             "(got authenticated, unauthenticated)"),
    ("identity-role-trust", trust("auth-admins-role", amr="*"), None,
     MANDATORY, "auth-admins-role", "is not the guest role but its amr condition accepts unauthenticated "
                                    "identities (*)"),
    ("identity-role-trust", set_input("auth-admins-role", "assumeRolePolicy", json.dumps({"Statement": [{
        "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": IDENTITY_POOL_ID}}}]})), None,
     MANDATORY, "auth-admins-role", "has no cognito-identity.amazonaws.com:amr condition"),
    ("identity-role-trust", set_input("auth-admins-role", "assumeRolePolicy", '{"Statement": [cognito-identity'),
     None, MANDATORY, "auth-admins-role", "assumeRolePolicy is not valid JSON"),
    ("identity-role-no-wildcards", role_policy("auth-authenticated-role", ("*", "*")), None,
     MANDATORY, "auth-authenticated-role", "allows action '*'"),
    ("identity-role-no-wildcards", role_policy("auth-admins-role", ("cognito-idp:ListUsers", "*")), None,
     MANDATORY, "auth-admins-role", "role policy auth-admins-role-policy allows resource '*'"),
    ("identity-role-no-wildcards", set_input("auth-authenticated-role", "managedPolicyArns",
                                             ["arn:aws:iam::aws:policy/AdministratorAccess"]), None,
     MANDATORY, "auth-authenticated-role", "has the AWS-managed policy AdministratorAccess"),
    ("identity-role-no-wildcards", set_input("auth-authenticated-role", "managedPolicyArns",
                                             ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]), None,
     ADVISORY, "auth-authenticated-role", "can't be checked offline"),
    ("identity-role-privilege", role_policy("auth-authenticated-role", (
        ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], f"arn:aws:iam::{ACCOUNT}:role/app")),
     None, MANDATORY, "auth-authenticated-role", "allows privilege escalation to every signed-in user "
                                                 "(PassExistingRoleToNewLambdaThenInvoke"),
    ("identity-role-privilege", role_policy("auth-authenticated-role", ("cognito-idp:AdminAddUserToGroup", POOL_ARN)),
     None, MANDATORY, "auth-authenticated-role", "grants cognito-idp:AdminAddUserToGroup, a backend-only Cognito"),
    ("identity-role-privilege", role_policy("auth-authenticated-role", ("dynamodb:GetItem", f"{TABLE}/*")),
     None, MANDATORY, "auth-authenticated-role", "matches every dynamodb table"),
    ("identity-role-privilege", role_policy("auth-authenticated-role", (
        "dynamodb:GetItem", "arn:aws:dynamodb:eu-west-1:999999999999:table/t")),
     None, MANDATORY, "auth-authenticated-role", "is in account 999999999999, not this stack's account"),
    ("identity-role-privilege", role_policy("auth-unauthenticated-role", ("s3:*", "arn:aws:s3:::authstack-dev-public/*")),
     None, MANDATORY, "auth-unauthenticated-role", "grants s3:* (every s3 action) to every guest"),
    ("identity-role-privilege", role_policy("auth-authenticated-role", ("s3:PutObject", "arn:aws:s3:::b/shared/*")),
     None, ADVISORY, "auth-authenticated-role", "scope it per user with ${cognito-identity.amazonaws.com:sub}"),
    ("provider-role-amr", mapping(identityProvider="example.eu.auth0.com"), None,
     MANDATORY, "auth-admins-role", "is only handed out for example.eu.auth0.com but its trust accepts amr authenticated"),
    ("guest-role-separate", add_group("auth-group-staff", role_arn("auth-unauthenticated-role")), None,
     MANDATORY, "auth-group-staff", "is also the role of group auth-group-staff"),
    ("referenced-role", add_group("auth-group-staff", f"arn:aws:iam::{ACCOUNT}:role/existing"), None,
     ADVISORY, "auth-group-staff", "is referenced, not created: its trust policy"),
    ("referenced-role", add_group("auth-group-staff", "arn:aws:iam::999999999999:role/existing"), None,
     MANDATORY, "auth-group-staff", "is in account 999999999999, not this stack's account"),
    ("guest-access", set_input("auth-identity-pool", "allowUnauthenticatedIdentities", True), None,
     MANDATORY, "auth-identity-pool", "allows unauthenticated identities but the spec does not opt into guest"),
    ("guest-role-scope-down", role_policy("auth-unauthenticated-role",
                                          (["s3:GetObject", "ec2:DescribeInstances", "kms:CreateKey"], "arn:aws:s3:::b/*")),
     None, MANDATORY, "auth-unauthenticated-role", "allows ec2:DescribeInstances, kms:CreateKey, outside the enhanced"),
    ("classic-flow-off", set_input("auth-identity-pool", "allowClassicFlow", True), None,
     MANDATORY, "auth-identity-pool", "allows the classic flow"),
    ("server-side-token-check", set_input("auth-identity-pool", "cognitoIdentityProviders", [
        {"clientId": "c1", "providerName": "p", "serverSideTokenCheck": False}]), None,
     MANDATORY, "auth-identity-pool", "provider for client c1 has serverSideTokenCheck off"),
    ("oidc-provider-trust", set_input("auth-oidc-auth0", "clientIdLists", [AUTH0_CLIENT_ID, "*"]), None,
     MANDATORY, "auth-oidc-auth0", "(trusted by identity pool auth-identity-pool): client ID '*' contains a wildcard"),
    ("oidc-provider-trust", set_input("auth-oidc-auth0", "clientIdLists", ["Auth0ClientId*"]), None,
     MANDATORY, "auth-oidc-auth0", "client ID 'Auth0ClientId*' contains a wildcard"),
    ("oidc-provider-trust", set_input("auth-oidc-auth0", "clientIdLists", [AUTH0_CLIENT_ID, " "]), None,
     MANDATORY, "auth-oidc-auth0", "clientIdLists has an empty entry"),
    ("oidc-provider-trust", set_input("auth-oidc-auth0", "clientIdLists", []), None,
     MANDATORY, "auth-oidc-auth0", "clientIdLists is empty; list exactly this app's client IDs"),
    ("oidc-provider-trust", del_input("auth-oidc-auth0", "clientIdLists"), None,
     MANDATORY, "auth-oidc-auth0", "clientIdLists is empty"),
    ("oidc-provider-trust", set_input("auth-oidc-auth0", "url", "http://example.eu.auth0.com/"), None,
     MANDATORY, "auth-oidc-auth0", "url 'http://example.eu.auth0.com/' must start with https://"),
    ("oidc-provider-trust", del_input("auth-oidc-auth0", "url"), None,
     MANDATORY, "auth-oidc-auth0", "url 'unset' must start with https://"),
    # API_RoleMapping: AuthenticatedRole hands every unmatched user the default role, so it must not carry what the
    # mapping reserves for admins (https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_RoleMapping.html).
    ("role-mapping-fallback", fallback_with_admin_rights, None,
     MANDATORY, "auth-roles", "falls back to the authenticated role auth-authenticated-role, which also grants what "
                              "auth-admins-role is mapped for"),
    ("role-mapping-claims", mapping_claim("custom:plan"), None,
     MANDATORY, "auth-roles", "matches claim 'custom:plan', which users can set through app client auth-client-web"),
    ("role-mapping-claims", lambda g: (mapping_claim("email")(g), del_input("auth-client-web", "writeAttributes")(g)),
     None, MANDATORY, "auth-roles", "auth-client-web (no writeAttributes: every attribute)"),
    # An immutable custom attribute is still written by the user at sign-up (review finding: it used to pass).
    ("role-mapping-claims", lambda g: (mapping_claim("custom:tenant")(g), del_input("auth-client-web", "writeAttributes")(g)),
     None, MANDATORY, "auth-roles", "matches claim 'custom:tenant', which users can set through app client auth-client-web"),
    ("role-attachment-delete-before-replace", set_option("auth-roles", "deleteBeforeReplace", False), None,
     MANDATORY, "auth-roles", "lacks deleteBeforeReplace"),
    ("cognito-lambda-permission", permission("auth-presignup-invoke", principal="*"), None,
     MANDATORY, "auth-presignup-invoke", "principal is '*', must be cognito-idp.amazonaws.com"),
    ("cognito-lambda-permission", permission("auth-presignup-invoke", sourceArn=None), None,
     MANDATORY, "auth-presignup-invoke", "has no sourceArn"),
    ("cognito-lambda-permission", permission("auth-presignup-invoke",
                                             sourceArn=POOL_ARN.replace("MOCKPOOL1", "OTHER")), None,
     MANDATORY, "auth-presignup-invoke", "is not a user pool of this stack"),
    ("cognito-lambda-permission", permission("auth-presignup-invoke",
                                             sourceArn="arn:aws:cognito-idp:eu-west-1:*:userpool/*"), None,
     MANDATORY, "auth-presignup-invoke", "contains a wildcard"),
    ("cognito-lambda-permission", permission("auth-pretoken-invoke", sourceAccount=None), None,
     MANDATORY, "auth-pretoken-invoke", "has no sourceAccount"),
    ("cognito-lambda-permission", remove("auth-pretoken-invoke"), None,
     ADVISORY, "auth-pretoken", "is a Cognito trigger but no lambda permission lets cognito-idp.amazonaws.com"),
    ("trigger-timeout", set_input("auth-presignup", "timeout", 30.0), None,
     MANDATORY, "auth-presignup", "is a Cognito trigger (preSignUp) with timeout 30 s; Cognito gives up after 5 s"),
    ("trigger-timeout", del_input("auth-presignup", "timeout"), RuleContext(max_trigger_timeout=2),
     MANDATORY, "auth-presignup", "with timeout 3 s; Cognito gives up after 2 s"),
    ("user-pool-deletion-protection", set_input("auth-pool", "deletionProtection", "INACTIVE"), None,
     MANDATORY, "auth-pool", "deletionProtection is INACTIVE; set ACTIVE"),
    ("user-pool-deletion-protection", set_option("auth-pool", "protect", False), None,
     MANDATORY, "auth-pool", "user pool auth-pool is not protected"),
    ("user-pool-deletion-protection", del_input("auth-pool", "deletionProtection"), RuleContext(throwaway=True),
     ADVISORY, "auth-pool", "deletionProtection is unset (INACTIVE)"),
    ("identity-resources-protected", set_option("auth-identity-pool", "protect", False), None,
     MANDATORY, "auth-identity-pool", "identity pool auth-identity-pool is not protected"),
    ("identity-resources-protected", set_option("auth-google", "protect", False), RuleContext(throwaway=True),
     ADVISORY, "auth-google", "identity provider auth-google is not protected"),
    ("identity-resources-protected", set_option("auth-client-web", "protect", False), None,
     MANDATORY, "auth-client-web", "app client auth-client-web is not protected"),
    ("public-client-no-secret", set_input("auth-client-web", "generateSecret", True),
     RuleContext(public_clients=frozenset({"auth-client-web"})),
     MANDATORY, "auth-client-web", "generates a secret but it is the app's client"),
    ("public-client-no-secret", lambda g: (set_input("auth-client-web", "generateSecret", True)(g),
                                           set_input("auth-client-web", "callbackUrls", ["myapp://cb/"])(g)), None,
     MANDATORY, "auth-client-web", "its callback URL myapp://cb/ is a native app scheme"),
    ("client-prevent-user-existence-errors", del_input("auth-client-web", "preventUserExistenceErrors"), None,
     MANDATORY, "auth-client-web", "preventUserExistenceErrors is unset (LEGACY); set ENABLED"),
    ("client-token-revocation", set_input("auth-client-web", "enableTokenRevocation", False), None,
     MANDATORY, "auth-client-web", "turns token revocation off"),
    ("idp-provider-details-secret", set_option("auth-google", "additionalSecretOutputs", []), None,
     MANDATORY, "auth-google", "add providerDetails to additionalSecretOutputs"),
    ("idp-provider-details-secret", lambda g: (
        set_input("auth-google", "providerDetails", {"client_id": "x", "client_secret": "plain"})(g),
        find(g, "auth-google").__setitem__("secretInputs", [])),
     None, MANDATORY, "auth-google", "providerDetails carries client_secret as a plain value"),
    ("machine-client-no-user-access", set_input("auth-client-web", "allowedOauthFlows", ["code", "client_credentials"]),
     None, MANDATORY, "auth-client-web", "also allows the user grant(s) code"),
]


def _id(case):
    return f"{case[0]}:{case[5][:40]}"


def test_passing_graph_has_no_findings():
    assert evaluate(passing_graph()) == []
    assert evaluate(passing_graph(), RuleContext(throwaway=True, guest_access=True)) == []


@pytest.mark.parametrize("rule", [r.name for r in rules.RULES])
def test_each_rule_passes_the_passing_graph(rule):
    assert run(passing_graph(), rule) == []


@pytest.mark.parametrize("case", FAILING, ids=_id)
def test_each_failure_is_reported(case):
    rule, mutate, context, severity, resource, fragment = case
    graph = passing_graph()
    mutate(graph)
    found = run(graph, rule, context)
    assert any(sev == severity and res == resource and fragment in msg for sev, res, msg in found), found
    # The break is local: no other rule starts failing because of it, except where a case says so.
    others = [f for f in evaluate(graph, context) if f.rule != rule]
    assert others == [], others


def test_every_rule_has_a_failing_case():
    assert {case[0] for case in FAILING} == {r.name for r in rules.RULES}


def test_every_rule_names_its_source_and_description():
    for r in rules.RULES:
        assert r.source and ("T" in r.source or "Security Hub" in r.source), r.name
        assert r.description.endswith("."), r.name
        assert r.name == r.name.lower() and " " not in r.name


# ---- context and relations ------------------------------------------------------------------------------------------

def test_guest_access_is_fine_where_the_spec_opts_in():
    graph = passing_graph()
    set_input("auth-identity-pool", "allowUnauthenticatedIdentities", True)(graph)
    assert run(graph, "guest-access", RuleContext(guest_access=True)) == []
    assert run(graph, "guest-access") != []


def test_guest_role_inside_the_scope_down_list_passes():
    graph = passing_graph()
    role_policy("auth-unauthenticated-role",
                (["s3:GetObject", "dynamodb:GetItem", "kms:Decrypt", "kms:ReEncryptFrom", "sumerian:ViewRelease",
                  "rum:PutRumEvents", "execute-api:Invoke", "cognito-identity:GetId"], "arn:aws:s3:::b/*"))(graph)
    assert run(graph, "guest-role-scope-down", RuleContext(guest_access=True)) == []
    role_policy("auth-unauthenticated-role", (["kms:*", "sagemaker:CreateEndpoint"], "arn:aws:s3:::b/*"))(graph)
    assert run(graph, "guest-role-scope-down") == [
        (MANDATORY, "auth-unauthenticated-role", "guest role auth-unauthenticated-role: role policy "
         "auth-unauthenticated-role-policy allows kms:*, sagemaker:CreateEndpoint, outside the enhanced-flow "
         "scope-down list for guests")]


def test_guest_role_is_found_from_the_attachment_not_its_name():
    """The attachment says which role guests get; a role that only *looks* authenticated is still checked as guest."""
    graph = passing_graph()
    roles = find(graph, "auth-roles")["inputs"]["roles"]
    roles["unauthenticated"], roles["authenticated"] = roles["authenticated"], roles["unauthenticated"]
    found = run(graph, "identity-role-trust")
    assert (MANDATORY, "auth-authenticated-role", "role auth-authenticated-role is the guest role: amr must be "
            "exactly 'unauthenticated' (got authenticated)") in found
    assert any(res == "auth-unauthenticated-role" and "is not the guest role" in msg for _, res, msg in found)


def test_shape_only_without_outputs():
    """Without outputs (a CrossGuard resource-level check) a foreign aud can't be detected, a wildcard still is."""
    graph = passing_graph()
    trust("auth-authenticated-role", amr="authenticated", aud=OTHER_POOL)(graph)
    assert run(strip_outputs(graph), "identity-role-trust") == []
    trust("auth-authenticated-role", amr="authenticated", aud="*")(graph)
    assert [m for _, _, m in run(strip_outputs(graph), "identity-role-trust")] == [
        "role auth-authenticated-role: aud '*' contains a wildcard; pin the identity pool ID exactly"]


def test_source_arn_shape_without_outputs():
    graph = passing_graph()
    permission("auth-presignup-invoke", sourceArn=f"arn:aws:s3:::{ACCOUNT}-bucket")(graph)
    assert [m for _, _, m in run(strip_outputs(graph), "cognito-lambda-permission")] == [
        f"lambda permission auth-presignup-invoke: sourceArn 'arn:aws:s3:::{ACCOUNT}-bucket' is not a user pool ARN"]


def test_custom_sender_trigger_is_exempt_from_the_timeout():
    graph = passing_graph()
    assert find(graph, "auth-email-sender")["inputs"]["timeout"] == 30
    assert run(graph, "trigger-timeout") == []
    lambda_config(preAuthentication=find(graph, "auth-email-sender")["outputs"]["arn"])(graph)
    assert [r for _, r, _ in run(graph, "trigger-timeout")] == ["auth-email-sender"]


def test_timeout_falls_back_to_cognito_permissions_when_arns_cannot_be_related():
    graph = strip_outputs(passing_graph())
    for fn in ("auth-presignup", "auth-pretoken", "auth-email-sender"):
        find(graph, fn)["inputs"].pop("name")
    set_input("auth-pretoken", "timeout", 10)(graph)
    names = [r for _, r, _ in run(graph, "trigger-timeout")]
    # auth-email-sender (30 s) can no longer be told apart from a synchronous trigger: reported too.
    assert names == ["auth-email-sender", "auth-pretoken"]


def test_developer_only_attribute_may_drive_role_mapping():
    graph = passing_graph()
    find(graph, "auth-client-web")["inputs"]["writeAttributes"].append("custom:tier")
    assert run(graph, "role-mapping-claims") == []  # custom:tier is developer-only: clients can't write it
    find(graph, "auth-pool")["inputs"]["schemas"][1]["developerOnlyAttribute"] = False
    assert len(run(graph, "role-mapping-claims")) == 1


def test_confidential_client_secret_is_advisory():
    graph = passing_graph()
    client = find(graph, "auth-client-web")
    client["name"] = "auth-client-backend"
    client["inputs"].update(name="backend", generateSecret=True, callbackUrls=["https://api.example.com/cb"])
    assert run(graph, "public-client-no-secret") == [(ADVISORY, "auth-client-backend", "app client "
               "auth-client-backend generates a secret: keep it server-side only (it can never be used by a web or "
               "mobile app)")]
    assert run(graph, "public-client-no-secret", RuleContext(public_clients=frozenset({"backend"})))[0][0] == MANDATORY
    client["inputs"]["callbackUrls"] = ["myapp://callback"]
    assert "native app scheme" in run(graph, "public-client-no-secret")[0][2]


def test_lambda_execution_roles_are_not_identity_roles():
    """A managed policy on a Lambda role is not this pack's business; the same on an identity role is."""
    graph = passing_graph()
    assert any(r["inputs"].get("policyArn", "").endswith("AWSLambdaBasicExecutionRole") for r in graph)
    assert run(graph, "identity-role-no-wildcards") == []


def test_unknown_values_are_never_reported():
    graph = passing_graph()
    set_input("auth-pool", "deletionProtection", UNKNOWN)(graph)
    permission("auth-presignup-invoke", sourceArn=UNKNOWN, sourceAccount=UNKNOWN)(graph)
    set_input("auth-authenticated-role", "assumeRolePolicy", UNKNOWN)(graph)
    assert evaluate(graph) == []


def test_findings_are_sorted_deduplicated_and_serialisable():
    graph = passing_graph()
    for mutate in (set_input("auth-identity-pool", "allowClassicFlow", True),
                   set_option("auth-roles", "deleteBeforeReplace", False),
                   set_input("auth-pool", "deletionProtection", "INACTIVE")):
        mutate(graph)
    found = evaluate(graph)
    assert found == sorted(found) and len(found) == len(set(found)) == 3
    assert [f.rule for f in found] == ["classic-flow-off", "role-attachment-delete-before-replace",
                                       "user-pool-deletion-protection"]
    assert found[0].to_dict() == {"rule": "classic-flow-off", "severity": "mandatory",
                                  "urn": urn("aws:cognito/identityPool:IdentityPool", "auth-identity-pool"),
                                  "message": found[0].message}
    assert evaluate(list(reversed(graph))) == found
    with pytest.raises(AttributeError):
        found[0].rule = "x"  # frozen


def test_finding_type():
    assert Finding("a", MANDATORY, "u", "m") < Finding("b", ADVISORY, "u", "m")


def test_identity_pool_id_can_come_from_its_arn():
    """Some recorders leave `outputs.id` empty; the pool's ARN still names its ID."""
    graph = passing_graph()
    find(graph, "auth-identity-pool")["outputs"]["id"] = ""
    assert run(graph, "identity-role-trust") == []
    trust("auth-authenticated-role", amr="authenticated", aud=OTHER_POOL)(graph)
    assert [m for _, _, m in run(graph, "identity-role-trust")] == [
        f"role auth-authenticated-role: aud '{OTHER_POOL}' is not an identity pool of this stack ({IDENTITY_POOL_ID})"]


# ---- oidc-provider-trust: which providers it checks ----------------------------------------------------------------

GITHUB_OIDC = {
    "urn": urn("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "ci-github"), "name": "ci-github",
    "type": "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "parent": "", "dependencies": [],
    "inputs": {"url": "https://token.actions.githubusercontent.com", "clientIdLists": ["*"]},
    "outputs": {"arn": f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"},
}


def test_oidc_provider_is_checked_only_when_an_identity_pool_trusts_it():
    """A provider the stack keeps for something else (CI) is not checked until an identity pool lists it."""
    graph = passing_graph() + [json.loads(json.dumps(GITHUB_OIDC))]
    assert run(graph, "oidc-provider-trust") == []
    find(graph, "auth-identity-pool")["inputs"]["openidConnectProviderArns"].append(GITHUB_OIDC["outputs"]["arn"])
    assert run(graph, "oidc-provider-trust") == [
        (MANDATORY, "ci-github", "OIDC provider ci-github (trusted by identity pool auth-identity-pool): client ID "
         "'*' contains a wildcard; list exact client IDs, or tokens the issuer mints for other applications get in")]


def test_oidc_provider_is_related_by_dependency_without_outputs():
    """Without outputs (or with an ARN unknown during a preview) the pool's dependency edge names the provider."""
    graph = passing_graph()
    set_input("auth-oidc-auth0", "clientIdLists", ["*"])(graph)
    assert [r for _, r, _ in run(strip_outputs(graph), "oidc-provider-trust")] == ["auth-oidc-auth0"]
    set_input("auth-identity-pool", "openidConnectProviderArns", [UNKNOWN])(graph)
    assert [r for _, r, _ in run(graph, "oidc-provider-trust")] == ["auth-oidc-auth0"]
    set_input("auth-identity-pool", "openidConnectProviderArns", UNKNOWN)(graph)
    assert [r for _, r, _ in run(graph, "oidc-provider-trust")] == ["auth-oidc-auth0"]
    # No ARN and no edge: the pool trusts no provider, so there is nothing to check.
    del_input("auth-identity-pool", "openidConnectProviderArns")(graph)
    find(graph, "auth-identity-pool")["dependencies"].remove(urn("aws:iam/openIdConnectProvider:OpenIdConnectProvider",
                                                                 "auth-oidc-auth0"))
    assert run(graph, "oidc-provider-trust") == []


def test_oidc_provider_unknown_values_are_not_reported():
    graph = passing_graph()
    set_input("auth-oidc-auth0", "url", UNKNOWN)(graph)
    set_input("auth-oidc-auth0", "clientIdLists", UNKNOWN)(graph)
    assert run(graph, "oidc-provider-trust") == []
    set_input("auth-oidc-auth0", "clientIdLists", [UNKNOWN, "*"])(graph)
    assert [m.rsplit(": ", 1)[1] for _, _, m in run(graph, "oidc-provider-trust")] == [
        "client ID '*' contains a wildcard; list exact client IDs, or tokens the issuer mints for other applications "
        "get in"]


def test_oidc_provider_reports_each_bad_entry_once():
    graph = passing_graph()
    set_input("auth-oidc-auth0", "clientIdLists", ["*", "", AUTH0_CLIENT_ID, "app-?"])(graph)
    assert [m.split("): ", 1)[1].split(";")[0] for _, _, m in run(graph, "oidc-provider-trust")] == [
        "client ID '*' contains a wildcard", "client ID 'app-?' contains a wildcard",
        "clientIdLists has an empty entry"]
