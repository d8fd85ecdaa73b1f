"""What identity-pool roles let people do (issue 10, class 1): privilege, not spelling.

The analysis itself is `policy/privilege.py` (policy_sentry access levels, cloudsplaining escalation paths). Here the
graph says who holds each role: the attachment's `unauthenticated` role every guest, its `authenticated` role every
signed-in user, a group's `roleArn` the group's members, a mapping rule's role whoever the rule matches.
"""
from __future__ import annotations

from typing import Iterator, Mapping

from authstack.policy import privilege
from authstack.policy.graph import (
    IAM_POLICY, IAM_POLICY_ATTACHMENT, IAM_ROLE, IAM_ROLE_POLICY, IAM_ROLE_POLICY_ATTACHMENT, IDENTITY_POOL,
    ROLE_ATTACHMENT, USER_GROUP, USER_POOL, Graph, Resource, as_list, known,
)
from authstack.policy.rules.core import ADVISORY, MANDATORY, Finding, RuleContext, finding, rule
from authstack.policy.rules.identity_roles import _documents, _identity_roles

_STRICTNESS = ("guest", "authenticated", "group", "role")


def role_references(graph: Graph) -> list[tuple[privilege.Holder, str, Resource]]:
    """(holder kind, role ARN, the resource naming it) for every role the stack hands to identities."""
    found: list[tuple[privilege.Holder, str, Resource]] = []
    for attachment in graph.of_type(ROLE_ATTACHMENT):
        roles = known(attachment.get("roles")) or {}
        if isinstance(roles, Mapping):
            for key, arn in sorted(roles.items()):
                if isinstance(known(arn), str):
                    found.append(("guest" if key == "unauthenticated" else "authenticated", arn, attachment))
        for mapping in as_list(attachment.get("roleMappings")):
            if isinstance(mapping, Mapping):
                for mapping_rule in as_list(mapping.get("mappingRules")):
                    if isinstance(mapping_rule, Mapping) and isinstance(known(mapping_rule.get("roleArn")), str):
                        found.append(("role", mapping_rule["roleArn"], attachment))
    for group in graph.of_type(USER_GROUP):
        arn = known(group.get("roleArn"))
        if isinstance(arn, str) and arn:
            found.append(("group", arn, group))
    return found


def stack_account(graph: Graph, context: RuleContext) -> str | None:
    """The stack's AWS account: the spec's (plan passes it), else the one in this stack's pool ARNs."""
    if context.account:
        return context.account
    for type_ in (USER_POOL, IDENTITY_POOL):
        for arn in sorted(graph.known_outputs(type_, "arn")):
            account = privilege.arn_account(arn)
            if account:
                return account
    return None


def _holders(graph: Graph, role: Resource, guest: bool | None,
             references: list[tuple[privilege.Holder, str, Resource]]) -> list[privilege.Holder]:
    ids = role.identifiers()
    kinds = {kind for kind, arn, _ in references if arn in ids}
    if not kinds:
        kinds = {"guest"} if guest else {"role"}
    return [k for k in _STRICTNESS if k in kinds]


@rule("identity-role-privilege",
      "Identity-pool roles grant no privilege escalation, permissions management, credentials or backend-only Cognito "
      "actions, no wildcard inside ARNs, nothing in other accounts, and guests no whole services.",
      types=(IAM_ROLE, IAM_ROLE_POLICY, IAM_POLICY, IAM_ROLE_POLICY_ATTACHMENT, IAM_POLICY_ATTACHMENT, ROLE_ATTACHMENT,
             USER_GROUP, USER_POOL, IDENTITY_POOL),
      needs_graph=True, severities=(MANDATORY, ADVISORY))
def identity_role_privilege(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T4 (issue 10 §1): policy_sentry access levels, cloudsplaining escalation paths; Cognito guide "IAM roles"."""
    name = "identity-role-privilege"
    references = role_references(graph)
    account = stack_account(graph, context)
    for ir in _identity_roles(graph):
        role = ir.role
        docs = [doc for _, doc in _documents(graph, role, lambda _: None) if isinstance(doc, Mapping)]
        for holder in _holders(graph, role, ir.guest, references):
            for issue in privilege.assess(docs, holder, account):
                yield finding(name, role, f"role {role.label}: {issue.message}", issue.severity)


@rule("guest-role-separate",
      "The guest role is never the authenticated role, a group role or a mapped role.",
      types=(ROLE_ATTACHMENT, USER_GROUP), needs_graph=True)
def guest_role_separate(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T4 (issue 10 §1): Cognito guide "IAM roles" (guests must get less than signed-in users)."""
    references = role_references(graph)
    guests = {arn for kind, arn, _ in references if kind == "guest"}
    for kind, arn, source in references:
        if kind != "guest" and arn in guests:
            what = {"authenticated": "the authenticated role", "group": f"the role of group {source.label}",
                    "role": "a role-mapping role"}[kind]
            yield finding("guest-role-separate", source,
                          f"the guest role {arn} is also {what}: guests would get what signed-in users get; give "
                          f"guests their own role")


@rule("referenced-role",
      "Roles referenced by ARN (not created by the stack) are named as unchecked: their policies are not in the plan.",
      types=(IAM_ROLE, ROLE_ATTACHMENT, USER_GROUP, USER_POOL, IDENTITY_POOL), needs_graph=True,
      severities=(MANDATORY, ADVISORY))
def referenced_role(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T1, T4 (issue 10 §1): a referenced role's policies are not in the plan; say what cannot be checked."""
    created = set().union(*(r.identifiers() for r in graph.of_type(IAM_ROLE))) if any(graph.of_type(IAM_ROLE)) else set()
    account = stack_account(graph, context)
    seen: set[tuple[str, str]] = set()
    for kind, arn, source in role_references(graph):
        if arn in created or (kind, arn) in seen or not arn.startswith("arn:"):
            continue
        seen.add((kind, arn))
        other = privilege.arn_account(arn)
        if account and other and other != account:
            yield finding("referenced-role", source, f"role {arn} ({kind} role) is in account {other}, not this "
                                                     f"stack's account {account}")
        yield finding("referenced-role", source,
                      f"role {arn} ({kind} role) is referenced, not created: its trust policy (aud pinned to this "
                      f"identity pool, amr) and its permissions (escalation, credentials, wildcards) can't be checked "
                      f"offline; review them in IAM or let authstack create the role", ADVISORY)


@rule("provider-role-amr",
      "A role that only direct-federation providers' mappings hand out trusts only those providers' identities (amr).",
      types=(IAM_ROLE, ROLE_ATTACHMENT, USER_GROUP), needs_graph=True)
def provider_role_amr(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T2 (issue 10 §7): Cognito guide "Role trust and permissions" (amr lists the provider, e.g. graph.facebook.com)."""
    from authstack.policy import iam

    providers: dict[str, set[str]] = {}
    other: set[str] = set()  # roles handed out some other way: attachment defaults, groups
    for kind, arn, _ in role_references(graph):
        if kind != "role":
            other.add(arn)
    for attachment in graph.of_type(ROLE_ATTACHMENT):
        for mapping in as_list(attachment.get("roleMappings")):
            if not isinstance(mapping, Mapping):
                continue
            provider = known(mapping.get("identityProvider"))
            for mapping_rule in as_list(mapping.get("mappingRules")):
                arn = known(mapping_rule.get("roleArn")) if isinstance(mapping_rule, Mapping) else None
                if isinstance(arn, str):
                    providers.setdefault(arn, set()).add(provider if isinstance(provider, str) else "")
    for ir in _identity_roles(graph):
        ids = ir.role.identifiers()
        if ir.guest or ids & other:
            continue
        names = set().union(*(p for arn, p in providers.items() if arn in ids)) if ids & set(providers) else set()
        if not names or any(not p or "cognito-idp." in p for p in names):
            continue  # not mapped, unknown, or also a user-pool role: any signed-in user of the pool may be meant
        unpinned = sorted(p for p in names if not any(iam.wildcard_match(v, p) and v != "*" for v in ir.amr_values))
        if unpinned:
            yield finding("provider-role-amr", ir.role,
                          f"role {ir.role.label} is only handed out for {', '.join(unpinned)} but its trust accepts "
                          f"amr {', '.join(ir.amr_values) or 'anything'}: any signed-in identity of the pool could "
                          f"assume it; pin amr to {', '.join(unpinned)}")
