"""Small helpers every component uses: protection options, secret values, IAM JSON."""
from __future__ import annotations

import json
from contextvars import ContextVar
from typing import Any

import pulumi

from authstack.spec.facts import COGNITO_IDENTITY
from authstack.spec.secrets import Secret


OFFLINE: ContextVar[bool] = ContextVar("authstack_offline", default=False)
"""True while the program runs under mocks (`infra.offline`), where ``secure:`` values cannot be decrypted."""


def secret(value: Secret) -> pulumi.Output[str]:
    """A spec secret as a Pulumi secret. Offline (no CLI to decrypt ``secure:`` values) it is the placeholder
    ``[secret]``; under `pulumi up` a value the engine did not decrypt is an error, never a deployed placeholder."""
    if value.value is None:
        if not OFFLINE.get():
            raise RuntimeError("a secret reached the program without its value; set it with `pulumi config set --secret`")
        return pulumi.Output.secret("[secret]")
    return pulumi.Output.secret(value.value)


def keep(parent: pulumi.Resource, throwaway: bool, import_id: str | None = None, **extra: Any) -> pulumi.ResourceOptions:
    """Options for a resource that holds users or identities: protected unless the stack is throwaway; adopted
    resources are always protected, because they hold users that existed before this stack."""
    return pulumi.ResourceOptions(
        parent=parent, protect=(not throwaway) or import_id is not None, import_=import_id, **extra
    )


def cognito_identity_trust(identity_pool_id: pulumi.Input[str], amr: str) -> pulumi.Output[str]:
    """Trust policy for a role assumed through the identity pool: pinned to this pool (``aud``) and to signed-in
    or guest identities (``amr``), the two conditions AWS documents as mandatory."""

    def render(pool_id: str) -> str:
        return json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Federated": COGNITO_IDENTITY},
                        "Action": "sts:AssumeRoleWithWebIdentity",
                        "Condition": {
                            "StringEquals": {f"{COGNITO_IDENTITY}:aud": pool_id},
                            "ForAnyValue:StringLike": {f"{COGNITO_IDENTITY}:amr": amr},
                        },
                    }
                ],
            },
            sort_keys=True,
        )

    return pulumi.Output.from_input(identity_pool_id).apply(render)


def service_trust(service: str, external_id: str | None = None) -> str:
    """Trust policy for a role assumed by an AWS service (Lambda, or Cognito sending SMS)."""
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "sts:AssumeRole",
    }
    if external_id is not None:
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": external_id}}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]}, sort_keys=True)


def policy_document(statements: list[dict[str, Any]]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, sort_keys=True)


def spec_statements(statements) -> list[dict[str, Any]]:
    """Spec policy statements → IAM JSON statements."""
    out = []
    for s in statements:
        item: dict[str, Any] = {"Effect": s.effect, "Action": list(s.actions), "Resource": list(s.resources)}
        if s.conditions:
            item["Condition"] = {k: dict(v) for k, v in s.conditions.items()}
        out.append(item)
    return out
