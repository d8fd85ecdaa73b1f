"""Entry point the Pulumi CLI runs for `pulumi preview --policy-pack policy`.

Only this file builds the `PolicyPack`: constructing one starts a gRPC server and blocks forever, so the policies
themselves live in the importable `policy.pack` (which the tests drive in-process).
"""
import os
import sys

from pulumi_policy import EnforcementLevel, PolicyPack

# The CLI runs this file from inside the pack directory; make the `policy` package importable from there too.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from policy.pack import PACK_NAME, build_policies  # noqa: E402

PolicyPack(
    name=PACK_NAME,
    policies=build_policies(),
    # Each policy sets its own level (from the severities of its findings); this only covers a policy that doesn't.
    enforcement_level=EnforcementLevel.MANDATORY,
    description="authstack guardrails for Amazon Cognito stacks: identity-pool roles, triggers, clients, protection.",
)
