"""IAM policy documents as the rules read them: parsing, condition lookup, IAM wildcards, and the guest scope-down list.

Pure data and functions; nothing here imports `pulumi`.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Iterator, Mapping

from authstack.policy.graph import as_list, is_unknown
from authstack.spec.facts import COGNITO_IDENTITY

AUD_KEY = f"{COGNITO_IDENTITY}:aud"
AMR_KEY = f"{COGNITO_IDENTITY}:amr"

# The operators AWS documents for pinning `aud`: an exact match, never a pattern (security-rules §1.1).
AUD_OPERATORS = ("StringEquals",)
# The operators `amr` is written with: AWS's own examples use ForAnyValue:StringLike (amr is multi-valued).
AMR_OPERATORS = ("ForAnyValue:StringLike", "ForAnyValue:StringEquals", "StringLike", "StringEquals")

# Services that the enhanced-flow scope-down session policy lets unauthenticated (guest) users reach, by IAM service
# prefix. Source: Cognito Developer Guide, "IAM roles" § Access policies, "Services that unauthenticated enhanced flow
# users can access" (https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html#access-policies).
# API Gateway is listed as a service: its callers use `execute-api`, its management API `apigateway`.
GUEST_SCOPE_SERVICES = frozenset({
    "firehose", "kinesisanalytics",                       # Analytics
    "sqs",                                                # Application Integration
    "mobileanalytics", "ses",                             # Business Applications
    "lambda",                                             # Compute
    "dynamodb", "sdb",                                    # Database
    "appsync", "geo", "sns",                              # Front-end Web & Mobile
    "gamelift",                                           # Game Development
    "iot",                                                # Internet of Things
    "codewhisperer", "comprehend", "lex", "machinelearning", "personalize", "polly", "rekognition",
    "transcribe", "translate",                            # Machine Learning
    "cloudwatch", "logs",                                 # Management & Governance
    "execute-api", "apigateway",                          # Networking & Content Delivery
    "cognito-identity", "cognito-idp", "cognito-sync",    # Security, Identity & Compliance
    "s3",                                                 # Storage
})
# Services where the scope-down grants only some actions (same page, second table), plus the managed session
# policy AmazonCognitoUnauthenticatedIdentities (rum:PutRumEvents). Patterns use IAM wildcards, lower case.
GUEST_SCOPE_ACTIONS: Mapping[str, frozenset[str]] = {
    "kms": frozenset({"encrypt", "decrypt", "reencrypt*", "reencryptfrom", "reencryptto", "generatedatakey"}),
    "sagemaker": frozenset({"invokeendpoint"}),
    "textract": frozenset({"detectdocumenttext", "analyzedocument"}),
    "sumerian": frozenset({"view*"}),
    "rum": frozenset({"putrumevents"}),
}


class PolicyDocumentError(ValueError):
    """A policy document that is not JSON (or not an object): rules report it rather than guess."""


def load_document(value: Any) -> dict | None:
    """The document as a dict; None when absent or unknown. Accepts the JSON text the role receives, or a dict."""
    if value is None or is_unknown(value):
        return None
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, str):
        try:
            doc = json.loads(value)
        except json.JSONDecodeError as err:
            raise PolicyDocumentError(f"not valid JSON ({err.msg} at line {err.lineno} column {err.colno})") from None
        if isinstance(doc, dict):
            return doc
    raise PolicyDocumentError("not a JSON object")


def statements(doc: Mapping[str, Any] | None) -> list[dict]:
    if not doc:
        return []
    return [s for s in as_list(doc.get("Statement")) if isinstance(s, Mapping)]


def allows(statement: Mapping[str, Any]) -> bool:
    return statement.get("Effect") == "Allow"


def federated_principals(statement: Mapping[str, Any]) -> list[str]:
    principal = statement.get("Principal")
    if isinstance(principal, Mapping):
        return [str(p) for p in as_list(principal.get("Federated"))]
    return []


def trusts_cognito_identity(statement: Mapping[str, Any]) -> bool:
    """An Allow statement whose federated principal is the identity-pool service (what makes a role an identity role)."""
    return allows(statement) and COGNITO_IDENTITY in federated_principals(statement)


def condition_values(statement: Mapping[str, Any], operators: tuple[str, ...], key: str) -> dict[str, list[str]]:
    """`{operator: values}` for condition `key` under any of `operators`. Condition keys are case-insensitive in IAM."""
    found: dict[str, list[str]] = {}
    conditions = statement.get("Condition")
    if not isinstance(conditions, Mapping):
        return found
    for operator, block in conditions.items():
        if operator not in operators or not isinstance(block, Mapping):
            continue
        for k, values in block.items():
            if str(k).lower() == key.lower():
                found.setdefault(operator, []).extend(str(v) for v in as_list(values))
    return found


def operators_for_key(statement: Mapping[str, Any], key: str) -> list[str]:
    """Every condition operator under which `key` appears (to say *how* a condition is wrong, not only that it is)."""
    conditions = statement.get("Condition")
    if not isinstance(conditions, Mapping):
        return []
    return sorted(op for op, block in conditions.items()
                  if isinstance(block, Mapping) and any(str(k).lower() == key.lower() for k in block))


def has_wildcard(value: str) -> bool:
    return "*" in value or "?" in value


@lru_cache(maxsize=512)
def _glob(pattern: str) -> re.Pattern:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern), re.IGNORECASE)


def wildcard_match(pattern: str, value: str) -> bool:
    """IAM string matching: `*` any run of characters, `?` one character; case-insensitive (as for action names)."""
    return _glob(pattern).fullmatch(value) is not None


def actions(statement: Mapping[str, Any]) -> list[str]:
    return [str(a) for a in as_list(statement.get("Action"))]


def resources(statement: Mapping[str, Any]) -> list[str]:
    return [str(r) for r in as_list(statement.get("Resource"))]


def is_full_wildcard_action(action: str) -> bool:
    return action.strip() in ("*", "*:*")


def within_guest_scope(action: str) -> bool:
    """Whether every action `action` can match is inside the enhanced-flow scope-down for guests."""
    if ":" not in action:
        return False  # "*" or a malformed action: not provably inside the scope
    service, name = action.lower().split(":", 1)
    if has_wildcard(service):
        return False
    if service in GUEST_SCOPE_SERVICES:
        return True
    allowed = GUEST_SCOPE_ACTIONS.get(service)
    if not allowed:
        return False
    if name in allowed:
        return True
    # A concrete action is inside when an allowed pattern matches it; a pattern only when it is one of them.
    return not has_wildcard(name) and any(wildcard_match(a, name) for a in allowed)


def iter_allow_statements(doc: Mapping[str, Any] | None) -> Iterator[dict]:
    return (s for s in statements(doc) if allows(s))
