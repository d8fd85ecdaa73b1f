"""Passwordless in the client files: the `auth.passwordless` block of amplify_outputs.json (schema 1.4/1.5, in the
order ampx writes it: @aws-amplify/client-config client_config_contributor_v1.js), validated against the official
schema and read back by aws-amplify@6 (core parseAmplifyOutputs maps it to Auth.Cognito.passwordless); the formats
that cannot express it say so."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from config_helpers import PROJECT, SCHEMAS, run_cli, run_node

from authstack.cli.config.contract import validate_outputs
from authstack.cli.config.errors import ConfigError
from authstack.cli.config.render import render_all
from authstack.cli.config.settings import ClientSettings
from authstack.infra.offline import plan_outputs
from tests.helpers import project

STACK = {
    "authstack:domain": {"prefix": "myapp"},
    "authstack:userPool": {"passwordless": {"firstFactors": ["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"],
                                            "userVerification": "required"}},
    "authstack:clients": {"web": {
        "authFlows": ["ALLOW_USER_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        "oauth": {"callbackUrls": ["https://app.example.com/"], "logoutUrls": ["https://app.example.com/"]}}},
    "authstack:client": {"preferredChallenge": "WEB_AUTHN"},
}
EXPECTED = {"email_otp_enabled": True, "sms_otp_enabled": False,
            "web_authn": {"relying_party_id": "myapp.auth.eu-west-1.amazoncognito.com", "user_verification": "required"},
            "preferred_challenge": "WEB_AUTHN"}


@pytest.fixture(scope="module")
def stack_dir(tmp_path_factory) -> Path:
    return project(tmp_path_factory.mktemp("passwordless"), config=STACK)


@pytest.fixture(scope="module")
def cc(stack_dir) -> dict:
    return validate_outputs(plan_outputs("t", stack_dir), "offline", "t", project=PROJECT)


def outputs_doc(cc, version="1.5", challenge="WEB_AUTHN") -> dict:
    settings = ClientSettings(formats=("amplify-outputs",), outputs_version=version, preferred_challenge=challenge)
    files, _, _ = render_all(cc, "offline", settings, ("amplify-outputs",))
    return json.loads(files["amplify_outputs.json"])


def test_contract_carries_the_pool_settings(cc):
    assert cc["userPool"]["passwordless"] == {
        "firstFactors": ["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"],
        "webAuthn": {"relyingPartyId": "myapp.auth.eu-west-1.amazoncognito.com", "userVerification": "required"}}


@pytest.mark.parametrize("version", ["1.4", "1.5"])
def test_block_is_exact_and_valid_against_the_schema(cc, version):
    doc = outputs_doc(cc, version)
    assert list(doc["auth"])[-1] == "passwordless" and doc["auth"]["passwordless"] == EXPECTED
    assert list(doc["auth"]["passwordless"]) == list(EXPECTED)  # ampx's key order
    schema = json.loads((SCHEMAS / f"schema_v{version}.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(doc)
    broken = json.loads(json.dumps(doc))
    broken["auth"]["passwordless"]["web_authn"]["user_verification"] = "discouraged"  # WebAuthn has it; Cognito not
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(broken)


def test_without_a_preferred_challenge_the_key_is_left_out(cc):
    assert "preferred_challenge" not in outputs_doc(cc, challenge=None)["auth"]["passwordless"]


def test_version_1_3_cannot_express_it(cc):
    with pytest.raises(ConfigError, match=r"passwordless sign-in needs amplify_outputs version 1.4 or later, not 1.3"):
        outputs_doc(cc, "1.3")


def test_preferred_challenge_must_be_a_first_factor(cc):
    with pytest.raises(ConfigError, match=r"preferredChallenge SMS_OTP is not one of PASSWORD, EMAIL_OTP, WEB_AUTHN"):
        outputs_doc(cc, challenge="SMS_OTP")
    plain = json.loads(json.dumps(cc))
    plain["userPool"]["passwordless"] = None
    with pytest.raises(ConfigError, match=r"preferredChallenge is WEB_AUTHN but the stack has no userPool.passwordless"):
        outputs_doc(plain)
    assert "passwordless" not in outputs_doc(plain, challenge=None)["auth"]


def test_contract_refuses_an_inconsistent_block(cc):
    doc = {"clientConfig": json.loads(json.dumps(cc))}
    doc["clientConfig"]["userPool"]["passwordless"]["webAuthn"] = None
    with pytest.raises(ConfigError, match=r"clientConfig.userPool.passwordless.webAuthn: must be set exactly when "
                                          r"firstFactors has WEB_AUTHN"):
        validate_outputs(doc, "x.json", "t", project=PROJECT)
    older = {"clientConfig": json.loads(json.dumps(cc))}
    del older["clientConfig"]["userPool"]["passwordless"]  # an authstack from before: read as null
    assert validate_outputs(older, "x.json", "t", project=PROJECT)["userPool"].get("passwordless") is None


def test_aws_amplify_v6_reads_it_back(node, cc, tmp_path):
    path = tmp_path / "amplify_outputs.json"
    path.write_text(json.dumps(outputs_doc(cc)))
    result = run_node(node, "consume.mjs", "v6", str(path))
    assert "error" not in result, result
    assert result["config"]["Auth"]["Cognito"]["passwordless"] == {
        "emailOtpEnabled": True, "smsOtpEnabled": False,
        "webAuthn": {"relyingPartyId": "myapp.auth.eu-west-1.amazoncognito.com", "userVerification": "required"},
        "preferredChallenge": "WEB_AUTHN"}


def test_formats_that_cannot_express_it_say_so(stack_dir, tmp_path):
    proc = run_cli("--stack", "t", "--offline", "--project-dir", str(stack_dir), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    notes = [line for line in proc.stderr.splitlines() if line.startswith("authstack config: note: ")]
    assert notes == [
        f"authstack config: note: {fmt}: cannot express passwordless sign-in (EMAIL_OTP, WEB_AUTHN); aws-amplify v6 "
        f"reads it from amplify_outputs.json (format amplify-outputs)"
        for fmt in ("aws-exports", "amplifyconfiguration", "amplifyconfiguration-mobile", "amplifyconfiguration-dart",
                    "env")]  # the default runtimes are [v6]: no v5 bootstrap; bootstrap-v6 embeds amplify_outputs.json
    written = json.loads((tmp_path / "out" / "amplify_outputs.json").read_text())
    assert written["auth"]["passwordless"] == EXPECTED
    as_json = run_cli("--stack", "t", "--offline", "--project-dir", str(stack_dir), "--out", str(tmp_path / "o2"),
                      "--format", "amplify-outputs", "--json")
    assert json.loads(as_json.stdout)["notes"] == []


def test_v6_bootstrap_signs_in_choice_based_with_the_preferred_challenge(node, cc, tmp_path):
    """The v6 bootstrap embeds amplify_outputs.json (passwordless block included) and its SIGN_IN_OPTIONS ask for
    choice-based sign-in (v6 signIn options.authFlowType USER_AUTH, options.preferredChallenge)."""
    from test_config_bootstrap_v6 import v6_app

    settings = ClientSettings(formats=("bootstrap-v6", "amplify-outputs"), preferred_challenge="WEB_AUTHN")
    files, _, _ = render_all(cc, "offline", settings, settings.formats)
    app = v6_app(tmp_path / "app", files)
    result = run_node(node, str(app / "bootstrap-v6-driver.mjs"), "ok", cwd=app)
    assert result.get("ok") is True, result
    assert result["exports"]["SIGN_IN_OPTIONS"] == {"authFlowType": "USER_AUTH", "preferredChallenge": "WEB_AUTHN",
                                                    "clientMetadata": {}}
    assert result["config"]["Auth"]["Cognito"]["passwordless"]["preferredChallenge"] == "WEB_AUTHN"
    # An explicit authenticationFlowType is kept as it is.
    srp = ClientSettings(formats=("bootstrap-v6",), authentication_flow_type="USER_SRP_AUTH")
    text = render_all(cc, "offline", srp, srp.formats)[0]["authstack-auth-v6.js"]
    assert 'authFlowType: "USER_SRP_AUTH",' in text and "preferredChallenge" not in text.split("SIGN_IN_OPTIONS", 1)[1][:200]
