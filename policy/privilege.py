"""What an IAM permission policy lets its holder do, judged by privilege rather than by spelling.

Roles that an identity pool hands out are held by people: the guest role by anyone who has the app, the authenticated
role by everyone who can sign up, a group role by every member. So the question for each of their statements is not
"is the action exactly `*`" but "what can a holder do with it". Two maintained IAM knowledge bases answer that:

- `policy_sentry` (Salesforce) ships the IAM definition of every action with its access level (Read, List, Write,
  Permissions management, Tagging) and expands wildcards (`iam:Pass*`, `s3:*`) into the actions they match, offline.
  We use it for access levels and expansion, because hand-written action lists miss every new action.
- `cloudsplaining` (Salesforce) names the privilege-escalation paths (each a set of actions that together lead to
  admin, e.g. `iam:PassRole` + `lambda:CreateFunction` + `lambda:InvokeFunction`) and the actions that return
  credentials. Its own scan only flags statements with `Resource: "*"` (for a role every user holds, a scoped
  `iam:PassRole` is still an escalation path), so we use its lists, not its scan.

Neither knows Cognito: that `cognito-idp:AdminAddUserToGroup` held by every user is self-promotion, or that a guest
role should never get a whole service, is judged here.

Both libraries are imported lazily (about 0.15 s), only when a role is analysed; they are in the `infra` extra.
Nothing here imports `pulumi` or `pydantic`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Literal, Mapping

from authstack.policy.graph import as_list

Holder = Literal["guest", "authenticated", "group", "role"]
"""Who holds the role: every guest, every signed-in user, the members of a group, or users a mapping rule picks."""

SUB_VARIABLE = "${cognito-identity.amazonaws.com:sub}"

# Cognito actions that are backend-only: admin user management and developer-identity tokens. Any of them held by an
# app user lets that user act on other users (or mint identities). Everything else in cognito-idp is judged by access
# level below: the user-pool API an app needs is called with the user's tokens, never with IAM credentials.
_COGNITO_BACKEND = re.compile(
    r"^(cognito-idp:admin.*|cognito-identity:(getopenidtokenfordeveloperidentity|lookupdeveloperidentity|"
    r"mergedeveloperidentities|unlinkdeveloperidentity|deleteidentities|setidentitypoolroles|"
    r"updateidentitypool|deleteidentitypool|createidentitypool))$"
)
# Public Cognito identity APIs (GetId, GetCredentialsForIdentity, GetOpenIdToken): they need no IAM permission, so
# granting them gives nothing; cloudsplaining lists two of them as credential-returning.
_PUBLIC_IDENTITY_APIS = frozenset({
    "cognito-identity:getid", "cognito-identity:getcredentialsforidentity", "cognito-identity:getopenidtoken",
})
# Reads that hand over secret material whatever resource they name.
_SECRET_READS = frozenset({"secretsmanager:getsecretvalue", "secretsmanager:batchgetsecretvalue"})
# Services whose data is typically per user: an authenticated role writing them without the identity's `sub` in the
# resource or a condition lets every user overwrite everyone's data (advisory).
_PER_USER_SERVICES = frozenset({"s3", "dynamodb"})


@dataclass(frozen=True)
class Issue:
    severity: Literal["mandatory", "advisory"]
    message: str


@lru_cache(maxsize=1)
def _knowledge() -> tuple[Any, Any, dict[str, list[str]], frozenset[str]]:
    from cloudsplaining.shared.constants import ACTIONS_THAT_RETURN_CREDENTIALS, PRIVILEGE_ESCALATION_METHODS
    from policy_sentry.analysis.expand import expand
    from policy_sentry.querying.actions import get_action_data

    return expand, get_action_data, dict(PRIVILEGE_ESCALATION_METHODS), frozenset(ACTIONS_THAT_RETURN_CREDENTIALS)


@lru_cache(maxsize=4096)
def expand_action(action: str) -> tuple[str, ...]:
    """The concrete actions an action pattern matches, lower case; an action IAM does not know stays as written."""
    expand, _, _, _ = _knowledge()
    action = action.strip()
    if "*" in action or "?" in action:
        found = expand(action)
        if found and found != [action]:
            return tuple(sorted({a.lower() for a in found}))
    return (action.lower(),)


@lru_cache(maxsize=8192)
def access_level(action: str) -> str | None:
    """policy_sentry's access level of a concrete action (`Read`, `List`, `Write`, `Permissions management`,
    `Tagging`), or None for an action IAM does not know."""
    _, get_action_data, _, _ = _knowledge()
    if ":" not in action:
        return None
    service, name = action.split(":", 1)
    data = get_action_data(service, name)
    for entry in data.get(service, []) if isinstance(data, dict) else []:
        if str(entry.get("action", "")).lower() == action.lower():
            return entry.get("access_level")
    return None


def _is_whole_service(action: str) -> bool:
    service, _, name = action.strip().partition(":")
    return bool(service) and "*" not in service and name.strip() == "*"


def _strip_variables(value: str) -> str:
    return re.sub(r"\$\{[^}]*\}", "VAR", value)


def _has_wildcard(value: str) -> bool:
    return "*" in value or "?" in value


def namespace_wildcard(arn: str) -> str | None:
    """Why a resource ARN matches resources beyond the ones it names, or None when it only selects inside one.

    `arn:aws:s3:::*`, `table/*`, `function:*`, `key/*`, `arn:*` and a wildcard in the region or account all match every
    resource of a kind; `bucket/*` or `table/orders/index/*` only match inside one named resource, which is fine.
    Policy variables (`${cognito-identity.amazonaws.com:sub}`) are not wildcards. A lone `*` is reported elsewhere.
    """
    text = _strip_variables(arn.strip())
    if text == "*":
        return None
    parts = text.split(":", 5)
    if len(parts) < 6 or parts[0].lower() != "arn":
        return "matches every resource of every kind (a pattern, not one ARN)" if _has_wildcard(text) else None
    _, partition, service, region, account, resource = parts
    for label, value in (("partition", partition), ("service", service), ("region", region), ("account", account)):
        if _has_wildcard(value):
            return f"matches any {label}"
    service = service.lower()
    if service == "s3":
        name, kind = resource.split("/", 1)[0], "bucket"
    elif service == "execute-api":
        name, kind = resource.split("/", 1)[0], "API"
    else:
        match = re.match(r"([^/:]+)[/:](.*)", resource)
        if match:
            kind = match.group(1)
            name = re.split(r"[/:]", match.group(2).lstrip("/"), maxsplit=1)[0]
        else:
            kind, name = "resource", resource
    if _has_wildcard(name) or (not name and _has_wildcard(resource)):
        return f"matches every {service} {kind}" if name in ("*", "") else f"matches every {service} {kind} named {name}"
    return None


def arn_account(arn: str) -> str | None:
    parts = _strip_variables(arn.strip()).split(":", 5)
    if len(parts) == 6 and parts[0].lower() == "arn" and re.fullmatch(r"\d{12}", parts[4]):
        return parts[4]
    return None


def _statements(doc: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    if not doc:
        return []
    return [s for s in as_list(doc.get("Statement")) if isinstance(s, Mapping)]


def _mentions_sub(statement: Mapping[str, Any]) -> bool:
    return SUB_VARIABLE in json.dumps(statement.get("Resource")) or SUB_VARIABLE in json.dumps(statement.get("Condition"))


def assess(documents: Iterable[Mapping[str, Any]], holder: Holder, account: str | None = None) -> list[Issue]:
    """Every privilege problem of the Allow statements in `documents` (the permission policies of one role),
    for a role held as `holder`. `account` is the stack's AWS account, when known."""
    _, _, escalations, credential_actions = _knowledge()
    everyone = holder in ("guest", "authenticated")
    who = {"guest": "every guest (anyone with the app)", "authenticated": "every signed-in user",
           "group": "every member of the group", "role": "every user the role mapping gives it to"}[holder]
    issues: list[Issue] = []
    allowed: dict[str, str] = {}  # concrete action -> the pattern that granted it
    for statement in (s for d in documents for s in _statements(d)):
        if statement.get("Effect") != "Allow":
            continue
        patterns = [str(a) for a in as_list(statement.get("Action"))]
        resources = [str(r) for r in as_list(statement.get("Resource"))]
        if any(p.strip() in ("*", "*:*") for p in patterns):
            continue  # "action '*'" is reported by identity-role-no-wildcards
        for pattern in patterns:
            if _is_whole_service(pattern):
                service = pattern.split(":", 1)[0]
                if holder == "guest":
                    issues.append(Issue("mandatory", f"grants {pattern} (every {service} action) to {who}; "
                                                     f"list only the actions the app calls"))
                else:
                    issues.append(Issue("advisory", f"grants {pattern} (every {service} action); list only the "
                                                    f"actions the app calls"))
            for action in expand_action(pattern):
                allowed.setdefault(action, pattern)
        for resource in resources:
            why = namespace_wildcard(resource)
            if why:
                issues.append(Issue("mandatory", f"resource {resource!r} {why}; name the one resource {who} needs "
                                                 f"(wildcards only after it, e.g. bucket/prefix/*)"))
            other = arn_account(resource)
            if account and other and other != account:
                issues.append(Issue("mandatory", f"resource {resource!r} is in account {other}, not this stack's "
                                                 f"account {account}; {who} would reach into another account"))
        if holder == "authenticated" and not _mentions_sub(statement):
            per_user = sorted({a for p in patterns for a in expand_action(p)
                               if a.split(":", 1)[0] in _PER_USER_SERVICES and access_level(a) == "Write"})
            if per_user:
                issues.append(Issue("advisory", f"lets every signed-in user write the same data ({', '.join(action_name(a) for a in per_user[:4])}"
                                                f"{', ...' if len(per_user) > 4 else ''} on {', '.join(resources)}); "
                                                f"scope it per user with {SUB_VARIABLE} in the resource or a condition"))
        for action in expand_action_list(patterns):
            if action.startswith("sts:assumerole") and action in credential_actions:
                named = resources and all(r.strip() != "*" and not namespace_wildcard(r) for r in resources)
                if named:
                    issues.append(Issue("advisory", f"lets {who} assume {', '.join(resources)} ({action_name(action)}); "
                                                    f"what that role grants can't be checked here"))
                else:
                    issues.append(Issue("mandatory", f"allows privilege escalation ({action_name(action)} on any "
                                                     f"role) to {who}"))
            if _COGNITO_BACKEND.match(action) and (everyone or access_level(action) not in ("Read", "List")):
                issues.append(Issue("mandatory" if everyone else "advisory",
                                    f"grants {action_name(action)}, a backend-only Cognito action, to {who}"))
    by_level: dict[str, list[str]] = {}
    for action, pattern in sorted(allowed.items()):
        level = access_level(action)
        if level == "Permissions management":
            by_level.setdefault("perm", []).append(pattern)
        if action in _SECRET_READS or (action in credential_actions and action not in _PUBLIC_IDENTITY_APIS
                                        and not _COGNITO_BACKEND.match(action) and not action.startswith("sts:")):
            by_level.setdefault("cred", []).append(action_name(action))
        if action.startswith(("cognito-idp:", "cognito-identity:")) and not _COGNITO_BACKEND.match(action) \
                and level not in (None, "Read", "List") and everyone:
            by_level.setdefault("cognito", []).append(action_name(action))
    if by_level.get("perm"):
        issues.append(Issue("mandatory", f"grants permissions management ({_few(by_level['perm'])}) to {who}: "
                                         f"they could change who may do what"))
    if by_level.get("cred"):
        issues.append(Issue("mandatory", f"grants actions that return credentials or secrets ({_few(by_level['cred'])}) "
                                         f"to {who}"))
    if by_level.get("cognito"):
        issues.append(Issue("mandatory", f"grants Cognito management actions ({_few(by_level['cognito'])}) to {who}; "
                                         f"apps call the user-pool API with the user's tokens, not IAM"))
    paths = [f"{method}: {' + '.join(action_name(a) for a in needed)}"
             for method, needed in sorted(escalations.items()) if needed and all(a in allowed for a in needed)]
    if paths:
        more = f"; and {len(paths) - 3} more" if len(paths) > 3 else ""
        issues.append(Issue("mandatory", f"allows privilege escalation to {who} ({'; '.join(paths[:3])}{more})"))
    return _dedupe(issues)


def expand_action_list(patterns: Iterable[str]) -> list[str]:
    return sorted({a for p in patterns if p.strip() not in ("*", "*:*") for a in expand_action(p)})


@lru_cache(maxsize=4096)
def action_name(action: str) -> str:
    """`iam:passrole` as IAM spells it (`iam:PassRole`), for messages."""
    _, get_action_data, _, _ = _knowledge()
    if ":" in action:
        service, name = action.split(":", 1)
        data = get_action_data(service, name)
        for entry in data.get(service, []) if isinstance(data, dict) else []:
            if str(entry.get("action", "")).lower() == action.lower():
                return str(entry["action"])
    return action


def _few(items: list[str]) -> str:
    unique = sorted(set(items))
    return ", ".join(unique[:5]) + (f" and {len(unique) - 5} more" if len(unique) > 5 else "")


def _dedupe(issues: list[Issue]) -> list[Issue]:
    seen, out = set(), []
    for issue in issues:
        if issue not in seen:
            seen.add(issue)
            out.append(issue)
    return out
