"""`AuthStackArgs`: what a Pulumi program hands `AuthStack`, the keys of a stack file as Python values.

Every section takes the stack-file shape (a dict with the camelCase keys of ``Pulumi.<stack>.yaml``, documented in the
README and in `schema/stack.schema.json`) or the spec model itself (``authstack.spec.user_pool.UserPool(...)``); both
are validated by the rules `authstack validate` applies, with its messages, when `AuthStack` is constructed.

Like awsx and CDK: values that decide which resources exist (sections, names, switches) are plain; references to
resources authstack does not create (SES identity, SNS role, KMS key, ACM certificate, IAM role and SAML provider ARNs,
tag values) take a ``pulumi.Input[str]``, so another resource's ``.arn`` can be passed; secrets take a Pulumi secret
(``pulumi.Config().require_secret(...)``, a Secrets Manager value) and never a plain string.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal, Mapping

import pulumi

from authstack.spec.errors import SpecError
from authstack.spec.load import Stack, check_trigger_files, validate
from authstack.spec.regions import region_problem
from authstack.spec.stack import Spec

# Spec sections (Python name → stack-file key), in the spec's order.
_SECTIONS = {name: field.alias or name for name, field in Spec.model_fields.items()}


@dataclass(frozen=True, kw_only=True)
class AuthStackArgs:
    """The auth backend to build. Every field is optional; unset sections get the spec's defaults."""

    name: str | None = None
    """Prefix of every resource's AWS name (stack-file key ``name``). @default ``<project>-<stack>``, so two stacks of
    one project never share names"""
    throwaway: bool = False
    """A stack with no real users (previews, CI): deletion protection and Pulumi ``protect`` off. @default false -
    a pool holds users and passwords that cannot be exported, so it is protected unless you say otherwise"""
    user_pool: Mapping[str, Any] | Any | Literal[False] | None = None
    """The user pool (``userPool``); ``False`` for an identity pool with direct federation only. @default a user pool
    with the spec's defaults: email sign-in, email required, an 8-character password policy, no MFA, ESSENTIALS"""
    domain: Mapping[str, Any] | Any | None = None
    """The hosted-UI domain (``domain``): a ``prefix``, or ``customDomain`` with a ``certificateArn`` (an Input) in
    us-east-1. @default none - only clients with OAuth need it"""
    clients: Mapping[str, Any] | None = None
    """App clients by name (``clients``). @default one public client ``web`` (no secret: it runs in a browser)"""
    identity_providers: Mapping[str, Any] | None = None
    """User-pool identity providers by key (``identityProviders``); client secrets and keys are Pulumi secrets.
    @default none"""
    resource_servers: Mapping[str, Any] | None = None
    """APIs whose custom scopes clients may request (``resourceServers``). @default none"""
    identity_pool: Mapping[str, Any] | Any | None = None
    """An identity pool (``identityPool``); existing role ARNs and ``federation.samlProviderArns`` take Inputs.
    @default none - only apps that call AWS services directly need AWS credentials"""
    triggers: Mapping[str, Any] | None = None
    """Lambda triggers by Cognito trigger name (``triggers``); ``kmsKeyArn`` takes an Input. Handler paths are relative
    to ``root``. @default none"""
    client: Mapping[str, Any] | Any | None = None
    """Client-file settings (``client``); here only ``webClient``/``mobileClient`` matter, through the client-config
    output. @default the client named ``web`` (else the first without a secret)"""
    adopt: Mapping[str, Any] | Any | None = None
    """Existing resources to import instead of creating (``adopt``). @default none: create everything"""
    tags: Mapping[str, pulumi.Input[str]] | None = None
    """Tags on every taggable resource (``tags``); values may be Inputs. @default none"""

    region: str | None = None
    """The AWS region the resources live in; names the hosted-UI domain and the client config. @default the
    ``aws:region`` config of the stack, as the default AWS provider uses it"""
    project: str | None = None
    """Project name in the client config. @default `pulumi.get_project()`"""
    stack: str | None = None
    """Stack name in the client config and the default ``name``. @default `pulumi.get_stack()`"""
    root: Path | str | None = None
    """Folder trigger handler paths are relative to. @default the Pulumi project folder (`pulumi.get_root_directory()`)"""

    @classmethod
    def from_stack(cls, stack: Stack, root: Path) -> "AuthStackArgs":
        """Args for a stack already validated from its files (what the authstack program itself does)."""
        args = cls(region=stack.region, project=stack.project, stack=stack.stack, root=root)
        object.__setattr__(args, "_validated", stack)
        return args

    def resolve(self, label: str) -> tuple[Stack, Path]:
        """The validated stack and the handler root.

        :raises SpecError: every problem, worded as `authstack validate` words it, against ``label`` and the key path
            (``AuthStack(auth): userPool.email.from: needs sesSourceArn``). Values not known yet are not checked.
        """
        root = Path(self.root) if self.root is not None else Path(pulumi.get_root_directory() or Path.cwd())
        validated = getattr(self, "_validated", None)
        if validated is not None:
            return validated, root
        region = self.region or pulumi.Config("aws").get("region")
        if not region:
            raise SpecError.one(label, "region", "required: the AWS region (pulumi config set aws:region eu-west-1, "
                                                 "or AuthStackArgs(region=...))")
        if (why := region_problem(region)) is not None:
            raise SpecError.one(label, "region", why)
        raw = {}
        for field in fields(self):
            if field.name in _SECTIONS and getattr(self, field.name) is not None:
                raw[_SECTIONS[field.name]] = getattr(self, field.name)
        spec = validate(raw, label, plaintext_ok=set(), program=True, region=region)
        check_trigger_files(spec, root, label, program=True)
        stack = Stack(project=self.project or pulumi.get_project(), stack=self.stack or pulumi.get_stack(),
                      region=region, spec=spec, file=label)
        return stack, root
