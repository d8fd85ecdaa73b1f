"""require-validation-data and auto-confirm against the real pre sign-up / pre authentication events."""

import hashlib

import pytest

from authstack.functions.builtins import require_validation_data
from authstack.functions.runtime.errors import Reject

INVITE = "s3cret-invite-42"
DIGEST = hashlib.sha256(INVITE.encode()).hexdigest()


def test_fixture_validation_data_passes_presence_and_value_rules(event, step):
    # lambda-go events carry validationData {"k1": "v1", "k2": "v2"}.
    check = step("require-validation-data", "preSignUp", {"fields": {"k1": {"values": ["v1", "x"]}, "k2": {}}})
    sample = event("lambda-go-presignup")
    assert check(sample) is sample
    check_auth = step("require-validation-data", "preAuthentication", {"fields": {"k2": {"values": ["v2"]}}})
    check_auth(event("lambda-go-preauthentication"))


def test_missing_key_or_wrong_value_is_refused_with_one_message(event, step):
    check = step("require-validation-data", "preSignUp", {"fields": {"k1": {"values": ["nope"]}}})
    with pytest.raises(Reject) as wrong:
        check(event("lambda-go-presignup"))
    check = step("require-validation-data", "preSignUp", {"fields": {"k3": {}}})
    with pytest.raises(Reject) as missing:
        check(event("lambda-go-presignup"))
    assert str(wrong.value) == str(missing.value) == "The request is missing required information."
    # Powertools events have no validationData at all.
    with pytest.raises(Reject):
        check(event("powertools-cognitoPreSignUpEvent"))
    with pytest.raises(Reject):
        step("require-validation-data", "preAuthentication", {"fields": {"k3": {}}})(
            event("powertools-cognitoPreAuthenticationEvent"))


def test_invite_code_checked_against_digest_only(event, step):
    check = step("require-validation-data", "preSignUp", {"fields": {"invite": {"sha256": [DIGEST.upper()]}}})
    sample = event("lambda-go-presignup")
    sample["request"]["validationData"] = {"invite": INVITE}
    check(sample)
    sample["request"]["validationData"] = {"invite": INVITE + "x"}
    with pytest.raises(Reject):
        check(sample)
    sample["request"]["validationData"] = {"invite": DIGEST}  # sending the digest itself is no good
    with pytest.raises(Reject):
        check(sample)


def test_comparisons_use_hmac_compare_digest(monkeypatch, event, step):
    calls = []
    real = require_validation_data.hmac.compare_digest
    monkeypatch.setattr(require_validation_data.hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    check = step("require-validation-data", "preSignUp", {"fields": {"k1": {"values": ["a", "v1", "c"]}}})
    check(event("lambda-go-presignup"))
    assert len(calls) == 3  # every allowed value is compared, no early exit


def test_admin_and_federated_sources_skip_by_default(event, step):
    check = step("require-validation-data", "preSignUp", {"fields": {"k3": {}}})
    for source in ("PreSignUp_AdminCreateUser", "PreSignUp_ExternalProvider"):
        check(event("lambda-go-presignup", triggerSource=source))
    strict = step("require-validation-data", "preSignUp",
                  {"fields": {"k3": {}}, "triggerSources": ["PreSignUp_AdminCreateUser"]})
    with pytest.raises(Reject):
        strict(event("lambda-go-presignup", triggerSource="PreSignUp_AdminCreateUser"))


def _signup(event, email, source="PreSignUp_SignUp"):
    sample = event("lambda-go-presignup", triggerSource=source)  # response arrives with autoVerifyEmail: true
    sample["request"]["userAttributes"]["email"] = email
    return sample


def test_auto_confirm_never_verifies_self_asserted_email(event, step):
    confirm = step("auto-confirm", "preSignUp", {"domains": ["example.com"]})
    out = confirm(_signup(event, "victim@example.com"))
    assert out["response"] == {"autoConfirmUser": True, "autoVerifyEmail": False, "autoVerifyPhone": False}


def test_auto_confirm_verifies_only_trusted_domains(event, step):
    confirm = step("auto-confirm", "preSignUp", {"domains": ["example.com", "corp.example"],
                                                  "trustedDomains": ["corp.example"]})
    assert confirm(_signup(event, "a@CORP.example."))["response"]["autoVerifyEmail"] is True
    assert confirm(_signup(event, "a@example.com"))["response"]["autoVerifyEmail"] is False
    other = confirm(_signup(event, "a@other.com"))["response"]
    assert other == {"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False}
    look_alike = confirm(_signup(event, "a@evil.com@corp.example"))["response"]
    assert look_alike["autoConfirmUser"] is False and look_alike["autoVerifyEmail"] is False


def test_trusted_domains_must_be_confirmed_domains():
    from authstack.functions.package import StepError, validate_steps

    with pytest.raises(StepError) as err:
        validate_steps("preSignUp", [{"use": "auto-confirm", "with": {"trustedDomains": ["corp.example"]}}])
    assert err.value.path == "steps[0].with.trustedDomains"


def test_auto_confirm_external_provider_and_admin(event, step):
    confirm = step("auto-confirm", "preSignUp", {"externalProviders": True})
    external = confirm(_signup(event, "a@anything.com", "PreSignUp_ExternalProvider"))["response"]
    assert external["autoConfirmUser"] is True and external["autoVerifyEmail"] is False
    admin = _signup(event, "a@anything.com", "PreSignUp_AdminCreateUser")
    before = dict(admin["response"])
    assert confirm(admin)["response"] == before  # Cognito ignores the flags here; leave them alone
