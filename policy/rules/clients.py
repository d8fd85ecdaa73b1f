"""App clients (T16) and user-pool identity providers (T15): secrets, error responses, token revocation."""
from __future__ import annotations

from typing import Iterator, Mapping

from authstack.policy.graph import (
    IDENTITY_PROVIDER, SECRET_PLACEHOLDER, USER_POOL_CLIENT, Graph, Resource, as_list, is_unknown, known,
)
from authstack.policy.rules.core import ADVISORY, MANDATORY, Finding, RuleContext, finding, rule

def _public_reason(client: Resource, context: RuleContext) -> str | None:
    """Why a client is evidently used from a browser or a device, from what it is (never from words in its name).

    The spec's web/mobile client (the one `authstack config` writes into apps), the implicit grant (tokens in the
    browser's URL) and a native-app callback scheme (`myapp://`) each make a client public.
    """
    names = {client.name, known(client.get("name")), known(client.outputs.get("id"))} - {None}
    if names & context.public_clients:
        return "it is the app's client (the one `authstack config` writes into web and mobile apps)"
    if "implicit" in as_list(known(client.get("allowedOauthFlows"))):
        return "it uses the implicit grant, which only browser apps use"
    for url in as_list(known(client.get("callbackUrls"))):
        scheme = str(url).split("://", 1)[0].lower() if "://" in str(url) else ""
        if scheme and scheme not in ("http", "https"):
            return f"its callback URL {url} is a native app scheme"
    return None


@rule("public-client-no-secret",
      "App clients used from browsers or devices have no client secret (a secret on a confidential client is advisory).",
      types=(USER_POOL_CLIENT,), severities=(MANDATORY, ADVISORY))
def public_client_no_secret(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T16: Cognito guide "App clients" (public vs confidential clients); Amplify requires a client without secret."""
    for client in graph.of_type(USER_POOL_CLIENT):
        if client.get("generateSecret") is not True:
            continue
        reason = _public_reason(client, context)
        if reason:
            yield finding("public-client-no-secret", client, f"app client {client.label} generates a secret but "
                                                             f"{reason}; a secret shipped in an app is not secret")
        else:
            yield finding("public-client-no-secret", client, f"app client {client.label} generates a secret: keep "
                                                             f"it server-side only (it can never be used by a web or "
                                                             f"mobile app)", ADVISORY)


@rule("client-prevent-user-existence-errors",
      "App clients answer the same way for unknown users (preventUserExistenceErrors ENABLED).",
      types=(USER_POOL_CLIENT,))
def client_prevent_user_existence_errors(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T16: Cognito guide "Managing error responses" (API default LEGACY); Prowler client_prevent_user_existence_errors."""
    for client in graph.of_type(USER_POOL_CLIENT):
        value = client.get("preventUserExistenceErrors")
        if not is_unknown(value) and value != "ENABLED":
            yield finding("client-prevent-user-existence-errors", client,
                          f"app client {client.label}: preventUserExistenceErrors is {value or 'unset (LEGACY)'}; "
                          f"set ENABLED so sign-in does not reveal which users exist")


@rule("client-token-revocation", "App clients keep token revocation on.", types=(USER_POOL_CLIENT,))
def client_token_revocation(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T16: Prowler cognito_user_pool_client_token_revocation_enabled (unset means AWS's default, on)."""
    for client in graph.of_type(USER_POOL_CLIENT):
        if client.get("enableTokenRevocation") is False:
            yield finding("client-token-revocation", client,
                          f"app client {client.label} turns token revocation off: signed-out refresh tokens "
                          f"would keep working")


SECRET_DETAIL_KEYS = frozenset({"client_secret", "private_key"})


@rule("idp-provider-details-secret",
      "User-pool identity providers keep providerDetails secret (secret input and additionalSecretOutputs).",
      types=(IDENTITY_PROVIDER,))
def idp_provider_details_secret(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T15: Pulumi additionalSecretOutputs doc; terraform-provider-aws identity_provider.go (providerDetails not sensitive)."""
    name = "idp-provider-details-secret"
    for idp in graph.of_type(IDENTITY_PROVIDER):
        if "providerDetails" not in (idp.option("additionalSecretOutputs") or []):
            yield finding(name, idp, f"identity provider {idp.label}: add providerDetails to "
                                     f"additionalSecretOutputs, or the provider's reads store its secret in "
                                     f"plain text in the state")
        details = idp.get("providerDetails")
        if idp.secret_inputs is None or "providerDetails" in idp.secret_inputs or details == SECRET_PLACEHOLDER:
            continue
        plain = sorted(SECRET_DETAIL_KEYS & set(details)) if isinstance(details, Mapping) else []
        if plain:
            yield finding(name, idp, f"identity provider {idp.label}: providerDetails carries {', '.join(plain)} "
                                     f"as a plain value; read it with require_secret")
