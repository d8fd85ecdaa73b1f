"""A realistic stack graph that passes every guardrail, in the plan's JSON shape, with the lead's mock ID formats.

Tests take a fresh copy (`passing_graph()`), break one thing, and check that exactly the expected finding appears.
"""
from __future__ import annotations

import copy
import json

ACCOUNT = "123456789012"
REGION = "eu-west-1"
PREFIX = "urn:pulumi:dev::authstack::authstack:index:Auth$"
COMPONENT_URN = "urn:pulumi:dev::authstack::authstack:index:Auth::auth"
POOL_ID = f"{REGION}_MOCKPOOL1"
POOL_ARN = f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{POOL_ID}"
IDENTITY_POOL_ID = f"{REGION}:00000000-0000-4000-8000-000000000001"
WEB_CLIENT_ID = "mockclient00000000000000001"
AUTH0_CLIENT_ID = "Auth0ClientIdForWeb123"
OIDC_ARN = f"arn:aws:iam::{ACCOUNT}:oidc-provider/example.eu.auth0.com"


def urn(type_: str, name: str) -> str:
    return f"{PREFIX}{type_}::{name}"


def role_arn(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:role/{name}-0000001"


def fn_arn(name: str) -> str:
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}-0000001"


def trust_policy(amr: str | list[str], aud: str = IDENTITY_POOL_ID, aud_operator: str = "StringEquals") -> str:
    """The trust policy the program renders for an identity-pool role (AWS's documented form)."""
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": "cognito-identity.amazonaws.com"},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {
                aud_operator: {"cognito-identity.amazonaws.com:aud": aud},
                "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": amr},
            },
        }],
    })


def permissions(*statements: tuple[str | list[str], str | list[str]]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": action, "Resource": resource} for action, resource in statements]})


LAMBDA_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def _resource(type_: str, name: str, inputs: dict, outputs: dict | None = None, options: dict | None = None,
              dependencies: list[str] | None = None, secret_inputs: list[str] | None = None) -> dict:
    return {
        "urn": urn(type_, name), "type": type_, "name": name, "parent": COMPONENT_URN,
        "dependencies": dependencies or [], "inputs": inputs, "outputs": outputs or {},
        "secretInputs": secret_inputs or [],
        "options": {"protect": False, "deleteBeforeReplace": False, "import": "", "additionalSecretOutputs": [],
                    "retainOnDelete": False, **(options or {})},
    }


def _function(name: str, timeout: float) -> dict:
    return _resource("aws:lambda/function:Function", name,
                     {"name": f"{name}-0000001", "handler": "index.handler", "runtime": "python3.12",
                      "timeout": timeout, "role": role_arn(f"{name}-exec")},
                     {"id": f"{name}-0000001", "name": f"{name}-0000001", "arn": fn_arn(name)},
                     dependencies=[urn("aws:iam/role:Role", f"{name}-exec")])


def _permission(name: str, function: str) -> dict:
    return _resource("aws:lambda/permission:Permission", name,
                     {"action": "lambda:InvokeFunction", "function": f"{function}-0000001",
                      "principal": "cognito-idp.amazonaws.com", "sourceArn": POOL_ARN, "sourceAccount": ACCOUNT},
                     {"id": name},
                     dependencies=[urn("aws:lambda/function:Function", function),
                                   urn("aws:cognito/userPool:UserPool", "auth-pool")])


def _exec_role(name: str) -> list[dict]:
    return [
        _resource("aws:iam/role:Role", f"{name}-exec", {"assumeRolePolicy": LAMBDA_TRUST},
                  {"id": f"{name}-exec-0000001", "name": f"{name}-exec-0000001", "arn": role_arn(f"{name}-exec")}),
        _resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", f"{name}-exec-logs",
                  {"role": f"{name}-exec-0000001",
                   "policyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"},
                  dependencies=[urn("aws:iam/role:Role", f"{name}-exec")]),
    ]


def _identity_role(name: str, amr: str, *statements: tuple) -> list[dict]:
    role = _resource("aws:iam/role:Role", name, {"assumeRolePolicy": trust_policy(amr)},
                     {"id": f"{name}-0000001", "name": f"{name}-0000001", "arn": role_arn(name)},
                     dependencies=[urn("aws:cognito/identityPool:IdentityPool", "auth-identity-pool")])
    policy = _resource("aws:iam/rolePolicy:RolePolicy", f"{name}-policy",
                       {"role": f"{name}-0000001", "policy": permissions(*statements)},
                       dependencies=[urn("aws:iam/role:Role", name)])
    return [role, policy]


def passing_graph() -> list[dict]:
    """A dev stack with a user pool, two triggers and a custom email sender, a web client, Google sign-in, an
    identity pool with authenticated, guest and admin roles, rule-based role mapping on `cognito:groups`, and direct
    Auth0 federation through an IAM OIDC provider (as the program makes it for `federation.auth0`)."""
    pool_urn = urn("aws:cognito/userPool:UserPool", "auth-pool")
    graph = [
        {"urn": COMPONENT_URN, "type": "authstack:index:Auth", "name": "auth", "parent": "", "dependencies": [],
         "inputs": {}, "outputs": {}, "secretInputs": [], "options": {"protect": False}},
        *_exec_role("auth-presignup"), *_exec_role("auth-pretoken"), *_exec_role("auth-email-sender"),
        _function("auth-presignup", 5), _function("auth-pretoken", 3),
        _function("auth-email-sender", 30),  # custom sender: asynchronous, the 5 s limit does not apply
        _resource("aws:cognito/userPool:UserPool", "auth-pool", {
            "name": "authstack-dev",
            "deletionProtection": "ACTIVE",
            "usernameAttributes": ["email"],
            "lambdaConfig": {
                "preSignUp": fn_arn("auth-presignup"),
                "preTokenGenerationConfig": {"lambdaArn": fn_arn("auth-pretoken"), "lambdaVersion": "V2_0"},
                "customEmailSender": {"lambdaArn": fn_arn("auth-email-sender"), "lambdaVersion": "V1_0"},
                "kmsKeyId": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/00000000-0000-4000-8000-00000000000a",
            },
            "schemas": [
                {"name": "plan", "attributeDataType": "String", "mutable": True, "developerOnlyAttribute": False},
                {"name": "tier", "attributeDataType": "String", "mutable": True, "developerOnlyAttribute": True},
            ],
        }, {"id": POOL_ID, "arn": POOL_ARN, "endpoint": f"cognito-idp.{REGION}.amazonaws.com/{POOL_ID}"},
            {"protect": True}, [urn("aws:lambda/function:Function", f) for f in
                                ("auth-presignup", "auth-pretoken", "auth-email-sender")]),
        _permission("auth-presignup-invoke", "auth-presignup"),
        _permission("auth-pretoken-invoke", "auth-pretoken"),
        _permission("auth-email-sender-invoke", "auth-email-sender"),
        _resource("aws:cognito/identityProvider:IdentityProvider", "auth-google", {
            "userPoolId": POOL_ID, "providerName": "Google", "providerType": "Google",
            "providerDetails": "[secret]",
            "attributeMapping": {"email": "email"},
        }, {"id": f"{POOL_ID}:Google"}, {"protect": True, "additionalSecretOutputs": ["providerDetails"]},
            [pool_urn], secret_inputs=["providerDetails"]),
        _resource("aws:cognito/userPoolClient:UserPoolClient", "auth-client-web", {
            "name": "web", "userPoolId": POOL_ID, "generateSecret": False,
            "preventUserExistenceErrors": "ENABLED", "enableTokenRevocation": True,
            "explicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "writeAttributes": ["email", "name", "custom:plan"],
            "callbackUrls": ["http://localhost:3000/"],
            "supportedIdentityProviders": ["COGNITO", "Google"],
        }, {"id": WEB_CLIENT_ID}, {"protect": True},
            [pool_urn, urn("aws:cognito/identityProvider:IdentityProvider", "auth-google")]),
        _resource("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "auth-oidc-auth0", {
            "url": "https://example.eu.auth0.com/", "clientIdLists": [AUTH0_CLIENT_ID],
        }, {"id": OIDC_ARN, "arn": OIDC_ARN}),
        _resource("aws:cognito/identityPool:IdentityPool", "auth-identity-pool", {
            "identityPoolName": "authstack_dev", "allowUnauthenticatedIdentities": False, "allowClassicFlow": False,
            "cognitoIdentityProviders": [{"clientId": WEB_CLIENT_ID,
                                          "providerName": f"cognito-idp.{REGION}.amazonaws.com/{POOL_ID}",
                                          "serverSideTokenCheck": True}],
            "openidConnectProviderArns": [OIDC_ARN],
        }, {"id": IDENTITY_POOL_ID, "arn": f"arn:aws:cognito-identity:{REGION}:{ACCOUNT}:identitypool/{IDENTITY_POOL_ID}"},
            {"protect": True}, [pool_urn, urn("aws:cognito/userPoolClient:UserPoolClient", "auth-client-web"),
                                urn("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "auth-oidc-auth0")]),
        *_identity_role("auth-authenticated-role", "authenticated",
                        ("execute-api:Invoke", f"arn:aws:execute-api:{REGION}:{ACCOUNT}:api0000001/*/GET/*")),
        *_identity_role("auth-unauthenticated-role", "unauthenticated",
                        ("s3:GetObject", "arn:aws:s3:::authstack-dev-public/*")),
        *_identity_role("auth-admins-role", "authenticated",
                        (["cognito-idp:AdminGetUser", "cognito-idp:ListUsers"], POOL_ARN)),
        _resource("aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment", "auth-roles", {
            "identityPoolId": IDENTITY_POOL_ID,
            "roles": {"authenticated": role_arn("auth-authenticated-role"),
                      "unauthenticated": role_arn("auth-unauthenticated-role")},
            "roleMappings": [{
                "identityProvider": f"cognito-idp.{REGION}.amazonaws.com/{POOL_ID}:{WEB_CLIENT_ID}",
                "type": "Rules", "ambiguousRoleResolution": "Deny",
                "mappingRules": [
                    {"claim": "cognito:groups", "matchType": "Contains", "value": "admins",
                     "roleArn": role_arn("auth-admins-role")},
                    {"claim": "custom:tier", "matchType": "Equals", "value": "gold",
                     "roleArn": role_arn("auth-authenticated-role")},
                ],
            }],
        }, {"id": IDENTITY_POOL_ID}, {"deleteBeforeReplace": True},
            [urn("aws:cognito/identityPool:IdentityPool", "auth-identity-pool")] +
            [urn("aws:iam/role:Role", r) for r in ("auth-authenticated-role", "auth-unauthenticated-role",
                                                    "auth-admins-role")]),
    ]
    return copy.deepcopy(graph)


def find(graph: list[dict], name: str) -> dict:
    """The resource dict with logical name `name` (tests mutate it in place)."""
    matches = [r for r in graph if r["name"] == name]
    assert len(matches) == 1, f"{name}: {len(matches)} matches"
    return matches[0]


def strip_outputs(graph: list[dict]) -> list[dict]:
    """The same graph as a CrossGuard resource-level check sees it: no outputs, no secretInputs."""
    stripped = copy.deepcopy(graph)
    for resource in stripped:
        resource.pop("outputs", None)
        resource.pop("secretInputs", None)
    return stripped
