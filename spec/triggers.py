"""Lambda triggers: `authstack:triggers`, keyed by the Cognito trigger name."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from authstack.spec.base import Range, SpecModel
from authstack.spec.secrets import Secret
from authstack.spec.facts import TRIGGERS
from authstack.spec.refs import Ref

TriggerName = Literal[TRIGGERS]


# Lambda's reserved environment variables (Lambda developer guide, "Defined runtime environment variables") beyond
# the AWS_/LAMBDA_/_ prefixes.
RESERVED_ENVIRONMENT = frozenset({"TZ", "LANG", "PATH", "LD_LIBRARY_PATH", "PYTHONPATH", "NODE_PATH"})


class Step(SpecModel):
    """One step of a trigger: a built-in (``use`` + ``with``) or your own handler file."""

    use: str | None = None
    """A built-in step name, e.g. ``email-domain-allowlist``. @default none (give this or handler)"""
    with_: dict[str, Any] = Field(default_factory=dict, alias="with")
    """Settings of the built-in. @default none"""
    handler: str | None = None
    """A Python file in this repository with ``handler(event, context)``. @default none (give this or use)"""

    @model_validator(mode="after")
    def _check(self) -> "Step":
        if (self.use is None) == (self.handler is None):
            raise ValueError("give exactly one of use or handler")
        if self.handler is not None and self.with_:
            raise ValueError("with is only for built-in steps")
        return self

    def as_dict(self) -> dict[str, Any]:
        return {"use": self.use, "with": dict(self.with_)} if self.use else {"handler": self.handler}


class Trigger(SpecModel):
    """One Lambda function for one trigger, running its steps in order."""

    handler: str | None = None
    """Shorthand for a single custom step: a Python file with ``handler(event, context)``. @default none (give this
    or steps)"""
    steps: list[Step] = Field(default_factory=list)
    """Steps in order; a step that rejects stops the chain. @default none (give this or handler)"""
    timeout: Range(1, 30) = 5
    """Seconds. Cognito waits 5 s at most, so longer timeouts only hide failures (the guardrail requires ≤ 5). @default 5"""
    memory_size: Range(128, 10240) = 256
    """MB. @default 256"""
    runtime: Literal["python3.11", "python3.12", "python3.13"] = "python3.12"
    """@default python3.12"""
    environment: dict[str, str | Secret] = Field(default_factory=dict)
    """Extra environment variables; not Lambda's reserved names nor ``AUTHSTACK_*``. A value that is a secret is
    written ``{secure: ...}`` (``pulumi config set --secret --path 'authstack:triggers.<name>.environment.<KEY>'``):
    it stays a Pulumi secret and shows as ``[secret]`` in every plan; plain values that look like secrets are refused.
    Better still, pass the name of an SSM parameter or Secrets Manager secret and read it at run time. @default none"""
    version: Literal["V1_0", "V2_0", "V3_0"] | None = None
    """preTokenGeneration only: the event version. V2/V3 need featurePlan ESSENTIALS or PLUS. @default V2_0"""
    kms_key_arn: Ref | None = None
    """customEmailSender / customSmsSender only: an existing KMS key for Cognito to encrypt codes with (one key per
    pool, so both senders name the same key). Its key policy must allow Cognito (`authstack plan` prints the exact
    statement; authstack cannot own another key's policy). @default none: authstack creates the key, with rotation on,
    a policy that lets Cognito encrypt for this account's pools in the region, retained when the senders go (the pool
    still names it)"""
    wheelhouse: str | None = None
    """A folder of ``.whl`` files (relative to the project root) unpacked into the function: the third-party packages
    its steps need, e.g. the AWS Encryption SDK for ``decrypt-code``, which the Lambda runtime lacks. Build it with
    ``pip download --only-binary=:all: --platform manylinux2014_x86_64 --python-version 3.12 --implementation cp -d
    functions/wheels aws-encryption-sdk`` (the runtime's Python version); wheels that do not run on the function's
    runtime on x86_64 are refused, boto3 and its dependencies are left to the runtime. @default none"""
    retired: bool = False
    """preTokenGeneration only: keep the function as a pass-through (tokens get no custom claims) instead of removing
    the trigger. The AWS provider keeps a pool's pre-token trigger when it leaves the program while other triggers stay
    (terraform-provider-aws#38617, #45529), so deleting the entry would delete a function the pool still calls and every
    sign-in would fail; `authstack plan --against` refuses that. Give no handler or steps with it. @default false"""

    @model_validator(mode="after")
    def _check(self) -> "Trigger":
        if self.retired:
            if self.handler is not None or self.steps:
                raise ValueError("a retired trigger runs a pass-through: leave out handler and steps")
            return self._check_environment()
        if (self.handler is None) == (not self.steps):
            raise ValueError("give exactly one of handler or steps")
        return self._check_environment()

    def _check_environment(self) -> "Trigger":
        for key in self.environment:
            if key.startswith(("AWS_", "AUTHSTACK_", "LAMBDA_", "_")) or key in RESERVED_ENVIRONMENT:
                raise ValueError(f"environment.{key}: reserved by Lambda or by authstack; pick another name")
        return self

    def step_dicts(self) -> list[dict[str, Any]]:
        if self.retired:
            return [{"use": "pass-through", "with": {}}]
        return [{"handler": self.handler}] if self.handler else [s.as_dict() for s in self.steps]
