"""Point 10 (and 4, 9): the replacement guard knows every change that loses users or identities, through the real
path: a lock from the old stack (`plan --write-lock`), then `plan --against` it with the new one. Safe changes stay
allowed: a guard that cries wolf gets switched off."""
from __future__ import annotations

import pytest

from tests.helpers import by_type
from tests.provider.conftest import stack_file
from tests.provider.helpers import plan_against, planned, write


def blocking(doc) -> list[dict]:
    return [c for c in doc["replacements"] if c["blocking"]]


def prod() -> dict:
    return stack_file("prod")["config"]


def federation() -> dict:
    return stack_file("federation")["config"]


def test_region_change_is_refused(tmp_path):
    """Every resource lives in one region; a new region means new, empty pools (the old ones are deleted)."""
    new = prod()
    new["aws:region"] = "eu-central-1"
    proc, doc = plan_against(tmp_path, prod(), new)
    assert proc.returncode == 1
    hits = [c for c in blocking(doc) if c["attribute"] == "region"]
    assert len(hits) == 1 and "eu-west-1 to eu-central-1" in hits[0]["message"]


def test_flip_to_throwaway_is_refused(tmp_path):
    new = prod()
    new["authstack:throwaway"] = True
    proc, doc = plan_against(tmp_path, prod(), new)
    assert proc.returncode == 1
    [hit] = [c for c in blocking(doc) if c["attribute"] == "throwaway"]
    assert "authstack-x-pool" in hit["message"]


def test_throwaway_to_protected_is_fine(tmp_path):
    # prod passes the non-throwaway baseline (dev's localhost callbacks would not): only the guard is under test here.
    old = stack_file("prod")["config"]
    old["authstack:throwaway"] = True
    proc, doc = plan_against(tmp_path, old, stack_file("prod")["config"])
    assert "replacements" in doc, proc.stderr
    assert not blocking(doc), doc["replacements"]


@pytest.mark.parametrize("change,attribute", [
    # Facebook user IDs are app-scoped: a new app ID gives every user a new ID, so a new identity.
    (lambda f: f.update(facebookAppId="999"), "supportedLoginProviders.graph.facebook.com"),
    (lambda f: f.update(googleClientId="other.apps.googleusercontent.com"), "supportedLoginProviders.accounts.google.com"),
    # A new Auth0 domain is a new issuer: a new IAM OIDC provider ARN and a new Logins key.
    (lambda f: f["auth0"].update(domain="other.eu.auth0.com"), "openidConnectProviderArns"),
    (lambda f: f.pop("auth0"), "openidConnectProviderArns"),
])
def test_identity_pool_login_changes_are_refused(tmp_path, change, attribute):
    old = federation()
    old["authstack:identityPool"]["federation"]["facebookAppId"] = "1234567890"
    new = federation()
    new["authstack:identityPool"]["federation"]["facebookAppId"] = "1234567890"
    change(new["authstack:identityPool"]["federation"])
    if "auth0" not in new["authstack:identityPool"]["federation"]:
        new["authstack:identityPool"]["roleMappings"] = []
    proc, doc = plan_against(tmp_path, old, new)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert [c for c in blocking(doc) if c["attribute"] == attribute], doc["replacements"]


def test_adding_a_login_is_fine(tmp_path):
    new = federation()
    new["authstack:identityPool"]["federation"]["facebookAppId"] = "1234567890"
    proc, doc = plan_against(tmp_path, federation(), new)
    assert not blocking(doc), doc["replacements"]


def test_sms_off_keeps_the_role(tmp_path):
    """sms_configuration is Optional+Computed in the provider (user_pool.go), so turning SMS off leaves it on the pool:
    the SNS role is retained in AWS (retainOnDelete) instead of deleted, and the plan says so."""
    old = prod()
    old["authstack:userPool"]["mfa"] = {"mode": "ON", "totp": True, "sms": True}
    p = planned(write(tmp_path / "p", old))
    role = next(r for r in by_type(p, "aws:iam/role:Role") if r.name.endswith("-sms"))
    policy = next(r for r in by_type(p, "aws:iam/rolePolicy:RolePolicy") if r.name.endswith("-sms-publish"))
    assert role.options["retainOnDelete"] and policy.options["retainOnDelete"]
    proc, doc = plan_against(tmp_path / "s", old, prod())
    assert proc.returncode == 0, doc["replacements"]
    [note] = [c for c in doc["replacements"] if c["attribute"] == "smsConfiguration"]
    assert note["blocking"] is False and "retained" in note["message"]


def test_sms_off_with_an_existing_role_says_that_role_must_stay(tmp_path):
    """An adopted Gen 1 pool names Amplify's SNS role (sms.snsCallerArn): the note must not claim authstack made it."""
    old = prod()
    old["authstack:userPool"]["mfa"] = {"mode": "ON", "totp": True, "sms": True}
    old["authstack:userPool"]["sms"] = {"snsCallerArn": "arn:aws:iam::111122223333:role/amplify-sns-role",
                                        "externalId": "gen1-external-id"}
    p = planned(write(tmp_path / "p", old))
    assert not [r for r in by_type(p, "aws:iam/role:Role") if r.name.endswith("-sms")]
    proc, doc = plan_against(tmp_path / "s", old, prod())
    [note] = [c for c in doc["replacements"] if c["attribute"] == "smsConfiguration"]
    assert note["blocking"] is False and "existing SNS role" in note["message"] and "authstack created" not in note["message"]


def test_throwaway_sms_role_is_not_retained(tmp_path):
    p = planned(write(tmp_path, stack_file("dev")["config"]))
    role = next(r for r in by_type(p, "aws:iam/role:Role") if r.name.endswith("-sms"))
    assert role.options["retainOnDelete"] is False


def test_declaring_a_standard_attribute_later_is_refused(tmp_path):
    """The provider's update sends every new schema entry to AddCustomAttributes (terraform-provider-aws user_pool.go,
    resourceUserPoolUpdate), so a standard attribute declared after creation becomes custom:<name>."""
    new = prod()
    new["authstack:userPool"]["standardAttributes"]["name"] = {"mutable": False}
    proc, doc = plan_against(tmp_path, prod(), new)
    assert proc.returncode == 1
    [hit] = [c for c in blocking(doc) if c["attribute"] == "schemas.name"]
    assert "custom:name" in hit["message"]


SAFE = [
    lambda c: c["authstack:clients"]["web"]["oauth"].update(callbackUrls=["https://app.example.com/", "https://b.example.com/"]),
    lambda c: c["authstack:clients"]["web"]["oauth"].update(scopes=["openid", "email"]),
    lambda c: c["authstack:clients"]["web"].update(accessTokenValidity=30, refreshTokenValidity=1),
    lambda c: c["authstack:userPool"]["mfa"].update(mode="OPTIONAL"),
    lambda c: c["authstack:userPool"]["passwordPolicy"].update(minimumLength=16),
    lambda c: c["authstack:clients"].update(admin={"generateSecret": True}),
    lambda c: c["authstack:userPool"]["groups"].update(auditors={"precedence": 5}),
    lambda c: c["authstack:userPool"]["customAttributes"].update(plan={"maxLength": 32}),
    lambda c: c.update({"authstack:triggers": {"preSignUp": {"steps": [
        {"use": "email-domain-allowlist", "with": {"domains": ["example.com"]}}]}}}),
    lambda c: c["authstack:identityPool"].update(allowGuestAccess=True),
    lambda c: c["authstack:identityPool"]["roles"]["authenticated"]["policyStatements"][0].update(
        actions=["route53:GetHostedZone"]),
]


@pytest.mark.parametrize("change", SAFE, ids=["callbacks", "scopes", "token-validity", "mfa-mode", "password-policy",
                                              "new-client", "new-group", "optional-attribute", "new-trigger",
                                              "guest-access", "role-policy"])
def test_safe_changes_stay_allowed(tmp_path, change):
    new = prod()
    change(new)
    proc, doc = plan_against(tmp_path, prod(), new)
    assert not blocking(doc), doc["replacements"]


def test_trigger_settings_change_is_allowed(tmp_path):
    old = stack_file("dev")["config"]
    new = stack_file("dev")["config"]
    new["authstack:triggers"]["preSignUp"]["steps"][0]["with"]["domains"] = ["example.com", "example.org"]
    proc, doc = plan_against(tmp_path, old, new)
    assert proc.returncode == 0 and doc["replacements"] == []


def test_old_lock_without_new_keys_still_compares(tmp_path):
    """Locks written before these checks lack region, protect, triggers and logins: nothing is invented."""
    import json

    from authstack.cli.plan import replacement
    from tests.provider.helpers import lock_of

    lock = lock_of(write(tmp_path, prod()))
    lock.pop("region")
    for entry in lock["resources"].values():
        entry.pop("protect")
        for key in ("triggers", "sms", "supportedLoginProviders", "openidConnectProviderArns", "samlProviderArns"):
            entry["values"].pop(key, None)
    json.dumps(lock)
    new = prod()
    new["aws:region"] = "eu-central-1"
    new["authstack:throwaway"] = True
    assert replacement.compare(lock, lock_of(write(tmp_path / "n", new))) == []
