"""Lambda triggers (T8, T9): who may invoke a trigger function, and how long Cognito waits for it."""
from __future__ import annotations

from typing import Any, Iterator, Mapping

from authstack.policy import iam
from authstack.policy.graph import LAMBDA_FUNCTION, LAMBDA_PERMISSION, USER_POOL, Graph, Resource, is_unknown, known
from authstack.policy.rules.core import ADVISORY, MANDATORY, Finding, RuleContext, finding, rule


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
            yield finding(name, permission, f"{label}: principal is {principal or 'missing'!r}, must be {COGNITO_IDP}")
        source_arn = permission.get("sourceArn")
        if not is_unknown(source_arn):
            if not source_arn:
                yield finding(name, permission, f"{label} has no sourceArn: any user pool, in any account, could "
                                                f"invoke the function")
            elif iam.has_wildcard(source_arn):
                yield finding(name, permission, f"{label}: sourceArn {source_arn!r} contains a wildcard")
            elif pool_arns and source_arn not in pool_arns:
                yield finding(name, permission, f"{label}: sourceArn {source_arn!r} is not a user pool of this stack")
            elif not pool_arns and (":cognito-idp:" not in source_arn or ":userpool/" not in source_arn):
                yield finding(name, permission, f"{label}: sourceArn {source_arn!r} is not a user pool ARN")
        source_account = permission.get("sourceAccount")
        if not is_unknown(source_account) and (not source_account or iam.has_wildcard(str(source_account))):
            yield finding(name, permission, f"{label} has no sourceAccount")
        if principal == COGNITO_IDP:
            permitted |= targets
    for urn in sorted(triggers - permitted):
        fn = graph.by_urn[urn]
        yield finding(name, fn, f"function {fn.label} is a Cognito trigger but no lambda permission lets "
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
            yield finding("trigger-timeout", fn, f"function {fn.label} is a Cognito trigger{used} with timeout "
                                                 f"{float(timeout):g} s; Cognito gives up after "
                                                 f"{context.max_trigger_timeout:g} s")

