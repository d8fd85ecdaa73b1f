"""Mapped settings, field by field, against the Gen 1 source files; and the aws-exports round trip."""
from __future__ import annotations

import json
import re

from authstack.infra import offline
from authstack.spec.load import load

from importer_helpers import FIXTURES, complete, import_json, source

SHOP = "amplify/backend/auth/shopappa1b2c3d4/cli-inputs.json"
LEGACY = "amplify/backend/auth/legacyauth9f8e/parameters.json"
CHARS = {"Requires Lowercase": "require_lowercase", "Requires Uppercase": "require_uppercase",
         "Requires Numbers": "require_numbers", "Requires Symbols": "require_symbols"}


def test_shop_app_settings(project):
    summary = import_json("shop-app", "prod", project)
    complete(project, summary)
    c = source("shop-app", SHOP)["cognitoConfig"]
    spec = load(project, "imported").spec
    up = spec.user_pool
    assert up.sign_in.username_attributes == c["usernameAttributes"]
    assert up.sign_in.case_sensitive is c["usernameCaseSensitive"]
    assert sorted(n for n, a in up.standard_attributes.items() if a.required) == sorted(c["requiredAttributes"])
    assert up.password_policy.minimum_length == int(c["passwordPolicyMinLength"])
    for label, attr in CHARS.items():
        assert getattr(up.password_policy, attr) is (label in c["passwordPolicyCharacters"])
    assert (up.mfa.mode, up.mfa.totp, up.mfa.sms) == (c["mfaConfiguration"], "TOTP" in c["mfaTypes"], False)
    assert up.verification.attributes == c["autoVerifiedAttributes"]
    assert (up.verification.email_subject, up.verification.email_message) == (c["emailVerificationSubject"], c["emailVerificationMessage"])
    groups = source("shop-app", "amplify/backend/auth/userPoolGroups/user-pool-group-precedence.json")
    assert {n: g.precedence for n, g in up.groups.items()} == {g["groupName"]: g["precedence"] for g in groups}
    # The Gen 1 group role (which carries the customPolicies) is adopted by ARN, not recreated.
    meta = source("shop-app", "amplify/#current-cloud-backend/amplify-meta.json")["auth"]["userPoolGroups"]["output"]
    assert {n: g.role_arn for n, g in up.groups.items()} == {n: meta.get(f"{n}GroupRole") for n in up.groups}
    assert all(g.policy_statements is None for g in up.groups.values() if g.role_arn)
    oauth = json.loads(c["oAuthMetadata"])
    for name in ("web", "native"):
        client = spec.clients[name]
        assert client.oauth.flows == oauth["AllowedOAuthFlows"] and client.oauth.scopes == oauth["AllowedOAuthScopes"]
        assert client.oauth.callback_urls == oauth["CallbackURLs"] and client.oauth.logout_urls == oauth["LogoutURLs"]
        assert client.refresh_token_validity == int(c["userpoolClientRefreshTokenValidity"])
        assert client.read_attributes == c["userpoolClientReadAttributes"]
        assert client.write_attributes == c["userpoolClientWriteAttributes"]
        assert client.identity_providers == ["COGNITO", *c["authProvidersUserPool"]]
    # The deployed record wins over cli-inputs.json for the secret (test_import_adoption: ..._follows_the_deployed_record).
    deployed = source("shop-app", "amplify/#current-cloud-backend/amplify-meta.json")["auth"]["shopappa1b2c3d4"]["output"]
    assert (spec.clients["web"].generate_secret, spec.clients["native"].generate_secret) == (False, "AppClientSecret" in deployed)
    tpi = source("shop-app", "amplify/team-provider-info.json")["prod"]["categories"]["auth"]["shopappa1b2c3d4"]
    assert spec.identity_providers["facebook"].client_id == tpi["facebookAppIdUserPool"]
    assert spec.identity_providers["google"].client_id == tpi["googleAppIdUserPool"]
    metas = {m["ProviderName"]: m for m in json.loads(c["hostedUIProviderMeta"])}
    assert spec.identity_providers["google"].attribute_mapping == metas["Google"]["AttributeMapping"]
    assert spec.identity_providers["facebook"].scopes == metas["Facebook"]["authorize_scopes"].split(",")
    assert spec.identity_pool.allow_guest_access is c["allowUnauthenticatedIdentities"]
    # Triggers: templates → built-ins with their settings; custom code → a port.
    params = source("shop-app", "amplify/backend/function/shopappa1b2c3d4PreSignup/parameters.json")
    pre = spec.triggers["preSignUp"].steps
    assert pre[0].use == "email-domain-allowlist"
    assert pre[0].with_["domains"] == [d.strip() for d in params["DOMAINALLOWLIST"].split(",")]
    assert pre[1].handler == "amplify/backend/function/shopappa1b2c3d4PreSignup/src/custom.py"
    group = source("shop-app", "amplify/backend/function/shopappa1b2c3d4PostConfirmation/parameters.json")["GROUP"]
    assert spec.triggers["postConfirmation"].steps[0].with_ == {"group": group}
    link = source("shop-app", "amplify/backend/function/shopappa1b2c3d4CustomMessage/parameters.json")
    vl = spec.triggers["customMessage"].steps[0].with_
    assert (vl["url"], vl["subject"]) == (link["REDIRECTURL"], link["EMAILSUBJECT"]) and vl["message"].startswith(link["EMAILMESSAGE"])
    claims = spec.triggers["preTokenGeneration"]
    assert claims.version == "V1_0"
    assert claims.steps[0].with_["idToken"] == {"add": {"tier": "gold", "shop_region": "eu"}, "suppress": ["phone_number"]}
    keys = {u["key"] for u in summary["unsupported"]}
    assert "verification-link" in keys
    # CLI v7+ sets AttributesRequireVerificationBeforeUpdate to autoVerifiedAttributes: reproduced, not unsupported.
    assert "cognitoConfig.autoVerifiedAttributes" not in keys and up.verification.keep_original_until_verified is True
    assert not any("RoleArn" in k for k in keys)  # the Amplify roles are adopted (tests in test_import_adoption.py)
    assert [p["source"] for p in summary["triggersToPort"]] == ["amplify/backend/function/shopappa1b2c3d4PreSignup/src/custom.js"]


def test_legacy_parameters_with_string_triggers(project):
    summary = import_json("legacy-params", "dev", project)
    complete(project, summary)
    p = source("legacy-params", LEGACY)
    spec = load(project, "imported").spec
    up = spec.user_pool
    assert up.sign_in.username and up.sign_in.email and up.sign_in.preferred_username and not up.sign_in.phone
    assert "usernameCaseSensitive" not in p and up.sign_in.case_sensitive is None  # not stated: left out
    assert (up.mfa.mode, up.mfa.sms, up.mfa.totp, up.mfa.sms_message) == ("OPTIONAL", True, True, p["smsAuthenticationMessage"])
    assert up.verification.sms_message == p["smsVerificationMessage"]
    assert up.password_policy.minimum_length == p["passwordPolicyMinLength"] and up.password_policy.require_symbols
    assert not up.password_policy.require_lowercase
    assert spec.clients["native"].generate_secret is True and spec.clients["web"].generate_secret is False
    assert spec.clients["web"].read_attributes is None  # userpoolClientSetAttributes: false
    triggers = json.loads(p["triggers"])
    assert {"preSignUp", "postConfirmation", "defineAuthChallenge"} == set(spec.triggers) and len(triggers) == 3
    assert spec.triggers["preSignUp"].steps[0].use == "email-domain-denylist"
    assert spec.triggers["preSignUp"].steps[0].with_["domains"] == ["mailinator.com", "tempmail.dev"]
    assert list(up.groups) == p["userPoolGroupList"]
    assert up.sms.external_id == f"{p['resourceNameTruncated']}_role_external_id"
    unsupported = {(u["key"], json.dumps(u["value"])) for u in summary["unsupported"]}
    assert ("adminQueries", "true") in unsupported
    assert any(k == "triggers.DefineAuthChallenge" for k, _ in unsupported)
    assert any("native client's ID was not found" in w for w in summary["warnings"])


def test_identity_pool_only_federation(project):
    summary = import_json("identity-pool-only", "staging", project)
    spec = load(project, "imported").spec
    tpi = source("identity-pool-only", "amplify/team-provider-info.json")["staging"]["categories"]["auth"]["fedidpool5e6f"]
    fed = spec.identity_pool.federation
    assert (fed.facebook_app_id, fed.google_client_id) == (tpi["facebookAppId"], tpi["googleClientId"])
    assert spec.identity_pool.allow_guest_access is True and spec.identity_pool.user_pool_clients is None
    assert spec.user_pool is None and spec.clients == {}  # `userPool: false`: no new, empty pool any more
    assert summary["adopted"] == {"identityPoolId": "us-west-2:0a0b0c0d-1111-4222-8333-444455556666"}
    assert any("mysteryNewField" in w for w in summary["warnings"])  # a newer field is named, not dropped
    keys = {u["key"] for u in summary["unsupported"]}
    assert {"cognitoConfig.audiences", "cognitoConfig.googleIos"} <= keys
    assert "cognitoConfig.authSelections" not in keys
    cc = offline.plan_outputs("imported", project)["clientConfig"]
    assert {f["loginsKey"] for f in cc["identityPool"]["federation"]} == {"graph.facebook.com", "accounts.google.com"}


def test_real_projects_field_by_field(project):
    js = import_json("amplify-ui-env/environments/auth/auth-with-phone-and-sms-mfa", "dev", project, "--region", "us-east-1")
    c = source("amplify-ui-env/environments/auth/auth-with-phone-and-sms-mfa",
               "amplify/backend/auth/authwithphoneandsmsmfa/cli-inputs.json")["cognitoConfig"]
    up = load(project, "imported").spec.user_pool
    assert up.name == f"{c['userPoolName']}-dev"
    assert up.sign_in.username_attributes == c["usernameAttributes"]
    assert (up.mfa.mode, up.mfa.sms, up.mfa.sms_message) == (c["mfaConfiguration"], True, c["smsAuthenticationMessage"])
    assert all(getattr(up.password_policy, a) for a in CHARS.values())
    assert up.standard_attributes == {}
    assert js["adopted"] == {} and any("NEW, empty pool" in w for w in js["warnings"])


def _exports(text: str) -> dict:
    return json.loads(text[text.index("{"):text.rindex("}") + 1])


def test_round_trip_client_config_matches_aws_exports(project):
    summary = import_json("shop-app", "prod", project)
    complete(project, summary)
    original = _exports((FIXTURES / "shop-app" / "src" / "aws-exports.js").read_text())
    cc = offline.plan_outputs("imported", project)["clientConfig"]
    up = cc["userPool"]
    assert cc["region"] == original["aws_cognito_region"]
    assert [a.upper() for a in up["usernameAttributes"]] == original["aws_cognito_username_attributes"]
    assert sorted(a.upper() for a in up["signupAttributes"]) == sorted(original["aws_cognito_signup_attributes"])
    assert up["mfa"] == {"configuration": original["aws_cognito_mfa_configuration"], "types": original["aws_cognito_mfa_types"]}
    pw = original["aws_cognito_password_protection_settings"]
    assert up["passwordPolicy"]["minLength"] == pw["passwordPolicyMinLength"]
    names = {"requireLowercase": "REQUIRES_LOWERCASE", "requireUppercase": "REQUIRES_UPPERCASE",
             "requireNumbers": "REQUIRES_NUMBERS", "requireSymbols": "REQUIRES_SYMBOLS"}
    assert sorted(v for k, v in names.items() if up["passwordPolicy"][k]) == sorted(pw["passwordPolicyCharacters"])
    assert [v.upper() for v in up["verificationMechanisms"]] == original["aws_cognito_verification_mechanisms"]
    assert cc["oauthDomain"] == original["oauth"]["domain"]
    web = cc["clients"][cc["webClient"]]["oauth"]
    assert web["scopes"] == original["oauth"]["scope"]
    assert ",".join(web["callbackUrls"]) == original["oauth"]["redirectSignIn"]
    assert ",".join(web["logoutUrls"]) == original["oauth"]["redirectSignOut"]
    assert cc["socialProviders"] == original["aws_cognito_social_providers"]


def test_round_trip_through_the_config_generator(project, tmp_path_factory):
    """`authstack config --offline` on the imported stack writes an aws-exports.js with the original's keys and values,
    apart from the IDs (placeholders offline)."""
    from authstack.cli.config.run import Request, run

    summary = import_json("shop-app", "prod", project)
    complete(project, summary)
    out = tmp_path_factory.mktemp("out")
    run(Request(stack="imported", offline=True, out=out, formats=("aws-exports",), project_dir=project))
    generated = _exports((out / "aws-exports.js").read_text())
    original = _exports((FIXTURES / "shop-app" / "src" / "aws-exports.js").read_text())
    ids = {"aws_cognito_identity_pool_id", "aws_user_pools_id", "aws_user_pools_web_client_id"}
    assert set(original) <= set(generated)
    for key in sorted(set(original) - ids):
        assert generated[key] == original[key], key
    assert re.fullmatch(r"eu-west-1_\w+", generated["aws_user_pools_id"])
