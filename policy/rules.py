"""The authstack guardrails: one set of rules over a stack's resource graph, run by `authstack plan` and by the CrossGuard pack.

Input is a list of resource dicts in the plan's JSON shape::

    {"urn", "type": "aws:cognito/userPool:UserPool", "name", "parent": "<urn>" | "", "dependencies": ["<urn>", ...],
     "inputs": {<wire (camelCase) input names>: value},       # e.g. deletionProtection, assumeRolePolicy (JSON text)
     "outputs": {"id", "arn", ...},                           # optional: known provider outputs, used to relate resources
     "secretInputs": ["providerDetails", ...],                # optional: top-level inputs that are Pulumi secrets
     "options": {"protect", "deleteBeforeReplace", "import", "additionalSecretOutputs", "retainOnDelete"}}

Every rule is a plain function `(Graph, RuleContext) -> Iterable[Finding]`, registered with `@rule`, whose docstring
names its source (T-numbers are the checklist in the project's security notes, section 7). Where a rule relates two
resources (a trust policy's `aud` to the identity pool's id, a permission's `sourceArn` to the user pool's ARN) it uses
`outputs`; without them (a CrossGuard resource-level check) it checks the shape only. Values the engine cannot know yet
(`pulumi preview`) are never reported on.

`evaluate(resources, context)` runs them all and returns the findings sorted. Nothing here imports `pulumi`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable, Iterator, Literal, Mapping

from policy import iam
from spec.user_pool import STANDARD_ATTRIBUTES as SPEC_STANDARD_ATTRIBUTES
from policy.graph import (
    IAM_POLICY, IAM_POLICY_ATTACHMENT, IAM_ROLE, IAM_ROLE_POLICY, IAM_ROLE_POLICY_ATTACHMENT, IDENTITY_POOL,
    IDENTITY_PROVIDER, LAMBDA_FUNCTION, LAMBDA_PERMISSION, ROLE_ATTACHMENT, SECRET_PLACEHOLDER, USER_POOL,
    USER_POOL_CLIENT, Graph, Resource, as_list, is_unknown, known,
)

Severity = Literal["mandatory", "advisory"]
MANDATORY: Severity = "mandatory"
ADVISORY: Severity = "advisory"


@dataclass(frozen=True, order=True)
class Finding:
    """One guardrail result. Ordered by rule, then severity, resource and message, so sorted output is stable."""

    rule: str
    severity: Severity
    urn: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class RuleContext:
    """What the stack's spec says about itself, which changes what the rules demand."""

    throwaway: bool = False
    """The spec marks the stack throwaway (a preview or test environment).

    @default False - a stack holds real users unless the spec says otherwise, so losing its pool is not acceptable.
    Makes the deletion-protection and `protect` findings advisory instead of mandatory.
    """
    guest_access: bool = False
    """The spec opts into identity-pool guest (unauthenticated) access.

    @default False - guest credentials only need the public identity-pool ID (Security Hub Cognito.2).
    """
    max_trigger_timeout: float = 5
    """Largest Lambda timeout, in seconds, accepted for a synchronous Cognito trigger.

    @default 5 - Cognito waits 5 s for a trigger and then retries; a longer timeout only wastes concurrency.
    """
    public_clients: frozenset[str] = frozenset()
    """App clients the spec declares public (web/native), by resource name, client `name` or client id.

    @default - none beyond those whose name marks them public (e.g. `web`, `native`, `mobile`, `spa`).
    """


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    check: Callable[[Graph, RuleContext], Iterable[Finding]]
    types: tuple[str, ...]
    """The resource types the rule reads (the CrossGuard pack uses it to pick what to feed a resource-level policy)."""
    needs_graph: bool
    """True when the rule relates resources to each other: the pack runs it as a stack policy."""
    severities: tuple[Severity, ...] = (MANDATORY,)
    """The severities its findings can have (the pack makes one policy per severity)."""
    source: str = ""


RULES: list[Rule] = []


def rule(name: str, description: str, *, types: tuple[str, ...], needs_graph: bool = False,
         severities: tuple[Severity, ...] = (MANDATORY,)) -> Callable:
    """Register a rule function. Its docstring's first line is its source (shown in the README and the pack)."""

    def register(fn: Callable[[Graph, RuleContext], Iterable[Finding]]) -> Callable:
        source = (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else ""
        RULES.append(Rule(name, description, fn, types, needs_graph, severities, source))
        return fn

    return register


def evaluate(resources: Iterable[Resource | Mapping[str, Any]] | Graph, context: RuleContext | None = None,
             rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Run `rules` (default: all) over the graph and return the findings, sorted and de-duplicated."""
    graph = resources if isinstance(resources, Graph) else Graph(resources)
    context = context or RuleContext()
    found: set[Finding] = set()
    for r in (RULES if rules is None else rules):
        found.update(r.check(graph, context))
    return sorted(found)


def rule_by_name(name: str) -> Rule:
    for r in RULES:
        if r.name == name:
            return r
    raise KeyError(name)


# --------------------------------------------------------------------------------------------------------------------
# Shared lookups
# --------------------------------------------------------------------------------------------------------------------

def _finding(rule_name: str, resource: Resource, message: str, severity: Severity = MANDATORY) -> Finding:
    return Finding(rule_name, severity, resource.urn, message)


def _protection_severity(context: RuleContext) -> Severity:
    return ADVISORY if context.throwaway else MANDATORY


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


# --------------------------------------------------------------------------------------------------------------------
# Identity pool roles (T1, T2, T4)
# --------------------------------------------------------------------------------------------------------------------

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
                yield _finding(name, role, f"role {role.label}: assumeRolePolicy is {err}")
    for ir in _identity_roles(graph):
        role = ir.role
        for statement in ir.trust:
            bad_actions = [a for a in iam.actions(statement)
                           if a not in ("sts:AssumeRoleWithWebIdentity", "sts:TagSession")]
            if bad_actions:
                yield _finding(name, role, f"role {role.label}: the cognito-identity trust statement allows "
                                           f"{', '.join(sorted(bad_actions))}; allow only sts:AssumeRoleWithWebIdentity")
            aud = iam.condition_values(statement, iam.AUD_OPERATORS, iam.AUD_KEY)
            if not aud:
                elsewhere = iam.operators_for_key(statement, iam.AUD_KEY)
                how = f" (found under {', '.join(elsewhere)}, which is not an exact match)" if elsewhere else ""
                yield _finding(name, role, f"role {role.label}: trust policy does not pin {iam.AUD_KEY} with "
                                           f"StringEquals{how}; any identity pool could assume it")
            else:
                values = [v for vs in aud.values() for v in vs]
                for v in sorted(set(values)):
                    if iam.has_wildcard(v):
                        yield _finding(name, role, f"role {role.label}: aud {v!r} contains a wildcard; "
                                                   f"pin the identity pool ID exactly")
                    elif pool_ids and v not in pool_ids:
                        yield _finding(name, role, f"role {role.label}: aud {v!r} is not an identity pool of this "
                                                   f"stack ({', '.join(sorted(pool_ids))})")
            amr = iam.condition_values(statement, iam.AMR_OPERATORS, iam.AMR_KEY)
            amr_values = sorted({v for vs in amr.values() for v in vs})
            if not amr_values:
                yield _finding(name, role, f"role {role.label}: trust policy has no {iam.AMR_KEY} condition; "
                                           f"guests and signed-in users could both assume it")
            elif ir.guest:
                if amr_values != ["unauthenticated"]:
                    yield _finding(name, role, f"role {role.label} is the guest role: amr must be exactly "
                                               f"'unauthenticated' (got {', '.join(amr_values)})")
            else:
                matching = [v for v in amr_values if iam.wildcard_match(v, "unauthenticated")]
                if matching:
                    yield _finding(name, role, f"role {role.label} is not the guest role but its amr condition "
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
                    yield _finding(name, role, f"role {role.label} has the AWS-managed policy {policy_name}")
                else:
                    yield _finding(name, role, f"role {role.label} has the AWS-managed policy {doc}; its actions "
                                               f"can't be checked offline, prefer an inline least-privilege policy",
                                   ADVISORY)
                continue
            for statement in iam.iter_allow_statements(doc):
                if "NotAction" in statement:
                    yield _finding(name, role, f"role {role.label}: {where} uses Allow with NotAction (grants every "
                                               f"other action)")
                if any(iam.is_full_wildcard_action(a) for a in iam.actions(statement)):
                    yield _finding(name, role, f"role {role.label}: {where} allows action '*'")
                if "NotResource" in statement:
                    yield _finding(name, role, f"role {role.label}: {where} uses Allow with NotResource")
                if any(r.strip() == "*" for r in iam.resources(statement)):
                    yield _finding(name, role, f"role {role.label}: {where} allows resource '*'; scope it to ARNs")
        for error in errors:
            yield _finding(name, role, error)


@rule("guest-access",
      "Identity pools allow guest (unauthenticated) identities only where the spec opts in.",
      types=(IDENTITY_POOL,))
def guest_access(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T4: Security Hub Cognito.2, checkov CKV_AWS_366, cfn_nag W57."""
    if context.guest_access:
        return
    for pool in graph.of_type(IDENTITY_POOL):
        if pool.get("allowUnauthenticatedIdentities") is True:
            yield _finding("guest-access", pool, f"identity pool {pool.label} allows unauthenticated identities but "
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
                yield _finding(name, role, f"guest role {role.label} has the managed policy {doc}; guests must get "
                                           f"only actions inside the enhanced-flow scope-down list")
                continue
            for statement in iam.iter_allow_statements(doc):
                if "NotAction" in statement:
                    yield _finding(name, role, f"guest role {role.label}: {where} uses NotAction")
                outside = sorted({a for a in iam.actions(statement) if not iam.within_guest_scope(a)})
                if outside:
                    yield _finding(name, role, f"guest role {role.label}: {where} allows {', '.join(outside)}, "
                                               f"outside the enhanced-flow scope-down list for guests")
        for error in errors:
            yield _finding(name, role, error)


# --------------------------------------------------------------------------------------------------------------------
# Identity pool settings (T3, T5, T7, T17)
# --------------------------------------------------------------------------------------------------------------------

@rule("classic-flow-off", "Identity pools do not allow the basic (classic) authentication flow.", types=(IDENTITY_POOL,))
def classic_flow_off(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T3: Cognito guide "Authentication flow"; Datadog def-000-k8u."""
    for pool in graph.of_type(IDENTITY_POOL):
        if pool.get("allowClassicFlow") is True:
            yield _finding("classic-flow-off", pool, f"identity pool {pool.label} allows the classic flow: any "
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
                yield _finding("server-side-token-check", pool, f"identity pool {pool.label}: user pool provider "
                                                                f"for client {client} has serverSideTokenCheck off")


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
                yield _finding("role-mapping-deny", attachment,
                               f"role attachment {attachment.label}: mapping for {provider} resolves ambiguity with "
                               f"{resolution or 'nothing'}; use Deny so unmatched users fail closed")


# Standard user-pool attributes (the spec's list, plus the two verification flags): an app client without
# `writeAttributes` can write all of them (UserPoolClientType.WriteAttributes, security-rules §1.5).
STANDARD_ATTRIBUTES = frozenset(SPEC_STANDARD_ATTRIBUTES) | {"email_verified", "phone_number_verified"}


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
                    yield _finding("role-mapping-claims", attachment,
                                   f"role attachment {attachment.label}: a mapping rule matches claim {claim!r}, "
                                   f"which users can set through app client {', '.join(writers)}")


@rule("role-attachment-delete-before-replace",
      "The identity pool role attachment is replaced delete-before-create, so a replace cannot clear the new roles.",
      types=(ROLE_ATTACHMENT,))
def role_attachment_delete_before_replace(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T17: aws-cdk#33305 (one role attachment per identity pool)."""
    for attachment in graph.of_type(ROLE_ATTACHMENT):
        if attachment.option("deleteBeforeReplace") is not True:
            yield _finding("role-attachment-delete-before-replace", attachment,
                           f"role attachment {attachment.label} lacks deleteBeforeReplace: replacing it would create "
                           f"the new attachment, then delete the old one and with it the pool's roles")


# --------------------------------------------------------------------------------------------------------------------
# Lambda triggers (T8, T9)
# --------------------------------------------------------------------------------------------------------------------

# lambdaConfig keys Cognito invokes asynchronously: the 5 s limit does not apply (triggers doc).
ASYNC_TRIGGERS = frozenset({"customEmailSender", "customSmsSender"})
NOT_A_TRIGGER = frozenset({"kmsKeyId"})
COGNITO_IDP = "cognito-idp.amazonaws.com"


def _trigger_references(pool: Resource) -> Iterator[tuple[str, Any]]:
    """(trigger key, function reference) pairs of a user pool's lambdaConfig."""
    config = known(pool.get("lambdaConfig")) or {}
    if not isinstance(config, Mapping):
        return
    for key, value in sorted(config.items()):
        if key in NOT_A_TRIGGER:
            continue
        if isinstance(value, Mapping):  # preTokenGenerationConfig, customEmailSender, customSmsSender
            yield key, value.get("lambdaArn")
        else:
            yield key, value


def _resolve_function(graph: Graph, reference: Any) -> list[Resource]:
    """Functions a lambdaConfig value points at: by ARN, else by the function name inside the ARN."""
    found = graph.resolve(reference, LAMBDA_FUNCTION)
    if not found and isinstance(reference, str) and ":function:" in reference:
        found = graph.resolve(reference.split(":function:", 1)[1].split(":", 1)[0], LAMBDA_FUNCTION)
    return found


def _trigger_functions(graph: Graph) -> tuple[dict[str, set[str]], set[str]]:
    """({function urn: {trigger keys}} for synchronous triggers, {urns of async-only sender functions})."""
    sync: dict[str, set[str]] = {}
    senders: set[str] = set()
    for pool in graph.of_type(USER_POOL):
        for key, ref in _trigger_references(pool):
            for fn in _resolve_function(graph, ref):
                if key in ASYNC_TRIGGERS:
                    senders.add(fn.urn)
                else:
                    sync.setdefault(fn.urn, set()).add(key)
    return sync, senders - set(sync)


def _permission_targets(graph: Graph, permission: Resource) -> list[Resource]:
    return graph.referenced(permission, permission.get("function"), LAMBDA_FUNCTION)


@rule("cognito-lambda-permission",
      "Lambda permissions for Cognito name the cognito-idp.amazonaws.com principal, this stack's user pool as "
      "sourceArn, and the sourceAccount.",
      types=(LAMBDA_PERMISSION, LAMBDA_FUNCTION, USER_POOL), needs_graph=True, severities=(MANDATORY, ADVISORY))
def cognito_lambda_permission(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T8: Cognito triggers doc (confused deputy); checkov CKV_AWS_364; trivy AWS-0067; cfn_nag F13; KICS e08ed7eb."""
    name = "cognito-lambda-permission"
    pool_arns = graph.known_outputs(USER_POOL, "arn")
    sync, senders = _trigger_functions(graph)
    triggers = set(sync) | senders
    permitted: set[str] = set()
    for permission in graph.of_type(LAMBDA_PERMISSION):
        principal = permission.get("principal")
        if is_unknown(principal):
            continue
        targets = {fn.urn for fn in _permission_targets(graph, permission)}
        principal = principal if isinstance(principal, str) else ""
        if "cognito" not in principal and not (principal in ("*", "") and targets & triggers):
            continue  # a permission for another service, on a function Cognito doesn't call
        label = f"lambda permission {permission.label}"
        if principal != COGNITO_IDP:
            yield _finding(name, permission, f"{label}: principal is {principal or 'missing'!r}, must be {COGNITO_IDP}")
        source_arn = permission.get("sourceArn")
        if not is_unknown(source_arn):
            if not source_arn:
                yield _finding(name, permission, f"{label} has no sourceArn: any user pool, in any account, could "
                                                 f"invoke the function")
            elif iam.has_wildcard(source_arn):
                yield _finding(name, permission, f"{label}: sourceArn {source_arn!r} contains a wildcard")
            elif pool_arns and source_arn not in pool_arns:
                yield _finding(name, permission, f"{label}: sourceArn {source_arn!r} is not a user pool of this stack")
            elif not pool_arns and (":cognito-idp:" not in source_arn or ":userpool/" not in source_arn):
                yield _finding(name, permission, f"{label}: sourceArn {source_arn!r} is not a user pool ARN")
        source_account = permission.get("sourceAccount")
        if not is_unknown(source_account) and (not source_account or iam.has_wildcard(str(source_account))):
            yield _finding(name, permission, f"{label} has no sourceAccount")
        if principal == COGNITO_IDP:
            permitted |= targets
    for urn in sorted(triggers - permitted):
        fn = graph.by_urn[urn]
        yield _finding(name, fn, f"function {fn.label} is a Cognito trigger but no lambda permission lets "
                                 f"{COGNITO_IDP} invoke it (sign-ins would fail with AccessDeniedException)", ADVISORY)


@rule("trigger-timeout", "Functions used as synchronous Cognito triggers time out within 5 seconds.",
      types=(LAMBDA_FUNCTION, USER_POOL, LAMBDA_PERMISSION), needs_graph=True)
def trigger_timeout(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T9: Cognito triggers doc ("it must respond within 5 seconds ... You can't change this five-second timeout")."""
    sync, senders = _trigger_functions(graph)
    if not sync:  # pools' lambdaConfig could not be related by value: fall back to Cognito's permissions
        for permission in graph.of_type(LAMBDA_PERMISSION):
            if permission.get("principal") == COGNITO_IDP:
                for fn in _permission_targets(graph, permission):
                    if fn.urn not in senders:
                        sync.setdefault(fn.urn, set())
    for urn in sorted(sync):
        fn = graph.by_urn[urn]
        timeout = fn.get("timeout", 3)  # Lambda's default is 3 s
        if is_unknown(timeout) or timeout is None:
            continue
        if float(timeout) > context.max_trigger_timeout:
            used = f" ({', '.join(sorted(sync[urn]))})" if sync[urn] else ""
            yield _finding("trigger-timeout", fn, f"function {fn.label} is a Cognito trigger{used} with timeout "
                                                  f"{float(timeout):g} s; Cognito gives up after "
                                                  f"{context.max_trigger_timeout:g} s")


# --------------------------------------------------------------------------------------------------------------------
# Users must never be lost (T11)
# --------------------------------------------------------------------------------------------------------------------

@rule("user-pool-deletion-protection",
      "User pools have deletionProtection ACTIVE and the Pulumi protect option (advisory on throwaway stacks).",
      types=(USER_POOL,), severities=(MANDATORY, ADVISORY))
def user_pool_deletion_protection(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T11: Security Hub Cognito.6; Pulumi protect option; user-pool deletion protection doc (API default INACTIVE)."""
    severity = _protection_severity(context)
    for pool in graph.of_type(USER_POOL):
        value = pool.get("deletionProtection")
        if not is_unknown(value) and value != "ACTIVE":
            yield _finding("user-pool-deletion-protection", pool,
                           f"user pool {pool.label}: deletionProtection is {value or 'unset (INACTIVE)'}; "
                           f"set ACTIVE so a delete cannot take the users with it", severity)
        if pool.option("protect") is not True:
            yield _finding("user-pool-deletion-protection", pool,
                           f"user pool {pool.label} is not protected (Pulumi protect option)", severity)


@rule("identity-resources-protected",
      "Identity pools, user-pool identity providers and app clients carry the Pulumi protect option "
      "(advisory on throwaway stacks).",
      types=(IDENTITY_POOL, IDENTITY_PROVIDER, USER_POOL_CLIENT), severities=(MANDATORY, ADVISORY))
def identity_resources_protected(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T11: Pulumi protect option; a replaced identity pool loses every identity ID, a replaced client its ID."""
    severity = _protection_severity(context)
    kinds = {IDENTITY_POOL: "identity pool", IDENTITY_PROVIDER: "identity provider", USER_POOL_CLIENT: "app client"}
    for resource in graph.of_type(*kinds):
        if resource.option("protect") is not True:
            yield _finding("identity-resources-protected", resource,
                           f"{kinds[resource.type]} {resource.label} is not protected (Pulumi protect option)",
                           severity)


# --------------------------------------------------------------------------------------------------------------------
# App clients (T16) and identity providers (T15)
# --------------------------------------------------------------------------------------------------------------------

# Words in a client's name that say it runs in a browser or on a device (the spec's conventional client names).
PUBLIC_CLIENT_WORDS = frozenset({"web", "native", "mobile", "spa", "ios", "android", "browser", "public"})


def _name_words(value: Any) -> set[str]:
    if not isinstance(value, str):
        return set()
    return {w for w in value.lower().replace("_", "-").replace(".", "-").replace(" ", "-").split("-") if w}


def _public_reason(client: Resource, context: RuleContext) -> str | None:
    names = {client.name, known(client.get("name")), known(client.outputs.get("id"))} - {None}
    if names & context.public_clients:
        return "the spec declares it public"
    words = _name_words(client.name) | _name_words(known(client.get("name")))
    if words & PUBLIC_CLIENT_WORDS:
        return f"its name marks it {'/'.join(sorted(words & PUBLIC_CLIENT_WORDS))}"
    for url in as_list(client.get("callbackUrls")):
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
            yield _finding("public-client-no-secret", client, f"app client {client.label} generates a secret but "
                                                              f"{reason}; a secret shipped in an app is not secret")
        else:
            yield _finding("public-client-no-secret", client, f"app client {client.label} generates a secret: keep "
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
            yield _finding("client-prevent-user-existence-errors", client,
                           f"app client {client.label}: preventUserExistenceErrors is {value or 'unset (LEGACY)'}; "
                           f"set ENABLED so sign-in does not reveal which users exist")


@rule("client-token-revocation", "App clients keep token revocation on.", types=(USER_POOL_CLIENT,))
def client_token_revocation(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T16: Prowler cognito_user_pool_client_token_revocation_enabled (unset means AWS's default, on)."""
    for client in graph.of_type(USER_POOL_CLIENT):
        if client.get("enableTokenRevocation") is False:
            yield _finding("client-token-revocation", client,
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
            yield _finding(name, idp, f"identity provider {idp.label}: add providerDetails to "
                                      f"additionalSecretOutputs, or the provider's reads store its secret in "
                                      f"plain text in the state")
        details = idp.get("providerDetails")
        if idp.secret_inputs is None or "providerDetails" in idp.secret_inputs or details == SECRET_PLACEHOLDER:
            continue
        plain = sorted(SECRET_DETAIL_KEYS & set(details)) if isinstance(details, Mapping) else []
        if plain:
            yield _finding(name, idp, f"identity provider {idp.label}: providerDetails carries {', '.join(plain)} "
                                      f"as a plain value; read it with require_secret")
