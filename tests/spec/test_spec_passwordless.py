"""Passwordless sign-in and passkeys in the spec: each rule with one failing and one passing case.

Sources: API SignInPolicyType and WebAuthnConfigurationType (Essentials tier or higher; RelyingPartyId 1-127
characters; with a custom domain and managed login the RP ID must be the custom domain); WebAuthn Level 2 §5.1.4
(the RP ID must be the origin's effective domain or a registrable suffix of it, and browsers refuse public suffixes;
the Public Suffix List, package publicsuffixlist); CreateUserPoolClient (ALLOW_USER_AUTH is choice-based sign-in)."""
from __future__ import annotations

import pytest

from authstack.spec.errors import SpecError
from authstack.spec.load import load
from tests.helpers import project

USER_AUTH = ["ALLOW_USER_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
APP = {"authFlows": USER_AUTH, "oauth": {"callbackUrls": ["https://app.example.com/"],
                                         "logoutUrls": ["https://app.example.com/"]}}


def config(passwordless: dict, *, pool: dict | None = None, web: dict | None = None, domain=True, **extra) -> dict:
    out = {"authstack:userPool": {"passwordless": passwordless, **(pool or {})},
           "authstack:clients": {"web": APP if web is None else web}, **extra}
    if domain:
        out["authstack:domain"] = {"prefix": "myapp"} if domain is True else domain
    return out


def problems(tmp_path, cfg) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load(project(tmp_path, config=cfg), "t")
    return [str(p) for p in caught.value.problems]


def ok(tmp_path, cfg):
    return load(project(tmp_path, config=cfg), "t")


# (failing config, its exact line, the passing config that fixes it)
PAIRS = [
    (config({"firstFactors": ["PASSWORD", "EMAIL_OTP"]}, pool={"featurePlan": "LITE"}),
     "Pulumi.t.yaml: authstack:userPool: passwordless needs featurePlan ESSENTIALS or PLUS",
     config({"firstFactors": ["PASSWORD", "EMAIL_OTP"]}, pool={"featurePlan": "ESSENTIALS"})),
    (config({"firstFactors": ["EMAIL_OTP"]}, pool={"verification": {"attributes": []}}),
     "Pulumi.t.yaml: authstack:userPool: passwordless EMAIL_OTP needs email in verification.attributes (codes go to a "
     "verified address)",
     config({"firstFactors": ["EMAIL_OTP"]}, pool={"verification": {"attributes": ["email"]}})),
    (config({"firstFactors": ["PASSWORD", "SMS_OTP"]}),
     "Pulumi.t.yaml: authstack:userPool: passwordless SMS_OTP needs phone_number in verification.attributes (codes go "
     "to a verified number)",
     config({"firstFactors": ["PASSWORD", "SMS_OTP"]}, pool={"verification": {"attributes": ["email", "phone_number"]},
                                                              "standardAttributes": {"email": {"required": True}}})),
    (config({"firstFactors": ["PASSWORD", "EMAIL_OTP"]}, web={**APP, "authFlows": ["ALLOW_USER_SRP_AUTH",
                                                                                   "ALLOW_REFRESH_TOKEN_AUTH"]}),
     "Pulumi.t.yaml: authstack:clients.web.authFlows: userPool.passwordless offers EMAIL_OTP only through choice-based "
     "sign-in: add ALLOW_USER_AUTH to the app's client",
     config({"firstFactors": ["PASSWORD", "EMAIL_OTP"]})),
    (config({"firstFactors": ["WEB_AUTHN"]}, web={"authFlows": USER_AUTH}, domain=False),
     "Pulumi.t.yaml: authstack:userPool.passwordless.relyingPartyId: passkeys need a relying party: set relyingPartyId "
     "(your app's domain) or add authstack:domain",
     config({"firstFactors": ["WEB_AUTHN"], "relyingPartyId": "example.com",
             "origins": ["https://app.example.com"]}, web={"authFlows": USER_AUTH}, domain=False)),
    (config({"firstFactors": ["WEB_AUTHN"], "relyingPartyId": "github.io"}),
     "Pulumi.t.yaml: authstack:userPool.passwordless.relyingPartyId: 'github.io' is a public suffix: browsers refuse it "
     "as a relying party",
     config({"firstFactors": ["WEB_AUTHN"], "relyingPartyId": "example.com"})),
    (config({"firstFactors": ["WEB_AUTHN"], "relyingPartyId": "other.example"}),
     "Pulumi.t.yaml: authstack:userPool.passwordless.relyingPartyId: 'other.example' is neither the hosted-UI domain "
     "nor a parent of the app's origin, so browsers refuse it (origins: app.example.com)",
     config({"firstFactors": ["WEB_AUTHN"], "relyingPartyId": "app.example.com"})),
    (config({"firstFactors": ["WEB_AUTHN"], "relyingPartyId": "example.com"},
            domain={"customDomain": "auth.example.com", "certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/x"}),
     "Pulumi.t.yaml: authstack:userPool.passwordless.relyingPartyId: 'example.com': with a custom domain, passkeys in the "
     "hosted UI (clients web) need the custom domain 'auth.example.com' as relying party",
     config({"firstFactors": ["WEB_AUTHN"], "relyingPartyId": "auth.example.com"},
            domain={"customDomain": "auth.example.com", "certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/x"})),
    (config({"firstFactors": ["PASSWORD"], "relyingPartyId": "example.com"}),
     "Pulumi.t.yaml: authstack:userPool.passwordless: relyingPartyId needs WEB_AUTHN in firstFactors",
     config({"firstFactors": ["PASSWORD", "WEB_AUTHN"], "relyingPartyId": "example.com"})),
    (config({"firstFactors": ["WEB_AUTHN"], "relyingPartyId": "https://example.com/"}),
     "Pulumi.t.yaml: authstack:userPool.passwordless: relyingPartyId 'https://example.com/': a lower-case host name "
     "without scheme, port or path, at most 127 characters",
     config({"firstFactors": ["WEB_AUTHN"], "relyingPartyId": "example.com"})),
    (config({"firstFactors": ["WEB_AUTHN"], "relyingPartyId": "example.com", "origins": ["http://app.example.com"]}),
     "Pulumi.t.yaml: authstack:userPool.passwordless: origins: 'http://app.example.com': browsers allow passkeys on "
     "http only for localhost",
     config({"firstFactors": ["WEB_AUTHN"], "relyingPartyId": "localhost", "origins": ["http://localhost:3000"]})),
    (config({"firstFactors": ["EMAIL_OTP", "EMAIL_OTP"]}),
     "Pulumi.t.yaml: authstack:userPool.passwordless: firstFactors: each factor once",
     config({"firstFactors": ["EMAIL_OTP"]})),
    (config({"firstFactors": ["PASSWORD", "EMAIL_OTP"]}, **{"authstack:client": {"preferredChallenge": "WEB_AUTHN"}}),
     "Pulumi.t.yaml: authstack:client.preferredChallenge: WEB_AUTHN is not one of userPool.passwordless.firstFactors "
     "(PASSWORD, EMAIL_OTP)",
     config({"firstFactors": ["PASSWORD", "EMAIL_OTP"]}, **{"authstack:client": {"preferredChallenge": "EMAIL_OTP"}})),
]


@pytest.mark.parametrize("bad,line,good", PAIRS, ids=[p[1].split(": ", 2)[2][:50] for p in PAIRS])
def test_rule_fails_then_passes(tmp_path, bad, line, good):
    (tmp_path / "bad").mkdir()
    (tmp_path / "good").mkdir()
    assert problems(tmp_path / "bad", bad) == [line]
    ok(tmp_path / "good", good)


def test_relying_party_defaults_to_the_hosted_ui_domain(tmp_path):
    stack = ok(tmp_path, config({"firstFactors": ["PASSWORD", "WEB_AUTHN"]}))
    assert stack.spec.relying_party_id(stack.region) == "myapp.auth.eu-west-1.amazoncognito.com"
    pl = stack.spec.user_pool.passwordless
    assert pl.user_verification == "preferred" and pl.passkeys and pl.choice_based


def test_defaults_leave_passwordless_out(tmp_path):
    stack = ok(tmp_path, {})
    assert stack.spec.user_pool.passwordless is None and stack.spec.relying_party_id("eu-west-1") is None
    assert stack.spec.client.preferred_challenge is None
