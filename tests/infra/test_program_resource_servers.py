"""Resource servers and a machine-to-machine client under mocks: exact wire inputs, parents, order, guardrails.

pulumi-aws 7.51.1 `cognito.ResourceServer(identifier, user_pool_id, name, scopes=[{scope_name, scope_description}])`
(installed package, pulumi_aws/cognito/resource_server.py). Cognito gives a client without ExplicitAuthFlows
SRP + custom + refresh (API CreateUserPoolClient), so the machine client sends refresh only."""
from __future__ import annotations

import pytest

from authstack.cli.plan.document import document
from authstack.cli.plan.guardrails import findings
from authstack.infra.offline import plan
from authstack.spec.load import load
from tests.helpers import by_type, one, project

SERVER = "aws:cognito/resourceServer:ResourceServer"
CLIENT = "aws:cognito/userPoolClient:UserPoolClient"
CONFIG = {
    "authstack:domain": {"prefix": "myapp"},
    "authstack:resourceServers": {
        "orders": {"identifier": "https://api.example.com/orders", "name": "Orders API",
                   "scopes": {"read": "Read orders", "write": "Create orders"}},
        "reports": {"identifier": "reports"},
    },
    "authstack:clients": {
        "web": {},
        "worker": {"generateSecret": True,
                   "oauth": {"flows": ["client_credentials"], "scopes": ["https://api.example.com/orders/read"]}},
    },
}


@pytest.fixture(scope="module")
def machine_plan(tmp_path_factory):
    root = project(tmp_path_factory.mktemp("m2m"), config=CONFIG)
    return root, plan(root, "t")


def test_resource_server_inputs(machine_plan):
    _, p = machine_plan
    servers = {r.name: r for r in by_type(p, SERVER)}
    assert set(servers) == {"authstack-t-api-orders", "authstack-t-api-reports"}
    orders = servers["authstack-t-api-orders"]
    pool = one(p, "aws:cognito/userPool:UserPool")
    assert orders.inputs == {
        "userPoolId": pool.outputs["id"],
        "identifier": "https://api.example.com/orders", "name": "Orders API",
        "scopes": [{"scopeName": "read", "scopeDescription": "Read orders"},
                   {"scopeName": "write", "scopeDescription": "Create orders"}],
    }
    # No scopes: the argument is left out, and the name defaults to the spec key.
    assert servers["authstack-t-api-reports"].inputs["name"] == "reports"
    assert "scopes" not in servers["authstack-t-api-reports"].inputs
    component = next(r for r in p.resources if r.urn == orders.parent)
    assert component.type == "authstack:cognito:ResourceServers"
    assert orders.options["protect"] is True  # not a throwaway stack


def test_machine_client_inputs_and_order(machine_plan):
    _, p = machine_plan
    worker = next(c for c in by_type(p, CLIENT) if c.name.endswith("-worker"))
    i = worker.inputs
    assert i["generateSecret"] is True
    assert i["explicitAuthFlows"] == ["ALLOW_REFRESH_TOKEN_AUTH"]
    assert i["allowedOauthFlows"] == ["client_credentials"] and i["allowedOauthFlowsUserPoolClient"] is True
    assert i["allowedOauthScopes"] == ["https://api.example.com/orders/read"]
    assert "callbackUrls" not in i and "logoutUrls" not in i
    # A client naming a custom scope fails if its resource server does not exist yet.
    assert {r.urn for r in by_type(p, SERVER)} <= set(worker.dependencies)


def test_machine_client_passes_the_guardrails(machine_plan):
    root, p = machine_plan
    stack = load(root, "t")
    found = findings(stack, document(p, [], []))
    # Only the advisory "keep the secret server-side" note on the confidential client (and the stack's default email
    # sender advice, tests/provider/test_email.py, which is about the pool).
    assert [(f["rule"], f["severity"]) for f in found if f["rule"] != "spec-advisory"] == [
        ("public-client-no-secret", "advisory")]
