"""The guardrail rules as Pulumi CrossGuard policies (`pulumi preview --policy-pack policy`).

Each rule of `policy/rules/` becomes one policy per severity it can report, named after the rule
(`<rule>` is mandatory, `<rule>-advisory` advisory). Rules that only read one resource run as resource policies, on the
resource's inputs; rules that relate resources (`needs_graph`) run as stack policies, on every resource's outputs, so
IDs and ARNs are real there. The engine's values are converted into the plan's JSON resource shape first, so the same
functions decide in both places.

Context (throwaway, guestAccess, maxTriggerTimeout, publicClients) comes from each policy's config; see
`policy/config.py` for the file format and a generator.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Callable

from pulumi_policy import (
    EnforcementLevel, PolicyConfigSchema, PolicyResource, ResourceValidationArgs, ResourceValidationPolicy,
    StackValidationArgs, StackValidationPolicy,
)
from pulumi_policy.proxy import (
    UNKNOWN_ARCHIVE_VALUE, UNKNOWN_ARRAY_VALUE, UNKNOWN_ASSET_VALUE, UNKNOWN_BOOLEAN_VALUE, UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE, UNKNOWN_STRING_VALUE,
)

from authstack.policy.config import CONFIG_PROPERTIES, context_from_config, policy_name
from authstack.policy.graph import UNKNOWN, Graph
from authstack.policy.rules import MANDATORY, RULES, Rule, Severity, evaluate

PACK_NAME = "authstack-guardrails"

_UNKNOWN_SENTINELS = frozenset({
    UNKNOWN_BOOLEAN_VALUE, UNKNOWN_NUMBER_VALUE, UNKNOWN_STRING_VALUE, UNKNOWN_ARRAY_VALUE, UNKNOWN_ASSET_VALUE,
    UNKNOWN_ARCHIVE_VALUE, UNKNOWN_OBJECT_VALUE,
})
# Outputs the rules use to relate resources (see policy/graph.py `Resource.identifiers`).
_RELATING_OUTPUTS = ("id", "arn", "name", "endpoint")

ReportViolation = Callable[..., None]


def plain(value: Any) -> Any:
    """A deep copy of an engine value as plain dicts/lists, with "unknown during preview" as `UNKNOWN`.

    The SDK wraps props in proxies that raise on any unknown value they hold; reading through `__target` avoids that,
    so one unknown ARN doesn't stop a whole stack policy: the rules skip just the unknown value.
    """
    if isinstance(value, str):
        return UNKNOWN if value in _UNKNOWN_SENTINELS else value
    if isinstance(value, Mapping):
        target = value["__target"] if type(value).__name__ == "_DictProxy" else value
        return {k: plain(v) for k, v in target.items()}
    if isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        target = value["__target"] if type(value).__name__ == "_ListProxy" else value
        return [plain(v) for v in target]
    return value


def _options(opts: Any) -> dict[str, Any]:
    return {
        "protect": bool(getattr(opts, "protect", False)),
        "deleteBeforeReplace": getattr(opts, "delete_before_replace", None),
        "additionalSecretOutputs": list(getattr(opts, "additional_secret_outputs", None) or []),
    }


def resource_from_args(args: ResourceValidationArgs) -> dict[str, Any]:
    """A resource-policy argument in the plan's shape: inputs only, no outputs (rules check shape), secrecy unknown."""
    return {
        "urn": args.urn, "type": args.resource_type, "name": args.name,
        "parent": getattr(args.opts, "parent", None) or "", "dependencies": [],
        "inputs": plain(args.props), "options": _options(args.opts),
    }


def resource_from_stack(resource: PolicyResource) -> dict[str, Any]:
    """A stack-policy resource in the plan's shape. Its props are provider outputs, which for these (bridged)
    resources repeat every input under the same wire name and add `id`, `arn`, ..., so they serve as both."""
    props = plain(resource.props)
    outputs = {k: props[k] for k in _RELATING_OUTPUTS if isinstance(props.get(k), str)}
    parent = resource.parent.urn if resource.parent is not None else (getattr(resource.opts, "parent", None) or "")
    return {
        "urn": resource.urn, "type": resource.resource_type, "name": resource.name, "parent": parent,
        "dependencies": [d.urn for d in resource.dependencies],
        "inputs": props, "outputs": outputs, "options": _options(resource.opts),
    }


def _report(rule: Rule, severity: Severity, resources: list[dict], config: Mapping[str, Any] | None,
            report_violation: ReportViolation) -> None:
    for finding in evaluate(Graph(resources), context_from_config(config), rules=[rule]):
        if finding.severity == severity:
            report_violation(finding.message, finding.urn)


def _resource_validate(rule: Rule, severity: Severity) -> Callable[[ResourceValidationArgs, ReportViolation], None]:
    def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        if args.resource_type in rule.types:
            _report(rule, severity, [resource_from_args(args)], args.get_config(), report_violation)
    return validate


def _stack_validate(rule: Rule, severity: Severity) -> Callable[[StackValidationArgs, ReportViolation], None]:
    def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
        resources = [resource_from_stack(r) for r in args.resources if r.resource_type in rule.types]
        if resources:
            _report(rule, severity, resources, args.get_config(), report_violation)
    return validate


def _level(severity: Severity) -> EnforcementLevel:
    return EnforcementLevel.MANDATORY if severity == MANDATORY else EnforcementLevel.ADVISORY


def policies_for(rule: Rule) -> list[ResourceValidationPolicy | StackValidationPolicy]:
    """The CrossGuard policies of one rule: one per severity its findings can have."""
    made: list[ResourceValidationPolicy | StackValidationPolicy] = []
    for severity in rule.severities:
        common = dict(name=policy_name(rule, severity), description=rule.description,
                      remediation_steps=f"Source: {rule.source}",
                      enforcement_level=_level(severity), config_schema=PolicyConfigSchema(CONFIG_PROPERTIES))
        if rule.needs_graph:
            made.append(StackValidationPolicy(validate=_stack_validate(rule, severity), **common))
        else:
            made.append(ResourceValidationPolicy(validate=_resource_validate(rule, severity), **common))
    return made


def build_policies(rules: list[Rule] | None = None) -> list[ResourceValidationPolicy | StackValidationPolicy]:
    return [p for r in (RULES if rules is None else rules) for p in policies_for(r)]
