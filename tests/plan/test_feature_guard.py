"""The replacement guard on resource servers and passkeys: what a change would replace or break.

terraform-provider-aws `aws_cognito_resource_server`: `identifier` and `user_pool_id` are ForceNew. A passkey is bound
to its relying party ID (WebAuthn Level 2 §5.1.4): changing it is in place for Cognito but strands every passkey."""
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


def test_relying_party_change_strands_passkeys(tmp_path):
    def with_passkeys(rp):
        c = copy.deepcopy(BASE)
        c["authstack:clients"]["web"] = {"authFlows": ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}
        c["authstack:userPool"] = {"passwordless": {"firstFactors": ["PASSWORD", "WEB_AUTHN"], **rp}}
        return c
    before = lock_of(tmp_path, "before", with_passkeys({}))
    moved = replacement.compare(before, lock_of(tmp_path, "moved", with_passkeys(
        {"relyingPartyId": "example.com", "origins": ["https://app.example.com"]})))
    assert [(c["attribute"], c["before"], c["after"]) for c in moved] == [
        ("webAuthnConfiguration.relyingPartyId", "myapp.auth.eu-west-1.amazoncognito.com", "example.com")]
    assert "every registered passkey stops working" in moved[0]["message"]
    same = replacement.compare(before, lock_of(tmp_path, "same", with_passkeys({"userVerification": "required"})))
    assert same == []


def test_renaming_the_activity_log_group_is_reported(tmp_path):
    def logs(name):
        c = copy.deepcopy(BASE)
        c["authstack:userPool"] = {"activityLogs": {"notificationErrors": True, "logGroupName": name}}
        return c
    found = replacement.compare(lock_of(tmp_path, "before", logs("/aws/vendedlogs/a")),
                                lock_of(tmp_path, "after", logs("/aws/vendedlogs/b")))
    assert [(c["resource"], c["attribute"]) for c in found] == [("authstack-t-logs-group", "name")]
    assert "user activity history kept so far is deleted" in found[0]["message"]


def test_plan_shows_every_new_resource_in_each_format(tmp_path):
    """tree, JSON and mermaid name the resource servers, the risk configuration and the log delivery (prod: PLUS)."""
    import json
    import subprocess
    import sys

    from tests.helpers import ROOT

    config = {**BASE, "authstack:userPool": {"featurePlan": "PLUS"}}
    root = project(tmp_path, config=config)
    out = {}
    for fmt in ("json", "tree", "mermaid"):
        proc = subprocess.run([sys.executable, "-m", "authstack.cli", "plan", "--stack", "t", "--project-dir", str(root),
                               "--format", fmt], capture_output=True, text=True, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr
        out[fmt] = proc.stdout
    types = {r["type"] for r in json.loads(out["json"])["resources"]}
    new = {"aws:cognito/resourceServer:ResourceServer", "aws:cognito/riskConfiguration:RiskConfiguration",
           "aws:cognito/logDeliveryConfiguration:LogDeliveryConfiguration", "aws:cloudwatch/logGroup:LogGroup",
           "aws:cloudwatch/logResourcePolicy:LogResourcePolicy"}
    assert new <= types
    for name in ("authstack-t-api-orders", "authstack-t-threats-risk", "authstack-t-logs-delivery", "authstack-t-logs-group"):
        assert name in out["tree"] and name in out["mermaid"], name
