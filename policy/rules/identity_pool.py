"""Identity-pool settings (T3, T5, T7, T17): the authentication flow, token checks, role mappings and the attachment."""
from __future__ import annotations

from typing import Iterator, Mapping

from authstack.policy import iam
from authstack.policy.graph import (
    IDENTITY_POOL, OIDC_PROVIDER, ROLE_ATTACHMENT, USER_POOL, USER_POOL_CLIENT, Graph, Resource, as_list, is_unknown,
    known,
)
from authstack.policy.rules.core import Finding, RuleContext, finding, rule
from authstack.spec.facts import STANDARD_ATTRIBUTES as SPEC_STANDARD_ATTRIBUTES, VERIFICATION_FLAGS


@rule("classic-flow-off", "Identity pools do not allow the basic (classic) authentication flow.", types=(IDENTITY_POOL,))
def classic_flow_off(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T3: Cognito guide "Authentication flow"; Datadog def-000-k8u."""
    for pool in graph.of_type(IDENTITY_POOL):
        if pool.get("allowClassicFlow") is True:
            yield finding("classic-flow-off", pool, f"identity pool {pool.label} allows the classic flow: any "
                                                    f"signed-in user could assume any role whose trust policy "
                                                    f"accepts them, bypassing role mappings")


@rule("server-side-token-check",
      "Identity pools check user-pool tokens server-side, so signed-out or deleted users get no credentials.",
      types=(IDENTITY_POOL,))
def server_side_token_check(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T7: Cognito Identity API, CognitoIdentityProvider.ServerSideTokenCheck."""
    for pool in graph.of_type(IDENTITY_POOL):
        for provider in as_list(pool.get("cognitoIdentityProviders")):
            if not isinstance(provider, Mapping) or is_unknown(provider.get("serverSideTokenCheck")):
                continue
            if provider.get("serverSideTokenCheck") is not True:
                client = known(provider.get("clientId")) or "?"
                yield finding("server-side-token-check", pool, f"identity pool {pool.label}: user pool provider "
                                                               f"for client {client} has serverSideTokenCheck off")


def _trusted_oidc_providers(graph: Graph) -> dict[str, tuple[Resource, set[str]]]:
    """{provider urn: (IAM OIDC provider, labels of the identity pools that trust it)}.

    A pool trusts the providers in its `openidConnectProviderArns`, matched by ARN. Where an ARN can't be matched (no
    outputs, or unknown during a preview) the pool's dependency edges name them instead: Pulumi records one whenever
    the ARN came from the provider resource. Providers no identity pool trusts (e.g. for CI) are not checked.
    """
    trusted: dict[str, tuple[Resource, set[str]]] = {}
    for pool in graph.of_type(IDENTITY_POOL):
        arns = pool.get("openidConnectProviderArns")
        providers = [p for arn in as_list(arns) for p in graph.referenced(pool, arn, OIDC_PROVIDER)]
        if is_unknown(arns) or any(is_unknown(arn) for arn in as_list(arns)):
            providers += graph.dependencies_of(pool, OIDC_PROVIDER)
        for provider in providers:
            trusted.setdefault(provider.urn, (provider, set()))[1].add(pool.label)
    return trusted


@rule("oidc-provider-trust",
      "IAM OIDC providers that an identity pool trusts have an https url and a client-ID list of exact, non-empty "
      "client IDs.",
      types=(OIDC_PROVIDER, IDENTITY_POOL), needs_graph=True)
def oidc_provider_trust(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T7: Cognito guide "Open ID Connect providers" (azp, else aud, vs client IDs); IAM CreateOpenIDConnectProvider.

    Cognito accepts a provider's token when its `azp` (or, without one, its `aud`) is in the provider's client-ID list,
    so a wildcard or a list shared with other applications of the same issuer lets their tokens in. IAM requires the
    issuer URL to begin with https://.
    """
    name = "oidc-provider-trust"
    trusted = _trusted_oidc_providers(graph)
    for urn in sorted(trusted):
        provider, pools = trusted[urn]
        label = f"OIDC provider {provider.label} (trusted by identity pool {', '.join(sorted(pools))})"
        url = provider.get("url")
        if not is_unknown(url) and not (isinstance(url, str) and url.lower().startswith("https://")):
            yield finding(name, provider, f"{label}: url {url or 'unset'!r} must start with https:// (the issuer "
                                          f"whose signed tokens the pool accepts, as their iss names it)")
        client_ids = provider.get("clientIdLists")
        if is_unknown(client_ids):
            continue
        if not as_list(client_ids):
            yield finding(name, provider, f"{label}: clientIdLists is empty; list exactly this app's client IDs "
                                          f"(the identity pool accepts a token whose azp, or aud, is in it)")
        for client_id in as_list(client_ids):
            if is_unknown(client_id):
                continue
            if not isinstance(client_id, str) or not client_id.strip():
                yield finding(name, provider, f"{label}: clientIdLists has an empty entry; list exact client IDs")
            elif iam.has_wildcard(client_id):
                yield finding(name, provider, f"{label}: client ID {client_id!r} contains a wildcard; list exact "
                                              f"client IDs, or tokens the issuer mints for other applications get in")


@rule("role-mapping-deny", "Role mappings resolve ambiguous matches with Deny, never the default authenticated role.",
      types=(ROLE_ATTACHMENT,))
def role_mapping_deny(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T5: Cognito Identity API_RoleMapping (AmbiguousRoleResolution)."""
    for attachment in graph.of_type(ROLE_ATTACHMENT):
        for mapping in as_list(attachment.get("roleMappings")):
            if not isinstance(mapping, Mapping) or is_unknown(mapping.get("ambiguousRoleResolution")):
                continue
            resolution = mapping.get("ambiguousRoleResolution")
            if resolution != "Deny":
                provider = known(mapping.get("identityProvider")) or "?"
                yield finding("role-mapping-deny", attachment,
                              f"role attachment {attachment.label}: mapping for {provider} resolves ambiguity with "
                              f"{resolution or 'nothing'}; use Deny so unmatched users fail closed")


# Standard user-pool attributes plus the two verification flags: an app client without `writeAttributes` can write
# all of them (UserPoolClientType.WriteAttributes, security-rules §1.5).
STANDARD_ATTRIBUTES = frozenset(SPEC_STANDARD_ATTRIBUTES) | frozenset(VERIFICATION_FLAGS)


def _developer_only_claims(graph: Graph) -> set[str]:
    claims = set()
    for pool in graph.of_type(USER_POOL):
        for attribute in as_list(pool.get("schemas")):
            if isinstance(attribute, Mapping) and attribute.get("developerOnlyAttribute") is True:
                claims.add(f"custom:{attribute.get('name')}")
    return claims


def _writers(graph: Graph, claim: str) -> list[str]:
    """The app clients that can write the attribute behind `claim` (empty: no client can)."""
    if claim in _developer_only_claims(graph):
        return []
    writers = []
    for client in graph.of_type(USER_POOL_CLIENT):
        written = known(client.get("writeAttributes"))
        if written:
            if claim in written:
                writers.append(client.label)
        elif claim in STANDARD_ATTRIBUTES or claim.startswith("custom:"):
            # Without writeAttributes a client writes every attribute that is not developer-only, immutable ones
            # included: users set those at sign-up.
            writers.append(f"{client.label} (no writeAttributes: every attribute)")
    return writers


@rule("role-mapping-claims", "Rule-based role mappings only match claims that no app client can write.",
      types=(ROLE_ATTACHMENT, USER_POOL_CLIENT, USER_POOL), needs_graph=True)
def role_mapping_claims(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T5: Cognito guide "Role-based access control" best practices; UserPoolClientType.WriteAttributes."""
    for attachment in graph.of_type(ROLE_ATTACHMENT):
        for mapping in as_list(attachment.get("roleMappings")):
            if not isinstance(mapping, Mapping) or mapping.get("type") != "Rules":
                continue
            for mapping_rule in as_list(mapping.get("mappingRules")):
                claim = mapping_rule.get("claim") if isinstance(mapping_rule, Mapping) else None
                if not isinstance(claim, str):
                    continue
                writers = _writers(graph, claim)
                if writers:
                    yield finding("role-mapping-claims", attachment,
                                  f"role attachment {attachment.label}: a mapping rule matches claim {claim!r}, "
                                  f"which users can set through app client {', '.join(writers)}")


@rule("role-attachment-delete-before-replace",
      "The identity pool role attachment is replaced delete-before-create, so a replace cannot clear the new roles.",
      types=(ROLE_ATTACHMENT,))
def role_attachment_delete_before_replace(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T17: aws-cdk#33305 (one role attachment per identity pool)."""
    for attachment in graph.of_type(ROLE_ATTACHMENT):
        if attachment.option("deleteBeforeReplace") is not True:
            yield finding("role-attachment-delete-before-replace", attachment,
                          f"role attachment {attachment.label} lacks deleteBeforeReplace: replacing it would create "
                          f"the new attachment, then delete the old one and with it the pool's roles")

