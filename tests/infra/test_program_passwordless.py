"""Passwordless sign-in under mocks: exact wire inputs of the pool.

pulumi-aws 7.51.1 `cognito.UserPool(sign_in_policy={allowed_first_auth_factors}, web_authn_configuration=
{relying_party_id, user_verification})` (installed package, pulumi_aws/cognito/_inputs.py UserPoolSignInPolicyArgs,
UserPoolWebAuthnConfigurationArgs); wire names signInPolicy.allowedFirstAuthFactors, webAuthnConfiguration.*."""
from __future__ import annotations

from authstack.infra.offline import plan
from tests.helpers import one, project

POOL = "aws:cognito/userPool:UserPool"
WEB = {"authFlows": ["ALLOW_USER_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}


def pool_inputs(tmp_path, **config):
    tmp_path.mkdir(exist_ok=True)
    return one(plan(project(tmp_path, config=config), "t"), POOL).inputs


def test_passkeys_and_email_codes(tmp_path):
    i = pool_inputs(tmp_path, **{
        "authstack:domain": {"prefix": "myapp"}, "authstack:clients": {"web": WEB},
        "authstack:userPool": {"passwordless": {"firstFactors": ["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"],
                                                "userVerification": "required"}}})
    assert i["signInPolicy"] == {"allowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"]}
    # The relying party defaults to the hosted-UI host of the stack's region.
    assert i["webAuthnConfiguration"] == {"relyingPartyId": "myapp.auth.eu-west-1.amazoncognito.com",
                                          "userVerification": "required"}


def test_given_relying_party_and_no_passkeys(tmp_path):
    i = pool_inputs(tmp_path / "a", **{
        "authstack:clients": {"web": WEB},
        "authstack:userPool": {"passwordless": {"firstFactors": ["WEB_AUTHN"], "relyingPartyId": "example.com",
                                                "origins": ["https://app.example.com"]}}})
    assert i["signInPolicy"] == {"allowedFirstAuthFactors": ["WEB_AUTHN"]}
    assert i["webAuthnConfiguration"] == {"relyingPartyId": "example.com", "userVerification": "preferred"}
    i = pool_inputs(tmp_path / "b", **{"authstack:clients": {"web": WEB},
                                       "authstack:userPool": {"passwordless": {"firstFactors": ["EMAIL_OTP"]}}})
    assert i["signInPolicy"] == {"allowedFirstAuthFactors": ["EMAIL_OTP"]} and "webAuthnConfiguration" not in i


def test_default_pool_sends_no_sign_in_policy(tmp_path):
    # An existing pool keeps whatever sign-in policy it has: nothing is sent unless the spec asks.
    i = pool_inputs(tmp_path)
    assert "signInPolicy" not in i and "webAuthnConfiguration" not in i
