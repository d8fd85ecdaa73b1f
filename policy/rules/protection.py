"""Users must never be lost (T11): deletion protection and the Pulumi `protect` option on the identity resources."""
from __future__ import annotations

from typing import Iterator

from authstack.policy.graph import IDENTITY_POOL, IDENTITY_PROVIDER, USER_POOL, USER_POOL_CLIENT, Graph, is_unknown
from authstack.policy.rules.core import ADVISORY, MANDATORY, Finding, RuleContext, Severity, finding, rule


def _protection_severity(context: RuleContext, resource=None) -> Severity:
    """Advisory on throwaway stacks, except for adopted (imported) resources: they hold users that existed before."""
    adopted = resource is not None and bool(resource.option("import"))
    return ADVISORY if context.throwaway and not adopted else MANDATORY


@rule("user-pool-deletion-protection",
      "User pools have deletionProtection ACTIVE and the Pulumi protect option (advisory on throwaway stacks).",
      types=(USER_POOL,), severities=(MANDATORY, ADVISORY))
def user_pool_deletion_protection(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T11: Security Hub Cognito.6; Pulumi protect option; user-pool deletion protection doc (API default INACTIVE)."""
    for pool in graph.of_type(USER_POOL):
        severity = _protection_severity(context, pool)
        value = pool.get("deletionProtection")
        if not is_unknown(value) and value != "ACTIVE":
            yield finding("user-pool-deletion-protection", pool,
                          f"user pool {pool.label}: deletionProtection is {value or 'unset (INACTIVE)'}; "
                          f"set ACTIVE so a delete cannot take the users with it", severity)
        if pool.option("protect") is not True:
            yield finding("user-pool-deletion-protection", pool,
                          f"user pool {pool.label} is not protected (Pulumi protect option)", severity)


@rule("identity-resources-protected",
      "Identity pools, user-pool identity providers and app clients carry the Pulumi protect option "
      "(advisory on throwaway stacks).",
      types=(IDENTITY_POOL, IDENTITY_PROVIDER, USER_POOL_CLIENT), severities=(MANDATORY, ADVISORY))
def identity_resources_protected(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T11: Pulumi protect option; a replaced identity pool loses every identity ID, a replaced client its ID."""
    kinds = {IDENTITY_POOL: "identity pool", IDENTITY_PROVIDER: "identity provider", USER_POOL_CLIENT: "app client"}
    for resource in graph.of_type(*kinds):
        severity = _protection_severity(context, resource)
        if resource.option("protect") is not True:
            yield finding("identity-resources-protected", resource,
                          f"{kinds[resource.type]} {resource.label} is not protected (Pulumi protect option)",
                          severity)

