"""Identity-pool roles (T1, T2, T4): whom they trust, what they grant, and what guests may reach.

A role is an identity role when its trust policy allows `cognito-identity.amazonaws.com`; every identity-pool user
(or guest) holding such a role holds its credentials, so these rules read both its trust and its permission policies.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping

from authstack.policy import iam
from authstack.policy.graph import (
    IAM_POLICY, IAM_POLICY_ATTACHMENT, IAM_ROLE, IAM_ROLE_POLICY, IAM_ROLE_POLICY_ATTACHMENT, IDENTITY_POOL,
    ROLE_ATTACHMENT, Graph, Resource, as_list, known,
)
from authstack.policy.rules.core import ADVISORY, MANDATORY, Finding, RuleContext, finding, rule

@dataclass
class _IdentityRole:
    role: Resource
    trust: list[dict]          # the Allow statements that trust cognito-identity.amazonaws.com
    guest: bool | None         # from the role attachment; None when the graph can't tell
    amr_values: list[str] = field(default_factory=list)


def _identity_pool_ids(graph: Graph) -> set[str]:
    """The known IDs of this stack's identity pools: the `id` output, else the tail of the pool's ARN
    (`arn:aws:cognito-identity:<region>:<account>:identitypool/<id>`)."""
    ids = set()
    for pool in graph.of_type(IDENTITY_POOL):
        pool_id, arn = known(pool.outputs.get("id")), known(pool.outputs.get("arn"))
        if isinstance(pool_id, str) and pool_id:
            ids.add(pool_id)
        elif isinstance(arn, str) and ":identitypool/" in arn:
            ids.add(arn.split(":identitypool/", 1)[1])
    return ids


def _trust_document(role: Resource) -> dict | None:
    try:
        return iam.load_document(role.get("assumeRolePolicy"))
    except iam.PolicyDocumentError:
        return None


def _attachment_role_arns(graph: Graph) -> tuple[set[str], set[str]]:
    """(guest role ARNs, other role ARNs) named by role attachments: `roles` and role-mapping rules."""
    guest, other = set(), set()
    for attachment in graph.of_type(ROLE_ATTACHMENT):
        roles = known(attachment.get("roles")) or {}
        if isinstance(roles, Mapping):
            for key, arn in roles.items():
                if isinstance(arn, str):
                    (guest if key == "unauthenticated" else other).add(arn)
        for mapping in as_list(attachment.get("roleMappings")):
            if isinstance(mapping, Mapping):
                for mapping_rule in as_list(mapping.get("mappingRules")):
                    if isinstance(mapping_rule, Mapping) and isinstance(mapping_rule.get("roleArn"), str):
                        other.add(mapping_rule["roleArn"])
    return guest, other


def _identity_roles(graph: Graph) -> list[_IdentityRole]:
    """Every role that trusts `cognito-identity.amazonaws.com`, and whether it is the guest role.

    Guest-ness comes from the role attachment (`roles.unauthenticated`) when the role's ARN is known; otherwise from
    the trust policy itself (a role whose `amr` names `unauthenticated` is meant for guests).
    """
    guest_arns, other_arns = _attachment_role_arns(graph)
    found = []
    for role in graph.of_type(IAM_ROLE):
        trust = [s for s in iam.statements(_trust_document(role)) if iam.trusts_cognito_identity(s)]
        if not trust:
            continue
        amr = [v for s in trust for vs in iam.condition_values(s, iam.AMR_OPERATORS, iam.AMR_KEY).values() for v in vs]
        ids = role.identifiers()
        if ids & guest_arns:
            guest: bool | None = True
        elif ids & other_arns:
            guest = False
        else:
            guest = "unauthenticated" in amr if amr else None
        found.append(_IdentityRole(role, trust, guest, amr))
    return found


def _role_policy_documents(graph: Graph, role: Resource) -> Iterator[tuple[str, Any]]:
    """(where, document) for every permission policy attached to `role` that the graph holds.

    Covers the role's own `inlinePolicies`, `RolePolicy`, and customer-managed `Policy` resources attached with
    `RolePolicyAttachment` / `PolicyAttachment`. AWS-managed policy ARNs are yielded as their ARN (content unknown).
    """
    for inline in as_list(role.get("inlinePolicies")):
        if isinstance(inline, Mapping) and inline.get("policy"):
            yield f"inline policy {inline.get('name') or ''}".strip(), inline.get("policy")
    for policy in graph.of_type(IAM_ROLE_POLICY):
        if role in graph.referenced(policy, policy.get("role"), IAM_ROLE):
            yield f"role policy {policy.label}", policy.get("policy")
    attached_arns: list[tuple[Resource, Any]] = []
    for attachment in graph.of_type(IAM_ROLE_POLICY_ATTACHMENT):
        if role in graph.referenced(attachment, attachment.get("role"), IAM_ROLE):
            attached_arns.append((attachment, attachment.get("policyArn")))
    for attachment in graph.of_type(IAM_POLICY_ATTACHMENT):
        if any(role in graph.resolve(r, IAM_ROLE) for r in as_list(attachment.get("roles"))):
            attached_arns.append((attachment, attachment.get("policyArn")))
    for arn in as_list(role.get("managedPolicyArns")):
        attached_arns.append((role, arn))
    for source, arn in attached_arns:
        policies = graph.referenced(source, arn, IAM_POLICY) if source is not role else graph.resolve(arn, IAM_POLICY)
        if policies:
            for policy in policies:
                yield f"policy {policy.label}", policy.get("policy")
        elif isinstance(arn, str):
            yield "managed policy", arn


def _documents(graph: Graph, role: Resource, on_error: Callable[[str], None]) -> Iterator[tuple[str, dict | str]]:
    """Parsed permission documents of a role; AWS-managed ARNs pass through as strings; parse errors are reported."""
    for where, doc in _role_policy_documents(graph, role):
        if isinstance(doc, str) and doc.startswith("arn:"):
            yield where, doc
            continue
        try:
            parsed = iam.load_document(doc)
        except iam.PolicyDocumentError as err:
            on_error(f"{where} of role {role.label} is {err}")
            continue
        if parsed is not None:
            yield where, parsed


@rule("identity-role-trust",
      "Roles trusted by cognito-identity.amazonaws.com pin aud to this stack's identity pool and amr to the right kind of identity.",
      types=(IAM_ROLE, IDENTITY_POOL, ROLE_ATTACHMENT), needs_graph=True)
def identity_role_trust(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T1, T2: Cognito guide "Role trust and permissions" / identity-pool security best practices; STS RoleArn doc."""
    name = "identity-role-trust"
    pool_ids = _identity_pool_ids(graph)
    for role in graph.of_type(IAM_ROLE):
        value = role.get("assumeRolePolicy")
        if isinstance(value, str) and "cognito-identity" in value:
            try:
                iam.load_document(value)
            except iam.PolicyDocumentError as err:
                yield finding(name, role, f"role {role.label}: assumeRolePolicy is {err}")
    for ir in _identity_roles(graph):
        role = ir.role
        for statement in ir.trust:
            bad_actions = [a for a in iam.actions(statement)
                           if a not in ("sts:AssumeRoleWithWebIdentity", "sts:TagSession")]
            if bad_actions:
                yield finding(name, role, f"role {role.label}: the cognito-identity trust statement allows "
                                          f"{', '.join(sorted(bad_actions))}; allow only sts:AssumeRoleWithWebIdentity")
            aud = iam.condition_values(statement, iam.AUD_OPERATORS, iam.AUD_KEY)
            if not aud:
                elsewhere = iam.operators_for_key(statement, iam.AUD_KEY)
                how = f" (found under {', '.join(elsewhere)}, which is not an exact match)" if elsewhere else ""
                yield finding(name, role, f"role {role.label}: trust policy does not pin {iam.AUD_KEY} with "
                                          f"StringEquals{how}; any identity pool could assume it")
            else:
                values = [v for vs in aud.values() for v in vs]
                for v in sorted(set(values)):
                    if iam.has_wildcard(v):
                        yield finding(name, role, f"role {role.label}: aud {v!r} contains a wildcard; "
                                                  f"pin the identity pool ID exactly")
                    elif pool_ids and v not in pool_ids:
                        yield finding(name, role, f"role {role.label}: aud {v!r} is not an identity pool of this "
                                                  f"stack ({', '.join(sorted(pool_ids))})")
            amr = iam.condition_values(statement, iam.AMR_OPERATORS, iam.AMR_KEY)
            amr_values = sorted({v for vs in amr.values() for v in vs})
            if not amr_values:
                yield finding(name, role, f"role {role.label}: trust policy has no {iam.AMR_KEY} condition; "
                                          f"guests and signed-in users could both assume it")
            elif ir.guest:
                if amr_values != ["unauthenticated"]:
                    yield finding(name, role, f"role {role.label} is the guest role: amr must be exactly "
                                              f"'unauthenticated' (got {', '.join(amr_values)})")
            else:
                matching = [v for v in amr_values if iam.wildcard_match(v, "unauthenticated")]
                if matching:
                    yield finding(name, role, f"role {role.label} is not the guest role but its amr condition "
                                              f"accepts unauthenticated identities ({', '.join(matching)})")


@rule("identity-role-no-wildcards",
      "Roles trusted by cognito-identity.amazonaws.com grant no '*' action and no '*' resource.",
      types=(IAM_ROLE, IAM_ROLE_POLICY, IAM_POLICY, IAM_ROLE_POLICY_ATTACHMENT, IAM_POLICY_ATTACHMENT),
      needs_graph=True, severities=(MANDATORY, ADVISORY))
def identity_role_no_wildcards(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T4: cfn_nag F3/W11, checkov CKV_AWS_62/63/355; every identity-pool user holds these credentials."""
    name = "identity-role-no-wildcards"
    for ir in _identity_roles(graph):
        role = ir.role
        errors: list[str] = []
        for where, doc in _documents(graph, role, errors.append):
            if isinstance(doc, str):  # an AWS-managed policy: its text isn't in the graph
                policy_name = doc.rsplit("/", 1)[-1]
                if policy_name in ("AdministratorAccess", "PowerUserAccess", "IAMFullAccess"):
                    yield finding(name, role, f"role {role.label} has the AWS-managed policy {policy_name}")
                else:
                    yield finding(name, role, f"role {role.label} has the AWS-managed policy {doc}; its actions "
                                              f"can't be checked offline, prefer an inline least-privilege policy",
                                  ADVISORY)
                continue
            for statement in iam.iter_allow_statements(doc):
                if "NotAction" in statement:
                    yield finding(name, role, f"role {role.label}: {where} uses Allow with NotAction (grants every "
                                              f"other action)")
                if any(iam.is_full_wildcard_action(a) for a in iam.actions(statement)):
                    yield finding(name, role, f"role {role.label}: {where} allows action '*'")
                if "NotResource" in statement:
                    yield finding(name, role, f"role {role.label}: {where} uses Allow with NotResource")
                if any(r.strip() == "*" for r in iam.resources(statement)):
                    yield finding(name, role, f"role {role.label}: {where} allows resource '*'; scope it to ARNs")
        for error in errors:
            yield finding(name, role, error)


@rule("guest-access",
      "Identity pools allow guest (unauthenticated) identities only where the spec opts in.",
      types=(IDENTITY_POOL,))
def guest_access(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T4: Security Hub Cognito.2, checkov CKV_AWS_366, cfn_nag W57."""
    if context.guest_access:
        return
    for pool in graph.of_type(IDENTITY_POOL):
        if pool.get("allowUnauthenticatedIdentities") is True:
            yield finding("guest-access", pool, f"identity pool {pool.label} allows unauthenticated identities but "
                                                f"the spec does not opt into guest access")


@rule("guest-role-scope-down",
      "The guest role grants nothing beyond the enhanced-flow scope-down list of services.",
      types=(IAM_ROLE, IAM_ROLE_POLICY, IAM_POLICY, IAM_ROLE_POLICY_ATTACHMENT, IAM_POLICY_ATTACHMENT, ROLE_ATTACHMENT),
      needs_graph=True)
def guest_role_scope_down(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T4: Cognito guide "IAM roles" § Access policies (scope-down session policy for unauthenticated identities)."""
    name = "guest-role-scope-down"
    for ir in _identity_roles(graph):
        if not ir.guest:
            continue
        role = ir.role
        errors: list[str] = []
        for where, doc in _documents(graph, role, errors.append):
            if isinstance(doc, str):
                yield finding(name, role, f"guest role {role.label} has the managed policy {doc}; guests must get "
                                          f"only actions inside the enhanced-flow scope-down list")
                continue
            for statement in iam.iter_allow_statements(doc):
                if "NotAction" in statement:
                    yield finding(name, role, f"guest role {role.label}: {where} uses NotAction")
                outside = sorted({a for a in iam.actions(statement) if not iam.within_guest_scope(a)})
                if outside:
                    yield finding(name, role, f"guest role {role.label}: {where} allows {', '.join(outside)}, "
                                              f"outside the enhanced-flow scope-down list for guests")
        for error in errors:
            yield finding(name, role, error)

