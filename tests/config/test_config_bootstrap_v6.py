"""The aws-amplify v6 bootstrap (`bootstrap-v6`: authstack-auth-v6.js + .d.ts) loaded by the real aws-amplify@6
under Node, for every fixture scenario and example stack: the config it gives Amplify is what v6 itself parses
from the sibling generated file, with the app's own config merged over it; the token and credentials providers
are installed; refresh handlers are refused exactly as the v5 module refuses them; the types compile.

Federation against Cognito (GetId, GetCredentialsForIdentity, refresh, reload) is proven end to end against a
local emulator in tests/e2e/.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from config_helpers import (EXAMPLE_STACKS, NODE_DIR, SCENARIOS, client_config, readme_setup, render, render_stack, run_node,
                            run_node_many, stack_outputs)

CASES = SCENARIOS + tuple(f"stack-{s}" for s in EXAMPLE_STACKS)
FILES = ("authstack-auth-v6.js", "authstack-auth-v6.d.ts", "aws-exports.js", "amplify_outputs.json")
#: What the driver merges in, as an app would (tests/node/bootstrap-v6-driver.mjs).
OWN_COGNITO = {"userPoolEndpoint": "http://127.0.0.1:9/idp", "identityPoolEndpoint": "http://127.0.0.1:9/identity"}
OWN_API = {"REST": {"orders": {"endpoint": "https://api.example.com/orders", "region": "us-east-1"}}}


def _cc(case: str) -> dict:
    return stack_outputs(case.removeprefix("stack-"))["clientConfig"] if case.startswith("stack-") else client_config(case)


def _files(case: str) -> dict[str, str]:
    return render_stack(case.removeprefix("stack-")) if case.startswith("stack-") else render(case)


def v6_app(directory: Path, files: dict[str, str], sdk: bool = True) -> Path:
    """A folder shaped like a v6 app: the generated files, aws-amplify = v6, and (unless ``sdk`` is False)
    the AWS SDK v3 packages the module imports when the stack federates."""
    (directory / "node_modules").mkdir(parents=True)
    (directory / "package.json").write_text('{"type": "module", "private": true}')
    os.symlink(NODE_DIR / "node_modules" / "amplify6", directory / "node_modules" / "aws-amplify")
    if sdk:
        os.symlink(NODE_DIR / "node_modules" / "@aws-sdk", directory / "node_modules" / "@aws-sdk")
    for rel in FILES:
        if rel in files:
            (directory / rel).write_text(files[rel])
    for script in ("bootstrap-v6-driver.mjs", "quiet.mjs"):
        (directory / script).write_bytes((NODE_DIR / script).read_bytes())
    return directory


@pytest.fixture(scope="module")
def driven(node, tmp_path_factory) -> dict[str, dict]:
    """`configureAuth` of every case, each in a fresh Node process."""
    apps = {case: v6_app(tmp_path_factory.mktemp(case), _files(case)) for case in CASES}
    results = run_node_many(node, [(str(apps[c] / "bootstrap-v6-driver.mjs"), ("ok",), apps[c]) for c in CASES])
    return dict(zip(CASES, results))


@pytest.mark.parametrize("case", CASES)
def test_v6_bootstrap_configures_amplify(driven, case: str) -> None:
    cc, result = _cc(case), driven[case]
    assert result.get("ok") is True, result
    assert result["version"].startswith("6.")
    # The embedded config is what v6 parses from the sibling file: amplify_outputs.json with a user pool,
    # aws-exports.js without one.
    sibling = result["fromOutputsFile"] if cc["userPool"] else result["fromAwsExports"]
    assert sibling is not None and result["generated"] == sibling
    # The app's config is merged over it: deeply for Auth.Cognito, other categories kept.
    expected = dict(result["generated"])
    expected["Auth"] = {**expected["Auth"], "Cognito": {**expected["Auth"]["Cognito"], **OWN_COGNITO}}
    expected["API"] = OWN_API
    assert result["config"] == expected
    assert result["sameTokenProvider"] is True and result["sameCredentialsProvider"] is True
    assert result["providerMethods"] == ["clearCredentialsAndIdentityId", "getCredentialsAndIdentityId"]
    assert result["federated"] is None
    assert result["hubEvents"] == ["authstack:authstack-test-1"]  # listened, then stopped

    federation = cc["identityPool"]["federation"] if cc["identityPool"] else []
    exports = result["exports"]
    assert exports["STACK"] == cc["stack"]
    assert exports["FEDERATION_PROVIDERS"] == {f["provider"]: f["federatedSignInName"] for f in federation}
    # v6 refreshes no federated token by itself: every provider needs a handler.
    assert sorted(exports["REFRESH_HANDLERS_REQUIRED"]) == sorted(f["federatedSignInName"] for f in federation)
    assert exports["REFRESH_HANDLERS_OPTIONAL"] == []
    assert exports["HUB_CHANNEL"] == "authstack" and exports["frozen"] is True
    assert exports["SIGN_IN_OPTIONS"]["authFlowType"] == "USER_SRP_AUTH"


def test_v6_bootstrap_exports_what_the_v5_module_does(driven, tmp_path: Path, node) -> None:
    """Same constants as authstack-auth.js for the same stack (v5 driver), except the refresh-handler split."""
    from test_config_node import _bootstrap_dir, _drive

    v5 = _drive(node, _bootstrap_dir(tmp_path, render("federation")), "ok")["exports"]
    v6 = driven["federation"]["exports"]
    for key in ("STACK", "FEDERATION_PROVIDERS", "PROVIDER_SDK_CONFIG", "CLIENT_METADATA", "AUTHENTICATION_FLOW_TYPE"):
        assert v6[key] == v5[key], key
    assert sorted(v6["REFRESH_HANDLERS_REQUIRED"]) == sorted(v5["REFRESH_HANDLERS_REQUIRED"] + v5["REFRESH_HANDLERS_OPTIONAL"])


def test_v6_hosted_ui_provider_names(driven) -> None:
    """signInWithRedirect takes 'Google' etc. for social IdPs and { custom: name } for OIDC/SAML, and only the
    web client's IdPs are offered (multi: the pool has Facebook and Google, the web client only Google)."""
    assert driven["multi"]["exports"]["HOSTED_UI_PROVIDERS"] == {"google": "Google"}
    assert driven["social"]["exports"]["HOSTED_UI_PROVIDERS"] == {
        "facebook": "Facebook", "google": "Google", "amazon": "Amazon", "apple": "Apple"}
    assert driven["federation"]["exports"]["HOSTED_UI_PROVIDERS"] == {}
    cc = stack_outputs("dev")["clientConfig"]
    web = cc["clients"][cc["webClient"]]
    custom = {i["name"] for i in cc["userPoolIdentityProviders"] if i["type"] in ("OIDC", "SAML") and i["name"] in web["identityProviders"]}
    got = driven["stack-dev"]["exports"]["HOSTED_UI_PROVIDERS"]
    assert {k for k, v in got.items() if isinstance(v, dict)} == custom
    assert all(got[name] == {"custom": name} for name in custom)


def test_v6_bootstrap_client_metadata_and_flow(node, tmp_path: Path) -> None:
    files = render("mfa", client_metadata={"app": "web", "tier": "gold"}, authentication_flow_type="CUSTOM_AUTH")
    app = v6_app(tmp_path / "app", files)
    result = run_node(node, str(app / "bootstrap-v6-driver.mjs"), "ok", cwd=app)
    assert result["ok"] is True, result
    exports = result["exports"]
    assert exports["CLIENT_METADATA"] == {"app": "web", "tier": "gold"}
    assert exports["AUTHENTICATION_FLOW_TYPE"] == "CUSTOM_AUTH"
    assert exports["SIGN_IN_OPTIONS"] == {"authFlowType": "CUSTOM_WITHOUT_SRP", "clientMetadata": {"app": "web", "tier": "gold"}}
    assert result["withClientMetadata"] == {"app": "web", "tier": "gold", "step": "signup"}


@pytest.mark.parametrize("missing", ["authstack-demo.eu.auth0.com", "developer", "google", "facebook"])
def test_v6_bootstrap_names_the_missing_refresh_handler(node, tmp_path: Path, missing: str) -> None:
    app = v6_app(tmp_path / "app", render("federation"))
    result = run_node(node, str(app / "bootstrap-v6-driver.mjs"), "missing", missing, cwd=app)
    assert result["ok"] is False
    assert f'needs a refresh handler for "{missing}"' in result["error"]
    assert "Amplify v6 cannot refresh" in result["error"]


def test_v6_bootstrap_refuses_unknown_provider(node, tmp_path: Path) -> None:
    app = v6_app(tmp_path / "app", render("federation"))
    result = run_node(node, str(app / "bootstrap-v6-driver.mjs"), "unknown", "login.other.example", cwd=app)
    assert result["ok"] is False and '"login.other.example"' in result["error"] and "does not federate" in result["error"]


def test_v6_bootstrap_without_federation_needs_no_aws_sdk(node, tmp_path: Path) -> None:
    """A stack without identity-pool federation gets a module that imports aws-amplify only (with federation, the
    AWS SDK client is imported on the first federated call)."""
    files = render("mfa")
    assert "@aws-sdk/" not in files["authstack-auth-v6.js"]
    assert "import('@aws-sdk/client-cognito-identity')" in render("federation")["authstack-auth-v6.js"]
    app = v6_app(tmp_path / "app", files, sdk=False)
    result = run_node(node, str(app / "bootstrap-v6-driver.mjs"), "ok", cwd=app)
    assert result["ok"] is True, result


def test_v6_bootstrap_types_compile_and_catch_mistakes(node, tmp_path: Path) -> None:
    app = v6_app(tmp_path / "app", render("federation"))
    (app / "usage.ts").write_text("""
import { configureAuth, federatedSignIn, federatedSignOut, withClientMetadata, FEDERATION_PROVIDERS, HUB_EVENTS,
         PROVIDER_SDK_CONFIG, type FederationProviderName, type AuthHubCapsule } from './authstack-auth-v6.js';
const refresh = async () => ({ token: 't', expires_at: 1 });
const { config, stopListening } = configureAuth({
    refreshHandlers: {
        [FEDERATION_PROVIDERS.auth0]: refresh, [FEDERATION_PROVIDERS.developer]: refresh,
        [FEDERATION_PROVIDERS.google]: refresh, [FEDERATION_PROVIDERS.facebook]: refresh,
    },
    onAuthEvent: (capsule: AuthHubCapsule) => {
        if (capsule.channel === 'auth' && capsule.payload.event === 'signedIn') console.log(capsule.payload.data.username);
        if (capsule.channel === 'authstack' && capsule.payload.event === HUB_EVENTS.FEDERATED_SIGN_IN) console.log(capsule.payload.data.identityId);
    },
    config: { Auth: { Cognito: { identityPoolId: 'x', identityPoolEndpoint: 'http://127.0.0.1:1' } } },
});
stopListening();
console.log(config.Auth, PROVIDER_SDK_CONFIG.auth0.domain.length, withClientMetadata({ step: 'a' }).step);
const signedIn = await federatedSignIn(FEDERATION_PROVIDERS.developer, { token: 't', expires_at: 1, identity_id: 'id' });
console.log(signedIn.credentials.accessKeyId, signedIn.identityId);
await federatedSignOut();
const google: FederationProviderName = FEDERATION_PROVIDERS.google;
// @ts-expect-error: the developer refresh handler is missing (and two more)
configureAuth({ refreshHandlers: { [FEDERATION_PROVIDERS.auth0]: refresh } });
// @ts-expect-error: not a provider of this stack
await federatedSignIn('cognito', { token: 't', expires_at: 1 });
// @ts-expect-error: expires_at is required
await federatedSignIn(FEDERATION_PROVIDERS.google, { token: 't' });
console.log(google);
""")
    tsc = NODE_DIR / "node_modules" / "typescript" / "bin" / "tsc"
    proc = subprocess.run([str(node), str(tsc), "--noEmit", "--strict", "--skipLibCheck", "--target", "es2022",
                           "--module", "nodenext", "--moduleResolution", "nodenext", "usage.ts"], cwd=app,
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_readme_v6_setup_runs(node, tmp_path: Path) -> None:
    """The README's v6 set-up, as written, against the federation example stack's module: the handlers it names
    are the ones the stack needs, and the app's own API category is kept next to the stack's Auth."""
    app = v6_app(tmp_path / "app", render_stack("federation"))
    (app / "readme-example.mjs").write_text(readme_setup("./authstack-auth-v6.js") + """
import { Amplify as AmplifyForTest } from 'aws-amplify';
import { emit } from './quiet.mjs';
async function refreshFromAuth0() { return { token: 'auth0-token', expires_at: 4102444800000 }; }
async function refreshFromMyBackend() { return { token: 'developer-token', expires_at: 4102444800000 }; }
async function refreshFromGoogle() { return { token: 'google-token', expires_at: 4102444800000 }; }
const config = AmplifyForTest.getConfig();
emit({ api: Object.keys(config.API?.REST ?? {}), identityPoolId: config.Auth?.Cognito?.identityPoolId ?? null });
process.exit(0);
""")
    result = run_node(node, str(app / "readme-example.mjs"), cwd=app)
    assert result == {"api": ["orders"], "identityPoolId": stack_outputs("federation")["clientConfig"]["identityPool"]["id"]}
