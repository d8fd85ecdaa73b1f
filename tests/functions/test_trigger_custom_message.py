"""verification-link on the real custom message event."""

from urllib.parse import parse_qs, urlsplit

import pytest

from authstack.functions.package import StepError, validate_steps

SOURCES = "CustomMessage_SignUp/CustomMessage_ResendCode/CustomMessage_ForgotPassword/CustomMessage_VerifyUserAttribute"


def _message(event, source, code="{####}", user="jane+x@example.com"):
    # The fixture lists its four sources in one string and uses "####"; real events send one
    # source and "{####}". Both placeholders are exercised.
    assert source in SOURCES.split("/") or source.startswith("CustomMessage_")
    sample = event("lambda-go-custommessage", triggerSource=source, userName=user)
    sample["request"]["codeParameter"] = code
    return sample


@pytest.mark.parametrize("code", ["{####}", "####"])
def test_signup_link_keeps_placeholder_unescaped_and_encodes_username(event, step, code):
    link = step("verification-link", "customMessage", {"url": "https://app.example.com/verify"})
    out = link(_message(event, "CustomMessage_SignUp", code))["response"]
    assert out["emailSubject"] == "Verify your email address"
    body = out["emailMessage"]
    assert f"code={code}&" in body  # Cognito must still find the placeholder
    url = body.split(": ", 1)[1].replace(code, "123456")  # what Cognito sends
    query = parse_qs(urlsplit(url).query)
    assert query["username"] == ["jane+x@example.com"] and query["action"] == ["confirmSignUp"]
    assert query["code"] == ["123456"]
    assert "jane+x@" not in body  # encoded, so '+' does not turn into a space


def test_forgot_password_uses_its_own_template_and_existing_query(event, step):
    link = step("verification-link", "customMessage",
                {"url": "https://app.example.com/auth?lang=en", "forgotPasswordMessage": "Reset: <a href=\"{link}\">here</a>"})
    out = link(_message(event, "CustomMessage_ForgotPassword"))["response"]
    assert out["emailSubject"] == "Reset your password"
    assert 'href="https://app.example.com/auth?lang=en&code={####}&username=jane%2Bx%40example.com&action=resetPassword"' in out["emailMessage"]


def test_other_sources_keep_pool_templates(event, step):
    link = step("verification-link", "customMessage", {"url": "https://app.example.com/verify"})
    for source in ("CustomMessage_VerifyUserAttribute", "CustomMessage_AdminCreateUser"):
        sample = _message(event, source)
        before = dict(sample["response"])
        assert link(sample)["response"] == before


@pytest.mark.parametrize("settings,path", [
    ({"url": "http://app.example.com/verify"}, "steps[0].with.url"),
    ({"url": "https://app.example.com/v#frag"}, "steps[0].with.url"),
    ({"url": "https://app.example.com/v", "message": "no link here"}, "steps[0].with.message"),
    ({"url": "https://app.example.com/v", "triggerSources": ["CustomMessage_AdminCreateUser"]}, "steps[0].with.triggerSources[0]"),
    ({}, "steps[0].with.url"),
])
def test_bad_settings(settings, path):
    with pytest.raises(StepError) as err:
        validate_steps("customMessage", [{"use": "verification-link", "with": settings}])
    assert err.value.path == path


def test_localhost_http_allowed():
    validate_steps("customMessage", [{"use": "verification-link", "with": {"url": "http://localhost:3000/verify"}}])


@pytest.mark.parametrize("url,start", [
    ("https://app.example.com/verify?", "https://app.example.com/verify?code="),
    ("https://app.example.com/verify?lang=en&", "https://app.example.com/verify?lang=en&code="),
    ("https://app.example.com/verify?lang=en", "https://app.example.com/verify?lang=en&code="),
])
def test_link_joins_the_query_without_empty_parameters(event, step, url, start):
    link = step("verification-link", "customMessage", {"url": url, "message": "{link}"})
    body = link(_message(event, "CustomMessage_SignUp"))["response"]["emailMessage"]
    assert body.startswith(start) and "?&" not in body and "&&" not in body
