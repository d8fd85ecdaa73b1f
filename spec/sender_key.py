"""The KMS key of custom sender triggers: the key-policy statement that lets Cognito encrypt codes with it.

Cognito encrypts the codes it gives customEmailSender / customSmsSender with the AWS Encryption SDK under the pool's
KMS key (LambdaConfig.KMSKeyID). The Cognito guide ("Custom sender Lambda triggers", "Activating custom sender Lambda
triggers") asks for a key policy that allows the cognito-idp.amazonaws.com service principal kms:CreateGrant and
kms:Encrypt, limited with aws:SourceAccount and aws:SourceArn (confused-deputy prevention). The pool's ID is not known
before the pool exists, and the key must allow Cognito before the pool names it, so the ARN condition is a pattern over
the account's pools in the region. Pure data: the program (created keys) and `authstack plan` (external keys) share it.
"""
from __future__ import annotations

import json
from typing import Any

SENDERS = ("customEmailSender", "customSmsSender")
SERVICE = "cognito-idp.amazonaws.com"


def cognito_statement(region: str, account: str, partition: str = "aws") -> dict[str, Any]:
    """The statement a custom sender key's policy needs so that Cognito can encrypt codes with it."""
    return {
        "Sid": "CognitoEncryptsSenderCodes",
        "Effect": "Allow",
        "Principal": {"Service": SERVICE},
        "Action": ["kms:CreateGrant", "kms:Encrypt"],
        "Resource": "*",
        "Condition": {
            "StringEquals": {"aws:SourceAccount": account},
            "ArnLike": {"aws:SourceArn": f"arn:{partition}:cognito-idp:{region}:{account}:userpool/*"},
        },
    }


def key_policy(region: str, account: str, partition: str = "aws") -> str:
    """The whole policy of a key authstack creates: the account administers it (KMS's default statement, so the key
    is never unmanageable and IAM policies such as the trigger role's kms:Decrypt take effect), and Cognito encrypts."""
    return dumps({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "AccountAdministersKey", "Effect": "Allow",
             "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"},
            cognito_statement(region, account, partition),
        ],
    })


def dumps(value: Any) -> str:
    """Deterministic JSON (sorted keys)."""
    return json.dumps(value, indent=2, sort_keys=True)


def external_key(spec) -> str | None:
    """The key ARN the stack gives its custom senders (a plain string), or None when authstack creates the key (or the
    ARN is a program's Output, not known yet)."""
    for name in SENDERS:
        trigger = spec.triggers.get(name)
        if trigger is not None and isinstance(trigger.kms_key_arn, str) and trigger.kms_key_arn:
            return trigger.kms_key_arn
    return None


def uses_senders(spec) -> bool:
    return any(name in spec.triggers for name in SENDERS)


def external_key_requirement(spec, region: str) -> dict[str, Any] | None:
    """For an external key: what its policy must hold (authstack cannot own another key's policy). The account is the
    key's own (Cognito uses a key in the pool's account)."""
    arn = external_key(spec)
    if arn is None:
        return None
    parts = arn.split(":")
    if len(parts) < 6:
        return None
    partition, account = parts[1], parts[4]
    return {"kind": "kmsKeyPolicy", "key": arn,
            "message": "the key policy of this external key must hold this statement, or Cognito cannot encrypt codes "
                       "and CreateUserPool/UpdateUserPool or every send fails (docs/triggers.md, Custom senders)",
            "statement": cognito_statement(region, account, partition)}
