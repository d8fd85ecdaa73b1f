"""The whole auth backend of one environment, composed from one component per concern.

Order matters only where AWS needs an ID: custom sender key → triggers → user pool (+ domain, threat protection, activity logs) → identity
providers and resource servers → app clients → identity pool → groups (their roles trust the identity pool) → trigger
permissions (they name the pool).
"""
from __future__ import annotations

from collections.abc import Mapping

import pulumi
import pulumi_aws as aws

from authstack.infra.activity_logs import ActivityLogs, ActivityLogsArgs
from authstack.infra.args import AuthStackArgs
from authstack.infra.clients import AppClients, AppClientsArgs
from authstack.infra.groups import Groups, GroupsArgs
from authstack.infra.identity_pool import IdentityPool, IdentityPoolArgs
from authstack.infra.identity_providers import IdentityProviders, IdentityProvidersArgs
from authstack.infra.outputs import client_config
from authstack.infra.resource_servers import ResourceServers, ResourceServersArgs
from authstack.infra.sender_key import SenderKey, SenderKeyArgs
from authstack.infra.threat_protection import ThreatProtection, ThreatProtectionArgs
from authstack.infra.triggers import TriggerArgs, TriggerFunction
from authstack.infra.user_pool import UserPool, UserPoolArgs
from authstack.spec.facts import COMPONENT_AUTH_STACK
from authstack.spec.load import Stack
from authstack.spec.sender_key import SENDERS, uses_senders


class AuthStack(pulumi.ComponentResource):
    """Everything `pulumi up` creates for one `Pulumi.<stack>.yaml`, or for the `AuthStackArgs` a program passes.

    The constructor validates the args first, with the rules and messages of `authstack validate`, and raises one
    `authstack.spec.errors.SpecError` listing every problem; values not known yet (Outputs) are left to the deployment.
    What other resources wire to is exposed here (`user_pool_id`, `client_ids`, `issuer_url`, `role_arns`,
    `client_config`, ...), so nothing outside re-derives a resource name.
    """

    def __init__(self, name: str, args: AuthStackArgs | None = None, opts: pulumi.ResourceOptions | None = None):
        stack, root = (args or AuthStackArgs()).resolve(f"AuthStack({name})")  # before anything is registered
        super().__init__(COMPONENT_AUTH_STACK, name, None, opts)
        self._name, self._stack, self._root = name, stack, root
        spec = stack.spec
        adopt = spec.adopt
        self._pool_import = adopt.user_pool_id if adopt else None

        has_pool = spec.user_pool is not None
        self.sender_key = self._create_sender_key() if has_pool else None
        self.triggers = self._create_triggers() if has_pool else {}
        # Grant first when the pool already exists: the pool update that names a function waits for its permission.
        live_arn = self._live_pool_arn() if self.triggers else None
        early = [g for t in self.triggers.values() for g in t.grant(live_arn)] if live_arn else []
        self.user_pool = self._create_user_pool(early) if has_pool else None
        self.threat_protection = self._create_threat_protection() if has_pool else None
        self.activity_logs = self._create_activity_logs() if has_pool else None
        self.identity_providers = self._create_identity_providers() if has_pool else None
        self.resource_servers = self._create_resource_servers() if has_pool else None
        self.clients = self._create_clients() if has_pool else None
        self.identity_pool = self._create_identity_pool()
        self.groups = self._create_groups() if has_pool else None
        if not live_arn:
            for trigger in self.triggers.values():
                trigger.grant(self.user_pool.arn)

        self.client_ids = {n: c.id for n, c in self.clients.clients.items()} if self.clients else {}
        self.client_config = client_config(
            stack,
            self.user_pool.id if self.user_pool else None,
            self.client_ids,
            self.identity_pool.id if self.identity_pool else None,
        )
        self.register_outputs({"clientConfig": self.client_config})

    # --- what other resources wire to ------------------------------------------------------------------------------

    @property
    def stack(self) -> Stack:
        """The validated spec this component was built from (with project, stack and region)."""
        return self._stack

    @property
    def user_pool_id(self) -> pulumi.Output[str] | None:
        """The user pool's ID; None without a user pool."""
        return self.user_pool.id if self.user_pool else None

    @property
    def user_pool_arn(self) -> pulumi.Output[str] | None:
        return self.user_pool.arn if self.user_pool else None

    @property
    def issuer_url(self) -> pulumi.Output[str] | None:
        """The pool's token issuer (``https://cognito-idp.<region>.amazonaws.com/<pool id>``), for JWT authorizers."""
        return pulumi.Output.concat("https://", self.user_pool.endpoint) if self.user_pool else None

    @property
    def app_clients(self) -> Mapping[str, aws.cognito.UserPoolClient]:
        """The app clients by their spec name (``web``, ...)."""
        return dict(self.clients.clients) if self.clients else {}

    @property
    def identity_pool_id(self) -> pulumi.Output[str] | None:
        return self.identity_pool.id if self.identity_pool else None

    @property
    def role_arns(self) -> Mapping[str, pulumi.Input[str]]:
        """The identity pool's roles by name (``authenticated``, ``unauthenticated``, named roles), adopted ones included."""
        return dict(self.identity_pool.role_arns) if self.identity_pool else {}

    @property
    def group_role_arns(self) -> Mapping[str, pulumi.Input[str]]:
        """The role of each group that has one, by group name (created or adopted)."""
        return dict(self.groups.role_arns) if self.groups else {}

    def _opts(self) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=self)

    def _kms_key_arn(self) -> pulumi.Input[str] | None:
        """The custom senders' key: the one a sender names (the spec refuses two different ones), else authstack's."""
        spec = self._stack.spec
        given = next((spec.triggers[n].kms_key_arn for n in SENDERS if n in spec.triggers and spec.triggers[n].kms_key_arn), None)
        if given is not None:
            return given
        return self.sender_key.arn if self.sender_key else None

    def _create_sender_key(self) -> SenderKey | None:
        spec = self._stack.spec
        if not uses_senders(spec) or any(spec.triggers[n].kms_key_arn for n in SENDERS if n in spec.triggers):
            return None
        return SenderKey(f"{self._name}-sender-key",
                         SenderKeyArgs(region=self._stack.region, throwaway=spec.throwaway, tags=spec.tags), self._opts())

    def _create_triggers(self) -> dict[str, TriggerFunction]:
        spec = self._stack.spec
        key = self._kms_key_arn()
        return {
            trigger: TriggerFunction(
                f"{self._name}-{trigger}",
                TriggerArgs(trigger, t, self._root, spec.tags, key if trigger in SENDERS else None), self._opts()
            )
            for trigger, t in sorted(spec.triggers.items())
        }

    def _live_pool_arn(self) -> str | None:
        """The ARN of this stack's user pool if it exists already, read without a dependency on the pool resource
        (invokes create no dependency edges): from the adopted ID, or by the pool's exact name. ``None`` when the pool
        is new in this run."""
        import pulumi_aws as aws

        spec = self._stack.spec
        if self._pool_import:
            account = aws.get_caller_identity().account_id
            return f"arn:aws:cognito-idp:{self._stack.region}:{account}:userpool/{self._pool_import}"
        name = spec.user_pool.name or self._stack.name
        found = aws.cognito.get_user_pools(name=name)
        arns = list(found.arns or [])
        if len(arns) > 1:
            raise RuntimeError(f"{len(arns)} user pools in {self._stack.region} are named {name!r}; set "
                               "authstack:userPool.name or authstack:adopt.userPoolId to say which one this stack owns")
        return arns[0] if arns else None

    def _create_user_pool(self, depends_on: list[pulumi.Resource]) -> UserPool:
        spec = self._stack.spec
        kms = self._kms_key_arn()
        return UserPool(
            f"{self._name}-pool",
            UserPoolArgs(
                pool_name=self._stack.name,
                spec=spec.user_pool,
                region=self._stack.region,
                throwaway=spec.throwaway,
                domain=spec.domain,
                trigger_arns={n: t.arn for n, t in self.triggers.items()},
                trigger_versions={n: t.version for n, t in spec.triggers.items() if t.version},
                kms_key_arn=kms,
                import_id=self._pool_import,
                domain_import_id=spec.adopt.domain if spec.adopt else None,
                tags=spec.tags,
                relying_party_id=spec.relying_party_id(self._stack.region),
                depends_on=depends_on,
                threat_mode=spec.threat_mode(),
            ),
            self._opts(),
        )

    def _create_threat_protection(self) -> ThreatProtection | None:
        up = self._stack.spec.user_pool
        if self._stack.spec.threat_mode() == "OFF":
            return None
        return ThreatProtection(
            f"{self._name}-threats",
            ThreatProtectionArgs(user_pool_id=self.user_pool.id, spec=up.threat_protection, email=up.email),
            self._opts(),
        )

    def _create_activity_logs(self) -> ActivityLogs | None:
        spec = self._stack.spec
        logs = spec.user_pool.activity_logs
        auth_events = logs.auth_events(self._stack.spec.threat_mode())
        if not (auth_events or logs.notification_errors):
            return None
        return ActivityLogs(
            f"{self._name}-logs",
            ActivityLogsArgs(user_pool_id=self.user_pool.id, user_pool_arn=self.user_pool.arn,
                             pool_name=spec.user_pool.name or self._stack.name, spec=logs, auth_events=auth_events,
                             region=self._stack.region, tags=spec.tags),
            self._opts(),
        )

    def _create_identity_providers(self) -> IdentityProviders:
        spec = self._stack.spec
        return IdentityProviders(
            f"{self._name}-idp",
            IdentityProvidersArgs(
                user_pool_id=self.user_pool.id,
                providers=dict(spec.identity_providers),
                throwaway=spec.throwaway,
                adopted=spec.adopt.adopted_providers() if spec.adopt else frozenset(),
                adopted_pool_id=self._pool_import,
            ),
            self._opts(),
        )

    def _create_resource_servers(self) -> ResourceServers | None:
        spec = self._stack.spec
        if not spec.resource_servers:
            return None
        return ResourceServers(
            f"{self._name}-api",
            ResourceServersArgs(user_pool_id=self.user_pool.id, servers=dict(spec.resource_servers),
                                throwaway=spec.throwaway),
            self._opts(),
        )

    def _create_clients(self) -> AppClients:
        spec = self._stack.spec
        imports = {}
        if spec.adopt and self._pool_import:
            imports = {n: f"{self._pool_import}/{cid}" for n, cid in spec.adopt.clients.items()}
        return AppClients(
            f"{self._name}-client",
            AppClientsArgs(
                user_pool_id=self.user_pool.id,
                clients=dict(spec.clients),
                name_prefix=self._stack.name,
                throwaway=spec.throwaway,
                depends_on=[*self.identity_providers.providers.values(),
                            *(self.resource_servers.servers.values() if self.resource_servers else ())],
                import_ids=imports,
                managed_login=bool(spec.domain and spec.domain.managed_login),
            ),
            self._opts(),
        )

    def _create_identity_pool(self) -> IdentityPool | None:
        spec = self._stack.spec
        if spec.identity_pool is None:
            return None
        registered = spec.identity_pool_clients()
        return IdentityPool(
            f"{self._name}-identity",
            IdentityPoolArgs(
                pool_name=self._stack.name,
                spec=spec.identity_pool,
                throwaway=spec.throwaway,
                user_pool_endpoint=self.user_pool.endpoint if self.user_pool else None,
                client_ids={n: self.clients.clients[n].id for n in registered},
                import_id=spec.adopt.identity_pool_id if spec.adopt else None,
                tags=spec.tags,
            ),
            self._opts(),
        )

    def _create_groups(self) -> Groups | None:
        spec = self._stack.spec
        if not spec.user_pool.groups:
            return None
        return Groups(
            f"{self._name}-groups",
            GroupsArgs(
                user_pool_id=self.user_pool.id,
                groups=dict(spec.user_pool.groups),
                identity_pool_id=self.identity_pool.id if self.identity_pool else None,
                throwaway=spec.throwaway,
                adopted_pool_id=self._pool_import,
                adopted=spec.adopt.adopted_groups() if spec.adopt else frozenset(),
            ),
            self._opts(),
        )


def export(auth: AuthStack) -> None:
    """Stack outputs: `clientConfig` for `authstack config`, and a few plain IDs for people and scripts."""
    pulumi.export("clientConfig", auth.client_config)
    if auth.user_pool is not None:
        pulumi.export("userPoolId", auth.user_pool.id)
        pulumi.export("userPoolArn", auth.user_pool.arn)
        pulumi.export("clientIds", auth.client_ids)
        if auth.user_pool.alias_target is not None:
            # Where the custom domain's DNS must point: an alias A record to this CloudFront distribution.
            pulumi.export("hostedUiAliasTarget", auth.user_pool.alias_target)
    if auth.identity_pool is not None:
        pulumi.export("identityPoolId", auth.identity_pool.id)
