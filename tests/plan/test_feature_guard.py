"""The replacement guard on the issue-13 resources: what a change would replace or break.

terraform-provider-aws `aws_cognito_resource_server`: `identifier` and `user_pool_id` are ForceNew."""
from __future__ import annotations

import copy

from authstack.cli.plan import replacement
from authstack.cli.plan.document import document
from authstack.infra.offline import plan
from tests.helpers import project

BASE = {
    "authstack:domain": {"prefix": "myapp"},
    "authstack:resourceServers": {"orders": {"identifier": "https://api.example.com/orders", "scopes": {"read": "Read"}}},
    "authstack:clients": {"web": {}, "worker": {"generateSecret": True, "oauth": {
        "flows": ["client_credentials"], "scopes": ["https://api.example.com/orders/read"]}}},
}


def lock_of(tmp_path, name, config):
    folder = tmp_path / name
    folder.mkdir()
    return replacement.lock(document(plan(project(folder, config=config), "t"), [], []))


def changes(tmp_path, mutate):
    after = copy.deepcopy(BASE)
    mutate(after)
    return replacement.compare(lock_of(tmp_path, "before", BASE), lock_of(tmp_path, "after", after))


def test_new_resource_server_identifier_is_reported(tmp_path):
    def mutate(c):
        c["authstack:resourceServers"]["orders"]["identifier"] = "https://api.example.com/v2/orders"
        c["authstack:clients"]["worker"]["oauth"]["scopes"] = ["https://api.example.com/v2/orders/read"]
    found = changes(tmp_path, mutate)
    assert [(c["resource"], c["attribute"]) for c in found] == [("authstack-t-api-orders", "identifier")]
    assert found[0]["message"].startswith("changing the identifier replaces the resource server: every scope is renamed")


def test_in_place_scope_addition_is_not_reported(tmp_path):
    found = changes(tmp_path, lambda c: c["authstack:resourceServers"]["orders"]["scopes"].update(write="Write"))
    assert found == []
