"""Point 9, Auth0: the issuer (with Auth0's trailing slash) and the provider's key (without it) agree everywhere they
are written, derived from one `domain` in the stack file: the IAM OIDC provider, the identity pool's provider ARNs,
the role mapping, the user-pool IdP, the stack's clientConfig output and the generated client files.

The documented forms, each written out here from the raw domain (not through authstack's own helpers):
- Auth0's `iss` is ``https://<tenant>/``, trailing slash included (Auth0 docs, "ID Token Structure":
  ``"iss": "https://{yourDomain}/"``).
- The IAM OIDC provider URL "should correspond to the iss claim" (IAM API CreateOpenIDConnectProvider, Url), and STS
  compares them as written (aws-solutions-library-samples/guidance-for-claude-code-with-amazon-bedrock#54, "Add
  trailing slash to Auth0 OIDC provider URL to fix issuer mismatch"). IAM names the provider by the URL without
  ``https://``, the slash kept: ``arn:aws:iam::<account>:oidc-provider/<tenant>/`` (aws/aws-sam-cli#7432), and that
  ARN is what the identity pool lists (API CreateIdentityPool, OpenIdConnectProviderARNs).
- The Logins key is the issuer without ``https://`` and without the trailing slash: "The iss parameter must match the
  key used in the logins map (such as login.provider.com)" (Cognito guide, "Open ID Connect providers (identity
  pools)"); "matching iss with the name ... without https:// prefix and trailing /" (aws-amplify/amplify-flutter#3478,
  after "Invalid login token. Issuer doesn't match providerName"); AWS's own Auth0 sample registers
  ``https://${Auth0Domain}/`` in IAM and sends ``Logins={provider_domain: id_token}`` with the bare domain
  (guidance-for-claude-code-with-amazon-bedrock, deployment/infrastructure/bedrock-auth-auth0.yaml and
  source/credential_provider/__main__.py).
- A role mapping is keyed by the same provider name: "The string identifies the identity provider, for example,
  graph.facebook.com" (API SetIdentityPoolRoles, RoleMappings).
- Amplify v5 `Auth.federatedSignIn(domain, ...)` puts the token under ``logins[domain]`` for any provider it does not
  know by name, so the name the client files give Auth0 must be the Logins key itself.
"""
from __future__ import annotations

import json
import re

import pytest
from pulumi.runtime import rpc

from authstack.infra.offline import ACCOUNT
from authstack.spec import facts
from tests.provider.conftest import SECRET, stack_file
from tests.provider.helpers import cli, planned, write

DOMAIN = "dev-abc.us.auth0.com"
ISS = f"https://{DOMAIN}/"                                    # Auth0's iss
PROVIDER_ARN = f"arn:aws:iam::{ACCOUNT}:oidc-provider/{DOMAIN}/"  # IAM: the URL without https://
LOGINS_KEY = DOMAIN                                           # iss without https:// and the trailing slash


def one_auth0_spec() -> dict:
    """The federation example with a user pool added, and the one Auth0 tenant used both by the identity pool
    (direct federation, with a rules mapping) and by the user pool (a hosted-UI IdP)."""
    config = stack_file("federation")["config"]
    config["authstack:identityPool"]["federation"]["auth0"]["domain"] = DOMAIN
    del config["authstack:userPool"]
    config["authstack:domain"] = {"prefix": "auth0-keys-test"}
    config["authstack:identityProviders"] = {"tenant": {"type": "auth0", "domain": DOMAIN, "clientId": "a0client",
                                                        "clientSecret": SECRET}}
    config["authstack:clients"] = {"web": {"identityProviders": ["COGNITO", "tenant"], "oauth": {
        "callbackUrls": ["https://app.example.com/"], "logoutUrls": ["https://app.example.com/"]}}}
    return config


@pytest.fixture(scope="module")
def derived(tmp_path_factory):
    """Everything authstack writes from that one domain: the plan (program under mocks, through the CLI) and the
    client files `authstack config --offline` generates."""
    folder = write(tmp_path_factory.mktemp("auth0"), one_auth0_spec())
    planned = cli("plan", "--stack", "x", "--project-dir", str(folder), "--format", "json")
    assert planned.returncode == 0, planned.stderr
    doc = json.loads(planned.stdout)
    out = folder / "client"
    made = cli("config", "--stack", "x", "--project-dir", str(folder), "--offline", "--out", str(out))
    assert made.returncode == 0, made.stderr
    return doc, {p.name: p.read_text() for p in out.iterdir() if p.is_file()}


def _resource(doc, typ: str, name_part: str = "") -> dict:
    [found] = [r for r in doc["resources"] if r["type"] == typ and r.get("custom", True) and name_part in r["name"]]
    return found


def _js_object(text: str, const: str) -> dict:
    body = re.search(rf"const {const} = deepFreeze\((\{{.*?\n\}})\);", text, re.S).group(1)
    return json.loads(body)


def test_iam_provider_url_is_auth0s_iss(derived):
    doc, _ = derived
    provider = _resource(doc, facts.OIDC_PROVIDER, "-oidc-auth0")
    assert provider["inputs"]["url"] == ISS
    assert provider["outputs"]["arn"] == PROVIDER_ARN


def test_identity_pool_lists_that_provider(derived):
    doc, _ = derived
    pool = _resource(doc, facts.IDENTITY_POOL)
    assert pool["inputs"]["openidConnectProviderArns"] == [PROVIDER_ARN]


def test_role_mapping_is_keyed_by_the_logins_key(derived):
    doc, _ = derived
    attachment = _resource(doc, facts.ROLE_ATTACHMENT)
    assert [m["identityProvider"] for m in attachment["inputs"]["roleMappings"]] == [LOGINS_KEY]


def test_user_pool_idp_has_the_same_issuer(tmp_path, derived):
    doc, _ = derived
    idp = _resource(doc, facts.IDENTITY_PROVIDER, "-idp-tenant")
    assert idp["inputs"]["providerDetails"] == "[secret]"  # it holds the client secret: the plan never shows it
    # The program under mocks, where the details can be read: Cognito checks the IdP's tokens against oidc_issuer.
    [idp] = [r for r in planned(write(tmp_path, one_auth0_spec())).resources if r.type == facts.IDENTITY_PROVIDER]
    assert rpc.unwrap_rpc_secret(idp.inputs["providerDetails"])["oidc_issuer"] == ISS


def test_client_config_output_names_the_logins_key(derived):
    doc, _ = derived
    [entry] = [e for e in doc["outputs"]["clientConfig"]["identityPool"]["federation"] if e["provider"] == "auth0"]
    assert (entry["loginsKey"], entry["federatedSignInName"], entry["domain"]) == (LOGINS_KEY, LOGINS_KEY, DOMAIN)


def test_generated_client_files_send_the_logins_key(derived):
    _, files = derived
    v6 = files["authstack-auth-v6.js"]
    assert _js_object(v6, "LOGINS_KEYS")[LOGINS_KEY] == LOGINS_KEY  # what GetId's Logins map is keyed by
    for name in ("authstack-auth.js", "authstack-auth-v6.js"):
        providers = re.search(r"export const FEDERATION_PROVIDERS = deepFreeze\((\{.*?\n\})\);", files[name], re.S)
        assert json.loads(providers.group(1))["auth0"] == LOGINS_KEY, name
    assert "https://" + LOGINS_KEY + "/" == ISS  # the key is the issuer less scheme and slash, nothing else


# ---- one form in the stack file ----------------------------------------------------------------------------------

@pytest.mark.parametrize("written", [f"https://{DOMAIN}", f"{DOMAIN}/", f"https://{DOMAIN}/", "Dev-Abc.us.auth0.com"])
@pytest.mark.parametrize("where", ["identityPool", "identityProviders"])
def test_a_domain_not_written_bare_is_refused_naming_the_form(tmp_path, written, where):
    """A scheme or a trailing slash would end up in the Logins key or double the issuer's; an upper-case host gives an
    IAM provider URL that never equals Auth0's lower-case iss (IAM provider URLs are case-sensitive)."""
    config = one_auth0_spec()
    if where == "identityPool":
        config["authstack:identityPool"]["federation"]["auth0"]["domain"] = written
        path = "authstack:identityPool.federation.auth0.domain"
    else:
        config["authstack:identityProviders"]["tenant"]["domain"] = written
        path = "authstack:identityProviders.tenant.domain"
    write(tmp_path, config)
    proc = cli("validate", "--stack", "x", "--project-dir", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"Pulumi.x.yaml: {path}: {written!r}: write the bare tenant host {DOMAIN!r} (lower case, no https://, no "
        f"trailing slash); authstack derives the issuer https://{DOMAIN}/ and the Logins key {DOMAIN} from it"]


def test_the_bare_domain_is_accepted(tmp_path):
    write(tmp_path, one_auth0_spec())
    assert cli("validate", "--stack", "x", "--project-dir", str(tmp_path)).returncode == 0
