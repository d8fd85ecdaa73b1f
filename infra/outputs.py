"""The `clientConfig` output: every value a client config needs, nothing secret (see docs/client-config-output.md)."""
from __future__ import annotations

from typing import Any

import pulumi

from authstack.spec.client_config import SCHEMA_VERSION
from authstack.spec.client_files import travelling
from authstack.spec.facts import AMPLIFY_SOCIAL_NAMES, COGNITO_IDENTITY, LOGINS_KEYS
from authstack.spec.load import Stack

# Amplify v5 ships refresh handlers only for these (Credentials._refreshHandlers).
SELF_REFRESHING = {"google", "facebook"}


def client_config(
    stack: Stack,
    user_pool_id: pulumi.Output[str] | None,
    client_ids: dict[str, pulumi.Output[str]],
    identity_pool_id: pulumi.Output[str] | None,
) -> pulumi.Output[dict[str, Any]]:
    """Assemble the output once every ID is known; all the rest comes from the validated spec."""
    names = sorted(client_ids)
    ids = [user_pool_id or "", identity_pool_id or ""] + [client_ids[n] for n in names]

    def build(values: list[str]) -> dict[str, Any]:
        pool_id, identity_id, *client_values = values
        return render(stack, pool_id or None, dict(zip(names, client_values)), identity_id or None)

    return pulumi.Output.all(*ids).apply(build)


def render(stack: Stack, pool_id: str | None, client_ids: dict[str, str], identity_pool_id: str | None) -> dict[str, Any]:
    """The plain-data half of `client_config`, separate so it can be tested without Pulumi."""
    spec = stack.spec
    up = spec.user_pool
    providers = spec.identity_providers
    if up is None:
        pool_id = None
    return {
        "schemaVersion": SCHEMA_VERSION,
        "project": stack.project,
        "stack": stack.stack,
        "region": stack.region,
        "userPool": None if pool_id is None else {
            "id": pool_id,
            "usernameAttributes": up.sign_in.username_attributes,
            "aliasAttributes": up.sign_in.alias_attributes,
            "signupAttributes": sorted(n for n, a in up.standard_attributes.items() if a.required),
            "verificationMechanisms": list(up.verification.attributes),
            "verificationMethod": up.verification.method,
            "mfa": {
                "configuration": up.mfa.mode,
                "types": [t for t, on in (("SMS", up.mfa.sms), ("TOTP", up.mfa.totp), ("EMAIL", up.mfa.email)) if on],
            },
            "passwordPolicy": {
                "minLength": up.password_policy.minimum_length,
                "requireLowercase": up.password_policy.require_lowercase,
                "requireUppercase": up.password_policy.require_uppercase,
                "requireNumbers": up.password_policy.require_numbers,
                "requireSymbols": up.password_policy.require_symbols,
            },
            "passwordless": _passwordless(stack),
            "groups": [
                {"name": n, "precedence": g.precedence}
                for n, g in sorted(up.groups.items(), key=lambda kv: (kv[1].precedence is None, kv[1].precedence or 0, kv[0]))
            ],
        },
        "oauthDomain": spec.domain.host(stack.region) if spec.domain else None,
        "socialProviders": [
            name for cognito, name in AMPLIFY_SOCIAL_NAMES.items() if cognito in spec.provider_names()
        ],
        "userPoolIdentityProviders": [
            {"name": p.provider_name(k), "type": p.cognito_type} for k, p in sorted(providers.items())
        ],
        "clients": {name: _client(spec.clients[name], client_ids[name]) for name in sorted(client_ids)},
        "webClient": spec.web_client(),
        "mobileClient": spec.mobile_client(),
        # The stack's client-file settings, so an app repository without the stack file writes the same bytes.
        "clientFiles": travelling(spec.client),
        "identityPool": None if identity_pool_id is None else _identity_pool(stack, identity_pool_id),
    }


def _passwordless(stack: Stack) -> dict[str, Any] | None:
    pl = stack.spec.user_pool.passwordless
    if pl is None:
        return None
    return {
        "firstFactors": list(pl.first_factors),
        "webAuthn": None if not pl.passkeys else {
            "relyingPartyId": stack.spec.relying_party_id(stack.region), "userVerification": pl.user_verification,
        },
    }


def _client(client, client_id: str) -> dict[str, Any]:
    oauth = client.oauth
    return {
        "id": client_id,
        "hasSecret": client.generate_secret,
        "authFlows": list(client.auth_flows),
        "identityProviders": list(client.identity_providers),
        "oauth": None if oauth is None else {
            "flows": list(oauth.flows), "scopes": list(oauth.scopes),
            "callbackUrls": list(oauth.callback_urls), "logoutUrls": list(oauth.logout_urls),
        },
        "tokenValidity": {
            "accessTokenMinutes": client.access_token_validity,
            "idTokenMinutes": client.id_token_validity,
            "refreshTokenDays": client.refresh_token_validity,
        },
    }


def _identity_pool(stack: Stack, identity_pool_id: str) -> dict[str, Any]:
    pool = stack.spec.identity_pool
    fed = pool.federation
    entries: list[dict[str, Any]] = []

    def add(provider: str, logins_key: str, signin_name: str, **public: str) -> None:
        entries.append({"provider": provider, "loginsKey": logins_key, "federatedSignInName": signin_name,
                        **public, "amplifyRefreshesItself": provider in SELF_REFRESHING})

    if fed.facebook_app_id:
        add("facebook", LOGINS_KEYS["facebook"], "facebook", appId=fed.facebook_app_id)
    if fed.google_client_id:
        add("google", LOGINS_KEYS["google"], "google", clientId=fed.google_client_id)
    if fed.amazon_app_id:
        add("amazon", LOGINS_KEYS["amazon"], "amazon", appId=fed.amazon_app_id)
    if fed.apple_services_id:
        add("apple", LOGINS_KEYS["apple"], LOGINS_KEYS["apple"], servicesId=fed.apple_services_id)
    if fed.auth0:
        add("auth0", fed.auth0.login_key, fed.auth0.login_key, domain=fed.auth0.domain, clientId=fed.auth0.client_ids[0])
    for o in fed.oidc:
        add("oidc", o.login_key, o.login_key, issuerUrl=o.issuer_url, clientId=o.client_ids[0])
    if fed.developer_provider_name:
        add("developer", COGNITO_IDENTITY, "developer", developerProviderName=fed.developer_provider_name)
    return {
        "id": identity_pool_id,
        "allowGuestAccess": pool.allow_guest_access,
        "userPoolClients": stack.spec.identity_pool_clients(),
        "federation": sorted(entries, key=lambda e: e["loginsKey"]),
    }
