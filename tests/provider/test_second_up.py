"""Point 1: a second `pulumi up` is a no-op. For every resource type, what AWS returns that the program did not send,
and why the program is immune: it sends the value AWS returns, the provider keeps the field (Optional+Computed) or
suppresses it, or the program lists it in ``ignoreChanges``. Each row cites its source."""
from __future__ import annotations

import pytest

from authstack.infra.identity_providers import COGNITO_SET_DETAILS
from tests.helpers import by_type
from tests.provider.conftest import ALL_PROVIDERS
from tests.provider.helpers import planned, write

TF = "https://github.com/hashicorp/terraform-provider-aws"
IDP_DOC = "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_IdentityProviderType.html"

POOL = "aws:cognito/userPool:UserPool"
IDP = "aws:cognito/identityProvider:IdentityProvider"
CLIENT = "aws:cognito/userPoolClient:UserPoolClient"
IDENTITY_POOL = "aws:cognito/identityPool:IdentityPool"


@pytest.fixture(scope="module")
def everything(tmp_path_factory, ):
    from tests.provider.conftest import stack_file

    config = stack_file("prod")["config"]
    config["authstack:identityProviders"] = ALL_PROVIDERS
    for client in config["authstack:clients"].values():
        client["identityProviders"] = ["COGNITO", "Google"]
    config["authstack:userPool"]["customAttributes"]["score"] = {"type": "Number"}
    config["authstack:userPool"]["standardAttributes"]["birthdate"] = {"required": True}
    return planned(write(tmp_path_factory.mktemp("all"), config))


def _idp(plan, provider_type: str):
    return next(r for r in by_type(plan, IDP) if r.inputs["providerType"] == provider_type)


# (provider type, key Cognito adds to ProviderDetails, source)
IDP_ROWS = [
    ("Google", "authorize_url", f"{TF}/issues/4831"), ("Google", "token_url", f"{TF}/issues/4831"),
    ("Google", "attributes_url", f"{TF}/issues/42157"), ("Google", "attributes_url_add_attributes", f"{TF}/issues/42157"),
    ("Google", "token_request_method", f"{TF}/issues/42157"), ("Google", "oidc_issuer", f"{TF}/issues/42157"),
    ("Facebook", "authorize_url", f"{TF}/issues/4831"), ("Facebook", "token_url", f"{TF}/issues/4831"),
    ("Facebook", "attributes_url", f"{TF}/issues/4831"), ("Facebook", "attributes_url_add_attributes", f"{TF}/issues/4831"),
    ("Facebook", "token_request_method", f"{TF}/issues/4831"), ("Facebook", "api_version", IDP_DOC),
    ("LoginWithAmazon", "authorize_url", IDP_DOC), ("LoginWithAmazon", "token_url", IDP_DOC),
    ("SignInWithApple", "authorize_url", IDP_DOC), ("SignInWithApple", "oidc_issuer", IDP_DOC),
    # Apple: DescribeIdentityProvider never returns the private key, so state always lacks what the program sends.
    ("SignInWithApple", "private_key", IDP_DOC),
    ("OIDC", "authorize_url", IDP_DOC), ("OIDC", "token_url", IDP_DOC), ("OIDC", "attributes_url", IDP_DOC),
    ("OIDC", "jwks_uri", IDP_DOC), ("OIDC", "attributes_url_add_attributes", IDP_DOC),
    ("SAML", "SLORedirectBindingURI", f"{TF}/issues/4807"), ("SAML", "SSORedirectBindingURI", f"{TF}/issues/4807"),
    ("SAML", "ActiveEncryptionCertificate", f"{TF}/blob/main/internal/service/cognitoidp/identity_provider.go"),
]


@pytest.mark.parametrize("provider_type,key,source", IDP_ROWS, ids=[f"{r[0]}.{r[1]}" for r in IDP_ROWS])
def test_identity_provider_details_cognito_adds_are_ignored(everything, provider_type, key, source):
    idp = _idp(everything, provider_type)
    assert f"providerDetails.{key}" in idp.options["ignoreChanges"], source


def test_every_provider_type_is_covered(everything):
    assert {r[0] for r in IDP_ROWS} == set(COGNITO_SET_DETAILS) == {r.inputs["providerType"] for r in by_type(everything, IDP)}


def test_nothing_the_program_sends_is_ignored(everything):
    """Ignoring a key the program sends would hide a real change (client IDs, scopes, the issuer); the one exception
    is Apple's private key, which AWS never returns (rotated with rotatePrivateKey)."""
    from pulumi.runtime import rpc

    for idp in by_type(everything, IDP):
        sent = set(rpc.unwrap_rpc_secret(idp.inputs["providerDetails"]))
        ignored = {p.removeprefix("providerDetails.") for p in idp.options["ignoreChanges"] if p.startswith("providerDetails.")}
        assert sent & ignored == ({"private_key"} if idp.inputs["providerType"] == "SignInWithApple" else set()), idp.name


# Pulumi property paths (https://www.pulumi.com/docs/iac/concepts/miscellaneous/property-paths/): a bare key after a dot
# must be an identifier; anything else needs ["..."].
_PATH_STEP = r'(?:\.([A-Za-z_][A-Za-z0-9_]*)|\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\])'


def _property_path(path: str) -> list:
    import re

    head = re.match(r"[A-Za-z_][A-Za-z0-9_]*", path)
    assert head, path
    steps, rest = [head.group()], path[head.end():]
    while rest:
        m = re.match(_PATH_STEP, rest)
        assert m, f"not a Pulumi property path: {path!r}"
        steps.append(m.group(1) or m.group(2) or int(m.group(3)))
        rest = rest[m.end():]
    return steps


def _engine_inputs(news: dict, old_inputs: dict, ignore: list[str]) -> dict:
    """Layer 1, the engine: the program's inputs with the old *input* put back at every ignoreChanges path that has one
    (pulumi/pulumi pkg/resource/deploy processIgnoreChanges(news, olds, paths), since pulumi/pulumi#2657; nested
    property paths per the ignoreChanges doc). A key the program never sent has no old input: nothing is put back."""
    import copy

    out = copy.deepcopy(news)
    for path in ignore:
        steps = _property_path(path)
        old, new = old_inputs, out
        for step in steps[:-1]:
            old, new = (old or {}).get(step), new.setdefault(step, {})
        if isinstance(old, dict) and steps[-1] in old:
            new[steps[-1]] = old[steps[-1]]
    return out


def _bridge_diff(state: dict, inputs: dict, ignore: list[str]) -> set[str]:
    """Layer 2, the bridged provider: the attribute keys whose value differs between the state (what Read returned) and
    the inputs, minus every key equal to or under an ignored path (pulumi-terraform-bridge pkg/tfshim
    InstanceDiff.processIgnoreChanges deletes those attribute diffs)."""
    def flat(value: dict, prefix: str = "") -> dict:
        out = {}
        for k, v in value.items():
            out.update(flat(v, f"{prefix}{k}.") if isinstance(v, dict) else {f"{prefix}{k}": v})
        return out

    a, b = flat(state), flat(inputs)
    changed = {k for k in set(a) | set(b) if a.get(k) != b.get(k)}
    dotted = [".".join(str(s) for s in _property_path(p)) for p in ignore]
    return {k for k in changed if not any(k == d or k.startswith(f"{d}.") for d in dotted)}


@pytest.mark.parametrize("provider_type", sorted(COGNITO_SET_DETAILS))
def test_with_what_cognito_adds_in_state_the_second_up_sees_no_change(everything, provider_type):
    """End to end for point 1, through both layers that apply ignoreChanges: after the first `up` the old inputs are
    what the program sent and the state is what DescribeIdentityProvider returned: the program's providerDetails plus
    every key Cognito adds (IDP_ROWS), Apple's private key absent. The second `up` then diffs nothing, for every provider
    type; a real change (a new client ID) still shows."""
    from pulumi.runtime import rpc

    idp = _idp(everything, provider_type)
    ignore = idp.options["ignoreChanges"]
    sent = {"providerDetails": dict(rpc.unwrap_rpc_secret(idp.inputs["providerDetails"])),
            "attributeMapping": dict(idp.inputs.get("attributeMapping") or {})}
    added = {key: f"https://cognito-set.example/{key}" for t, key, _ in IDP_ROWS if t == provider_type and key != "private_key"}
    state = {"providerDetails": {**{k: v for k, v in sent["providerDetails"].items() if k != "private_key"}, **added},
             "attributeMapping": dict(sent["attributeMapping"])}
    if provider_type == "SAML":
        state["attributeMapping"].setdefault("username", "<SAML NameID>")  # Cognito maps the NameID itself
    assert _bridge_diff(state, _engine_inputs(sent, sent, ignore), ignore) == set()
    # Without the program's ignoreChanges every added key (and Apple's key) would be a change on every run.
    assert _bridge_diff(state, sent, []) >= {f"providerDetails.{k}" for k in added}
    if "client_id" in sent["providerDetails"]:
        changed = {**sent, "providerDetails": {**sent["providerDetails"], "client_id": "a-new-client-id"}}
        assert _bridge_diff(state, _engine_inputs(changed, sent, ignore), ignore) == {"providerDetails.client_id"}


def test_apple_key_rotation_sends_the_key(tmp_path):
    from tests.provider.conftest import stack_file

    config = stack_file("prod")["config"]
    config["authstack:identityProviders"]["apple"]["rotatePrivateKey"] = True
    apple = _idp(planned(write(tmp_path, config)), "SignInWithApple")
    assert "providerDetails.private_key" not in apple.options["ignoreChanges"]


@pytest.mark.parametrize("provider_type,username", [
    ("Google", "sub"), ("Facebook", "id"), ("LoginWithAmazon", "user_id"), ("SignInWithApple", "sub"), ("OIDC", "sub"),
])
def test_attribute_mapping_always_sends_the_username_cognito_adds(tmp_path, provider_type, username):
    """Cognito maps ``username`` itself and returns it; attribute_mapping is a map the author set, so a mapping without
    it differs on every plan (terraform-provider-aws#4831, the Facebook example maps ``username = "id"``)."""
    from tests.provider.conftest import stack_file

    config = stack_file("prod")["config"]
    providers = {k: dict(v, attributeMapping={"email": "email"}) for k, v in ALL_PROVIDERS.items() if k != "adfs"}
    config["authstack:identityProviders"] = providers
    for client in config["authstack:clients"].values():
        client["identityProviders"] = ["COGNITO"]
    idp = _idp(planned(write(tmp_path, config)), provider_type)
    assert idp.inputs["attributeMapping"] == {"email": "email", "username": username}


def test_saml_username_mapping_is_cognitos(everything):
    saml = _idp(everything, "SAML")
    assert "username" not in saml.inputs["attributeMapping"]
    assert "attributeMapping.username" in saml.options["ignoreChanges"]


# User pool: (input path, what the program sends, why; source)
POOL_ROWS = [
    # user_pool_add_ons is Optional, not Computed, and DescribeUserPool returns AdvancedSecurityMode OFF as well.
    ("userPoolAddOns", {"advancedSecurityMode": "ENFORCED"}, f"{TF}/blob/main/internal/service/cognitoidp/user_pool.go"),
    # software_token_mfa_configuration is Optional (MinItems 1), read back from GetUserPoolMfaConfig once MFA is on.
    ("softwareTokenMfaConfiguration", {"enabled": True}, f"{TF}/blob/main/internal/service/cognitoidp/user_pool.go"),
    # email_configuration: DescribeUserPool returns EmailSendingAccount; the block is suppressed only when absent.
    # (prod sends through SES: DEVELOPER with the identity and the sender, each sent explicitly.)
    ("emailConfiguration", {"emailSendingAccount": "DEVELOPER",
                            "sourceArn": "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
                            "fromEmailAddress": "MyApp <no-reply@example.com>"},
     f"{TF}/blob/main/internal/service/cognitoidp/user_pool.go"),
    # The temporary password validity is Computed inside a Computed block, sent anyway so the plan says it.
    ("passwordPolicy.temporaryPasswordValidityDays", 7, f"{TF}/blob/main/internal/service/cognitoidp/user_pool.go"),
    ("deletionProtection", "ACTIVE", f"{TF}/blob/main/internal/service/cognitoidp/user_pool.go"),
    ("userPoolTier", "PLUS", f"{TF}/blob/main/internal/service/cognitoidp/user_pool.go"),
    ("usernameConfiguration", {"caseSensitive": False}, f"{TF}/blob/main/internal/service/cognitoidp/user_pool.go"),
]


def _path(inputs: dict, path: str):
    for part in path.split("."):
        inputs = inputs[part]
    return inputs


@pytest.mark.parametrize("path,value,source", POOL_ROWS, ids=[r[0] for r in POOL_ROWS])
def test_user_pool_sends_what_aws_returns(everything, path, value, source):
    pool = by_type(everything, POOL)[0]
    assert _path(pool.inputs, path) == value, source


def test_schema_constraints_match_what_describe_returns(everything):
    """flattenSchemaAttributeTypes keeps an attribute in state as DescribeUserPool returns it, constraints included; a
    String attribute sent without constraints gets AWS's 0..2048 back and diffs (pulumi-aws#1237,
    terraform-provider-aws user_pool.go skipFlatteningStringAttributeContraints and its standard-attribute table)."""
    schemas = {s["name"]: s for s in by_type(everything, POOL)[0].inputs["schemas"]}
    assert schemas["email"]["stringAttributeConstraints"] == {"minLength": "0", "maxLength": "2048"}
    assert schemas["birthdate"]["stringAttributeConstraints"] == {"minLength": "10", "maxLength": "10"}
    assert schemas["tenant"]["stringAttributeConstraints"] == {"minLength": "0", "maxLength": "64"}
    assert schemas["score"]["attributeDataType"] == "Number" and "stringAttributeConstraints" not in schemas["score"]
    for s in schemas.values():
        assert {"mutable", "required", "developerOnlyAttribute", "attributeDataType"} <= set(s)


def test_mfa_off_sends_no_totp_block(tmp_path):
    from tests.provider.conftest import stack_file

    config = stack_file("prod")["config"]
    config["authstack:userPool"]["mfa"] = {"mode": "OFF"}
    config["authstack:throwaway"] = True  # MFA off with password sign-in is refused on a stack with real users
    pool = by_type(planned(write(tmp_path, config)), POOL)[0]
    assert "softwareTokenMfaConfiguration" not in pool.inputs
    assert "advancedSecurityMode" in pool.inputs["userPoolAddOns"]


def test_threat_protection_off_is_sent_as_off(tmp_path):
    from tests.provider.conftest import stack_file

    config = stack_file("dev")["config"]
    pool = by_type(planned(write(tmp_path, config)), POOL)[0]
    assert pool.inputs["userPoolAddOns"] == {"advancedSecurityMode": "OFF"}


CLIENT_ROWS = [
    # token_validity_units: DescribeUserPoolClient returns the units; sending them explicitly matches.
    ("tokenValidityUnits", {"accessToken": "minutes", "idToken": "minutes", "refreshToken": "days"},
     f"{TF}/blob/main/internal/service/cognitoidp/user_pool_client.go"),
    ("accessTokenValidity", 60, f"{TF}/blob/main/internal/service/cognitoidp/user_pool_client.go"),
    ("idTokenValidity", 60, f"{TF}/blob/main/internal/service/cognitoidp/user_pool_client.go"),
    ("preventUserExistenceErrors", "ENABLED", f"{TF}/blob/main/internal/service/cognitoidp/user_pool_client.go"),
    ("enableTokenRevocation", True, f"{TF}/blob/main/internal/service/cognitoidp/user_pool_client.go"),
    ("allowedOauthFlowsUserPoolClient", True, f"{TF}/blob/main/internal/service/cognitoidp/user_pool_client.go"),
]


@pytest.mark.parametrize("key,value,source", CLIENT_ROWS, ids=[r[0] for r in CLIENT_ROWS])
def test_app_client_sends_what_aws_returns(everything, key, value, source):
    for client in by_type(everything, CLIENT):
        assert client.inputs[key] == value, (client.name, source)


def test_identity_pool_sends_server_side_token_check(everything):
    """cognito_identity_providers is a set of blocks: every field AWS returns is sent (serverSideTokenCheck)."""
    for pool in by_type(everything, IDENTITY_POOL):
        for provider in pool.inputs["cognitoIdentityProviders"]:
            assert set(provider) == {"clientId", "providerName", "serverSideTokenCheck"}
