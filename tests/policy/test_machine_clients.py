"""The machine-client guardrail: a client_credentials client holds no user-facing flow and no user scope.

Sources: Cognito guide "Scopes, M2M, and resource servers" (client credentials authorize custom scopes only);
API CreateUserPoolClient (no ExplicitAuthFlows means ALLOW_USER_SRP_AUTH, ALLOW_CUSTOM_AUTH, ALLOW_REFRESH_TOKEN_AUTH)."""
from __future__ import annotations

import copy

import pytest

from authstack.policy.graph import UNKNOWN
from authstack.policy.rules import MANDATORY, evaluate, rule_by_name
from tests.policy.graphs import POOL_ID, passing_graph, urn

RULE = "machine-client-no-user-access"
WORKER = {
    "urn": urn("aws:cognito/userPoolClient:UserPoolClient", "auth-client-worker"),
    "type": "aws:cognito/userPoolClient:UserPoolClient", "name": "auth-client-worker", "parent": "", "dependencies": [],
    "inputs": {"name": "worker", "userPoolId": POOL_ID, "generateSecret": True, "preventUserExistenceErrors": "ENABLED",
               "enableTokenRevocation": True, "explicitAuthFlows": ["ALLOW_REFRESH_TOKEN_AUTH"],
               "allowedOauthFlows": ["client_credentials"], "allowedOauthFlowsUserPoolClient": True,
               "allowedOauthScopes": ["https://api.example.com/orders/read"]},
    "outputs": {"id": "mockclient00000000000000009"}, "options": {"protect": True},
}


def run(mutate=None):
    worker = copy.deepcopy(WORKER)
    if mutate:
        mutate(worker["inputs"])
    found = evaluate([*passing_graph(), worker], rules=[rule_by_name(RULE)])
    return [(f.severity, f.message) for f in found]


def test_machine_client_with_api_scopes_only_passes():
    assert run() == []


@pytest.mark.parametrize("mutate,message", [
    (lambda i: i.update(allowedOauthFlows=["client_credentials", "code"]),
     "machine client auth-client-worker also allows the user grant(s) code: give users their own public client"),
    (lambda i: i.pop("explicitAuthFlows"),
     "machine client auth-client-worker sends no explicitAuthFlows, so Cognito enables SRP and custom sign-in on it; "
     "set [ALLOW_REFRESH_TOKEN_AUTH]"),
    (lambda i: i.update(explicitAuthFlows=["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]),
     "machine client auth-client-worker allows user sign-in flows ALLOW_USER_AUTH; keep only ALLOW_REFRESH_TOKEN_AUTH"),
    (lambda i: i["allowedOauthScopes"].append("aws.cognito.signin.user.admin"),
     "machine client auth-client-worker holds user scope(s) aws.cognito.signin.user.admin; a client_credentials "
     "token may carry resource-server scopes only"),
])
def test_each_user_facing_grant_is_mandatory(mutate, message):
    assert run(mutate) == [(MANDATORY, message)]


def test_unknown_values_are_not_reported():
    assert run(lambda i: i.update(explicitAuthFlows=UNKNOWN, allowedOauthScopes=UNKNOWN)) == []
    assert run(lambda i: i.update(allowedOauthFlows=UNKNOWN, explicitAuthFlows=[])) == []


def test_user_clients_are_not_machine_clients():
    # The passing graph's web client has SRP and no client_credentials: not this rule's business.
    assert evaluate(passing_graph(), rules=[rule_by_name(RULE)]) == []
