"""Run the guardrails (policy/rules/, the same rules as the CrossGuard pack) for a stack's spec."""
from __future__ import annotations

import re
from collections import Counter


def context_for(stack):
    """What the stack's spec says about itself, in the rules' terms (throwaway, guest access, public clients)."""
    from authstack.policy.rules import RuleContext

    spec = stack.spec
    public = frozenset(
        f"{stack.name}-client-{name}" for name in (spec.web_client(), spec.mobile_client()) if name is not None
    )
    return RuleContext(
        throwaway=spec.throwaway,
        guest_access=bool(spec.identity_pool and spec.identity_pool.allow_guest_access),
        public_clients=public,
        account=account_for(stack),
    )


def account_for(stack) -> str:
    """The account "other accounts" is judged against. The offline plan places every resource it creates in the mocks'
    account; a spec whose ARNs all name one other account was written for that account, so that one is used."""
    from authstack.infra.offline import ACCOUNT

    text = stack.spec.model_dump_json(by_alias=True)
    accounts = Counter(re.findall(r"arn:[^:\"]*:[^:\"]*:[^:\"]*:(\d{12}):", text))
    if accounts and ACCOUNT not in accounts and len(accounts) == 1:
        return next(iter(accounts))
    return ACCOUNT


def key_paths(stack) -> dict[str, str]:
    """Resource name -> the `authstack:` key path that decides it (so plan findings name what the author wrote)."""
    spec, prefix = stack.spec, stack.name
    paths: dict[str, str] = {f"{prefix}-pool": "userPool", f"{prefix}-pool-domain": "domain",
                             f"{prefix}-pool-sms": "userPool.sms", f"{prefix}-identity": "identityPool",
                             f"{prefix}-identity-roles": "identityPool.roleMappings"}
    for name in spec.clients:
        paths[f"{prefix}-client-{name}"] = f"clients.{name}"
    for key in spec.identity_providers:
        paths[f"{prefix}-idp-{key}"] = f"identityProviders.{key}"
    if spec.user_pool is not None:
        for group in spec.user_pool.groups:
            paths[f"{prefix}-groups-{group}"] = f"userPool.groups.{group}"
            paths[f"{prefix}-groups-{group}-role"] = f"userPool.groups.{group}.policyStatements"
            paths[f"{prefix}-groups-{group}-policy"] = f"userPool.groups.{group}.policyStatements"
    roles = ["authenticated", "unauthenticated", *(spec.identity_pool.roles if spec.identity_pool else ())]
    for role in roles:
        paths[f"{prefix}-identity-{role}"] = f"identityPool.roles.{role}.policyStatements"
        paths[f"{prefix}-identity-{role}-policy"] = f"identityPool.roles.{role}.policyStatements"
    for trigger in spec.triggers:
        for suffix in ("", "-fn", "-role", "-invoke", "-logs", "-access", "-kms"):
            paths[f"{prefix}-{trigger}{suffix}"] = f"triggers.{trigger}"
    paths[f"{prefix}-sender-key"] = "triggers"
    return paths


def findings(stack, doc: dict) -> list[dict]:
    from authstack.policy.rules import evaluate

    names = {r["urn"]: r["name"] for r in doc["resources"]}
    paths = key_paths(stack)
    out = []
    for f in evaluate(doc["resources"], context_for(stack)):
        item = f.to_dict()
        path = paths.get(names.get(f.urn, ""))
        if path is None and names.get(f.urn, "").startswith(f"{stack.name}-identity-oidc-"):
            path = "identityPool.federation"
        if path:
            item["message"] = f"{stack.file}: authstack:{path}: {item['message']}"
        out.append(item)
    # Components share their resource's name (authstack-x-pool): advice goes on the AWS resource.
    custom = {r["name"]: r["urn"] for r in doc["resources"] if r.get("custom", True)}
    return out + spec_advisories(stack, custom)


def spec_advisories(stack, urns: dict[str, str] | None = None) -> list[dict]:
    """Advice the spec alone gives (spec/hardening.py), as advisory findings on the resource the key path makes."""
    from authstack.spec.hardening import advisories

    urns = urns or {}
    by_path = {path: name for name, path in key_paths(stack).items()}
    out = []
    for path, message in advisories(stack.spec):
        trigger = path.split(".")[:2]
        if trigger[0] == "triggers":
            urn = urns.get(f"{stack.name}-{trigger[1]}-fn", urns.get(by_path.get(".".join(trigger), ""), ""))
        else:  # the resource the longest prefix of the key path makes (userPool.email.sesSourceArn: the pool)
            parts = path.split(".")
            prefix = next((".".join(parts[:n]) for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in by_path), "")
            urn = urns.get(by_path.get(prefix, ""), "")
        out.append({"rule": "spec-advisory", "severity": "advisory", "urn": urn,
                    "message": f"{stack.file}: authstack:{path}: {message}"})
    return out
