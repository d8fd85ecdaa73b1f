"""Run the guardrails (policy/rules.py, the same rules as the CrossGuard pack) over a plan document."""
from __future__ import annotations


def findings(stack, doc: dict) -> list[dict]:
    from policy.rules import RuleContext, evaluate

    spec = stack.spec
    public = frozenset(
        f"{stack.name}-client-{name}" for name in (spec.web_client(), spec.mobile_client()) if name is not None
    )
    context = RuleContext(
        throwaway=spec.throwaway,
        guest_access=bool(spec.identity_pool and spec.identity_pool.allow_guest_access),
        public_clients=public,
    )
    return [f.to_dict() for f in evaluate(doc["resources"], context)]
