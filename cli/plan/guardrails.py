"""Run the guardrails (policy/rules/, the same rules as the CrossGuard pack) for a stack's spec."""
from __future__ import annotations


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
    )


def findings(stack, doc: dict) -> list[dict]:
    from authstack.policy.rules import evaluate

    return [f.to_dict() for f in evaluate(doc["resources"], context_for(stack))]
