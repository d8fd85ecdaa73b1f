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

Layout: `core` holds `Finding`, `RuleContext`, `Rule`, the registry and `evaluate`; each other module holds the rules
of one concern. They are imported below in a fixed order, which is the order of `RULES` (and of the pack's policies).
"""
from __future__ import annotations

from authstack.policy.rules.core import (
    ADVISORY, MANDATORY, RULES, Finding, Rule, RuleContext, Severity, evaluate, finding, rule, rule_by_name,
)
# Importing a rule module registers its rules; keep this order stable.
from authstack.policy.rules.identity_roles import (
    guest_access, guest_role_scope_down, identity_role_no_wildcards, identity_role_trust,
)
from authstack.policy.rules.privilege import (
    guest_role_separate, identity_role_privilege, provider_role_amr, referenced_role,
)
from authstack.policy.rules.identity_pool import (
    STANDARD_ATTRIBUTES, classic_flow_off, oidc_provider_trust, role_attachment_delete_before_replace,
    role_mapping_claims, role_mapping_fallback, server_side_token_check,
)
from authstack.policy.rules.triggers import (
    ASYNC_TRIGGERS, COGNITO_IDP, NOT_A_TRIGGER, cognito_lambda_permission, trigger_timeout,
)
from authstack.policy.rules.protection import identity_resources_protected, user_pool_deletion_protection
from authstack.policy.rules.clients import (
    SECRET_DETAIL_KEYS, client_prevent_user_existence_errors, client_token_revocation,
    idp_provider_details_secret, public_client_no_secret,
)
from authstack.policy.rules.machine_clients import MACHINE_FLOWS, machine_client_no_user_access

__all__ = [
    "ADVISORY", "ASYNC_TRIGGERS", "COGNITO_IDP", "MACHINE_FLOWS", "MANDATORY", "NOT_A_TRIGGER", "RULES",
    "SECRET_DETAIL_KEYS", "STANDARD_ATTRIBUTES", "Finding", "Rule", "RuleContext", "Severity",
    "classic_flow_off", "client_prevent_user_existence_errors", "client_token_revocation", "cognito_lambda_permission",
    "evaluate", "finding", "guest_access", "guest_role_scope_down", "guest_role_separate", "identity_resources_protected",
    "identity_role_no_wildcards", "identity_role_privilege", "identity_role_trust", "idp_provider_details_secret",
    "machine_client_no_user_access", "oidc_provider_trust", "provider_role_amr", "referenced_role",
    "public_client_no_secret", "role_attachment_delete_before_replace", "role_mapping_claims", "role_mapping_fallback",
    "rule", "rule_by_name", "server_side_token_check", "trigger_timeout", "user_pool_deletion_protection",
]
