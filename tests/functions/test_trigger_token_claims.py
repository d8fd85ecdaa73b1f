"""token-claims on the real V1 and V2 pre token generation events."""

import pytest

from authstack.functions.package import StepError, validate_steps
from authstack.functions.runtime.errors import MalformedEvent

SETTINGS = {
    "idToken": {"add": {"tenant": "acme", "tier": 2}, "suppress": ["email"], "fromClientMetadata": {"app": "appName"}},
    "accessToken": {"add": {"tenant": "acme"}, "addScopes": ["orders/read"], "suppressScopes": ["aws.cognito.signin.user.admin"]},
}


def test_v1_request_only_event_gets_claims_and_groups_passed_through(event, step):
    sample = event("powertools-cognitoPreTokenGenerationEvent")
    sample["request"]["clientMetadata"] = {"appName": "web"}
    out = step("token-claims", "preTokenGeneration", {"idToken": SETTINGS["idToken"]})(sample)
    details = out["response"]["claimsOverrideDetails"]
    assert details["claimsToAddOrOverride"] == {"tenant": "acme", "tier": 2, "app": "web"}
    assert details["claimsToSuppress"] == ["email"]
    assert details["groupOverrideDetails"] == sample["request"]["groupConfiguration"]
    assert "claimsAndScopeOverrideDetails" not in out["response"]


def test_v1_lambda_go_event_merges_with_existing_response(event, step):
    # The fixture's triggerSource is the placeholder "PreTokenGen"; the built-in itself does not
    # look at it (the runtime does), so the event is used as published.
    sample = event("lambda-go-pretokengen")
    out = step("token-claims", "preTokenGeneration", {"idToken": {"add": {"tenant": "acme"}, "suppress": ["email", "phone_number"]}})(sample)
    details = out["response"]["claimsOverrideDetails"]
    assert details["claimsToAddOrOverride"] == {"attribute_key2": "attribute_value2", "attribute_key": "attribute_value", "tenant": "acme"}
    assert details["claimsToSuppress"] == ["email", "phone_number"]
    assert details["groupOverrideDetails"]["groupsToOverride"] == ["group-A", "group-B", "group-C"]


def test_v2_event_changes_id_and_access_tokens(event, step):
    sample = event("lambda-go-pretokengen-v2_0")
    sample["response"] = {}  # as Cognito sends it
    sample["request"]["groupConfiguration"] = {"groupsToOverride": ["admins"], "iamRolesToOverride": ["arn:aws:iam::1:role/a"], "preferredRole": "arn:aws:iam::1:role/a"}
    out = step("token-claims", "preTokenGeneration", SETTINGS)(sample)
    details = out["response"]["claimsAndScopeOverrideDetails"]
    assert details["idTokenGeneration"] == {"claimsToAddOrOverride": {"tenant": "acme", "tier": 2}, "claimsToSuppress": ["email"]}
    access = details["accessTokenGeneration"]
    assert access["scopesToAdd"] == ["orders/read"] and access["scopesToSuppress"] == ["aws.cognito.signin.user.admin"]
    assert details["groupOverrideDetails"] == sample["request"]["groupConfiguration"]
    assert details["groupOverrideDetails"] is not sample["request"]["groupConfiguration"]


def test_v2_prefilled_fixture_keeps_earlier_group_decision(event, step):
    sample = event("lambda-go-pretokengen-v2")
    out = step("token-claims", "preTokenGeneration", SETTINGS)(sample)
    details = out["response"]["claimsAndScopeOverrideDetails"]
    assert details["groupOverrideDetails"]["groupsToOverride"] == ["group-A", "group-B", "group-C"]
    assert details["accessTokenGeneration"]["scopesToAdd"] == ["scope1", "scope2", "scopeLomond", "orders/read"]


def test_suppress_groups(event, step):
    out = step("token-claims", "preTokenGeneration", {"groups": "suppress"})(event("lambda-go-pretokengen"))
    assert out["response"]["claimsOverrideDetails"]["groupOverrideDetails"] == {
        "groupsToOverride": [], "iamRolesToOverride": [], "preferredRole": None}


def test_powertools_v2_event_says_version_1_so_pinning_matters(event, step):
    sample = event("powertools-cognitoPreTokenV2GenerationEvent")
    auto = step("token-claims", "preTokenGeneration", SETTINGS)(sample)
    assert "claimsOverrideDetails" in auto["response"]  # auto trusts the version field
    with pytest.raises(MalformedEvent):
        step("token-claims", "preTokenGeneration", {**SETTINGS, "lambdaVersion": "V2_0"})(event("powertools-cognitoPreTokenV2GenerationEvent"))
    pinned = step("token-claims", "preTokenGeneration", {**SETTINGS, "lambdaVersion": "V2_0"})(event("lambda-go-pretokengen-v2_0"))
    assert "claimsAndScopeOverrideDetails" in pinned["response"]


def test_client_metadata_ignored_when_absent_or_not_text(event, step):
    claims = step("token-claims", "preTokenGeneration", {"idToken": {"fromClientMetadata": {"app": "appName"}}})
    sample = event("powertools-cognitoPreTokenGenerationEvent")
    sample["request"]["clientMetadata"] = {"appName": 5}
    assert "claimsToAddOrOverride" not in claims(sample)["response"]["claimsOverrideDetails"]


@pytest.mark.parametrize("settings,path", [
    ({"idToken": {"add": {"sub": "x"}}}, "steps[0].with.idToken.add"),
    ({"idToken": {"suppress": ["cognito:groups"]}}, "steps[0].with.idToken.suppress"),
    ({"accessToken": {"add": {"scope": "admin"}}}, "steps[0].with.accessToken.add"),
    ({"idToken": {"add": {"a": 1}, "suppress": ["a"]}}, "steps[0].with.idToken.suppress"),
    ({"lambdaVersion": "V1_0", "accessToken": {"addScopes": ["x"]}}, "steps[0].with.accessToken"),
    ({"groups": "drop"}, "steps[0].with.groups"),
    ({"idToken": {"ad": {}}}, "steps[0].with.idToken.ad"),
])
def test_bad_settings_are_step_errors_with_paths(settings, path):
    with pytest.raises(StepError) as err:
        validate_steps("preTokenGeneration", [{"use": "token-claims", "with": settings}])
    assert err.value.path == path
