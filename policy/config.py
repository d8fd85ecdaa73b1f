"""Policy names and policy-pack configuration for the CrossGuard pack, without importing `pulumi_policy`.

Each rule becomes one CrossGuard policy per severity it can report: `<rule>` (mandatory) and, where the rule can also
advise, `<rule>-advisory`. CrossGuard configuration is per policy, so the same context keys are repeated for each.

Write the config file for a stack and pass it to the preview::

    python -m authstack.policy.config --throwaway --guest-access > policy-config.dev.json
    pulumi preview --stack dev --policy-pack policy --policy-pack-config policy-config.dev.json
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Mapping

from authstack.policy.rules import ADVISORY, MANDATORY, RULES, Rule, RuleContext, Severity

# The keys every policy accepts (camelCase, like the rest of Pulumi's config), as a JSON schema.
CONFIG_PROPERTIES: dict[str, dict[str, Any]] = {
    "throwaway": {"type": "boolean", "default": False,
                  "description": "The spec marks the stack throwaway: deletion protection and protect are advisory."},
    "guestAccess": {"type": "boolean", "default": False,
                    "description": "The spec opts into identity-pool guest access."},
    "maxTriggerTimeout": {"type": "number", "default": 5, "minimum": 1,
                          "description": "Largest timeout, in seconds, for a synchronous Cognito trigger."},
    "publicClients": {"type": "array", "items": {"type": "string"}, "default": [],
                      "description": "App clients (resource name, client name or id) the spec declares web/native."},
}


def policy_name(rule: Rule, severity: Severity) -> str:
    return rule.name if severity == MANDATORY else f"{rule.name}-advisory"


def policy_names() -> list[str]:
    return sorted(policy_name(r, s) for r in RULES for s in r.severities)


def context_from_config(config: Mapping[str, Any] | None) -> RuleContext:
    """The rule context from one policy's config. Offline the engine applies no schema defaults, and numbers arrive
    as floats, so every key is defaulted and cast here."""
    config = config or {}
    return RuleContext(
        throwaway=bool(config.get("throwaway", False)),
        guest_access=bool(config.get("guestAccess", False)),
        max_trigger_timeout=float(config.get("maxTriggerTimeout", 5)),
        public_clients=frozenset(str(c) for c in config.get("publicClients") or ()),
    )


def pack_config(context: RuleContext) -> dict[str, dict[str, Any]]:
    """A `--policy-pack-config` document that gives every policy of the pack this context."""
    values = {
        "throwaway": context.throwaway,
        "guestAccess": context.guest_access,
        "maxTriggerTimeout": context.max_trigger_timeout,
        "publicClients": sorted(context.public_clients),
    }
    return {name: dict(values) for name in policy_names()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m authstack.policy.config",
                                     description="Print the CrossGuard policy-pack config for one stack.")
    parser.add_argument("--throwaway", action="store_true", help="the stack is throwaway (protection advisory)")
    parser.add_argument("--guest-access", action="store_true", help="the stack opts into guest access")
    parser.add_argument("--max-trigger-timeout", type=float, default=5.0, help="seconds (default 5)")
    parser.add_argument("--public-client", action="append", default=[], help="a client the spec marks web/native")
    args = parser.parse_args(argv)
    if args.max_trigger_timeout < 1:
        parser.error("--max-trigger-timeout: must be at least 1 second")
    context = RuleContext(throwaway=args.throwaway, guest_access=args.guest_access,
                          max_trigger_timeout=args.max_trigger_timeout, public_clients=frozenset(args.public_client))
    json.dump(pack_config(context), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0


__all__ = ["ADVISORY", "CONFIG_PROPERTIES", "context_from_config", "pack_config", "policy_name", "policy_names"]

if __name__ == "__main__":
    raise SystemExit(main())
