"""Format rules checked in-process: value mapping, escaping, secrets, versions, mobile parsers' rules."""
from __future__ import annotations

import json
import re

import jsonschema
import pytest

from config_helpers import SCENARIOS, SCHEMAS, client_config, render
from authstack.cli.config import ConfigError


def _exports(files: dict[str, str]) -> dict:
    """Parses aws-exports.js the way the notes describe: its body is JSON."""
    m = re.search(r"const awsmobile = (\{.*\});\s*export default awsmobile;\s*$", files["aws-exports.js"], re.S)
    assert m, "aws-exports.js is not in the Gen 1 CLI's shape"
    return json.loads(m.group(1))


def test_aws_exports_and_web_json_are_the_same_object() -> None:
    for name in SCENARIOS:
        files = render(name)
        assert _exports(files) == json.loads(files["amplifyconfiguration.json"])
        # The CLI's byte formats: 4-space JS body, 2-space JSON without a final newline.
        assert '\n    "aws_project_region"' in files["aws-exports.js"]
        assert files["amplifyconfiguration.json"].startswith('{\n  "aws_project_region"')
        assert not files["amplifyconfiguration.json"].endswith("\n")


@pytest.mark.parametrize("name,target", [("social", "COGNITO_USER_POOLS"), ("multi", "COGNITO_USER_AND_IDENTITY_POOLS"),
                                         ("federation", "COGNITO_IDENTITY_POOLS"), ("guest", None), ("mfa", "COGNITO_USER_POOLS")])
def test_federation_target(name: str, target: str | None) -> None:
    assert _exports(render(name)).get("federationTarget") == target


def test_key_order_is_the_clis() -> None:
    reserved = ["aws_project_region", "aws_cognito_identity_pool_id", "aws_cognito_region", "aws_user_pools_id",
                "aws_user_pools_web_client_id", "oauth", "federationTarget", "aws_cognito_username_attributes",
                "aws_cognito_social_providers", "aws_cognito_signup_attributes", "aws_cognito_mfa_configuration",
                "aws_cognito_mfa_types", "aws_cognito_password_protection_settings", "aws_cognito_verification_mechanisms"]
    keys = list(_exports(render("social")))
    assert [k for k in keys if k in reserved] == [k for k in reserved if k in keys]
    assert keys[-1] == "aws_mandatory_sign_in"


def test_response_type_and_guest_and_link_extensions() -> None:
    assert _exports(render("mfa"))["oauth"]["responseType"] == "token"      # implicit → token
    guest = _exports(render("guest"))
    assert guest["oauth"] == {} and "aws_mandatory_sign_in" not in guest    # guests allowed: v6 default true
    assert guest["aws_cognito_sign_up_verification_method"] == "link"
    assert guest["aws_cognito_username_attributes"] == []
    assert json.loads(render("guest")["amplify_outputs.json"])["auth"]["username_attributes"] == ["username"]


def test_web_uses_web_client_and_mobile_the_native_client() -> None:
    cc = client_config("multi")
    files = render("multi")
    web_id, native_id, admin_id = (cc["clients"][n]["id"] for n in ("web", "native", "admin"))
    assert _exports(files)["aws_user_pools_web_client_id"] == web_id
    mobile = json.loads(files["mobile/amplifyconfiguration.json"])["auth"]["plugins"]["awsCognitoAuthPlugin"]
    assert mobile["CognitoUserPool"]["Default"]["AppClientId"] == native_id
    assert mobile["Auth"]["Default"]["OAuth"]["SignInRedirectURI"] == "myapp://callback/"
    assert mobile["Auth"]["Default"]["OAuth"]["AppClientId"] == native_id
    for text in files.values():
        assert admin_id not in text, "the client with a secret leaked into a file"


def test_no_secret_or_unknown_key_reaches_any_file() -> None:
    canary = "SECRET-CANARY-7f3a9c"
    for name in SCENARIOS:
        cc = client_config(name)
        cc["clientSecret"] = canary
        for client in cc["clients"].values():
            client["secret"] = canary
        if cc["identityPool"]:
            for entry in cc["identityPool"]["federation"]:
                entry["clientSecret"] = canary
        if cc["userPool"]:
            cc["userPool"]["smsRoleExternalId"] = canary
        for rel, text in render(name, cc=cc).items():
            assert canary not in text, f"{name}/{rel}"


def test_dart_wraps_the_mobile_json_as_the_cli_reads_it_back() -> None:
    for name in SCENARIOS:
        files = render(name)
        dart = files["amplifyconfiguration.dart"]
        assert dart.startswith("const amplifyconfig = ''' {") and dart.endswith("}''';")
        # The CLI's readJsonFromDart: from the first '{' to the last '}'.
        assert json.loads(dart[dart.index("{"):dart.rindex("}") + 1]) == json.loads(files["mobile/amplifyconfiguration.json"])


def test_dart_and_dotenv_escaping() -> None:
    from authstack.cli.config.mapping import dotenv_value
    from authstack.cli.config.render import dart_string_body

    assert dart_string_body('{"a": "x$y\\\\z\'"}') == '{"a": "x\\$y\\\\\\\\z\\\'"}'
    assert dotenv_value("K", "https://x/#a$b", "src") == '"https://x/#a\\$b"'
    with pytest.raises(ConfigError, match="K: value"):
        dotenv_value("K", 'a"b', "src")


# The rules of Amplify Flutter's generated parsers (amplify_core json_serializable code) and the
# Android/iOS plugin: required keys and strict enums of the awsCognitoAuthPlugin section.
_MOBILE_ENUMS = {"socialProviders": {"FACEBOOK", "GOOGLE", "AMAZON", "APPLE"}, "mfaTypes": {"SMS", "TOTP", "EMAIL"},
                 "usernameAttributes": {"EMAIL", "PHONE_NUMBER"}, "verificationMechanisms": {"EMAIL", "PHONE_NUMBER"}}


@pytest.mark.parametrize("name", SCENARIOS)
def test_mobile_config_satisfies_the_mobile_parsers(name: str) -> None:
    cc = client_config(name)
    plugin = json.loads(render(name)["mobile/amplifyconfiguration.json"])["auth"]["plugins"]["awsCognitoAuthPlugin"]
    if cc["userPool"]:
        pool = plugin["CognitoUserPool"]["Default"]
        assert set(pool) == {"PoolId", "AppClientId", "Region"}   # no AppClientSecret, ever
        assert pool["PoolId"] == cc["userPool"]["id"] and pool["Region"] == cc["region"]
        default = plugin["Auth"]["Default"]
        assert default["mfaConfiguration"] in {"OFF", "ON", "OPTIONAL"}
        for key, allowed in _MOBILE_ENUMS.items():
            assert set(default[key]) <= allowed, key
        assert set(default["passwordProtectionSettings"]["passwordPolicyCharacters"]) <= {
            "REQUIRES_LOWERCASE", "REQUIRES_UPPERCASE", "REQUIRES_NUMBERS", "REQUIRES_SYMBOLS"}
        if "OAuth" in default:
            assert set(default["OAuth"]) == {"WebDomain", "AppClientId", "SignInRedirectURI", "SignOutRedirectURI", "Scopes"}
    else:
        assert "CognitoUserPool" not in plugin
    assert plugin["Auth"]["Default"]["authenticationFlowType"] in {"USER_SRP_AUTH", "CUSTOM_AUTH", "USER_PASSWORD_AUTH"}
    if cc["identityPool"]:
        assert plugin["CredentialsProvider"]["CognitoIdentity"]["Default"] == {"PoolId": cc["identityPool"]["id"], "Region": cc["region"]}


# ------------------------------------------------------------------------------ amplify_outputs.json
def _schema(version: str) -> dict:
    return json.loads((SCHEMAS / f"schema_v{version}.json").read_text())


@pytest.mark.parametrize("version", ["1.3", "1.4", "1.5"])
@pytest.mark.parametrize("name", [n for n in SCENARIOS if n != "federation"])
def test_amplify_outputs_valid_against_official_schema(name: str, version: str) -> None:
    doc = json.loads(render(name, outputs_version=version)["amplify_outputs.json"])
    assert doc["version"] == version
    jsonschema.Draft202012Validator(_schema(version)).validate(doc)


def test_schema_check_is_live() -> None:
    doc = json.loads(render("social")["amplify_outputs.json"])
    validator = jsonschema.Draft202012Validator(_schema("1.5"))
    bad = json.loads(json.dumps(doc))
    bad["auth"]["oauth"]["identity_providers"].append("AMAZON")   # Gen 1 name: not in the Gen 2 enum
    assert not validator.is_valid(bad)
    assert not jsonschema.Draft202012Validator(_schema("1.4")).is_valid(doc)  # version is pinned by const


def test_email_mfa_needs_outputs_1_4() -> None:
    cc = client_config("mfa")
    cc["userPool"]["mfa"]["types"] = ["EMAIL", "TOTP"]
    jsonschema.Draft202012Validator(_schema("1.4")).validate(json.loads(render("mfa", cc=cc, outputs_version="1.4")["amplify_outputs.json"]))
    with pytest.raises(ConfigError, match=r"clientConfig.userPool.mfa.types: EMAIL MFA needs amplify_outputs version 1.4"):
        render("mfa", cc=cc, outputs_version="1.3")


def test_contract_error_names_path() -> None:
    from authstack.cli.config.contract import validate_outputs

    cc = client_config("social")
    cc["userPool"]["passwordPolicy"]["minLength"] = 3
    with pytest.raises(ConfigError, match=r"^f.json: clientConfig.userPool.passwordPolicy.minLength: expected an integer from 6 to 99, got 3$"):
        validate_outputs({"clientConfig": cc}, "f.json", "social", project="authstack")
    cc = client_config("social")
    cc["clients"]["web"]["oauth"]["callbackUrls"] = ["https://a/,b"]
    with pytest.raises(ConfigError, match=r"callbackUrls\[0\]: a redirect URL may not contain a comma"):
        validate_outputs({"clientConfig": cc}, "f.json", "social", project="authstack")
    for name in SCENARIOS:
        assert validate_outputs({"clientConfig": client_config(name)}, "f.json", name, project="authstack")["stack"] == name
