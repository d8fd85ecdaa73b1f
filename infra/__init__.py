"""authstack's Pulumi components, for the authstack program and for your own::

    from authstack.infra import AuthStack, AuthStackArgs

    auth = AuthStack("auth", AuthStackArgs(user_pool={"email": {"sesSourceArn": identity.arn}}))
    auth.user_pool_id, auth.client_ids["web"], auth.issuer_url, auth.client_config

`AuthStack` composes one component per concern; each is usable on its own with its args (`UserPool` and
`UserPoolArgs`, ...). Names load on first use: importing this package costs nothing until a component is needed.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Public name → module that defines it.
_EXPORTS = {
    "AuthStack": "stack",
    "AuthStackArgs": "args",
    "UserPool": "user_pool",
    "UserPoolArgs": "user_pool",
    "AppClients": "clients",
    "AppClientsArgs": "clients",
    "IdentityProviders": "identity_providers",
    "IdentityProvidersArgs": "identity_providers",
    "ResourceServers": "resource_servers",
    "ResourceServersArgs": "resource_servers",
    "ThreatProtection": "threat_protection",
    "ThreatProtectionArgs": "threat_protection",
    "ActivityLogs": "activity_logs",
    "ActivityLogsArgs": "activity_logs",
    "IdentityPool": "identity_pool",
    "IdentityPoolArgs": "identity_pool",
    "Groups": "groups",
    "GroupsArgs": "groups",
    "TriggerFunction": "triggers",
    "TriggerArgs": "triggers",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from authstack.infra.activity_logs import ActivityLogs, ActivityLogsArgs
    from authstack.infra.args import AuthStackArgs
    from authstack.infra.clients import AppClients, AppClientsArgs
    from authstack.infra.groups import Groups, GroupsArgs
    from authstack.infra.identity_pool import IdentityPool, IdentityPoolArgs
    from authstack.infra.identity_providers import IdentityProviders, IdentityProvidersArgs
    from authstack.infra.resource_servers import ResourceServers, ResourceServersArgs
    from authstack.infra.stack import AuthStack
    from authstack.infra.threat_protection import ThreatProtection, ThreatProtectionArgs
    from authstack.infra.triggers import TriggerArgs, TriggerFunction
    from authstack.infra.user_pool import UserPool, UserPoolArgs
