"""Resource servers: the APIs whose custom scopes (``<identifier>/<scope>``) app clients may request."""
from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from authstack.infra.common import keep
from authstack.spec.facts import COMPONENT_RESOURCE_SERVERS
from authstack.spec.resource_servers import ResourceServer


@dataclass(frozen=True)
class ResourceServersArgs:
    user_pool_id: pulumi.Input[str]
    servers: dict[str, ResourceServer]
    """Spec key → resource server."""
    throwaway: bool


class ResourceServers(pulumi.ComponentResource):
    """One ``aws.cognito.ResourceServer`` per API, protected like the clients that name its scopes: deleting one
    makes every token request for its scopes fail (``invalid_scope``)."""

    def __init__(self, name: str, args: ResourceServersArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(COMPONENT_RESOURCE_SERVERS, name, None, opts)
        self.servers: dict[str, aws.cognito.ResourceServer] = {
            key: self._create(name, key, server, args) for key, server in sorted(args.servers.items())
        }
        self.register_outputs({})

    def _create(self, name: str, key: str, server: ResourceServer, args: ResourceServersArgs) -> aws.cognito.ResourceServer:
        return aws.cognito.ResourceServer(
            f"{name}-{key}",
            user_pool_id=args.user_pool_id,
            identifier=server.identifier,
            name=server.name or key,
            scopes=[{"scope_name": s, "scope_description": d} for s, d in server.scopes.items()] or None,
            opts=keep(self, args.throwaway),
        )
