"""User pool groups, and the IAM role of each group that has one."""
from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from authstack.infra.common import cognito_identity_trust, keep, policy_document, spec_statements
from authstack.spec.facts import COMPONENT_GROUPS
from authstack.spec.user_pool import Group


@dataclass(frozen=True)
class GroupsArgs:
    user_pool_id: pulumi.Input[str]
    groups: dict[str, Group]
    """Group name → spec (``userPool.groups``); ``roleArn`` may be an Input."""
    identity_pool_id: pulumi.Input[str] | None
    """The identity pool a group's new role trusts; without one, groups get no new roles."""
    throwaway: bool
    adopted_pool_id: str | None = None
    adopted: frozenset[str] = frozenset()
    """Group names to import (import ID ``<pool id>/<name>``); the others are created."""


class Groups(pulumi.ComponentResource):
    """Groups with precedence; a group's role is delivered in its members' tokens and assumed through this stack's
    identity pool only."""

    def __init__(self, name: str, args: GroupsArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(COMPONENT_GROUPS, name, None, opts)
        self.roles: dict[str, aws.iam.Role] = {}
        self.groups: dict[str, aws.cognito.UserGroup] = {}
        self.role_arns: dict[str, pulumi.Input[str]] = {}
        """The role of each group that has one (created here, or the existing ``roleArn``)."""
        for group_name, group in sorted(args.groups.items()):
            role_arn = group.role_arn
            if group.policy_statements and args.identity_pool_id is not None:
                role = aws.iam.Role(
                    f"{name}-{group_name}-role",
                    assume_role_policy=cognito_identity_trust(args.identity_pool_id, "authenticated"),
                    opts=pulumi.ResourceOptions(parent=self),
                )
                aws.iam.RolePolicy(
                    f"{name}-{group_name}-policy",
                    role=role.id,
                    policy=policy_document(spec_statements(group.policy_statements)),
                    opts=pulumi.ResourceOptions(parent=self),
                )
                self.roles[group_name] = role
                role_arn = role.arn
            if role_arn is not None:
                self.role_arns[group_name] = role_arn
            import_id = f"{args.adopted_pool_id}/{group_name}" if args.adopted_pool_id and group_name in args.adopted else None
            self.groups[group_name] = aws.cognito.UserGroup(
                f"{name}-{group_name}",
                name=group_name,
                user_pool_id=args.user_pool_id,
                precedence=group.precedence,
                description=group.description,
                role_arn=role_arn,
                opts=keep(self, args.throwaway, import_id),
            )
        self.register_outputs({})
