"""Lambda triggers: one function per Cognito trigger, each with its own least-privilege role."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pulumi
import pulumi_aws as aws

from authstack.infra.common import policy_document, secret, service_trust
from authstack.spec.facts import COMPONENT_TRIGGER
from authstack.spec.secrets import Secret
from authstack.spec.triggers import Trigger



@dataclass(frozen=True)
class TriggerArgs:
    trigger: str
    """The Cognito trigger name, e.g. ``preSignUp``."""
    spec: Trigger
    root: Path
    """The project root, for custom handler files."""
    tags: dict[str, pulumi.Input[str]]
    kms_key_arn: pulumi.Input[str] | None = None
    """Custom senders: the pool's KMS key (given, or the one authstack creates): kms:Decrypt on it, and its ARN in
    ``AUTHSTACK_KMS_KEY_ARN`` for ``decrypt-code``."""


class TriggerFunction(pulumi.ComponentResource):
    """A Cognito trigger: its execution role, its function, and (after the pool exists) the permission that lets only
    this user pool invoke it.

    The pool needs the function's ARN, and the permission and pool-scoped grants need the pool's ARN. Creating the
    function first and calling `grant` after the pool keeps the graph free of cycles.
    """

    def __init__(self, name: str, args: TriggerArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(COMPONENT_TRIGGER, name, None, opts)
        from authstack.functions.package import bundle, external_grants  # the trigger library decides what goes into the zip

        self._name = name
        self._args = args
        self._bundle = bundle(args.trigger, args.spec.step_dicts(), args.root, args.spec.wheelhouse, args.spec.runtime)
        self._grants = external_grants(args.trigger, args.spec.step_dicts())
        self.role = self._create_role()
        self._grant_key()
        self.function = self._create_function()
        self._grant_logs()
        self.arn = self.function.arn
        self.register_outputs({"arn": self.arn})

    def _create_role(self) -> aws.iam.Role:
        return aws.iam.Role(
            f"{self._name}-role",
            assume_role_policy=service_trust("lambda.amazonaws.com"),
            tags=self._args.tags or None,
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _grant_logs(self) -> None:
        """Logs for this function's own log group only (AWSLambdaBasicExecutionRole would allow every log group)."""

        def policy(function_arn: str) -> str:
            _, _, _, region, account, _, name = function_arn.split(":", 6)
            group = f"arn:aws:logs:{region}:{account}:log-group:/aws/lambda/{name}"
            return policy_document([
                {"Effect": "Allow", "Action": ["logs:CreateLogGroup"], "Resource": group},
                {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": f"{group}:*"},
            ])

        aws.iam.RolePolicy(
            f"{self._name}-logs",
            role=self.role.id,
            policy=self.function.arn.apply(policy),
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _grant_key(self) -> None:
        """Custom sender triggers receive codes encrypted with the pool's KMS key and must decrypt them."""
        key = self._args.kms_key_arn
        if key is not None:
            aws.iam.RolePolicy(
                f"{self._name}-kms",
                role=self.role.id,
                # The key may be another resource's output (a program's `aws.kms.Key(...).arn`).
                policy=pulumi.Output.from_input(key).apply(
                    lambda arn: policy_document([{"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": arn}])),
                opts=pulumi.ResourceOptions(parent=self),
            )

    def _create_function(self) -> aws.lambda_.Function:
        spec = self._args.spec
        code = pulumi.AssetArchive({path: pulumi.FileAsset(str(local)) for path, local in sorted(self._bundle.files.items())})
        # Secret values stay Pulumi secrets (shown as [secret] in plans); the rest are plain configuration.
        variables = {**{k: secret(v) if isinstance(v, Secret) else v for k, v in spec.environment.items()},
                     **self._bundle.environment}
        if self._args.kms_key_arn is not None:
            from authstack.functions.builtins.decrypt_code import KEY_VARIABLE

            variables[KEY_VARIABLE] = self._args.kms_key_arn
        return aws.lambda_.Function(
            f"{self._name}-fn",
            role=self.role.arn,
            runtime=spec.runtime,
            handler=self._bundle.handler,
            code=code,
            timeout=spec.timeout,
            memory_size=spec.memory_size,
            environment=aws.lambda_.FunctionEnvironmentArgs(variables=variables) if variables else None,
            tags=self._args.tags or None,
            opts=pulumi.ResourceOptions(parent=self),
        )

    def grant(self, pool_arn: pulumi.Input[str]) -> list[pulumi.Resource]:
        """Let only this user pool (and account) invoke the function, and give it the pool actions its steps need.

        ``pool_arn`` is a plain string when the pool already exists (adopted, or found by name): the grants then wait
        for nothing, and the caller makes the pool wait for them, so no pool update can point Cognito at a function it
        may not invoke yet (pulumi-aws#4496). For a pool this run creates it is the pool's ``arn`` output: the pool has
        no app clients, hence no user, before the grants exist. Returns the grant resources.
        """
        arn = pulumi.Output.from_input(pool_arn)
        permission = aws.lambda_.Permission(
            f"{self._name}-invoke",
            action="lambda:InvokeFunction",
            function=self.function.name,
            principal="cognito-idp.amazonaws.com",
            source_arn=pool_arn,
            # The account is part of the pool ARN; reading it from there needs no extra API call.
            source_account=arn.apply(lambda a: a.split(":")[4]),
            opts=pulumi.ResourceOptions(parent=self),
        )
        grants: list[pulumi.Resource] = [permission]
        if self._bundle.pool_actions or self._grants:
            # Scoped to this pool's ARN, and no dependency cycle (the pool needs the function's ARN).
            grants.append(aws.iam.RolePolicy(
                f"{self._name}-access",
                role=self.role.id,
                policy=arn.apply(self._access_policy),
                opts=pulumi.ResourceOptions(parent=self),
            ))
        return grants

    def _access_policy(self, pool_arn: str) -> str:
        _, _, _, region, account, _ = pool_arn.split(":", 5)
        statements = []
        if self._bundle.pool_actions:
            statements.append({"Effect": "Allow", "Action": list(self._bundle.pool_actions), "Resource": pool_arn})
        for grant in self._grants:
            service, kind = {"ses-identity": ("ses", "identity"), "ssm-parameter": ("ssm", "parameter")}[grant["kind"]]
            resources = [f"arn:aws:{service}:{region}:{account}:{kind}/{name}" for name in grant["names"]]
            statements.append({"Effect": "Allow", "Action": list(grant["actions"]), "Resource": resources})
        return policy_document(statements)
