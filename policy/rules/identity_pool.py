"""Identity-pool settings (T3, T5, T7, T17): the authentication flow, token checks, role mappings and the attachment."""
from __future__ import annotations

from typing import Any, Iterator, Mapping

from authstack.policy import iam
from authstack.policy.graph import (
    IAM_ROLE, IAM_ROLE_POLICY, IDENTITY_POOL, OIDC_PROVIDER, ROLE_ATTACHMENT, USER_POOL, USER_POOL_CLIENT, Graph, Resource,
    as_list, is_unknown, known,
)
from authstack.policy.rules.core import Finding, RuleContext, finding, rule
from authstack.spec.facts import STANDARD_ATTRIBUTES as SPEC_STANDARD_ATTRIBUTES, USER_GROUP, VERIFICATION_FLAGS


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


@rule("role-mapping-fallback",
      "A role mapping that falls back to the default authenticated role keeps that role minimal: it grants nothing a "
      "mapped role is there to grant.",
      types=(ROLE_ATTACHMENT, IAM_ROLE, IAM_ROLE_POLICY, USER_GROUP), needs_graph=True)
def role_mapping_fallback(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T5: API_RoleMapping (AmbiguousRoleResolution: AuthenticatedRole hands unmatched users the default role), so the
    fallback must not carry what the mapping reserves for some users. Deny is the author's statement that every user
    matches; nothing to check for it here (docs/operations.md, "Role mappings")."""
    for attachment in graph.of_type(ROLE_ATTACHMENT):
        mappings = [m for m in as_list(attachment.get("roleMappings"))
                    if isinstance(m, Mapping) and m.get("ambiguousRoleResolution") == "AuthenticatedRole"]
        roles = known(attachment.get("roles")) or {}
        fallback = _role_by_arn(graph, roles.get("authenticated") if isinstance(roles, Mapping) else None)
        if not mappings or fallback is None:
            continue
        granted = _grants(graph, fallback)
        for mapping in mappings:
            provider = known(mapping.get("identityProvider")) or "?"
            for mapped in _mapped_roles(graph, mapping):
                if mapped is fallback:
                    continue
                shared = sorted(granted & _grants(graph, mapped))
                if shared:
                    listing = ", ".join(f"{a} on {r}" for a, r in shared[:3]) + (" ..." if len(shared) > 3 else "")
                    yield finding("role-mapping-fallback", attachment,
                                  f"role attachment {attachment.label}: the mapping for {provider} falls back to the "
                                  f"authenticated role {fallback.label}, which also grants what {mapped.label} is "
                                  f"mapped for ({listing}): every user no rule matches gets it; keep the fallback "
                                  f"minimal, or use Deny if every user is meant to match")


def _role_by_arn(graph: Graph, arn: Any) -> Resource | None:
    roles = graph.resolve(arn, IAM_ROLE) if isinstance(arn, str) else []
    return roles[0] if roles else None


def _mapped_roles(graph: Graph, mapping: Mapping) -> list[Resource]:
    """Rules: the rules' roles. Token: the roles of the user pool's groups (delivered as cognito:roles)."""
    if mapping.get("type") == "Rules":
        arns = [r.get("roleArn") for r in as_list(mapping.get("mappingRules")) if isinstance(r, Mapping)]
    else:
        arns = [g.get("roleArn") for g in graph.of_type(USER_GROUP)]
    found = []
    for arn in arns:
        role = _role_by_arn(graph, arn)
        if role is not None and role not in found:
            found.append(role)
    return found


def _grants(graph: Graph, role: Resource) -> set[tuple[str, str]]:
    """(action, resource) pairs the role's inline and attached documents allow, lower-cased actions."""
    from authstack.policy.rules.identity_roles import _documents

    pairs = set()
    for _, doc in _documents(graph, role, lambda _message: None):
        if isinstance(doc, str):
            continue
        for statement in iam.iter_allow_statements(doc):
            for action in iam.actions(statement):
                for resource in iam.resources(statement):
                    pairs.add((action.lower(), resource))
    return pairs
