"""Entry point the Pulumi CLI runs for `pulumi preview --policy-pack policy`.

Only this file builds the `PolicyPack`: constructing one starts a gRPC server and blocks forever, so the policies
themselves live in the importable `authstack.policy.pack` (which the tests drive in-process). The pack runs on the
`python3` that has authstack installed (`pip install 'authstack[infra]'`); its folder is that package's `policy/`.
"""
from pulumi_policy import EnforcementLevel, PolicyPack

from authstack.policy.pack import PACK_NAME, build_policies

PolicyPack(
    name=PACK_NAME,
    policies=build_policies(),
    # Each policy sets its own level (from the severities of its findings); this only covers a policy that doesn't.
    enforcement_level=EnforcementLevel.MANDATORY,
    description="authstack guardrails for Amazon Cognito stacks: identity-pool roles, triggers, clients, protection.",
)
