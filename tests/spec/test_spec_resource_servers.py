"""Resource servers and machine-to-machine clients in the spec: each rule with one failing and one passing case.

Sources: Cognito guide "Scopes, M2M, and resource servers" (the client credentials grant authorizes custom scopes
only; a machine client needs a secret and a domain); botocore cognito-idp shapes ResourceServerIdentifierType,
ResourceServerScopeNameType (no '/'), ResourceServerScopeDescriptionType (1-256), ResourceServerScopeListType (<= 100),
ScopeListType (<= 50 per client)."""
from __future__ import annotations

import pytest

from authstack.spec.errors import SpecError
from authstack.spec.load import load
from tests.helpers import project

API = {"orders": {"identifier": "https://api.example.com/orders", "scopes": {"read": "Read orders", "write": "Write"}}}
DOMAIN = {"prefix": "myapp"}


def machine(**oauth):
    return {"generateSecret": True, "oauth": {"flows": ["client_credentials"], **oauth}}


def check(tmp_path, config):
    return load(project(tmp_path, config=config), "t")


def problems(tmp_path, config):
    with pytest.raises(SpecError) as caught:
        check(tmp_path, config)
    return [str(p) for p in caught.value.problems]


def test_machine_client_with_defined_scopes_passes_and_keeps_refresh_only(tmp_path):
    stack = check(tmp_path, {"authstack:domain": DOMAIN, "authstack:resourceServers": API,
                             "authstack:clients": {"web": {}, "worker": machine(scopes=["https://api.example.com/orders/read"])}})
    worker = stack.spec.clients["worker"]
    assert worker.is_machine and worker.oauth.callback_urls == []
    # An unset authFlows would give Cognito's defaults (SRP + custom): a machine client keeps refresh only.
    assert worker.auth_flows == ["ALLOW_REFRESH_TOKEN_AUTH"]
    assert stack.spec.clients["web"].auth_flows == ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    assert stack.spec.resource_scopes() == {"https://api.example.com/orders/read": "orders",
                                            "https://api.example.com/orders/write": "orders"}


@pytest.mark.parametrize("config,line", [
    # A scope no resource server defines (the case: today's spec accepted it, Cognito refuses it at deploy).
    ({"authstack:clients": {"web": {}, "worker": machine(scopes=["api/read"])}},
     "Pulumi.t.yaml: authstack:clients.worker.oauth.scopes[0]: 'api/read' is neither a Cognito scope nor a scope of a "
     "resource server (defined: none: add authstack:resourceServers)"),
    ({"authstack:resourceServers": API,
      "authstack:clients": {"web": {}, "worker": machine(scopes=["https://api.example.com/orders/delete"])}},
     "Pulumi.t.yaml: authstack:clients.worker.oauth.scopes[0]: 'https://api.example.com/orders/delete' is neither a "
     "Cognito scope nor a scope of a resource server (defined: https://api.example.com/orders/read, "
     "https://api.example.com/orders/write)"),
    ({"authstack:clients": {"web": {"oauth": {"callbackUrls": ["https://a.example/"], "logoutUrls": ["https://a.example/"],
                                              "scopes": ["openid", "admin"]}}}},
     "Pulumi.t.yaml: authstack:clients.web.oauth.scopes[1]: 'admin' is neither a Cognito scope nor a scope of a "
     "resource server (defined: none: add authstack:resourceServers)"),
    # Custom scopes only for client_credentials.
    ({"authstack:resourceServers": API,
      "authstack:clients": {"web": {}, "worker": machine(scopes=["https://api.example.com/orders/read",
                                                                 "aws.cognito.signin.user.admin"])}},
     "Pulumi.t.yaml: authstack:clients.worker.oauth.scopes[1]: 'aws.cognito.signin.user.admin' is a user scope; a "
     "client_credentials client may only hold resource-server scopes (<identifier>/<scope>)"),
    # No user-facing flow on a machine client.
    ({"authstack:resourceServers": API,
      "authstack:clients": {"web": {}, "worker": {**machine(scopes=["https://api.example.com/orders/read"]),
                                                  "authFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}}},
     "Pulumi.t.yaml: authstack:clients.worker.authFlows: a client_credentials client signs no user in: remove "
     "ALLOW_USER_PASSWORD_AUTH (leave authFlows unset)"),
    # The default user scopes do not apply: a machine client says which API scopes it may request.
    ({"authstack:clients": {"web": {}, "worker": machine()}},
     "Pulumi.t.yaml: authstack:clients.worker.oauth: client_credentials needs scopes: list the resource-server scopes "
     "(<identifier>/<scope>) this client may request"),
    ({"authstack:clients": {"web": {"oauth": {"flows": ["code"]}}}},
     "Pulumi.t.yaml: authstack:clients.web.oauth: code need callbackUrls (where the hosted UI sends users back)"),
    ({"authstack:resourceServers": {"a": API["orders"], "b": API["orders"]}},
     "Pulumi.t.yaml: authstack:resourceServers.b.identifier: 'https://api.example.com/orders' is already the "
     "identifier of 'a'"),
    ({"authstack:resourceServers": {"a": {"identifier": "has space"}}},
     "Pulumi.t.yaml: authstack:resourceServers.a: identifier 'has space': 1-256 printable characters without spaces, "
     "quotes or backslashes"),
    ({"authstack:resourceServers": {"a": {"identifier": "api", "scopes": {"read/all": "x"}}}},
     "Pulumi.t.yaml: authstack:resourceServers.a: scopes.read/all: 1-256 printable characters without spaces, quotes, "
     "'/' or '\\'"),
    ({"authstack:resourceServers": {"a": {"identifier": "api", "scopes": {"read": ""}}}},
     "Pulumi.t.yaml: authstack:resourceServers.a: scopes.read: the description must be 1-256 characters"),
    ({"authstack:resourceServers": {"a": {"identifier": "api", "scopes": {f"s{i}": "x" for i in range(101)}}}},
     "Pulumi.t.yaml: authstack:resourceServers.a: scopes: at most 100 per resource server (got 101)"),
    ({"authstack:userPool": False, "authstack:identityPool": {"allowGuestAccess": True}, "authstack:resourceServers": API},
     "Pulumi.t.yaml: authstack:resourceServers: needs a user pool (authstack:userPool is false)"),
])
def test_bad_resource_server_or_machine_client(tmp_path, config, line):
    config = {"authstack:domain": DOMAIN, **config} if "authstack:userPool" not in config else config
    assert line in problems(tmp_path, config)


def test_user_client_may_name_a_resource_server_scope(tmp_path):
    # Passing counterpart of the unknown-scope case: users' tokens may carry API scopes too.
    web = {"oauth": {"callbackUrls": ["https://a.example/"], "logoutUrls": ["https://a.example/"],
                     "scopes": ["openid", "https://api.example.com/orders/read"]}}
    stack = check(tmp_path, {"authstack:domain": DOMAIN, "authstack:resourceServers": API, "authstack:clients": {"web": web}})
    assert stack.spec.clients["web"].oauth.scopes[1] == "https://api.example.com/orders/read"


def test_readme_machine_client_example_validates(tmp_path):
    import re

    import yaml

    from tests.helpers import ROOT

    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```yaml\n(  authstack:domain: \{prefix: myapp-prod\}\n  authstack:resourceServers:.*?)```",
                      readme, re.S).group(1)
    stack = check(tmp_path, yaml.safe_load(block))
    assert stack.spec.clients["reporting"].is_machine
    assert "https://api.example.com/orders/read" in readme.split("curl", 1)[1]  # the token request names that scope
