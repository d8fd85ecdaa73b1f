import pytest

from authstack.functions.builtins._email import email_domain
from authstack.functions.runtime.errors import Reject

ALLOW = {"domains": ["example.com", "Bücher.example."]}


def test_allowlist_accepts_real_presignup_event(event, step):
    allow = step("email-domain-allowlist", "preSignUp", ALLOW)
    sample = event("powertools-cognitoPreSignUpEvent")  # user@example.com
    assert allow(sample) is sample


def test_allowlist_refuses_other_domain_with_configured_message(event, step):
    allow = step("email-domain-allowlist", "preSignUp", {**ALLOW, "message": "Invite only."})
    sample = event("powertools-cognitoPreSignUpEvent")
    sample["request"]["userAttributes"]["email"] = "user@example.org"
    with pytest.raises(Reject, match="^Invite only.$"):
        allow(sample)


def test_placeholder_email_in_lambda_go_event_is_refused_as_invalid(event, step):
    sample = event("lambda-go-presignup")  # email is the placeholder "<email>"
    with pytest.raises(Reject, match="valid email"):
        step("email-domain-allowlist", "preSignUp", ALLOW)(sample)
    with pytest.raises(Reject, match="valid email"):
        step("email-domain-denylist", "preSignUp", {"domains": ["evil.com"]})(sample)


@pytest.mark.parametrize("address", [
    "USER@EXAMPLE.COM", "user@example.com.", "user@Example.Com.", "user@bücher.example",
    "user@BÜCHER.example.", "user@xn--bcher-kva.example",
])
def test_allowlist_normalises_case_trailing_dot_and_idn(event, step, address):
    sample = event("powertools-cognitoPreSignUpEvent")
    sample["request"]["userAttributes"]["email"] = address
    step("email-domain-allowlist", "preSignUp", ALLOW)(sample)


@pytest.mark.parametrize("address", [
    "user@evil.com@example.com", '"user@evil.com"@example.com', "user%evil.com@example.com",
    "evil.com!user@example.com", "user@[127.0.0.1]", "user@example.com ", " user@example.com",
    "user@example..com", "user@example.com..", "user@-example.com", "user@example", "@example.com",
    "user@", "user@exa mple.com", "user\n@example.com", "us..er@example.com", "user@example.com\x00",
    "user(comment)@example.com", "user@exаmple.com",  # Cyrillic 'а'
])
def test_look_alikes_never_pass_the_allowlist(event, step, address):
    sample = event("powertools-cognitoPreSignUpEvent")
    sample["request"]["userAttributes"]["email"] = address
    with pytest.raises(Reject):
        step("email-domain-allowlist", "preSignUp", ALLOW)(sample)


def test_look_alike_of_a_denied_domain_is_refused_not_waved_through(event, step):
    deny = step("email-domain-denylist", "preSignUp", {"domains": ["evil.com"]})
    sample = event("powertools-cognitoPreSignUpEvent")
    sample["request"]["userAttributes"]["email"] = "user@example.com@evil.com"
    with pytest.raises(Reject):
        deny(sample)
    sample["request"]["userAttributes"]["email"] = "user@EVIL.com."
    with pytest.raises(Reject, match="not allowed"):
        deny(sample)


def test_subdomain_defaults_differ_for_allow_and_deny(event, step):
    sample = event("powertools-cognitoPreSignUpEvent")
    sample["request"]["userAttributes"]["email"] = "user@mail.example.com"
    with pytest.raises(Reject):
        step("email-domain-allowlist", "preSignUp", ALLOW)(sample)
    step("email-domain-allowlist", "preSignUp", {**ALLOW, "subdomains": True})(sample)
    with pytest.raises(Reject):
        step("email-domain-denylist", "preSignUp", {"domains": ["example.com"]})(sample)
    step("email-domain-denylist", "preSignUp", {"domains": ["example.com"], "subdomains": False})(sample)
    # A suffix that is not a label boundary is not a subdomain.
    sample["request"]["userAttributes"]["email"] = "user@notexample.com"
    with pytest.raises(Reject):
        step("email-domain-allowlist", "preSignUp", {**ALLOW, "subdomains": True})(sample)


def test_missing_email_is_refused_by_allowlist_and_ignored_by_denylist(event, step):
    sample = event("powertools-cognitoPreSignUpEvent")
    del sample["request"]["userAttributes"]["email"]
    with pytest.raises(Reject, match="required"):
        step("email-domain-allowlist", "preSignUp", ALLOW)(sample)
    step("email-domain-denylist", "preSignUp", {"domains": ["evil.com"]})(sample)


def test_email_domain_parser():
    assert email_domain("A.B+tag@Sub.Example.COM.") == "sub.example.com"
    assert email_domain("user@bücher.example") == "xn--bcher-kva.example"
    assert email_domain("user@1.2.3.4") is None
    assert email_domain(42) is None
