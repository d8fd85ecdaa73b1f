"""The real program, run per example stack under Pulumi's mocks: exact inputs (wire names), parents, dependencies,
options, and secrets."""
from __future__ import annotations

import json

import pytest
from pulumi.runtime import rpc

from authstack.infra.offline import plan
from tests.helpers import ROOT, by_type, one, project

POOL = "aws:cognito/userPool:UserPool"
CLIENT = "aws:cognito/userPoolClient:UserPoolClient"
IDP = "aws:cognito/identityProvider:IdentityProvider"
IDENTITY_POOL = "aws:cognito/identityPool:IdentityPool"
ATTACHMENT = "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment"
ROLE = "aws:iam/role:Role"
DOMAIN = "aws:cognito/userPoolDomain:UserPoolDomain"
GROUP = "aws:cognito/userGroup:UserGroup"


@pytest.fixture(scope="module")
def plans():
    return {name: plan(ROOT, name) for name in ("dev", "prod", "federation")}


def test_every_resource_is_parented_to_its_component(plans):
    for p in plans.values():
        components = {r.urn: r for r in p.resources if not r.custom}
        root = [r for r in components.values() if r.type == "authstack:index:AuthStack"]
        assert len(root) == 1
        for r in p.resources:
            if r.custom:
                assert r.parent in components, r.name
                # Names derive from the component's name, so the tree mirrors the code.
                assert r.name.startswith(components[r.parent].name), (r.name, components[r.parent].name)
            elif r is not root[0]:
                assert r.parent == root[0].urn


def test_user_pool_inputs_prod(plans):
    pool = one(plans["prod"], POOL)
    i = pool.inputs
    assert i["deletionProtection"] == "ACTIVE"
    assert pool.options["protect"] is True
    assert i["usernameAttributes"] == ["email"] and "aliasAttributes" not in i
    assert i["usernameConfiguration"] == {"caseSensitive": False}
    assert i["mfaConfiguration"] == "ON"
    assert i["softwareTokenMfaConfiguration"] == {"enabled": True}
    assert i["passwordPolicy"]["minimumLength"] == 14 and i["passwordPolicy"]["passwordHistorySize"] == 5
    assert i["userPoolTier"] == "PLUS" and i["userPoolAddOns"] == {"advancedSecurityMode": "ENFORCED"}
    assert i["accountRecoverySetting"] == {"recoveryMechanisms": [{"name": "verified_email", "priority": 1}]}
    schemas = {s["name"]: s for s in i["schemas"]}
    assert schemas["email"]["required"] is True
    assert schemas["tenant"] == {
        "name": "tenant", "attributeDataType": "String", "mutable": False, "required": False,
        "developerOnlyAttribute": False, "stringAttributeConstraints": {"minLength": "0", "maxLength": "64"},
    }
    assert i["adminCreateUserConfig"] == {"allowAdminCreateUserOnly": False}
    assert i["autoVerifiedAttributes"] == ["email"]


def test_dev_is_throwaway_and_has_sms(plans):
    p = plans["dev"]
    pool = one(p, POOL)
    assert pool.inputs["deletionProtection"] == "INACTIVE" and pool.options["protect"] is False
    assert pool.inputs["mfaConfiguration"] == "OPTIONAL"
    sms_role = next(r for r in by_type(p, ROLE) if r.name.endswith("-sms"))
    assert pool.inputs["smsConfiguration"]["snsCallerArn"] == sms_role.outputs["arn"]
    trust = json.loads(sms_role.inputs["assumeRolePolicy"])
    assert trust["Statement"][0]["Principal"] == {"Service": "cognito-idp.amazonaws.com"}
    assert trust["Statement"][0]["Condition"]["StringEquals"]["sts:ExternalId"] == pool.inputs["smsConfiguration"]["externalId"]


@pytest.mark.parametrize("stack,protected", [("prod", True), ("dev", False)])
def test_identity_resources_protection(plans, stack, protected):
    for typ in (POOL, CLIENT, IDP, IDENTITY_POOL, DOMAIN):
        for r in by_type(plans[stack], typ):
            assert r.options["protect"] is protected, r.name


def test_clients_are_public_and_hardened(plans):
    for p in plans.values():
        for c in by_type(p, CLIENT):
            assert c.inputs["generateSecret"] is False
            assert c.inputs["preventUserExistenceErrors"] == "ENABLED"
            assert c.inputs["enableTokenRevocation"] is True
            assert c.inputs["tokenValidityUnits"] == {"accessToken": "minutes", "idToken": "minutes", "refreshToken": "days"}
    web = next(c for c in by_type(plans["prod"], CLIENT) if c.name.endswith("-web"))
    assert web.inputs["callbackUrls"] == ["https://app.example.com/"]
    assert web.inputs["allowedOauthFlows"] == ["code"] and web.inputs["allowedOauthFlowsUserPoolClient"] is True
    assert web.inputs["supportedIdentityProviders"] == ["COGNITO", "Google", "SignInWithApple"]
    assert web.inputs["refreshTokenValidity"] == 7
    # A client naming a provider must be created after it.
    idps = {r.urn for r in by_type(plans["prod"], IDP)}
    assert idps <= set(web.dependencies)


def test_identity_providers_keep_secrets(plans):
    idps = {r.inputs["providerName"]: r for r in by_type(plans["prod"], IDP)}
    assert set(idps) == {"Google", "SignInWithApple"}
    for r in idps.values():
        assert rpc.is_rpc_secret(r.inputs["providerDetails"])
        assert r.options["additionalSecretOutputs"] == ["providerDetails"]
    apple = rpc.unwrap_rpc_secret(idps["SignInWithApple"].inputs["providerDetails"])
    assert apple == {"client_id": "com.example.myapp.signin", "team_id": "ABCDE12345", "key_id": "KEY1234567",
                     "authorize_scopes": "name email", "private_key": "[secret]"}
    assert idps["Google"].inputs["attributeMapping"] == {"email": "email", "username": "sub"}


def _trust(role) -> dict:
    return json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]


def test_identity_pool_and_role_trust(plans):
    p = plans["dev"]
    pool = one(p, IDENTITY_POOL)
    user_pool = one(p, POOL)
    assert pool.inputs["allowClassicFlow"] is False
    assert pool.inputs["allowUnauthenticatedIdentities"] is True
    providers = pool.inputs["cognitoIdentityProviders"]
    assert {x["providerName"] for x in providers} == {user_pool.outputs["endpoint"]}
    assert all(x["serverSideTokenCheck"] is True for x in providers)
    assert sorted(x["clientId"] for x in providers) == sorted(c.outputs["id"] for c in by_type(p, CLIENT))
    roles = {r.name.rsplit("-", 1)[1]: r for r in by_type(p, ROLE) if "-identity-" in r.name}
    for name, amr in (("authenticated", "authenticated"), ("unauthenticated", "unauthenticated")):
        cond = _trust(roles[name])["Condition"]
        assert cond["StringEquals"] == {"cognito-identity.amazonaws.com:aud": pool.outputs["id"]}
        assert cond["ForAnyValue:StringLike"] == {"cognito-identity.amazonaws.com:amr": amr}
    attachment = one(p, ATTACHMENT)
    assert attachment.options["deleteBeforeReplace"] is True
    assert attachment.inputs["roles"] == {"authenticated": roles["authenticated"].outputs["arn"],
                                          "unauthenticated": roles["unauthenticated"].outputs["arn"]}


def test_prod_has_no_guest_role(plans):
    p = plans["prod"]
    assert one(p, IDENTITY_POOL).inputs["allowUnauthenticatedIdentities"] is False
    assert not [r for r in by_type(p, ROLE) if r.name.endswith("-unauthenticated")]
    mapping = one(p, ATTACHMENT).inputs["roleMappings"][0]
    web = next(c for c in by_type(p, CLIENT) if c.name.endswith("-web"))
    assert mapping["identityProvider"] == f"{one(p, POOL).outputs['endpoint']}:{web.outputs['id']}"
    # Admins by token; everyone else falls back to the authenticated role (Deny would lock them out, issue 15).
    assert mapping["type"] == "Token" and mapping["ambiguousRoleResolution"] == "AuthenticatedRole"


def test_group_role_trusts_only_this_identity_pool(plans):
    p = plans["prod"]
    admins = next(g for g in by_type(p, GROUP) if g.inputs["name"] == "admins")
    role = next(r for r in by_type(p, ROLE) if r.name.endswith("admins-role"))
    assert admins.inputs["roleArn"] == role.outputs["arn"] and admins.inputs["precedence"] == 0
    assert _trust(role)["Condition"]["StringEquals"]["cognito-identity.amazonaws.com:aud"] == one(p, IDENTITY_POOL).outputs["id"]


def test_federation_stack(plans):
    p = plans["federation"]
    pool = one(p, IDENTITY_POOL)
    oidc = one(p, "aws:iam/openIdConnectProvider:OpenIdConnectProvider")
    assert oidc.inputs["url"] == "https://example.eu.auth0.com/"
    assert oidc.inputs["clientIdLists"] == ["Auth0ClientIdForWeb123"]
    assert pool.inputs["openidConnectProviderArns"] == [oidc.outputs["arn"]]
    assert oidc.urn in pool.dependencies
    assert pool.inputs["supportedLoginProviders"] == {"accounts.google.com": "1234567890-fed.apps.googleusercontent.com"}
    assert pool.inputs["developerProviderName"] == "login.example.app"
    # Identity-pool-only federation: no user pool, so no app client, domain, IdP or group, and the identity pool
    # trusts no user-pool client.
    assert not by_type(p, POOL) and not by_type(p, CLIENT) and not by_type(p, DOMAIN)
    assert not by_type(p, IDP) and not by_type(p, GROUP)
    assert "cognitoIdentityProviders" not in pool.inputs
    assert {r.type for r in p.resources if r.custom} == {
        IDENTITY_POOL, ATTACHMENT, ROLE, "aws:iam/rolePolicy:RolePolicy", "aws:iam/openIdConnectProvider:OpenIdConnectProvider"}
    mapping = one(p, ATTACHMENT).inputs["roleMappings"][0]
    partner = next(r for r in by_type(p, ROLE) if r.name.endswith("-partner"))
    assert mapping == {"identityProvider": "example.eu.auth0.com", "type": "Rules", "ambiguousRoleResolution": "AuthenticatedRole",
                       "mappingRules": [{"claim": "https://example.com/partner", "matchType": "Equals", "value": "true",
                                         "roleArn": partner.outputs["arn"]}]}


def test_client_config_output(plans):
    out = plans["federation"].outputs
    config = out["clientConfig"]
    assert config["project"] == "authstack" and config["stack"] == "federation" and config["region"] == "us-east-1"
    # No user pool: the contract's user-pool parts are null or empty, and the plain user-pool outputs are absent.
    assert config["userPool"] is None and config["clients"] == {} and config["webClient"] is None
    assert config["mobileClient"] is None and config["oauthDomain"] is None
    assert config["socialProviders"] == [] and config["userPoolIdentityProviders"] == []
    assert "userPoolId" not in out and "clientIds" not in out
    assert config["identityPool"]["id"] == out["identityPoolId"]
    assert config["identityPool"]["userPoolClients"] == [] and config["identityPool"]["allowGuestAccess"] is False
    names = {f["provider"]: f["federatedSignInName"] for f in config["identityPool"]["federation"]}
    assert names == {"google": "google", "auth0": "example.eu.auth0.com", "developer": "developer"}
    assert plans["federation"].secret_outputs == []


def test_adopted_resources_are_imported_and_protected(tmp_path):
    overlay = {"authstack:throwaway": True, "authstack:adopt": {
        "userPoolId": "eu-west-1_AbCdEfGhI", "clients": {"web": "1a2b3c4d5e6f7g8h9i0j1k2l3m"},
        "identityPoolId": "eu-west-1:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "domain": "myapp-dev",
        "identityProviders": ["Facebook", "Google"], "groups": ["admins", "editors"]}}
    p = plan(project(tmp_path, config=overlay, base="dev"), "t")
    imports = {r.type: r.options["import"] for r in p.resources if r.options["import"]}
    assert one(p, POOL).options == {**one(p, POOL).options, "import": "eu-west-1_AbCdEfGhI", "protect": True}
    web = next(c for c in by_type(p, CLIENT) if c.name.endswith("-web"))
    native = next(c for c in by_type(p, CLIENT) if c.name.endswith("-native"))
    assert web.options["import"] == "eu-west-1_AbCdEfGhI/1a2b3c4d5e6f7g8h9i0j1k2l3m" and web.options["protect"] is True
    assert native.options["import"] is None and native.options["protect"] is False
    assert imports[IDENTITY_POOL] == "eu-west-1:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
    assert imports[DOMAIN] == "myapp-dev"
    assert {r.options["import"] for r in by_type(p, IDP)} == {"eu-west-1_AbCdEfGhI:Google", "eu-west-1_AbCdEfGhI:Facebook"}
    assert {r.options["import"] for r in by_type(p, GROUP)} == {"eu-west-1_AbCdEfGhI/admins", "eu-west-1_AbCdEfGhI/editors"}


def test_a_provider_or_group_added_after_the_adoption_is_created_not_imported(tmp_path):
    # Issue 15 point 6: with `adopt.groups: true` a group added to the spec later got an import ID, and `pulumi up`
    # failed importing a group that does not exist. Adoption is by name; what is not listed is created.
    overlay = {"authstack:throwaway": True, "authstack:adopt": {
        "userPoolId": "eu-west-1_AbCdEfGhI", "clients": {"web": "1a2b3c4d5e6f7g8h9i0j1k2l3m"},
        "identityProviders": ["Google"], "groups": ["admins"]}}
    p = plan(project(tmp_path, config=overlay, base="dev"), "t")
    imports = {r.name.rsplit("-", 1)[-1]: r.options["import"] for r in by_type(p, IDP) + by_type(p, GROUP)}
    assert imports == {"google": "eu-west-1_AbCdEfGhI:Google", "facebook": None,
                       "admins": "eu-west-1_AbCdEfGhI/admins", "editors": None}


@pytest.mark.parametrize("adopt, path, words", [
    ({"groups": True}, "adopt.groups", "[admins, editors]"),
    ({"identityProviders": True}, "adopt.identityProviders", "[Facebook, Google]"),
    ({"groups": ["admins", "viewers"]}, "adopt.groups[1]", "'viewers' is not declared"),
    ({"identityProviders": ["facebook"]}, "adopt.identityProviders[0]", "declared: Facebook, Google"),
])
def test_adoption_by_name_is_checked_against_the_spec(tmp_path, adopt, path, words):
    from authstack.spec.errors import SpecError

    overlay = {"authstack:throwaway": True, "authstack:adopt": {"userPoolId": "eu-west-1_AbCdEfGhI", **adopt}}
    with pytest.raises(SpecError) as caught:
        plan(project(tmp_path, config=overlay, base="dev"), "t")
    assert [(p.path, words in p.message) for p in caught.value.problems] == [(f"authstack:{path}", True)]


def test_plan_is_deterministic():
    from authstack.cli.plan.document import document

    first = json.dumps(document(plan(ROOT, "prod"), [], []), sort_keys=True)
    second = json.dumps(document(plan(ROOT, "prod"), [], []), sort_keys=True)
    assert first == second


def test_identity_pool_without_user_pool(tmp_path):
    overlay = {"authstack:userPool": False, "authstack:identityPool": {"federation": {
        "auth0": {"domain": "tenant.auth0.com", "clientIds": ["abc"]}, "developerProviderName": "login.example.app"}}}
    p = plan(project(tmp_path, config=overlay), "t")
    assert {r.type for r in p.resources if r.custom} == {
        IDENTITY_POOL, ATTACHMENT, ROLE, "aws:iam/openIdConnectProvider:OpenIdConnectProvider"}
    pool = one(p, IDENTITY_POOL)
    assert "cognitoIdentityProviders" not in pool.inputs
    config = p.outputs["clientConfig"]
    assert config["userPool"] is None and config["clients"] == {} and config["webClient"] is None
    assert [f["provider"] for f in config["identityPool"]["federation"]] == ["developer", "auth0"]
    assert "userPoolId" not in p.outputs


def test_without_user_pool_user_pool_parts_are_refused(tmp_path):
    from authstack.spec.errors import SpecError
    from authstack.spec.load import load

    overlay = {"authstack:userPool": False, "authstack:domain": {"prefix": "x"}, "authstack:clients": {"web": {}},
               "authstack:identityPool": {"federation": {"developerProviderName": "login.example.app"}}}
    with pytest.raises(SpecError) as caught:
        load(project(tmp_path, config=overlay), "t")
    assert [str(p) for p in caught.value.problems] == [
        "Pulumi.t.yaml: authstack:clients: needs a user pool (authstack:userPool is false)",
        "Pulumi.t.yaml: authstack:domain: needs a user pool (authstack:userPool is false)",
    ]


def test_adoption_settings_keep_what_exists(tmp_path):
    overlay = {
        "authstack:userPool": {"signIn": {"email": True, "caseSensitive": None}},
        "authstack:clients": {"web": {"name": "myapp1234_app_clientWeb", "preventUserExistenceErrors": False}},
        "authstack:identityPool": {"userPoolClients": ["web"], "roles": {
            "authenticated": {"arn": "arn:aws:iam::123456789012:role/amplify-myapp-prod-authRole"}}},
    }
    p = plan(project(tmp_path, config=overlay), "t")
    pool = one(p, POOL)
    assert "usernameConfiguration" not in pool.inputs
    client = one(p, CLIENT)
    assert client.inputs["name"] == "myapp1234_app_clientWeb"
    assert client.inputs["preventUserExistenceErrors"] == "LEGACY"
    assert one(p, ATTACHMENT).inputs["roles"] == {"authenticated": "arn:aws:iam::123456789012:role/amplify-myapp-prod-authRole"}
    assert not [r for r in by_type(p, ROLE) if r.name.endswith("-authenticated")]


def test_group_can_keep_an_existing_role(tmp_path):
    arn = "arn:aws:iam::123456789012:role/amplify-myapp-prod-adminsGroupRole"
    p = plan(project(tmp_path, config={"authstack:userPool": {"groups": {"admins": {"precedence": 0, "roleArn": arn}}}}), "t")
    assert one(p, GROUP).inputs["roleArn"] == arn
    assert not by_type(p, ROLE)


def test_standard_attributes_keep_cognito_types(tmp_path):
    overlay = {"authstack:userPool": {"standardAttributes": {
        "email": {"required": True}, "updated_at": {"required": True}, "birthdate": {"required": True}}}}
    schemas = {s["name"]: s for s in one(plan(project(tmp_path, config=overlay), "t"), POOL).inputs["schemas"]}
    assert schemas["updated_at"]["attributeDataType"] == "Number"
    assert schemas["updated_at"]["numberAttributeConstraints"] == {"minValue": "0"}
    assert schemas["birthdate"]["stringAttributeConstraints"] == {"minLength": "10", "maxLength": "10"}
    assert schemas["email"]["stringAttributeConstraints"] == {"minLength": "0", "maxLength": "2048"}


def test_attribute_updates_wait_for_verification_by_default(plans):
    assert one(plans["prod"], POOL).inputs["userAttributeUpdateSettings"] == {
        "attributesRequireVerificationBeforeUpdates": ["email"]}


def test_legacy_client_settings_for_adoption(tmp_path):
    # Throwaway: keepOriginalUntilVerified false is refused on stacks with real users (unless the pool is adopted).
    overlay = {"authstack:throwaway": True, "authstack:userPool": {"verification": {"keepOriginalUntilVerified": False}},
               "authstack:clients": {"web": {"legacyTokenValidity": True, "enableTokenRevocation": False,
                                             "refreshTokenValidity": 30}}}
    p = plan(project(tmp_path, config=overlay), "t")
    client = one(p, CLIENT).inputs
    assert "tokenValidityUnits" not in client and "accessTokenValidity" not in client and "idTokenValidity" not in client
    assert client["refreshTokenValidity"] == 30 and client["enableTokenRevocation"] is False
    assert "userAttributeUpdateSettings" not in one(p, POOL).inputs
