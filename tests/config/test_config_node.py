"""Proof against the real consumers: the generated files of every fixture scenario and of every example
stack (Pulumi.<stack>.yaml, through the real program offline) loaded into aws-amplify@5 and @6 under Node,
amplify_outputs.json checked with Ajv and cross-checked with the official Gen 2 → Gen 1 converters of
@aws-amplify/client-config, the bootstrap module run under aws-amplify@5, and its .d.ts compiled by tsc.

Packages are pinned by tests/node/package-lock.json and installed by the `node` fixture (`npm ci`).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from authstack.cli.config.settings import ClientSettings, load_settings
from config_helpers import (EXAMPLE_STACKS, NODE_DIR, REPO, SCENARIOS, SCHEMAS, client_config, readme_setup, render,
                            render_stack, run_node, run_node_many, stack_outputs)

WITH_USER_POOL = [n for n in SCENARIOS if n != "federation"]
#: Everything loaded into the real runtimes: the hand-written fixture scenarios, and each example stack
#: (Pulumi.<stack>.yaml) run through the real program offline (`infra.offline.plan_outputs`).
STACK_CASES = tuple(f"stack-{s}" for s in EXAMPLE_STACKS)
CASES = SCENARIOS + STACK_CASES
V5_FILES = ("aws-exports.js", "amplifyconfiguration.json")
V6_FILES = ("aws-exports.js", "amplifyconfiguration.json", "amplify_outputs.json")


def test_every_example_stack_is_covered() -> None:
    # The proof must not silently shrink if a stack file is renamed or the glob finds nothing.
    assert {"dev", "prod", "federation"} <= set(EXAMPLE_STACKS)


def expected(case: str) -> dict:
    """The `clientConfig` a case's files must reproduce: the fixture's, or the stack's real (offline) output."""
    if case.startswith("stack-"):
        return stack_outputs(case.removeprefix("stack-"))["clientConfig"]
    return client_config(case)


def rendered(case: str) -> dict[str, str]:
    if case.startswith("stack-"):
        return render_stack(case.removeprefix("stack-"))
    return render(case)


def _expected_oauth(cc: dict) -> dict | None:
    """The hosted-UI settings the stack gives its web client (None when it has none usable by an app)."""
    web = cc["clients"][cc["webClient"]] if cc["webClient"] else None
    if not web or not cc["oauthDomain"] or not web["oauth"]:
        return None
    flows = [f for f in web["oauth"]["flows"] if f in ("code", "implicit")]
    if not flows or not web["oauth"]["callbackUrls"] or not web["oauth"]["logoutUrls"]:
        return None
    return {"domain": cc["oauthDomain"], "scopes": web["oauth"]["scopes"], "signIn": web["oauth"]["callbackUrls"],
            "signOut": web["oauth"]["logoutUrls"], "responseType": "token" if flows[0] == "implicit" else "code"}


#: Cognito's fixed names of the social IdPs (SupportedIdentityProviders), with their Gen 1 names, in Gen 1 order.
_SOCIAL = (("Facebook", "FACEBOOK"), ("Google", "GOOGLE"), ("LoginWithAmazon", "AMAZON"), ("SignInWithApple", "APPLE"))


def _social(cc: dict, role: str = "webClient") -> list[str]:
    """The social providers the web (or mobile) client itself allows: its identityProviders, not the pool's list."""
    allowed = cc["clients"][cc[role]]["identityProviders"]
    return [gen1 for cognito, gen1 in _SOCIAL if cognito in allowed]


def _password_characters(pw: dict) -> list[str]:
    return [name for key, name in (("requireLowercase", "REQUIRES_LOWERCASE"), ("requireUppercase", "REQUIRES_UPPERCASE"),
                                   ("requireNumbers", "REQUIRES_NUMBERS"), ("requireSymbols", "REQUIRES_SYMBOLS")) if pw[key]]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, Path]:
    """Every case's files, written once to disk."""
    dirs = {}
    for case in CASES:
        d = tmp_path_factory.mktemp(case)
        for rel, text in rendered(case).items():
            (d / rel).parent.mkdir(parents=True, exist_ok=True)
            (d / rel).write_text(text)
        dirs[case] = d
    return dirs


@pytest.fixture(scope="module")
def consumed(node, generated) -> dict[tuple[str, str, str], dict]:
    """What aws-amplify@5 and @6 parsed from every web file of every case: one fresh Node process per
    (runtime, file), run in parallel, so ~40 loads cost a few seconds instead of a minute."""
    jobs = [(case, runtime, file) for case in CASES
            for runtime, files in (("v5", V5_FILES), ("v6", V6_FILES)) for file in files
            if (generated[case] / file).exists()]
    results = run_node_many(node, [("consume.mjs", (runtime, str(generated[case] / file))) for case, runtime, file in jobs])
    return dict(zip(jobs, results))


# ------------------------------------------------------------------------------------ aws-amplify@5
@pytest.mark.parametrize("file", V5_FILES)
@pytest.mark.parametrize("case", CASES)
def test_v5_parses_gen1_files(consumed, case: str, file: str) -> None:
    cc = expected(case)
    result = consumed[(case, "v5", file)]
    assert "error" not in result, result
    assert result["version"].startswith("5.")
    auth = result["auth"]
    up, ip = cc["userPool"], cc["identityPool"]
    assert auth["region"] == cc["region"]
    if up:
        assert auth["userPoolId"] == up["id"]
        assert auth["userPoolWebClientId"] == cc["clients"][cc["webClient"]]["id"]
        assert auth["signUpVerificationMethod"] == up["verificationMethod"]
        assert auth["aws_cognito_mfa_configuration"] == up["mfa"]["configuration"]
        assert auth["aws_cognito_mfa_types"] == up["mfa"]["types"]
        assert auth["aws_cognito_social_providers"] == _social(cc)
        assert auth["aws_cognito_username_attributes"] == [a.upper() for a in up["usernameAttributes"]]
        assert auth["aws_cognito_signup_attributes"] == [a.upper() for a in up["signupAttributes"]]
        assert auth["aws_cognito_verification_mechanisms"] == [a.upper() for a in up["verificationMechanisms"]]
        assert auth["aws_cognito_password_protection_settings"] == {
            "passwordPolicyMinLength": up["passwordPolicy"]["minLength"],
            "passwordPolicyCharacters": _password_characters(up["passwordPolicy"])}
    else:
        assert auth.get("userPoolId") is None and auth.get("userPoolWebClientId") is None
    if ip:
        assert auth["identityPoolId"] == ip["id"]
        assert auth["identityPoolRegion"] == cc["region"]
        assert auth["mandatorySignIn"] is (not ip["allowGuestAccess"])  # guest access
    else:
        assert auth.get("identityPoolId") is None
    oauth = _expected_oauth(cc)
    if oauth:
        got = auth["oauth"]
        assert got["domain"] == oauth["domain"] and got["scope"] == oauth["scopes"]
        assert got["redirectSignIn"].split(",") == oauth["signIn"]
        assert got["redirectSignOut"].split(",") == oauth["signOut"]
        assert got["responseType"] == oauth["responseType"]
    else:
        assert auth["oauth"] == {}


# ------------------------------------------------------------------------------------ aws-amplify@6
@pytest.mark.parametrize("file", V6_FILES)
@pytest.mark.parametrize("case", CASES)
def test_v6_parses_every_web_file(consumed, generated, case: str, file: str) -> None:
    cc = expected(case)
    if not (generated[case] / file).exists():
        assert cc["userPool"] is None and file == "amplify_outputs.json"
        pytest.skip("an identity-pool-only stack has no amplify_outputs.json (the schema requires a user pool)")
    result = consumed[(case, "v6", file)]
    assert "error" not in result, result
    assert result["version"].startswith("6.")
    cog = result["config"]["Auth"]["Cognito"]
    up, ip = cc["userPool"], cc["identityPool"]
    if ip:
        assert cog["identityPoolId"] == ip["id"]
        assert cog["identityPoolId"].split(":")[0] == cc["region"]  # v6 derives the region from the ID
        assert cog.get("allowGuestAccess", False) is ip["allowGuestAccess"]
    else:
        assert "identityPoolId" not in cog
    if not up:
        assert "userPoolId" not in cog
        return
    assert cog["userPoolId"] == up["id"] and cog["userPoolId"].split("_")[0] == cc["region"]
    assert cog["userPoolClientId"] == cc["clients"][cc["webClient"]]["id"]
    assert cog["mfa"] == {"status": {"OFF": "off", "ON": "on", "OPTIONAL": "optional"}[up["mfa"]["configuration"]],
                          "totpEnabled": "TOTP" in up["mfa"]["types"], "smsEnabled": "SMS" in up["mfa"]["types"]}
    pw = up["passwordPolicy"]
    assert cog["passwordFormat"] == {"minLength": pw["minLength"], "requireLowercase": pw["requireLowercase"],
                                     "requireUppercase": pw["requireUppercase"], "requireNumbers": pw["requireNumbers"],
                                     "requireSpecialCharacters": pw["requireSymbols"]}
    login = cog["loginWith"]
    assert login["email"] is ("email" in up["usernameAttributes"])
    assert login["phone"] is ("phone_number" in up["usernameAttributes"])
    assert login["username"] is (not up["usernameAttributes"])
    assert set(up["signupAttributes"]) <= set(cog["userAttributes"])
    if file != "amplify_outputs.json":
        assert cog.get("signUpVerificationMethod", "code") == up["verificationMethod"]  # v6 defaults to code
    oauth = _expected_oauth(cc)
    if oauth:
        got = login["oauth"]
        assert got["domain"] == oauth["domain"] and got["scopes"] == oauth["scopes"]
        assert got["redirectSignIn"] == oauth["signIn"] and got["redirectSignOut"] == oauth["signOut"]
        assert got["responseType"] == oauth["responseType"]
        assert got.get("providers", []) == [p.title() for p in _social(cc)]  # v6 omits an empty list
    else:
        assert "oauth" not in login


# ------------------------------------------------------------------- social providers are per client
def test_each_file_offers_only_its_clients_social_providers(node, tmp_path: Path) -> None:
    """The multi scenario's pool has Facebook and Google, but its web client allows only Google and its native
    client both. Amplify UI draws a button per provider in `loginWith.oauth.providers`; a provider the client
    does not allow would be a button the hosted UI then rejects. Swapping the web client proves the choice
    follows the client, not the pool."""
    cc = client_config("multi")
    assert cc["socialProviders"] == ["FACEBOOK", "GOOGLE"]  # the scenario: pool-wide list ≠ web client's
    swapped = client_config("multi")
    swapped["webClient"] = "native"
    cases = {"web-google-only": (render("multi"), ["Google"]), "web-is-native": (render("multi", cc=swapped), ["Facebook", "Google"])}
    calls, keys = [], []
    for case, (files, _) in cases.items():
        for file in V6_FILES:
            (tmp_path / case / file).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / case / file).write_text(files[file])
            calls.append(("consume.mjs", ("v6", str(tmp_path / case / file))))
            keys.append((case, file))
    for (case, file), result in zip(keys, run_node_many(node, calls)):
        assert "error" not in result, (case, file, result)
        assert result["config"]["Auth"]["Cognito"]["loginWith"]["oauth"]["providers"] == cases[case][1], (case, file)
    # The native client's own files (no JS consumer reads them) list both; the web .env only Google.
    files = render("multi")
    mobile = json.loads(files["mobile/amplifyconfiguration.json"])["auth"]["plugins"]["awsCognitoAuthPlugin"]
    assert mobile["Auth"]["Default"]["socialProviders"] == ["FACEBOOK", "GOOGLE"]
    assert '"socialProviders": [\n' in files["amplifyconfiguration.dart"] and "FACEBOOK" in files["amplifyconfiguration.dart"]
    assert 'VITE_SOCIAL_PROVIDERS="GOOGLE"' in files[".env"]


# ------------------------------------------------------------------------------ .env (Node's parser)
def _settings(case: str) -> ClientSettings:
    return load_settings(REPO, case.removeprefix("stack-")) if case.startswith("stack-") else ClientSettings()


def test_env_files_parse_to_the_stack_values(node, generated) -> None:
    """Each .env, read by Node's dotenv parser, holds the stack's public values under the stack's prefix."""
    cases = [c for c in CASES if (generated[c] / ".env").exists()]
    assert set(STACK_CASES) <= set(cases)
    parsed = run_node_many(node, [("parse-env.mjs", (str(generated[c] / ".env"),)) for c in cases])
    for case, result in zip(cases, parsed):
        assert "error" not in result, (case, result)
        cc, prefix = expected(case), _settings(case).env_prefix
        env = result["env"]
        assert all(k.startswith(prefix) for k in env), (case, sorted(env))
        got = {k.removeprefix(prefix): v for k, v in env.items()}
        up, ip = cc["userPool"], cc["identityPool"]
        assert got["AUTH_REGION"] == cc["region"], case
        assert got.get("USER_POOL_ID") == (up["id"] if up else None), case
        assert got.get("USER_POOL_CLIENT_ID") == (cc["clients"][cc["webClient"]]["id"] if up else None), case
        assert got.get("IDENTITY_POOL_ID") == (ip["id"] if ip else None), case
        assert got.get("ALLOW_GUEST_ACCESS") == ((str(ip["allowGuestAccess"]).lower()) if ip else None), case
        oauth = _expected_oauth(cc)
        if oauth:
            assert got["OAUTH_DOMAIN"] == oauth["domain"] and got["OAUTH_SCOPES"].split(",") == oauth["scopes"], case
            assert got["OAUTH_REDIRECT_SIGN_IN"].split(",") == oauth["signIn"], case
            assert got["OAUTH_REDIRECT_SIGN_OUT"].split(",") == oauth["signOut"], case
            assert got["OAUTH_RESPONSE_TYPE"] == oauth["responseType"], case
            assert got["SOCIAL_PROVIDERS"] == ",".join(_social(cc)), case  # "" when none
        else:
            assert not any(k.startswith("OAUTH_") for k in got), case
        public = {"provider", "loginsKey", "federatedSignInName", "amplifyRefreshesItself"}
        for entry in (ip or {"federation": []})["federation"]:
            for key, value in entry.items():
                if key not in public:  # the provider SDK IDs (Auth0 domain and client ID, Google client ID, ...)
                    assert value in got.values(), (case, entry["provider"], key)


# ----------------------------------------------------------------------------------- schema (Ajv)
@pytest.mark.parametrize("version", ["1.3", "1.4", "1.5"])
def test_ajv_validates_amplify_outputs(node, tmp_path: Path, version: str) -> None:
    docs = {name: render(name, outputs_version=version)["amplify_outputs.json"] for name in WITH_USER_POOL}
    docs.update({f"stack-{s}": render_stack(s, outputs_version=version)["amplify_outputs.json"]
                 for s in EXAMPLE_STACKS if stack_outputs(s)["clientConfig"]["userPool"] is not None})
    schema = str(SCHEMAS / f"schema_v{version}.json")
    for name, text in docs.items():
        (tmp_path / f"{name}.json").write_text(text)
    broken = json.loads(docs["social"])
    broken["auth"]["mfa_configuration"] = "OFF"  # Gen 1 vocabulary: must be refused
    (tmp_path / "broken.json").write_text(json.dumps(broken))
    names = [*docs, "broken"]
    results = run_node_many(node, [("validate-outputs.cjs", (schema, str(tmp_path / f"{n}.json"))) for n in names])
    verdicts = dict(zip(names, results))
    assert verdicts.pop("broken")["valid"] is False
    for name, result in verdicts.items():
        assert result == {"valid": True, "errors": []}, (name, result)


# --------------------------------------------------------- official Gen 2 → Gen 1 converters (cross-check)
def _chars(settings: dict) -> tuple:
    return settings.get("passwordPolicyMinLength"), sorted(settings["passwordPolicyCharacters"])


@pytest.mark.parametrize("name", WITH_USER_POOL + list(STACK_CASES))
def test_official_converters_agree(node, generated, name: str) -> None:
    if expected(name)["userPool"] is None:
        pytest.skip("an identity-pool-only stack has no amplify_outputs.json to convert")
    converted = run_node(node, "convert-gen2.mjs", str(generated[name] / "amplify_outputs.json"))
    legacy = converted["legacy"]
    ours = json.loads((generated[name] / "amplifyconfiguration.json").read_text())
    for key in ("aws_project_region", "aws_user_pools_id", "aws_cognito_region", "aws_user_pools_web_client_id",
                "aws_cognito_identity_pool_id", "aws_cognito_mfa_types", "aws_cognito_mfa_configuration",
                "aws_cognito_signup_attributes", "aws_cognito_verification_mechanisms"):
        assert legacy.get(key) == ours.get(key), key
    # Gen 2 spells plain username sign-in "username"; Gen 1 leaves the list empty. Same meaning for v6.
    assert [a for a in legacy["aws_cognito_username_attributes"] if a != "USERNAME"] == ours["aws_cognito_username_attributes"]
    assert _chars(legacy["aws_cognito_password_protection_settings"]) == _chars(ours["aws_cognito_password_protection_settings"])
    assert legacy.get("oauth", {}) == ours["oauth"]
    if ours["oauth"]:
        assert legacy["aws_cognito_social_providers"] == ours["aws_cognito_social_providers"]

    cc = expected(name)
    theirs = converted["mobile"]["auth"]["plugins"]["awsCognitoAuthPlugin"]
    mine = json.loads((generated[name] / "mobile/amplifyconfiguration.json").read_text())["auth"]["plugins"]["awsCognitoAuthPlugin"]
    if cc["identityPool"]:
        assert theirs["CredentialsProvider"] == mine["CredentialsProvider"]
    else:  # the converter writes a Region-only CredentialsProvider; we write none
        assert "CredentialsProvider" not in mine
    if cc["mobileClient"] == cc["webClient"]:  # the converter only knows the one client of amplify_outputs.json
        assert theirs["CognitoUserPool"] == mine["CognitoUserPool"]
        assert theirs["Auth"]["Default"].get("OAuth") == mine["Auth"]["Default"].get("OAuth")
    else:
        assert theirs["CognitoUserPool"]["Default"]["PoolId"] == mine["CognitoUserPool"]["Default"]["PoolId"]
    for key in ("mfaConfiguration", "mfaTypes", "signupAttributes", "verificationMechanisms", "authenticationFlowType"):
        assert theirs["Auth"]["Default"][key] == mine["Auth"]["Default"][key], key


# ------------------------------------------------------------------------------ bootstrap under v5
def _bootstrap_dir(tmp_path: Path, files: dict[str, str]) -> Path:
    """A folder shaped like an app: the generated module, aws-exports.js, and aws-amplify = v5."""
    app = tmp_path / "app"
    (app / "node_modules").mkdir(parents=True)
    (app / "package.json").write_text('{"type": "module", "private": true}')
    os.symlink(NODE_DIR / "node_modules" / "amplify5", app / "node_modules" / "aws-amplify")
    for rel in ("authstack-auth.js", "authstack-auth.d.ts", "aws-exports.js"):
        (app / rel).write_text(files[rel])
    shutil.copy(NODE_DIR / "bootstrap-driver.mjs", app / "bootstrap-driver.mjs")
    return app


def _drive(node, app: Path, *args: str) -> dict:
    return run_node(node, str(app / "bootstrap-driver.mjs"), *args, cwd=app)


def test_bootstrap_wires_refresh_handlers_into_v5(node, tmp_path: Path) -> None:
    cc = client_config("federation")
    app = _bootstrap_dir(tmp_path, render("federation", client_metadata={"app": "kiosk"}))
    result = _drive(node, app, "ok")
    assert result["ok"] is True, result
    names = {f["provider"]: f["federatedSignInName"] for f in cc["identityPool"]["federation"]}
    required = sorted(f["federatedSignInName"] for f in cc["identityPool"]["federation"] if not f["amplifyRefreshesItself"])
    assert required == ["authstack-demo.eu.auth0.com", "developer"]
    assert result["configuredHandlers"] == sorted(names.values())
    assert set(required) <= set(result["credentialsHandlers"])  # reached Credentials, where v5 refreshes
    assert result["tokens"] == {n: f"token-for-{n}" for n in names.values()}  # our functions, under the right keys
    assert result["sameAsAuthConfigure"] is True
    assert result["identityPoolId"] == cc["identityPool"]["id"] and result["userPoolId"] is None
    assert result["mandatorySignIn"] is True
    assert result["clientMetadata"] == {"app": "kiosk"} and result["authenticationFlowType"] == "USER_SRP_AUTH"
    assert result["hubEvents"] == ["authstack-test-1"]  # the listener ran, and stopped after stopListening()
    exports = result["exports"]
    assert exports["FEDERATION_PROVIDERS"] == names
    assert exports["PROVIDER_SDK_CONFIG"]["auth0"] == {"domain": "authstack-demo.eu.auth0.com", "clientId": "Xy7Qw2Er5Ty8Ui1Op4As6Df9Gh3Jk0Lz"}
    assert exports["PROVIDER_SDK_CONFIG"]["facebook"] == {"appId": "1234567890123456"}
    assert exports["PROVIDER_SDK_CONFIG"]["google"]["clientId"].endswith(".apps.googleusercontent.com")
    assert exports["frozen"] is True


@pytest.mark.parametrize("missing", ["authstack-demo.eu.auth0.com", "developer"])
def test_bootstrap_names_the_missing_refresh_handler(node, tmp_path: Path, missing: str) -> None:
    app = _bootstrap_dir(tmp_path, render("federation"))
    result = _drive(node, app, "missing", missing)
    assert result["ok"] is False
    assert f'needs a refresh handler for "{missing}"' in result["error"]
    other = {"authstack-demo.eu.auth0.com", "developer"} - {missing}
    assert other.pop() not in result["error"].split("(stack")[0]


def test_bootstrap_refuses_unknown_provider(node, tmp_path: Path) -> None:
    app = _bootstrap_dir(tmp_path, render("federation"))
    result = _drive(node, app, "unknown", "login.other.example")
    assert result["ok"] is False and '"login.other.example"' in result["error"] and "does not federate" in result["error"]


def test_bootstrap_without_federation_configures_user_pool(node, tmp_path: Path) -> None:
    cc = client_config("mfa")
    app = _bootstrap_dir(tmp_path, render("mfa", authentication_flow_type="CUSTOM_AUTH", client_metadata={"tier": "gold"}))
    result = _drive(node, app, "ok")
    assert result["ok"] is True, result
    assert result["configuredHandlers"] == []
    assert result["userPoolId"] == cc["userPool"]["id"]
    assert result["userPoolWebClientId"] == cc["clients"]["web"]["id"]
    assert result["authenticationFlowType"] == "CUSTOM_AUTH" and result["clientMetadata"] == {"tier": "gold"}


@pytest.mark.parametrize("stack", EXAMPLE_STACKS)
def test_bootstrap_of_example_stack_under_v5(node, tmp_path: Path, stack: str) -> None:
    """The bootstrap module of each example stack, run under aws-amplify@5: every refresh handler lands
    under the provider name the stack's outputs give, each missing one is named, an unknown one refused."""
    cc = stack_outputs(stack)["clientConfig"]
    client = load_settings(REPO, stack)
    federation = cc["identityPool"]["federation"] if cc["identityPool"] else []
    names = {f["provider"]: f["federatedSignInName"] for f in federation}
    required = sorted(f["federatedSignInName"] for f in federation if not f["amplifyRefreshesItself"])
    app = _bootstrap_dir(tmp_path, render_stack(stack))
    driver = str(app / "bootstrap-driver.mjs")
    calls = [(driver, ("ok",), app), (driver, ("unknown", "login.other.example"), app)]
    calls += [(driver, ("missing", name), app) for name in required]
    ok, unknown, *missing = run_node_many(node, calls)

    assert ok.get("ok") is True, ok
    assert ok["configuredHandlers"] == sorted(names.values())
    assert set(required) <= set(ok["credentialsHandlers"])  # reached Credentials, where v5 refreshes
    assert ok["tokens"] == {n: f"token-for-{n}" for n in names.values()}  # our functions, under the right keys
    assert ok["sameAsAuthConfigure"] is True
    up, ip = cc["userPool"], cc["identityPool"]
    assert ok["userPoolId"] == (up["id"] if up else None)
    assert ok["userPoolWebClientId"] == (cc["clients"][cc["webClient"]]["id"] if up else None)
    assert ok["identityPoolId"] == (ip["id"] if ip else None)
    if ip:
        assert ok["mandatorySignIn"] is (not ip["allowGuestAccess"])
    assert ok["clientMetadata"] == client.client_metadata and ok["authenticationFlowType"] == client.flow_type
    assert ok["hubEvents"] == ["authstack-test-1"]
    exports = ok["exports"]
    assert exports["STACK"] == stack
    assert exports["FEDERATION_PROVIDERS"] == names
    assert sorted(exports["REFRESH_HANDLERS_REQUIRED"]) == required
    assert sorted(exports["REFRESH_HANDLERS_OPTIONAL"]) == sorted(set(names.values()) - set(required))
    public = {"provider", "loginsKey", "federatedSignInName", "amplifyRefreshesItself"}
    assert exports["PROVIDER_SDK_CONFIG"] == {f["provider"]: {k: v for k, v in f.items() if k not in public}
                                              for f in federation if set(f) - public}

    assert unknown["ok"] is False and '"login.other.example"' in unknown["error"], unknown
    for name, result in zip(required, missing):
        assert result["ok"] is False, (name, result)
        assert f'needs a refresh handler for "{name}"' in result["error"]
        for other in set(required) - {name}:
            assert f'"{other}"' not in result["error"].split("(stack")[0]


def test_federation_stack_bootstrap_matches_its_stack_file(node, tmp_path: Path) -> None:
    """Pinned to Pulumi.federation.yaml itself (not to the program's outputs): the Auth0 tenant domain and
    developer identities need refresh handlers, under the names `configureAuth` and the README use."""
    fed = yaml.safe_load((REPO / "Pulumi.federation.yaml").read_text())["config"]["authstack:identityPool"]["federation"]
    domain = fed["auth0"]["domain"]
    app = _bootstrap_dir(tmp_path, render_stack("federation"))
    result = _drive(node, app, "ok")
    assert result.get("ok") is True, result
    exports = result["exports"]
    assert exports["FEDERATION_PROVIDERS"] == {"google": "google", "developer": "developer", "auth0": domain}
    assert sorted(exports["REFRESH_HANDLERS_REQUIRED"]) == sorted([domain, "developer"])
    assert exports["REFRESH_HANDLERS_OPTIONAL"] == ["google"]
    assert exports["PROVIDER_SDK_CONFIG"] == {
        "google": {"clientId": fed["googleClientId"]},
        "developer": {"developerProviderName": fed["developerProviderName"]},
        "auth0": {"domain": domain, "clientId": fed["auth0"]["clientIds"][0]},
    }
    assert set(result["tokens"]) == {"google", "developer", domain}


def test_readme_bootstrap_example_runs(node, tmp_path: Path) -> None:
    """The README's `configureAuth` example, as written, against the federation example stack's module."""
    snippet = readme_setup("./authstack-auth.js")
    federation = stack_outputs("federation")["clientConfig"]["identityPool"]["federation"]
    required = sorted(f["federatedSignInName"] for f in federation if not f["amplifyRefreshesItself"])
    app = _bootstrap_dir(tmp_path, render_stack("federation"))
    (app / "readme-example.mjs").write_text(snippet + """
import { Auth as AuthForTest } from 'aws-amplify';
import { writeSync } from 'node:fs';
async function refreshFromAuth0() { return { token: 'auth0-token', expires_at: 4102444800000 }; }
async function refreshFromMyBackend() { return { token: 'developer-token', expires_at: 4102444800000 }; }
const handlers = AuthForTest.configure().refreshHandlers;
const tokens = {};
for (const [name, fn] of Object.entries(handlers)) tokens[name] = (await fn()).token;
writeSync(1, JSON.stringify({ tokens }) + '\\n');
process.exit(0);
""")
    result = run_node(node, str(app / "readme-example.mjs"), cwd=app)
    assert sorted(result["tokens"]) == required
    auth0 = next(f["federatedSignInName"] for f in federation if f["provider"] == "auth0")
    assert result["tokens"] == {auth0: "auth0-token", "developer": "developer-token"}


def test_bootstrap_types_compile_and_catch_mistakes(node, tmp_path: Path) -> None:
    app = _bootstrap_dir(tmp_path, render("federation"))
    (app / "usage.ts").write_text("""
import { configureAuth, FEDERATION_PROVIDERS, PROVIDER_SDK_CONFIG, type FederationProviderName } from './authstack-auth.js';
const refresh = async () => ({ token: 't', expires_at: 1 });
const { config, stopListening } = configureAuth({
    refreshHandlers: { [FEDERATION_PROVIDERS.auth0]: refresh, [FEDERATION_PROVIDERS.developer]: refresh },
    onAuthEvent: (capsule) => console.log(capsule.payload.event),
});
stopListening();
console.log(config, PROVIDER_SDK_CONFIG.auth0.domain.length);
const google: FederationProviderName = FEDERATION_PROVIDERS.google;
// @ts-expect-error: the developer refresh handler is missing
configureAuth({ refreshHandlers: { [FEDERATION_PROVIDERS.auth0]: refresh } });
// @ts-expect-error: not a provider of this stack
const wrong: FederationProviderName = 'cognito';
console.log(google, wrong);
""")
    tsc = NODE_DIR / "node_modules" / "typescript" / "bin" / "tsc"
    proc = subprocess.run([str(node), str(tsc), "--noEmit", "--strict", "--target", "es2022", "--module", "nodenext",
                           "--moduleResolution", "nodenext", "usage.ts"], cwd=app, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
