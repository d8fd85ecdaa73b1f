"""The KMS key Cognito encrypts custom sender codes with, when the stack gives none (`triggers.<sender>.kmsKeyArn`)."""
from __future__ import annotations

from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from authstack.spec.facts import COMPONENT_SENDER_KEY
from authstack.spec.sender_key import key_policy


def partition(region: str) -> str:
    return "aws-cn" if region.startswith("cn-") else "aws-us-gov" if region.startswith("us-gov-") else "aws"


@dataclass(frozen=True)
class SenderKeyArgs:
    region: str
    throwaway: bool
    """Retained in AWS on delete unless throwaway."""
    tags: dict[str, pulumi.Input[str]] = field(default_factory=dict)


class SenderKey(pulumi.ComponentResource):
    """A symmetric key with rotation on whose policy lets Cognito encrypt codes for this account's pools in the region
    (`authstack.spec.sender_key`). It exists, and allows Cognito, before the pool names it: the pool's ``kms_key_id``
    is this key's ARN, so the pool depends on it. The trigger roles' kms:Decrypt is on their own role policies.

    Retained on delete (not deleted) unless throwaway: the pool keeps naming its key after the senders leave the spec,
    and codes already in flight were encrypted under it; a deleted key would break every send until the pool changes.
    """

    def __init__(self, name: str, args: SenderKeyArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(COMPONENT_SENDER_KEY, name, None, opts)
        account = aws.get_caller_identity().account_id
        self.key = aws.kms.Key(
            name,
            description=f"Cognito custom sender codes ({name})",
            enable_key_rotation=True,
            policy=key_policy(args.region, account, partition(args.region)),
            tags=args.tags or None,
            opts=pulumi.ResourceOptions(parent=self, retain_on_delete=not args.throwaway),
        )
        self.arn = self.key.arn
        self.register_outputs({"arn": self.arn})
